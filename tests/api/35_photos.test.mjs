// Photos (SPEC §11): raw uploads checked by magic bytes and size, stored by
// content hash so a reused photo is detectable; campus plans reuse them.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { world, assertError, BASE } from './lib.mjs';

let w;
before(async () => { w = await world(); });

const png = (extra = randomBytes(16)) => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...extra]);
const jpeg = (extra = randomBytes(16)) => new Uint8Array([0xff, 0xd8, 0xff, 0xe0, ...extra]);
const webp = () => new Uint8Array([...Buffer.from('RIFF'), 4, 0, 0, 0, ...Buffer.from('WEBP'), ...randomBytes(8)]);
const up = (c, schoolId, bytes, type) => c.req('POST', `/api/v1/photos?school_id=${schoolId}`, bytes, { 'Content-Type': type });
const sha = (b) => createHash('sha256').update(b).digest('hex');

async function rawGet(client, path) {
  const res = await fetch(BASE + path, { headers: { Authorization: `Bearer ${client.token}` } });
  return { status: res.status, type: res.headers.get('content-type'), bytes: new Uint8Array(await res.arrayBuffer()) };
}

test('upload, content address, reuse in the same school and elsewhere', async () => {
  const [s1, s2] = w.schools;
  const b = png();
  const r = await up(s1.staff1.client, s1.org.id, b, 'image/png');
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.sha256, sha(b));
  assert.equal(r.body.mime, 'image/png');
  assert.equal(r.body.size, b.length);
  assert.equal(r.body.reused, false);
  assert.equal(r.body.other_orgs, 0);
  assert.equal(r.body.org_id, s1.org.id);

  const again = await up(s1.staff2.client, s1.org.id, b, 'image/png');
  assert.equal(again.status, 200, again.text);
  assert.equal(again.body.id, r.body.id);
  assert.equal(again.body.reused, true);

  const other = await up(s2.staff1.client, s2.org.id, b, 'image/png');
  assert.equal(other.status, 201, other.text);
  assert.notEqual(other.body.id, r.body.id);
  assert.equal(other.body.other_orgs, 1, 'the same bytes in another school are flagged');

  const got = await rawGet(s1.officer.client, `/api/v1/photos/${r.body.id}`);
  assert.equal(got.status, 200);
  assert.equal(got.type, 'image/png');
  assert.deepEqual([...got.bytes], [...b]);
  const meta = await s1.officer.client.get(`/api/v1/photos/${r.body.id}/meta`);
  assert.equal(meta.body.other_orgs, 1);
  assertError(await s2.staff1.client.get(`/api/v1/photos/${r.body.id}`), 404, 'id');
  assertError(await w.countyAdminB.client.get(`/api/v1/photos/${r.body.id}`), 404, 'id');
  assert.equal((await rawGet(w.countyAdminA.client, `/api/v1/photos/${r.body.id}`)).status, 200);

  for (const [bytes, type] of [[jpeg(), 'image/jpeg'], [webp(), 'image/webp'], [jpeg(), 'image/jpg']]) {
    const x = await up(s1.staff1.client, s1.org.id, bytes, type);
    assert.equal(x.status, 201, x.text);
    const g = await rawGet(s1.staff1.client, `/api/v1/photos/${x.body.id}`);
    assert.equal(g.type, type === 'image/jpg' ? 'image/jpeg' : type);
  }
  const audit = await w.admin.get(`/api/v1/audit?entity=photo&entity_id=${r.body.id}`);
  assert.equal(audit.body.items.length, 1);
});

test('concurrent uploads of the same bytes end in one photo', async () => {
  const s1 = w.schools[0];
  const b = png();
  const rs = await Promise.all(Array.from({ length: 8 }, (_, i) => up(i % 2 ? s1.staff1.client : s1.officer.client, s1.org.id, b, 'image/png')));
  for (const r of rs) assert.ok(r.status === 200 || r.status === 201, r.text);
  assert.equal(new Set(rs.map((r) => r.body.id)).size, 1);
  assert.equal(rs.filter((r) => r.status === 201).length, 1);
  assert.equal(rs.filter((r) => r.body.reused).length, 7);
});

test('bad uploads are refused and write nothing', async () => {
  const [s1, s2] = w.schools;
  const c = s1.staff1.client;
  const before = (await w.admin.get('/api/v1/audit?entity=photo&per_page=1')).body.total;
  assertError(await up(c, s1.org.id, jpeg(), 'image/png'), 422, 'body', 'bad_image');
  assertError(await up(c, s1.org.id, new Uint8Array(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')), 'image/png'), 422, 'body');
  assertError(await up(c, s1.org.id, new Uint8Array(Buffer.from('{}')), 'application/json'), 415, 'Content-Type');
  assertError(await up(c, s1.org.id, png(), 'application/octet-stream'), 415, 'Content-Type');
  assertError(await up(c, s1.org.id, new Uint8Array(Buffer.from('<svg/>')), 'image/svg+xml'), 415, 'Content-Type');
  assertError(await c.req('POST', `/api/v1/photos?school_id=${s1.org.id}`, new Uint8Array(0), { 'Content-Type': 'image/png' }), 422, 'body');
  assertError(await up(c, s2.org.id, png(), 'image/png'), 404, 'school_id');
  assertError(await c.req('POST', '/api/v1/photos', png(), { 'Content-Type': 'image/png' }), 422, 'school_id');
  assertError(await up(w.countyAdminA.client, w.countyA.id, png(), 'image/png'), 422, 'school_id');
  const big = new Uint8Array(5 * 1024 * 1024 + 10);
  big.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assertError(await up(c, s1.org.id, big, 'image/png'), 413);
  const after = (await w.admin.get('/api/v1/audit?entity=photo&per_page=1')).body.total;
  assert.equal(after, before);
  // just under the limit is fine
  const ok = new Uint8Array(5 * 1024 * 1024 - 100);
  ok.set([0xff, 0xd8, 0xff, 0xe1]);
  ok.set(randomBytes(32), 100);
  const r = await up(s1.officer.client, s1.org.id, ok, 'image/jpeg');
  assert.equal(r.status, 201, r.text);
  const g = await rawGet(s1.officer.client, `/api/v1/photos/${r.body.id}`);
  assert.equal(g.bytes.length, ok.length);
  assert.equal(sha(g.bytes), sha(ok));
});

test('campus plan: uploaded image on the school, shown on the risk map', async () => {
  const [s1, s2] = w.schools;
  const o = s1.officer.client;
  assertError(await o.get(`/api/v1/orgs/${s1.org.id}/campus-plan`), 404, 'campus_plan');
  const b = png();
  const r = await o.req('POST', `/api/v1/orgs/${s1.org.id}/campus-plan`, b, { 'Content-Type': 'image/png' });
  assert.equal(r.status, 201, r.text);
  assert.ok(r.body.photo_id);
  const g = await s1.staff1.client.get(`/api/v1/orgs/${s1.org.id}/campus-plan`);
  assert.equal(g.body.photo_id, r.body.photo_id);
  const img = await rawGet(s1.staff1.client, `/api/v1/photos/${r.body.photo_id}`);
  assert.deepEqual([...img.bytes], [...b]);
  const map = await s1.staff1.client.get('/api/v1/risk-map');
  assert.equal(map.body.plan_photo_id, r.body.photo_id);
  // a newer plan replaces it
  const r2 = await o.req('POST', `/api/v1/orgs/${s1.org.id}/campus-plan`, jpeg(), { 'Content-Type': 'image/jpeg' });
  assert.equal(r2.status, 201, r2.text);
  assert.equal((await s1.staff1.client.get('/api/v1/risk-map')).body.plan_photo_id, r2.body.photo_id);
  assertError(await o.req('POST', `/api/v1/orgs/${s2.org.id}/campus-plan`, png(), { 'Content-Type': 'image/png' }), 404, 'id');
  assertError(await s1.staff1.client.req('POST', `/api/v1/orgs/${s1.org.id}/campus-plan`, png(), { 'Content-Type': 'image/png' }), 403);
  // one change per plan: an audit row each; a refused upload (bytes not
  // the declared type) leaves neither a plan nor a row
  const plans = async () => (await w.admin.get(`/api/v1/audit?entity=campus_plan&entity_id=${s1.org.id}`)).body;
  const p0 = await plans();
  assert.equal(p0.total, 2);
  assert.equal(p0.items[0].after.photo_id, r2.body.photo_id);
  assert.match(p0.items[0].after.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
  assertError(await o.req('POST', `/api/v1/orgs/${s1.org.id}/campus-plan`, jpeg(), { 'Content-Type': 'image/png' }), 422, 'body');
  assert.equal((await plans()).total, 2);
  assert.equal((await s1.staff1.client.get(`/api/v1/orgs/${s1.org.id}/campus-plan`)).body.photo_id, r2.body.photo_id);
  assertError(await w.countyAdminA.client.req('POST', `/api/v1/orgs/${w.countyA.id}/campus-plan`, png(), { 'Content-Type': 'image/png' }), 422, 'id');
  assertError(await s2.staff1.client.get(`/api/v1/orgs/${s1.org.id}/campus-plan`), 404, 'id');
});
