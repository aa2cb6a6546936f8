// The overdue escalation period and the re-check delay (回头看) are settings of
// the root bureau: read by everyone who reads hazards, written only at the top
// of the tree, validated, audited, and used by the sweep.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { world, assertError } from './lib.mjs';
import { DAY, iso, report, ok, runJobs } from './hazard_lib.mjs';

let w;
after(async () => {
  if (w) await w.admin.put('/api/v1/hazard-settings', { escalation_days: 7, recheck_days: 30, assign_hours: 24, assign_hours_major: 4 });
});

test('the escalation period and re-check delay are settings of the root bureau', async () => {
  w = await world();
  const [s1] = w.schools;
  const cur = await s1.officer.client.get('/api/v1/hazard-settings');
  assert.equal(cur.status, 200);
  assert.deepEqual(cur.body, { escalation_days: 7, recheck_days: 30, assign_hours: 24, assign_hours_major: 4 });
  assertError(await w.countyAdminA.client.put('/api/v1/hazard-settings', { escalation_days: 3 }), 403);
  assertError(await s1.officer.client.put('/api/v1/hazard-settings', { escalation_days: 3 }), 403);
  assertError(await w.admin.put('/api/v1/hazard-settings', { escalation_days: 0 }), 422, 'escalation_days');
  assertError(await w.admin.put('/api/v1/hazard-settings', { recheck_days: 400 }), 422, 'recheck_days');
  assertError(await w.admin.put('/api/v1/hazard-settings', { recheck_days: '30' }), 400, 'recheck_days');
  assertError(await w.admin.put('/api/v1/hazard-settings', { colour: 1 }), 400, 'colour');
  assertError(await w.admin.put('/api/v1/hazard-settings', {}), 422, 'escalation_days');
  assert.deepEqual((await w.admin.get('/api/v1/hazard-settings')).body,
    { escalation_days: 7, recheck_days: 30, assign_hours: 24, assign_hours_major: 4 }, 'a refused change writes nothing');

  const set = await w.admin.put('/api/v1/hazard-settings', { escalation_days: 3 });
  assert.equal(set.status, 200, set.text);
  assert.deepEqual(set.body, { escalation_days: 3, recheck_days: 30, assign_hours: 24, assign_hours_major: 4 });
  const audit = await w.admin.get('/api/v1/audit?entity=hazard_settings');
  assert.ok(audit.body.items.some((e) => e.action === 'update'), 'the change is audited');

  // 4 days past its deadline: level 1 when it became overdue, level 2 after 3 more days
  const h0 = await report(s1.staff1.client, s1.org.id, { title: '楼梯扶手松动' });
  const deadline = Date.now() + DAY;
  await ok(s1.officer.client, h0.id, 'assign', { rectifier_id: s1.staff1.id, deadline: iso(deadline) });
  await runJobs(w.admin, deadline + 4 * DAY);
  const h = (await w.admin.get(`/api/v1/hazards/${h0.id}`)).body;
  assert.equal(h.overdue, true);
  assert.equal(h.escalation_level, 2, 'one level per 3 overdue days');
});
