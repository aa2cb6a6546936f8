// Incident reports (SPEC §7): a quick report first with the time of
// occurrence (the time of report is the server's), then a written report
// within the deadline (24 h, 12 h for major and above); late, missing and
// concealed reports are flagged; incidents link to hazards.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { world, assertError } from './lib.mjs';
import { report } from './hazard_lib.mjs';

let w;
const HOUR = 3600e3;
// "YYYY-MM-DDTHH:MM:SS+08:00" for an instant
const iso = (ms) => new Date(ms + 8 * HOUR).toISOString().slice(0, 19) + '+08:00';
const ms = (s) => Date.parse(s);

before(async () => { w = await world(); });

const quick = (schoolId, extra = {}) => ({
  school_id: schoolId, title: '学生课间追逐摔伤', category: 'sports', grade: 'general',
  summary: '二年级学生课间在走廊追逐，一人摔倒致前额擦伤，已送校医室处理并通知家长。',
  occurred_at: iso(Date.now() - 10 * 60e3), injuries: 1, ...extra,
});

test('quick report in time, linked hazard, written report in time', async () => {
  const [s1] = w.schools;
  const hz = await report(s1.staff1.client, s1.org.id, { title: '走廊地面湿滑', category: 'other' });
  const occurred = Date.now() - 10 * 60e3;
  const r = await s1.staff1.client.post('/api/v1/incidents', quick(s1.org.id, { occurred_at: iso(occurred), hazard_ids: [hz.id] }));
  assert.equal(r.status, 201, r.text);
  const i = r.body;
  assert.equal(i.state, 'quick');
  assert.equal(i.source, 'school');
  assert.equal(i.concealed, false);
  assert.equal(i.quick_late, false);
  assert.equal(i.written_missing, false);
  assert.equal(i.late, false);
  assert.equal(Math.floor(ms(i.occurred_at) / 1000), Math.floor(occurred / 1000));
  assert.ok(Math.abs(ms(i.reported_at) - Date.now()) < 60e3, 'time of report is the server time');
  assert.equal(ms(i.quick_due_at) - ms(i.occurred_at), 1 * HOUR);
  assert.equal(ms(i.written_due_at) - ms(i.occurred_at), 24 * HOUR);
  assert.deepEqual(i.hazard_ids, [hz.id]);
  assert.equal(i.hazards[0].title, '走廊地面湿滑');

  const wr = await s1.officer.client.post(`/api/v1/incidents/${i.id}/written`, {
    cause: '课间秩序管理不到位，走廊拖地后未设警示', handling: '校医包扎，家长接回', measures: '增加课间巡查，拖地后放置警示牌', injuries: 1,
  });
  assert.equal(wr.status, 200, wr.text);
  assert.equal(wr.body.state, 'written');
  assert.equal(wr.body.written_late, false);
  assert.ok(wr.body.written_at);
  assertError(await s1.officer.client.post(`/api/v1/incidents/${i.id}/written`, { cause: 'x', handling: 'y' }), 409, undefined, 'already_written');

  const seen = await w.countyAdminA.client.get(`/api/v1/incidents/${i.id}`);
  assert.equal(seen.status, 200);
  assert.equal(seen.body.cause, '课间秩序管理不到位，走廊拖地后未设警示');
  assertError(await w.countyAdminB.client.get(`/api/v1/incidents/${i.id}`), 404, 'id');
  const audit = await w.admin.get(`/api/v1/audit?entity=incident&entity_id=${i.id}`);
  assert.deepEqual(audit.body.items.map((a) => a.action).sort(), ['create', 'written']);
});

test('a report made late is flagged; a missing written report shows until it is filed late', async () => {
  const [, s2] = w.schools;
  const occurred = Date.now() - 2 * 24 * HOUR;
  const r = await s2.officer.client.post('/api/v1/incidents', quick(s2.org.id, {
    title: '食堂食物中毒', category: 'food', grade: 'major', occurred_at: iso(occurred), injuries: 60, serious_injuries: 52, summary: '午餐后 60 名学生腹痛呕吐，52 人重症住院。',
  }));
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.quick_late, true);
  assert.equal(ms(r.body.quick_due_at) - occurred < 0.51 * HOUR, true, 'major: 30 minutes');
  assert.equal(ms(r.body.written_due_at) - ms(r.body.occurred_at), 12 * HOUR);
  assert.equal(r.body.written_missing, true);
  assert.equal(r.body.late, true);

  const lateList = await w.countyAdminA.client.get(`/api/v1/incidents?org=${w.countyA.id}&late=1`);
  assert.equal(lateList.status, 200, lateList.text);
  assert.deepEqual(lateList.body.items.map((x) => x.id), [r.body.id]);
  const onTime = await w.countyAdminA.client.get(`/api/v1/incidents?org=${w.countyA.id}&late=0`);
  assert.ok(!onTime.body.items.some((x) => x.id === r.body.id));
  assert.equal(onTime.body.total, 1);
  const open = await w.countyAdminA.client.get('/api/v1/incidents?state=quick&grade=major');
  assert.deepEqual(open.body.items.map((x) => x.id), [r.body.id]);

  const wr = await s2.officer.client.post(`/api/v1/incidents/${r.body.id}/written`, { cause: '供应商食材变质', handling: '送医、封存留样、报告卫健部门', injuries: 61 });
  assert.equal(wr.status, 200, wr.text);
  assert.equal(wr.body.written_late, true);
  assert.equal(wr.body.written_missing, false);
  assert.equal(wr.body.late, true);
});

test('an incident the bureau records for a school counts as concealed', async () => {
  const [s1] = w.schools;
  const r = await w.countyAdminA.client.post('/api/v1/incidents', quick(s1.org.id, { title: '学生校外溺水（学校未报）', category: 'drowning', deaths: 1, injuries: 0 }));
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.source, 'discovered');
  assert.equal(r.body.concealed, true);
  assert.equal(r.body.deaths, 1);
  const list = await s1.principal.client.get('/api/v1/incidents');
  assert.ok(list.body.items.some((x) => x.id === r.body.id && x.concealed));
});

test('incident refusals name the field and write nothing', async () => {
  const [s1, s2] = w.schools;
  const c = s1.staff1.client;
  const n0 = (await w.countyAdminA.client.get('/api/v1/incidents')).body.total;
  assertError(await c.post('/api/v1/incidents', quick(s1.org.id, { occurred_at: iso(Date.now() + 2 * HOUR) })), 422, 'occurred_at');
  assertError(await c.post('/api/v1/incidents', quick(s1.org.id, { occurred_at: 'yesterday' })), 422, 'occurred_at');
  assertError(await c.post('/api/v1/incidents', quick(s1.org.id, { occurred_at: iso(Date.now() - 400 * 24 * HOUR) })), 422, 'occurred_at');
  assertError(await c.post('/api/v1/incidents', quick(s1.org.id, { grade: 'small' })), 422, 'grade');
  assertError(await c.post('/api/v1/incidents', quick(s1.org.id, { category: 'aliens' })), 422, 'category');
  assertError(await c.post('/api/v1/incidents', quick(s1.org.id, { summary: '' })), 422, 'summary');
  assertError(await c.post('/api/v1/incidents', quick(s1.org.id, { deaths: -1 })), 422, 'deaths');
  assertError(await c.post('/api/v1/incidents', quick(s1.org.id, { reported_at: iso(Date.now()) })), 400, 'reported_at');
  const other = await report(s2.staff1.client, s2.org.id);
  assertError(await c.post('/api/v1/incidents', quick(s1.org.id, { hazard_ids: [other.id] })), 422, 'hazard_ids[0]');
  assertError(await c.post('/api/v1/incidents', quick(s2.org.id)), 404, 'school_id');
  assertError(await w.inspectorA.client.post('/api/v1/incidents', quick(s1.org.id)), 403);
  assert.equal((await w.countyAdminA.client.get('/api/v1/incidents')).body.total, n0);
  assertError(await c.get('/api/v1/incidents?late=maybe'), 400, 'late');
  assertError(await c.get('/api/v1/incidents?state=done'), 400, 'state');

  // written report and hazard links: the school's own only
  const r = await c.post('/api/v1/incidents', quick(s1.org.id));
  assert.equal(r.status, 201, r.text);
  assertError(await c.post(`/api/v1/incidents/${r.body.id}/written`, { handling: 'x' }), 422, 'cause');
  assertError(await s2.officer.client.post(`/api/v1/incidents/${r.body.id}/written`, { cause: 'x', handling: 'y' }), 404, 'id');
  assertError(await c.post(`/api/v1/incidents/${r.body.id}/hazards`, { hazard_ids: [other.id] }), 422, 'hazard_ids[0]');
  const mine = await report(s1.staff1.client, s1.org.id);
  const l = await c.post(`/api/v1/incidents/${r.body.id}/hazards`, { hazard_ids: [mine.id] });
  assert.equal(l.status, 200, l.text);
  assert.deepEqual(l.body.hazard_ids, [mine.id]);
  assert.equal((await c.get(`/api/v1/incidents/${r.body.id}`)).body.state, 'quick');
});
