// The closed loop held to the seeds' rules (issue 12): every hazard runs
// against a clock from the moment it is found (交办 limit, 待交办超时), a
// major hazard is listed for 挂牌督办 by its county at once with a numbered
// 整改通知书, only the supervising bureau confirms its 销号, 催办 and
// downgrades are the bureau's, forwarding (移交) is for off-campus hazards
// only and stays under follow-up until the bureau records the outcome, and
// 立行立改 goes straight to verification by someone else.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { world, assertError, BASE } from './lib.mjs';
import { writeFileSync, unlinkSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DAY, iso, photo, report, act, ok, runJobs, stats } from './hazard_lib.mjs';

const HOUR = 3600 * 1000;
let w, s1, s2, s3;
before(async () => {
  w = await world();
  [s1, s2, s3] = w.schools; // s1, s2 in county A; s3 in county B
});

test('the assignment limit is a root bureau setting: 24 h, 4 h for a major hazard', async () => {
  const cur = (await s1.officer.client.get('/api/v1/hazard-settings')).body;
  assert.equal(cur.assign_hours, 24);
  assert.equal(cur.assign_hours_major, 4);
  assertError(await w.countyAdminA.client.put('/api/v1/hazard-settings', { assign_hours: 12 }), 403);
  assertError(await w.admin.put('/api/v1/hazard-settings', { assign_hours: 0 }), 422, 'assign_hours');
  assertError(await w.admin.put('/api/v1/hazard-settings', { assign_hours: 'x' }), 400, 'assign_hours');
  assertError(await w.admin.put('/api/v1/hazard-settings', { assign_hours_major: 48 }), 422, 'assign_hours_major');
  assert.equal((await w.admin.get('/api/v1/hazard-settings')).body.assign_hours_major, 4, 'nothing written');
});

test('an unassigned hazard past the limit is overdue (待交办超时) and escalates', async () => {
  const g = await report(s1.staff1.client, s1.org.id, { title: '走廊应急灯不亮', category: 'fire' });
  const m = await report(s1.staff1.client, s1.org.id, { title: '食堂燃气管道泄漏', category: 'fire', grade: 'major' });
  assert.ok(Math.abs(Date.parse(g.deadline) - Date.parse(g.found_at) - 24 * HOUR) < 1000, 'general: 24 h');
  assert.ok(Math.abs(Date.parse(m.deadline) - Date.parse(m.found_at) - 4 * HOUR) < 1000, 'major: 4 h');
  const before = await stats(w.admin, w.countyA.id);
  // five hours later only the major one is late
  await runJobs(w.admin, Date.parse(m.found_at) + 5 * HOUR);
  let hm = (await s1.officer.client.get(`/api/v1/hazards/${m.id}`)).body;
  let hg = (await s1.officer.client.get(`/api/v1/hazards/${g.id}`)).body;
  assert.equal(hm.overdue, true);
  assert.equal(hm.overdue_kind, 'assign');
  assert.equal(hm.escalation_level, 1, 'escalates like a late rectification');
  assert.equal(hm.escalated_org_id, w.countyA.id);
  assert.ok(hm.history.some((e) => e.action === 'overdue' && e.note === '待交办超时'));
  assert.equal(hg.overdue, false);
  let st = await stats(w.admin, w.countyA.id);
  assert.equal(st.assign_overdue, before.assign_overdue + 1);
  const od = await w.countyAdminA.client.get(`/api/v1/hazards?org=${w.countyA.id}&overdue=1`);
  assert.ok(od.body.items.some((x) => x.id === m.id));
  // a day later the general one too
  await runJobs(w.admin, Date.parse(g.found_at) + 25 * HOUR);
  hg = (await s1.officer.client.get(`/api/v1/hazards/${g.id}`)).body;
  assert.equal(hg.overdue_kind, 'assign');
  st = await stats(w.admin, w.countyA.id);
  assert.equal(st.assign_overdue, before.assign_overdue + 2);
  // assigning it ends 待交办超时 (the escalation stays on record)
  hg = await ok(s1.officer.client, g.id, 'assign', { rectifier_id: s1.staff2.id });
  assert.equal(hg.overdue, false);
  assert.equal(hg.escalation_level, 1);
  st = await stats(w.admin, w.countyA.id);
  assert.equal(st.assign_overdue, before.assign_overdue + 1);
  assert.equal(st.major_open, before.major_open);
});

test('a major hazard is listed by the county with a numbered notice; only the county closes it', async () => {
  const off = s1.officer.client, pr = s1.principal.client, t1 = s1.staff1.client, county = w.countyAdminA.client;
  const st0 = await stats(w.admin, w.countyA.id);
  let h = await report(t1, s1.org.id, { title: '实验楼危化品柜未上锁', category: 'lab', grade: 'major', source: 'patrol', location: '实验楼二楼' });
  assert.equal(h.supervised, true);
  assert.equal(h.supervise_org_id, w.countyA.id);
  assert.equal(h.supervise_org_name, w.countyA.name);
  assert.ok(h.notice_no && /〔\d{4}〕\d+号$/.test(h.notice_no), h.notice_no);
  assert.equal(h.notice_org_name, w.countyA.name);
  assert.equal((await stats(w.admin, w.countyA.id)).major_open, st0.major_open + 1);
  // the numbers of one county have no gaps
  const h2 = await report(t1, s1.org.id, { title: '配电房门锁损坏', category: 'electrical', grade: 'major' });
  const n1 = Number(h.notice_no.match(/(\d+)号$/)[1]), n2 = Number(h2.notice_no.match(/(\d+)号$/)[1]);
  assert.equal(n2, n1 + 1);
  // another county's school is numbered by its own county
  const hb = await report(s3.officer.client, s3.org.id, { title: '围墙倾斜', category: 'building', grade: 'major' });
  assert.equal(hb.supervise_org_id, w.countyB.id);

  // the notice: JSON and PDF say the same; the wording follows the state
  const n = (await off.get(`/api/v1/hazards/${h.id}/notice`)).body;
  assert.equal(n.number, h.notice_no);
  assert.equal(n.issuer, w.countyA.name);
  assert.equal(n.listed, true);
  assert.match(n.paragraphs[0], /日常巡查/);
  assert.match(n.paragraphs[0], /挂牌督办/);
  assert.match(n.paragraphs[1], /不得擅自销号/);
  assert.match(n.issued_date, /^\d{4}-\d\d-\d\d$/); // a date, YYYY-MM-DD
  assert.match(n.words.issued_date, /^\d{4}年\d{1,2}月\d{1,2}日$/); // as printed
  assert.match(n.found_date, /^\d{4}-\d\d-\d\d$/);
  const pdf = await fetch(`${BASE}/api/v1/hazards/${h.id}/notice.pdf`, { headers: { Authorization: `Bearer ${off.token}` } });
  assert.equal(pdf.status, 200);
  assert.match(pdf.headers.get('content-type'), /application\/pdf/);
  // the PDF says what the JSON says
  const file = path.join(tmpdir(), `xa-notice-${process.pid}-${h.id}.pdf`);
  writeFileSync(file, Buffer.from(await pdf.arrayBuffer()));
  const txt = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  unlinkSync(file);
  for (const part of [n.number, n.issuer, n.words.issued_date, n.title, n.paragraphs[0], n.paragraphs[1]])
    assert.ok(txt.includes(part.replace(/\s+/g, '')), `the PDF holds: ${part}`);
  // a later reprint is the same, even after the clock moved on
  await runJobs(w.admin, Date.now() + 3 * DAY);
  assert.deepEqual((await off.get(`/api/v1/hazards/${h.id}/notice`)).body, n);
  // other subtrees see nothing
  assertError(await s2.officer.client.get(`/api/v1/hazards/${h.id}/notice`), 404, 'id');
  assertError(await w.countyAdminB.client.get(`/api/v1/hazards/${h.id}/notice.pdf`), 404, 'id');

  // the county's buttons on a listed hazard: 催办, 等级 (not 当前无需您处理)
  let seen = (await county.get(`/api/v1/hazards/${h.id}`)).body;
  assert.ok(seen.allowed_actions.includes('urge') && seen.allowed_actions.includes('regrade'), JSON.stringify(seen.allowed_actions));
  assertError(await act(w.countyAdminB.client, h.id, 'urge'), 404, 'id');
  assertError(await act(off, h.id, 'urge'), 403);
  h = await ok(county, h.id, 'urge');
  assert.equal(h.history.at(-1).action, 'urge');
  assert.match(h.history.at(-1).note, /催办/);

  // the school works it off
  h = await ok(off, h.id, 'assign', { rectifier_id: s1.staff2.id, deadline: iso(Date.now() + 10 * DAY) });
  h = (await off.put(`/api/v1/hazards/${h.id}/five`, {
    responsible_id: s1.principal.id, measures: '更换带锁危化品柜，双人双锁管理', funds: 8000,
    deadline: iso(Date.now() + 9 * DAY), plan: '危化品泄漏应急处置预案', safeguards: '临时转移至储藏室并专人看管',
  })).body;
  assert.equal(h.five.complete, true, JSON.stringify(h.five));
  assert.equal(h.five.responsible_id, s1.principal.id);
  h = await ok(pr, h.id, 'approve_plan');
  h = await ok(s1.staff2.client, h.id, 'start');
  h = await ok(s1.staff2.client, h.id, 'submit', { photo_ids: [await photo(s1.staff2.client, s1.org.id)], note: '已更换' });
  h = await ok(off, h.id, 'verify', { note: '学校验收合格' });
  assert.equal(h.state, 'verified'); // 待督办单位销号
  // the school's own safety officer cannot 销号 a listed hazard; nor can a township or another county
  assertError(await act(off, h.id, 'close', { note: '销号' }), 403, undefined, 'supervised_close');
  assertError(await act(pr, h.id, 'close', { note: '销号' }), 403, undefined, 'supervised_close');
  assertError(await act(w.countyAdminB.client, h.id, 'close', { note: '销号' }), 404, 'id');
  seen = (await county.get(`/api/v1/hazards/${h.id}`)).body;
  assert.deepEqual(seen.allowed_actions, ['close']);
  assertError(await act(county, h.id, 'close'), 422, 'note');
  h = await ok(county, h.id, 'close', { note: '经复核，准予销号，摘牌' });
  assert.equal(h.state, 'closed');
  assert.equal((await stats(w.admin, w.countyA.id)).major_open, st0.major_open + 1, 'h2 is still open');
});

test('a downgrade needs the bureau and a reason; an upgrade lists the hazard', async () => {
  const off = s2.officer.client, county = w.countyAdminA.client;
  let h = await report(off, s2.org.id, { title: '操场看台栏杆松动', category: 'building', grade: 'major' });
  assertError(await act(off, h.id, 'regrade', { grade: 'general', reason: '误报' }), 403, 'grade', 'downgrade_needs_bureau');
  assertError(await act(s2.principal.client, h.id, 'regrade', { grade: 'general', reason: '误报' }), 403);
  assertError(await act(county, h.id, 'regrade', { grade: 'general' }), 422, 'reason', 'required');
  assertError(await act(county, h.id, 'regrade', { grade: 'major' }), 422, 'grade');
  assertError(await act(county, h.id, 'regrade', { grade: 'huge' }), 422, 'grade');
  assertError(await act(w.countyAdminB.client, h.id, 'regrade', { grade: 'general', reason: 'x' }), 404, 'id');
  h = await ok(county, h.id, 'regrade', { grade: 'general', reason: '经现场复核，栏杆已临时加固，不构成重大隐患' });
  assert.equal(h.grade, 'general');
  assert.equal(h.supervised, false, '摘牌');
  assert.equal(h.history.at(-1).action, 'regrade');
  assert.match(h.history.at(-1).note, /重大隐患 → 一般隐患/);
  assert.match(h.history.at(-1).reason, /复核/);

  // the school may raise a general hazard to major: listed by the county at once
  let g = await report(off, s2.org.id, { title: '教学楼外墙瓷砖脱落', category: 'building' });
  assert.equal(g.supervised, false);
  g = await ok(off, g.id, 'regrade', { grade: 'major', note: '面积扩大' });
  assert.equal(g.grade, 'major');
  assert.ok(Math.abs(Date.parse(g.deadline) - Date.parse(g.found_at) - 4 * HOUR) < 1000, 'the major limit (4 h) from discovery');
  assert.equal(g.supervised, true);
  assert.equal(g.supervise_org_id, w.countyA.id);
  assert.ok(g.notice_no);
});

test('forwarding is for off-campus hazards and stays under follow-up until the bureau records the outcome', async () => {
  const off = s1.officer.client, county = w.countyAdminA.client;
  const st0 = await stats(w.admin, w.countyA.id);
  const inside = await report(off, s1.org.id, { title: '消防栓被遮挡', category: 'fire' });
  const body = { department: '县城市管理综合执法局', contact: '王科长 0730-1234567', follow_up: iso(Date.now() + 7 * DAY) };
  assertError(await act(off, inside.id, 'forward', body), 409, 'off_campus', 'not_off_campus');
  assertError(await act(county, inside.id, 'forward', body), 409, 'off_campus');
  let h = await report(off, s1.org.id, { title: '校门口流动摊点占道', category: 'surroundings', off_campus: true });
  assertError(await act(off, h.id, 'forward', { ...body, follow_up: 'next week' }), 422, 'follow_up');
  assertError(await act(off, h.id, 'forward', { ...body, follow_up: iso(Date.now() - 5 * DAY) }), 422, 'follow_up');
  assertError(await act(off, h.id, 'forward', { ...body, contact: '' }), 422, 'contact');
  assertError(await act(s2.officer.client, h.id, 'forward', body), 404, 'id');
  h = await ok(off, h.id, 'forward', body);
  assert.equal(h.state, 'forwarded');
  let st = await stats(w.admin, w.countyA.id);
  assert.equal(st.forwarded, st0.forwarded + 1, 'its own column');
  assert.equal(st.open, st0.open + 1, 'only the on-campus one is open: the forwarded one is not');
  assert.equal(st.by_status.closed, st0.by_status.closed, 'never counts as rectified');
  // the school cannot conclude it; the bureau records the outcome
  assertError(await act(off, h.id, 'conclude', { note: '已清理' }), 403);
  assertError(await act(county, h.id, 'conclude'), 422, 'note');
  h = await ok(county, h.id, 'conclude', { note: '城管已取缔占道摊点，回访无反弹' });
  assert.equal(h.forward_outcome, '城管已取缔占道摊点，回访无反弹');
  assert.ok(h.forward_concluded_at);
  assertError(await act(county, h.id, 'conclude', { note: '再次' }), 409);
  st = await stats(w.admin, w.countyA.id);
  assert.equal(st.forwarded, st0.forwarded);
});

test('立行立改: fixed on the spot with before and after photos, verified by someone else', async () => {
  const t1 = s1.staff1.client;
  const b = await photo(t1, s1.org.id), a = await photo(t1, s1.org.id);
  const base = { title: '楼道杂物堆放', category: 'fire', on_the_spot: true, photo_ids: [b], after_photo_ids: [a], fix_note: '已当场清理' };
  assertError(await t1.post('/api/v1/hazards', { school_id: s1.org.id, grade: 'major', ...base }), 422, 'on_the_spot');
  assertError(await t1.post('/api/v1/hazards', { school_id: s1.org.id, grade: 'general', ...base, photo_ids: [] }), 422, 'photo_ids');
  assertError(await t1.post('/api/v1/hazards', { school_id: s1.org.id, grade: 'general', ...base, after_photo_ids: [] }), 422, 'after_photo_ids');
  assertError(await t1.post('/api/v1/hazards', { school_id: s1.org.id, grade: 'general', ...base, after_photo_ids: ['x'] }), 400, 'after_photo_ids');
  const h = await report(t1, s1.org.id, base);
  assert.equal(h.state, 'submitted');
  assert.equal(h.onspot, true);
  assert.deepEqual(h.photos.map((p) => p.kind).sort(), ['after', 'before']);
  // a refused action leaves nothing: no history, no audit row, the same version
  const audit = async () => (await w.admin.get(`/api/v1/audit?entity=hazard&entity_id=${h.id}&per_page=100`)).body.items;
  const a0 = await audit();
  assert.deepEqual(a0.map((x) => x.action), ['create']);
  assertError(await act(t1, h.id, 'verify'), 403);
  const h1 = (await t1.get(`/api/v1/hazards/${h.id}`)).body;
  assert.equal(h1.version, h.version);
  assert.equal(h1.history.length, h.history.length);
  assert.equal((await audit()).length, a0.length);
  const v = await ok(s1.officer.client, h.id, 'verify', { note: '复核属实' });
  assert.equal(v.state, 'verified');
  // the verification wrote exactly its own audit row, by the officer
  const fresh = (await audit()).filter((x) => !a0.some((y) => y.id === x.id));
  assert.deepEqual(fresh.map((x) => [x.action, x.user_id]), [['verify', s1.officer.id]]);
  const c = await ok(s1.officer.client, h.id, 'close', { note: '销号' });
  assert.equal(c.state, 'closed');
});

test('the ledger list: unclosed, date range, assigned to me, by urgency', async () => {
  const off = s2.officer.client;
  const a = await report(off, s2.org.id, { title: '台账-甲', category: 'fire' });
  const b = await report(off, s2.org.id, { title: '台账-乙', category: 'fire' });
  await ok(off, b.id, 'assign', { rectifier_id: s2.staff1.id, deadline: iso(Date.now() + 2 * HOUR) });
  const c = await report(off, s2.org.id, { title: '台账-丙', category: 'fire' });
  await ok(off, c.id, 'assign', { rectifier_id: s2.staff1.id });
  await ok(s2.staff1.client, c.id, 'start');
  await ok(s2.staff1.client, c.id, 'submit', { photo_ids: [await photo(s2.staff1.client, s2.org.id)], note: '好了' });
  await ok(off, c.id, 'verify');
  await ok(off, c.id, 'close', { note: '销号' });
  const q = (s) => off.get(`/api/v1/hazards?org=${s2.org.id}&per_page=200&${s}`);
  const unclosed = (await q('unclosed=1')).body.items.map((x) => x.id);
  assert.ok(unclosed.includes(a.id) && unclosed.includes(b.id) && !unclosed.includes(c.id));
  const mine = await s2.staff1.client.get(`/api/v1/hazards?org=${s2.org.id}&mine=1&per_page=200`);
  assert.deepEqual(mine.body.items.map((x) => x.id).sort(), [b.id, c.id].sort());
  // urgency: open ones first, the nearest deadline first
  const urgent = (await q('sort=urgency&unclosed=1')).body.items.map((x) => x.id);
  assert.ok(urgent.indexOf(b.id) < urgent.indexOf(a.id), 'b is due in 2 h, a in 24 h');
  const today = new Date(Date.now() + 8 * HOUR).toISOString().slice(0, 10);
  const ranged = (await q(`from=${today}&to=${today}`)).body;
  assert.ok(ranged.items.some((x) => x.id === a.id));
  assert.equal((await q('from=2001-01-01&to=2001-01-31')).body.total, 0);
  assertError(await q('from=yesterday'), 400, 'from');
  assertError(await q('sort=colour'), 400, 'sort');
  assertError(await q('mine=maybe'), 400, 'mine');
});
