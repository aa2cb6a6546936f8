// Accounts and login under attack (issue 15, items 4, 7, 8, 9, 10): no
// lockout of the owner from elsewhere, equal work for unknown users, JSON-
// only login, budgets that concurrent requests cannot overspend, the own
// password change and the forced change of accounts an admin made, the
// password rule, null as a wrong type everywhere, and global settings for
// the root bureau alone. Signed-out requests go out from their own loopback
// address (127.x.y.z) so budgets of one scenario do not spend another's.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import {
  BASE, PASSWORD, INITIAL_PASSWORD, Client, anon, admin, login, mkOrg, mkUser, world, uniq, assertError,
} from './lib.mjs';

const randIp = () => `127.${1 + Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`;

// A signed-out client whose requests leave from loopback address ip.
function from(ip = randIp()) {
  const u = new URL(BASE);
  const req = (method, p, body, headers = {}) => new Promise((resolve, reject) => {
    const h = { ...headers };
    let payload = body;
    if (body !== undefined && typeof body !== 'string') {
      payload = JSON.stringify(body);
      if (!h['Content-Type']) h['Content-Type'] = 'application/json';
    }
    if (payload !== undefined) h['Content-Length'] = Buffer.byteLength(payload);
    const rq = http.request({ host: u.hostname, port: u.port, path: p, method, headers: h, localAddress: ip, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json = null;
        try { json = text ? JSON.parse(text) : null; } catch { json = null; }
        resolve({ status: res.statusCode, body: json, text, headers: { get: (k) => res.headers[k.toLowerCase()] } });
      });
    });
    rq.on('error', reject);
    if (payload !== undefined) rq.write(payload);
    rq.end();
  });
  return { ip, req, post: (p, b, h) => req('POST', p, b, h), get: (p) => req('GET', p) };
}

let w;
before(async () => { w = await world(); });

// ---- item 8: login ----

test('login wants application/json (no login CSRF through a text/plain form)', async () => {
  const c = from();
  const body = JSON.stringify({ username: 'admin', password: process.env.XA_ADMIN_PASS || 'Admin#2026' });
  assertError(await c.post('/api/v1/login', body, { 'Content-Type': 'text/plain' }), 415, 'Content-Type');
  assertError(await c.post('/api/v1/login', body, { 'Content-Type': 'application/x-www-form-urlencoded' }), 415);
  assertError(await c.post('/api/v1/login', body, { 'Content-Type': 'application/jsonp' }), 415);
  assertError(await c.post('/api/v1/login', body), 415);
  const ok = await c.post('/api/v1/login', body, { 'Content-Type': 'application/json; charset=utf-8' });
  assert.equal(ok.status, 200, ok.text);
});

test('unknown users cost the same work as wrong passwords (no enumeration by timing)', async () => {
  const c = from();
  const time = async (username) => {
    const t0 = process.hrtime.bigint();
    const r = await c.post('/api/v1/login', { username, password: 'Wrong#pass1' });
    assert.equal(r.status, 401);
    return Number(process.hrtime.bigint() - t0) / 1e6;
  };
  const known = [], unknown = [];
  for (let i = 0; i < 3; i++) {
    known.push(await time(w.countyAdminA.username));
    unknown.push(await time(`nobody_${uniq()}`));
  }
  const med = (a) => a.sort((x, y) => x - y)[1];
  assert.ok(med(unknown) > med(known) * 0.5, `unknown ${med(unknown)} ms vs wrong password ${med(known)} ms`);
});

test('guesses throttle the guessing address, never the owner elsewhere', async () => {
  const u = await mkUser(w.admin, w.countyA.id, 'inspector');
  const attacker = from();
  for (let i = 0; i < 5; i++) assertError(await attacker.post('/api/v1/login', { username: u.username, password: 'wrong-' + i }), 401);
  // the attacker's address is refused, even with the right password
  const r = await attacker.post('/api/v1/login', { username: u.username, password: PASSWORD });
  assertError(r, 429, undefined, 'too_many_attempts');
  assert.ok(Number(r.headers.get('retry-after')) > 0);
  // the owner from another address gets in at once
  const owner = await from().post('/api/v1/login', { username: u.username, password: PASSWORD });
  assert.equal(owner.status, 200, owner.text);
});

test('concurrent guesses cannot try more passwords than the budget', async () => {
  const u = await mkUser(w.admin, w.countyA.id, 'inspector');
  const ip = randIp();
  const rs = await Promise.all(Array.from({ length: 12 }, (_, i) => from(ip).post('/api/v1/login', { username: u.username, password: 'guess-' + i })));
  const tried = rs.filter((r) => r.status === 401).length;
  const refused = rs.filter((r) => r.status === 429).length;
  assert.equal(tried + refused, 12, rs.map((r) => r.status).join(','));
  assert.ok(tried <= 5, `${tried} passwords tried (limit 5)`);
});

// ---- item 7: tip-offs raced ----

test('concurrent tip-offs from one address cannot exceed the hourly limit', async () => {
  const s1 = w.schools[0];
  const ip = randIp();
  const rs = await Promise.all(Array.from({ length: 20 }, (_, i) => from(ip).post('/api/v1/public/tipoffs', {
    county: w.countyA.code, school_id: s1.org.id, category: 'fire', description: `第${i}次并发举报：楼道堆放杂物`,
  })));
  const accepted = rs.filter((r) => r.status === 201).length;
  assert.equal(rs.filter((r) => r.status === 429).length, 20 - accepted, rs.map((r) => r.status).join(','));
  assert.equal(accepted, 5, `${accepted} accepted (limit 5)`);
});

test('concurrent tracking lookups cannot exceed theirs', async () => {
  const ip = randIp();
  const rs = await Promise.all(Array.from({ length: 40 }, () => from(ip).get('/api/v1/public/tipoffs/ZZZZZZZZZZZZ')));
  assert.equal(rs.filter((r) => r.status === 404).length, 30, rs.map((r) => r.status).join(','));
});

// ---- item 9: own password, forced change, the rule ----

test('an account an admin made must change its password before anything else', async () => {
  const username = `u${uniq()}`;
  const mk = await w.admin.post('/api/v1/users', { username, password: INITIAL_PASSWORD, name: '新人', org_id: w.countyA.id, roles: [{ role: 'inspector', org_id: w.countyA.id }] });
  assert.equal(mk.status, 201, mk.text);
  assert.equal(mk.body.must_change_password, true);
  const r = await anon.post('/api/v1/login', { username, password: INITIAL_PASSWORD });
  assert.equal(r.status, 200);
  assert.equal(r.body.must_change_password, true);
  const c = new Client(r.body.token, r.body.user, r.body.csrf_token, false);
  // everything else answers 403 with a clear code; me, the change and logout work
  assertError(await c.get('/api/v1/orgs'), 403, undefined, 'password_change_required');
  assertError(await c.get(`/api/v1/orgs/${w.countyA.id}`), 403, undefined, 'password_change_required');
  assertError(await c.post('/api/v1/orgs', { parent_id: w.countyA.id, kind: 'school', name: 'x', code: '9000000001' }), 403, undefined, 'password_change_required');
  const me = await c.get('/api/v1/me');
  assert.equal(me.status, 200);
  assert.equal(me.body.must_change_password, true);
  // the rule: not the user name, not common, not the same
  assertError(await c.post('/api/v1/me/password', { current_password: INITIAL_PASSWORD, new_password: `${username}#x` }), 422, 'new_password', 'weak_password');
  assertError(await c.post('/api/v1/me/password', { current_password: INITIAL_PASSWORD, new_password: 'password123' }), 422, 'new_password', 'weak_password');
  assertError(await c.post('/api/v1/me/password', { current_password: INITIAL_PASSWORD, new_password: 'Qwerty123' }), 422, 'new_password');
  assertError(await c.post('/api/v1/me/password', { current_password: INITIAL_PASSWORD, new_password: 'short' }), 422, 'new_password');
  assertError(await c.post('/api/v1/me/password', { current_password: INITIAL_PASSWORD, new_password: INITIAL_PASSWORD }), 422, 'new_password');
  assertError(await c.post('/api/v1/me/password', { current_password: 'not-it-at-all', new_password: PASSWORD }), 422, 'current_password');
  assertError(await c.post('/api/v1/me/password', { current_password: null, new_password: PASSWORD }), 400, 'current_password');
  assertError(await c.post('/api/v1/me/password', { new_password: PASSWORD }), 422, 'current_password');
  assertError(await c.post('/api/v1/me/password', { current_password: INITIAL_PASSWORD, new_password: PASSWORD, extra: 1 }), 400, 'extra');
  const ch = await c.post('/api/v1/me/password', { current_password: INITIAL_PASSWORD, new_password: PASSWORD });
  assert.equal(ch.status, 200, ch.text);
  // the same session goes on, unblocked; the old password is gone
  assert.equal((await c.get('/api/v1/orgs')).status, 200);
  assert.equal((await c.get('/api/v1/me')).body.must_change_password, false);
  assertError(await from().post('/api/v1/login', { username, password: INITIAL_PASSWORD }), 401);
  const again = await from().post('/api/v1/login', { username, password: PASSWORD });
  assert.equal(again.body.must_change_password, false);
  // the change is audited without any hash
  const log = await w.admin.get(`/api/v1/audit?entity=user&entity_id=${mk.body.id}`);
  assert.ok(log.body.items.some((e) => e.action === 'password'), log.text);
  assert.ok(!log.text.includes('argon2'));
});

test('a password reset by an admin forces a change again; one\'s own change ends other sessions', async () => {
  const u = await mkUser(w.admin, w.countyA.id, 'inspector');
  const other = await login(u.username);
  assert.equal((await w.admin.patch(`/api/v1/users/${u.id}`, { password: 'Reset#2026abc' })).status, 200);
  const r = await anon.post('/api/v1/login', { username: u.username, password: 'Reset#2026abc' });
  assert.equal(r.body.must_change_password, true);
  const c = new Client(r.body.token, r.body.user, r.body.csrf_token, false);
  assertError(await c.get('/api/v1/orgs'), 403, undefined, 'password_change_required');
  const second = await login(u.username, 'Reset#2026abc');
  assert.equal((await c.post('/api/v1/me/password', { current_password: 'Reset#2026abc', new_password: 'Mine#2026xyz' })).status, 200);
  assertError(await second.get('/api/v1/me'), 401, undefined); // the other session ended
  assert.equal((await c.get('/api/v1/me')).status, 200);
  assertError(await other.get('/api/v1/me'), 401);
  // an admin's own password through PATCH does not lock the admin out
  const weak = await w.admin.patch(`/api/v1/users/${u.id}`, { password: 'password1' });
  assertError(weak, 422, 'password', 'weak_password');
  assertError(await w.admin.post('/api/v1/users', { username: `u${uniq()}`, password: '88888888', name: 'x', org_id: w.countyA.id, roles: [{ role: 'inspector', org_id: w.countyA.id }] }), 422, 'password', 'weak_password');
});

test('cookie sessions need the CSRF token for the password change too', async () => {
  const u = await mkUser(w.admin, w.countyA.id, 'inspector');
  const c = await login(u.username, PASSWORD, { cookie: true });
  const r = await c.req('POST', '/api/v1/me/password', { current_password: PASSWORD, new_password: 'Other#2026q' }, { 'X-CSRF-Token': 'nope' });
  assertError(r, 403, undefined, 'csrf');
  assertError(await anon.post('/api/v1/me/password', { current_password: PASSWORD, new_password: 'Other#2026q' }), 401);
});

test('guessing the current password through the change is throttled', async () => {
  const u = await mkUser(w.admin, w.countyA.id, 'inspector');
  for (let i = 0; i < 5; i++) assertError(await u.client.post('/api/v1/me/password', { current_password: 'guess-' + i, new_password: 'Other#2026q' }), 422, 'current_password');
  assertError(await u.client.post('/api/v1/me/password', { current_password: PASSWORD, new_password: 'Other#2026q' }), 429);
});

// ---- item 10: null ----

test('null is a wrong type (400 naming the field), never a 500', async () => {
  const a = w.admin;
  const s1 = w.schools[0];
  const u = s1.staff1;
  assertError(await a.patch(`/api/v1/users/${u.id}`, { name: null }), 400, 'name', 'wrong_type');
  assertError(await a.patch(`/api/v1/users/${u.id}`, { phone: null }), 400, 'phone');
  assertError(await a.patch(`/api/v1/users/${u.id}`, { active: null }), 400, 'active');
  assertError(await a.patch(`/api/v1/users/${u.id}`, { roles: null }), 400, 'roles');
  assertError(await a.patch(`/api/v1/orgs/${s1.org.id}`, { name: null }), 400, 'name', 'wrong_type');
  assertError(await a.post('/api/v1/orgs', { parent_id: w.countyA.id, kind: 'school', name: null, code: '9000000002' }), 400, 'name');
  assertError(await a.post('/api/v1/users', { username: null, password: PASSWORD, name: 'x', org_id: w.countyA.id, roles: [] }), 400, 'username');
  const point = {
    school_id: s1.org.id, name: '化学实验室', location: '实验楼', category: 'lab', hazard_factors: '危化品',
    possible_accidents: '火灾', control_level: 'department', responsible_name: '王老师', patrol_frequency: 'weekly',
    control_measures: { engineering: '防爆柜', management: '双人双锁', training: '培训', ppe: '手套', emergency: '灭火毯' },
  };
  const p = await s1.officer.client.post('/api/v1/risk-points', point);
  assert.equal(p.status, 201, p.text);
  assertError(await s1.officer.client.patch(`/api/v1/risk-points/${p.body.id}`, { name: null }), 400, 'name');
  assertError(await s1.officer.client.post('/api/v1/risk-points', { ...point, name: null }), 400, 'name');
  assertError(await s1.staff1.client.post('/api/v1/ledgers/visitors', { org_id: s1.org.id, name: '赵先生', reason: '家长会', in_at: null }), 400, 'in_at');
  assertError(await w.countyAdminA.client.post('/api/v1/campaigns', {
    org_id: w.countyA.id, kind: 'campaign', title: '防溺水', categories: null, start_date: '2026-06-01', end_date: '2026-07-01',
  }), 400, 'categories');
  const insp = await w.inspectorA.client.post('/api/v1/inspections', {
    org_id: w.countyA.id, title: '空值督查', kind: 'regular', date: '2026-11-01', group: ['张督学'], school_ids: [s1.org.id],
  });
  assert.equal(insp.status, 201, insp.text);
  assertError(await w.inspectorA.client.post(`/api/v1/inspections/${insp.body.id}/findings`, {
    school_id: s1.org.id, content: '消防通道堵塞', category: 'fire', photo_ids: null,
  }), 400, 'photo_ids');
  // optional ids and numbers may still be null ("none")
  const r = await a.get(`/api/v1/users/${u.id}`);
  assert.equal(r.status, 200);
});

// ---- item 4: global settings ----

test('global settings belong to the root bureau alone', async () => {
  const cat = (await w.admin.get('/api/v1/categories')).body;
  const code = (Array.isArray(cat) ? cat : cat.items)[0].code;
  for (const c of [w.cityAdmin.client, w.countyAdminA.client]) {
    assertError(await c.patch(`/api/v1/categories/${code}`, { name: '改名' }), 403);
    assertError(await c.post('/api/v1/categories', { code: `c${uniq()}`, name: '新类别' }), 403);
    assertError(await c.put('/api/v1/grading/thresholds', {}), 403);
    assertError(await c.put('/api/v1/hazard-settings', { escalation_days: 3 }), 403);
    assertError(await c.post('/api/v1/admin/run-jobs', {}), 403);
  }
  const after = (await w.admin.get('/api/v1/categories')).body;
  assert.equal((Array.isArray(after) ? after : after.items)[0].code, code);
  assert.notEqual((Array.isArray(after) ? after : after.items)[0].name, '改名');
});

test('the audit chain check is for root administrators and auditors', async () => {
  assertError(await w.countyAdminA.client.get('/api/v1/audit/verify'), 403);
  assertError(await w.schools[0].principal.client.get('/api/v1/audit/verify'), 403);
  const aud = await mkUser(w.admin, w.countyA.id, 'auditor');
  const v = await aud.client.get('/api/v1/audit/verify');
  assert.equal(v.status, 200, v.text);
  assert.equal(v.body.intact, true);
  assert.equal((await w.admin.get('/api/v1/audit/verify')).body.intact, true);
});
