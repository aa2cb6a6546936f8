// Emergency plans (versioned) and drills (SPEC §7): records with photos and
// evacuation times, and frequency compliance per school and region —
// primary and secondary schools monthly (every month unless the bureau's
// counted months leave some out),
// kindergartens quarterly.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { world, assertError, mkOrg, mkUser } from './lib.mjs';

let w, kg;
const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
const year = +today.slice(0, 4), month = +today.slice(5, 7);
const pad = (n) => String(n).padStart(2, '0');
const addDays = (d, n) => new Date(Date.parse(d + 'T00:00:00Z') + n * 864e5).toISOString().slice(0, 10);
const png = () => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...randomBytes(16)]);
const upload = async (c, schoolId) => (await c.req('POST', `/api/v1/photos?school_id=${schoolId}`, png(), { 'Content-Type': 'image/png' })).body.id;

before(async () => {
  w = await world();
  const org = await mkOrg(w.admin, w.countyA.id, 'school', '幼儿园', { school_type: 'kindergarten', classes: 6 });
  kg = { org, officer: await mkUser(w.admin, org.id, 'safety_officer') };
});

const drill = (schoolId, extra = {}) => ({
  school_id: schoolId, theme: 'fire', date: today, participants: 820, duration_min: 25,
  evacuation_seconds: 95, rating: 'good', evaluation: '疏散有序，个别班级楼梯口拥挤', ...extra,
});

test('emergency plans are versioned', async () => {
  const [s1, s2] = w.schools;
  const c = s1.officer.client;
  const r = await c.post('/api/v1/emergency-plans', {
    school_id: s1.org.id, title: '学校火灾事故应急预案', kind: 'special', theme: 'fire',
    content: '一、总则……二、组织机构……', effective_date: '2026-03-01',
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.current_version, 1);
  assert.equal(r.body.effective_date, '2026-03-01');
  const v2 = await c.post(`/api/v1/emergency-plans/${r.body.id}/versions`, { content: '修订后的预案全文', note: '根据演练评估调整疏散路线' });
  assert.equal(v2.status, 201, v2.text);
  assert.equal(v2.body.current_version, 2);
  assert.equal(v2.body.content, '修订后的预案全文');
  assert.equal(v2.body.effective_date, today);
  assert.deepEqual(v2.body.versions.map((v) => v.version), [2, 1]);
  assert.equal(v2.body.versions[0].note, '根据演练评估调整疏散路线');

  const got = await w.countyAdminA.client.get(`/api/v1/emergency-plans/${r.body.id}`);
  assert.equal(got.status, 200);
  assert.equal(got.body.current_version, 2);
  assertError(await s2.officer.client.get(`/api/v1/emergency-plans/${r.body.id}`), 404, 'id');
  assertError(await s2.officer.client.post(`/api/v1/emergency-plans/${r.body.id}/versions`, { content: 'x', note: 'y' }), 404);
  assertError(await s1.staff1.client.post(`/api/v1/emergency-plans/${r.body.id}/versions`, { content: 'x', note: 'y' }), 403);
  assertError(await c.post(`/api/v1/emergency-plans/${r.body.id}/versions`, { content: 'x' }), 422, 'note');
  assertError(await c.post('/api/v1/emergency-plans', { school_id: s1.org.id, title: 't', kind: 'huge', theme: 'fire', content: 'x' }), 422, 'kind');
  assertError(await c.post('/api/v1/emergency-plans', { school_id: s1.org.id, title: 't', kind: 'overall', theme: 'fire', content: '' }), 422, 'content');
  const list = await c.get('/api/v1/emergency-plans');
  assert.equal(list.body.total, 1);
  assert.equal((await s1.staff1.client.get('/api/v1/emergency-plans')).status, 200);
  const audit = await w.admin.get(`/api/v1/audit?entity=emergency_plan&entity_id=${r.body.id}`);
  assert.deepEqual(audit.body.items.map((a) => a.action).sort(), ['create', 'revise']);
});

test('drills: record with plan and photos, slow evacuation flagged; refusals', async () => {
  const [s1, s2] = w.schools;
  const c = s1.officer.client;
  const plan = (await c.get('/api/v1/emergency-plans')).body.items[0];
  const photo = await upload(s1.staff1.client, s1.org.id);
  const r = await c.post('/api/v1/drills', drill(s1.org.id, { plan_id: plan.id, photo_ids: [photo], evacuation_seconds: 150 }));
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.body.photo_ids, [photo]);
  assert.equal(r.body.plan_id, plan.id);
  assert.equal(r.body.evacuation_slow, true);
  const ok = await c.post('/api/v1/drills', drill(s1.org.id, { theme: 'earthquake', evacuation_seconds: 110 }));
  assert.equal(ok.body.evacuation_slow, false);
  const got = await w.countyAdminA.client.get(`/api/v1/drills/${r.body.id}`);
  assert.equal(got.status, 200);
  assert.equal(got.body.participants, 820);
  assertError(await s2.officer.client.get(`/api/v1/drills/${r.body.id}`), 404, 'id');

  const n0 = (await c.get(`/api/v1/drills?org=${s1.org.id}`)).body.total;
  const otherPhoto = await upload(s2.staff1.client, s2.org.id);
  assertError(await c.post('/api/v1/drills', drill(s1.org.id, { photo_ids: [otherPhoto] })), 422, 'photo_ids[0]');
  assertError(await c.post('/api/v1/drills', drill(s1.org.id, { photo_ids: ['x'] })), 400, 'photo_ids[0]');
  const otherPlan = await s2.officer.client.post('/api/v1/emergency-plans', { school_id: s2.org.id, title: '地震应急预案', kind: 'special', theme: 'earthquake', content: '全文' });
  assertError(await c.post('/api/v1/drills', drill(s1.org.id, { plan_id: otherPlan.body.id })), 422, 'plan_id');
  assertError(await c.post('/api/v1/drills', drill(s1.org.id, { date: addDays(today, 1) })), 422, 'date');
  assertError(await c.post('/api/v1/drills', drill(s1.org.id, { theme: 'picnic' })), 422, 'theme');
  assertError(await c.post('/api/v1/drills', drill(s1.org.id, { participants: 0 })), 422, 'participants');
  assertError(await c.post('/api/v1/drills', drill(s1.org.id, { rating: 'superb' })), 422, 'rating');
  assertError(await c.post('/api/v1/drills', drill(s1.org.id, { note: 'x' })), 400, 'note');
  assertError(await c.post('/api/v1/drills', drill(s2.org.id)), 404, 'school_id');
  assertError(await s1.staff1.client.post('/api/v1/drills', drill(s1.org.id)), 403);
  assertError(await w.countyAdminA.client.post('/api/v1/drills', drill(s1.org.id)), 403);
  assert.equal((await c.get(`/api/v1/drills?org=${s1.org.id}`)).body.total, n0, 'refusals write nothing');
  const fires = await w.countyAdminA.client.get(`/api/v1/drills?theme=fire&from=${today}&to=${today}`);
  assert.equal(fires.body.total, 1);
  assert.equal((await w.countyAdminB.client.get('/api/v1/drills')).body.total, 0);
});

test('drill compliance: monthly for schools, quarterly for kindergartens, rolled up', async () => {
  const [s1, s2] = w.schools;
  // s1 drilled in every required month so far (its drill of this month exists)
  const required = [];
  for (let m = 1; m < month; m++) required.push(m);
  for (const m of required) {
    const r = await s1.officer.client.post('/api/v1/drills', drill(s1.org.id, { date: `${year}-${pad(m)}-15`, theme: 'stampede' }));
    assert.equal(r.status, 201, r.text);
  }
  // s2 only this month
  assert.equal((await s2.officer.client.post('/api/v1/drills', drill(s2.org.id))).status, 201);
  // the kindergarten once in every quarter that has ended, and this quarter
  const q = Math.floor((month - 1) / 3);
  for (let i = 0; i <= q; i++) {
    const d = i === q ? today : `${year}-${pad(i * 3 + 2)}-10`;
    const r = await kg.officer.client.post('/api/v1/drills', drill(kg.org.id, { date: d, participants: 150, evacuation_seconds: 80 }));
    assert.equal(r.status, 201, r.text);
  }

  const res = await w.cityAdmin.client.get(`/api/v1/drills/compliance?org=${w.city.id}&year=${year}`);
  assert.equal(res.status, 200, res.text);
  const by = Object.fromEntries(res.body.schools.map((s) => [s.org_id, s]));
  const a = by[s1.org.id];
  assert.equal(a.cadence, 'monthly');
  assert.equal(a.periods.length, 12);
  assert.equal(a.missed, 0);
  assert.equal(a.compliant, true);
  assert.equal(a.slow_evacuations, 1);
  assert.equal(a.periods[month - 1].status, 'ok');
  assert.equal(a.periods[6].required, true, 'July counts unless the bureau says otherwise');
  assert.deepEqual(a.counted_months, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  const b = by[s2.org.id];
  assert.equal(b.missed, required.length);
  assert.equal(b.compliant, required.length === 0);
  if (required.length) assert.equal(b.periods[required[0] - 1].status, 'missed');
  const k = by[kg.org.id];
  assert.equal(k.cadence, 'quarterly');
  assert.equal(k.periods.length, 4);
  assert.equal(k.periods[0].period, `${year}-Q1`);
  assert.equal(k.compliant, true);
  const s3 = by[w.schools[2].org.id];
  assert.equal(s3.drills, 0);
  assert.equal(s3.periods[month - 1].status, 'pending');
  const regions = Object.fromEntries(res.body.regions.map((x) => [x.org_id, x]));
  assert.equal(regions[w.countyA.id].schools, 3);
  assert.equal(regions[w.countyA.id].compliant, required.length ? 2 : 3);
  assert.equal(res.body.summary.schools, 4);

  const own = await s2.staff1.client.get('/api/v1/drills/compliance');
  assert.equal(own.status, 200);
  assert.equal(own.body.schools.length, 1);
  assert.equal(own.body.year, year);
  assertError(await s2.staff1.client.get('/api/v1/drills/compliance?year=abc'), 400, 'year');
  assertError(await s2.staff1.client.get(`/api/v1/drills/compliance?org=${s1.org.id}`), 404, 'org');
});
