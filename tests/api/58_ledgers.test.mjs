// School ledgers: buses and drivers with expiry flags, the gate register
// (masked id numbers, "still inside"), backlog petitions with the
// responsible leader and the overdue flag; scope, roles and bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { world, assertError } from './lib.mjs';

const DAY = 86400 * 1000;
// A calendar date n days from today in Asia/Shanghai.
const day = (n) => new Date(Date.now() + 8 * 3600 * 1000 + n * DAY).toISOString().slice(0, 10);

let w;
test('setup', async () => { w = await world(); });

test('buses and drivers: flags for expired and expiring papers', async () => {
  const [s1, s2] = w.schools;
  const off = s1.officer.client;
  const ok = await off.post('/api/v1/ledgers/buses', { org_id: s1.org.id, plate: '皖A12345', seats: 35, inspection_expiry: day(200), insurance_expiry: day(300) });
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.body.alert, false);
  assert.equal(ok.body.school_name, s1.org.name);
  const soon = await off.post('/api/v1/ledgers/buses', { org_id: s1.org.id, plate: '皖A54321', seats: 19, inspection_expiry: day(10), insurance_expiry: day(-1) });
  assert.equal(soon.status, 201);
  assert.equal(soon.body.inspection_expiring, true);
  assert.equal(soon.body.inspection_expired, false);
  assert.equal(soon.body.insurance_expired, true);
  assert.equal(soon.body.alert, true);
  // refusals: bad input, wrong place, wrong role, other subtree
  assertError(await off.post('/api/v1/ledgers/buses', { org_id: s1.org.id, plate: '皖A1', seats: 0, inspection_expiry: day(1), insurance_expiry: day(1) }), 422, 'seats');
  assertError(await off.post('/api/v1/ledgers/buses', { org_id: s1.org.id, plate: '皖A1', seats: 10, inspection_expiry: '2026-02-30', insurance_expiry: day(1) }), 422, 'inspection_expiry');
  assertError(await off.post('/api/v1/ledgers/buses', { org_id: s1.org.id, seats: 10, inspection_expiry: day(1), insurance_expiry: day(1) }), 422, 'plate');
  assertError(await off.post('/api/v1/ledgers/buses', { org_id: s1.org.id, plate: 'X1', seats: '10', inspection_expiry: day(1), insurance_expiry: day(1) }), 400, 'seats');
  assertError(await off.post('/api/v1/ledgers/buses', { org_id: s2.org.id, plate: 'X1', seats: 10, inspection_expiry: day(1), insurance_expiry: day(1) }), 404, 'org_id');
  assertError(await w.countyAdminA.client.post('/api/v1/ledgers/buses', { org_id: s1.org.id, plate: 'X1', seats: 10, inspection_expiry: day(1), insurance_expiry: day(1) }), 403);
  assertError(await s2.officer.client.get(`/api/v1/ledgers/buses/${ok.body.id}`), 404);
  assertError(await s2.officer.client.patch(`/api/v1/ledgers/buses/${ok.body.id}`, { seats: 40 }), 404);

  // drivers: a bus of the same school only
  const d = await off.post('/api/v1/ledgers/drivers', { org_id: s1.org.id, name: '李师傅', licence_class: 'A1', licence_expiry: day(20), bus_id: ok.body.id });
  assert.equal(d.status, 201, d.text);
  assert.equal(d.body.bus_plate, '皖A12345');
  assert.equal(d.body.licence_expiring, true);
  const other = await s2.officer.client.post('/api/v1/ledgers/buses', { org_id: s2.org.id, plate: '皖B1', seats: 10, inspection_expiry: day(99), insurance_expiry: day(99) });
  assertError(await off.post('/api/v1/ledgers/drivers', { org_id: s1.org.id, name: '王', licence_class: 'A1', licence_expiry: day(99), bus_id: other.body.id }), 422, 'bus_id');
  assertError(await off.post('/api/v1/ledgers/drivers', { org_id: s1.org.id, name: '王', licence_class: 'Z9', licence_expiry: day(99) }), 422, 'licence_class');
  const d2 = await s1.staff1.client.post('/api/v1/ledgers/drivers', { org_id: s1.org.id, name: '张师傅', licence_class: 'B1', licence_expiry: day(400) });
  assert.equal(d2.status, 201, 'staff keep the ledgers too');
  assert.equal(d2.body.alert, false);

  // lists with filters; the county bureau sees its schools' ledgers
  const all = await off.get('/api/v1/ledgers/buses');
  assert.equal(all.body.total, 2);
  const alert = await off.get('/api/v1/ledgers/buses?alert=1');
  assert.deepEqual(alert.body.items.map((b) => b.plate), ['皖A54321']);
  assert.equal((await off.get(`/api/v1/ledgers/drivers?bus_id=${ok.body.id}`)).body.total, 1);
  assert.equal((await off.get('/api/v1/ledgers/drivers?alert=1')).body.total, 1);
  const county = await w.countyAdminA.client.get('/api/v1/ledgers/buses');
  assert.equal(county.body.total, 3);
  assert.equal((await w.countyAdminB.client.get('/api/v1/ledgers/buses')).body.total, 0);
  assert.equal((await w.countyAdminA.client.get(`/api/v1/ledgers/buses?org_id=${s2.org.id}`)).body.total, 1);
  assertError(await w.countyAdminB.client.get(`/api/v1/ledgers/buses?org_id=${s1.org.id}`), 404, 'org_id');

  // .xlsx export of the same filter
  const x = await w.countyAdminA.client.get('/api/v1/ledgers/buses?format=xlsx&alert=1');
  assert.equal(x.status, 200);
  assert.match(x.headers.get('content-type'), /spreadsheetml/);
  assert.match(x.headers.get('content-disposition'), /ledger-bus-.*\.xlsx/);
  assert.equal(x.text.slice(0, 2), 'PK');
  assertError(await off.get('/api/v1/ledgers/buses?format=csv'), 400, 'format');

  // update and soft delete (the driver loses the bus)
  const up = await off.patch(`/api/v1/ledgers/buses/${soon.body.id}`, { insurance_expiry: day(365), inspection_expiry: day(365) });
  assert.equal(up.status, 200, up.text);
  assert.equal(up.body.alert, false);
  assertError(await off.patch(`/api/v1/ledgers/buses/${soon.body.id}`, { org_id: s2.org.id }), 400, 'org_id');
  assertError(await off.patch(`/api/v1/ledgers/buses/${soon.body.id}`, { plate: '' }), 422, 'plate');
  const del = await off.del(`/api/v1/ledgers/buses/${ok.body.id}`);
  assert.equal(del.status, 200, del.text);
  assertError(await off.get(`/api/v1/ledgers/buses/${ok.body.id}`), 404);
  assert.equal((await off.get(`/api/v1/ledgers/drivers/${d.body.id}`)).body.bus_id, null);
  const audit = await w.admin.get(`/api/v1/audit?org_id=${s1.org.id}`);
  const acts = audit.body.items.filter((a) => a.entity === 'bus').map((a) => a.action);
  assert.ok(acts.includes('create') && acts.includes('update') && acts.includes('delete'), `audit ${acts}`);
});

test('gate register: masked id numbers, still-inside list, leaving', async () => {
  const [s1] = w.schools;
  const t = s1.staff1.client;
  const v = await t.post('/api/v1/ledgers/visitors', { org_id: s1.org.id, name: '赵先生', id_number: '340102199001011234', reason: '家长会', host: '三年级二班班主任', plate: '皖A88888', goods_in: '教材两箱' });
  assert.equal(v.status, 201, v.text);
  assert.equal(v.body.id_masked, '**************1234');
  assert.ok(!v.text.includes('340102199001011234'), 'the full id number is never kept');
  assert.equal(v.body.inside, true);
  assert.match(v.body.in_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/, "an instant in ISO 8601, Beijing time");
  const v2 = await t.post('/api/v1/ledgers/visitors', { org_id: s1.org.id, name: '送货员', reason: '食堂送菜', goods_in: '蔬菜', in_at: '2026-01-05T07:30', out_at: '2026-01-05T08:00' });
  assert.equal(v2.status, 201, v2.text);
  assert.equal(v2.body.inside, false);
  assertError(await t.post('/api/v1/ledgers/visitors', { org_id: s1.org.id, name: 'x', reason: 'y', in_at: '2026-01-05T09:00', out_at: '2026-01-05T08:00' }), 422, 'out_at');
  assertError(await t.post('/api/v1/ledgers/visitors', { org_id: s1.org.id, name: 'x', reason: 'y', in_at: 'yesterday' }), 422, 'in_at');
  assertError(await t.post('/api/v1/ledgers/visitors', { org_id: s1.org.id, name: 'x' }), 422, 'reason');
  let inside = await t.get('/api/v1/ledgers/visitors?inside=1');
  assert.deepEqual(inside.body.items.map((x) => x.id), [v.body.id]);
  assert.equal((await t.get('/api/v1/ledgers/visitors?from=2026-01-05&to=2026-01-05')).body.total, 1);
  assert.equal((await t.get('/api/v1/ledgers/visitors?q=送菜')).body.total, 1);
  assertError(await t.get('/api/v1/ledgers/visitors?from=soon'), 400, 'from');
  const left = await t.patch(`/api/v1/ledgers/visitors/${v.body.id}`, { out_at: new Date().toISOString(), goods_out: '无' });
  assert.equal(left.status, 200, left.text);
  assert.equal(left.body.inside, false);
  inside = await t.get('/api/v1/ledgers/visitors?inside=1');
  assert.equal(inside.body.total, 0);
  // the auditor reads, never writes
  assertError(await w.inspectorA.client.post('/api/v1/ledgers/visitors', { org_id: s1.org.id, name: 'x', reason: 'y' }), 403);
  assert.equal((await w.inspectorA.client.get('/api/v1/ledgers/visitors')).status, 200);
});

test('backlog petitions: responsible leader, overdue, resolution', async () => {
  const [s1, s2] = w.schools;
  const pr = s1.principal.client;
  const base = { org_id: s1.org.id, petitioner: '家长陈某', subject: '反映校门口交通拥堵，接送不安全', received_on: day(-40), leader_id: s1.principal.id, due_on: day(-10) };
  const p = await pr.post('/api/v1/ledgers/petitions', base);
  assert.equal(p.status, 201, p.text);
  assert.equal(p.body.status, 'open');
  assert.equal(p.body.overdue, true);
  assert.equal(p.body.leader_name, s1.principal.name);
  // a county leader may be responsible too; another school's user may not
  const p2 = await pr.post('/api/v1/ledgers/petitions', { ...base, leader_id: w.countyAdminA.id, due_on: day(30) });
  assert.equal(p2.status, 201, p2.text);
  assert.equal(p2.body.overdue, false);
  assertError(await pr.post('/api/v1/ledgers/petitions', { ...base, leader_id: s2.principal.id }), 422, 'leader_id');
  assertError(await pr.post('/api/v1/ledgers/petitions', { ...base, leader_id: 99999999 }), 422, 'leader_id');
  assertError(await pr.post('/api/v1/ledgers/petitions', { ...base, due_on: day(-50) }), 422, 'due_on');
  assertError(await pr.post('/api/v1/ledgers/petitions', { ...base, status: 'resolved' }), 422, 'result');
  assertError(await pr.post('/api/v1/ledgers/petitions', { ...base, status: 'lost' }), 422, 'status');
  assert.deepEqual((await pr.get('/api/v1/ledgers/petitions?overdue=1')).body.items.map((x) => x.id), [p.body.id]);
  // visible up the tree
  const city = await w.cityAdmin.client.get('/api/v1/ledgers/petitions?overdue=1');
  assert.ok(city.body.items.some((x) => x.id === p.body.id));
  assertError(await w.countyAdminB.client.get(`/api/v1/ledgers/petitions/${p.body.id}`), 404);
  // resolve
  assertError(await pr.patch(`/api/v1/ledgers/petitions/${p.body.id}`, { status: 'resolved' }), 422, 'result');
  const done = await pr.patch(`/api/v1/ledgers/petitions/${p.body.id}`, { status: 'resolved', result: '已协调交警设置护学岗' });
  assert.equal(done.status, 200, done.text);
  assert.equal(done.body.overdue, false);
  assert.equal(done.body.resolved_on, day(0));
  assert.equal((await pr.get('/api/v1/ledgers/petitions?status=resolved')).body.total, 1);
  assertError(await pr.get('/api/v1/ledgers/petitions?status=lost'), 400, 'status');
});
