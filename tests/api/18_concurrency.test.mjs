// Concurrent writes to one object: each audit row's "before" is exactly the
// previous row's "after" (no stale before-images), the last "after" is the
// object as it is now, and no write is lost — on both backends.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { world } from './lib.mjs';

let w;
before(async () => { w = await world(); });

const pointBody = (schoolId) => ({
  school_id: schoolId, name: '锅炉房', location: '后勤楼 1 楼', category: 'fire',
  hazard_factors: '高温高压', possible_accidents: '爆炸、烫伤',
  control_measures: { engineering: '安全阀', management: '持证上岗', training: '年度培训', ppe: '手套', emergency: '急停' },
  control_level: 'department', responsible_name: '李师傅', patrol_frequency: 'weekly',
});

// The audit rows of one object, oldest first.
async function auditOf(client, entity, id) {
  const rows = [];
  for (let page = 1; ; page++) {
    const r = await client.get(`/api/v1/audit?entity=${entity}&entity_id=${id}&per_page=200&page=${page}`);
    assert.equal(r.status, 200, r.text);
    rows.push(...r.body.items);
    if (rows.length >= r.body.total || r.body.items.length === 0) break;
  }
  return rows.sort((a, b) => a.id - b.id);
}

function assertChain(rows, current, what) {
  for (let i = 1; i < rows.length; i++) {
    assert.deepEqual(rows[i].before, rows[i - 1].after,
      `${what}: audit row ${i} (${rows[i].action}) starts from the state row ${i - 1} left`);
  }
  const last = rows.at(-1).after;
  for (const k of Object.keys(current)) {
    if (k.endsWith('_at') || typeof current[k] === 'object') continue;
    assert.deepEqual(last[k], current[k], `${what}: the last after is the object now (${k})`);
  }
}

test('20 concurrent PATCH /risk-points/{id}: every audit before is the previous after', { timeout: 120000 }, async () => {
  const s = w.schools[0];
  const c = s.officer.client;
  const p = await c.post('/api/v1/risk-points', pointBody(s.org.id));
  assert.equal(p.status, 201, p.text);
  const id = p.body.id;
  const results = await Promise.all(Array.from({ length: 20 }, (_, i) =>
    c.patch(`/api/v1/risk-points/${id}`, { location: `后勤楼 ${i + 1} 号间`, responsible_name: `值守${i}` })));
  for (const r of results) assert.equal(r.status, 200, r.text);
  const now = await c.get(`/api/v1/risk-points/${id}`);
  const rows = await auditOf(w.admin, 'risk_point', id);
  assert.equal(rows.length, 21, 'one create and 20 updates audited');
  assert.equal(rows[0].action, 'create');
  assertChain(rows, now.body, 'risk point');
  // every update's result is some audit row's after (none lost)
  const afters = new Set(rows.map((r) => r.after?.location));
  for (const r of results) assert.ok(afters.has(r.body.location));
});

test('concurrent updates of an org and a user: the audit chain of each holds', { timeout: 120000 }, async () => {
  const a = w.admin;
  const org = w.schools[1].org;
  const rs = await Promise.all(Array.from({ length: 12 }, (_, i) => a.patch(`/api/v1/orgs/${org.id}`, { address: `幸福路 ${i + 1} 号` })));
  for (const r of rs) assert.equal(r.status, 200, r.text);
  const orgRows = (await auditOf(a, 'org', org.id)).filter((r) => r.action !== 'create');
  assert.ok(orgRows.length >= 12);
  for (let i = 1; i < orgRows.length; i++)
    assert.deepEqual(orgRows[i].before, orgRows[i - 1].after, `org audit row ${i}`);
  const u = w.schools[1].staff1;
  const us = await Promise.all(Array.from({ length: 12 }, (_, i) => a.patch(`/api/v1/users/${u.id}`, { name: `教师${i + 1}` })));
  for (const r of us) assert.equal(r.status, 200, r.text);
  const userRows = (await auditOf(a, 'user', u.id)).filter((r) => r.action === 'update');
  assert.ok(userRows.length >= 12);
  for (let i = 1; i < userRows.length; i++)
    assert.deepEqual(userRows[i].before, userRows[i - 1].after, `user audit row ${i}`);
});
