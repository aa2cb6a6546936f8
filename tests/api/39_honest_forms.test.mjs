// Honest forms and figures (issue 12): a patrol answers every item (no
// default 合格; 422 naming the unanswered one), a failed item's hazard is
// titled from the finding; 五落实 is validated and names the missing field
// ("未落实" funds distinct from 0); a risk level change needs a reason;
// /stats counts open major hazards (major_open), not closed ones.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { world, assertError } from './lib.mjs';
import { DAY, iso, report, act, ok, stats, photo } from './hazard_lib.mjs';

let w, s1, s2, s3, list, point;
before(async () => {
  w = await world();
  [s1, s2, s3] = w.schools;
  const o = s1.officer.client;
  list = (await o.post('/api/v1/checklists', {
    school_id: s1.org.id, category: 'fire', name: '宿舍楼消防巡查',
    items: [{ content: '疏散通道畅通' }, { content: '灭火器压力正常' }, { content: '应急照明完好' }],
  })).body;
  assert.ok(list.id, JSON.stringify(list));
  const r = await o.post('/api/v1/risk-points', { school_id: s1.org.id, name: '学生宿舍楼', category: 'fire', location: '宿舍楼', patrol_frequency: 'daily', checklist_id: list.id });
  assert.equal(r.status, 201, r.text);
  point = r.body;
});

test('a patrol with an unanswered item is refused naming the item; nothing is written', async () => {
  const c = s1.staff1.client;
  const before = (await c.get(`/api/v1/patrols?risk_point_id=${point.id}`)).body.total;
  const two = list.items.slice(0, 2).map((i) => ({ item_id: i.id, result: 'pass' }));
  const r = await c.post('/api/v1/patrols', { risk_point_id: point.id, qr_token: point.qr_token, results: two });
  assertError(r, 422, 'results', 'unanswered');
  assert.match(r.body.error.message, /应急照明完好/);
  const blank = list.items.map((i, k) => ({ item_id: i.id, result: k === 1 ? '' : 'pass' }));
  assertError(await c.post('/api/v1/patrols', { risk_point_id: point.id, qr_token: point.qr_token, results: blank }), 422, 'results[1].result');
  const nul = list.items.map((i, k) => ({ item_id: i.id, result: k === 2 ? null : 'pass' }));
  assertError(await c.post('/api/v1/patrols', { risk_point_id: point.id, qr_token: point.qr_token, results: nul }), 400, 'results[2].result', 'wrong_type');
  assertError(await s2.staff1.client.post('/api/v1/patrols', { risk_point_id: point.id, results: two }), 404, 'risk_point_id');
  assert.equal((await c.get(`/api/v1/patrols?risk_point_id=${point.id}`)).body.total, before);
});

test('a failed item opens a hazard titled from the finding, editable before submitting', async () => {
  const c = s1.staff1.client;
  const results = list.items.map((i, k) => ({ item_id: i.id, result: k === 0 ? 'fail' : k === 1 ? 'fail' : 'pass' }));
  results[0].note = '一楼东侧堆放自行车';
  results[1].note = '两具灭火器压力不足';
  results[1].hazard_title = '宿舍一楼灭火器失压（2具）';
  const r = await c.post('/api/v1/patrols', { risk_point_id: point.id, qr_token: point.qr_token, results });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.hazard_ids.length, 2);
  const [h1, h2] = await Promise.all(r.body.hazard_ids.map(async (id) => (await c.get(`/api/v1/hazards/${id}`)).body));
  assert.equal(h1.title, '不合格：疏散通道畅通：一楼东侧堆放自行车');
  assert.equal(h2.title, '宿舍一楼灭火器失压（2具）');
  const long = list.items.map((i) => ({ item_id: i.id, result: 'fail', hazard_title: 'x'.repeat(101) }));
  assertError(await c.post('/api/v1/patrols', { risk_point_id: point.id, qr_token: point.qr_token, results: long }), 422, 'results[0].hazard_title');
});

test('五落实 is validated and names the missing field; 未落实 funds differ from 0', async () => {
  const off = s1.officer.client, pr = s1.principal.client;
  let h = await report(off, s1.org.id, { title: '锅炉房安全阀失效', category: 'fire', grade: 'major' });
  assert.deepEqual(h.five.missing, ['responsible', 'measures', 'funds', 'deadline', 'plan']);
  assertError(await act(pr, h.id, 'approve_plan'), 422, 'responsible', 'required');
  assertError(await off.put(`/api/v1/hazards/${h.id}/five`, { responsible: '李师傅' }), 422, 'responsible_phone');
  assertError(await off.put(`/api/v1/hazards/${h.id}/five`, { responsible: '李师傅', responsible_phone: '电话' }), 422, 'responsible_phone');
  assertError(await off.put(`/api/v1/hazards/${h.id}/five`, { responsible: '  ', responsible_phone: '13800000000' }), 422, 'responsible');
  assertError(await off.put(`/api/v1/hazards/${h.id}/five`, { responsible_id: s3.staff1.id }), 422, 'responsible_id');
  assertError(await off.put(`/api/v1/hazards/${h.id}/five`, { responsible_id: 'x' }), 400, 'responsible_id');
  assertError(await s2.officer.client.put(`/api/v1/hazards/${h.id}/five`, { measures: 'x' }), 404, 'id');
  // picked from the school's staff: the name comes from the user
  h = (await off.put(`/api/v1/hazards/${h.id}/five`, { responsible_id: s1.staff2.id, measures: '更换安全阀' })).body;
  assert.equal(h.five.responsible_id, s1.staff2.id);
  assert.ok(h.five.responsible);
  assertError(await act(pr, h.id, 'approve_plan'), 422, 'funds');
  // 0 is a recorded amount; null sets it back to 未落实
  h = (await off.put(`/api/v1/hazards/${h.id}/five`, { funds: 0 })).body;
  assert.equal(h.five.funds, 0);
  assert.ok(!h.five.missing.includes('funds'));
  h = (await off.put(`/api/v1/hazards/${h.id}/five`, { funds: null })).body;
  assert.equal(h.five.funds, null);
  assert.ok(h.five.missing.includes('funds'));
  assertError(await act(pr, h.id, 'approve_plan'), 422, 'funds');
  h = (await off.put(`/api/v1/hazards/${h.id}/five`, { funds: 3500, deadline: iso(Date.now() + 5 * DAY) })).body;
  assertError(await act(pr, h.id, 'approve_plan'), 422, 'plan');
  h = (await off.put(`/api/v1/hazards/${h.id}/five`, { plan: '停炉检修方案及应急预案' })).body;
  assert.equal(h.five.complete, true);
  assert.deepEqual(h.five.missing, []);
  await ok(pr, h.id, 'approve_plan');
  // general hazards do not demand it
  const g = await report(off, s1.org.id, { title: '宣传栏松动', category: 'building' });
  assert.equal(g.five.complete, true);
  assert.deepEqual(g.five.missing, []);
});

test('a risk level change needs a reason', async () => {
  const o = s2.officer.client;
  const p = (await o.post('/api/v1/risk-points', { school_id: s2.org.id, name: '校门口', category: 'traffic', location: '南门', patrol_frequency: 'daily' })).body;
  assert.ok(p.id, JSON.stringify(p));
  const url = `/api/v1/risk-points/${p.id}/assessments`;
  let r = await o.post(url, { method: 'LEC', l: 3, e: 6, c: 15 }); // 270: 较大, the first assessment needs no reason
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.level, 'high');
  r = await o.post(url, { method: 'LEC', l: 3, e: 6, c: 15 }); // same level: no reason needed
  assert.equal(r.status, 201, r.text);
  r = await o.post(url, { method: 'LEC', l: 1, e: 6, c: 3 });
  assertError(r, 422, 'reason', 'required');
  assert.match(r.body.error.message, /较大/);
  assertError(await o.post(url, { method: 'LEC', l: 1, e: 6, c: 3, reason: '   ' }), 422, 'reason');
  assertError(await o.post(url, { method: 'LEC', l: 1, e: 6, c: 3, reason: 7 }), 400, 'reason');
  assertError(await s1.officer.client.post(url, { method: 'LEC', l: 1, e: 6, c: 3, reason: 'x' }), 404, 'id');
  const pt = (await o.get(`/api/v1/risk-points/${p.id}`)).body;
  assert.equal(pt.level, 'high', 'a refused change writes nothing');
  r = await o.post(url, { method: 'LEC', l: 1, e: 6, c: 3, reason: '已设置隔离护栏和减速带' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.level, 'low');
  const hist = (await o.get(url)).body;
  const items = hist.items || hist;
  assert.ok(items.some((a) => /已设置隔离护栏/.test(a.note || '')), JSON.stringify(items));
});

test('/stats counts open major hazards (major_open); closed ones leave it', async () => {
  const off = s2.officer.client, county = w.countyAdminA.client;
  const st0 = await stats(county, w.countyA.id);
  let h = await report(off, s2.org.id, { title: '学生宿舍私拉电线', category: 'electrical', grade: 'major' });
  let st = await stats(county, w.countyA.id);
  assert.equal(st.major_open, st0.major_open + 1);
  assert.equal(st.by_grade.major, st0.by_grade.major + 1);
  // work it off and close it: by_grade keeps it, major_open does not
  h = await ok(off, h.id, 'assign', { rectifier_id: s2.staff1.id, deadline: iso(Date.now() + 3 * DAY) });
  await off.put(`/api/v1/hazards/${h.id}/five`, { responsible_id: s2.staff1.id, measures: '拆除私拉电线', funds: 0, deadline: iso(Date.now() + 2 * DAY), plan: '断电整改预案', safeguards: '断电并告知学生' });
  await ok(s2.principal.client, h.id, 'approve_plan');
  await ok(s2.staff1.client, h.id, 'start');
  await ok(s2.staff1.client, h.id, 'submit', { photo_ids: [await photo(s2.staff1.client, s2.org.id)], note: '已拆除' });
  await ok(off, h.id, 'verify');
  await ok(county, h.id, 'close', { note: '准予销号' });
  st = await stats(county, w.countyA.id);
  assert.equal(st.major_open, st0.major_open);
  assert.equal(st.by_grade.major, st0.by_grade.major + 1);
  assertError(await w.countyAdminB.client.get(`/api/v1/stats?org=${w.countyA.id}`), 404, 'org');
});

