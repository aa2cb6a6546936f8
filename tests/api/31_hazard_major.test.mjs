// A major hazard (重大隐患): a deadline is required, the five implementations
// (五落实: responsible person, measures, funds, deadline, contingency plan)
// and interim safeguards must be recorded and the principal must approve the
// plan before work starts. It is listed for 督办 by the county at once (with a
// 整改通知书 numbered by the county), which the city sees; only the county (or
// above) confirms its 销号 (issue 12).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { world, assertError } from './lib.mjs';
import { DAY, iso, photo, report, act, ok } from './hazard_lib.mjs';

let w, s1, s2;
before(async () => {
  w = await world();
  [s1, s2] = w.schools;
});

test('a major hazard walks through every state with its rules', async () => {
  const off = s1.officer.client, pr = s1.principal.client, t1 = s1.staff1.client;
  const insp = w.inspectorA.client, county = w.countyAdminA.client, city = w.cityAdmin.client;
  let h = await report(insp, s1.org.id, {
    title: 'C级危房教学楼仍在使用', category: 'building', grade: 'major', source: 'inspection',
    description: '北教学楼经鉴定为C级危房', location: '北教学楼',
  });
  assert.equal(h.grade, 'major');
  assert.equal(h.source, 'inspection');
  assert.equal(h.five.complete, false);
  assert.equal(h.supervised, true, 'listed for 督办 automatically');
  assert.equal(h.supervise_org_id, w.countyA.id);
  assert.ok(h.supervise_deadline_at && h.supervise_req);
  const n0 = (await off.get(`/api/v1/hazards/${h.id}/notice`)).body;
  assert.match(n0.requirement, /五落实/);
  assert.equal(n0.issuer, w.countyA.name);
  assert.equal(n0.listed, true);
  assert.match(n0.paragraphs[0], /督查检查中发现/);
  assert.match(n0.paragraphs[0], /挂牌督办/);

  // a major hazard needs an explicit deadline
  assertError(await act(off, h.id, 'assign', { rectifier_id: s1.staff1.id }), 422, 'deadline', 'required');
  const deadline = Date.now() + 30 * DAY;
  h = await ok(off, h.id, 'assign', { rectifier_id: s1.staff1.id, deadline: iso(deadline) });
  assert.equal(Date.parse(h.deadline), Math.floor(deadline / 1000) * 1000);

  // work cannot start before the five implementations
  assertError(await act(t1, h.id, 'start'), 422, 'responsible', 'required');
  assertError(await act(pr, h.id, 'approve_plan'), 422, 'responsible');

  // who may record them, and input checks
  assertError(await t1.put(`/api/v1/hazards/${h.id}/five`, { responsible: '张校长' }), 403);
  assertError(await insp.put(`/api/v1/hazards/${h.id}/five`, { responsible: '张校长' }), 403);
  assertError(await off.put(`/api/v1/hazards/${h.id}/five`, { funds: -5 }), 422, 'funds');
  assertError(await off.put(`/api/v1/hazards/${h.id}/five`, { funds: '很多' }), 400, 'funds');
  assertError(await off.put(`/api/v1/hazards/${h.id}/five`, { deadline: 'soon' }), 422, 'deadline');
  assertError(await off.put(`/api/v1/hazards/${h.id}/five`, { colour: 'red' }), 400, 'colour');
  assertError(await off.put(`/api/v1/hazards/${h.id}/five`, {}), 422);

  // the responsible person: a name needs a phone (or pick a staff user)
  assertError(await off.put(`/api/v1/hazards/${h.id}/five`, { responsible: '张校长' }), 422, 'responsible_phone');
  assertError(await off.put(`/api/v1/hazards/${h.id}/five`, { responsible_id: s2.staff1.id }), 422, 'responsible_id');
  h = (await off.put(`/api/v1/hazards/${h.id}/five`, { responsible: '张校长', responsible_phone: '0730-8123456', measures: '停用北教学楼，拆除重建' })).body;
  assert.equal(h.five.responsible, '张校长');
  assert.equal(h.five.complete, false);
  assert.deepEqual(h.five.missing, ['funds', 'deadline', 'plan']);
  assertError(await act(t1, h.id, 'start'), 422, 'funds');
  const r5 = await off.put(`/api/v1/hazards/${h.id}/five`, { funds: 1200000, deadline: iso(deadline), plan: '学生分流至南教学楼上课的应急预案' });
  assert.equal(r5.status, 200, r5.text);
  h = r5.body;
  assert.equal(h.five.complete, true);
  assert.equal(h.five.funds, 1200000);
  assert.ok(h.history.some((e) => e.action === 'five'));

  // the principal approves the plan; nobody else
  assertError(await act(t1, h.id, 'start'), 422, 'plan_approved', 'plan_not_approved');
  assertError(await act(off, h.id, 'approve_plan'), 403, undefined, 'forbidden_role');
  assertError(await act(county, h.id, 'approve_plan'), 403, undefined, 'forbidden_role');
  let seen = (await pr.get(`/api/v1/hazards/${h.id}`)).body;
  assert.ok(seen.allowed_actions.includes('approve_plan'));
  h = await ok(pr, h.id, 'approve_plan');
  assert.equal(h.plan_approved, true);
  assert.equal(h.plan_approved_by, s1.principal.id);
  assertError(await act(pr, h.id, 'approve_plan'), 409, undefined, 'already_approved');

  // changing the plan's substance after approval sends it back to the principal
  h = (await off.put(`/api/v1/hazards/${h.id}/five`, { measures: '停用北教学楼，原址拆除重建' })).body;
  assert.equal(h.plan_approved, false, 'a changed plan needs a new approval');
  assert.ok(h.history.at(-1).note.includes('重新审批'));
  assertError(await act(t1, h.id, 'start'), 422, 'plan_approved', 'plan_not_approved');
  h = (await off.put(`/api/v1/hazards/${h.id}/five`, { measures: '停用北教学楼，原址拆除重建' })).body;
  assert.equal(h.plan_approved, false, 'sending the same text again changes nothing');
  h = await ok(pr, h.id, 'approve_plan');
  assert.equal(h.plan_approved, true);

  // interim safeguards are required too
  assertError(await act(t1, h.id, 'start'), 422, 'safeguards', 'safeguards_missing');
  h = (await off.put(`/api/v1/hazards/${h.id}/five`, { safeguards: '设置围挡和警示标志，专人值守' })).body;
  assert.equal(h.five.safeguards, '设置围挡和警示标志，专人值守');
  assert.equal(h.plan_approved, true, 'interim safeguards do not touch the approval');

  // listed by the county already (not by the school), visible to the city
  assertError(await act(pr, h.id, 'supervise'), 403, undefined, 'forbidden_role');
  assertError(await act(insp, h.id, 'supervise'), 403, undefined, 'forbidden_role');
  assertError(await act(county, h.id, 'supervise'), 409, undefined, 'already_supervised');
  // the county sees actions on it: 催办 (recorded in the history)
  seen = (await county.get(`/api/v1/hazards/${h.id}`)).body;
  assert.ok(seen.allowed_actions.includes('urge'));
  assertError(await act(pr, h.id, 'urge'), 403);
  h = await ok(county, h.id, 'urge', { note: '请于本周内完成学生分流' });
  assert.equal(h.urge_count, 1);
  const cityList = await city.get(`/api/v1/hazards?org=${w.city.id}&supervised=1`);
  assert.equal(cityList.status, 200);
  assert.deepEqual(cityList.body.items.map((x) => x.id), [h.id]);
  const other = await w.countyAdminB.client.get(`/api/v1/hazards?supervised=1`);
  assert.equal(other.body.total, 0, 'the neighbouring county does not see it');

  h = await ok(t1, h.id, 'start');
  assert.equal(h.state, 'rectifying');
  h = await ok(t1, h.id, 'submit', { photo_ids: [await photo(t1, s1.org.id), await photo(t1, s1.org.id)], note: '危房已拆除' });
  assert.equal(h.photos.filter((p) => p.kind === 'after').length, 2);
  assertError(await act(insp, h.id, 'reject', { reason: 'x' }), 403, undefined, 'forbidden_role');
  assertError(await act(county, h.id, 'reject'), 422, 'reason');
  h = await ok(county, h.id, 'reject', { reason: '新建教学楼尚未验收' });
  h = await ok(t1, h.id, 'submit', { photo_ids: [await photo(t1, s1.org.id)], note: '新楼已验收' });
  h = await ok(off, h.id, 'verify', { note: '学校验收合格' });
  assert.equal(h.state, 'verified', '待督办单位销号');
  assertError(await act(off, h.id, 'close', { note: '销号' }), 403, undefined, 'supervised_close');
  assertError(await act(pr, h.id, 'close', { note: '销号' }), 403, undefined, 'supervised_close');
  h = await ok(county, h.id, 'close', { note: '准予销号' });
  assert.equal(h.state, 'closed');
  assertError(await off.put(`/api/v1/hazards/${h.id}/five`, { measures: '改' }), 409, 'state');
  assertError(await act(county, h.id, 'supervise'), 409, 'state');

  const notice = (await w.admin.get(`/api/v1/hazards/${h.id}/notice`)).body;
  assert.equal(notice.number, n0.number, 'the same 文号 on every reprint');
  assert.equal(notice.issued_date, n0.issued_date);
  assert.equal(notice.school_name, s1.org.name);
  seen = (await w.admin.get(`/api/v1/hazards/${h.id}`)).body;
  assert.deepEqual(seen.history.map((e) => e.action), ['report', 'supervise', 'assign', 'five', 'five', 'approve_plan', 'five',
    'five', 'approve_plan', 'five', 'urge', 'start', 'submit', 'reject', 'submit', 'verify', 'close']);
});

test('general hazards have no five implementations, plan or supervision', async () => {
  const h = await report(s2.officer.client, s2.org.id, { title: '消防栓无水', category: 'fire' });
  assert.equal(h.supervised, false);
  assertError(await s2.officer.client.put(`/api/v1/hazards/${h.id}/five`, { responsible: '王' }), 409, 'grade', 'not_major');
  assertError(await act(w.countyAdminA.client, h.id, 'supervise'), 409, 'grade', 'not_major');
  assertError(await act(s2.principal.client, h.id, 'approve_plan'), 409, 'grade', 'not_major');
  // a general hazard starts without any of them
  await ok(s2.officer.client, h.id, 'assign', { rectifier_id: s2.staff1.id });
  const started = await ok(s2.staff1.client, h.id, 'start');
  assert.equal(started.state, 'rectifying');
});

test('a major off-campus hazard is listed and may be forwarded; another school may not approve', async () => {
  let h = await report(s1.officer.client, s1.org.id, { title: '学校周边河道无防护栏', category: 'drowning', grade: 'major', off_campus: true });
  assertError(await act(s2.principal.client, h.id, 'approve_plan'), 404, 'id');
  assert.equal(h.supervised, true);
  assertError(await act(w.cityAdmin.client, h.id, 'supervise'), 409, undefined, 'already_supervised');
  const forwarded = await ok(s1.officer.client, h.id, 'forward', { department: '县水利局', contact: '刘工 0730-5550123', follow_up: iso(Date.now() + 10 * DAY) });
  assert.equal(forwarded.state, 'forwarded');
});
