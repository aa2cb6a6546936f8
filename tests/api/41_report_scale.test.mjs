// The province-scale paths of the hazard list and the reports (issue 5 / 6):
// the list takes its total from the counters when the filter is one counter
// (else counts with a query shaped for an index), pages newest first, and
// the reports roll per-school rows up to units and totals in C. Whatever the
// path, every figure must equal a count over the items themselves.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { world } from './lib.mjs';
import { DAY, iso, report, ok, runJobs } from './hazard_lib.mjs';

let w;
const TZ = 8 * 3600 * 1000; // Asia/Shanghai
function isoWeek(ms) {
  const d = new Date(ms + TZ);
  const day = (d.getUTCDay() + 6) % 7;
  const thu = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day + 3));
  const n = 1 + Math.floor((thu - Date.UTC(thu.getUTCFullYear(), 0, 1)) / (7 * DAY));
  return `${thu.getUTCFullYear()}-W${String(n).padStart(2, '0')}`;
}
const OPEN = ['reported', 'assigned', 'rectifying', 'submitted'];

before(async () => {
  w = await world();
  const cats = ['fire', 'food', 'electrical', 'lab'];
  let n = 0;
  for (const s of w.schools) {
    for (let i = 0; i < 5; i++, n++) {
      const h = await report(s.staff1.client, s.org.id, {
        title: n % 3 ? `楼道堆放杂物${n}` : `插座面板破损${n}`,
        category: cats[n % 4],
        grade: n % 5 === 1 ? 'major' : 'general',
      });
      if (i >= 2) await ok(s.officer.client, h.id, 'assign', { rectifier_id: s.staff2.id, deadline: iso(Date.now() + DAY) });
      if (i === 4) await ok(s.staff2.client, h.id, 'start');
    }
  }
  // a week later: the assigned ones are overdue and escalated
  await runJobs(w.admin, Date.now() + 8 * DAY);
});

async function all(orgId, query = '') {
  const r = await w.admin.get(`/api/v1/hazards?org=${orgId}&per_page=200${query}`);
  assert.equal(r.status, 200, r.text);
  return r.body;
}

const filters = [
  ['', () => true],
  ['&status=reported', (h) => h.state === 'reported'],
  ['&status=assigned', (h) => h.state === 'assigned'],
  ['&grade=major', (h) => h.grade === 'major'],
  ['&category=fire', (h) => h.category === 'fire'],
  ['&overdue=1', (h) => h.overdue === true],
  ['&overdue=0', (h) => h.overdue === false],
  ['&supervised=0', (h) => h.supervised === false],
  ['&status=assigned&grade=general', (h) => h.state === 'assigned' && h.grade === 'general'],
  ['&overdue=1&category=lab', (h) => h.overdue === true && h.category === 'lab'],
  ['&q=插座', (h) => h.title.includes('插座')],
];

test('the hazard list: total, items and pages agree for every filter and subtree', async () => {
  const orgs = [w.city, w.countyA, w.countyB, ...w.schools.map((s) => s.org)];
  for (const org of orgs) {
    const everything = (await all(org.id)).items;
    assert.ok(everything.length > 0);
    for (let i = 1; i < everything.length; i++) assert.ok(everything[i - 1].id > everything[i].id, 'newest first');
    for (const [q, keep] of filters) {
      const got = await all(org.id, q);
      const want = everything.filter(keep);
      assert.equal(got.total, want.length, `org ${org.id}${q}: total`);
      assert.deepEqual(got.items.map((h) => h.id), want.map((h) => h.id), `org ${org.id}${q}: items`);
    }
    // the escalated-to-this-node list
    const esc = await all(org.id, '&escalated=1');
    assert.equal(esc.total, esc.items.length);
    for (const h of esc.items) assert.equal(h.escalated_org_id, org.id);
    // a middle page is the same slice of the whole
    const p2 = await w.admin.get(`/api/v1/hazards?org=${org.id}&per_page=3&page=2`);
    assert.equal(p2.status, 200, p2.text);
    assert.equal(p2.body.total, everything.length);
    assert.deepEqual(p2.body.items.map((h) => h.id), everything.slice(3, 6).map((h) => h.id));
  }
  // the sweep escalated some of ours: the city sees the escalations of its subtree
  assert.ok((await all(w.city.id, '&overdue=1')).total >= 6);
});

test('report units roll up to the totals and match the hazard lists', async () => {
  const d = (ms) => new Date(ms + TZ).toISOString().slice(0, 10);
  const from = d(Date.now() - 2 * DAY), to = d(Date.now() + 2 * DAY);
  const r = await w.cityAdmin.client.get(`/api/v1/reports/statistics?org=${w.city.id}&from=${from}&to=${to}`);
  assert.equal(r.status, 200, r.text);
  const { units, totals } = r.body;
  assert.deepEqual(units.map((u) => u.org_id), [w.countyA.id, w.countyB.id]);
  for (const k of ['found', 'found_major', 'open', 'overdue', 'major_open', 'rectified'])
    assert.equal(units.reduce((n, u) => n + u[k], 0), totals[k], `units add up: ${k}`);
  for (const [u, county] of [[units[0], w.countyA], [units[1], w.countyB]]) {
    const items = (await all(county.id)).items;
    assert.equal(u.found, items.length);
    assert.equal(u.found_major, items.filter((h) => h.grade === 'major').length);
    assert.equal(u.open, items.filter((h) => OPEN.includes(h.state)).length);
    assert.equal(u.overdue, items.filter((h) => h.overdue).length);
    assert.equal(u.major_open, items.filter((h) => h.grade === 'major' && OPEN.includes(h.state)).length);
  }
  // by category: the same hazards once more
  const cats = r.body.by_category;
  assert.equal(cats.reduce((n, c) => n + c.found_general + c.found_major, 0), totals.found);
  assert.equal(cats.reduce((n, c) => n + c.open, 0), totals.open);

  // the weekly report of a school counts the school itself
  const s = w.schools[0];
  const week = await s.officer.client.get(`/api/v1/reports/weekly?org=${s.org.id}&week=${isoWeek(Date.now())}`);
  assert.equal(week.status, 200, week.text);
  const mine = (await all(s.org.id)).items;
  assert.equal(week.body.totals.found, mine.length);
  assert.equal(week.body.totals.open, mine.filter((h) => OPEN.includes(h.state)).length);
  assert.deepEqual(week.body.units, []);

  // the monthly bulletin of the city: its counties' found and closed-of-found
  const month = d(Date.now()).slice(0, 7);
  const m = await w.cityAdmin.client.get(`/api/v1/reports/monthly?org=${w.city.id}&month=${month}`);
  assert.equal(m.status, 200, m.text);
  const byId = Object.fromEntries(m.body.ranking.map((u) => [u.org_id, u]));
  assert.equal(byId[w.countyA.id].found, (await all(w.countyA.id)).total);
  assert.equal(byId[w.countyB.id].closed_of_found, 0);
});

test('the ledger: the counters give its total, every hazard, by school then date', async () => {
  const r = await w.cityAdmin.client.get(`/api/v1/hazards/export?org=${w.city.id}&format=json`);
  assert.equal(r.status, 200, r.text);
  const items = (await all(w.city.id)).items;
  assert.equal(r.body.total, items.length);
  assert.deepEqual(r.body.items.map((h) => h.id).sort((a, b) => a - b), items.map((h) => h.id).sort((a, b) => a - b));
  const key = (h) => `${h.school}\u0000${h.found_at}\u0000${String(h.id).padStart(12, '0')}`;
  assert.deepEqual(r.body.items.map(key), r.body.items.map(key).sort());
});
