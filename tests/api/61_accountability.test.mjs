// Accountability (问责 / 责任追究, issue 18 item 4): a bureau records who below
// it was held accountable (a person or a unit), the reason, a linked
// incident / hazard / inspection, the measure (约谈, 通报, 诫勉, 处分, 责令停办 /
// 停业整顿), the decision number (its own 文号 when none is given) and date;
// visible to the bureaus above and to the unit's leaders, not to teachers;
// counted in the yearly assessment (a deduction per measure, configurable).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { world, assertError } from './lib.mjs';
import { report } from './hazard_lib.mjs';

let w, s1, s2, s3;
const HOUR = 3600e3;
const shanghai = (ms) => new Date(ms + 8 * HOUR).toISOString();
const today = () => shanghai(Date.now()).slice(0, 10);
const YEAR = Number(today().slice(0, 4));
const iso = (ms) => shanghai(ms).slice(0, 19) + '+08:00';

before(async () => {
  w = await world();
  [s1, s2, s3] = w.schools; // s1, s2 in county A; s3 in county B
});

const rec = (orgId, extra = {}) => ({
  org_id: orgId, target: 'person', person: '张副校长', person_title: '分管安全副校长',
  reason: '重大火灾隐患逾期未整改，履职不力', measure: 'interview', date: today(), ...extra,
});

let inc, hz, r1;

test('a county holds a school\'s person accountable, linked to an incident and a hazard', async () => {
  inc = (await s1.principal.client.post('/api/v1/incidents', {
    school_id: s1.org.id, title: '学生溺水', category: 'drowning', summary: '周末私自下河游泳溺亡。',
    occurred_at: iso(Date.now() - 2 * HOUR), deaths: 1,
  })).body;
  hz = await report(s1.officer.client, s1.org.id, { title: '配电房堆放杂物', category: 'fire' });
  const r = await w.countyAdminA.client.post('/api/v1/accountability', rec(s1.org.id, { incident_id: inc.id, hazard_id: hz.id, decision_no: '甲教安〔2026〕7号', measure: 'admonish' }));
  assert.equal(r.status, 201, r.text);
  r1 = r.body;
  assert.equal(r1.by_org_id, w.countyA.id);
  assert.equal(r1.by_org_name, w.countyA.name);
  assert.equal(r1.org_name, s1.org.name);
  assert.equal(r1.target, 'person');
  assert.equal(r1.person, '张副校长');
  assert.equal(r1.measure, 'admonish');
  assert.equal(r1.decision_no, '甲教安〔2026〕7号');
  assert.equal(r1.decided_on, today());
  assert.equal(r1.incident_title, '学生溺水');
  assert.equal(r1.hazard_title, '配电房堆放杂物');
  assert.match(r1.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
  const audit = await w.admin.get(`/api/v1/audit?entity=accountability&entity_id=${r1.id}`);
  assert.equal(audit.body.items.length, 1);
  // recorded by the store in the change: the measure's name as the note
  assert.equal(audit.body.items[0].action, 'create');
  assert.equal(audit.body.items[0].note, '诫勉');
  assert.equal(audit.body.items[0].before, null);
  assert.deepEqual(audit.body.items[0].after, r1);
  // the principal is told; the teacher is not
  const msgs = await s1.principal.client.get('/api/v1/messages');
  if (msgs.status === 200) assert.ok(msgs.body.items.some((m) => /问责决定/.test(m.title)), JSON.stringify(msgs.body.items.map((m) => m.title)));
});

test('a unit held accountable without a number gets the bureau\'s next 文号; the city holds a county accountable', async () => {
  const insp = (await w.inspectorA.client.post('/api/v1/inspections', {
    org_id: w.countyA.id, title: '秋季开学检查', kind: 'regular', date: today(), group: ['王督学'], school_ids: [s2.org.id],
  })).body;
  let r = await w.countyAdminA.client.post('/api/v1/accountability', rec(s2.org.id, { target: 'unit', person: '李四', measure: 'notice', inspection_id: insp.id }));
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.target, 'unit');
  assert.equal(r.body.person, '', 'a unit record names no person');
  assert.match(r.body.decision_no, new RegExp(`〔${YEAR}〕\\d+号$`));
  assert.equal(r.body.inspection_title, '秋季开学检查');
  r = await w.cityAdmin.client.post('/api/v1/accountability', rec(w.countyA.id, { target: 'unit', measure: 'notice', reason: '辖区重大隐患治理不力' }));
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.by_org_id, w.city.id);
  r = await w.cityAdmin.client.post('/api/v1/accountability', rec(s3.org.id, { measure: 'suspend', target: 'unit', reason: '存在重大安全隐患暂时无法整改' }));
  assert.equal(r.status, 201, r.text);
});

test('who sees what: bureaus above and the unit\'s leaders, not teachers or other counties', async () => {
  let r = await w.countyAdminA.client.get('/api/v1/accountability');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.total, 3); // s1, s2 and county A itself
  assert.deepEqual(Object.fromEntries(r.body.by_measure.map((x) => [x.measure, x.n])), { admonish: 1, notice: 2 });
  r = await w.cityAdmin.client.get('/api/v1/accountability');
  assert.equal(r.body.total, 4);
  r = await w.cityAdmin.client.get('/api/v1/accountability?measure=notice');
  assert.equal(r.body.total, 2);
  r = await w.cityAdmin.client.get(`/api/v1/accountability?year=${YEAR - 1}`);
  assert.equal(r.body.total, 0);
  r = await w.countyAdminB.client.get('/api/v1/accountability');
  assert.equal(r.body.total, 1);
  r = await s1.principal.client.get('/api/v1/accountability');
  assert.deepEqual(r.body.items.map((x) => x.id), [r1.id]);
  r = await s2.officer.client.get('/api/v1/accountability');
  assert.equal(r.body.total, 1);
  assertError(await s1.staff1.client.get('/api/v1/accountability'), 403);
  assertError(await s1.staff1.client.get(`/api/v1/accountability/${r1.id}`), 403);
  assertError(await w.countyAdminB.client.get(`/api/v1/accountability/${r1.id}`), 404, 'id');
  assertError(await s2.principal.client.get(`/api/v1/accountability/${r1.id}`), 404, 'id');
  assertError(await w.countyAdminB.client.get(`/api/v1/accountability?org=${s1.org.id}`), 404, 'org');
  r = await w.cityAdmin.client.get(`/api/v1/accountability/${r1.id}`);
  assert.equal(r.status, 200);
  assert.equal(r.body.reason, '重大火灾隐患逾期未整改，履职不力');
  assertError(await w.cityAdmin.client.get('/api/v1/accountability?measure=fire'), 400, 'measure');
  assertError(await w.cityAdmin.client.get('/api/v1/accountability?year=20x'), 400, 'year');
});

test('accountability refusals name the field and write nothing', async () => {
  const ca = w.countyAdminA.client;
  const n0 = (await w.cityAdmin.client.get('/api/v1/accountability')).body.total;
  assertError(await ca.post('/api/v1/accountability', rec(s3.org.id)), 404, 'org_id'); // another county
  assertError(await ca.post('/api/v1/accountability', rec(w.countyA.id)), 422, 'org_id'); // itself
  assertError(await s1.principal.client.post('/api/v1/accountability', rec(s1.org.id)), 403);
  assertError(await s1.staff1.client.post('/api/v1/accountability', rec(s1.org.id)), 403);
  assertError(await ca.post('/api/v1/accountability', rec(s1.org.id, { person: '' })), 422, 'person');
  assertError(await ca.post('/api/v1/accountability', rec(s1.org.id, { person: undefined })), 422, 'person');
  assertError(await ca.post('/api/v1/accountability', rec(s1.org.id, { person: 'x'.repeat(41) })), 422, 'person');
  assertError(await ca.post('/api/v1/accountability', rec(s1.org.id, { reason: ' ' })), 422, 'reason');
  assertError(await ca.post('/api/v1/accountability', rec(s1.org.id, { reason: undefined })), 422, 'reason');
  assertError(await ca.post('/api/v1/accountability', rec(s1.org.id, { measure: 'fine' })), 422, 'measure');
  assertError(await ca.post('/api/v1/accountability', rec(s1.org.id, { measure: null })), 400, 'measure', 'wrong_type');
  assertError(await ca.post('/api/v1/accountability', rec(s1.org.id, { target: 'group' })), 422, 'target');
  assertError(await ca.post('/api/v1/accountability', rec(s1.org.id, { date: '2026-02-30' })), 422, 'date');
  assertError(await ca.post('/api/v1/accountability', rec(s1.org.id, { date: '2999-01-01' })), 422, 'date');
  assertError(await ca.post('/api/v1/accountability', rec(s1.org.id, { date: 20260101 })), 400, 'date');
  assertError(await ca.post('/api/v1/accountability', rec(s1.org.id, { incident_id: 999999 })), 422, 'incident_id');
  assertError(await ca.post('/api/v1/accountability', rec(s2.org.id, { incident_id: inc.id })), 422, 'incident_id'); // s1's incident
  assertError(await ca.post('/api/v1/accountability', rec(s2.org.id, { hazard_id: hz.id })), 422, 'hazard_id');
  assertError(await ca.post('/api/v1/accountability', rec(s1.org.id, { hazard_id: 'x' })), 400, 'hazard_id');
  assertError(await ca.post('/api/v1/accountability', rec(s1.org.id, { inspection_id: 999999 })), 422, 'inspection_id');
  assertError(await ca.post('/api/v1/accountability', rec(s1.org.id, { extra: 1 })), 400, 'extra');
  assert.equal((await w.cityAdmin.client.get('/api/v1/accountability')).body.total, n0, 'refusals write nothing');
});

test('the assessment deducts per measure, as the scheme says', async () => {
  // county B's scheme makes a suspension cost 20
  const sch = (await w.countyAdminB.client.get(`/api/v1/assess-schemes/${YEAR}?org=${w.countyB.id}`)).body;
  const mine = sch.indicators.map((i) => (i.code === 'accountability' ? { code: i.code, weight: 0, per_suspend: 20 } : { code: i.code, weight: i.weight }));
  assert.equal((await w.countyAdminB.client.put(`/api/v1/assess-schemes/${YEAR}`, { org_id: w.countyB.id, indicators: mine })).status, 200);
  assertError(await w.countyAdminB.client.put(`/api/v1/assess-schemes/${YEAR}`, { org_id: w.countyB.id, indicators: mine.map((i) => (i.code === 'accountability' ? { ...i, weight: 5 } : i)) }), 422, 'indicators');
  const r = await w.cityAdmin.client.post(`/api/v1/assessments/${YEAR}/compute`, { org_id: w.city.id });
  assert.equal(r.status, 200, r.text);
  const by = Object.fromEntries(r.body.schools.map((x) => [x.org_id, x]));
  const item = (id) => by[id].detail.items.find((i) => i.code === 'accountability');
  assert.equal(item(s1.org.id).points, -2); // 诫勉 2
  assert.equal(item(s1.org.id).count, 1);
  assert.equal(by[s1.org.id].detail.facts.accountability.admonish, 1);
  assert.equal(item(s2.org.id).points, -2); // 通报 2
  // s3 is scored by the city's run with the scheme in force at the city (default): 责令停办 5
  assert.equal(item(s3.org.id).points, -5);
  const cty = Object.fromEntries(r.body.counties.map((x) => [x.org_id, x]));
  assert.equal(cty[w.countyA.id].detail.accountability, 1);
  assert.equal(cty[w.countyA.id].detail.accountability_points, -2);
  const mean = cty[w.countyA.id].detail.mean;
  assert.equal(cty[w.countyA.id].score, Math.round((mean - 2) * 100) / 100);
  // county B computes its own region with its scheme
  const rb = await w.countyAdminB.client.post(`/api/v1/assessments/${YEAR}/compute`, { org_id: w.countyB.id });
  assert.equal(rb.status, 200, rb.text);
  assert.equal(rb.body.schools[0].detail.items.find((i) => i.code === 'accountability').points, -20);
  // a finalised year takes no more records of that year
  assert.equal((await w.cityAdmin.client.post(`/api/v1/assessments/${YEAR}/finalize`, { org_id: w.city.id })).status, 200);
  assertError(await w.countyAdminA.client.post('/api/v1/accountability', rec(s1.org.id)), 409, 'date');
});
