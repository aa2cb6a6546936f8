// The org tree, accounts and the audit trail, as a bureau admin uses them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { admin, mkOrg, mkUser, login, assertError, PASSWORD } from './lib.mjs';

test('the tree follows province > city > county > township > school', async () => {
  const a = await admin();
  const city = await mkOrg(a, 1, 'city', '树市');
  assert.equal(city.path, `/1/${city.id}/`);
  assert.equal(city.depth, 1);
  const county = await mkOrg(a, city.id, 'county', '树县');
  const town = await mkOrg(a, county.id, 'township', '树镇');
  const school = await mkOrg(a, town.id, 'school', '树小学', { school_type: 'primary', students: 640, classes: 14, staff: 41 });
  assert.equal(school.path, `/1/${city.id}/${county.id}/${town.id}/${school.id}/`);
  const direct = await mkOrg(a, county.id, 'school', '县直中学', { school_type: 'junior', students: 1200, classes: 24, staff: 90 });
  assertError(await a.post('/api/v1/orgs', { parent_id: school.id, kind: 'school', name: 'x', code: '1234509876', school_type: 'primary' }), 422, 'kind');
  assertError(await a.post('/api/v1/orgs', { parent_id: county.id, kind: 'school', name: 'x', code: '1234509876' }), 422, 'school_type');
  assertError(await a.post('/api/v1/orgs', { parent_id: county.id, kind: 'township', name: 'x', code: '123456789', students: 5 }), 422, 'students');
  assertError(await a.post('/api/v1/orgs', { parent_id: county.id, kind: 'township', name: 'x', code: '123456' }), 422, 'code');
  const kids = await a.get(`/api/v1/orgs/${county.id}/children`);
  assert.equal(kids.body.total, 2);
  assert.deepEqual(kids.body.items.map((o) => o.id).sort(), [town.id, direct.id].sort());
  const got = await a.get(`/api/v1/orgs/${county.id}`);
  assert.equal(got.body.summary.schools, 2);
  assert.equal(got.body.summary.students, 1840);
  assert.equal(got.body.child_count, 2);
  const page2 = await a.get(`/api/v1/orgs?parent_id=${county.id}&per_page=1&page=2`);
  assert.equal(page2.body.total, 2);
  assert.equal(page2.body.items.length, 1);
  const q = await a.get(`/api/v1/orgs?q=${encodeURIComponent(school.name)}`);
  assert.equal(q.body.items[0].id, school.id);
  const schools = await a.get(`/api/v1/orgs?parent_id=${town.id}&kind=school`);
  assert.equal(schools.body.total, 1);
});

test('every change is audited with before and after, and the chain verifies', async () => {
  const a = await admin();
  const city = await mkOrg(a, 1, 'city', '审计市');
  const r = await a.patch(`/api/v1/orgs/${city.id}`, { name: '审计市改名', address: '人民路1号' });
  assert.equal(r.status, 200);
  assert.equal(r.body.name, '审计市改名');
  const log = await a.get(`/api/v1/audit?entity=org&entity_id=${city.id}`);
  assert.equal(log.body.total, 2);
  const [upd, crt] = log.body.items;
  assert.equal(crt.action, 'create');
  assert.equal(crt.before, null);
  assert.equal(crt.after.name, city.name);
  assert.equal(upd.action, 'update');
  assert.equal(upd.before.name, city.name);
  assert.equal(upd.after.name, '审计市改名');
  assert.equal(upd.username, a.user.username);
  assert.match(upd.hash, /^[0-9a-f]{64}$/);
  const v = await a.get('/api/v1/audit/verify');
  assert.deepEqual(v.body, { intact: true, first_bad_id: 0 });
});

test('users: create, roles, password change, no password hash ever shown', async () => {
  const a = await admin();
  const city = await mkOrg(a, 1, 'city', '用户市');
  const county = await mkOrg(a, city.id, 'county', '用户县');
  const school = await mkOrg(a, county.id, 'school', '用户小学');
  const p = await mkUser(a, school.id, 'principal');
  assert.deepEqual(p.roles.map((x) => x.role), ['principal']);
  assert.equal(p.pass_hash, undefined);
  // the principal adds a teacher to the school
  const t = await mkUser(p.client, school.id, 'staff');
  assert.equal(t.org_id, school.id);
  // and changes the teacher into the safety officer
  const r = await p.client.patch(`/api/v1/users/${t.id}`, { roles: [{ role: 'safety_officer', org_id: school.id }], phone: '13900001111' });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.roles.map((x) => x.role), ['safety_officer']);
  assert.equal(r.body.phone, '13900001111');
  // password change ends the old sessions and the new password works
  assert.equal((await a.patch(`/api/v1/users/${t.id}`, { password: 'N3w-Passw0rd!' })).status, 200);
  assertError(await t.client.get('/api/v1/me'), 401);
  const again = await login(t.username, 'N3w-Passw0rd!');
  assert.ok(again.user.permissions.includes('hazard.manage'));
  const log = await a.get(`/api/v1/audit?entity=user&entity_id=${t.id}`);
  assert.ok(log.body.items.some((e) => e.note === '密码已修改'));
  for (const e of log.body.items) assert.ok(!JSON.stringify(e).includes('argon2'));
  // a user cannot deactivate themselves
  assertError(await p.client.patch(`/api/v1/users/${p.id}`, { active: false }), 422, 'active');
  const list = await a.get(`/api/v1/users?org_id=${school.id}`);
  assert.equal(list.body.total, 2);
});

test('me lists roles and permissions of the user', async () => {
  const a = await admin();
  const city = await mkOrg(a, 1, 'city', '我市');
  const u = await mkUser(a, city.id, 'inspector');
  const me = await u.client.get('/api/v1/me');
  assert.equal(me.body.username, u.username);
  assert.equal(me.body.org.id, city.id);
  assert.deepEqual(me.body.roles.map((x) => [x.role, x.org_id]), [['inspector', city.id]]);
  assert.ok(me.body.permissions.includes('hazard.report'));
  assert.ok(!me.body.permissions.includes('org.write'));
});

test('search text is matched literally: % and _ are not wildcards', async () => {
  const a = await admin();
  const city = await mkOrg(a, 1, 'city', '通配符市');
  const plain = await mkOrg(a, city.id, 'county', '百分县');
  const pct = await mkOrg(a, city.id, 'county', '百%分_县');
  const hit = async (q) => (await a.get(`/api/v1/orgs?parent_id=${city.id}&q=${encodeURIComponent(q)}`)).body;
  const p = await hit('%');
  assert.deepEqual(p.items.map((o) => o.id), [pct.id], '"%" finds only the name with a % in it');
  const u = await hit('百_分');
  assert.equal(u.total, 0, '"_" is not "any one character"');
  const both = await hit('分');
  assert.deepEqual(both.items.map((o) => o.id).sort(), [plain.id, pct.id].sort());
  const users = await a.get(`/api/v1/users?q=${encodeURIComponent('%')}&per_page=100`);
  assert.equal(users.status, 200);
  assert.ok(users.body.items.every((x) => `${x.username}${x.name}${x.phone || ''}`.includes('%')),
    'a user search for % lists only users with a % in username, name or phone');
});

// issue 16: one change per write. A refusal in the middle of an update
// (after the store has written part of it) rolls all of it back and
// leaves no audit row; a committed update leaves exactly one, with the
// images as the object was and is, instants in ISO 8601 +08:00.
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/;

test('orgs and users: a refused change leaves neither the row nor an audit row; a committed one exactly one', async () => {
  const a = await admin();
  const c1 = await mkOrg(a, 1, 'city', '事务市');
  const c2 = await mkOrg(a, 1, 'city', '事务市乙');
  assert.match(c1.created_at, ISO);
  assert.match(c1.updated_at, ISO);
  // the name is written, then the code (taken by c2) is refused
  assertError(await a.patch(`/api/v1/orgs/${c1.id}`, { name: '不应保存', code: c2.code }), 409, 'code', 'conflict');
  assert.equal((await a.get(`/api/v1/orgs/${c1.id}`)).body.name, c1.name);
  let log = await a.get(`/api/v1/audit?entity=org&entity_id=${c1.id}`);
  assert.equal(log.body.total, 1, 'only the create');
  const ok = await a.patch(`/api/v1/orgs/${c1.id}`, { address: '事务路 8 号' });
  assert.equal(ok.status, 200, ok.text);
  log = await a.get(`/api/v1/audit?entity=org&entity_id=${c1.id}`);
  assert.equal(log.body.total, 2);
  const [upd] = log.body.items;
  assert.equal(upd.action, 'update');
  assert.equal(upd.before.address, c1.address);
  assert.equal(upd.after.address, '事务路 8 号');
  assert.match(upd.after.updated_at, ISO);

  const u = await mkUser(a, c1.id, 'bureau_admin');
  assert.match(u.created_at, ISO);
  const rows = (await a.get(`/api/v1/audit?entity=user&entity_id=${u.id}`)).body.total;
  assert.ok(rows >= 2, 'create and the first password change');
  // a role outside the user's org: refused, the name with it
  assertError(await a.patch(`/api/v1/users/${u.id}`, { name: '不应保存', roles: [{ role: 'bureau_admin', org_id: c2.id }] }), 422, 'roles');
  assert.equal((await a.get(`/api/v1/users/${u.id}`)).body.name, u.name);
  assert.equal((await a.get(`/api/v1/audit?entity=user&entity_id=${u.id}`)).body.total, rows);
  const r = await a.patch(`/api/v1/users/${u.id}`, { name: '事务改名' });
  assert.equal(r.status, 200, r.text);
  const ul = await a.get(`/api/v1/audit?entity=user&entity_id=${u.id}`);
  assert.equal(ul.body.total, rows + 1);
  assert.equal(ul.body.items[0].action, 'update');
  assert.equal(ul.body.items[0].before.name, u.name);
  assert.equal(ul.body.items[0].after.name, '事务改名');
  // a password reset ends the user's sessions once committed
  const me = await u.client.get('/api/v1/me');
  assert.equal(me.status, 200);
  const pw = await a.patch(`/api/v1/users/${u.id}`, { password: 'Reset#2026abc' });
  assert.equal(pw.status, 200, pw.text);
  assert.equal((await u.client.get('/api/v1/me')).status, 401);
  const pl = await a.get(`/api/v1/audit?entity=user&entity_id=${u.id}`);
  assert.equal(pl.body.total, rows + 2);
  assert.equal(pl.body.items[0].note, '密码已修改');
});
