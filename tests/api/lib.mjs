// Helpers for the API scenario tests. The runner (scripts/test) starts a
// server on a fresh database initialised with the admin below and passes its
// address in XA_BASE_URL; every test file builds its own corner of the org
// tree with unique codes, so files do not depend on each other.
import assert from 'node:assert/strict';

export const BASE = process.env.XA_BASE_URL || 'http://127.0.0.1:18181';
export const ADMIN = process.env.XA_ADMIN_USER || 'admin';
export const ADMIN_PASS = process.env.XA_ADMIN_PASS || 'Admin#2026';
export const PASSWORD = 'Passw0rd#2026';

// A client: bearer-token session (or cookie session with csrf when cookie: true).
export class Client {
  constructor(token, user, csrf, cookie) {
    this.token = token; this.user = user; this.csrf = csrf; this.cookie = cookie;
  }
  async req(method, path, body, headers = {}) {
    const h = { ...headers };
    if (this.cookie) {
      h.Cookie = `xa_session=${this.token}`;
      if (method !== 'GET' && this.csrf && !('X-CSRF-Token' in h)) h['X-CSRF-Token'] = this.csrf;
    } else if (this.token) {
      h.Authorization = `Bearer ${this.token}`;
    }
    let payload = body;
    if (body !== undefined && typeof body !== 'string' && !(body instanceof Uint8Array)) {
      payload = JSON.stringify(body);
      h['Content-Type'] = 'application/json';
    }
    const res = await fetch(BASE + path, { method, headers: h, body: payload });
    const text = await res.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { json = null; }
    return { status: res.status, body: json, text, headers: res.headers };
  }
  get(p) { return this.req('GET', p); }
  post(p, b) { return this.req('POST', p, b === undefined ? {} : b); }
  patch(p, b) { return this.req('PATCH', p, b); }
  put(p, b) { return this.req('PUT', p, b); }
  del(p) { return this.req('DELETE', p); }
}

export const anon = new Client(null, null, null, false);

export async function login(username, password = PASSWORD, { cookie = false } = {}) {
  const r = await anon.post('/api/v1/login', { username, password });
  assert.equal(r.status, 200, `login ${username}: ${r.text}`);
  return new Client(r.body.token, r.body.user, r.body.csrf_token, cookie);
}

export const admin = () => login(ADMIN, ADMIN_PASS);

let seq = 0;
const runTag = (Date.now() % 90000) + 10000 + Math.floor(Math.random() * 1000);
// A unique number for codes and user names in this run.
export function uniq() { seq += 1; return runTag * 100 + seq; }
const pad = (n, w) => String(n).padStart(w, '0').slice(-w);

// Asserts an error response: status, and (when given) code and field.
export function assertError(r, status, field, code) {
  assert.equal(r.status, status, `expected ${status}, got ${r.status}: ${r.text}`);
  assert.ok(r.body && r.body.error, `error body: ${r.text}`);
  assert.equal(typeof r.body.error.message, 'string');
  if (field !== undefined) assert.equal(r.body.error.field, field, `field in ${r.text}`);
  if (code !== undefined) assert.equal(r.body.error.code, code, `code in ${r.text}`);
}

// Region codes have six digits, so test files running one after another on
// the same server can draw the same code; a code taken by another file is
// drawn again at random (at most five times) — any other answer fails.
export async function mkOrg(client, parentId, kind, name, extra = {}) {
  const n = uniq();
  const codeOf = (v) => (kind === 'school' ? '9' + pad(v, 9) : kind === 'township' ? '8' + pad(v, 8) : pad(v, 6));
  const body = { parent_id: parentId, kind, name: `${name}${n}`, code: codeOf(n), ...extra };
  if (kind === 'school' && !body.school_type) body.school_type = 'primary';
  let r = await client.post('/api/v1/orgs', body);
  for (let i = 0; i < 5 && !('code' in extra) && r.status === 409 && r.body?.error?.field === 'code'; i++) {
    body.code = codeOf(Math.floor(Math.random() * 1e9));
    r = await client.post('/api/v1/orgs', body);
  }
  assert.equal(r.status, 201, `create ${kind}: ${r.text}`);
  return r.body;
}

// The password an administrator gives a new account; the account replaces
// it with PASSWORD at its first login (forced change).
export const INITIAL_PASSWORD = 'Initial#2026x';

// Logs in with the administrator-given password and changes it to PASSWORD.
export async function firstLogin(username, initial = INITIAL_PASSWORD) {
  const r = await anon.post('/api/v1/login', { username, password: initial });
  assert.equal(r.status, 200, `first login ${username}: ${r.text}`);
  assert.equal(r.body.must_change_password, true, 'an account an admin made must change its password');
  const c = new Client(r.body.token, r.body.user, r.body.csrf_token, false);
  const ch = await c.post('/api/v1/me/password', { current_password: initial, new_password: PASSWORD });
  assert.equal(ch.status, 200, `password change ${username}: ${ch.text}`);
}

export async function mkUser(client, orgId, role, roleOrgId = orgId) {
  const username = `u${uniq()}`;
  const r = await client.post('/api/v1/users', {
    username, password: INITIAL_PASSWORD, name: `${role}${username}`, org_id: orgId,
    roles: [{ role, org_id: roleOrgId }],
  });
  assert.equal(r.status, 201, `create user: ${r.text}`);
  await firstLogin(username);
  return { ...r.body, client: await login(username) };
}

// A city with two counties; county A has two schools, county B one.
// Every school has a principal, a safety officer and two staff; each
// county has a bureau admin and an inspector. Returns ids and clients.
export async function world(root = null) {
  const a = root || await admin();
  const city = await mkOrg(a, 1, 'city', '测试市');
  const countyA = await mkOrg(a, city.id, 'county', '甲县');
  const countyB = await mkOrg(a, city.id, 'county', '乙县');
  const w = { admin: a, city, countyA, countyB, schools: [] };
  w.cityAdmin = await mkUser(a, city.id, 'bureau_admin');
  w.countyAdminA = await mkUser(a, countyA.id, 'bureau_admin');
  w.countyAdminB = await mkUser(a, countyB.id, 'bureau_admin');
  w.inspectorA = await mkUser(a, countyA.id, 'inspector');
  for (const [county, n] of [[countyA, 2], [countyB, 1]]) {
    for (let i = 0; i < n; i++) {
      const org = await mkOrg(a, county.id, 'school', '测试学校', { school_type: 'primary', students: 800, classes: 18, staff: 60 });
      const s = { org, county };
      s.principal = await mkUser(a, org.id, 'principal');
      s.officer = await mkUser(a, org.id, 'safety_officer');
      s.staff1 = await mkUser(a, org.id, 'staff');
      s.staff2 = await mkUser(a, org.id, 'staff');
      w.schools.push(s);
    }
  }
  return w;
}
