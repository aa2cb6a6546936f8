// Truthful records (issue 19): a school fakes a rectification (the
// before-photo, brightened and shifted, uploaded again as the after-photo,
// all done within a minute) and a patrol (five points across the campus in
// seconds); the county computes the signals, the 需关注 list ranks the school
// first with the evidence, the school explains, the county reviews, the
// false-flag rate shows per rule, and the root bureau tunes a rule. Another
// school and another county see nothing of it.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { world, assertError, uniq, mkOrg } from './lib.mjs';

let w, s1, s2, s3, list;
const points = [];
const seed = uniq();

// A real greyscale PNG of a "scene": a mosaic of 12 x 9 patches picked by
// the seed with a fine texture; `shift` and `bright` make a re-saved copy
// whose bytes differ but whose picture is the same.
function scene(sd, { shift = 0, bright = 0 } = {}) {
  const W = 240, H = 180;
  let r = (2166136261 ^ Math.imul(sd, 16777619)) >>> 0;
  const patch = [];
  for (let i = 0; i < 108; i++) {
    r = (Math.imul(r, 1103515245) + 12345) >>> 0;
    patch.push(40 + ((r >>> 8) % 170));
  }
  const raw = Buffer.alloc((W + 1) * H);
  for (let y = 0; y < H; y++) {
    raw[y * (W + 1)] = 0;
    for (let x = 0; x < W; x++) {
      const sx = Math.min(W - 1, x + shift);
      const v = patch[Math.floor((y * 9) / H) * 12 + Math.floor((sx * 12) / W)] + 12 * Math.sin(sx * 0.9) * Math.cos(y * 0.7) + bright;
      raw[y * (W + 1) + 1 + x] = Math.max(0, Math.min(255, Math.round(v)));
    }
  }
  const crc = (buf) => {
    let c = ~0;
    for (const b of buf) { c ^= b; for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1)); }
    return (~c) >>> 0;
  };
  const chunk = (type, data) => {
    const t = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const c = Buffer.alloc(4); c.writeUInt32BE(crc(t));
    return Buffer.concat([len, t, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(W, 0); ihdr.writeUInt32BE(H, 4); ihdr[8] = 8; ihdr[9] = 0;
  return new Uint8Array(Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]));
}

async function upload(c, schoolId, bytes) {
  const r = await c.req('POST', `/api/v1/photos?school_id=${schoolId}`, bytes, { 'Content-Type': 'image/png' });
  assert.ok(r.status === 201, `photo upload: ${r.status} ${r.text}`);
  return r.body.id;
}

const act = async (c, id, action, body = {}) => {
  const r = await c.post(`/api/v1/hazards/${id}/actions`, { action, ...body });
  assert.equal(r.status, 200, `${action}: ${r.text}`);
  return r.body;
};

let hazardFaked, hazardHonest, flags;

before(async () => {
  w = await world();
  [s1, s2, s3] = w.schools; // s1, s2 in county A; s3 in county B
  const o = s1.officer.client;
  list = (await o.post('/api/v1/checklists', {
    school_id: s1.org.id, category: 'fire', name: '教学楼消防巡查',
    items: [{ content: '疏散通道畅通' }, { content: '灭火器在位有效' }],
  })).body;
  // five points at the corners and middle of the campus plan
  for (const [i, [x, y]] of [[0.05, 0.05], [0.95, 0.05], [0.95, 0.95], [0.05, 0.95], [0.5, 0.5]].entries()) {
    const r = await o.post('/api/v1/risk-points', {
      school_id: s1.org.id, name: `教学楼${i + 1}号楼梯`, category: 'fire', location: `教学楼${i + 1}`,
      patrol_frequency: 'daily', checklist_id: list.id, position: { x, y },
    });
    assert.equal(r.status, 201, r.text);
    points.push(r.body);
  }

  // the faked rectification: before and "after" are the same picture
  const before = await upload(o, s1.org.id, scene(seed));
  const after = await upload(s1.staff1.client, s1.org.id, scene(seed, { shift: 1, bright: 3 }));
  assert.notEqual(before, after, 'different bytes: a new photo by its content hash');
  let h = (await o.post('/api/v1/hazards', {
    school_id: s1.org.id, title: '楼梯间灭火器过期', category: 'fire', grade: 'general', photo_ids: [before],
  })).body;
  hazardFaked = h.id;
  await act(o, h.id, 'assign', { rectifier_id: s1.staff1.id });
  await act(s1.staff1.client, h.id, 'start');
  await act(s1.staff1.client, h.id, 'submit', { photo_ids: [after], note: '已更换灭火器' });
  await act(o, h.id, 'verify', { note: '验收合格' });

  // an honest hazard in s2: different pictures, not rectified yet
  const o2 = s2.officer.client;
  const b2 = await upload(o2, s2.org.id, scene(seed + 7));
  h = (await o2.post('/api/v1/hazards', {
    school_id: s2.org.id, title: '实验室通风橱故障', category: 'lab', grade: 'general', photo_ids: [b2],
  })).body;
  hazardHonest = h.id;

  // the faked patrol: five points across the campus within seconds
  const items = list.items.map((it) => ({ item_id: it.id, result: 'pass' }));
  for (const p of points) {
    const r = await s1.staff1.client.post('/api/v1/patrols', { risk_point_id: p.id, qr_token: p.qr_token, results: items });
    assert.equal(r.status, 201, r.text);
  }
});

test('computing: the county computes its subtree; bad input names the field; another county is refused', async () => {
  const c = w.countyAdminA.client;
  assertError(await c.post('/api/v1/truth/compute', {}), 422, 'org_id');
  assertError(await c.post('/api/v1/truth/compute', { org_id: 'x' }), 400, 'org_id');
  assertError(await c.post('/api/v1/truth/compute', { org_id: w.countyA.id, days: 0 }), 422, 'days');
  assertError(await c.post('/api/v1/truth/compute', { org_id: w.countyA.id, extra: 1 }), 400, 'extra');
  const other = await c.post('/api/v1/truth/compute', { org_id: w.countyB.id });
  assert.ok(other.status === 403 || other.status === 404, other.text);
  // a school cannot run it
  const sc = await s1.principal.client.post('/api/v1/truth/compute', { org_id: s1.org.id });
  assert.ok(sc.status === 403 || sc.status === 404, sc.text);
  const r = await c.post('/api/v1/truth/compute', { org_id: w.countyA.id, days: 2 });
  assert.equal(r.status, 200, r.text);
  assert.ok(r.body.signals >= 3, r.text);
  assert.ok(r.body.photos_hashed >= 0);
});

test('the signals carry their evidence, about s1 only', async () => {
  const c = w.countyAdminA.client;
  const r = await c.get(`/api/v1/truth/flags?org=${w.countyA.id}&per_page=200`);
  assert.equal(r.status, 200, r.text);
  flags = r.body.items;
  const by = (rule) => flags.filter((f) => f.rule === rule && f.school_id === s1.org.id);
  const dup = by('photo_near_dup').find((f) => f.entity_id === hazardFaked);
  assert.ok(dup, JSON.stringify(flags.map((f) => f.rule)));
  assert.equal(dup.evidence.kind, 'before_as_after');
  assert.ok(dup.evidence.distance <= 8);
  assert.equal(dup.evidence.same_photo, false);
  assert.equal(dup.evidence.earlier.use, 'before');
  assert.equal(dup.evidence.earlier.entity_id, hazardFaked);
  assert.equal(dup.school_name, s1.org.name);
  assert.match(dup.happened_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
  const fast = by('rectify_too_fast').find((f) => f.entity_id === hazardFaked);
  assert.ok(fast);
  assert.ok(fast.evidence.took_min < fast.evidence.floor_min);
  assert.match(fast.evidence.assigned_at, /\+08:00$/);
  const walk = by('patrol_too_fast')[0];
  assert.ok(walk, 'the five-point patrol');
  assert.ok(walk.evidence.fast_steps >= 3);
  assert.equal(walk.evidence.points, 5);
  assert.ok(walk.evidence.worst.gap_s < walk.evidence.worst.need_s);
  // the honest school: nothing about its hazard
  assert.ok(!flags.some((f) => f.school_id === s2.org.id && f.entity_id === hazardHonest));
  // filters, and bad filters naming the parameter
  const only = await c.get(`/api/v1/truth/flags?org=${w.countyA.id}&rule=rectify_too_fast&school_id=${s1.org.id}`);
  assert.ok(only.body.items.length >= 1 && only.body.items.every((f) => f.rule === 'rectify_too_fast'));
  assertError(await c.get('/api/v1/truth/flags?rule=nope'), 422, 'rule');
  assertError(await c.get('/api/v1/truth/flags?state=nope'), 422, 'state');
  assertError(await c.get('/api/v1/truth/flags?school_id=x'), 400, 'school_id');
});

test('scope: the school and the bureaus above see; another school, another county and a teacher do not', async () => {
  const f = flags.find((x) => x.school_id === s1.org.id);
  assert.equal((await s1.principal.client.get(`/api/v1/truth/flags/${f.id}`)).status, 200);
  assert.equal((await s1.officer.client.get(`/api/v1/truth/flags/${f.id}`)).status, 200);
  assert.equal((await w.cityAdmin.client.get(`/api/v1/truth/flags/${f.id}`)).status, 200);
  assertError(await s2.principal.client.get(`/api/v1/truth/flags/${f.id}`), 404, 'id');
  assertError(await w.countyAdminB.client.get(`/api/v1/truth/flags/${f.id}`), 404, 'id');
  assertError(await s3.principal.client.get(`/api/v1/truth/flags/${f.id}`), 404, 'id');
  assert.equal((await s1.staff1.client.get(`/api/v1/truth/flags/${f.id}`)).status, 403);
  assertError(await w.countyAdminA.client.get('/api/v1/truth/flags/999999999'), 404, 'id');
  // lists: another county's list and another school's list hold none of s1's
  const lb = await w.countyAdminB.client.get('/api/v1/truth/flags?per_page=200');
  assert.equal(lb.status, 200);
  assert.ok(!lb.body.items.some((x) => x.school_id === s1.org.id));
  const l2 = await s2.principal.client.get('/api/v1/truth/flags?per_page=200');
  assert.ok(!l2.body.items.some((x) => x.school_id === s1.org.id));
  assertError(await w.countyAdminB.client.get(`/api/v1/truth/flags?org=${w.countyA.id}`), 404, 'org');
  const l1 = await s1.principal.client.get('/api/v1/truth/flags?per_page=200');
  assert.ok(l1.body.items.length >= 3 && l1.body.items.every((x) => x.school_id === s1.org.id));
});

test('需关注: the county ranks s1 first with its evidence; county B does not see it', async () => {
  const r = await w.countyAdminA.client.get(`/api/v1/truth/watchlist?org=${w.countyA.id}&days=30`);
  assert.equal(r.status, 200, r.text);
  const top = r.body.items[0];
  assert.equal(top.school_id, s1.org.id, JSON.stringify(r.body.items.map((i) => [i.school_name, i.score])));
  assert.ok(top.score >= 9 && top.rules >= 3, JSON.stringify(top));
  assert.ok(top.top_flags.length >= 3 && top.top_flags[0].evidence);
  const b = await w.countyAdminB.client.get('/api/v1/truth/watchlist');
  assert.ok(!b.body.items.some((i) => i.school_id === s1.org.id));
  assertError(await w.countyAdminA.client.get('/api/v1/truth/watchlist?days=99999'), 422, 'days');
  // feeding 暗查暗访: a covert inspection of the school, with the existing API
  const insp = await w.inspectorA.client.post('/api/v1/inspections', {
    org_id: w.countyA.id, title: '需关注学校暗查暗访', kind: 'covert', date: new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10),
    group: ['暗访组'], school_ids: [top.school_id],
  });
  assert.equal(insp.status, 201, insp.text);
});

test('the school explains; the county reviews; rates of false flags per rule', async () => {
  const walk = flags.find((f) => f.rule === 'patrol_too_fast' && f.school_id === s1.org.id);
  const dup = flags.find((f) => f.rule === 'photo_near_dup' && f.entity_id === hazardFaked);
  const p = s1.principal.client;
  assertError(await p.post(`/api/v1/truth/flags/${walk.id}/explain`, {}), 422, 'explanation');
  assertError(await p.post(`/api/v1/truth/flags/${walk.id}/explain`, { explanation: 5 }), 400, 'explanation');
  assertError(await p.post(`/api/v1/truth/flags/${walk.id}/explain`, { explanation: '长'.repeat(1001) }), 422, 'explanation');
  assertError(await s2.principal.client.post(`/api/v1/truth/flags/${walk.id}/explain`, { explanation: 'x' }), 404, 'id');
  assert.equal((await w.countyAdminA.client.post(`/api/v1/truth/flags/${walk.id}/explain`, { explanation: 'x' })).status, 403);
  assert.equal((await s1.staff1.client.post(`/api/v1/truth/flags/${walk.id}/explain`, { explanation: 'x' })).status, 403);
  const e = await p.post(`/api/v1/truth/flags/${walk.id}/explain`, { explanation: '五个楼梯口的二维码贴在同一走廊，已重新张贴到各自位置。' });
  assert.equal(e.status, 200, e.text);
  assert.match(e.body.explanation, /二维码/);
  assert.equal(e.body.explained_by_name, s1.principal.name);
  assert.equal(e.body.state, 'open');

  const c = w.countyAdminA.client;
  assertError(await c.post(`/api/v1/truth/flags/${walk.id}/review`, { verdict: 'maybe' }), 422, 'verdict');
  assertError(await c.post(`/api/v1/truth/flags/${walk.id}/review`, {}), 422, 'verdict');
  assert.equal((await p.post(`/api/v1/truth/flags/${walk.id}/review`, { verdict: 'false' })).status, 403);
  assertError(await w.countyAdminB.client.post(`/api/v1/truth/flags/${walk.id}/review`, { verdict: 'false' }), 404, 'id');
  let r = await c.post(`/api/v1/truth/flags/${walk.id}/review`, { verdict: 'false', note: '现场核实二维码张贴位置不当，非虚假巡查' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.state, 'false');
  r = await c.post(`/api/v1/truth/flags/${dup.id}/review`, { verdict: 'confirmed', note: '整改后照片系整改前照片翻拍' });
  assert.equal(r.body.state, 'confirmed');
  // the audit has both, in the school's subtree
  const au = await c.get(`/api/v1/audit?entity=truth_flag&entity_id=${walk.id}`);
  assert.equal(au.status, 200, au.text);
  assert.deepEqual(au.body.items.map((a) => a.action).sort(), ['explain', 'review']);
  // a 误报 no longer ranks; a recomputation keeps the review
  await c.post('/api/v1/truth/compute', { org_id: w.countyA.id, days: 2 });
  const again = await c.get(`/api/v1/truth/flags/${walk.id}`);
  assert.equal(again.body.state, 'false');
  assert.match(again.body.explanation, /二维码/);
  const wl = await c.get(`/api/v1/truth/watchlist?org=${w.countyA.id}`);
  const s1row = wl.body.items.find((i) => i.school_id === s1.org.id);
  assert.ok(!s1row.top_flags.some((f) => f.id === walk.id));
  // the rules and their false-flag rates in the county
  const rules = (await c.get('/api/v1/truth/rules')).body.items;
  const pr = rules.find((x) => x.rule === 'patrol_too_fast');
  assert.ok(pr.false >= 1);
  assert.equal(pr.false_rate, pr.false / (pr.false + pr.confirmed));
  assert.ok(rules.find((x) => x.rule === 'photo_near_dup').confirmed >= 1);
  assert.ok(pr.params.min_point_s > 0 && pr.limits.min_point_s.max >= pr.params.min_point_s);
});

test('a photo re-used in another county: the other school name is hidden from the school, shown to the city', async () => {
  const o3 = s3.officer.client;
  const copy = await upload(o3, s3.org.id, scene(seed, { bright: -4 }));
  const h = await o3.post('/api/v1/hazards', {
    school_id: s3.org.id, title: '围墙破损', category: 'building', grade: 'general', photo_ids: [copy],
  });
  assert.equal(h.status, 201, h.text);
  const r = await w.countyAdminB.client.post('/api/v1/truth/compute', { org_id: w.countyB.id, days: 2 });
  assert.equal(r.status, 200, r.text);
  const mine = (await s3.principal.client.get('/api/v1/truth/flags?rule=photo_near_dup')).body.items.find((f) => f.entity_id === h.body.id);
  assert.ok(mine, 'the copy is flagged for s3');
  assert.equal(mine.evidence.kind, 'other_school');
  assert.equal(mine.evidence.earlier.school.name, '其他学校');
  assert.equal(mine.evidence.earlier.school.hidden, true);
  assert.equal(mine.evidence.earlier.school.id, undefined);
  assert.equal(mine.evidence.earlier.school.path, undefined);
  const city = (await w.cityAdmin.client.get(`/api/v1/truth/flags/${mine.id}`)).body;
  assert.equal(city.evidence.earlier.school.name, s1.org.name);
  assert.equal(city.evidence.earlier.school.id, s1.org.id);
  // the earlier photo itself stays with its school
  assert.equal((await s3.principal.client.get(`/api/v1/photos/${mine.evidence.earlier.photo_id}`)).status, 404);
});

test('a school that finds no hazards while comparable schools do (same type and size band) is flagged; its peers are not', async () => {
  const a = w.admin;
  const big = { school_type: 'special', students: 2600, classes: 40, staff: 200 };
  const peers = [];
  for (let i = 0; i < 6; i++) {
    const p = await mkOrg(a, w.countyB.id, 'school', '比较学校', big);
    for (let k = 0; k < 2; k++) {
      const h = await a.post('/api/v1/hazards', { school_id: p.id, title: '配电箱未上锁', category: 'fire', grade: 'general' });
      assert.equal(h.status, 201, h.text);
    }
    peers.push(p);
  }
  const quiet = await mkOrg(a, w.countyB.id, 'school', '零隐患学校', big);
  const r = await w.countyAdminB.client.post('/api/v1/truth/compute', { org_id: w.countyB.id, days: 2 });
  assert.equal(r.status, 200, r.text);
  const l = (await w.countyAdminB.client.get('/api/v1/truth/flags?rule=hazard_rate_low&per_page=200')).body.items;
  const f = l.find((x) => x.school_id === quiet.id);
  assert.ok(f, JSON.stringify(l.map((x) => x.school_name)));
  assert.equal(f.evidence.hazards, 0);
  assert.ok(f.evidence.peers >= 6, JSON.stringify(f.evidence));
  assert.ok(f.evidence.peer_median_per_100 > 0);
  assert.equal(f.evidence.school_type, 'special');
  assert.ok(!l.some((x) => peers.some((p) => p.id === x.school_id)));
});

test('rule settings: the root bureau only, each parameter in its range', async () => {
  const a = w.admin;
  const c = w.countyAdminA.client;
  assert.equal((await c.put('/api/v1/truth/rules/patrol_too_fast', { enabled: false })).status, 403);
  assertError(await a.put('/api/v1/truth/rules/nope', { enabled: false }), 404, 'rule');
  assertError(await a.put('/api/v1/truth/rules/patrol_too_fast', { params: { min_point_s: 100000 } }), 422, 'params.min_point_s');
  assertError(await a.put('/api/v1/truth/rules/patrol_too_fast', { params: { speed: 1 } }), 422, 'params');
  assertError(await a.put('/api/v1/truth/rules/patrol_too_fast', { params: { min_point_s: 'x' } }), 422, 'params.min_point_s');
  assertError(await a.put('/api/v1/truth/rules/patrol_too_fast', { enabled: 'no' }), 400, 'enabled');
  let r = await a.put('/api/v1/truth/rules/patrol_too_fast', { params: { min_point_s: 45 } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.params.min_point_s, 45);
  assert.equal(r.body.params.walk_mps, 1.2);
  let got = (await c.get('/api/v1/truth/rules')).body.items.find((x) => x.rule === 'patrol_too_fast');
  assert.equal(got.params.min_point_s, 45);
  // switched off, a rule adds no new flags; back on, as before
  r = await a.put('/api/v1/truth/rules/rectify_too_fast', { enabled: false });
  assert.equal(r.body.enabled, false);
  got = (await c.get('/api/v1/truth/rules')).body.items.find((x) => x.rule === 'rectify_too_fast');
  assert.equal(got.enabled, false);
  r = await a.put('/api/v1/truth/rules/rectify_too_fast', { enabled: true });
  assert.equal(r.body.enabled, true);
  await a.put('/api/v1/truth/rules/patrol_too_fast', { params: { min_point_s: 30 } });
});
