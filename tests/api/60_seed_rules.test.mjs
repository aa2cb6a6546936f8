// Rules held to the seeds (issue 12 item 8): incidents graded by the national
// production-safety accident grades (deaths / serious injuries); a bureau's
// reasoned 一票否决 for schools and counties, shown in the scoring; a duty
// roster filed after its period started is accepted as 补报; the months in
// which drills count are a bureau setting (default every month); the
// national themed days by rule (安全教育日 the last Monday of March,
// 安全宣传咨询日 in 安全生产月).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { world, assertError } from './lib.mjs';

let w, s1, s2, s3;
const HOUR = 3600e3;
const shanghai = (ms) => new Date(ms + 8 * HOUR).toISOString();
const today = () => shanghai(Date.now()).slice(0, 10);
const YEAR = Number(today().slice(0, 4));
const MONTH = Number(today().slice(5, 7));
const iso = (ms) => shanghai(ms).slice(0, 19) + '+08:00';
const addDays = (d, n) => new Date(Date.parse(d + 'T00:00:00Z') + n * 864e5).toISOString().slice(0, 10);

before(async () => {
  w = await world();
  [s1, s2, s3] = w.schools; // s1, s2 in county A; s3 in county B
});

const quick = (schoolId, extra = {}) => ({
  school_id: schoolId, title: '学生溺水', category: 'drowning',
  summary: '周末一名学生私自下河游泳溺水。', occurred_at: iso(Date.now() - 10 * 60e3), ...extra,
});

test('incidents are graded by deaths and serious injuries, at every boundary', async () => {
  const c = s1.principal.client;
  const cases = [
    [{ deaths: 1 }, 'general'], // a one-death drowning is 一般
    [{ deaths: 2, injuries: 9, serious_injuries: 9 }, 'general'],
    [{ deaths: 3 }, 'larger'],
    [{ deaths: 9 }, 'larger'],
    [{ injuries: 10, serious_injuries: 10 }, 'larger'],
    [{ injuries: 49, serious_injuries: 49 }, 'larger'],
    [{ deaths: 10 }, 'major'],
    [{ injuries: 50, serious_injuries: 50 }, 'major'],
    [{ deaths: 29, injuries: 99, serious_injuries: 99 }, 'major'],
    [{ deaths: 30 }, 'especially_major'],
    [{ injuries: 100, serious_injuries: 100 }, 'especially_major'],
    [{ injuries: 40 }, 'general'], // injured, none seriously
  ];
  for (const [counts, grade] of cases) {
    const r = await c.post('/api/v1/incidents', quick(s1.org.id, counts));
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.grade, grade, JSON.stringify(counts));
    assert.equal(r.body.serious_injuries, counts.serious_injuries || 0);
    const quickMin = (Date.parse(r.body.quick_due_at) - Date.parse(r.body.occurred_at)) / 60e3;
    assert.equal(quickMin, grade === 'major' || grade === 'especially_major' ? 30 : 60);
  }
  // a grade sent must agree with the counts
  const ok = await c.post('/api/v1/incidents', quick(s1.org.id, { deaths: 1, grade: 'general' }));
  assert.equal(ok.status, 201, ok.text);
});

test('incident grade refusals name the field and write nothing', async () => {
  const c = s2.officer.client;
  const n0 = (await w.countyAdminA.client.get(`/api/v1/incidents?org=${s2.org.id}`)).body.total;
  const e = await c.post('/api/v1/incidents', quick(s2.org.id, { deaths: 1, grade: 'larger' }));
  assertError(e, 422, 'grade');
  assert.match(e.body.error.message, /一般事故/);
  assertError(await c.post('/api/v1/incidents', quick(s2.org.id, { deaths: 0, injuries: 60, serious_injuries: 60, grade: 'larger' })), 422, 'grade');
  assertError(await c.post('/api/v1/incidents', quick(s2.org.id, { injuries: 2, serious_injuries: 3 })), 422, 'serious_injuries');
  assertError(await c.post('/api/v1/incidents', quick(s2.org.id, { serious_injuries: -1 })), 422, 'serious_injuries');
  assertError(await c.post('/api/v1/incidents', quick(s2.org.id, { serious_injuries: '2' })), 400, 'serious_injuries');
  assertError(await c.post('/api/v1/incidents', quick(s2.org.id, { grade: 'small' })), 422, 'grade');
  assertError(await c.post('/api/v1/incidents', quick(s3.org.id, { deaths: 1 })), 404, 'school_id');
  assert.equal((await w.countyAdminA.client.get(`/api/v1/incidents?org=${s2.org.id}`)).body.total, n0, 'refusals write nothing');
});

test('the written report regrades from the final counts', async () => {
  const r = await s2.officer.client.post('/api/v1/incidents', quick(s2.org.id, { title: '宿舍火灾', category: 'fire', deaths: 1, injuries: 5, serious_injuries: 2 }));
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.grade, 'general');
  assertError(await s2.officer.client.post(`/api/v1/incidents/${r.body.id}/written`, { cause: '电气线路老化', handling: '疏散、送医', injuries: 1 }), 422, 'serious_injuries');
  assertError(await s2.officer.client.post(`/api/v1/incidents/${r.body.id}/written`, { cause: '电气线路老化', handling: '疏散、送医', grade: 'larger' }), 400, 'grade');
  const wr = await s2.officer.client.post(`/api/v1/incidents/${r.body.id}/written`, { cause: '电气线路老化', handling: '疏散、送医', deaths: 3, injuries: 12 });
  assert.equal(wr.status, 200, wr.text);
  assert.equal(wr.body.grade, 'larger');
  assert.equal(wr.body.deaths, 3);
  assert.equal(wr.body.serious_injuries, 2);
  const list = await w.countyAdminA.client.get(`/api/v1/incidents?org=${w.countyA.id}&grade=larger`);
  assert.ok(list.body.items.some((x) => x.id === r.body.id));
});

test('a special-period roster (两会) filed after its start is accepted as 补报', async () => {
  const c = s3.officer.client;
  const days = [0, 1].map((i) => addDays(today(), i));
  const slot = (d) => ({ date: d, leader_id: s3.principal.id, staff_ids: [s3.staff1.id], is_24h: true, phone: '0730-1234567' });
  const r = await c.post('/api/v1/duty-rosters', {
    school_id: s3.org.id, title: '两会期间 24 小时值班表', kind: 'special', start_date: days[0], end_date: days[1], slots: days.map(slot),
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.late, true);
  assert.equal(r.body.publishable, true);
  assertError(await w.countyAdminA.client.post(`/api/v1/duty-rosters/${r.body.id}/publish`), 404, 'id');
  assertError(await s3.staff1.client.post(`/api/v1/duty-rosters/${r.body.id}/publish`), 403);
  const p = await c.post(`/api/v1/duty-rosters/${r.body.id}/publish`);
  assert.equal(p.status, 200, p.text);
  assert.equal(p.body.state, 'published');
  assert.equal(p.body.late, true);
  assert.equal(p.body.published_late, true);
  // an on-time roster is not flagged once published
  const next = [10, 11].map((i) => addDays(today(), i));
  const o = await c.post('/api/v1/duty-rosters', { school_id: s3.org.id, title: '周末值班', kind: 'holiday', start_date: next[0], end_date: next[1], slots: next.map(slot) });
  const op = await c.post(`/api/v1/duty-rosters/${o.body.id}/publish`);
  assert.equal(op.status, 200, op.text);
  assert.equal(op.body.late, false);
  assert.equal(op.body.published_late, false);
  const gaps = await w.countyAdminB.client.get('/api/v1/duty-rosters/gaps');
  assert.ok(gaps.body.rosters.some((x) => x.id === r.body.id && x.late), 'the bureau sees the late filing');
  assert.ok(!gaps.body.rosters.some((x) => x.id === o.body.id));
});

test('counted drill months: every month by default, a bureau setting otherwise', async () => {
  const ca = w.countyAdminA.client;
  let r = await s1.principal.client.get('/api/v1/drill-settings');
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.months, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  assert.equal(r.body.set_by_org_id, null);
  // the city leaves out nothing; county A leaves out this month
  const allBut = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].filter((m) => m !== MONTH);
  r = await w.cityAdmin.client.put('/api/v1/drill-settings', { org_id: w.city.id, months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] });
  assert.equal(r.status, 200, r.text);
  r = await ca.put('/api/v1/drill-settings', { org_id: w.countyA.id, months: allBut });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.months, allBut);
  assert.equal(r.body.inherited, false);
  r = await s1.principal.client.get('/api/v1/drill-settings');
  assert.deepEqual(r.body.months, allBut);
  assert.equal(r.body.inherited, true);
  assert.equal(r.body.set_by_org_id, w.countyA.id);
  r = await s3.principal.client.get('/api/v1/drill-settings');
  assert.equal(r.body.set_by_org_id, w.city.id);
  // compliance uses it
  r = await w.cityAdmin.client.get(`/api/v1/drills/compliance?year=${YEAR}`);
  assert.equal(r.status, 200, r.text);
  const by = Object.fromEntries(r.body.schools.map((s) => [s.org_id, s]));
  assert.equal(by[s1.org.id].periods[MONTH - 1].required, false);
  assert.equal(by[s1.org.id].periods[MONTH - 1].status, 'exempt');
  assert.deepEqual(by[s1.org.id].counted_months, allBut);
  assert.equal(by[s3.org.id].periods[MONTH - 1].required, true);
  assert.equal(by[s3.org.id].periods[MONTH - 1].status, 'pending');
  // audited
  const audit = await w.admin.get(`/api/v1/audit?entity=drill_settings&entity_id=${w.countyA.id}`);
  assert.equal(audit.body.items.length, 1);
});

test('drill setting refusals', async () => {
  const ca = w.countyAdminA.client;
  assertError(await ca.put('/api/v1/drill-settings', { org_id: w.countyA.id, months: [] }), 422, 'months');
  assertError(await ca.put('/api/v1/drill-settings', { org_id: w.countyA.id, months: [3, 13] }), 422, 'months[1]');
  assertError(await ca.put('/api/v1/drill-settings', { org_id: w.countyA.id, months: [3, 3] }), 422, 'months[1]');
  assertError(await ca.put('/api/v1/drill-settings', { org_id: w.countyA.id, months: ['3'] }), 422, 'months[0]');
  assertError(await ca.put('/api/v1/drill-settings', { org_id: w.countyA.id, months: 3 }), 400, 'months');
  assertError(await ca.put('/api/v1/drill-settings', { org_id: w.countyA.id }), 422, 'months');
  assertError(await ca.put('/api/v1/drill-settings', { org_id: s1.org.id, months: [3] }), 422, 'org_id');
  assertError(await ca.put('/api/v1/drill-settings', { org_id: w.countyB.id, months: [3] }), 404, 'org_id');
  assertError(await s1.principal.client.put('/api/v1/drill-settings', { org_id: s1.org.id, months: [3] }), 422, 'org_id');
  assertError(await s1.staff1.client.put('/api/v1/drill-settings', { org_id: s1.org.id, months: [3] }), 403);
  assertError(await ca.get(`/api/v1/drill-settings?org=${s3.org.id}`), 404, 'org');
  const r = await s3.principal.client.get('/api/v1/drill-settings');
  assert.equal(r.body.set_by_org_id, w.city.id, 'refusals changed nothing');
});

test('national themed days by rule; a national day entered on a wrong date is refused', async () => {
  let r = await s1.staff1.client.get('/api/v1/edu-calendar/national?year=2025');
  assert.equal(r.status, 200, r.text);
  const by = Object.fromEntries(r.body.items.map((x) => [x.title, x]));
  assert.equal(by['全国中小学生安全教育日'].start_date, '2025-03-31'); // a Monday, not the 30th (a Sunday)
  assert.equal(by['全国安全宣传咨询日'].start_date, '2025-06-16');
  assert.equal(by['安全生产月'].start_date, '2025-06-01');
  assert.equal(by['安全生产月'].end_date, '2025-06-30');
  r = await s1.staff1.client.get('/api/v1/edu-calendar/national?year=2026');
  assert.equal(r.body.items.find((x) => x.title === '全国中小学生安全教育日').start_date, '2026-03-30');
  assertError(await s1.staff1.client.get('/api/v1/edu-calendar/national?year=abc'), 400, 'year');
  const ca = w.countyAdminA.client;
  const e = { org_id: w.countyA.id, kind: 'themed_day', title: '全国中小学生安全教育日', start_date: '2025-03-30', end_date: '2025-03-30' };
  assertError(await ca.post('/api/v1/edu-calendar', e), 422, 'start_date');
  r = await ca.post('/api/v1/edu-calendar', { ...e, start_date: '2025-03-31', end_date: '2025-03-31' });
  assert.equal(r.status, 201, r.text);
  r = await ca.post('/api/v1/edu-calendar', { ...e, title: '全国安全宣传咨询日', start_date: '2025-06-16', end_date: '2025-06-16' });
  assert.equal(r.status, 201, r.text);
  assertError(await ca.post('/api/v1/edu-calendar', { ...e, title: '全国安全宣传咨询日', start_date: '2025-06-15', end_date: '2025-06-15' }), 422, 'start_date');
  const list = await s1.staff1.client.get('/api/v1/edu-calendar?from=2025-03-01&to=2025-06-30');
  assert.deepEqual(list.body.items.map((x) => x.title).sort(), ['全国中小学生安全教育日', '全国安全宣传咨询日'].sort());
});

test('a bureau vetoes a school or a county with a reason; the scoring shows why', async () => {
  const city = w.cityAdmin.client, ca = w.countyAdminA.client;
  let r = await ca.post(`/api/v1/assessments/${YEAR}/vetoes`, { org_id: s1.org.id, kind: 'negative_impact', reason: '学生欺凌事件处置不当，网络舆情发酵，造成严重负面影响' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.kind, 'negative_impact');
  assert.equal(r.body.by_org_id, w.countyA.id);
  assert.equal(r.body.org_name, s1.org.name);
  r = await city.post(`/api/v1/assessments/${YEAR}/vetoes`, { org_id: w.countyA.id, kind: 'ineffective', reason: '重大隐患挂牌督办逾期未整改，治理不力' });
  assert.equal(r.status, 201, r.text);
  const audit = await w.admin.get(`/api/v1/audit?entity=assess_veto&entity_id=${r.body.id}`);
  assert.equal(audit.body.items.length, 1);
  // visible to the bureaus above and the unit concerned, not to other counties
  assert.equal((await ca.get(`/api/v1/assessments/${YEAR}/vetoes`)).body.items.length, 2);
  assert.equal((await w.countyAdminB.client.get(`/api/v1/assessments/${YEAR}/vetoes`)).body.items.length, 0);
  assert.equal((await s1.principal.client.get(`/api/v1/assessments/${YEAR}/vetoes`)).body.items.length, 1);
  assert.equal((await s2.principal.client.get(`/api/v1/assessments/${YEAR}/vetoes`)).body.items.length, 0);

  r = await city.post(`/api/v1/assessments/${YEAR}/compute`, { org_id: w.city.id });
  assert.equal(r.status, 200, r.text);
  const sch = Object.fromEntries(r.body.schools.map((x) => [x.org_id, x]));
  assert.equal(sch[s1.org.id].veto, true);
  assert.equal(sch[s1.org.id].result, 'veto');
  const why = sch[s1.org.id].detail.veto_reasons;
  assert.ok(why.some((x) => x.kind === 'bureau' && /造成严重负面影响/.test(x.text) && /网络舆情/.test(x.text)), JSON.stringify(why));
  assert.equal(sch[s1.org.id].detail.vetoes[0].by_org_name, w.countyA.name);
  assert.ok(sch[s1.org.id].rank > sch[s2.org.id].rank, 'vetoed ranks after');
  const cty = Object.fromEntries(r.body.counties.map((x) => [x.org_id, x]));
  assert.equal(cty[w.countyA.id].veto, true);
  assert.equal(cty[w.countyA.id].result, 'veto');
  assert.ok(cty[w.countyA.id].detail.veto_reasons.some((x) => /治理不力/.test(x.text)));
  assert.equal(cty[w.countyB.id].veto, false);
  assert.equal(cty[w.countyA.id].rank, 2);
  assert.equal(cty[w.countyB.id].rank, 1);
});

test('veto refusals', async () => {
  const ca = w.countyAdminA.client;
  const v = (extra = {}) => ({ org_id: s2.org.id, kind: 'ineffective', reason: '隐患排查走过场，弄虚作假', ...extra });
  assertError(await ca.post(`/api/v1/assessments/${YEAR}/vetoes`, v({ org_id: w.countyA.id })), 422, 'org_id');
  assertError(await ca.post(`/api/v1/assessments/${YEAR}/vetoes`, v({ org_id: s3.org.id })), 404, 'org_id');
  assertError(await w.cityAdmin.client.post(`/api/v1/assessments/${YEAR}/vetoes`, v({ org_id: w.city.id })), 422, 'org_id');
  assertError(await ca.post(`/api/v1/assessments/${YEAR}/vetoes`, v({ kind: 'deaths' })), 422, 'kind');
  assertError(await ca.post(`/api/v1/assessments/${YEAR}/vetoes`, v({ reason: undefined })), 422, 'reason');
  assertError(await ca.post(`/api/v1/assessments/${YEAR}/vetoes`, v({ reason: '   ' })), 422, 'reason');
  assertError(await ca.post(`/api/v1/assessments/${YEAR}/vetoes`, v({ reason: 'x'.repeat(1001) })), 422, 'reason');
  assertError(await ca.post(`/api/v1/assessments/${YEAR}/vetoes`, v({ reason: 5 })), 400, 'reason');
  assertError(await ca.post('/api/v1/assessments/99/vetoes', v()), 400, 'year');
  assertError(await s2.principal.client.post(`/api/v1/assessments/${YEAR}/vetoes`, v()), 403);
  assertError(await w.inspectorA.client.post(`/api/v1/assessments/${YEAR}/vetoes`, v()), 403);
  assert.equal((await ca.get(`/api/v1/assessments/${YEAR}/vetoes`)).body.items.length, 2, 'refusals write nothing');
  // a finalised year is closed
  const r = await w.cityAdmin.client.post(`/api/v1/assessments/${YEAR}/finalize`, { org_id: w.city.id });
  assert.equal(r.status, 200, r.text);
  assertError(await ca.post(`/api/v1/assessments/${YEAR}/vetoes`, v()), 409, 'year');
});
