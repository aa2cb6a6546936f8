// Patrols (SPEC §4, §11): plans, QR check-in with server time, per-item
// pass / fail / n.a., photos, truthfulness flags, missed patrols, and a
// failed item opening a hazard in the same transaction.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { world, assertError, uniq } from './lib.mjs';

let w, s1, s2, list, point, point2, otherPoint;

const png = () => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...randomBytes(16)]);
const upload = async (c, schoolId) => {
  const r = await c.req('POST', `/api/v1/photos?school_id=${schoolId}`, png(), { 'Content-Type': 'image/png' });
  assert.equal(r.status, 201, r.text);
  return r.body.id;
};
const allPass = (items, extra = {}) => items.map((i) => ({ item_id: i.id, result: 'pass', ...extra }));

before(async () => {
  w = await world();
  [s1, s2] = w.schools;
  const o = s1.officer.client;
  list = (await o.post('/api/v1/checklists', {
    school_id: s1.org.id, category: 'food', name: '食堂后厨燃气间巡查',
    items: [{ content: '燃气报警器工作正常' }, { content: '燃气管道无泄漏' }, { content: '灭火器在位有效' }],
  })).body;
  assert.ok(list.id);
  const mk = async (c, sid, name, extra = {}) => {
    const r = await c.post('/api/v1/risk-points', { school_id: sid, name, category: 'food', location: '食堂一楼', patrol_frequency: 'daily', ...extra });
    assert.equal(r.status, 201, r.text);
    return r.body;
  };
  point = await mk(o, s1.org.id, '食堂后厨燃气间', { checklist_id: list.id });
  point2 = await mk(o, s1.org.id, '学生宿舍', { patrol_frequency: 'weekly', checklist_id: list.id });
  otherPoint = await mk(s2.officer.client, s2.org.id, '校车停靠点');
});

test('patrol plans: points and assignees of the own school only', async () => {
  const o = s1.officer.client;
  const body = { school_id: s1.org.id, name: '后厨每日巡查', frequency: 'daily', points: [point.id, point2.id], assignees: [s1.staff1.id, s1.staff2.id] };
  assertError(await o.post('/api/v1/patrol-plans', { ...body, points: [point.id, otherPoint.id] }), 422, 'points[1]');
  assertError(await o.post('/api/v1/patrol-plans', { ...body, assignees: [s2.staff1.id] }), 422, 'assignees[0]');
  assertError(await o.post('/api/v1/patrol-plans', { ...body, points: [] }), 422, 'points');
  assertError(await o.post('/api/v1/patrol-plans', { ...body, points: ['x'] }), 400, 'points[0]');
  assertError(await o.post('/api/v1/patrol-plans', { ...body, frequency: 'hourly' }), 422, 'frequency');
  assertError(await o.post('/api/v1/patrol-plans', { ...body, school_id: s2.org.id }), 404, 'school_id');
  const r = await o.post('/api/v1/patrol-plans', body);
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.body.points.map((p) => p.id).sort(), [point.id, point2.id].sort());
  assert.deepEqual(r.body.assignees.map((u) => u.id).sort(), [s1.staff1.id, s1.staff2.id].sort());
  const l = await s1.staff1.client.get('/api/v1/patrol-plans');
  assert.ok(l.body.items.some((p) => p.id === r.body.id));
  assert.ok(!(await s2.staff1.client.get('/api/v1/patrol-plans')).body.items.some((p) => p.id === r.body.id));
  assertError(await s2.officer.client.get(`/api/v1/patrol-plans/${r.body.id}`), 404, 'id');
  const rec = await s1.staff1.client.post('/api/v1/patrols', { risk_point_id: point.id, plan_id: r.body.id, qr_token: point.qr_token, results: allPass(list.items) });
  assert.equal(rec.status, 201, rec.text);
  assert.equal(rec.body.plan_id, r.body.id);
});

test('a scanned patrol with all items passed records server time and the items', async () => {
  const t0 = Date.now();
  const c = s1.staff2.client;
  const form = await c.get(`/api/v1/patrol-form/${point.qr_token}`);
  assert.equal(form.status, 200, form.text);
  assert.equal(form.body.items.length, 3);
  const results = form.body.items.map((i, k) => ({ item_id: i.id, result: k === 2 ? 'na' : 'pass', note: k === 0 ? '正常' : undefined }));
  const r = await c.post('/api/v1/patrols', { risk_point_id: point.id, qr_token: point.qr_token, results, note: '晨检' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.scanned, true);
  assert.equal(r.body.result, 'pass');
  assert.equal(r.body.failed_count, 0);
  assert.deepEqual(r.body.hazard_ids, []);
  assert.equal(r.body.patroller_id, s1.staff2.id);
  assert.ok(Math.abs(Date.parse(r.body.checked_at) - t0) < 60000, r.body.checked_at);
  assert.deepEqual(r.body.items.map((i) => i.result), ['pass', 'pass', 'na']);
  assert.equal(r.body.items[0].content, '燃气报警器工作正常');
  assert.equal(r.body.items[0].note, '正常');
  assert.ok(!r.body.flags.includes('no_scan'));
  assert.equal((await c.get(`/api/v1/risk-points/${point.id}`)).body.last_patrol_at, r.body.checked_at);
  assert.equal((await c.get(`/api/v1/risk-points/${otherPoint.id}`)).status, 404);
  const g = await s1.principal.client.get(`/api/v1/patrols/${r.body.id}`);
  assert.equal(g.status, 200);
  assert.equal(g.body.items.length, 3);
  assertError(await s2.principal.client.get(`/api/v1/patrols/${r.body.id}`), 404, 'id');
  const audit = await w.admin.get(`/api/v1/audit?entity=patrol_record&entity_id=${r.body.id}`);
  assert.equal(audit.body.items.length, 1);
});

test('bad patrols are refused, naming the field, and write nothing', async () => {
  const c = s1.staff1.client;
  const before = (await c.get(`/api/v1/patrols?risk_point_id=${point.id}`)).body.total;
  const base = { risk_point_id: point.id, qr_token: point.qr_token, results: allPass(list.items) };
  assertError(await c.post('/api/v1/patrols', { ...base, qr_token: point2.qr_token }), 422, 'qr_token');
  assertError(await c.post('/api/v1/patrols', { ...base, risk_point_id: otherPoint.id, qr_token: undefined }), 404, 'risk_point_id');
  assertError(await c.post('/api/v1/patrols', { ...base, risk_point_id: 99999999 }), 404, 'risk_point_id');
  assertError(await c.post('/api/v1/patrols', { ...base, results: [] }), 422, 'results');
  assertError(await c.post('/api/v1/patrols', { ...base, results: [{ item_id: list.items[0].id, result: 'ok' }] }), 422, 'results[0].result');
  assertError(await c.post('/api/v1/patrols', { ...base, results: [{ item_id: list.items[0].id, result: 'pass' }, { result: 'pass' }] }), 422, 'results[1].item_id');
  assertError(await c.post('/api/v1/patrols', { ...base, results: [{ item_id: list.items[0].id, result: 'pass', bogus: 1 }] }), 400, 'results[0].bogus');
  const other = (await s2.officer.client.post('/api/v1/checklists', { school_id: s2.org.id, category: 'food', name: 'x', items: [{ content: 'x' }] })).body;
  assertError(await c.post('/api/v1/patrols', { ...base, results: [{ item_id: other.items[0].id, result: 'pass' }] }), 422, 'results[0].item_id');
  const foreignPhoto = await upload(s2.staff1.client, s2.org.id);
  assertError(await c.post('/api/v1/patrols', { ...base, results: [{ item_id: list.items[0].id, result: 'pass', photo_ids: [foreignPhoto] }] }), 422, 'results[0].photo_ids');
  assertError(await c.post('/api/v1/patrols', { ...base, scanned_at: new Date(Date.now() + 3600e3).toISOString() }), 422, 'scanned_at');
  assertError(await c.post('/api/v1/patrols', { ...base, scanned_at: 'yesterday' }), 422, 'scanned_at');
  assertError(await w.inspectorA.client.post('/api/v1/patrols', base), 403);
  assert.equal((await c.get(`/api/v1/patrols?risk_point_id=${point.id}`)).body.total, before);
});

test('truthfulness flags: no scan, impossibly fast rounds, late upload, reused photo', async () => {
  const u = s1.principal.client; // a fresh patroller
  const photo = await upload(u, s1.org.id);
  const a = await u.post('/api/v1/patrols', { risk_point_id: point.id, qr_token: point.qr_token, results: allPass(list.items, { photo_ids: [photo] }) });
  assert.equal(a.status, 201, a.text);
  assert.deepEqual(a.body.flags.filter((f) => f !== 'off_hours'), [], 'off_hours depends on the time of day');
  assert.deepEqual(a.body.items[0].photo_ids, [photo]);
  // another point seconds later, no scan, the same photo again
  const b = await u.post('/api/v1/patrols', { risk_point_id: point2.id, results: allPass(list.items, { photo_ids: [photo] }) });
  assert.equal(b.status, 201, b.text);
  assert.equal(b.body.scanned, false);
  for (const f of ['no_scan', 'too_fast', 'photo_reused']) assert.ok(b.body.flags.includes(f), `${f} in ${b.body.flags}`);
  const fast = await w.countyAdminA.client.get(`/api/v1/patrols?org=${s1.org.id}&flag=too_fast&per_page=200`);
  assert.ok(fast.body.items.some((x) => x.id === b.body.id));
  assert.ok(!fast.body.items.some((x) => x.id === a.body.id));
  for (const x of fast.body.items) assert.ok(x.flags.includes('too_fast'));
  assertError(await u.get('/api/v1/patrols?flag=bogus'), 400, 'flag');
  // an offline draft scanned three hours ago keeps both times
  const scanned = new Date(Date.now() - 3 * 3600e3).toISOString();
  const c = await s1.officer.client.post('/api/v1/patrols', { risk_point_id: point.id, qr_token: point.qr_token, scanned_at: scanned, results: allPass(list.items) });
  assert.equal(c.status, 201, c.text);
  assert.ok(c.body.flags.includes('late_upload'), c.body.flags);
  assert.ok(Math.abs(Date.parse(c.body.scanned_at) - Date.parse(scanned)) < 1000);
  assert.ok(Date.parse(c.body.checked_at) - Date.parse(c.body.scanned_at) > 2 * 3600e3);
  // a scan in the middle of the night (Asia/Shanghai) is outside any patrol window
  const night = new Date(Date.now() - 86400e3);
  night.setUTCHours(18, 30, 0, 0); // 02:30 +08:00
  const dd = await s1.officer.client.post('/api/v1/patrols', { risk_point_id: point.id, qr_token: point.qr_token, scanned_at: night.toISOString(), results: allPass(list.items) });
  assert.equal(dd.status, 201, dd.text);
  assert.ok(dd.body.flags.includes('off_hours'), dd.body.flags);
  assert.ok(!c.body.flags.includes('off_hours') || new Date(Date.parse(scanned) + 8 * 3600e3).getUTCHours() < 6 || new Date(Date.parse(scanned) + 8 * 3600e3).getUTCHours() >= 22);
});

test('lists filter by point and time and stay in the subtree; missed patrols', async () => {
  const all = await s1.principal.client.get(`/api/v1/patrols?risk_point_id=${point.id}&per_page=200`);
  assert.ok(all.body.total >= 3);
  for (const r of all.body.items) assert.equal(r.risk_point_id, point.id);
  const ca = await w.countyAdminA.client.get(`/api/v1/patrols?org=${s1.org.id}&per_page=200`);
  assert.ok(ca.body.total >= all.body.total);
  const future = await s1.principal.client.get(`/api/v1/patrols?from=${encodeURIComponent(new Date(Date.now() + 86400e3).toISOString())}`);
  assert.equal(future.body.total, 0);
  const past = await s1.principal.client.get('/api/v1/patrols?to=2020-01-01');
  assert.equal(past.body.total, 0);
  assertError(await s1.principal.client.get('/api/v1/patrols?from=notadate'), 400, 'from');
  assert.equal((await s2.principal.client.get(`/api/v1/patrols?risk_point_id=${point.id}`)).body.total, 0);
  assertError(await s2.principal.client.get(`/api/v1/patrols?org=${s1.org.id}`), 404, 'org');

  // a new daily point without a patrol is missed today; patrolled points are not
  const fresh = (await s1.officer.client.post('/api/v1/risk-points', { school_id: s1.org.id, name: `配电房${uniq()}`, category: 'electrical', patrol_frequency: 'daily' })).body;
  const plan = await s1.officer.client.post('/api/v1/patrol-plans', { school_id: s1.org.id, name: '配电房日查', frequency: 'daily', points: [fresh.id], assignees: [s1.staff2.id] });
  assert.equal(plan.status, 201, plan.text);
  const m = await s1.officer.client.get('/api/v1/patrols/missed?per_page=200');
  assert.equal(m.status, 200, m.text);
  const ids = m.body.items.map((x) => x.risk_point_id);
  assert.ok(ids.includes(fresh.id));
  assert.ok(!ids.includes(point.id));
  assert.ok(!ids.includes(point2.id), 'weekly point patrolled this week');
  const item = m.body.items.find((x) => x.risk_point_id === fresh.id);
  assert.equal(item.patrol_frequency, 'daily');
  assert.deepEqual(item.assignees.map((u) => u.id), [s1.staff2.id], 'who should have patrolled');
  assert.ok(Date.parse(item.period_end_at) - Date.parse(item.period_start_at) === 86400e3);
  // before the points existed nothing was due
  assert.equal((await s1.officer.client.get('/api/v1/patrols/missed?date=2020-01-01')).body.total, 0);
  assertError(await s1.officer.client.get('/api/v1/patrols/missed?date=31/12/2025'), 400, 'date');
  const cm = await w.countyAdminA.client.get(`/api/v1/patrols/missed?org=${w.countyA.id}&per_page=200`);
  assert.ok(cm.body.items.some((x) => x.risk_point_id === fresh.id));
  assert.ok(!(await w.countyAdminB.client.get('/api/v1/patrols/missed?per_page=200')).body.items.some((x) => x.risk_point_id === fresh.id));
});

test('without a checklist, the control measures are the check items', async () => {
  const o = s1.officer.client;
  const p = (await o.post('/api/v1/risk-points', { school_id: s1.org.id, name: '围墙', category: 'surroundings', control_measures: { engineering: '加高围墙至 2.2 米', management: '每周巡查围墙' } })).body;
  const form = await s1.staff1.client.get(`/api/v1/patrol-form/${p.qr_token}`);
  assert.equal(form.status, 200, form.text);
  assert.equal(form.body.items.length, 2);
  assert.equal(form.body.items[0].id, null);
  assert.ok(form.body.items[0].content.includes('加高围墙至 2.2 米'));
  const r = await s1.staff1.client.post('/api/v1/patrols', { risk_point_id: p.id, qr_token: p.qr_token, results: form.body.items.map((i) => ({ content: i.content, result: 'pass' })) });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.items[1].content, form.body.items[1].content);
  assert.equal(r.body.items[1].item_id, null);
  // an item id of some checklist is refused for a point without one
  assertError(await s1.staff1.client.post('/api/v1/patrols', { risk_point_id: p.id, results: [{ item_id: list.items[0].id, result: 'pass' }] }), 422, 'results[0].item_id');
});

test('a failed item opens a hazard linked to the record, in the same transaction', async () => {
  const c = s1.staff1.client;
  const photo = await upload(c, s1.org.id);
  const results = list.items.map((i, k) => ({ item_id: i.id, result: k === 1 ? 'fail' : 'pass', note: k === 1 ? '接口处有气味' : undefined, photo_ids: k === 1 ? [photo] : undefined }));
  const r = await c.post('/api/v1/patrols', { risk_point_id: point.id, qr_token: point.qr_token, results });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.result, 'fail');
  assert.equal(r.body.failed_count, 1);
  assert.equal(r.body.hazard_ids.length, 1);
  const hid = r.body.hazard_ids[0];
  assert.equal(r.body.items[1].hazard_id, hid);
  assert.equal(r.body.items[0].hazard_id, null);
  const h = await s1.officer.client.get(`/api/v1/hazards/${hid}`);
  assert.equal(h.status, 200, h.text);
  const hz = h.body.hazard || h.body;
  assert.equal(hz.risk_point_id, point.id);
  assert.equal(hz.patrol_record_id, r.body.id);
  assert.equal(hz.source, 'patrol');
  assert.equal(hz.category, 'food');
  assert.equal(hz.title, '不合格：燃气管道无泄漏：接口处有气味', 'titled from the finding (issue 12)');

  // when the hazard cannot be opened, the whole patrol is rolled back
  const code = `k${uniq()}`;
  assert.equal((await w.admin.post('/api/v1/categories', { code, name_zh: '临时' })).status, 201);
  const tp = (await s1.officer.client.post('/api/v1/risk-points', { school_id: s1.org.id, name: '临时点', category: code, checklist_id: list.id })).body;
  assert.equal((await w.admin.patch(`/api/v1/categories/${code}`, { deleted: true })).status, 200);
  const bad = await c.post('/api/v1/patrols', { risk_point_id: tp.id, qr_token: tp.qr_token, results: list.items.map((i) => ({ item_id: i.id, result: 'fail' })) });
  assert.ok(bad.status >= 400 && bad.status < 500, bad.text);
  assert.equal((await c.get(`/api/v1/patrols?risk_point_id=${tp.id}`)).body.total, 0, 'no record left behind');
});
