// Subtree statistics, overdue escalation and re-check (回头看) sampling.
// The counters behind GET /stats are kept on every write; here they must
// equal a count over the hazard lists of every node, after a mixed day.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { world, assertError, mkUser } from './lib.mjs';
import { DAY, iso, photo, report, act, ok, runJobs, stats } from './hazard_lib.mjs';

let w, s1, s2, s3;
before(async () => {
  w = await world();
  [s1, s2, s3] = w.schools;
});

async function allHazards(client, orgId) {
  const r = await client.get(`/api/v1/hazards?org=${orgId}&per_page=200`);
  assert.equal(r.status, 200, r.text);
  assert.ok(r.body.total <= 200);
  return r.body.items;
}

// Stats of org recomputed from its hazard list.
function countOf(items) {
  const c = { total: items.length, open: 0, overdue: 0, supervised: 0, escalated: 0, rebound: 0, by_status: {}, by_grade: {}, by_category: {} };
  for (const s of ['reported', 'assigned', 'rectifying', 'submitted', 'verified', 'closed', 'forwarded']) c.by_status[s] = 0;
  c.by_grade = { general: 0, major: 0 };
  for (const h of items) {
    c.by_status[h.state] += 1;
    c.by_grade[h.grade] += 1;
    c.by_category[h.category] = (c.by_category[h.category] || 0) + 1;
    if (['reported', 'assigned', 'rectifying', 'submitted'].includes(h.state)) c.open += 1;
    if (h.overdue) c.overdue += 1;
    if (h.supervised) c.supervised += 1;
    if (h.escalation_level > 0) c.escalated += 1;
    c.rebound += h.rebounds;
  }
  return c;
}

async function checkNode(orgId) {
  const st = await stats(w.admin, orgId);
  const want = countOf(await allHazards(w.admin, orgId));
  for (const k of ['total', 'open', 'overdue', 'supervised', 'escalated', 'rebound', 'by_status', 'by_grade', 'by_category'])
    assert.deepEqual(st[k], want[k], `org ${orgId} ${k}`);
  return st;
}

let late; // the hazard that goes overdue

test('a mixed day of hazards', async () => {
  const cats = ['fire', 'food', 'lab', 'electrical'];
  let n = 0;
  for (const s of [s1, s2, s3]) {
    for (let i = 0; i < 3; i++) {
      const h = await report(s.staff1.client, s.org.id, { title: `隐患${n}`, category: cats[n % 4], grade: n % 4 === 3 ? 'major' : 'general' });
      n++;
      if (i === 0) continue; // stays reported
      await ok(s.officer.client, h.id, 'assign', { rectifier_id: s.staff2.id, deadline: iso(Date.now() + (i + 1) * DAY) });
      if (i === 1 && h.grade === 'general') {
        await ok(s.staff2.client, h.id, 'start');
        await ok(s.staff2.client, h.id, 'submit', { photo_ids: [await photo(s.staff2.client, s.org.id)], note: '已整改' });
        await ok(s.officer.client, h.id, 'verify');
        await ok(s.officer.client, h.id, 'close', { note: '销号' });
      }
    }
  }
  const major = await report(s1.officer.client, s1.org.id, { title: '锅炉房压力容器超期未检', category: 'fire', grade: 'major' });
  assert.equal(major.supervised, true, 'a major hazard is listed for 督办 at once');
  assertError(await act(w.countyAdminA.client, major.id, 'supervise'), 409, undefined, 'already_supervised');
  late = await report(s1.staff1.client, s1.org.id, { title: '教室插座破损', category: 'electrical' });
  late = await ok(s1.officer.client, late.id, 'assign', { rectifier_id: s1.staff2.id });
  for (const id of [w.city.id, w.countyA.id, w.countyB.id, s1.org.id, s2.org.id, s3.org.id]) await checkNode(id);
  const city = await stats(w.admin, w.city.id);
  assert.equal(city.total, 11);
  assert.equal(city.supervised, 3, 'every major hazard is listed');
  assert.equal(city.by_grade.major, 3);
  assert.equal(city.major_open, 3);
  assert.equal(city.assign_overdue, 0);
  assert.equal(city.forwarded, 0);
  const cA = await stats(w.admin, w.countyA.id), cB = await stats(w.admin, w.countyB.id);
  assert.equal(cA.total + cB.total, city.total, 'a city is the sum of its counties');
});

test('stats are scoped like everything else', async () => {
  const st = await s1.staff1.client.get('/api/v1/stats');
  assert.equal(st.status, 200, st.text);
  assert.equal(st.body.org_id, s1.org.id, 'a single scope defaults to it');
  assertError(await s1.staff1.client.get(`/api/v1/stats?org=${w.countyA.id}`), 404, 'org');
  assertError(await s2.principal.client.get(`/api/v1/stats?org=${s1.org.id}`), 404, 'org');
  assertError(await w.countyAdminB.client.get(`/api/v1/stats?org=${w.countyA.id}`), 404, 'org');
  assert.equal((await w.cityAdmin.client.get(`/api/v1/stats?org=${w.countyA.id}`)).status, 200);
  assertError(await s1.staff1.client.get('/api/v1/stats?org=abc'), 400, 'org');
});

test('overdue hazards are flagged and escalate one level per period', async () => {
  assertError(await w.countyAdminA.client.post('/api/v1/admin/run-jobs', {}), 403);
  assertError(await w.admin.post('/api/v1/admin/run-jobs', { now: iso(Date.now() - DAY) }), 422, 'now');
  const deadline = Date.parse(late.deadline);
  // before the deadline nothing happens to it
  await runJobs(w.admin, deadline - 3600 * 1000);
  let h = (await w.admin.get(`/api/v1/hazards/${late.id}`)).body;
  assert.equal(h.overdue, false);
  assert.equal(h.escalation_level, 0);

  const r = await runJobs(w.admin, deadline + 3600 * 1000);
  assert.ok(r.flagged_overdue >= 1 && r.escalated >= 1, JSON.stringify(r));
  h = (await w.admin.get(`/api/v1/hazards/${late.id}`)).body;
  assert.equal(h.overdue, true);
  assert.equal(h.escalation_level, 1);
  assert.equal(h.escalated_org_id, w.countyA.id, 'level 1 is the school\'s parent');
  assert.deepEqual(h.history.slice(-2).map((e) => [e.action, e.actor_name]), [['overdue', 'system'], ['escalate', 'system']]);
  // the hazards left unassigned (reported just before late was assigned) ran
  // against the 24 h assignment limit and are overdue too: 待交办超时
  const county = await w.countyAdminA.client.get(`/api/v1/hazards?org=${w.countyA.id}&escalated=1`);
  assert.ok(county.body.items.some((x) => x.id === late.id));
  for (const x of county.body.items) assert.ok(x.id === late.id || x.state === 'reported', JSON.stringify(x));
  assert.equal((await w.cityAdmin.client.get(`/api/v1/hazards?org=${w.city.id}&escalated=1`)).body.total, 0);
  const od = await s1.officer.client.get(`/api/v1/hazards?org=${s1.org.id}&overdue=1`);
  assert.ok(od.body.items.some((x) => x.id === late.id));
  const stA = await stats(w.admin, w.countyA.id);
  assert.equal(stA.overdue >= 1, true);
  assert.equal(stA.escalated_here, county.body.total, 'escalated to the county itself');
  assert.equal(stA.assign_overdue, county.body.total - 1, 'the unassigned ones: 待交办超时');
  assert.ok(stA.assign_overdue >= 2);
  assert.equal((await stats(w.admin, w.city.id)).escalated_here, 0);

  // running again at the same instant changes nothing
  await runJobs(w.admin, deadline + 3600 * 1000);
  assert.equal((await w.admin.get(`/api/v1/hazards/${late.id}`)).body.escalation_level, 1);
  // one period (7 days) later it goes up to the city
  await runJobs(w.admin, deadline + 8 * DAY);
  h = (await w.admin.get(`/api/v1/hazards/${late.id}`)).body;
  assert.equal(h.escalation_level, 2);
  assert.equal(h.escalated_org_id, w.city.id);
  // (other hazards of this world assigned a day or two later went overdue too)
  const cityEsc = await w.cityAdmin.client.get(`/api/v1/hazards?org=${w.city.id}&escalated=1`);
  assert.ok(cityEsc.body.items.some((x) => x.id === late.id));
  assert.equal((await stats(w.admin, w.city.id)).escalated_here, cityEsc.body.total);
  for (const x of cityEsc.body.items) assert.equal(x.escalation_level, 2);
  const countyNow = await w.countyAdminA.client.get(`/api/v1/hazards?org=${w.countyA.id}&escalated=1`);
  assert.ok(!countyNow.body.items.some((x) => x.id === late.id), 'it left the county list');
  for (const id of [w.city.id, w.countyA.id, s1.org.id]) await checkNode(id);

  // a new deadline clears the overdue flag (the escalation stays on record)
  h = await ok(s1.officer.client, late.id, 'assign', { rectifier_id: s1.staff2.id, deadline: iso(Date.now() + 60 * DAY) });
  assert.equal(h.overdue, false);
  assert.equal(h.escalation_level, 2);
  for (const id of [w.city.id, w.countyA.id, s1.org.id]) await checkNode(id);
  const audit = await w.admin.get(`/api/v1/audit?entity=hazard&entity_id=${late.id}&per_page=50`);
  assert.ok(audit.body.items.some((a) => a.action === 'escalate' && a.username === 'system'));
});

test('closed hazards come due for re-check after N days; a failed one rebounds', async () => {
  const s = s3;
  let h = await report(s.staff1.client, s.org.id, { title: '宿舍楼疏散指示灯不亮', category: 'fire' });
  await ok(s.officer.client, h.id, 'assign', { rectifier_id: s.staff1.id });
  await ok(s.staff1.client, h.id, 'start');
  await ok(s.staff1.client, h.id, 'submit', { photo_ids: [await photo(s.staff1.client, s.org.id)], note: '已更换' });
  await ok(s.principal.client, h.id, 'verify');
  h = await ok(s.officer.client, h.id, 'close', { note: '销号' });
  const due = async () => (await w.countyAdminB.client.get(`/api/v1/hazards?org=${w.countyB.id}&recheck_due=1&per_page=200`)).body.items.map((x) => x.id);
  await runJobs(w.admin, Date.now() + 29 * DAY);
  assert.ok(!(await due()).includes(h.id), 'not due before 30 days');
  await runJobs(w.admin, Date.now() + 31 * DAY);
  assert.ok((await due()).includes(h.id), 'due after 30 days');
  h = (await w.admin.get(`/api/v1/hazards/${h.id}`)).body;
  assert.equal(h.recheck_due, true);
  h = await ok(w.countyAdminB.client, h.id, 'recheck', { pass: false, reason: '指示灯再次损坏', deadline: iso(Date.now() + 2 * DAY) });
  assert.equal(h.state, 'rectifying');
  assert.equal(h.rebounds, 1);
  assert.equal(h.recheck_due, false);
  assert.ok(!(await due()).includes(h.id));
  const st = await checkNode(w.countyB.id);
  assert.ok(st.rebound >= 1);
  await checkNode(w.city.id);
});

test('concurrent writes keep the counters exact; a racing action gets a 409', async () => {
  const schools = [s1, s2, s3];
  const made = await Promise.all(Array.from({ length: 12 }, (_, i) => {
    const s = schools[i % 3];
    return report(s.staff1.client, s.org.id, { title: `并发隐患${i}`, category: i % 2 ? 'security' : 'traffic', grade: i % 5 ? 'general' : 'major' });
  }));
  await Promise.all(made.map((h, i) => {
    const s = schools[i % 3];
    return ok(s.officer.client, h.id, 'assign', { rectifier_id: s.staff1.id, deadline: iso(Date.now() + 5 * DAY) });
  }));
  const general = made.filter((h) => h.grade === 'general');
  const results = await Promise.all(general.flatMap((h) => {
    const s = schools[made.indexOf(h) % 3];
    return [act(s.staff1.client, h.id, 'start'), act(s.staff1.client, h.id, 'start')];
  }));
  for (let i = 0; i < results.length; i += 2) {
    const codes = [results[i].status, results[i + 1].status].sort();
    assert.deepEqual(codes, [200, 409], `one start wins: ${results[i].text} / ${results[i + 1].text}`);
  }
  for (const id of [w.city.id, w.countyA.id, w.countyB.id, s1.org.id, s2.org.id, s3.org.id]) await checkNode(id);
});

test('after everything, every node still equals a fresh count', async () => {
  const extra = await mkUser(w.admin, w.city.id, 'auditor');
  const st = await stats(extra.client, w.city.id);
  assert.equal(st.org_id, w.city.id);
  for (const id of [w.city.id, w.countyA.id, w.countyB.id, s1.org.id, s2.org.id, s3.org.id]) await checkNode(id);
});
