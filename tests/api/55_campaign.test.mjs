// Campaigns (专项行动) and special-period plans (SPEC §8): a bureau drafts a
// campaign with stages and tasks, publishing pushes every task to every
// school of its subtree; schools submit (late after the due date), the bureau
// returns and accepts; progress per school and region; summary; closed means
// no more submissions.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { world, assertError } from './lib.mjs';

let w;
const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
const addDays = (d, n) => new Date(Date.parse(d + 'T00:00:00Z') + n * 864e5).toISOString().slice(0, 10);
const png = () => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...randomBytes(16)]);

before(async () => { w = await world(); });

const body = (orgId, extra = {}) => ({
  org_id: orgId, kind: 'campaign', title: '防溺水专项行动', categories: ['drowning'],
  description: '暑期防溺水', start_date: addDays(today, -10), end_date: addDays(today, 30),
  stages: [
    { name: '动员部署', start_date: addDays(today, -10), end_date: addDays(today, -1), tasks: [
      { title: '召开防溺水专题会议', requirement: '上传会议纪要', due_date: addDays(today, -1), need_text: true },
    ] },
    { name: '排查整治', start_date: today, end_date: addDays(today, 20), tasks: [
      { title: '排查周边水域隐患', due_date: addDays(today, 10), need_photo: false,
        count_fields: [{ key: 'hazards_found', label: '发现隐患' }, { key: 'hazards_fixed', label: '整改隐患' }] },
    ] },
    { name: '总结评估', start_date: addDays(today, 21), end_date: addDays(today, 30), tasks: [
      { title: '报送工作总结', due_date: addDays(today, 30), need_text: true, need_photo: true },
    ] },
  ],
  ...extra,
});

const taskIds = (c) => c.stages.flatMap((s) => s.tasks.map((t) => t.id));

test('draft, edit, publish: one task per school of the subtree and none outside', async () => {
  const [a1, a2, b1] = w.schools;
  const bureau = w.countyAdminA.client;
  const r = await bureau.post('/api/v1/campaigns', body(w.countyA.id));
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.state, 'draft');
  assert.equal(r.body.kind, 'campaign');
  assert.deepEqual(r.body.categories, ['drowning']);
  assert.deepEqual(r.body.stages.map((s) => s.name), ['动员部署', '排查整治', '总结评估']);
  assert.equal(r.body.stages[1].tasks[0].count_fields.length, 2);
  assert.equal(r.body.stages[0].start_date, addDays(today, -10));
  assert.equal(r.body.stages[0].tasks[0].due_date, addDays(today, -1));
  assert.equal(r.body.stages[0].tasks[0].need_text, true);
  const id = r.body.id;

  // a draft takes no submissions
  const [t1] = taskIds(r.body);
  assertError(await a1.officer.client.post('/api/v1/campaign-submissions', { school_id: a1.org.id, task_id: t1, text: 'x' }), 409, 'task_id');
  // the school does not see the draft's tasks
  assert.equal((await a1.officer.client.get(`/api/v1/campaign-tasks`)).body.total, 0);

  // edit the draft: the whole body replaces stages and tasks
  const e = await bureau.patch(`/api/v1/campaigns/${id}`, { ...body(w.countyA.id, { title: '2026 年防溺水专项行动' }), org_id: undefined });
  assert.equal(e.status, 200, e.text);
  assert.equal(e.body.title, '2026 年防溺水专项行动');
  assert.equal(taskIds(e.body).length, 3);
  assert.ok(taskIds(e.body).every((t) => !taskIds(r.body).includes(t)), 'tasks replaced');

  const p = await bureau.post(`/api/v1/campaigns/${id}/publish`);
  assert.equal(p.status, 200, p.text);
  assert.equal(p.body.state, 'published');
  assert.equal(p.body.assignments_made, 6);
  assert.ok(p.body.published_at);
  assert.equal(p.body.figures.total, 6);
  assert.equal(p.body.figures.schools, 2);
  assertError(await bureau.post(`/api/v1/campaigns/${id}/publish`), 409);
  assertError(await bureau.patch(`/api/v1/campaigns/${id}`, { ...body(w.countyA.id), org_id: undefined }), 409);
  assertError(await bureau.del(`/api/v1/campaigns/${id}`), 409);

  const all = await bureau.get(`/api/v1/campaign-tasks?campaign_id=${id}&per_page=50`);
  assert.equal(all.status, 200);
  assert.equal(all.body.total, 6);
  assert.deepEqual([...new Set(all.body.items.map((x) => x.org_id))].sort(), [a1.org.id, a2.org.id].sort());
  // a school sees its own three; the other county's school sees none
  const mine = await a1.principal.client.get('/api/v1/campaign-tasks');
  assert.equal(mine.body.total, 3);
  assert.ok(mine.body.items.every((x) => x.org_id === a1.org.id && x.state === 'pending'));
  assert.equal(mine.body.items.find((x) => x.task_id === taskIds(e.body)[0]).overdue, true);
  assert.equal((await b1.principal.client.get(`/api/v1/campaign-tasks?campaign_id=${id}`)).body.total, 0);
  assert.equal((await w.countyAdminB.client.get(`/api/v1/campaign-tasks?campaign_id=${id}`)).body.total, 0);
  assertError(await w.countyAdminB.client.get(`/api/v1/campaigns/${id}`), 404, 'id');
  // the city above sees the campaign in its list with figures
  const list = await w.cityAdmin.client.get(`/api/v1/campaigns?org=${w.city.id}`);
  const row = list.body.items.find((c) => c.id === id);
  assert.ok(row, 'city sees the county campaign');
  assert.equal(row.figures.total, 6);
  assert.equal(row.figures.done, 0);
  assert.ok(!(await w.countyAdminB.client.get('/api/v1/campaigns')).body.items.some((c) => c.id === id));

  const audit = await w.admin.get(`/api/v1/audit?entity=campaign&entity_id=${id}`);
  assert.deepEqual(audit.body.items.map((x) => x.action).sort(), ['create', 'publish', 'update']);
});

test('submit, late flag, return, resubmit, accept, progress, close', async () => {
  const [a1, a2, b1] = w.schools;
  const bureau = w.countyAdminA.client;
  const c = await bureau.post('/api/v1/campaigns', body(w.countyA.id, { title: '消防安全月' }));
  assert.equal(c.status, 201, c.text);
  const id = c.body.id;
  const [t1, t2, t3] = taskIds(c.body);
  assert.equal((await bureau.post(`/api/v1/campaigns/${id}/publish`)).status, 200);
  const sub = (s, extra) => s.officer.client.post('/api/v1/campaign-submissions', { school_id: s.org.id, ...extra });

  // T1 was due yesterday: a submission now is late; it needs text
  assertError(await sub(a1, { task_id: t1 }), 422, 'text');
  const s1 = await sub(a1, { task_id: t1, text: '已召开专题会议，纪要见附件' });
  assert.equal(s1.status, 201, s1.text);
  assert.equal(s1.body.state, 'submitted');
  assert.equal(s1.body.late, true);
  assert.equal(s1.body.submissions, 1);
  assert.equal(s1.body.org_id, a1.org.id);

  // T2 needs its counts, exactly
  assertError(await sub(a1, { task_id: t2, counts: { hazards_found: 3 } }), 422, 'counts.hazards_fixed');
  assertError(await sub(a1, { task_id: t2, counts: { hazards_found: 3, hazards_fixed: 2, x: 1 } }), 400, 'counts.x');
  assertError(await sub(a1, { task_id: t2, counts: { hazards_found: -1, hazards_fixed: 2 } }), 422, 'counts.hazards_found');
  assertError(await sub(a1, { task_id: t2, counts: { hazards_found: 'a', hazards_fixed: 2 } }), 400, 'counts.hazards_found');
  assertError(await sub(a1, { task_id: t2, counts: { hazards_found: 3, hazards_fixed: 2 }, oops: 1 }), 400, 'oops');
  const s2 = await sub(a1, { task_id: t2, text: '排查河塘 4 处', counts: { hazards_found: 3, hazards_fixed: 2 } });
  assert.equal(s2.status, 201, s2.text);
  assert.equal(s2.body.late, false);
  assert.deepEqual(s2.body.counts, { hazards_found: 3, hazards_fixed: 2 });

  // T3 needs a photo of this school
  assertError(await sub(a1, { task_id: t3, text: '总结' }), 422, 'photo_ids');
  const ph2 = await a2.officer.client.req('POST', `/api/v1/photos?school_id=${a2.org.id}`, png(), { 'Content-Type': 'image/png' });
  assert.equal(ph2.status, 201, ph2.text);
  assertError(await sub(a1, { task_id: t3, text: '总结', photo_ids: [ph2.body.id] }), 422, 'photo_ids[0]');

  // refusals: another school 404, a school outside the region 404, staff 403
  assertError(await a1.officer.client.post('/api/v1/campaign-submissions', { school_id: a2.org.id, task_id: t2, counts: { hazards_found: 1, hazards_fixed: 1 } }), 404, 'school_id');
  assertError(await b1.officer.client.post('/api/v1/campaign-submissions', { school_id: b1.org.id, task_id: t2, counts: { hazards_found: 1, hazards_fixed: 1 } }), 404, 'task_id');
  assertError(await a1.staff1.client.post('/api/v1/campaign-submissions', { school_id: a1.org.id, task_id: t2 }), 403);
  assertError(await sub(a1, { task_id: 999999999 }), 404, 'task_id');
  assertError(await sub(a1, { task_id: 'x' }), 400, 'task_id');

  // the bureau returns T2 with a reason; the school resubmits; accepted closes it
  const list = await bureau.get(`/api/v1/campaign-tasks?campaign_id=${id}&state=submitted`);
  assert.equal(list.body.total, 2);
  const a1t2 = list.body.items.find((x) => x.task_id === t2);
  assertError(await bureau.post(`/api/v1/campaign-tasks/${a1t2.id}/return`, {}), 422, 'reason');
  assertError(await a1.principal.client.post(`/api/v1/campaign-tasks/${a1t2.id}/return`, { reason: 'x' }), 403);
  assertError(await w.countyAdminB.client.post(`/api/v1/campaign-tasks/${a1t2.id}/return`, { reason: 'x' }), 404, 'id');
  const ret = await bureau.post(`/api/v1/campaign-tasks/${a1t2.id}/return`, { reason: '缺少整改照片和台账' });
  assert.equal(ret.status, 200, ret.text);
  assert.equal(ret.body.state, 'returned');
  assert.equal(ret.body.return_reason, '缺少整改照片和台账');
  assertError(await bureau.post(`/api/v1/campaign-tasks/${a1t2.id}/return`, { reason: 'again' }), 409);
  assertError(await bureau.post(`/api/v1/campaign-tasks/${a1t2.id}/accept`), 409);
  const mine = await a1.officer.client.get(`/api/v1/campaign-tasks?campaign_id=${id}`);
  assert.equal(mine.body.items[0].state, 'returned', 'returned tasks come first');

  const again = await sub(a1, { task_id: t2, text: '已补充', counts: { hazards_found: 3, hazards_fixed: 3 } });
  assert.equal(again.status, 201, again.text);
  assert.equal(again.body.state, 'submitted');
  assert.equal(again.body.submissions, 2);
  const acc = await bureau.post(`/api/v1/campaign-tasks/${a1t2.id}/accept`, { note: '材料齐全' });
  assert.equal(acc.status, 200, acc.text);
  assert.equal(acc.body.state, 'accepted');
  assertError(await sub(a1, { task_id: t2, counts: { hazards_found: 3, hazards_fixed: 3 } }), 409, 'task_id');
  const hist = await a1.principal.client.get(`/api/v1/campaign-tasks/${a1t2.id}`);
  assert.equal(hist.status, 200);
  assert.deepEqual(hist.body.submissions_list.map((x) => x.outcome), ['returned', 'accepted']);
  assert.equal(hist.body.submissions_list[0].reason, '缺少整改照片和台账');
  assertError(await a2.principal.client.get(`/api/v1/campaign-tasks/${a1t2.id}`), 404, 'id');

  // progress: a1 has 2 of 3 done (1 late, 1 accepted); a2 nothing, T1 overdue
  const pr = await bureau.get(`/api/v1/campaigns/${id}/progress`);
  assert.equal(pr.status, 200, pr.text);
  assert.equal(pr.body.org.id, w.countyA.id);
  assert.deepEqual({ total: pr.body.figures.total, done: pr.body.figures.done, accepted: pr.body.figures.accepted, late: pr.body.figures.late, overdue: pr.body.figures.overdue, due: pr.body.figures.due },
    { total: 6, done: 2, accepted: 1, late: 1, overdue: 1, due: 2 });
  const r1 = pr.body.rows.find((x) => x.org_id === a1.org.id);
  const r2 = pr.body.rows.find((x) => x.org_id === a2.org.id);
  assert.deepEqual([r1.figures.total, r1.figures.done, r1.figures.accepted, r1.figures.late, r1.figures.overdue, r1.figures.pct], [3, 2, 1, 1, 0, 67]);
  assert.deepEqual([r2.figures.total, r2.figures.done, r2.figures.overdue, r2.figures.pct], [3, 0, 1, 0]);
  // visible up the tree: the city sees the progress; a node outside the region is refused
  const cp = await w.cityAdmin.client.get(`/api/v1/campaigns/${id}/progress?org=${a1.org.id}`);
  assert.equal(cp.status, 200, cp.text);
  assert.equal(cp.body.figures.done, 2);
  assertError(await w.cityAdmin.client.get(`/api/v1/campaigns/${id}/progress?org=${w.countyB.id}`), 404, 'org');
  // count totals for the summary
  const g = await bureau.get(`/api/v1/campaigns/${id}`);
  assert.deepEqual(g.body.count_totals.map((x) => [x.key, x.total]), [['hazards_found', 3], ['hazards_fixed', 3]]);
  const st2 = g.body.stages[1].tasks[0];
  assert.equal(st2.figures.accepted, 1);

  // close with a summary: no more submissions nor reviews
  assertError(await bureau.post(`/api/v1/campaigns/${id}/close`, { summary: 5 }), 400, 'summary');
  const cl = await bureau.post(`/api/v1/campaigns/${id}/close`, { summary: '全县排查河塘 4 处，整改 3 处。' });
  assert.equal(cl.status, 200, cl.text);
  assert.equal(cl.body.state, 'closed');
  assert.equal(cl.body.summary, '全县排查河塘 4 处，整改 3 处。');
  assertError(await bureau.post(`/api/v1/campaigns/${id}/close`), 409);
  const ph = await a2.officer.client.req('POST', `/api/v1/photos?school_id=${a2.org.id}`, png(), { 'Content-Type': 'image/png' });
  assertError(await sub(a2, { task_id: t3, text: '总结', photo_ids: [ph.body.id] }), 409, 'task_id');
  const a1t1 = (await bureau.get(`/api/v1/campaign-tasks?campaign_id=${id}&task_id=${t1}&org=${a1.org.id}`)).body.items[0];
  assert.equal(a1t1.state, 'submitted');
  assertError(await bureau.post(`/api/v1/campaign-tasks/${a1t1.id}/accept`), 409);
  const sm = await bureau.put(`/api/v1/campaigns/${id}/summary`, { summary: '补充：已表扬先进学校。' });
  assert.equal(sm.status, 200, sm.text);
  assert.equal(sm.body.summary, '补充：已表扬先进学校。');
  const audit = await w.admin.get(`/api/v1/audit?entity=campaign_task&entity_id=${a1t2.id}`);
  assert.deepEqual(audit.body.items.map((x) => x.action).sort(), ['accept', 'return', 'submit', 'submit']);
});

test('a special-period plan uses the same mechanism, pushed to every school of the city', async () => {
  const city = w.cityAdmin.client;
  const r = await city.post('/api/v1/campaigns', {
    org_id: w.city.id, kind: 'special_period', title: '国庆假期安全工作方案', start_date: today, end_date: addDays(today, 7),
    stages: [{ name: '假期值守', start_date: today, end_date: addDays(today, 7), tasks: [
      { title: '报送 24 小时值班表', due_date: addDays(today, 1), need_text: true, need_roster: true },
      { title: '节前安全检查', due_date: addDays(today, 2), count_fields: [{ key: 'checked', label: '检查部位' }] },
    ] }],
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.kind, 'special_period');
  const p = await city.post(`/api/v1/campaigns/${r.body.id}/publish`);
  assert.equal(p.body.assignments_made, 6);
  const pr = await city.get(`/api/v1/campaigns/${r.body.id}/progress`);
  assert.deepEqual(pr.body.rows.map((x) => x.org_id).sort(), [w.countyA.id, w.countyB.id].sort());
  assert.deepEqual(pr.body.rows.map((x) => x.figures.total).sort(), [2, 4]);
  // drill down into county B
  const dd = await city.get(`/api/v1/campaigns/${r.body.id}/progress?org=${w.countyB.id}`);
  assert.equal(dd.body.rows.length, 1);
  assert.equal(dd.body.rows[0].kind, 'school');
  // county A's bureau does not see the city's campaign itself, but its schools' tasks
  assertError(await w.countyAdminA.client.get(`/api/v1/campaigns/${r.body.id}`), 404, 'id');
  assert.equal((await w.countyAdminA.client.get(`/api/v1/campaign-tasks?campaign_id=${r.body.id}`)).body.total, 4);
  // the duty-roster task links a published roster of the school itself
  const [a1, a2] = w.schools;
  const rosterTask = r.body.stages[0].tasks[0];
  assert.equal(rosterTask.need_roster, true);
  const subR = (s, extra) => s.officer.client.post('/api/v1/campaign-submissions', { school_id: s.org.id, task_id: rosterTask.id, text: '已排班', ...extra });
  assertError(await subR(a1, {}), 422, 'roster_id');
  const mkRoster = async (s, publish) => {
    const start = addDays(today, 3);
    const ro = await s.officer.client.post('/api/v1/duty-rosters', {
      school_id: s.org.id, title: '国庆值班表', kind: 'routine', start_date: start, end_date: start,
      slots: [{ date: start, leader_id: s.principal.id, staff_ids: [s.staff1.id], is_24h: true, phone: '0730-1234567' }],
    });
    assert.equal(ro.status, 201, ro.text);
    if (publish) assert.equal((await s.officer.client.post(`/api/v1/duty-rosters/${ro.body.id}/publish`)).status, 200);
    return ro.body.id;
  };
  const draftRoster = await mkRoster(a1, false);
  const otherRoster = await mkRoster(a2, true);
  const goodRoster = await mkRoster(a1, true);
  assertError(await subR(a1, { roster_id: draftRoster }), 422, 'roster_id');
  assertError(await subR(a1, { roster_id: otherRoster }), 422, 'roster_id');
  assertError(await subR(a1, { roster_id: 'x' }), 400, 'roster_id');
  const okR = await subR(a1, { roster_id: goodRoster });
  assert.equal(okR.status, 201, okR.text);
  assert.equal(okR.body.roster_id, goodRoster);
  assert.equal(okR.body.roster_title, '国庆值班表');
  assert.equal(okR.body.submissions_list[0].roster_id, goodRoster);

  const sp = await city.get('/api/v1/campaigns?kind=special_period');
  assert.ok(sp.body.items.every((c) => c.kind === 'special_period'));
  assert.ok(sp.body.items.some((c) => c.id === r.body.id));
});

test('refusals: school users cannot create; bad fields name the field and write nothing', async () => {
  const [a1] = w.schools;
  const bureau = w.countyAdminA.client;
  assertError(await a1.principal.client.post('/api/v1/campaigns', body(a1.org.id)), 403);
  assertError(await a1.principal.client.post('/api/v1/campaigns', body(w.countyA.id)), 404, 'org_id');
  assertError(await w.countyAdminB.client.post('/api/v1/campaigns', body(w.countyA.id)), 404, 'org_id');
  assertError(await bureau.post('/api/v1/campaigns', body(a1.org.id)), 422, 'org_id');
  assertError(await bureau.post('/api/v1/campaigns', body(w.countyA.id, { title: '' })), 422, 'title');
  assertError(await bureau.post('/api/v1/campaigns', body(w.countyA.id, { kind: 'party' })), 422, 'kind');
  assertError(await bureau.post('/api/v1/campaigns', body(w.countyA.id, { categories: ['nosuch'] })), 422, 'categories[0]');
  assertError(await bureau.post('/api/v1/campaigns', body(w.countyA.id, { end_date: addDays(today, -20) })), 422, 'end_date');
  assertError(await bureau.post('/api/v1/campaigns', body(w.countyA.id, { start_date: '2026-02-30' })), 422, 'start_date');
  assertError(await bureau.post('/api/v1/campaigns', body(w.countyA.id, { stages: [] })), 422, 'stages');
  assertError(await bureau.post('/api/v1/campaigns', body(w.countyA.id, { extra: 1 })), 400, 'extra');
  const bad = body(w.countyA.id);
  bad.stages[1].tasks[0].due_date = addDays(today, 60);
  assertError(await bureau.post('/api/v1/campaigns', bad), 422, 'stages[1].tasks[0].due_date');
  const bad2 = body(w.countyA.id);
  bad2.stages[0].name = '';
  assertError(await bureau.post('/api/v1/campaigns', bad2), 422, 'stages[0].name');
  const bad3 = body(w.countyA.id);
  bad3.stages[1].tasks[0].count_fields[1].key = 'Bad Key';
  assertError(await bureau.post('/api/v1/campaigns', bad3), 422, 'stages[1].tasks[0].count_fields[1].key');
  const bad4 = body(w.countyA.id);
  bad4.stages[2].tasks[0].need_photo = 'yes';
  assertError(await bureau.post('/api/v1/campaigns', bad4), 400, 'stages[2].tasks[0].need_photo');
  const bad5 = body(w.countyA.id);
  bad5.stages[2].end_date = addDays(today, 31);
  assertError(await bureau.post('/api/v1/campaigns', bad5), 422, 'stages[2].end_date');
  const before = (await bureau.get('/api/v1/campaigns')).body.total;

  // a draft without tasks cannot be published; a draft can be deleted
  const e = await bureau.post('/api/v1/campaigns', body(w.countyA.id, { title: '空任务', stages: [{ name: '动员部署', start_date: today, end_date: today }] }));
  assert.equal(e.status, 201, e.text);
  assertError(await bureau.post(`/api/v1/campaigns/${e.body.id}/publish`), 422, 'stages');
  assertError(await a1.principal.client.post(`/api/v1/campaigns/${e.body.id}/publish`), 404, 'id');
  const d = await bureau.del(`/api/v1/campaigns/${e.body.id}`);
  assert.equal(d.status, 200, d.text);
  assertError(await bureau.get(`/api/v1/campaigns/${e.body.id}`), 404, 'id');
  assert.equal((await bureau.get('/api/v1/campaigns')).body.total, before);
  assertError(await bureau.get('/api/v1/campaign-tasks?state=weird'), 400, 'state');
  assertError(await bureau.get('/api/v1/campaigns?kind=weird'), 400, 'kind');
});

test('two publishes at once: one wins, tasks are made once', async () => {
  const bureau = w.countyAdminA.client;
  const c = await bureau.post('/api/v1/campaigns', body(w.countyA.id, { title: '并发发布' }));
  assert.equal(c.status, 201, c.text);
  const rs = await Promise.all([1, 2, 3].map(() => bureau.post(`/api/v1/campaigns/${c.body.id}/publish`)));
  assert.deepEqual(rs.map((r) => r.status).sort(), [200, 409, 409], rs.map((r) => r.text).join('\n'));
  assert.equal((await bureau.get(`/api/v1/campaign-tasks?campaign_id=${c.body.id}`)).body.total, 6);
  const [a1] = w.schools;
  const t2 = taskIds(c.body)[1];
  const sub = () => a1.officer.client.post('/api/v1/campaign-submissions', { school_id: a1.org.id, task_id: t2, counts: { hazards_found: 1, hazards_fixed: 1 } });
  assert.equal((await sub()).status, 201);
  const aid = (await bureau.get(`/api/v1/campaign-tasks?campaign_id=${c.body.id}&task_id=${t2}&org=${a1.org.id}`)).body.items[0].id;
  const rv = await Promise.all([bureau.post(`/api/v1/campaign-tasks/${aid}/accept`), bureau.post(`/api/v1/campaign-tasks/${aid}/return`, { reason: '并发' })]);
  assert.deepEqual(rv.map((r) => r.status).sort(), [200, 409]);
  const hist = (await bureau.get(`/api/v1/campaign-tasks/${aid}`)).body.submissions_list;
  assert.equal(hist.length, 1);
  assert.ok(['accepted', 'returned'].includes(hist[0].outcome));
});
