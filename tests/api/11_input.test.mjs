// Bad input gets a 4xx JSON error naming the field and writes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { admin, mkOrg, assertError, BASE } from './lib.mjs';

async function counts(a) {
  const orgs = await a.get('/api/v1/orgs?per_page=1');
  const audit = await a.get('/api/v1/audit?per_page=1');
  return { orgs: orgs.body.total, audit: audit.body.total };
}

test('malformed, mistyped, unknown, missing, oversize: clear errors, nothing written', async () => {
  const a = await admin();
  const city = await mkOrg(a, 1, 'city', '输入市');
  const before = await counts(a);
  const good = { parent_id: city.id, kind: 'county', name: '输入县', code: '431299' };

  let r = await a.req('POST', '/api/v1/orgs', '{"parent_id": 1, "kind": ');
  assertError(r, 400, undefined, 'malformed_json');
  r = await a.req('POST', '/api/v1/orgs', '[1,2,3]');
  assertError(r, 400, undefined, 'invalid_body');
  r = await a.post('/api/v1/orgs', { ...good, name: 42 });
  assertError(r, 400, 'name', 'wrong_type');
  r = await a.post('/api/v1/orgs', { ...good, students: '12' });
  assertError(r, 400, 'students', 'wrong_type');
  r = await a.post('/api/v1/orgs', { ...good, colour: 'red' });
  assertError(r, 400, 'colour', 'unknown_field');
  const { name, ...noName } = good;
  r = await a.post('/api/v1/orgs', noName);
  assertError(r, 422, 'name', 'required');
  r = await a.post('/api/v1/orgs', { ...good, kind: 'galaxy' });
  assertError(r, 422, 'kind');
  r = await a.post('/api/v1/orgs', { ...good, code: '12AB56' });
  assertError(r, 422, 'code');
  r = await a.post('/api/v1/orgs', { ...good, name: '' });
  assertError(r, 422, 'name', 'length');
  r = await a.post('/api/v1/orgs', { ...good, parent_id: 'x' });
  assertError(r, 400, 'parent_id');
  r = await a.post('/api/v1/orgs', { ...good, parent_id: 99999999 });
  assertError(r, 404, 'parent_id');
  r = await a.post('/api/v1/orgs', { ...good, kind: 'school', school_type: 'primary', code: '1234567890' });
  assertError(r, 422, 'kind'); // a school must hang under a county or township
  r = await a.req('POST', '/api/v1/orgs', JSON.stringify({ ...good, name: 'x'.repeat(2 << 20) }), { 'Content-Type': 'application/json' });
  assertError(r, 413, undefined, 'too_large');
  r = await a.req('POST', '/api/v1/orgs', '{"name":"a","name":"b"}');
  assertError(r, 400, undefined, 'malformed_json'); // duplicate keys are refused

  assert.deepEqual(await counts(a), before, 'nothing was written');
});

test('bad ids and bad paging parameters name the field', async () => {
  const a = await admin();
  assertError(await a.get('/api/v1/orgs/abc'), 400, 'id');
  assertError(await a.get('/api/v1/orgs/0'), 400, 'id');
  assertError(await a.get('/api/v1/orgs/-5'), 400, 'id');
  assertError(await a.get('/api/v1/orgs/99999999999999999999'), 400, 'id');
  assertError(await a.get('/api/v1/orgs/987654321'), 404, 'id');
  assertError(await a.get('/api/v1/users/xyz'), 400, 'id');
  assertError(await a.get('/api/v1/orgs?page=0'), 400, 'page');
  assertError(await a.get('/api/v1/orgs?per_page=1000'), 400, 'per_page');
  assertError(await a.get('/api/v1/orgs?parent_id=x'), 400, 'parent_id');
  assertError(await a.get('/api/v1/orgs?kind=moon'), 400, 'kind');
  assertError(await a.get('/api/v1/nothing-here'), 404);
  assertError(await a.req('DELETE', '/api/v1/me'), 405);
});

test('a failed update leaves the row and the audit log as they were', async () => {
  const a = await admin();
  const city = await mkOrg(a, 1, 'city', '更新市');
  const other = await mkOrg(a, 1, 'city', '更新市二');
  const before = await counts(a);
  const r = await a.patch(`/api/v1/orgs/${city.id}`, { name: '新名字', code: other.code });
  assertError(r, 409, 'code', 'conflict');
  const after = await a.get(`/api/v1/orgs/${city.id}`);
  assert.equal(after.body.name, city.name, 'name unchanged');
  assert.deepEqual(await counts(a), before);
});

test('user input is validated too', async () => {
  const a = await admin();
  const city = await mkOrg(a, 1, 'city', '用户校验市');
  const base = { username: 'valid_user_' + Date.now() % 100000, password: 'Passw0rd#2026', name: '张三', org_id: city.id, roles: [{ role: 'bureau_admin', org_id: city.id }] };
  assertError(await a.post('/api/v1/users', { ...base, password: 'short' }), 422, 'password');
  assertError(await a.post('/api/v1/users', { ...base, username: 'bad name!' }), 422, 'username');
  assertError(await a.post('/api/v1/users', { ...base, roles: [] }), 422, 'roles');
  assertError(await a.post('/api/v1/users', { ...base, roles: [{ role: 'king', org_id: city.id }] }), 422, 'role');
  assertError(await a.post('/api/v1/users', { ...base, roles: [{ role: 'principal', org_id: city.id }] }), 422, 'roles');
  assertError(await a.post('/api/v1/users', { ...base, roles: [{ role: 'auditor', org_id: city.id, extra: 1 }] }), 400, 'extra');
  const ok = await a.post('/api/v1/users', base);
  assert.equal(ok.status, 201, ok.text);
  assertError(await a.post('/api/v1/users', base), 409, 'username', 'conflict');
});
