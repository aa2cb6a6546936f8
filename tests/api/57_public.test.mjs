// Public disclosure page, anonymous tip-offs (举报) with tracking codes, the
// bureau's screening, rewards, and the abuse limits. Signed-out requests go
// out from a random loopback address (127.x.y.z) per scenario so the per-IP
// limits of one scenario do not spend another's budget.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { world, assertError, BASE } from './lib.mjs';
import { act, ok, report } from './hazard_lib.mjs';
import { dbInt, dbText } from './report_lib.mjs';

const randIp = () => `127.${1 + Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`;

// A signed-out client whose requests come from the loopback address ip.
function anonFrom(ip = randIp()) {
  const u = new URL(BASE);
  const req = (method, path, body, headers = {}) => new Promise((resolve, reject) => {
    const h = { ...headers };
    let payload = body;
    if (body !== undefined && !(body instanceof Uint8Array) && typeof body !== 'string') {
      payload = JSON.stringify(body);
      h['Content-Type'] = 'application/json';
    }
    if (payload !== undefined) h['Content-Length'] = Buffer.byteLength(payload);
    const rq = http.request({ host: u.hostname, port: u.port, path, method, headers: h, localAddress: ip }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json = null;
        try { json = text ? JSON.parse(text) : null; } catch { json = null; }
        resolve({ status: res.statusCode, body: json, text, headers: { get: (k) => res.headers[k.toLowerCase()] } });
      });
    });
    rq.on('error', reject);
    if (payload !== undefined) rq.write(payload);
    rq.end();
  });
  return { ip, req, get: (p) => req('GET', p), post: (p, b) => req('POST', p, b === undefined ? {} : b) };
}

const png = () => {
  const b = new Uint8Array(120);
  b.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  b.set(randomBytes(112), 8);
  return b;
};

async function upload(pub, schoolId, bytes = png(), type = 'image/png') {
  return pub.req('POST', `/api/v1/public/photos?school_id=${schoolId}`, bytes, { 'Content-Type': type });
}

async function file(pub, w, s, extra = {}) {
  const r = await pub.post('/api/v1/public/tipoffs', {
    county: w.countyA.code, school_id: s.org.id, category: 'fire',
    description: '学校后门消防通道被杂物堵死，晚上没有照明', location: '后门', ...extra,
  });
  assert.equal(r.status, 201, `tip-off: ${r.text}`);
  assert.match(r.body.code, /^[0-9A-HJKMNP-TV-Z]{12}$/);
  return r.body.code;
}

let w;
test('setup: a city with two counties', async () => { w = await world(); });

test('the public county page lists major hazards only, with no personal data', async () => {
  const [s1, s2] = w.schools;
  const pub = anonFrom();
  const major = await report(s1.officer.client, s1.org.id, {
    title: '教学楼C级危房未加固', category: 'building', grade: 'major',
    description: '内部说明：王老师发现，电话13800000000', location: '三号教学楼',
  });
  await report(s2.officer.client, s2.org.id, { title: '灭火器过期', category: 'fire', grade: 'general' });
  const r = await pub.get(`/api/v1/public/counties/${w.countyA.code}`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.county.name, w.countyA.name);
  assert.deepEqual(r.body.schools.map((s) => s.id).sort(), [s1.org.id, s2.org.id].sort());
  assert.equal(r.body.hazards.length, 1, 'only the major hazard');
  const h = r.body.hazards[0];
  assert.equal(h.id, major.id);
  assert.equal(h.school_name, s1.org.name);
  assert.equal(h.title, '教学楼C级危房未加固');
  assert.equal(h.status_text, '已上报，待交办');
  assert.ok(r.body.categories.some((c) => c.code === 'fire'));
  assert.equal(r.body.summary.open, 1);
  // nothing internal or personal leaks
  for (const k of ['description', 'reporter_id', 'rectifier_id', 'photos', 'location', 'org_path', 'five_responsible'])
    assert.ok(!(k in h), `no ${k}`);
  assert.ok(!r.text.includes('13800000000') && !r.text.includes('王老师'), 'no internal notes');
  assert.ok(!r.text.includes(s1.officer.username) && !r.text.includes(s1.officer.name), 'no user names');
  assert.ok(!('path' in r.body.county));
  // county B's page does not show county A's hazard
  const b = await pub.get(`/api/v1/public/counties/${w.countyB.code}`);
  assert.equal(b.status, 200);
  assert.equal(b.body.hazards.length, 0);
  // only counties have pages
  assertError(await pub.get(`/api/v1/public/counties/${w.city.code}`), 404);
  assertError(await pub.get(`/api/v1/public/counties/${s1.org.code}`), 404);
  assertError(await pub.get('/api/v1/public/counties/000000'), 404);
  assertError(await pub.get('/api/v1/public/counties/abc'), 404);
});

test('a tip-off with a photo is screened, becomes a hazard and the tracking follows it', async () => {
  const [s1] = w.schools;
  const pub = anonFrom();
  const ph = await upload(pub, s1.org.id);
  assert.equal(ph.status, 201, ph.text);
  assert.ok(ph.body.token && !('id' in ph.body), 'a token, not a photo id');
  const code = await file(pub, w, s1, { photos: [ph.body.token], contact: '139-0000-1111' });

  let t = await pub.get(`/api/v1/public/tipoffs/${code}`);
  assert.equal(t.status, 200, t.text);
  assert.equal(t.body.status, 'received');
  assert.equal(t.body.status_text, '已收到，待受理');
  assert.equal(t.body.school_name, s1.org.name);
  assert.equal(t.body.rewarded, false);
  for (const k of ['contact', 'description', 'photo_ids', 'id', 'ip_hash']) assert.ok(!(k in t.body), `no ${k}`);
  // codes are case- and dash-insensitive
  const dashed = `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`.toLowerCase();
  assert.equal((await pub.get(`/api/v1/public/tipoffs/${dashed}`)).status, 200);
  assertError(await pub.get('/api/v1/public/tipoffs/0000000000AB'), 404, 'code');
  assertError(await pub.get('/api/v1/public/tipoffs/%3Cscript%3E'), 404, 'code');

  // the county bureau sees it with the contact; the school does not see the contact
  const adm = w.countyAdminA.client;
  const list = await adm.get('/api/v1/tipoffs?status=received');
  assert.equal(list.status, 200);
  const item = list.body.items.find((x) => x.code === code);
  assert.ok(item, 'listed');
  assert.equal(item.contact, '139-0000-1111');
  assert.equal(item.photo_ids.length, 1);
  const pr = await s1.principal.client.get(`/api/v1/tipoffs/${item.id}`);
  assert.equal(pr.status, 200);
  assert.ok(!('contact' in pr.body), 'the school never sees who reported');
  // other subtree 404, wrong role 403
  assertError(await w.countyAdminB.client.get(`/api/v1/tipoffs/${item.id}`), 404);
  assertError(await w.countyAdminB.client.post(`/api/v1/tipoffs/${item.id}/accept`, { grade: 'general' }), 404);
  assertError(await s1.principal.client.post(`/api/v1/tipoffs/${item.id}/accept`, { grade: 'general' }), 403);
  assertError(await s1.staff1.client.get('/api/v1/tipoffs'), 403);
  assert.ok(!(await w.countyAdminB.client.get('/api/v1/tipoffs')).body.items.some((x) => x.code === code));
  // a reward needs an accepted tip-off
  assertError(await adm.post(`/api/v1/tipoffs/${item.id}/reward`, { amount: 200, date: '2026-11-20' }), 422, 'status');
  assertError(await adm.post(`/api/v1/tipoffs/${item.id}/accept`, { grade: 'huge' }), 422, 'grade');

  // accept: a hazard of the school, source whistle, reporter the system
  const acc = await adm.post(`/api/v1/tipoffs/${item.id}/accept`, { grade: 'general', reply: '已转学校整改' });
  assert.equal(acc.status, 200, acc.text);
  assert.equal(acc.body.status, 'accepted');
  assert.ok(acc.body.hazard_id);
  assertError(await adm.post(`/api/v1/tipoffs/${item.id}/accept`, { grade: 'general' }), 409, 'status');
  assertError(await adm.post(`/api/v1/tipoffs/${item.id}/reject`, { reason: '重复举报' }), 409, 'status');
  const hz = await s1.officer.client.get(`/api/v1/hazards/${acc.body.hazard_id}`);
  assert.equal(hz.status, 200);
  assert.equal(hz.body.source, 'whistle');
  assert.equal(hz.body.state, 'reported');
  assert.equal(hz.body.org_id, s1.org.id);
  assert.ok(!hz.body.reporter_id, 'no user is the reporter');
  assert.equal(hz.body.photos.length, 1, 'the photo went with it');
  assert.match(hz.body.description, /消防通道/);

  t = await pub.get(`/api/v1/public/tipoffs/${code}`);
  assert.equal(t.body.status, 'accepted');
  assert.equal(t.body.status_text, '已受理：已上报，待交办');
  assert.deepEqual(t.body.replies.map((x) => x.body), ['已转学校整改']);

  // the school works the hazard; the tracking page follows
  await ok(s1.officer.client, acc.body.hazard_id, 'assign', { rectifier_id: s1.staff2.id });
  t = await pub.get(`/api/v1/public/tipoffs/${code}`);
  assert.equal(t.body.status_text, '已受理：已交办学校');
  await ok(s1.staff2.client, acc.body.hazard_id, 'start');
  t = await pub.get(`/api/v1/public/tipoffs/${code}`);
  assert.equal(t.body.hazard_state, 'rectifying');
  assert.equal(t.body.status_text, '已受理：整改中');

  // reward
  assertError(await adm.post(`/api/v1/tipoffs/${item.id}/reward`, { amount: 0, date: '2026-11-20' }), 422, 'amount');
  assertError(await adm.post(`/api/v1/tipoffs/${item.id}/reward`, { amount: 200, date: '20/11/2026' }), 422, 'date');
  const rw = await adm.post(`/api/v1/tipoffs/${item.id}/reward`, { amount: 200, date: '2026-11-20', note: '查实奖励' });
  assert.equal(rw.status, 200, rw.text);
  assert.equal(rw.body.reward_amount, 200);
  assert.equal(rw.body.rewarded, true);
  t = await pub.get(`/api/v1/public/tipoffs/${code}`);
  assert.equal(t.body.rewarded, true);
  assert.ok(!('reward_amount' in t.body));

  // every change audited
  const audit = await w.admin.get(`/api/v1/audit?org_id=${s1.org.id}`);
  const acts = audit.body.items.filter((a) => a.entity === 'tipoff' && a.entity_id === item.id).map((a) => a.action);
  for (const a of ['create', 'accept', 'reward']) assert.ok(acts.includes(a), `audit ${a}: ${acts}`);
});

test('a rejected tip-off shows the reason; replies are public', async () => {
  const [, s2] = w.schools;
  const pub = anonFrom();
  const code = await file(pub, w, s2, { category: 'food', description: '食堂的饭菜有异味，已经好几天了' });
  const adm = w.countyAdminA.client;
  const id = (await adm.get('/api/v1/tipoffs')).body.items.find((x) => x.code === code).id;
  assertError(await adm.post(`/api/v1/tipoffs/${id}/reject`, {}), 422, 'reason');
  const rj = await adm.post(`/api/v1/tipoffs/${id}/reject`, { reason: '经核查，食堂留样检测合格' });
  assert.equal(rj.status, 200, rj.text);
  assert.equal(rj.body.hazard_id, null);
  assert.equal((await adm.post(`/api/v1/tipoffs/${id}/replies`, { body: '感谢监督' })).status, 200);
  const t = await pub.get(`/api/v1/public/tipoffs/${code}`);
  assert.equal(t.body.status, 'rejected');
  assert.equal(t.body.status_text, '不予受理');
  assert.equal(t.body.reason, '经核查，食堂留样检测合格');
  assert.deepEqual(t.body.replies.map((x) => x.body), ['感谢监督']);
  assertError(await adm.post(`/api/v1/tipoffs/${id}/reward`, { amount: 50, date: '2026-11-20' }), 422, 'status');
});

test('bad tip-offs and photos are refused and write nothing', async () => {
  const [s1, , s3] = w.schools;
  const pub = anonFrom();
  const base = { county: w.countyA.code, school_id: s1.org.id, category: 'fire', description: '消防通道被堵塞了' };
  const before = (await w.countyAdminA.client.get('/api/v1/tipoffs')).body.total;
  assertError(await pub.post('/api/v1/public/tipoffs', { ...base, description: undefined }), 422, 'description');
  assertError(await pub.post('/api/v1/public/tipoffs', { ...base, description: '      ' }), 422, 'description');
  assertError(await pub.post('/api/v1/public/tipoffs', { ...base, description: 'x'.repeat(2001) }), 422, 'description');
  assertError(await pub.post('/api/v1/public/tipoffs', { ...base, school_id: s3.org.id }), 422, 'school_id');
  assertError(await pub.post('/api/v1/public/tipoffs', { ...base, school_id: w.countyA.id }), 422, 'school_id');
  assertError(await pub.post('/api/v1/public/tipoffs', { ...base, county: '999999' }), 422, 'county');
  assertError(await pub.post('/api/v1/public/tipoffs', { ...base, category: 'aliens' }), 422, 'category');
  assertError(await pub.post('/api/v1/public/tipoffs', { ...base, photos: ['a', 'b', 'c', 'd'] }), 422, 'photos');
  assertError(await pub.post('/api/v1/public/tipoffs', { ...base, photos: ['NOTATOKEN'] }), 422, 'photos');
  assertError(await pub.post('/api/v1/public/tipoffs', { ...base, admin: true }), 400, 'admin');
  // a token is for one tip-off of one school
  const tok = (await upload(pub, s1.org.id)).body.token;
  assertError(await pub.post('/api/v1/public/tipoffs', { ...base, county: w.countyB.code, school_id: s3.org.id, photos: [tok] }), 422, 'photos');
  await file(pub, w, s1, { photos: [tok] });
  assertError(await pub.post('/api/v1/public/tipoffs', { ...base, photos: [tok] }), 422, 'photos');
  // photos: the same checks as signed-in uploads
  assertError(await upload(pub, s1.org.id, png(), 'image/jpeg'), 422, 'body', 'bad_image');
  assertError(await upload(pub, s1.org.id, new TextEncoder().encode('GIF89a'), 'image/gif'), 415);
  assertError(await upload(pub, w.countyA.id), 422, 'school_id');
  assertError(await upload(pub, 0), 400, 'school_id');
  assertError(await pub.req('POST', '/api/v1/public/photos', png(), { 'Content-Type': 'image/png' }), 422, 'school_id');
  assertError(await pub.req('POST', '/api/v1/public/tipoffs', 'x'.repeat(20000), { 'Content-Type': 'application/json' }), 413);
  const after = (await w.countyAdminA.client.get('/api/v1/tipoffs')).body.total;
  assert.equal(after, before + 1, 'only the one good tip-off was written');
});

test('a review from another county, or refused inside the change, writes nothing; a decision exactly its audit row', async () => {
  const [s1] = w.schools;
  const pub = anonFrom();
  const code = await file(pub, w, s1, { description: '教学楼楼梯扶手松动，学生上下楼有危险' });
  const adm = w.countyAdminA.client, other = w.countyAdminB.client;
  const id = (await adm.get('/api/v1/tipoffs')).body.items.find((x) => x.code === code).id;
  const audits = () => dbInt(`SELECT COUNT(*) FROM audit WHERE entity = 'tipoff' AND entity_id = ${id}`);
  const hazards = () => dbInt(`SELECT COUNT(*) FROM hazards WHERE org_id = ${s1.org.id}`);
  const replies = () => dbInt(`SELECT COUNT(*) FROM tipoff_replies WHERE tipoff_id = ${id}`);
  assert.equal(audits(), 1, 'its creation');
  const h0 = hazards();
  // the bureau of another county: not its tip-off
  for (const [p, b] of [['accept', { grade: 'general' }], ['reject', { reason: '经核查不属实' }], ['replies', { body: '已收到' }], ['reward', { amount: 50, date: '2026-11-20' }]]) {
    const r = await other.post(`/api/v1/tipoffs/${id}/${p}`, b);
    assert.ok(r.status === 403 || r.status === 404, `${p}: ${r.status} ${r.text}`);
  }
  // refused inside the change: a reward before it was accepted
  assertError(await adm.post(`/api/v1/tipoffs/${id}/reward`, { amount: 50, date: '2026-11-20' }), 422, 'status');
  assert.equal(dbText(`SELECT status FROM tipoffs WHERE id = ${id}`), 'received');
  assert.equal(dbInt(`SELECT COUNT(*) FROM tipoffs WHERE id = ${id} AND reward_amount IS NOT NULL`), 0);
  assert.equal(replies(), 0);
  assert.equal(audits(), 1);
  assert.equal(hazards(), h0);
  // accepted with a reply: one audit row, one hazard, one reply
  const ac = await adm.post(`/api/v1/tipoffs/${id}/accept`, { grade: 'general', reply: '已受理，转学校整改' });
  assert.equal(ac.status, 200, ac.text);
  assert.equal(audits(), 2);
  assert.equal(hazards(), h0 + 1);
  assert.equal(replies(), 1);
  const a = await w.admin.get(`/api/v1/audit?entity=tipoff&entity_id=${id}`);
  assert.deepEqual(a.body.items.map((x) => x.action).sort(), ['accept', 'create']);
  // decided twice: refused (the second inside the change), nothing more written
  assertError(await adm.post(`/api/v1/tipoffs/${id}/reject`, { reason: '重复处理一次' }), 409, 'status');
  assertError(await adm.post(`/api/v1/tipoffs/${id}/accept`, { grade: 'general' }), 409, 'status');
  assert.equal(audits(), 2);
  assert.equal(hazards(), h0 + 1);
  assert.equal(replies(), 1);
  assert.equal(dbText(`SELECT status FROM tipoffs WHERE id = ${id}`), 'accepted');
});

test('tip-offs and tracking lookups are rate-limited per client address', async () => {
  const [s1] = w.schools;
  const pub = anonFrom();
  for (let i = 0; i < 5; i++) await file(pub, w, s1, { description: `第${i}次举报：操场围墙有裂缝` });
  const r = await pub.post('/api/v1/public/tipoffs', { county: w.countyA.code, school_id: s1.org.id, category: 'fire', description: '第六次举报内容' });
  assertError(r, 429, undefined, 'rate_limited');
  assert.ok(Number(r.headers.get('Retry-After')) > 0, 'Retry-After');
  // another address is not affected
  await file(anonFrom(), w, s1);
  // lookups: 30 an hour, bad codes included
  const look = anonFrom();
  for (let i = 0; i < 30; i++) assert.equal((await look.get('/api/v1/public/tipoffs/ZZZZZZZZZZZZ')).status, 404);
  const l = await look.get('/api/v1/public/tipoffs/ZZZZZZZZZZZZ');
  assertError(l, 429, undefined, 'rate_limited');
  assert.ok(Number(l.headers.get('Retry-After')) > 0);
});
