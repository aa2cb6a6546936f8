// Logging in and out, sessions by cookie and by bearer token, CSRF on
// cookie-authenticated writes, and throttling of repeated failures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { anon, admin, login, mkOrg, mkUser, assertError, PASSWORD, BASE } from './lib.mjs';

test('login returns a token, a CSRF token and a strict HttpOnly cookie', async () => {
  const a = await admin();
  const r = await anon.post('/api/v1/login', { username: a.user.username, password: process.env.XA_ADMIN_PASS || 'Admin#2026' });
  assert.equal(r.status, 200);
  assert.match(r.body.token, /^[0-9a-f]{64}$/);
  assert.match(r.body.csrf_token, /^[0-9a-f]{64}$/);
  const cookie = r.headers.get('set-cookie');
  assert.match(cookie, /xa_session=[0-9a-f]{64}/);
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Strict/);
  assert.ok(r.body.user.permissions.includes('org.write'));
  assert.equal(r.body.user.pass_hash, undefined);
});

test('requests without a session get 401; a bad token too', async () => {
  assertError(await anon.get('/api/v1/me'), 401, undefined, 'unauthenticated');
  const r = await fetch(BASE + '/api/v1/me', { headers: { Authorization: 'Bearer ' + 'ab'.repeat(32) } });
  assert.equal(r.status, 401);
});

test('wrong password and unknown user answer the same 401', async () => {
  const a = await admin();
  const r1 = await anon.post('/api/v1/login', { username: a.user.username, password: 'nope-nope' });
  const r2 = await anon.post('/api/v1/login', { username: 'nobody_here_x', password: 'nope-nope' });
  assertError(r1, 401, undefined, 'bad_credentials');
  assertError(r2, 401, undefined, 'bad_credentials');
  assert.equal(r1.body.error.message, r2.body.error.message);
});

test('cookie sessions need the CSRF token for writes, bearer sessions do not', async () => {
  const a = await admin();
  const city = await mkOrg(a, 1, 'city', 'CSRF市');
  const u = await mkUser(a, city.id, 'bureau_admin');
  const c = await login(u.username, PASSWORD, { cookie: true });
  assert.equal((await c.get('/api/v1/me')).status, 200, 'cookie read works');
  const body = { parent_id: city.id, kind: 'county', name: 'CSRF县', code: String(100000 + Math.floor(Math.random() * 800000)) };
  assertError(await c.req('POST', '/api/v1/orgs', body, { 'X-CSRF-Token': '' }), 403, undefined, 'csrf');
  assertError(await c.req('POST', '/api/v1/orgs', body, { 'X-CSRF-Token': 'f'.repeat(64) }), 403, undefined, 'csrf');
  const ok = await c.post('/api/v1/orgs', body);
  assert.equal(ok.status, 201, ok.text);
  // /me hands the CSRF token back after a page reload
  assert.equal((await c.get('/api/v1/me')).body.csrf_token, c.csrf);
  // the bearer form of the same session needs no CSRF token
  const b = await login(u.username);
  assert.equal((await b.patch(`/api/v1/orgs/${ok.body.id}`, { name: 'CSRF县改' })).status, 200);
});

test('logout ends the session', async () => {
  const a = await admin();
  const city = await mkOrg(a, 1, 'city', '登出市');
  const u = await mkUser(a, city.id, 'auditor');
  assert.equal((await u.client.get('/api/v1/me')).status, 200);
  assert.equal((await u.client.post('/api/v1/logout')).status, 200);
  assertError(await u.client.get('/api/v1/me'), 401);
});

test('five failures from one address stop that address guessing the account, even with the right password', async () => {
  const a = await admin();
  const city = await mkOrg(a, 1, 'city', '锁定市');
  const u = await mkUser(a, city.id, 'auditor');
  for (let i = 0; i < 5; i++) {
    assertError(await anon.post('/api/v1/login', { username: u.username, password: 'wrong-' + i }), 401);
  }
  const r = await anon.post('/api/v1/login', { username: u.username, password: PASSWORD });
  assertError(r, 429, undefined, 'too_many_attempts');
  assert.ok(Number(r.headers.get('retry-after')) > 0);
  // other users are not affected
  assert.equal((await anon.post('/api/v1/login', { username: a.user.username, password: process.env.XA_ADMIN_PASS || 'Admin#2026' })).status, 200);
});

test('deactivating a user ends their sessions and refuses login', async () => {
  const a = await admin();
  const city = await mkOrg(a, 1, 'city', '停用市');
  const u = await mkUser(a, city.id, 'auditor');
  assert.equal((await a.patch(`/api/v1/users/${u.id}`, { active: false })).status, 200);
  assertError(await u.client.get('/api/v1/me'), 401);
  assertError(await anon.post('/api/v1/login', { username: u.username, password: PASSWORD }), 401);
});
