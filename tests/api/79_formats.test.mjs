// One format for every instant and every calendar date in the API (issue
// 16): runs last, on the database every earlier file filled, and walks every
// GET operation of the generated OpenAPI document as the root admin — the
// collections (with ?org= the root where they take one) and, for each
// collection, one of its objects through /{id} and the operations below it.
// Every instant ("at", "*_at", "deadline", "*_deadline", "*_until") must be
// ISO 8601 with the +08:00 offset; every calendar date ("date", "*_date")
// YYYY-MM-DD; no number anywhere may look like epoch milliseconds (a column
// whose kind was not declared in its query).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { admin, anon } from './lib.mjs';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?\+08:00$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const isInstantKey = (k) => k === 'at' || k.endsWith('_at') || k === 'deadline' ||
  k.endsWith('_deadline') || k.endsWith('_until');
const isDayKey = (k) => k === 'date' || k.endsWith('_date');
// epoch milliseconds between 2001 and 2100
const looksEpochMs = (v) => Number.isInteger(v) && v > 978307200000 && v < 4102444800000;

function check(path, v, where, bad) {
  if (Array.isArray(v)) {
    v.forEach((x, i) => check(path, x, `${where}[${i}]`, bad));
    return;
  }
  if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      const at = `${where}.${k}`;
      if (x !== null && isInstantKey(k) && typeof x !== 'object' && !INSTANT.test(String(x)))
        bad.push(`${path} ${at} = ${JSON.stringify(x)} (not an ISO 8601 instant)`);
      else if (x !== null && isDayKey(k) && typeof x !== 'object' && !DAY.test(String(x)))
        bad.push(`${path} ${at} = ${JSON.stringify(x)} (not YYYY-MM-DD)`);
      else if (looksEpochMs(x))
        bad.push(`${path} ${at} = ${x} (epoch milliseconds)`);
      check(path, x, at, bad);
    }
  }
}

test('every instant and date the API answers has one format', async () => {
  const a = await admin();
  const spec = (await anon.get('/api/v1/openapi.json')).body;
  assert.ok(spec && spec.paths, 'the OpenAPI document');
  const gets = Object.entries(spec.paths).filter(([, ops]) => ops.get).map(([p, ops]) => [p, ops.get]);
  const query = (op) => {
    const names = (op.parameters || []).filter((x) => x.in === 'query').map((x) => x.name);
    return names.includes('org') ? '?org=1' : '';
  };
  const bad = [];
  let checked = 0;
  const firstIds = {};
  // collections first, remembering one object of each
  for (const [p, op] of gets) {
    if (p.includes('{')) continue;
    const r = await a.get(p + query(op));
    const ct = r.headers.get('content-type') || '';
    if (r.status !== 200 || !ct.includes('json') || r.body === null) continue;
    checked++;
    check(p, r.body, '$', bad);
    const items = Array.isArray(r.body) ? r.body : r.body.items;
    if (Array.isArray(items) && items[0] && Number.isInteger(items[0].id)) firstIds[p] = items[0].id;
  }
  // one object of each collection, and what hangs below it
  let objects = 0;
  for (const [p, op] of gets) {
    const m = /^(.*)\/\{id\}(\/[^{}]*)?$/.exec(p);
    if (!m || firstIds[m[1]] === undefined) continue;
    const url = `${m[1]}/${firstIds[m[1]]}${m[2] || ''}${query(op)}`;
    const r = await a.get(url);
    const ct = r.headers.get('content-type') || '';
    if (r.status !== 200 || !ct.includes('json') || r.body === null) continue;
    checked++;
    objects++;
    check(url, r.body, '$', bad);
  }
  assert.deepEqual(bad, [], `instants and dates in other formats:\n${bad.join('\n')}`);
  // the walk must have been a real one
  assert.ok(checked >= 60, `only ${checked} GET answers checked`);
  assert.ok(objects >= 15, `only ${objects} objects checked`);
});

// The audit log is read by people (纪检, bureau staff): every row says what
// was done and to what in Chinese words, and who did it by name — 系统 for
// the sweeps and jobs — never an action code or a login name alone.
test('every audit row reads in words: action, object and actor', async () => {
  const a = await admin();
  const cjk = /[\u4e00-\u9fff]/;
  const bad = [];
  let rows = 0;
  for (let page = 1; page <= 10; page++) {
    const r = await a.get(`/api/v1/audit?per_page=200&page=${page}`);
    assert.equal(r.status, 200, r.text);
    for (const x of r.body.items) {
      rows++;
      if (!cjk.test(x.action_name || '')) bad.push(`#${x.id} action ${x.action} → ${x.action_name}`);
      if (!cjk.test(x.entity_name || '')) bad.push(`#${x.id} entity ${x.entity} → ${x.entity_name}`);
      if (!x.user_id && !x.redacted && x.user_name !== '系统') bad.push(`#${x.id} system row by ${x.user_name}`);
    }
    if (r.body.items.length < 200) break;
  }
  assert.ok(rows >= 100, `only ${rows} audit rows read`);
  assert.deepEqual([...new Set(bad)].slice(0, 40), [], `audit rows not in words:\n${[...new Set(bad)].join('\n')}`);
});
