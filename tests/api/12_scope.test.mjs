// A role sees and changes its own subtree only: another school's or county's
// objects answer 404 and never appear in lists.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { world, assertError, PASSWORD } from './lib.mjs';

let w;
before(async () => { w = await world(); });

test('a school user cannot read another school, the county, or their users', async () => {
  const [s1, s2] = w.schools;
  const t = s1.staff1.client;
  assert.equal((await t.get(`/api/v1/orgs/${s1.org.id}`)).status, 200);
  assertError(await t.get(`/api/v1/orgs/${s2.org.id}`), 404, 'id');
  assertError(await t.get(`/api/v1/orgs/${w.countyA.id}`), 404, 'id');
  assertError(await t.get(`/api/v1/orgs/${w.city.id}`), 404, 'id');
  assertError(await t.get(`/api/v1/orgs/${s2.org.id}/children`), 404, 'id');
  const p = s1.principal.client;
  assertError(await p.get(`/api/v1/users/${s2.officer.id}`), 404, 'id');
  assertError(await p.get(`/api/v1/users/${w.countyAdminA.id}`), 404, 'id');
  assert.equal((await p.get(`/api/v1/users/${s1.officer.id}`)).status, 200);
});

test('a school user cannot change another school or the county', async () => {
  const [s1, s2] = w.schools;
  const p = s1.principal.client;
  assertError(await p.patch(`/api/v1/orgs/${s2.org.id}`, { name: '改名' }), 404, 'id');
  assertError(await p.patch(`/api/v1/orgs/${w.countyA.id}`, { name: '改名' }), 404, 'id');
  assertError(await p.patch(`/api/v1/users/${s2.staff1.id}`, { name: '改名' }), 404, 'id');
  assertError(await p.post('/api/v1/orgs', { parent_id: w.countyA.id, kind: 'school', name: 'x', code: '1111111111', school_type: 'primary' }), 404, 'parent_id');
  // a principal may add staff to the own school, but not to another one
  assertError(await p.post('/api/v1/users', { username: 'p_sneak_' + Date.now() % 100000, password: PASSWORD, name: 'x', org_id: s2.org.id, roles: [{ role: 'staff', org_id: s2.org.id }] }), 404, 'org_id');
  // and may not hand out roles outside the own school
  assertError(await p.post('/api/v1/users', { username: 'p_sneak2_' + Date.now() % 100000, password: PASSWORD, name: 'x', org_id: s1.org.id, roles: [{ role: 'staff', org_id: s2.org.id }] }), 404, 'roles');
  // staff may read their school but not change it
  assertError(await s1.staff1.client.patch(`/api/v1/orgs/${s1.org.id}`, { name: '改名' }), 403);
  const after = await w.admin.get(`/api/v1/orgs/${s2.org.id}`);
  assert.equal(after.body.name, s2.org.name, 'nothing changed');
});

test('lists only hold the caller subtree', async () => {
  const [s1] = w.schools;
  const orgs = await s1.principal.client.get('/api/v1/orgs?per_page=200');
  assert.equal(orgs.status, 200);
  assert.deepEqual(orgs.body.items.map((o) => o.id), [s1.org.id]);
  const users = await s1.principal.client.get('/api/v1/users?per_page=200');
  assert.equal(users.body.total, 4);
  for (const u of users.body.items) assert.equal(u.org_id, s1.org.id);
  const audit = await s1.principal.client.get('/api/v1/audit?per_page=200');
  assert.equal(audit.status, 200);
  for (const e of audit.body.items) assert.equal(e.org_id, s1.org.id);
  // filtering by another subtree is a 404, not an empty list
  assertError(await s1.principal.client.get(`/api/v1/users?org_id=${w.countyA.id}`), 404, 'org_id');
});

test('a county admin cannot see the neighbouring county', async () => {
  const ca = w.countyAdminA.client;
  const sB = w.schools[2];
  assertError(await ca.get(`/api/v1/orgs/${w.countyB.id}`), 404, 'id');
  assertError(await ca.get(`/api/v1/orgs/${sB.org.id}`), 404, 'id');
  assertError(await ca.get(`/api/v1/users/${sB.principal.id}`), 404, 'id');
  assertError(await ca.patch(`/api/v1/users/${sB.principal.id}`, { active: false }), 404, 'id');
  assertError(await ca.get(`/api/v1/orgs?parent_id=${w.countyB.id}`), 404, 'parent_id');
  const orgs = await ca.get('/api/v1/orgs?per_page=200');
  const ids = orgs.body.items.map((o) => o.id).sort();
  assert.deepEqual(ids, [w.countyA.id, w.schools[0].org.id, w.schools[1].org.id].sort());
  const users = await ca.get('/api/v1/users?per_page=200');
  for (const u of users.body.items) assert.notEqual(u.org_id, w.countyB.id);
  assert.ok(!users.body.items.some((u) => u.id === sB.principal.id));
  // the city sees both counties
  const city = await w.cityAdmin.client.get(`/api/v1/orgs?parent_id=${w.city.id}`);
  assert.equal(city.body.total, 2);
});

test('a county admin cannot grant roles above the county', async () => {
  const ca = w.countyAdminA.client;
  const r = await ca.post('/api/v1/users', { username: 'escalate_' + Date.now() % 100000, password: PASSWORD, name: 'x', org_id: w.countyA.id, roles: [{ role: 'bureau_admin', org_id: w.city.id }] });
  assertError(r, 404, 'roles');
  const r2 = await ca.patch(`/api/v1/users/${w.countyAdminA.id}`, { roles: [{ role: 'bureau_admin', org_id: w.city.id }] });
  assertError(r2, 404, 'roles');
});

test('the auditor reads everything below and changes nothing', async () => {
  const a = w.admin;
  const { login, firstLogin, INITIAL_PASSWORD } = await import('./lib.mjs');
  const res = await a.post('/api/v1/users', { username: 'aud_' + Date.now() % 100000, password: INITIAL_PASSWORD, name: '审计', org_id: w.countyA.id, roles: [{ role: 'auditor', org_id: w.countyA.id }] });
  assert.equal(res.status, 201, res.text);
  await firstLogin(res.body.username); // an account an admin made changes its password first
  const aud = await login(res.body.username);
  assert.equal((await aud.get(`/api/v1/orgs/${w.schools[0].org.id}`)).status, 200);
  assert.equal((await aud.get('/api/v1/audit')).status, 200);
  assertError(await aud.patch(`/api/v1/orgs/${w.schools[0].org.id}`, { name: 'x' }), 403);
  assertError(await aud.post('/api/v1/orgs', { parent_id: w.countyA.id, kind: 'township', name: 'x', code: '123456' }), 403);
});
