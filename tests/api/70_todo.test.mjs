// 我的待办 (GET /me/todo): each person's to-do list computed from the state
// of things — a principal's hazards to assign and verify, a teacher's hazards
// to rectify and patrols to do today, weekly reports due and late, campaign
// tasks to submit and to review, letters to sign, rosters to publish,
// incidents waiting for their written report, tip-offs to accept, hazards to
// re-check, escalated and supervised hazards for the bureau. Nobody sees
// another school's or county's work.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { world, assertError, anon } from './lib.mjs';
import { report, ok, act, photo, runJobs, iso, DAY } from './hazard_lib.mjs';

let w;
before(async () => { w = await world(); });

const todo = async (c) => {
  const r = await c.get('/api/v1/me/todo');
  assert.equal(r.status, 200, r.text);
  assert.equal(typeof r.body.total, 'number');
  return r.body;
};
const kind = (t, k) => t.kinds.find((x) => x.kind === k);
const count = (t, k) => kind(t, k)?.count || 0;
const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
const addDays = (d, n) => new Date(Date.parse(d + 'T00:00:00Z') + n * 864e5).toISOString().slice(0, 10);

test('a new hazard waits on the principal (待交办), then the rectifier (待整改), then the verifier (待验收)', async () => {
  const [s1, s2] = w.schools;
  assertError(await anon.get('/api/v1/me/todo'), 401);
  const h = await report(s1.staff1.client, s1.org.id, { title: '实验室灭火器过期' });
  let t = await todo(s1.principal.client);
  const k = kind(t, 'assign');
  assert.ok(k, JSON.stringify(t));
  assert.equal(k.title, '待交办');
  assert.ok(k.items.some((i) => i.title === '实验室灭火器过期' && i.link === `/hazards/${h.id}`));
  assert.ok(t.total >= k.count);
  // another school's principal does not see it
  t = await todo(s2.principal.client);
  assert.ok(!(kind(t, 'assign')?.items || []).some((i) => i.link === `/hazards/${h.id}`));
  // the teacher has nothing to rectify yet
  assert.equal(count(await todo(s1.staff2.client), 'rectify'), 0);

  await ok(s1.principal.client, h.id, 'assign', { rectifier_id: s1.staff2.id });
  t = await todo(s1.principal.client);
  assert.ok(!(kind(t, 'assign')?.items || []).some((i) => i.link === `/hazards/${h.id}`));
  t = await todo(s1.staff2.client);
  assert.equal(kind(t, 'rectify').title, '待整改');
  assert.ok(kind(t, 'rectify').items.some((i) => i.link === `/hazards/${h.id}` && i.sub === s1.org.name && i.due_at));
  assert.equal(count(await todo(s1.staff1.client), 'rectify'), 0, 'only the rectifier');

  await ok(s1.staff2.client, h.id, 'start');
  await ok(s1.staff2.client, h.id, 'submit', { photo_ids: [await photo(s1.staff2.client, s1.org.id)], note: '已更换' });
  assert.equal(count(await todo(s1.staff2.client), 'rectify'), 0);
  t = await todo(s1.officer.client);
  assert.ok(kind(t, 'verify').items.some((i) => i.link === `/hazards/${h.id}`));
  assert.equal(count(await todo(s2.officer.client), 'verify'), 0);
  await ok(s1.officer.client, h.id, 'verify');
  assert.equal(count(await todo(s1.officer.client), 'verify'), 0);
});

test('weekly reports: 周报待报 and 已逾期 for the school, 逾期未报 schools for the county', async () => {
  const [s1, s2, s3] = w.schools;
  // the county's reports are due at the very end of each week: last week's is late
  const st = await w.countyAdminA.client.put('/api/v1/reports/settings', { org_id: w.countyA.id, weekly_deadline_minutes: 0 });
  assert.equal(st.status, 200, st.text);
  let t = await todo(s1.officer.client);
  assert.equal(count(t, 'weekly_late'), 1, JSON.stringify(t));
  assert.match(kind(t, 'weekly_late').items[0].title, /^\d{4}年第\d+周周报$/);
  assert.equal(kind(t, 'weekly_late').items[0].late, true);
  assert.equal(count(t, 'weekly_due'), 1);
  const week = kind(t, 'weekly_due').items[0].week;
  const r = await s1.officer.client.post('/api/v1/reports/weekly/submit', { org_id: s1.org.id, week });
  assert.equal(r.status, 201, r.text);
  t = await todo(s1.officer.client);
  assert.equal(count(t, 'weekly_due'), 0);
  assert.equal(count(t, 'weekly_late'), 1);
  const late = kind(t, 'weekly_late').items[0].week;
  assert.equal((await s1.officer.client.post('/api/v1/reports/weekly/submit', { org_id: s1.org.id, week: late })).status, 201);
  assert.equal(count(await todo(s1.officer.client), 'weekly_late'), 0);
  // teachers do not file reports
  assert.equal(count(await todo(s1.staff1.client), 'weekly_due'), 0);

  // the county sees its one school still missing last week's report, not county B's
  t = await todo(w.countyAdminA.client);
  const k = kind(t, 'weekly_missing');
  assert.equal(k.count, 1, JSON.stringify(t));
  assert.deepEqual(k.items.map((i) => i.title), [s2.org.name]);
  assert.ok(!k.items.some((i) => i.title === s3.org.name));
});

test('campaign tasks: 待报送 at the school, 待审核 at the bureau that issued them', async () => {
  const [s1, s2, s3] = w.schools;
  const bureau = w.countyAdminA.client;
  const c = await bureau.post('/api/v1/campaigns', {
    org_id: w.countyA.id, kind: 'campaign', title: '校园消防安全专项行动', categories: ['fire'],
    start_date: today, end_date: addDays(today, 20),
    stages: [{ name: '排查', start_date: today, end_date: addDays(today, 20), tasks: [
      { title: '开展消防设施排查', due_date: addDays(today, 7), need_text: true }] }],
  });
  assert.equal(c.status, 201, c.text);
  assert.equal(count(await todo(s1.principal.client), 'campaign_submit'), 0, 'a draft waits on nobody');
  assert.equal((await bureau.post(`/api/v1/campaigns/${c.body.id}/publish`)).status, 200);
  let t = await todo(s1.principal.client);
  assert.ok(kind(t, 'campaign_submit').items.some((i) => i.title === '开展消防设施排查' && i.sub === '校园消防安全专项行动' && i.due_date));
  assert.equal(count(await todo(s3.principal.client), 'campaign_submit'), 0, 'county B has no task');
  const taskId = c.body.stages[0].tasks[0].id;
  const sub = await s1.officer.client.post('/api/v1/campaign-submissions', { school_id: s1.org.id, task_id: taskId, text: '已排查完毕' });
  assert.equal(sub.status, 201, sub.text);
  assert.equal(count(await todo(s1.principal.client), 'campaign_submit'), 0);
  assert.equal(count(await todo(s2.principal.client), 'campaign_submit'), 1);
  t = await todo(bureau);
  assert.equal(count(t, 'campaign_review'), 1);
  assert.equal(kind(t, 'campaign_review').items[0].sub, s1.org.name);
  assert.equal(count(await todo(w.countyAdminB.client), 'campaign_review'), 0);
});

test('a letter to sign, a roster to publish, an incident waiting for its written report', async () => {
  const [s1] = w.schools;
  const Y = 2031;
  const l = await w.countyAdminA.client.post('/api/v1/resp-letters', { org_id: w.countyA.id, year: Y, title: `${Y} 年度学校安全工作目标责任书`, content: '校长是第一责任人', user_ids: [s1.principal.id] });
  assert.equal(l.status, 201, l.text);
  let t = await todo(s1.principal.client);
  assert.equal(kind(t, 'sign_letter').items[0].title, `${Y} 年度学校安全工作目标责任书`);
  assert.equal(kind(t, 'sign_letter').items[0].sub, w.countyA.name);
  assert.equal(count(await todo(s1.officer.client), 'sign_letter'), 0, 'only the addressee');
  const letterId = l.body.items ? l.body.items[0].id : l.body[0]?.id ?? l.body.letters?.[0]?.id;
  const signed = await s1.principal.client.post(`/api/v1/resp-letters/${letterId}/sign`, {});
  assert.equal(signed.status, 200, signed.text);
  assert.equal(count(await todo(s1.principal.client), 'sign_letter'), 0);

  const start = addDays(today, 10);
  const ro = await s1.officer.client.post('/api/v1/duty-rosters', {
    school_id: s1.org.id, title: '元旦值班表', kind: 'holiday', start_date: start, end_date: start,
    slots: [{ date: start, leader_id: s1.principal.id, staff_ids: [s1.staff1.id], is_24h: true, phone: '0730-1234567' }],
  });
  assert.equal(ro.status, 201, ro.text);
  t = await todo(s1.principal.client);
  assert.ok(kind(t, 'duty_publish').items.some((i) => i.title === '元旦值班表' && i.start_date === start));
  assert.equal((await s1.officer.client.post(`/api/v1/duty-rosters/${ro.body.id}/publish`, {})).status, 200);
  assert.equal(count(await todo(s1.principal.client), 'duty_publish'), 0);

  const inc = await s1.staff1.client.post('/api/v1/incidents', {
    school_id: s1.org.id, title: '学生课间摔伤', category: 'sports', grade: 'general', summary: '一名学生摔伤，已送医。',
    occurred_at: new Date(Date.now() - 600e3).toISOString(), injuries: 1,
  });
  assert.equal(inc.status, 201, inc.text);
  t = await todo(s1.officer.client);
  assert.ok(kind(t, 'incident_written').items.some((i) => i.title === '学生课间摔伤' && i.due_at));
  assert.equal(count(await todo(s1.staff1.client), 'incident_written'), 0, 'the school managers file it');
});

test('a tip-off waits on its county; patrols due today wait on the assigned teacher', async () => {
  const [s1, , s3] = w.schools;
  const tip = await anon.post('/api/v1/public/tipoffs', { county: w.countyA.code, school_id: s1.org.id, category: 'fire', description: '消防通道被杂物堵死', contact: '13800000000' });
  assert.equal(tip.status, 201, tip.text);
  let t = await todo(w.countyAdminA.client);
  assert.ok(kind(t, 'tipoff_accept').items.some((i) => i.sub === s1.org.name && i.title === '消防类举报'));
  assert.ok(!JSON.stringify(t).includes('13800000000'));
  assert.equal(count(await todo(w.countyAdminB.client), 'tipoff_accept'), 0);
  assert.equal(count(await todo(s1.principal.client), 'tipoff_accept'), 0);

  const o = s1.officer.client;
  const mk = async (name, freq) => {
    const r = await o.post('/api/v1/risk-points', { school_id: s1.org.id, name, category: 'fire', location: '一楼', patrol_frequency: freq });
    assert.equal(r.status, 201, r.text);
    return r.body;
  };
  const p1 = await mk('配电房', 'daily'), p2 = await mk('锅炉房', 'daily');
  const list = (await o.post('/api/v1/checklists', { school_id: s1.org.id, name: '每日检查', category: 'fire', items: [{ content: '设施完好' }] })).body;
  const plan = await o.post('/api/v1/patrol-plans', { school_id: s1.org.id, name: '设备间每日巡查', frequency: 'daily', points: [p1.id, p2.id], assignees: [s1.staff1.id] });
  assert.equal(plan.status, 201, plan.text);
  t = await todo(s1.staff1.client);
  let k = kind(t, 'patrol_today');
  assert.equal(k.count, 2, JSON.stringify(t));
  assert.equal(k.items[0].title, '设备间每日巡查');
  assert.deepEqual(k.items[0].points.map((p) => p.name).sort(), ['配电房', '锅炉房']);
  assert.equal(count(await todo(s1.staff2.client), 'patrol_today'), 0, 'not assigned');
  assert.equal(count(await todo(s3.staff1.client), 'patrol_today'), 0);
  // one point patrolled: one left
  await o.patch(`/api/v1/risk-points/${p1.id}`, { checklist_id: list.id });
  const pt = (await o.get(`/api/v1/risk-points/${p1.id}`)).body;
  const rec = await s1.staff1.client.post('/api/v1/patrols', { risk_point_id: p1.id, plan_id: plan.body.id, qr_token: pt.qr_token, results: (pt.checklist?.items || list.items).map((i) => ({ item_id: i.id, result: 'pass' })) });
  assert.equal(rec.status, 201, rec.text);
  k = kind(await todo(s1.staff1.client), 'patrol_today');
  assert.equal(k.count, 1);
  assert.deepEqual(k.items[0].points.map((p) => p.name), ['锅炉房']);
  // the school's managers see the school's plans
  assert.equal(count(await todo(s1.officer.client), 'patrol_today') >= 1, true);
});

test('the bureau: escalated, supervised and re-check hazards; the inspector: re-checks', async () => {
  const [s1, s2] = w.schools;
  const root = w.admin;
  // a general hazard left overdue is escalated to the county
  const h = await report(s2.staff1.client, s2.org.id, { title: '围墙裂缝' });
  await ok(s2.principal.client, h.id, 'assign', { rectifier_id: s2.staff1.id, deadline: iso(Date.now() + 3600e3) });
  await runJobs(root, Date.now() + 2 * 3600e3);
  let t = await todo(w.countyAdminA.client);
  assert.ok(kind(t, 'escalated').items.some((i) => i.link === `/hazards/${h.id}` && i.late === true), JSON.stringify(t));
  assert.equal(count(await todo(w.countyAdminB.client), 'escalated'), 0);

  // a major hazard is listed for 挂牌督办 by its county at once; verified by
  // the school it waits on that bureau to strike off (待督办单位销号)
  const pr = s1.principal.client, off = s1.officer.client;
  const deadline = Date.now() + 30 * DAY;
  let m = await report(s1.staff1.client, s1.org.id, { title: '北教学楼墙体开裂', grade: 'major' });
  assert.equal(m.supervised, true, 'listed automatically');
  assert.equal(m.supervise_org_id, w.countyA.id);
  assertError(await act(w.countyAdminA.client, m.id, 'supervise'), 409, undefined, 'already_supervised');
  const five = await off.put(`/api/v1/hazards/${m.id}/five`, { responsible: '张校长', responsible_phone: '0730-8123456', measures: '停用', funds: 1000, deadline: iso(deadline), plan: '分流', safeguards: '设置围挡' });
  assert.equal(five.status, 200, five.text);
  await ok(pr, m.id, 'approve_plan');
  await ok(pr, m.id, 'assign', { rectifier_id: s1.staff1.id, deadline: iso(deadline) });
  await ok(s1.staff1.client, m.id, 'start');
  await ok(s1.staff1.client, m.id, 'submit', { photo_ids: [await photo(s1.staff1.client, s1.org.id)], note: '已加固' });
  assert.equal(count(await todo(w.countyAdminA.client), 'supervise_close'), 0, 'not verified yet');
  m = await ok(pr, m.id, 'verify');
  assert.equal(m.state, 'verified');
  assert.equal(m.supervised, true, '待督办单位销号');
  t = await todo(w.countyAdminA.client);
  assert.equal(kind(t, 'supervise_close').title, '待督办销号');
  assert.ok(kind(t, 'supervise_close').items.some((i) => i.link === `/hazards/${m.id}` && i.title === '北教学楼墙体开裂' && i.sub === s1.org.name), JSON.stringify(t));
  assert.equal(count(await todo(w.countyAdminB.client), 'supervise_close'), 0);
  assert.equal(count(await todo(pr), 'supervise_close'), 0, 'the school does not strike it off');
  // only the supervising bureau closes it; until then it stays in its to-do
  assertError(await act(pr, m.id, 'close', { note: '验收合格销号' }), 403, undefined, 'supervised_close');
  assert.ok(kind(await todo(w.countyAdminA.client), 'supervise_close').items.some((i) => i.link === `/hazards/${m.id}`));
  // closed: after the re-check delay it waits on a re-check (回头看)
  await ok(w.countyAdminA.client, m.id, 'close', { note: '验收合格销号' });
  assert.equal(count(await todo(w.countyAdminA.client), 'supervise_close'), 0);
  await runJobs(root, Date.now() + 31 * DAY);
  t = await todo(w.inspectorA.client);
  assert.ok(kind(t, 'recheck').items.some((i) => i.link === `/hazards/${m.id}`), JSON.stringify(t));
  assert.ok(kind(await todo(pr), 'recheck').items.some((i) => i.link === `/hazards/${m.id}`));
  assert.equal(count(await todo(w.schools[2].principal.client), 'recheck'), 0);
  m = await ok(w.inspectorA.client, m.id, 'recheck', { pass: true, note: '无反弹' });
  assert.equal(count(await todo(w.inspectorA.client), 'recheck'), 0);
  assertError(await act(s1.staff1.client, m.id, 'recheck', { pass: true }), 403);
});
