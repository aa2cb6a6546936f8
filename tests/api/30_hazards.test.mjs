// A general hazard (一般隐患) through the closed loop: reported by a teacher,
// assigned by the safety officer, rectified with after-photos, rejected once,
// verified by someone other than the rectifier, closed (销号), re-checked
// (回头看) with a rebound, and every refused transition answering a clear 4xx.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { world, assertError, mkOrg, mkUser } from './lib.mjs';
import { DAY, iso, photo, report, act, ok } from './hazard_lib.mjs';

let w, s1, s2;
before(async () => {
  w = await world();
  [s1, s2] = w.schools;
});

const history = (h) => h.history.map((e) => e.action);

test('reporting validates its input and writes nothing on error', async () => {
  const t = s1.staff1.client;
  assertError(await t.post('/api/v1/hazards', { school_id: s1.org.id, category: 'fire', grade: 'general' }), 422, 'title', 'required');
  assertError(await t.post('/api/v1/hazards', { school_id: s1.org.id, title: 'x', category: 'nope', grade: 'general' }), 422, 'category');
  assertError(await t.post('/api/v1/hazards', { school_id: s1.org.id, title: 'x', category: 'fire', grade: 'huge' }), 422, 'grade');
  assertError(await t.post('/api/v1/hazards', { school_id: s1.org.id, title: 'x', category: 'fire', grade: 'general', source: 'rumour' }), 422, 'source');
  assertError(await t.post('/api/v1/hazards', { school_id: s1.org.id, title: 'x', category: 'fire', grade: 'general', bogus: 1 }), 400, 'bogus');
  assertError(await t.post('/api/v1/hazards', { school_id: s1.org.id, title: 'x', category: 'fire', grade: 'general', photo_ids: ['a'] }), 400, 'photo_ids');
  // another school's photo cannot be attached
  const foreign = await photo(s2.officer.client, s2.org.id);
  assertError(await t.post('/api/v1/hazards', { school_id: s1.org.id, title: 'x', category: 'fire', grade: 'general', photo_ids: [foreign] }), 422, 'photo_ids');
  // a county is not a school
  assertError(await w.countyAdminA.client.post('/api/v1/hazards', { school_id: w.countyA.id, title: 'x', category: 'fire', grade: 'general' }), 422, 'school_id');
  // another school is invisible
  assertError(await t.post('/api/v1/hazards', { school_id: s2.org.id, title: 'x', category: 'fire', grade: 'general' }), 404, 'school_id');
  const list = await s1.officer.client.get(`/api/v1/hazards?org=${s1.org.id}`);
  assert.equal(list.body.total, 0, 'nothing was written');
});

test('a general hazard walks through every state', async () => {
  const t1 = s1.staff1.client, t2 = s1.staff2.client, off = s1.officer.client, pr = s1.principal.client;
  const before = await photo(t1, s1.org.id);
  let h = await report(t1, s1.org.id, { title: '一楼配电箱门损坏', category: 'electrical', location: '教学楼一楼', photo_ids: [before], source: 'patrol' });
  assert.equal(h.state, 'reported');
  assert.equal(h.grade, 'general');
  assert.equal(h.school_name, s1.org.name);
  assert.equal(h.reporter_id, s1.staff1.id);
  assert.deepEqual(h.photos.map((p) => [p.id, p.kind]), [[before, 'before']]);
  assert.deepEqual(history(h), ['report']);
  assert.deepEqual(h.allowed_actions, [], 'a teacher may not assign');

  // the officer sees the manager's buttons
  const seen = await off.get(`/api/v1/hazards/${h.id}`);
  assert.equal(seen.status, 200);
  // an on-campus hazard is rectified by the school: no forwarding (issue 12)
  assert.deepEqual(seen.body.allowed_actions.sort(), ['assign', 'regrade']);
  assert.equal(seen.body.notice, undefined, 'the notice has its own address');
  // the clock runs from the report: the assignment limit (24 h for a general hazard)
  assert.ok(Math.abs(Date.parse(seen.body.deadline) - Date.parse(seen.body.found_at) - DAY) < 1000);
  // a general hazard found by the school's own patrol has no notice until a bureau issues one
  assertError(await off.get(`/api/v1/hazards/${h.id}/notice`), 404, 'notice', 'no_notice');
  assertError(await act(off, h.id, 'notice'), 403);
  await ok(w.countyAdminA.client, h.id, 'notice');
  const notice = await off.get(`/api/v1/hazards/${h.id}/notice`);
  assert.equal(notice.status, 200);
  assert.match(notice.body.number, /〔\d{4}〕\d+号$/, 'a 文号 of the county');
  assert.equal(notice.body.issuer, w.countyA.name);
  assert.equal(notice.body.school_name, s1.org.name);
  assert.equal(notice.body.title, h.title);
  assert.equal(notice.body.listed, false);
  assert.match(notice.body.paragraphs[0], /日常巡查/);
  assert.match(notice.body.requirement, /消除隐患/);
  assertError(await act(w.countyAdminA.client, h.id, 'notice'), 409, undefined, 'already_noticed');
  assertError(await s2.officer.client.get(`/api/v1/hazards/${h.id}/notice`), 404);
  assertError(await off.get('/api/v1/hazards/99999999/notice'), 404);

  // wrong role, wrong state, missing rectifier, bad rectifier
  assertError(await act(t1, h.id, 'assign', { rectifier_id: s1.staff2.id }), 403, undefined, 'forbidden_role');
  assertError(await act(off, h.id, 'start'), 403, undefined, 'not_rectifier');
  assertError(await act(off, h.id, 'verify'), 409, 'state', 'bad_state');
  assertError(await act(off, h.id, 'assign'), 422, 'rectifier_id', 'required');
  assertError(await act(off, h.id, 'assign', { rectifier_id: s2.staff1.id }), 422, 'rectifier_id');
  assertError(await act(off, h.id, 'assign', { rectifier_id: s1.staff2.id, deadline: 'tomorrow' }), 422, 'deadline');
  assertError(await act(off, h.id, 'assign', { rectifier_id: s1.staff2.id, deadline: iso(Date.now() - DAY) }), 422, 'deadline', 'deadline_in_past');
  assertError(await act(off, h.id, 'fly'), 422, 'action');
  assertError(await act(off, h.id, 'escalate'), 403, undefined, 'system_only');

  // assign: a general hazard's deadline defaults to 24 h
  h = await ok(off, h.id, 'assign', { rectifier_id: s1.staff2.id, note: '请立即整改' });
  assert.equal(h.state, 'assigned');
  assert.equal(h.rectifier_id, s1.staff2.id);
  const dl = Date.parse(h.deadline);
  assert.ok(Math.abs(dl - (Date.now() + DAY)) < 60000, `deadline ${h.deadline}`);
  assert.match(h.deadline, /\+08:00$/);

  // only the rectifier starts
  assertError(await act(t1, h.id, 'start'), 403, undefined, 'not_rectifier');
  h = await ok(t2, h.id, 'start');
  assert.equal(h.state, 'rectifying');
  assertError(await act(t2, h.id, 'start'), 409, 'state', 'bad_state');

  // submit needs after-photos (of this school) and a note
  assertError(await act(t2, h.id, 'submit', { note: '已更换' }), 422, 'photos', 'photos_required');
  const after1 = await photo(t2, s1.org.id);
  assertError(await act(t2, h.id, 'submit', { photo_ids: [after1] }), 422, 'note', 'required');
  const foreign = await photo(s2.staff1.client, s2.org.id);
  assertError(await act(t2, h.id, 'submit', { photo_ids: [foreign], note: '已更换' }), 422, 'photo_ids');
  h = await ok(t2, h.id, 'submit', { photo_ids: [after1], note: '已更换配电箱门锁' });
  assert.equal(h.state, 'submitted');
  assert.ok(h.photos.some((p) => p.id === after1 && p.kind === 'after'));

  // the rectifier may not verify (and is no manager); a teacher may not reject
  assertError(await act(t2, h.id, 'verify'), 403);
  assertError(await act(t1, h.id, 'reject', { reason: 'x' }), 403, undefined, 'forbidden_role');
  assertError(await act(off, h.id, 'reject'), 422, 'reason', 'required');
  h = await ok(off, h.id, 'reject', { reason: '锁具未安装到位' });
  assert.equal(h.state, 'rectifying');

  const after2 = await photo(t2, s1.org.id);
  h = await ok(t2, h.id, 'submit', { photo_ids: [after2], note: '重新安装锁具' });
  h = await ok(off, h.id, 'verify', { note: '验收合格' });
  assert.equal(h.state, 'verified');
  assertError(await act(off, h.id, 'close'), 422, 'note', 'required');
  assertError(await act(t2, h.id, 'close', { note: 'x' }), 403);
  h = await ok(pr, h.id, 'close', { note: '同意销号' });
  assert.equal(h.state, 'closed');
  assert.ok(h.closed_at);
  assertError(await act(off, h.id, 'close', { note: 'again' }), 409, 'state', 'bad_state');

  // 回头看: the county inspector re-checks; a failure is a rebound
  const insp = w.inspectorA.client;
  assertError(await act(insp, h.id, 'recheck', {}), 422, 'pass');
  assertError(await act(insp, h.id, 'recheck', { pass: false }), 422, 'reason', 'required');
  assertError(await act(t1, h.id, 'recheck', { pass: true }), 403, undefined, 'forbidden_role');
  h = await ok(insp, h.id, 'recheck', { pass: false, reason: '锁具再次损坏' });
  assert.equal(h.state, 'rectifying');
  assert.equal(h.rebounds, 1);
  h = await ok(t2, h.id, 'submit', { photo_ids: [await photo(t2, s1.org.id)], note: '更换为加固锁' });
  h = await ok(pr, h.id, 'verify');
  h = await ok(off, h.id, 'close', { note: '复查后销号' });
  h = await ok(insp, h.id, 'recheck', { pass: true, note: '复查合格' });
  assert.equal(h.state, 'closed');
  assert.ok(h.rechecked_at);
  assert.equal(h.rebounds, 1);

  assert.deepEqual(history(h), ['report', 'notice', 'assign', 'start', 'submit', 'reject', 'submit', 'verify', 'close',
    'recheck', 'submit', 'verify', 'close', 'recheck']);
  const ev = h.history.find((e) => e.action === 'reject');
  assert.equal(ev.actor_id, s1.officer.id);
  assert.equal(ev.reason, '锁具未安装到位');
  assert.equal(ev.from_state, 'submitted');
  assert.equal(ev.to_state, 'rectifying');

  // every transition is audited
  const audit = await w.admin.get(`/api/v1/audit?entity=hazard&entity_id=${h.id}&per_page=100`);
  assert.equal(audit.status, 200);
  const actions = audit.body.items.map((a) => a.action).sort();
  assert.deepEqual(actions, ['assign', 'close', 'close', 'create', 'notice', 'recheck', 'recheck', 'reject', 'start',
    'submit', 'submit', 'submit', 'verify', 'verify'].sort());
  const v = await w.admin.get('/api/v1/audit/verify');
  assert.equal(v.body.intact, true);
});

test('the verifier must not be the rectifier', async () => {
  const off = s1.officer.client;
  let h = await report(s1.staff1.client, s1.org.id, { title: '食堂灭火器过期', category: 'food' });
  h = await ok(off, h.id, 'assign', { rectifier_id: s1.officer.id, deadline: iso(Date.now() + 3 * DAY) });
  h = await ok(off, h.id, 'start');
  h = await ok(off, h.id, 'submit', { photo_ids: [await photo(off, s1.org.id)], note: '已更换' });
  assertError(await act(off, h.id, 'verify'), 403, undefined, 'verifier_is_rectifier');
  assertError(await act(off, h.id, 'reject', { reason: 'x' }), 403, undefined, 'verifier_is_rectifier');
  const seen = await off.get(`/api/v1/hazards/${h.id}`);
  assert.ok(!seen.body.allowed_actions.includes('verify'));
  h = await ok(s1.principal.client, h.id, 'verify');
  assert.equal(h.state, 'verified');
});

test('a reopened closed hazard counts as a rebound', async () => {
  const off = s1.officer.client;
  let h = await report(off, s1.org.id, { title: '楼梯扶手松动', category: 'building' });
  h = await ok(off, h.id, 'assign', { rectifier_id: s1.staff1.id });
  h = await ok(s1.staff1.client, h.id, 'start');
  h = await ok(s1.staff1.client, h.id, 'submit', { photo_ids: [await photo(s1.staff1.client, s1.org.id)], note: '已加固' });
  h = await ok(off, h.id, 'verify');
  h = await ok(off, h.id, 'close', { note: '销号' });
  assertError(await act(off, h.id, 'reopen'), 422, 'reason');
  assertError(await act(s1.staff1.client, h.id, 'reopen', { reason: 'x' }), 403);
  h = await ok(w.countyAdminA.client, h.id, 'reopen', { reason: '督查发现扶手再次松动' });
  assert.equal(h.state, 'rectifying');
  assert.equal(h.rebounds, 1);
  assert.equal(h.closed_at !== undefined, true);
});

test('an off-campus hazard is forwarded to the responsible department', async () => {
  const off = s1.officer.client;
  // an on-campus hazard may not leave the open count that way
  const inside = await report(s1.staff1.client, s1.org.id, { title: '宿舍楼消防通道堵塞', category: 'fire', grade: 'major' });
  assertError(await act(off, inside.id, 'forward', { department: '消防大队', contact: '张 0730-1234567', follow_up: '2030-01-01' }), 409, 'off_campus', 'not_off_campus');
  let h = await report(s1.staff1.client, s1.org.id, { title: '校门口占道经营摊点', category: 'surroundings', off_campus: true });
  assert.equal(h.off_campus, true);
  assertError(await act(off, h.id, 'forward'), 422, 'department', 'required');
  assertError(await act(off, h.id, 'forward', { department: '城管局' }), 422, 'contact', 'required');
  assertError(await act(off, h.id, 'forward', { department: '城管局', contact: '王科长 0730-1234567' }), 422, 'follow_up', 'required');
  assertError(await act(s1.staff1.client, h.id, 'forward', { department: '城管局', contact: '王科长', follow_up: '2030-01-01' }), 403);
  h = await ok(off, h.id, 'forward', { department: '县城市管理综合执法局', contact: '王科长 0730-1234567', follow_up: iso(Date.now() + 7 * DAY), note: '已函告' });
  assert.equal(h.forward_contact, '王科长 0730-1234567');
  assert.ok(h.follow_up_at);
  assert.equal(h.state, 'forwarded');
  assert.equal(h.department, '县城市管理综合执法局');
  assert.ok(h.forwarded_at);
  assertError(await act(off, h.id, 'assign', { rectifier_id: s1.staff1.id }), 409, 'state');
  const list = await off.get(`/api/v1/hazards?org=${s1.org.id}&status=forwarded`);
  assert.ok(list.body.items.some((x) => x.id === h.id));
});

test('other subtrees cannot see or act on a hazard', async () => {
  const h = await report(s1.staff1.client, s1.org.id, { title: '围墙裂缝', category: 'building' });
  assertError(await s2.principal.client.get(`/api/v1/hazards/${h.id}`), 404, 'id');
  assertError(await act(s2.officer.client, h.id, 'assign', { rectifier_id: s2.staff1.id }), 404, 'id');
  assertError(await w.countyAdminB.client.get(`/api/v1/hazards/${h.id}`), 404, 'id');
  assertError(await s2.principal.client.get(`/api/v1/hazards?org=${s1.org.id}`), 404, 'org');
  const l2 = await s2.principal.client.get('/api/v1/hazards?per_page=200');
  assert.ok(!l2.body.items.some((x) => x.id === h.id));
  // the city sees it, an auditor reads but may not act
  assert.equal((await w.cityAdmin.client.get(`/api/v1/hazards/${h.id}`)).status, 200);
  const aud = await mkUser(w.admin, w.countyA.id, 'auditor');
  const seen = await aud.client.get(`/api/v1/hazards/${h.id}`);
  assert.equal(seen.status, 200);
  assert.deepEqual(seen.body.allowed_actions, []);
  assertError(await act(aud.client, h.id, 'assign', { rectifier_id: s1.staff1.id }), 403);
  assertError(await aud.client.post('/api/v1/hazards', { school_id: s1.org.id, title: 'x', category: 'fire', grade: 'general' }), 403);
  assertError(await s1.staff1.client.get('/api/v1/hazards/999999999'), 404, 'id');
});

test('lists filter by status, grade, category and title', async () => {
  const school = await mkOrg(w.admin, w.countyA.id, 'school', '过滤测试学校');
  const off = await mkUser(w.admin, school.id, 'safety_officer');
  const a = await report(off.client, school.id, { title: '实验室试剂柜未上锁', category: 'lab' });
  const b = await report(off.client, school.id, { title: '操场围栏破损', category: 'sports', grade: 'major' });
  const get = async (q) => (await off.client.get(`/api/v1/hazards?org=${school.id}&${q}`)).body;
  assert.equal((await get('')).total, 2);
  assert.deepEqual((await get('category=lab')).items.map((x) => x.id), [a.id]);
  assert.deepEqual((await get('grade=major')).items.map((x) => x.id), [b.id]);
  assert.deepEqual((await get('q=围栏')).items.map((x) => x.id), [b.id]);
  assert.equal((await get('status=closed')).total, 0);
  assert.equal((await get('status=reported&per_page=1')).items.length, 1);
  assertError(await off.client.get(`/api/v1/hazards?org=${school.id}&status=bogus`), 400, 'status');
  assertError(await off.client.get(`/api/v1/hazards?org=${school.id}&overdue=maybe`), 400, 'overdue');
});
