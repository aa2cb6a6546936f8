// Duty rosters (值班表, SPEC §7): a leader on duty every day, 24-hour duty for
// holidays and special periods, published to the bureau before the period
// starts; one filed after the start is accepted as a late filing (补报);
// gaps and late rosters flagged for the bureau.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { world, assertError } from './lib.mjs';

let w;
const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
const addDays = (d, n) => new Date(Date.parse(d + 'T00:00:00Z') + n * 864e5).toISOString().slice(0, 10);

before(async () => { w = await world(); });

const slot = (s, date, extra = {}) => ({ date, leader_id: s.principal.id, staff_ids: [s.staff1.id, s.staff2.id], is_24h: false, phone: '0730-1234567', ...extra });

test('a complete roster is published before its period; then frozen', async () => {
  const [s1] = w.schools;
  const c = s1.officer.client;
  const start = addDays(today, 10);
  const days = [0, 1, 2].map((i) => addDays(start, i));
  const r = await c.post('/api/v1/duty-rosters', {
    school_id: s1.org.id, title: '第 48 周值班表', kind: 'routine', start_date: start, end_date: days[2],
    slots: days.map((d) => slot(s1, d)),
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.state, 'draft');
  assert.equal(r.body.start_date, start);
  assert.equal(r.body.slots.length, 3);
  assert.equal(r.body.slots[0].leader_id, s1.principal.id);
  assert.deepEqual(r.body.slots[0].staff_ids, [s1.staff1.id, s1.staff2.id]);
  assert.deepEqual(r.body.gaps, []);
  assert.equal(r.body.publishable, true);
  assert.equal(r.body.late, false);

  const p = await c.post(`/api/v1/duty-rosters/${r.body.id}/publish`);
  assert.equal(p.status, 200, p.text);
  assert.equal(p.body.state, 'published');
  assert.ok(p.body.published_at);
  assertError(await c.post(`/api/v1/duty-rosters/${r.body.id}/publish`), 409);
  assertError(await c.patch(`/api/v1/duty-rosters/${r.body.id}`, { slots: [slot(s1, start)] }), 409, 'slots');
  // the bureau sees it
  const seen = await w.countyAdminA.client.get(`/api/v1/duty-rosters/${r.body.id}`);
  assert.equal(seen.status, 200);
  assert.equal(seen.body.state, 'published');
  assertError(await w.countyAdminB.client.get(`/api/v1/duty-rosters/${r.body.id}`), 404, 'id');
  const audit = await w.admin.get(`/api/v1/audit?entity=duty_roster&entity_id=${r.body.id}`);
  assert.deepEqual(audit.body.items.map((a) => a.action).sort(), ['create', 'publish']);
});

test('a holiday roster needs 24-hour duty every day: gaps block publishing until fixed', async () => {
  const [s1] = w.schools;
  const c = s1.officer.client;
  const start = addDays(today, 20);
  const d = [0, 1, 2].map((i) => addDays(start, i));
  const r = await c.post('/api/v1/duty-rosters', {
    school_id: s1.org.id, title: '元旦假期 24 小时值班', kind: 'holiday', start_date: d[0], end_date: d[2],
    slots: [slot(s1, d[0], { is_24h: true }), slot(s1, d[1])],
  });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.body.gaps, [{ date: d[1], reason: 'not_24h' }, { date: d[2], reason: 'no_slot' }]);
  assert.equal(r.body.publishable, false);
  assertError(await c.post(`/api/v1/duty-rosters/${r.body.id}/publish`), 422, 'slots', 'gaps');

  const noLeader = await c.patch(`/api/v1/duty-rosters/${r.body.id}`, { slots: [slot(s1, d[1], { is_24h: true }), slot(s1, d[2], { is_24h: true, leader_id: null })] });
  assert.equal(noLeader.status, 200, noLeader.text);
  assert.deepEqual(noLeader.body.gaps, [{ date: d[2], reason: 'no_leader' }]);
  const fixed = await c.patch(`/api/v1/duty-rosters/${r.body.id}`, { slots: [slot(s1, d[2], { is_24h: true, leader_id: s1.officer.id })] });
  assert.equal(fixed.status, 200, fixed.text);
  assert.deepEqual(fixed.body.gaps, []);
  assert.equal(fixed.body.slots.length, 3);
  assert.equal(fixed.body.slots[2].leader_id, s1.officer.id);
  assert.equal((await c.post(`/api/v1/duty-rosters/${r.body.id}/publish`)).status, 200);
});

test('publishing after the period has started is a late filing (补报): accepted and flagged', async () => {
  const [, s2] = w.schools;
  const c = s2.officer.client;
  const r = await c.post('/api/v1/duty-rosters', {
    school_id: s2.org.id, title: '本周值班表', kind: 'routine', start_date: today, end_date: addDays(today, 1),
    slots: [slot(s2, today), slot(s2, addDays(today, 1))],
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.late, true);
  assert.equal(r.body.publishable, true, 'a late roster can still be filed');
  const gaps0 = await w.countyAdminA.client.get(`/api/v1/duty-rosters/gaps?org=${s2.org.id}`);
  assert.ok(gaps0.body.rosters.some((x) => x.id === r.body.id && x.late), 'the bureau sees it due');
  const p = await c.post(`/api/v1/duty-rosters/${r.body.id}/publish`);
  assert.equal(p.status, 200, p.text);
  assert.equal(p.body.state, 'published');
  assert.equal(p.body.late, true);
  assert.equal(p.body.published_late, true);
  const got = await w.countyAdminA.client.get(`/api/v1/duty-rosters/${r.body.id}`);
  assert.equal(got.body.state, 'published');
  assert.equal(got.body.late, true);
  const audit = await w.admin.get(`/api/v1/audit?entity=duty_roster&entity_id=${r.body.id}`);
  const pub = audit.body.items.find((a) => a.action === 'publish');
  assert.match(pub.note || '', /补报/);
  assertError(await c.post(`/api/v1/duty-rosters/${r.body.id}/publish`), 409);
});

test('roster refusals name the field and write nothing', async () => {
  const [s1, s2] = w.schools;
  const c = s1.officer.client;
  const n0 = (await c.get('/api/v1/duty-rosters')).body.total;
  const start = addDays(today, 40), end = addDays(today, 41);
  const base = { school_id: s1.org.id, title: '值班表', kind: 'routine', start_date: start, end_date: end };
  assertError(await c.post('/api/v1/duty-rosters', { ...base, slots: [slot(s1, start, { leader_id: s2.principal.id })] }), 422, 'slots[0].leader_id');
  assertError(await c.post('/api/v1/duty-rosters', { ...base, slots: [slot(s1, start, { staff_ids: [s2.staff1.id] })] }), 422, 'slots[0].staff_ids');
  assertError(await c.post('/api/v1/duty-rosters', { ...base, slots: [slot(s1, start, { leader_id: s1.staff1.id })] }), 422, 'slots[0].leader_id');
  assertError(await c.post('/api/v1/duty-rosters', { ...base, slots: [slot(s1, addDays(end, 1))] }), 422, 'slots[0].date');
  assertError(await c.post('/api/v1/duty-rosters', { ...base, slots: [slot(s1, start), slot(s1, start)] }), 422, 'slots[1].date');
  assertError(await c.post('/api/v1/duty-rosters', { ...base, slots: [{ ...slot(s1, start), who: 1 }] }), 400, 'slots[0].who');
  assertError(await c.post('/api/v1/duty-rosters', { ...base, slots: [slot(s1, start, { is_24h: 'yes' })] }), 400, 'slots[0].is_24h');
  assertError(await c.post('/api/v1/duty-rosters', { ...base, end_date: addDays(start, -1) }), 422, 'end_date');
  assertError(await c.post('/api/v1/duty-rosters', { ...base, end_date: addDays(start, 92) }), 422, 'end_date');
  assertError(await c.post('/api/v1/duty-rosters', { ...base, kind: 'weekly' }), 422, 'kind');
  assertError(await c.post('/api/v1/duty-rosters', { ...base, school_id: s2.org.id }), 404, 'school_id');
  assertError(await s1.staff1.client.post('/api/v1/duty-rosters', base), 403);
  assertError(await w.countyAdminA.client.post('/api/v1/duty-rosters', base), 403);
  assert.equal((await c.get('/api/v1/duty-rosters')).body.total, n0);
});

test('the bureau sees gaps, late rosters and holidays without a roster', async () => {
  const [s1, s2, s3] = w.schools;
  const hs = addDays(today, 30), he = addDays(today, 32);
  const h = await w.countyAdminA.client.post('/api/v1/edu-calendar', { org_id: w.countyA.id, kind: 'holiday', title: '春节假期', start_date: hs, end_date: he });
  assert.equal(h.status, 201, h.text);
  // s1 covers the holiday with a holiday roster (with a gap left in it)
  const r = await s1.officer.client.post('/api/v1/duty-rosters', {
    school_id: s1.org.id, title: '春节值班', kind: 'holiday', start_date: hs, end_date: he,
    slots: [slot(s1, hs, { is_24h: true }), slot(s1, addDays(hs, 1), { is_24h: true })],
  });
  assert.equal(r.status, 201, r.text);

  const g = await w.countyAdminA.client.get(`/api/v1/duty-rosters/gaps?org=${w.countyA.id}`);
  assert.equal(g.status, 200, g.text);
  const byId = Object.fromEntries(g.body.rosters.map((x) => [x.id, x]));
  assert.deepEqual(byId[r.body.id].gaps, [{ date: he, reason: 'no_slot' }]);
  const late = g.body.rosters.filter((x) => x.late);
  assert.equal(late.length, 1);
  assert.equal(late[0].org_id, s2.org.id);
  assert.deepEqual(g.body.holidays_uncovered.map((x) => x.org_id), [s2.org.id]);
  assert.equal(g.body.holidays_uncovered[0].holiday, '春节假期');
  assert.equal(g.body.summary.late, 1);
  // county B sees nothing of it
  const gb = await w.countyAdminB.client.get('/api/v1/duty-rosters/gaps');
  assert.equal(gb.body.rosters.length, 0);
  assert.equal(gb.body.holidays_uncovered.length, 0);
  assertError(await s3.officer.client.get(`/api/v1/duty-rosters/gaps?org=${w.countyA.id}`), 404, 'org');
  assertError(await w.countyAdminA.client.get('/api/v1/duty-rosters/gaps?from=2026-13-01'), 422, 'from');
  // staff read their school's rosters
  const mine = await s1.staff1.client.get('/api/v1/duty-rosters?state=published');
  assert.equal(mine.status, 200);
  assert.equal(mine.body.total, 2);
});
