// Supervision and assessment (SPEC §8): inspections (covert ones hidden from
// the school until published; findings become hazards of the closed loop),
// interviews, yellow cards, criticism / commendation notices, and the yearly
// assessment: scheme, manual adjustments, compute runs with per-indicator
// detail, veto and ranks, finalising.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { world, assertError } from './lib.mjs';
import { report } from './hazard_lib.mjs';
import { dbInt, dbText } from './report_lib.mjs';

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

const inspection = (extra = {}) => ({
  org_id: w.countyA.id, title: '秋季开学安全专项督查', kind: 'covert', date: today(),
  group: ['张督学', '李科长'], school_ids: [s1.org.id, s2.org.id], ...extra,
});

let covert, f1;

test('a covert inspection is invisible to the schools until published', async () => {
  const insp = w.inspectorA.client;
  let r = await insp.post('/api/v1/inspections', inspection());
  assert.equal(r.status, 201, r.text);
  covert = r.body;
  assert.equal(covert.kind, 'covert');
  assert.equal(covert.state, 'draft');
  assert.deepEqual(covert.group, ['张督学', '李科长']);
  assert.equal(covert.targets.length, 2);
  assert.equal(covert.day, today());

  r = await insp.post(`/api/v1/inspections/${covert.id}/findings`, {
    school_id: s1.org.id, content: '夜间值班室无人值守，消防控制室值班记录缺失', category: 'fire', create_hazard: true,
  });
  assert.equal(r.status, 201, r.text);
  f1 = r.body;
  assert.equal(f1.hazard_pending, true, 'a covert hazard waits for publishing');
  assert.equal(f1.hazard_id, null);
  r = await insp.post(`/api/v1/inspections/${covert.id}/findings`, {
    school_id: s2.org.id, content: '门卫未登记来访人员', category: 'security', grade: 'general',
  });
  assert.equal(r.status, 201, r.text);

  // the school: list, detail, findings and hazards answer as if absent
  const p1 = s1.principal.client;
  r = await p1.get('/api/v1/inspections');
  assert.equal(r.status, 200, r.text);
  assert.ok(!r.body.items.some((i) => i.id === covert.id), 'covert inspection hidden in the list');
  assertError(await p1.get(`/api/v1/inspections/${covert.id}`), 404, 'id', 'not_found');
  r = await p1.get('/api/v1/inspection-findings');
  assert.equal(r.body.total, 0);
  r = await p1.get(`/api/v1/hazards?org=${s1.org.id}`);
  assert.ok(!r.body.items.some((h) => h.source === 'covert'), 'no hazard gives it away');
  // another county does not see it; the city above does, with every finding
  assertError(await w.countyAdminB.client.get(`/api/v1/inspections/${covert.id}`), 404, 'id');
  r = await w.cityAdmin.client.get(`/api/v1/inspections/${covert.id}`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.findings.length, 2);
  r = await w.countyAdminA.client.get(`/api/v1/inspections?org=${s1.org.id}`);
  assert.ok(r.body.items.some((i) => i.id === covert.id && i.finding_count === 1), r.text);
});

test('inspection refusals: school users, bad fields, outsiders; nothing written', async () => {
  const insp = w.inspectorA.client;
  assertError(await s1.principal.client.post('/api/v1/inspections', inspection({ org_id: s1.org.id })), 403);
  assertError(await s1.principal.client.post(`/api/v1/inspections/${covert.id}/findings`,
    { school_id: s1.org.id, content: 'x', category: 'fire' }), 404, 'id');
  assertError(await insp.post('/api/v1/inspections', inspection({ kind: 'secret' })), 422, 'kind');
  assertError(await insp.post('/api/v1/inspections', inspection({ date: '2026-02-30' })), 422, 'date');
  assertError(await insp.post('/api/v1/inspections', inspection({ school_ids: [s1.org.id, s3.org.id] })), 422, 'school_ids[1]');
  assertError(await insp.post('/api/v1/inspections', inspection({ school_ids: [] })), 422, 'school_ids');
  assertError(await insp.post('/api/v1/inspections', inspection({ group: [''] })), 422, 'group[0]');
  assertError(await insp.post('/api/v1/inspections', inspection({ title: 5 })), 400, 'title');
  assertError(await w.inspectorA.client.post('/api/v1/inspections', inspection({ org_id: w.countyB.id })), 404, 'org_id');
  const f = (b) => insp.post(`/api/v1/inspections/${covert.id}/findings`, b);
  assertError(await f({ school_id: s3.org.id, content: '无', category: 'fire' }), 422, 'school_id');
  assertError(await f({ school_id: s1.org.id, content: '无', category: 'nope' }), 422, 'category');
  assertError(await f({ school_id: s1.org.id, category: 'fire' }), 422, 'content');
  assertError(await f({ school_id: s1.org.id, content: '无', category: 'fire', grade: 'huge' }), 422, 'grade');
  assertError(await f({ school_id: s1.org.id, content: '无', category: 'fire', photo_ids: [999999] }), 422, 'photo_ids[0]');
  const r = await w.cityAdmin.client.get(`/api/v1/inspections/${covert.id}`);
  assert.equal(r.body.findings.length, 2, 'refused findings wrote nothing');
});

test('publishing shows the findings to each school and makes the pending hazard', async () => {
  const insp = w.inspectorA.client;
  let r = await insp.post(`/api/v1/inspections/${covert.id}/publish`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.state, 'published');
  const mine = r.body.findings.find((x) => x.id === f1.id);
  assert.ok(mine.hazard_id > 0, 'hazard created on publish');
  assert.equal(mine.hazard_pending, false);
  assertError(await insp.post(`/api/v1/inspections/${covert.id}/publish`), 409, undefined, 'conflict');

  const p1 = s1.principal.client;
  r = await p1.get(`/api/v1/inspections/${covert.id}`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.findings.length, 1, 'a school sees only its own findings');
  assert.equal(r.body.findings[0].id, f1.id);
  assert.deepEqual(r.body.targets.map((t) => t.org_id), [s1.org.id]);
  r = await p1.get('/api/v1/inspection-findings');
  assert.equal(r.body.total, 1);
  r = await p1.get(`/api/v1/hazards/${mine.hazard_id}`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.source, 'covert');
  assert.equal(r.body.org_id, s1.org.id);
  // the audit holds the publish
  r = await w.countyAdminA.client.get(`/api/v1/audit?entity=inspection&entity_id=${covert.id}`);
  assert.ok(r.body.items.some((a) => a.action === 'publish'), r.text);
});

test('a regular inspection is visible at once and its hazards enter the loop immediately', async () => {
  let r = await w.countyAdminA.client.post('/api/v1/inspections', inspection({ kind: 'regular', school_ids: [s1.org.id] }));
  assert.equal(r.status, 201, r.text);
  const reg = r.body;
  r = await w.inspectorA.client.post(`/api/v1/inspections/${reg.id}/findings`, {
    school_id: s1.org.id, content: '实验室危化品未双人双锁', category: 'lab', grade: 'major', create_hazard: true,
  });
  assert.equal(r.status, 201, r.text);
  assert.ok(r.body.hazard_id > 0);
  r = await s1.principal.client.get(`/api/v1/inspections/${reg.id}`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.findings[0].hazard_state, 'reported');
  r = await s3.principal.client.get(`/api/v1/inspections/${reg.id}`);
  assertError(r, 404, 'id');
});

test('interviews: bureau to school leader, visible to the school, not to others', async () => {
  const ca = w.countyAdminA.client;
  let r = await ca.post('/api/v1/interviews', {
    school_id: s1.org.id, interviewee: '王校长', interviewee_title: '校长', date: today(),
    reason: '暗访发现夜间值班缺位', record: '校长说明情况并作出整改承诺', follow_up: '一周内提交整改报告',
  });
  assert.equal(r.status, 201, r.text);
  const iv = r.body;
  assert.equal(iv.by_org_id, w.countyA.id);
  assert.equal(iv.day, today());
  assert.equal(iv.follow_up_done, false);
  r = await s1.principal.client.get('/api/v1/interviews');
  assert.ok(r.body.items.some((x) => x.id === iv.id));
  r = await s3.principal.client.get('/api/v1/interviews');
  assert.ok(!r.body.items.some((x) => x.id === iv.id));
  assertError(await w.countyAdminB.client.get(`/api/v1/interviews/${iv.id}`), 404, 'id');
  r = await w.cityAdmin.client.get(`/api/v1/interviews/${iv.id}`);
  assert.equal(r.status, 200);
  r = await ca.patch(`/api/v1/interviews/${iv.id}`, { follow_up_done: true, follow_up: '已提交整改报告' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.follow_up_done, true);
  assertError(await s1.principal.client.patch(`/api/v1/interviews/${iv.id}`, { record: 'x' }), 403);
  assertError(await ca.post('/api/v1/interviews', { school_id: w.countyA.id, interviewee: 'x', date: today(), reason: 'x' }), 422, 'school_id');
  assertError(await ca.post('/api/v1/interviews', { school_id: s1.org.id, interviewee: 'x', date: '20260101', reason: 'x' }), 422, 'date');
  assertError(await ca.post('/api/v1/interviews', { school_id: s1.org.id, date: today(), reason: 'x' }), 422, 'interviewee');
  assertError(await s1.principal.client.post('/api/v1/interviews', { school_id: s1.org.id, interviewee: 'x', date: today(), reason: 'x' }), 403);
});

test('yellow cards: issued to a school with reason and date, lifted later', async () => {
  const ca = w.countyAdminA.client;
  let r = await ca.post('/api/v1/yellow-cards', { school_id: s2.org.id, reason: '重大隐患逾期未整改', date: today() });
  assert.equal(r.status, 201, r.text);
  const y = r.body;
  assert.equal(y.state, 'active');
  assert.equal(y.issued_on, today());
  r = await s2.principal.client.get('/api/v1/yellow-cards');
  assert.ok(r.body.items.some((x) => x.id === y.id));
  r = await s1.principal.client.get('/api/v1/yellow-cards');
  assert.ok(!r.body.items.some((x) => x.id === y.id));
  assertError(await ca.post(`/api/v1/yellow-cards/${y.id}/lift`, { date: `${YEAR - 1}-01-01` }), 422, 'date');
  assertError(await s2.principal.client.post(`/api/v1/yellow-cards/${y.id}/lift`, { date: today() }), 403);
  r = await ca.post(`/api/v1/yellow-cards/${y.id}/lift`, { date: today(), reason: '整改到位' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.state, 'lifted');
  assert.equal(r.body.lifted_on, today());
  assertError(await ca.post(`/api/v1/yellow-cards/${y.id}/lift`, { date: today() }), 409);
  r = await ca.get('/api/v1/yellow-cards?state=active');
  assert.ok(!r.body.items.some((x) => x.id === y.id));
  assertError(await ca.get('/api/v1/yellow-cards?state=bogus'), 400, 'state');
  assertError(await ca.post('/api/v1/yellow-cards', { school_id: s3.org.id, reason: 'x', date: today() }), 404, 'school_id');
});

test('criticism and commendation notices name schools and people', async () => {
  const ca = w.countyAdminA.client;
  let r = await ca.post('/api/v1/supervision-notices', {
    org_id: w.countyA.id, kind: 'criticism', title: '关于暗访发现问题的通报', date: today(),
    content: '暗访中发现以下学校存在值班缺位问题。',
    entries: [{ org_id: s1.org.id, person: '王校长', reason: '夜间值班缺位' }],
  });
  assert.equal(r.status, 201, r.text);
  const n = r.body;
  assert.equal(n.entries.length, 1);
  assert.equal(n.entries[0].person, '王校长');
  r = await ca.post('/api/v1/supervision-notices', {
    org_id: w.countyA.id, kind: 'commendation', title: '安全工作先进集体通报表扬', date: today(),
    entries: [{ org_id: s2.org.id, reason: '隐患整改及时' }],
  });
  assert.equal(r.status, 201, r.text);
  r = await s1.principal.client.get('/api/v1/supervision-notices');
  assert.deepEqual(r.body.items.map((x) => x.id), [n.id], 'a school sees the notices naming it');
  assert.equal((await s1.principal.client.get(`/api/v1/supervision-notices/${n.id}`)).status, 200);
  assertError(await s3.principal.client.get(`/api/v1/supervision-notices/${n.id}`), 404, 'id');
  r = await w.cityAdmin.client.get('/api/v1/supervision-notices?kind=commendation');
  assert.equal(r.body.items.length, 1);
  assertError(await ca.post('/api/v1/supervision-notices', { org_id: w.countyA.id, kind: 'praise', title: 't', date: today(), entries: [{ org_id: s1.org.id }] }), 422, 'kind');
  assertError(await w.cityAdmin.client.post('/api/v1/supervision-notices', { org_id: w.countyA.id, kind: 'criticism', title: 't', date: today(), entries: [{ org_id: s3.org.id }] }), 422, 'entries[0].org_id');
  assertError(await ca.post('/api/v1/supervision-notices', { org_id: w.countyA.id, kind: 'criticism', title: 't', date: today(), entries: [] }), 422, 'entries');
});

test('the assessment scheme: default seeded, set by a bureau, checked', async () => {
  let r = await w.cityAdmin.client.get(`/api/v1/assess-schemes/${YEAR}?org=${w.city.id}`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.indicators.length, 9);
  assert.equal(r.body.indicators.reduce((a, i) => a + i.weight, 0), 100);
  assert.equal(r.body.inherited, true);
  const codes = r.body.indicators.map((i) => i.code);
  for (const c of ['hazard_closure', 'overdue', 'weekly_reports', 'drills', 'education', 'incidents', 'yellow_cards', 'accountability', 'veto'])
    assert.ok(codes.includes(c), c);
  const acc = r.body.indicators.find((i) => i.code === 'accountability');
  assert.deepEqual([acc.weight, acc.per_interview, acc.per_notice, acc.per_admonish, acc.per_sanction, acc.per_suspend], [0, 1, 2, 2, 3, 5]);
  const bad = [{ code: 'hazard_closure', weight: 50 }, { code: 'overdue', weight: 40 }];
  assertError(await w.countyAdminB.client.put(`/api/v1/assess-schemes/${YEAR}`, { org_id: w.countyB.id, indicators: bad }), 422, 'indicators');
  assertError(await w.countyAdminB.client.put(`/api/v1/assess-schemes/${YEAR}`, { org_id: w.countyB.id, indicators: [{ code: 'x', weight: 100 }] }), 422, 'indicators');
  assertError(await s1.principal.client.put(`/api/v1/assess-schemes/${YEAR}`, { org_id: s1.org.id, indicators: bad }), 403);
  assertError(await w.cityAdmin.client.get(`/api/v1/assess-schemes/99?org=${w.city.id}`), 400, 'year');
  // county B sets its own (same weights, a heavier yellow card) and it is in force there only
  const mine = r.body.indicators.map((i) => (i.code === 'yellow_cards' ? { code: i.code, weight: 0, per: 8 } : { code: i.code, weight: i.weight }));
  r = await w.countyAdminB.client.put(`/api/v1/assess-schemes/${YEAR}`, { org_id: w.countyB.id, indicators: mine });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.inherited, false);
  r = await s3.principal.client.get(`/api/v1/assess-schemes/${YEAR}`);
  assert.equal(r.body.indicators.find((i) => i.code === 'yellow_cards').per, 8);
  r = await s1.principal.client.get(`/api/v1/assess-schemes/${YEAR}`);
  assert.equal(r.body.indicators.find((i) => i.code === 'yellow_cards').per, 5);
});

test('compute: scores from the data, detail, veto, adjustments, ranks; finalised year answers 409', async () => {
  // s1: 2 hazards found (the covert one + the regular major) + 1 more below, none closed; a general incident
  await report(s1.officer.client, s1.org.id, { title: '围墙裂缝', category: 'building' });
  let r = await s1.principal.client.post('/api/v1/incidents', {
    school_id: s1.org.id, title: '学生摔伤', category: 'sports', grade: 'general', summary: '课间摔伤，已处理。',
    occurred_at: iso(Date.now() - 3600e3), injuries: 1,
  });
  assert.equal(r.status, 201, r.text);
  // s3: a fatal incident: one-vote veto
  r = await s3.principal.client.post('/api/v1/incidents', {
    school_id: s3.org.id, title: '学生溺水', category: 'drowning', grade: 'general', summary: '周末私自下河游泳溺亡。',
    occurred_at: iso(Date.now() - 7200e3), deaths: 1,
  });
  assert.equal(r.status, 201, r.text);
  // manual adjustments by the city
  const city = w.cityAdmin.client;
  r = await city.post(`/api/v1/assessments/${YEAR}/adjustments`, { org_id: s2.org.id, points: -2.5, reason: '安全台账不全' });
  assert.equal(r.status, 201, r.text);
  r = await city.post(`/api/v1/assessments/${YEAR}/adjustments`, { org_id: w.countyB.id, points: 1, reason: '创新工作加分' });
  assert.equal(r.status, 201, r.text);
  assertError(await w.countyAdminA.client.post(`/api/v1/assessments/${YEAR}/adjustments`, { org_id: w.countyA.id, points: 3, reason: '自评' }), 422, 'org_id');
  assertError(await city.post(`/api/v1/assessments/${YEAR}/adjustments`, { org_id: s2.org.id, points: 0, reason: 'x' }), 422, 'points');
  assertError(await city.post(`/api/v1/assessments/${YEAR}/adjustments`, { org_id: s2.org.id, points: 500, reason: 'x' }), 422, 'points');
  assertError(await city.post(`/api/v1/assessments/${YEAR}/adjustments`, { org_id: s2.org.id, points: 1 }), 422, 'reason');
  assertError(await s1.principal.client.post(`/api/v1/assessments/${YEAR}/compute`, { org_id: s1.org.id }), 403);
  assertError(await city.post(`/api/v1/assessments/${YEAR}/compute`, { org_id: s1.org.id }), 422, 'org_id');

  r = await w.countyAdminA.client.post(`/api/v1/assessments/${YEAR}/compute`, { org_id: w.countyA.id });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.schools.length, 2);
  assert.equal(r.body.counties.length, 1);

  r = await city.post(`/api/v1/assessments/${YEAR}/compute`, { org_id: w.city.id });
  assert.equal(r.status, 200, r.text);
  const res = r.body;
  assert.equal(res.run.state, 'computed');
  const by = Object.fromEntries(res.schools.map((x) => [x.org_id, x]));
  // s1: closure 0 of 3 found -> 0/25; incident general -2 -> 8/10: 73
  const d1 = by[s1.org.id].detail;
  assert.equal(d1.facts.hazards_found, 3);
  assert.equal(d1.items.find((i) => i.code === 'hazard_closure').points, 0);
  assert.equal(d1.items.find((i) => i.code === 'incidents').points, 8);
  assert.equal(by[s1.org.id].score, 73);
  assert.equal(by[s1.org.id].result, 'pass');
  // s2: a yellow card (issued this year, lifted later still counts) -5, adjustment -2.5
  assert.equal(by[s2.org.id].detail.items.find((i) => i.code === 'yellow_cards').points, -5);
  assert.equal(by[s2.org.id].detail.adjust, -2.5);
  assert.equal(by[s2.org.id].score, 92.5);
  assert.equal(by[s2.org.id].result, 'excellent');
  // s3: a death this year (one death: 一般事故): veto, score still shown (incidents 10 - 2), ranked last
  assert.equal(by[s3.org.id].veto, true);
  assert.equal(by[s3.org.id].result, 'veto');
  assert.equal(by[s3.org.id].score, 98);
  assert.deepEqual(by[s3.org.id].detail.veto_reasons.map((x) => x.kind), ['deaths']);
  assert.deepEqual([by[s2.org.id].rank, by[s1.org.id].rank, by[s3.org.id].rank], [1, 2, 3]);
  // counties: A = mean(73, 92.5); B = 98 + 1
  const cty = Object.fromEntries(res.counties.map((x) => [x.org_id, x]));
  assert.equal(cty[w.countyA.id].score, 82.75);
  assert.equal(cty[w.countyB.id].score, 99);
  assert.equal(cty[w.countyB.id].detail.veto_schools, 1);
  assert.equal(cty[w.countyB.id].rank, 1);
  assert.equal(cty[w.countyA.id].rank, 2);

  // reads: each sees its own rows
  r = await s1.principal.client.get(`/api/v1/assessments/${YEAR}`);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.schools.map((x) => x.org_id), [s1.org.id]);
  assert.equal(r.body.counties.length, 0);
  r = await w.countyAdminB.client.get(`/api/v1/assessments/${YEAR}`);
  assert.equal(r.body.run.org_id, w.city.id);
  assert.deepEqual(r.body.schools.map((x) => x.org_id), [s3.org.id]);
  assert.deepEqual(r.body.counties.map((x) => x.org_id), [w.countyB.id]);
  r = await city.get(`/api/v1/assessments/${YEAR}/adjustments?org=${w.city.id}`);
  assert.equal(r.body.items.length, 2);

  // finalise; then recompute, adjustments and scheme changes answer 409
  r = await city.post(`/api/v1/assessments/${YEAR}/finalize`, { org_id: w.city.id });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.run.state, 'final');
  assertError(await city.post(`/api/v1/assessments/${YEAR}/compute`, { org_id: w.city.id }), 409, 'year', 'finalized');
  assertError(await w.countyAdminA.client.post(`/api/v1/assessments/${YEAR}/compute`, { org_id: w.countyA.id }), 409, 'year');
  assertError(await city.post(`/api/v1/assessments/${YEAR}/adjustments`, { org_id: s1.org.id, points: 1, reason: 'x' }), 409);
  assertError(await city.post(`/api/v1/assessments/${YEAR}/finalize`, { org_id: w.city.id }), 409);
  r = await city.get(`/api/v1/assessments/${YEAR}?org=${w.city.id}`);
  assert.equal(r.body.schools.length, 3, 'results unchanged');
  r = await city.get(`/api/v1/audit?entity=assess_run`);
  assert.ok(r.body.items.some((a) => a.action === 'compute') && r.body.items.some((a) => a.action === 'finalize'), r.text);
  // a year without a run
  r = await city.get(`/api/v1/assessments/${YEAR - 5}?org=${w.city.id}`);
  assert.equal(r.body.run, null);
});

test('each supervision write has exactly its audit rows; a refusal inside the change writes none', async () => {
  const ca = w.countyAdminA.client, insp = w.inspectorA.client;
  const audits = (entity, id) => dbInt(`SELECT COUNT(*) FROM audit WHERE entity = '${entity}' AND entity_id = ${id}`);
  const actions = async (entity, id) => (await w.admin.get(`/api/v1/audit?entity=${entity}&entity_id=${id}`)).body.items.map((x) => x.action).sort();
  let r = await ca.post('/api/v1/inspections', inspection({ school_ids: [s2.org.id] }));
  assert.equal(r.status, 201, r.text);
  const i = r.body;
  assert.deepEqual(await actions('inspection', i.id), ['create']);
  r = await insp.post(`/api/v1/inspections/${i.id}/findings`, { school_id: s2.org.id, content: '门卫室监控录像保存不足 30 天', category: 'security', create_hazard: true });
  assert.equal(r.status, 201, r.text);
  const f = r.body;
  assert.deepEqual(await actions('inspection_finding', f.id), ['create']);
  assert.equal(dbInt(`SELECT COUNT(*) FROM inspection_findings WHERE id = ${f.id} AND hazard_id IS NULL AND hazard_pending = 1`), 1);
  r = await insp.post(`/api/v1/inspections/${i.id}/publish`);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(await actions('inspection', i.id), ['create', 'publish']);
  const a = (await w.admin.get(`/api/v1/audit?entity=inspection&entity_id=${i.id}`)).body.items.find((x) => x.action === 'publish');
  assert.ok(JSON.stringify(a.after).includes('"hazard_id"'), 'the after-image holds the finding with its hazard');
  assertError(await insp.post(`/api/v1/inspections/${i.id}/publish`), 409, undefined, 'conflict');
  assert.equal(audits('inspection', i.id), 2);
  // a card lifted before it was issued: refused inside the change, nothing written
  r = await ca.post('/api/v1/yellow-cards', { school_id: s2.org.id, reason: '暗访发现值班缺位', date: today() });
  assert.equal(r.status, 201, r.text);
  const y = r.body;
  assert.equal(audits('yellow_card', y.id), 1);
  assertError(await ca.post(`/api/v1/yellow-cards/${y.id}/lift`, { date: `${YEAR - 1}-06-01` }), 422, 'date');
  assert.equal(dbText(`SELECT state FROM yellow_cards WHERE id = ${y.id}`), 'active');
  assert.equal(audits('yellow_card', y.id), 1);
  r = await ca.post(`/api/v1/yellow-cards/${y.id}/lift`, { date: today() });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(await actions('yellow_card', y.id), ['create', 'lift']);
  assertError(await ca.post(`/api/v1/yellow-cards/${y.id}/lift`, { date: today() }), 409);
  assert.equal(audits('yellow_card', y.id), 2);
});
