// 催办 / 催报: a bureau reminds one hazard's rectifier, or every school of its
// region missing this week's report or a campaign task, with a note. The
// school reads it as a message and in its to-do; it is recorded in the
// hazard's history and the audit; once per target per hour (429); another
// county's objects are 404; schools and teachers cannot remind.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { world, assertError } from './lib.mjs';
import { report, ok, photo, iso, DAY } from './hazard_lib.mjs';

let w;
before(async () => { w = await world(); });

const msgs = async (c, kind) => (await c.get('/api/v1/messages?per_page=200')).body.items.filter((m) => m.kind === kind);
const todo = async (c) => (await c.get('/api/v1/me/todo')).body;
const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
const addDays = (d, n) => new Date(Date.parse(d + 'T00:00:00Z') + n * 864e5).toISOString().slice(0, 10);

test('催办 one hazard: the rectifier hears it, history and audit record it, once an hour', async () => {
  const [s1, , s3] = w.schools;
  const h = await report(s1.staff1.client, s1.org.id, { title: '教学楼外墙瓷砖脱落' });
  await ok(s1.principal.client, h.id, 'assign', { rectifier_id: s1.staff2.id });
  const county = w.countyAdminA.client;

  // refusals: wrong role, other county, bad input
  assertError(await s1.principal.client.post(`/api/v1/hazards/${h.id}/remind`, { note: '快' }), 403);
  assertError(await s1.staff1.client.post(`/api/v1/hazards/${h.id}/remind`, {}), 403);
  assertError(await w.inspectorA.client.post(`/api/v1/hazards/${h.id}/remind`, {}), 403);
  assertError(await w.countyAdminB.client.post(`/api/v1/hazards/${h.id}/remind`, { note: '快' }), 404, 'id');
  assertError(await county.post(`/api/v1/hazards/${h.id}/remind`, { note: 5 }), 400, 'note');
  assertError(await county.post(`/api/v1/hazards/${h.id}/remind`, { note: 'x'.repeat(501) }), 422, 'note');
  assertError(await county.post(`/api/v1/hazards/${h.id}/remind`, { colour: 'red' }), 400, 'colour');
  assertError(await county.post('/api/v1/hazards/99999999/remind', {}), 404, 'id');

  const r = await county.post(`/api/v1/hazards/${h.id}/remind`, { note: '汛期将至，请本周内完成' });
  assert.equal(r.status, 200, r.text);
  const [m] = await msgs(s1.staff2.client, 'hazard_reminded');
  assert.equal(m.title, '催办：教学楼外墙瓷砖脱落');
  assert.ok(m.body.includes('催办说明：汛期将至，请本周内完成') && m.body.includes(w.countyAdminA.name), m.body);
  assert.equal(m.link, `/hazards/${h.id}`);
  assert.equal((await msgs(s1.staff1.client, 'hazard_reminded')).length, 0, 'only the rectifier');
  // in the rectifier's to-do and the school's
  const t = await todo(s1.staff2.client);
  const k = t.kinds.find((x) => x.kind === 'reminded');
  assert.ok(k.items.some((i) => i.title === '催办：教学楼外墙瓷砖脱落' && i.sub === `${w.countyA.name}：汛期将至，请本周内完成`), JSON.stringify(t));
  assert.ok((await todo(s1.principal.client)).kinds.find((x) => x.kind === 'reminded'));
  assert.ok(!(await todo(s3.principal.client)).kinds.find((x) => x.kind === 'reminded'));
  // history and audit
  const got = (await county.get(`/api/v1/hazards/${h.id}`)).body;
  const ev = got.history.find((e) => e.action === 'remind');
  assert.ok(ev, JSON.stringify(got.history));
  assert.equal(ev.note, '汛期将至，请本周内完成');
  const audit = (await w.admin.get(`/api/v1/audit?entity=hazard&entity_id=${h.id}`)).body;
  assert.ok(JSON.stringify(audit).includes('remind'), 'audited');

  // a second reminder within the hour: 429, nothing written
  const again = await w.cityAdmin.client.post(`/api/v1/hazards/${h.id}/remind`, { note: '再催' });
  assertError(again, 429, undefined, 'rate_limited');
  assert.match(again.body.error.message, /一小时内已催办过/);
  assert.equal((await msgs(s1.staff2.client, 'hazard_reminded')).length, 1);

  // a closed hazard needs no reminder
  await ok(s1.staff2.client, h.id, 'start');
  await ok(s1.staff2.client, h.id, 'submit', { photo_ids: [await photo(s1.staff2.client, s1.org.id)], note: '瓷砖已重新铺贴' });
  await ok(s1.officer.client, h.id, 'verify');
  await ok(s1.principal.client, h.id, 'close', { note: '验收合格销号' });
  assertError(await county.post(`/api/v1/hazards/${h.id}/remind`, {}), 409, 'state');
  // nor one handed to another department (only an off-campus hazard is forwarded)
  const h2 = await report(s1.staff1.client, s1.org.id, { title: '校门外占道经营', off_campus: true });
  await ok(s1.principal.client, h2.id, 'forward', { department: '城管局', contact: '李科长 0730-8234567', follow_up: iso(Date.now() + 7 * DAY) });
  assertError(await county.post(`/api/v1/hazards/${h2.id}/remind`, {}), 409, 'state');
});

test('催报 the weekly report: the schools still missing it, not those that filed, once an hour', async () => {
  const [s1, s2, s3] = w.schools;
  const t = await todo(s1.officer.client);
  const week = t.kinds.find((k) => k.kind === 'weekly_due').items[0].week;
  assert.equal((await s2.officer.client.post('/api/v1/reports/weekly/submit', { org_id: s2.org.id, week })).status, 201);
  const county = w.countyAdminA.client;

  assertError(await s1.principal.client.post('/api/v1/reports/weekly/remind', { org_id: w.countyA.id, week }), 404, 'org_id');
  assertError(await w.inspectorA.client.post('/api/v1/reports/weekly/remind', { org_id: w.countyA.id, week }), 403);
  assertError(await county.post('/api/v1/reports/weekly/remind', { org_id: w.countyB.id, week }), 404, 'org_id');
  assertError(await county.post('/api/v1/reports/weekly/remind', { org_id: w.city.id, week }), 404, 'org_id');
  assertError(await county.post('/api/v1/reports/weekly/remind', { week }), 422, 'org_id');
  assertError(await county.post('/api/v1/reports/weekly/remind', { org_id: 'x', week }), 400, 'org_id');
  assertError(await county.post('/api/v1/reports/weekly/remind', { org_id: w.countyA.id, week: '2026-48' }), 422, 'week');
  assertError(await county.post('/api/v1/reports/weekly/remind', { org_id: w.countyA.id, week: '2026-W99' }), 422, 'week');
  assertError(await county.post('/api/v1/reports/weekly/remind', { org_id: s1.org.id, week }), 422, 'org_id');

  const r = await county.post('/api/v1/reports/weekly/remind', { org_id: w.countyA.id, week, note: '请于周五前报送' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.reminded, 1);
  assert.equal(r.body.skipped, 0);
  const [y, n] = week.split('-W');
  const [m] = await msgs(s1.principal.client, 'reminder');
  assert.equal(m.title, `催报：${y}年第${Number(n)}周周报尚未报送`);
  assert.ok(m.body.startsWith(w.countyA.name) && m.body.includes('请于周五前报送'), m.body);
  assert.equal((await msgs(s1.officer.client, 'reminder')).length, 1);
  assert.equal((await msgs(s2.principal.client, 'reminder')).length, 0, 'filed');
  assert.equal((await msgs(s3.principal.client, 'reminder')).length, 0, 'other county');
  const k = (await todo(s1.principal.client)).kinds.find((x) => x.kind === 'reminded');
  assert.ok(k.items.some((i) => i.title === `催报：${y}年第${Number(n)}周周报` && i.link === '/reports/weekly'));

  // within the hour, from the city too: nobody new to remind → 429
  const again = await w.cityAdmin.client.post('/api/v1/reports/weekly/remind', { org_id: w.countyA.id, week });
  assertError(again, 429, undefined, 'rate_limited');
  assert.match(again.body.error.message, /一小时内已催报过/);
  // the city reaches county B's school, skips county A's
  const city = await w.cityAdmin.client.post('/api/v1/reports/weekly/remind', { org_id: w.city.id, week });
  assert.equal(city.status, 200, city.text);
  assert.deepEqual([city.body.reminded, city.body.skipped], [1, 1]);
  assert.equal((await msgs(s3.principal.client, 'reminder')).length, 1);
  // once the report is filed the reminder leaves the to-do
  assert.equal((await s1.officer.client.post('/api/v1/reports/weekly/submit', { org_id: s1.org.id, week })).status, 201);
  const k2 = (await todo(s1.principal.client)).kinds.find((x) => x.kind === 'reminded');
  assert.ok(!(k2?.items || []).some((i) => i.link === '/reports/weekly'));
  // nothing left to remind: 409
  assertError(await county.post('/api/v1/reports/weekly/remind', { org_id: w.countyA.id, week }), 409);
});

test('催报 a campaign task: the schools whose task is pending or returned', async () => {
  const [s1, s2] = w.schools;
  const bureau = w.countyAdminA.client;
  const c = await bureau.post('/api/v1/campaigns', {
    org_id: w.countyA.id, kind: 'campaign', title: '交通安全专项行动', categories: ['traffic'],
    start_date: today, end_date: addDays(today, 20),
    stages: [{ name: '排查', start_date: today, end_date: addDays(today, 20), tasks: [
      { title: '校车安全检查', due_date: addDays(today, 7), need_text: true }] }],
  });
  assert.equal(c.status, 201, c.text);
  assertError(await bureau.post(`/api/v1/campaigns/${c.body.id}/remind`, {}), 409, 'state');
  assert.equal((await bureau.post(`/api/v1/campaigns/${c.body.id}/publish`)).status, 200);
  const taskId = c.body.stages[0].tasks[0].id;
  assert.equal((await s2.officer.client.post('/api/v1/campaign-submissions', { school_id: s2.org.id, task_id: taskId, text: '已检查' })).status, 201);
  assertError(await w.countyAdminB.client.post(`/api/v1/campaigns/${c.body.id}/remind`, {}), 404, 'id');
  assertError(await s1.principal.client.post(`/api/v1/campaigns/${c.body.id}/remind`, {}), 404, 'id');
  assertError(await w.inspectorA.client.post(`/api/v1/campaigns/${c.body.id}/remind`, {}), 403);
  assertError(await bureau.post(`/api/v1/campaigns/${c.body.id}/remind`, { task_id: 99999999 }), 422, 'task_id');
  assertError(await bureau.post(`/api/v1/campaigns/${c.body.id}/remind`, { task_id: '1' }), 400, 'task_id');
  const r = await bureau.post(`/api/v1/campaigns/${c.body.id}/remind`, { task_id: taskId, note: '明天截止' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.reminded, 1);
  const m = (await msgs(s1.principal.client, 'reminder')).find((x) => x.title === '催报：校车安全检查');
  assert.ok(m && m.body.includes('明天截止'), JSON.stringify(m));
  assert.ok(!(await msgs(s2.principal.client, 'reminder')).some((x) => x.title === '催报：校车安全检查'));
  assert.ok((await todo(s1.principal.client)).kinds.find((x) => x.kind === 'reminded').items.some((i) => i.title === '催报：校车安全检查'));
  assertError(await bureau.post(`/api/v1/campaigns/${c.body.id}/remind`, {}), 429, undefined, 'rate_limited');
  // the reminders list of the county
  const list = await bureau.get(`/api/v1/reminders?org=${w.countyA.id}`);
  assert.equal(list.status, 200, list.text);
  assert.ok(list.body.items.some((x) => x.kind === 'campaign' && x.org_name === s1.org.name && x.by_name === w.countyAdminA.name));
  assertError(await bureau.get(`/api/v1/reminders?org=${w.countyB.id}`), 404);
});
