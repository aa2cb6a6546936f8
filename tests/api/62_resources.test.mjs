// Emergency resources (issue 18 item 3): schools and bureaus keep emergency
// teams (members, roles, phones) and supplies (item, quantity, place,
// expiry; expired and expiring flagged); a bureau keeps its own 总体应急预案
// and special plans (a county used to get 403 storing one).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { world, assertError } from './lib.mjs';

let w, s1, s2, s3;
const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
const addDays = (d, n) => new Date(Date.parse(d + 'T00:00:00Z') + n * 864e5).toISOString().slice(0, 10);

before(async () => {
  w = await world();
  [s1, s2, s3] = w.schools; // s1, s2 in county A; s3 in county B
});

const team = (orgId, extra = {}) => ({
  org_id: orgId, name: '应急疏散引导组', duties: '火灾、地震时引导学生疏散',
  members: [{ name: '张三', role: '组长', phone: '13800000001' }, { name: '李四', role: '组员', phone: '0730-8123456' }], ...extra,
});
const supply = (orgId, extra = {}) => ({ org_id: orgId, item: '干粉灭火器', quantity: 40, unit: '具', place: '教学楼各层走廊', keeper: '王五', expiry_date: addDays(today, 400), ...extra });

test('a county keeps its own overall plan and special plans; a school still keeps its own', async () => {
  const ca = w.countyAdminA.client;
  let r = await ca.post('/api/v1/bureau-plans', { org_id: w.countyA.id, title: '甲县教体系统突发事件总体应急预案', kind: 'overall', theme: 'general', content: '一、总则……' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.org_id, w.countyA.id);
  assert.equal(r.body.kind, 'overall');
  const rv = await ca.post(`/api/v1/emergency-plans/${r.body.id}/versions`, { content: '一、总则（修订）……', note: '按新的三年行动方案修订' });
  assert.equal(rv.status, 201, rv.text);
  r = await ca.post('/api/v1/bureau-plans', { org_id: w.countyA.id, title: '防溺水专项应急预案', kind: 'special', theme: 'drowning', content: '……' });
  assert.equal(r.status, 201, r.text);
  const list = await ca.get(`/api/v1/emergency-plans?org=${w.countyA.id}`);
  assert.ok(list.body.items.some((p) => p.org_id === w.countyA.id && p.kind === 'overall'));
  assert.equal((await w.countyAdminB.client.get('/api/v1/emergency-plans')).body.items.filter((p) => p.org_id === w.countyA.id).length, 0);
  // refusals
  assertError(await ca.post('/api/v1/bureau-plans', { org_id: w.countyA.id, title: '现场处置方案', kind: 'onsite', theme: 'fire', content: '……' }), 422, 'kind');
  assertError(await ca.post('/api/v1/bureau-plans', { org_id: s1.org.id, title: 'x', kind: 'overall', theme: 'general', content: '……' }), 422, 'org_id');
  assertError(await ca.post('/api/v1/bureau-plans', { org_id: w.countyB.id, title: 'x', kind: 'overall', theme: 'general', content: '……' }), 404, 'org_id');
  assertError(await s1.principal.client.post('/api/v1/bureau-plans', { org_id: w.countyA.id, title: 'x', kind: 'overall', theme: 'general', content: '……' }), 404, 'org_id');
  assertError(await w.inspectorA.client.post('/api/v1/bureau-plans', { org_id: w.countyA.id, title: 'x', kind: 'overall', theme: 'general', content: '……' }), 403);
  assertError(await s1.staff1.client.post('/api/v1/emergency-plans', { school_id: s1.org.id, title: 'x', kind: 'overall', theme: 'general', content: '……' }), 403);
  r = await s1.officer.client.post('/api/v1/emergency-plans', { school_id: s1.org.id, title: '学校总体应急预案', kind: 'overall', theme: 'general', content: '……' });
  assert.equal(r.status, 201, r.text);
});

let t1, sup1;

test('emergency teams of a school and of a bureau', async () => {
  let r = await s1.officer.client.post('/api/v1/emergency-teams', team(s1.org.id));
  assert.equal(r.status, 201, r.text);
  t1 = r.body;
  assert.equal(t1.members.length, 2);
  assert.deepEqual(t1.members[0], { name: '张三', role: '组长', phone: '13800000001' });
  r = await w.countyAdminA.client.post('/api/v1/emergency-teams', team(w.countyA.id, { name: '县教体局应急救援队' }));
  assert.equal(r.status, 201, r.text);
  r = await s1.principal.client.patch(`/api/v1/emergency-teams/${t1.id}`, { members: [{ name: '赵六', phone: '13900000002' }] });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.members, [{ name: '赵六', role: '', phone: '13900000002' }]);
  assert.equal(r.body.name, '应急疏散引导组');
  // who sees them
  assert.equal((await w.countyAdminA.client.get('/api/v1/emergency-teams')).body.total, 2);
  assert.equal((await s1.staff1.client.get('/api/v1/emergency-teams')).body.total, 1);
  assert.equal((await s2.principal.client.get('/api/v1/emergency-teams')).body.total, 0);
  assert.equal((await w.countyAdminB.client.get('/api/v1/emergency-teams')).body.total, 0);
  const audit = await w.admin.get(`/api/v1/audit?entity=emergency_team&entity_id=${t1.id}`);
  assert.deepEqual(audit.body.items.map((a) => a.action).sort(), ['create', 'update']);
});

test('team refusals name the field and write nothing', async () => {
  const c = s1.officer.client;
  const n0 = (await w.countyAdminA.client.get('/api/v1/emergency-teams')).body.total;
  assertError(await c.post('/api/v1/emergency-teams', team(s1.org.id, { members: [] })), 422, 'members');
  assertError(await c.post('/api/v1/emergency-teams', team(s1.org.id, { members: [{ name: '', phone: '13800000001' }] })), 422, 'members[0].name');
  assertError(await c.post('/api/v1/emergency-teams', team(s1.org.id, { members: [{ name: '张三', phone: 'abc' }] })), 422, 'members[0].phone');
  assertError(await c.post('/api/v1/emergency-teams', team(s1.org.id, { members: [{ name: '张三', phone: '13800000001' }, { name: '李四' }] })), 422, 'members[1].phone');
  assertError(await c.post('/api/v1/emergency-teams', team(s1.org.id, { members: ['张三'] })), 422, 'members[0]');
  assertError(await c.post('/api/v1/emergency-teams', team(s1.org.id, { members: [{ name: '张三', phone: '13800000001', age: 3 }] })), 422, 'members[0].age');
  assertError(await c.post('/api/v1/emergency-teams', team(s1.org.id, { name: '  ' })), 422, 'name');
  assertError(await c.post('/api/v1/emergency-teams', team(s1.org.id, { name: undefined })), 422, 'name');
  assertError(await c.post('/api/v1/emergency-teams', team(s1.org.id, { members: 'x' })), 400, 'members');
  assertError(await c.post('/api/v1/emergency-teams', team(s2.org.id)), 404, 'org_id');
  assertError(await s1.staff1.client.post('/api/v1/emergency-teams', team(s1.org.id)), 403);
  assertError(await s2.officer.client.patch(`/api/v1/emergency-teams/${t1.id}`, { name: 'x' }), 404, 'id');
  assertError(await c.patch(`/api/v1/emergency-teams/${t1.id}`, { name: '' }), 422, 'name');
  assertError(await c.patch(`/api/v1/emergency-teams/${t1.id}`, { members: [{ name: 'x', phone: '1' }] }), 422, 'members[0].phone');
  assert.equal((await w.countyAdminA.client.get('/api/v1/emergency-teams')).body.total, n0, 'refusals write nothing');
  const del = await c.del(`/api/v1/emergency-teams/${t1.id}`);
  assert.equal(del.status, 200, del.text);
  assertError(await c.get(`/api/v1/emergency-teams/${t1.id}`), 404);
  assert.equal((await w.countyAdminA.client.get('/api/v1/emergency-teams')).body.total, n0 - 1);
});

test('supplies with expiry: expired and expiring flagged, soonest first', async () => {
  const c = s1.officer.client;
  let r = await c.post('/api/v1/emergency-supplies', supply(s1.org.id));
  assert.equal(r.status, 201, r.text);
  sup1 = r.body;
  assert.equal(sup1.status, 'ok');
  assert.equal(sup1.expires_on, addDays(today, 400));
  r = await c.post('/api/v1/emergency-supplies', supply(s1.org.id, { item: '急救药箱', quantity: 6, unit: '个', place: '医务室', expiry_date: addDays(today, 10) }));
  assert.equal(r.body.status, 'expiring');
  r = await c.post('/api/v1/emergency-supplies', supply(s1.org.id, { item: '应急手电', quantity: 20, expiry_date: addDays(today, -3) }));
  assert.equal(r.body.status, 'expired');
  r = await c.post('/api/v1/emergency-supplies', supply(s1.org.id, { item: '防汛沙袋', quantity: 200, unit: '袋', expiry_date: null }));
  assert.equal(r.body.status, 'none');
  assert.equal(r.body.expires_on, null);
  r = await w.countyAdminA.client.post('/api/v1/emergency-supplies', supply(w.countyA.id, { item: '救生衣', quantity: 50, unit: '件', place: '县教体局应急仓库' }));
  assert.equal(r.status, 201, r.text);
  const all = await w.countyAdminA.client.get('/api/v1/emergency-supplies');
  assert.equal(all.body.total, 5);
  assert.deepEqual(all.body.summary, { expired: 1, expiring: 1 });
  assert.equal(all.body.items[0].item, '应急手电');
  assert.equal(all.body.items[all.body.items.length - 1].item, '防汛沙袋');
  const soon = await w.countyAdminA.client.get('/api/v1/emergency-supplies?status=expiring');
  assert.deepEqual(soon.body.items.map((x) => x.item), ['应急手电', '急救药箱']);
  const gone = await w.countyAdminA.client.get('/api/v1/emergency-supplies?status=expired');
  assert.deepEqual(gone.body.items.map((x) => x.status), ['expired']);
  assertError(await w.countyAdminA.client.get('/api/v1/emergency-supplies?status=old'), 400, 'status');
  assert.equal((await w.countyAdminB.client.get('/api/v1/emergency-supplies')).body.total, 0);
  assert.equal((await s1.staff1.client.get('/api/v1/emergency-supplies')).body.total, 4);
  // restocked: new expiry, quantity
  r = await c.patch(`/api/v1/emergency-supplies/${gone.body.items[0].id}`, { quantity: 25, expiry_date: addDays(today, 700) });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.status, 'ok');
  assert.equal(r.body.quantity, 25);
  r = await c.patch(`/api/v1/emergency-supplies/${sup1.id}`, { expiry_date: null });
  assert.equal(r.body.status, 'none');
  assert.equal(r.body.item, '干粉灭火器');
});

test('supply refusals name the field and write nothing', async () => {
  const c = s1.officer.client;
  const n0 = (await w.countyAdminA.client.get('/api/v1/emergency-supplies')).body.total;
  assertError(await c.post('/api/v1/emergency-supplies', supply(s1.org.id, { quantity: -1 })), 422, 'quantity');
  assertError(await c.post('/api/v1/emergency-supplies', supply(s1.org.id, { quantity: 1.5 })), 400, 'quantity');
  assertError(await c.post('/api/v1/emergency-supplies', supply(s1.org.id, { item: ' ' })), 422, 'item');
  assertError(await c.post('/api/v1/emergency-supplies', supply(s1.org.id, { place: undefined })), 422, 'place');
  assertError(await c.post('/api/v1/emergency-supplies', supply(s1.org.id, { expiry_date: '2026-13-01' })), 422, 'expiry_date');
  assertError(await c.post('/api/v1/emergency-supplies', supply(s1.org.id, { expiry_date: 20270101 })), 400, 'expiry_date');
  assertError(await c.post('/api/v1/emergency-supplies', supply(s1.org.id, { item: 'x'.repeat(61) })), 422, 'item');
  assertError(await c.post('/api/v1/emergency-supplies', supply(s3.org.id)), 404, 'org_id');
  assertError(await s1.staff1.client.post('/api/v1/emergency-supplies', supply(s1.org.id)), 403);
  assertError(await w.countyAdminB.client.patch(`/api/v1/emergency-supplies/${sup1.id}`, { quantity: 1 }), 404, 'id');
  assertError(await c.patch(`/api/v1/emergency-supplies/${sup1.id}`, { quantity: -5 }), 422, 'quantity');
  assertError(await c.patch(`/api/v1/emergency-supplies/${sup1.id}`, { item: '改名' }), 400, 'item');
  assert.equal((await w.countyAdminA.client.get('/api/v1/emergency-supplies')).body.total, n0, 'refusals write nothing');
  assert.equal((await c.del(`/api/v1/emergency-supplies/${sup1.id}`)).status, 200);
  assertError(await c.del(`/api/v1/emergency-supplies/${sup1.id}`), 404, 'id');
});
