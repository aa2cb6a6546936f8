// 站内消息: every event that puts work on someone writes them a message in
// the event's own transaction (assigned, returned, submitted for checking,
// 挂牌督办, overdue, deadline within 24 h, weekly report late, campaign
// published and returned, a letter to sign, a tip-off, an incident); the
// time-based ones come from the sweep, once each. The inbox is the user's
// only: another user's message is 404, and the words are Chinese with names.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { world, assertError, anon } from './lib.mjs';
import { report, ok, act, photo, runJobs, iso, DAY } from './hazard_lib.mjs';

let w;
before(async () => { w = await world(); });

const inbox = async (c, q = '') => {
  const r = await c.get(`/api/v1/messages${q}`);
  assert.equal(r.status, 200, r.text);
  return r.body;
};
const msgs = async (c, kind) => (await inbox(c, '?per_page=200')).items.filter((m) => !kind || m.kind === kind);
const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
const addDays = (d, n) => new Date(Date.parse(d + 'T00:00:00Z') + n * 864e5).toISOString().slice(0, 10);
// no enum code in what a person reads
const readable = (m) => {
  assert.ok(!/\b(reported|assigned|rectifying|submitted|general|major)\b/.test(m.title + m.body), JSON.stringify(m));
};

test('the hazard loop tells the people it waits on', async () => {
  const [s1, s2] = w.schools;
  const h = await report(s1.staff1.client, s1.org.id, { title: '食堂燃气管道老化' });
  // the principal and the safety officer hear of a new hazard; the reporter does not
  let [m] = (await msgs(s1.principal.client, 'hazard_reported')).filter((x) => x.link === `/hazards/${h.id}`);
  assert.ok(m, 'principal told');
  assert.equal(m.title, '新隐患待交办：食堂燃气管道老化');
  assert.ok(m.body.includes(s1.org.name));
  assert.equal(m.read, false);
  readable(m);
  assert.equal((await msgs(s1.officer.client, 'hazard_reported')).filter((x) => x.link === `/hazards/${h.id}`).length, 1);
  assert.equal((await msgs(s1.staff1.client, 'hazard_reported')).length, 0);
  assert.equal((await msgs(s2.principal.client, 'hazard_reported')).filter((x) => x.link === `/hazards/${h.id}`).length, 0);

  // assigned to a teacher: the teacher, with the deadline and who assigned it
  await ok(s1.principal.client, h.id, 'assign', { rectifier_id: s1.staff2.id, deadline: iso(Date.now() + 3 * DAY) });
  [m] = await msgs(s1.staff2.client, 'hazard_assigned');
  assert.equal(m.title, '隐患交办给您整改：食堂燃气管道老化');
  assert.match(m.body, /整改期限 \d{4}年\d+月\d+日 \d\d:\d\d/);
  assert.ok(m.body.includes(s1.principal.name), m.body);
  assert.equal(m.link, `/hazards/${h.id}`);
  readable(m);

  // submitted: the managers (not the submitter); rejected: the rectifier with the reason
  await ok(s1.staff2.client, h.id, 'start');
  await ok(s1.staff2.client, h.id, 'submit', { photo_ids: [await photo(s1.staff2.client, s1.org.id)], note: '已更换管道' });
  assert.equal((await msgs(s1.officer.client, 'hazard_submitted')).length, 1);
  assert.equal((await msgs(s1.staff2.client, 'hazard_submitted')).length, 0);
  await ok(s1.officer.client, h.id, 'reject', { reason: '接口处仍有异味' });
  [m] = await msgs(s1.staff2.client, 'hazard_rejected');
  assert.equal(m.title, '整改验收未通过，已退回：食堂燃气管道老化');
  assert.ok(m.body.includes('退回原因：接口处仍有异味'));
});

test('挂牌督办, overdue and deadline within 24 h; the sweep tells each once', async () => {
  const [s1] = w.schools;
  // a major hazard is listed by its county as it is reported: the school's
  // managers hear of the 挂牌督办 and of the bureau that supervises it
  const maj = await report(s1.staff1.client, s1.org.id, { title: '宿舍楼消防通道不畅', grade: 'major' });
  assert.equal(maj.supervised, true);
  assertError(await act(w.countyAdminA.client, maj.id, 'supervise'), 409, undefined, 'already_supervised');
  const sup = (await msgs(s1.principal.client, 'hazard_supervised')).filter((x) => x.link === `/hazards/${maj.id}`);
  assert.equal(sup.length, 1);
  assert.equal(sup[0].title, '隐患被挂牌督办：宿舍楼消防通道不畅');
  assert.ok(sup[0].body.includes(`督办单位 ${w.countyA.name}`), sup[0].body);
  readable(sup[0]);
  assert.equal((await msgs(s1.officer.client, 'hazard_supervised')).filter((x) => x.link === `/hazards/${maj.id}`).length, 1);
  assert.equal((await msgs(s1.staff1.client, 'hazard_supervised')).length, 0, 'the reporter is no manager');
  // the bureau's 催办 of a listed hazard (urge): the rectifier and the managers hear it
  await ok(s1.principal.client, maj.id, 'assign', { rectifier_id: s1.staff2.id, deadline: iso(Date.now() + 30 * DAY) });
  await ok(w.countyAdminA.client, maj.id, 'urge', { note: '请于本周内落实五落实' });
  const urged = (await msgs(s1.staff2.client, 'hazard_reminded')).filter((x) => x.link === `/hazards/${maj.id}`);
  assert.equal(urged.length, 1);
  assert.equal(urged[0].title, '督办单位催办：宿舍楼消防通道不畅');
  assert.ok(urged[0].body.includes('催办要求：请于本周内落实五落实') && urged[0].body.includes(w.countyAdminA.name), urged[0].body);
  readable(urged[0]);
  assert.equal((await msgs(s1.principal.client, 'hazard_reminded')).filter((x) => x.link === `/hazards/${maj.id}`).length, 1);
  assert.equal((await msgs(s1.staff1.client, 'hazard_reminded')).length, 0, 'not the reporter');
  // a general hazard raised to major is listed at once: the same message
  const up = await report(s1.staff1.client, s1.org.id, { title: '配电箱漏电' });
  assert.equal((await msgs(s1.principal.client, 'hazard_supervised')).filter((x) => x.link === `/hazards/${up.id}`).length, 0);
  assert.equal((await ok(s1.officer.client, up.id, 'regrade', { grade: 'major' })).supervised, true);
  const upm = (await msgs(s1.principal.client, 'hazard_supervised')).filter((x) => x.link === `/hazards/${up.id}`);
  assert.equal(upm.length, 1);
  assert.equal(upm[0].title, '隐患被挂牌督办：配电箱漏电');
  assert.ok(upm[0].body.includes(`督办单位 ${w.countyA.name}`), upm[0].body);

  const soon = await report(s1.staff1.client, s1.org.id, { title: '操场围栏松动' });
  await ok(s1.principal.client, soon.id, 'assign', { rectifier_id: s1.staff1.id, deadline: iso(Date.now() + 30 * 3600e3) });
  const short = await report(s1.staff1.client, s1.org.id, { title: '黑板松动' });
  await ok(s1.principal.client, short.id, 'assign', { rectifier_id: s1.staff1.id, deadline: iso(Date.now() + 20 * 3600e3) });
  const late = await report(s1.staff1.client, s1.org.id, { title: '楼梯扶手断裂' });
  await ok(s1.principal.client, late.id, 'assign', { rectifier_id: s1.staff1.id, deadline: iso(Date.now() + 3600e3) });
  await runJobs(w.admin);
  assert.equal((await msgs(s1.staff1.client, 'hazard_due')).filter((x) => x.link === `/hazards/${soon.id}`).length, 0, 'not yet within 24 h');
  await runJobs(w.admin, Date.now() + 7 * 3600e3);
  let due = (await msgs(s1.staff1.client, 'hazard_due')).filter((x) => x.link === `/hazards/${soon.id}`);
  assert.equal(due.length, 1);
  assert.equal(due[0].title, '隐患整改期限不足24小时：操场围栏松动');
  await runJobs(w.admin, Date.now() + 7 * 3600e3 + 60e3);
  assert.equal((await msgs(s1.staff1.client, 'hazard_due')).filter((x) => x.link === `/hazards/${soon.id}`).length, 1, 'once');
  // assigned with less than 24 h: the assignment told the deadline already
  assert.equal((await msgs(s1.staff1.client, 'hazard_due')).filter((x) => x.link === `/hazards/${short.id}`).length, 0);

  await runJobs(w.admin, Date.now() + 2 * 3600e3);
  await runJobs(w.admin, Date.now() + 3 * 3600e3);
  const od = (await msgs(s1.staff1.client, 'hazard_overdue')).filter((x) => x.link === `/hazards/${late.id}`);
  assert.equal(od.length, 1, 'once');
  assert.equal(od[0].title, '隐患整改已逾期：楼梯扶手断裂');
  assert.equal((await msgs(s1.principal.client, 'hazard_overdue')).filter((x) => x.link === `/hazards/${late.id}`).length, 1);
  // escalated to the county: its bureau admin hears of it
  const esc = (await msgs(w.countyAdminA.client, 'hazard_escalated')).filter((x) => x.link === `/hazards/${late.id}`);
  assert.equal(esc.length, 1);
  assert.equal((await msgs(w.countyAdminB.client, 'hazard_escalated')).length, 0);
});

test('campaign published and returned; a letter to sign; a tip-off and an incident reach the bureau', async () => {
  const [s1, s2, s3] = w.schools;
  const bureau = w.countyAdminA.client;
  const c = await bureau.post('/api/v1/campaigns', {
    org_id: w.countyA.id, kind: 'campaign', title: '防溺水专项行动', categories: ['drowning'],
    start_date: today, end_date: addDays(today, 20),
    stages: [{ name: '排查', start_date: today, end_date: addDays(today, 20), tasks: [
      { title: '排查周边水域', due_date: addDays(today, 7), need_text: true }] }],
  });
  assert.equal(c.status, 201, c.text);
  assert.equal((await bureau.post(`/api/v1/campaigns/${c.body.id}/publish`)).status, 200);
  let [m] = await msgs(s2.officer.client, 'campaign_published');
  assert.equal(m.title, '专项行动已发布：防溺水专项行动');
  assert.ok(m.body.includes(w.countyA.name) && m.body.includes('1 项任务'), m.body);
  assert.equal((await msgs(s3.officer.client, 'campaign_published')).length, 0);
  const taskId = c.body.stages[0].tasks[0].id;
  const sub = await s1.officer.client.post('/api/v1/campaign-submissions', { school_id: s1.org.id, task_id: taskId, text: '已排查' });
  assert.equal(sub.status, 201, sub.text);
  const list = await bureau.get(`/api/v1/campaign-tasks?campaign_id=${c.body.id}&state=submitted`);
  const asg = list.body.items.find((x) => x.org_id === s1.org.id);
  assert.equal((await bureau.post(`/api/v1/campaign-tasks/${asg.id}/return`, { reason: '缺少照片' })).status, 200);
  [m] = await msgs(s1.principal.client, 'campaign_returned');
  assert.equal(m.title, '专项任务被退回：排查周边水域');
  assert.ok(m.body.includes('退回原因：缺少照片'));

  const l = await bureau.post('/api/v1/resp-letters', { org_id: w.countyA.id, year: 2032, title: '2032 年度安全目标责任书', content: '第一责任人', user_ids: [s2.principal.id] });
  assert.equal(l.status, 201, l.text);
  [m] = await msgs(s2.principal.client, 'letter_to_sign');
  assert.equal(m.title, '请签署安全责任书：2032 年度安全目标责任书');
  assert.equal(m.link, '/resp/letters');

  const tip = await anon.post('/api/v1/public/tipoffs', { county: w.countyA.code, school_id: s1.org.id, category: 'fire', description: '器材室堆满纸箱，张老师抽烟', contact: '13912345678', location: '器材室' });
  assert.equal(tip.status, 201, tip.text);
  [m] = await msgs(w.countyAdminA.client, 'tipoff_received');
  assert.equal(m.title, `收到新的举报：${s1.org.name}`);
  assert.equal(m.body, '举报类别：消防。请及时受理。');
  assert.ok(!JSON.stringify(m).includes('13912345678') && !JSON.stringify(m).includes('张老师'), 'no tipster data');
  assert.equal((await msgs(w.countyAdminB.client, 'tipoff_received')).length, 0);
  assert.equal((await msgs(s1.principal.client, 'tipoff_received')).length, 0);

  const inc = await s1.staff1.client.post('/api/v1/incidents', {
    school_id: s1.org.id, title: '学生溺水', category: 'drowning', grade: 'general', summary: '放学后一名学生在河边落水，已救起送医。',
    occurred_at: new Date(Date.now() - 600e3).toISOString(), injuries: 1,
  });
  assert.equal(inc.status, 201, inc.text);
  for (const u of [w.countyAdminA, w.cityAdmin]) {
    [m] = await msgs(u.client, 'incident_reported');
    assert.ok(m, `told: ${u.username}`);
    assert.equal(m.title, `事故快报：${s1.org.name} 学生溺水`);
    // the grade follows the counts (no deaths, no serious injury: 一般)
    assert.ok(m.body.startsWith('一般事故，死亡 0 人，受伤 1 人'), m.body);
  }
  assert.equal((await msgs(w.countyAdminB.client, 'incident_reported')).length, 0);
});

test('weekly report late: each school that missed it, once', async () => {
  const [s1, s2, s3] = w.schools;
  // county A's reports are due at the very end of each week
  assert.equal((await w.countyAdminA.client.put('/api/v1/reports/settings', { org_id: w.countyA.id, weekly_deadline_minutes: 0 })).status, 200);
  const t = (await s2.officer.client.get('/api/v1/me/todo')).body;
  const week = t.kinds.find((k) => k.kind === 'weekly_due').items[0].week;
  const [, wy, wn] = week.match(/^(\d{4})-W(\d\d)$/);
  const title = `${wy}年第${Number(wn)}周周报已逾期未报送`;
  assert.equal((await s2.officer.client.post('/api/v1/reports/weekly/submit', { org_id: s2.org.id, week })).status, 201);
  // a week on, this week's report is late for s1 only
  await runJobs(w.admin, Date.now() + 7 * DAY);
  await runJobs(w.admin, Date.now() + 7 * DAY + 60e3);
  const m = (await msgs(s1.principal.client, 'weekly_late')).filter((x) => x.title === title);
  assert.equal(m.length, 1, JSON.stringify(m));
  assert.equal(m[0].link, '/reports/weekly');
  assert.match(m[0].body, /^截止时间 \d{4}年\d+月\d+日 00:00 已过，请尽快补报。$/);
  assert.equal((await msgs(s1.officer.client, 'weekly_late')).filter((x) => x.title === title).length, 1);
  assert.equal((await msgs(s2.principal.client, 'weekly_late')).filter((x) => x.title === title).length, 0, 'submitted');
  assert.equal((await msgs(s1.staff1.client, 'weekly_late')).length, 0, 'teachers do not file it');
  assert.ok((await msgs(s3.principal.client, 'weekly_late')).filter((x) => x.title === title).length <= 1);
});

test('the inbox: mine only, unread count, mark read, mark all read', async () => {
  const [s1, s2] = w.schools;
  assertError(await anon.get('/api/v1/messages'), 401);
  const mine = await inbox(s1.principal.client);
  assert.ok(mine.total >= 3 && mine.unread >= 3, JSON.stringify(mine).slice(0, 300));
  assert.equal((await s1.principal.client.get('/api/v1/messages/unread-count')).body.unread, mine.unread);
  const first = mine.items[0];
  assert.ok(mine.items.every((m, i) => i === 0 || m.id < mine.items[i - 1].id), 'newest first');
  // somebody else's message: absent from their list, 404 to mark
  const other = await inbox(s2.principal.client, '?per_page=200');
  assert.ok(!other.items.some((m) => m.id === first.id));
  assertError(await s2.principal.client.post(`/api/v1/messages/${first.id}/read`), 404, 'id');
  assertError(await s1.principal.client.post('/api/v1/messages/99999999/read'), 404, 'id');
  assertError(await s1.principal.client.post(`/api/v1/messages/${first.id}/read`, { really: true }), 400, 'really');
  assertError(await s1.principal.client.get('/api/v1/messages?unread=maybe'), 400, 'unread');
  assertError(await s1.principal.client.get('/api/v1/messages?per_page=0'), 400);
  assert.equal((await inbox(s1.principal.client)).items[0].read, false, 'still unread after the refusals');

  const r = await s1.principal.client.post(`/api/v1/messages/${first.id}/read`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.unread, mine.unread - 1);
  const again = await s1.principal.client.post(`/api/v1/messages/${first.id}/read`);
  assert.equal(again.body.unread, mine.unread - 1, 'idempotent');
  const unreadOnly = await inbox(s1.principal.client, '?unread=1&per_page=200');
  assert.equal(unreadOnly.total, mine.unread - 1);
  assert.ok(!unreadOnly.items.some((m) => m.id === first.id));
  const read = (await inbox(s1.principal.client, '?per_page=200')).items.find((m) => m.id === first.id);
  assert.equal(read.read, true);
  assert.match(read.read_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
  assert.match(read.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);

  const otherUnread = (await inbox(s2.principal.client)).unread;
  const all = await s1.principal.client.post('/api/v1/messages/read-all');
  assert.equal(all.status, 200);
  assert.equal(all.body.marked, mine.unread - 1);
  assert.equal((await inbox(s1.principal.client)).unread, 0);
  assert.equal((await inbox(s2.principal.client)).unread, otherUnread, 'the other user untouched');
});
