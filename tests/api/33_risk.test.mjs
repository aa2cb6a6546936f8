// The risk register (SPEC §3, §4, §9): categories as data, versioned grading
// thresholds, bureau checklist templates copied to schools, risk points with
// LEC / LS assessments and history, QR codes, the four-colour map.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { world, assertError, uniq, mkOrg, mkUser } from './lib.mjs';

let w;
before(async () => { w = await world(); });

const pointBody = (schoolId, extra = {}) => ({
  school_id: schoolId, name: '化学实验室危化品柜', location: '实验楼 3 楼 301', category: 'lab',
  hazard_factors: '易燃易爆化学品、强酸强碱', possible_accidents: '火灾、爆炸、灼伤、中毒',
  control_measures: { engineering: '防爆柜、通风', management: '双人双锁', training: '实验员培训', ppe: '护目镜、手套', emergency: '洗眼器、灭火毯' },
  control_level: 'department', responsible_name: '王老师', patrol_frequency: 'weekly', ...extra,
});

test('categories are data: seeded, added by the root bureau, renamed and soft-deleted', async () => {
  const list = await w.schools[0].staff1.client.get('/api/v1/categories');
  assert.equal(list.status, 200, list.text);
  const codes = list.body.items.map((c) => c.code);
  for (const c of ['fire', 'food', 'traffic', 'drowning', 'lab', 'building', 'other']) assert.ok(codes.includes(c), c);
  assert.equal(list.body.items.find((c) => c.code === 'fire').name_zh, '消防');

  const code = `c${uniq()}`;
  // categories are province-wide: the root bureau's alone (issue 15)
  assertError(await w.countyAdminA.client.post('/api/v1/categories', { code, name_zh: '校外实践' }), 403);
  assertError(await w.countyAdminA.client.patch('/api/v1/categories/fire', { name_zh: '改名' }), 403);
  const ca = w.admin;
  assertError(await w.schools[0].principal.client.post('/api/v1/categories', { code, name_zh: '校外实践' }), 403);
  assertError(await ca.post('/api/v1/categories', { code: 'Bad Code', name_zh: 'x' }), 422, 'code');
  assertError(await ca.post('/api/v1/categories', { code }), 422, 'name_zh');
  const c = await ca.post('/api/v1/categories', { code, name_zh: '校外实践', name_en: 'Field trips', sort: 500 });
  assert.equal(c.status, 201, c.text);
  assert.equal(c.body.builtin, false);
  assertError(await ca.post('/api/v1/categories', { code, name_zh: '重复' }), 409, 'code');
  const ren = await ca.patch(`/api/v1/categories/${code}`, { name_zh: '研学旅行' });
  assert.equal(ren.status, 200, ren.text);
  assert.equal(ren.body.name_zh, '研学旅行');
  // a point can use it while it is active
  const p = await w.schools[0].officer.client.post('/api/v1/risk-points', pointBody(w.schools[0].org.id, { name: '研学大巴', category: code }));
  assert.equal(p.status, 201, p.text);
  assert.equal(p.body.category_name, '研学旅行');
  const del = await ca.patch(`/api/v1/categories/${code}`, { deleted: true });
  assert.equal(del.status, 200, del.text);
  assert.ok(del.body.deleted_at);
  const after2 = await ca.get('/api/v1/categories');
  assert.ok(!after2.body.items.some((x) => x.code === code), 'deleted category is hidden');
  const all = await ca.get('/api/v1/categories?include_deleted=1');
  assert.ok(all.body.items.some((x) => x.code === code), 'but kept');
  assertError(await w.schools[0].officer.client.post('/api/v1/risk-points', pointBody(w.schools[0].org.id, { category: code })), 422, 'category');
  assertError(await ca.patch(`/api/v1/categories/${code}`, { name_zh: 'x' }), 404, 'code');
  assertError(await ca.patch('/api/v1/categories/other', { deleted: true }), 422, 'deleted');
  const audit = await w.admin.get('/api/v1/audit?entity=category&per_page=50');
  assert.ok(audit.body.items.filter((a) => a.note === code).length >= 3, 'create/update/delete audited');
});

test('grading thresholds are versioned data, changed only at the root', async () => {
  const g = await w.schools[0].staff1.client.get('/api/v1/grading/thresholds');
  assert.equal(g.status, 200, g.text);
  assert.equal(g.body.lec_major, 320);
  assert.equal(g.body.ls_yellow, 9);
  assertError(await w.countyAdminA.client.put('/api/v1/grading/thresholds', { lec_major: 300, lec_high: 150, lec_general: 60, ls_red: 20, ls_orange: 15, ls_yellow: 9 }), 403);
  assertError(await w.admin.put('/api/v1/grading/thresholds', { lec_major: 300, lec_high: 350, lec_general: 60, ls_red: 20, ls_orange: 15, ls_yellow: 9 }), 422, 'lec_major');
  assertError(await w.admin.put('/api/v1/grading/thresholds', { lec_major: 300, lec_high: 150, lec_general: -1, ls_red: 20, ls_orange: 15, ls_yellow: 9 }), 422, 'lec_general');
  assertError(await w.admin.put('/api/v1/grading/thresholds', { lec_major: 300, lec_high: 150, lec_general: 60, ls_red: 30, ls_orange: 15, ls_yellow: 9 }), 422, 'ls_red');
  assertError(await w.admin.put('/api/v1/grading/thresholds', { lec_major: 300, lec_high: 150, lec_general: 60, ls_red: 20, ls_orange: 15 }), 422, 'ls_yellow');
  const before2 = g.body.version;
  const put = await w.admin.put('/api/v1/grading/thresholds', { lec_major: 250, lec_high: 160, lec_general: 70, ls_red: 20, ls_orange: 15, ls_yellow: 9, note: '试行' });
  assert.equal(put.status, 200, put.text);
  assert.equal(put.body.version, before2 + 1);
  try {
    // 3 x 6 x 15 = 270: high under v1, major under the new version
    const s = w.schools[0];
    const p = await s.officer.client.post('/api/v1/risk-points', pointBody(s.org.id, { name: '配电房' }));
    const a = await s.officer.client.post(`/api/v1/risk-points/${p.body.id}/assessments`, { method: 'LEC', l: 3, e: 6, c: 15 });
    assert.equal(a.status, 201, a.text);
    assert.equal(a.body.score, 270);
    assert.equal(a.body.level, 'major');
    assert.equal(a.body.thresholds_version, before2 + 1);
  } finally {
    const back = await w.admin.put('/api/v1/grading/thresholds', { lec_major: 320, lec_high: 160, lec_general: 70, ls_red: 20, ls_orange: 15, ls_yellow: 9, note: '恢复' });
    assert.equal(back.status, 200, back.text);
  }
  const h = await w.admin.get('/api/v1/grading/thresholds');
  assert.equal(h.body.lec_major, 320);
  assert.ok(h.body.history.length >= 3);
  assert.equal(h.body.history[0].version, h.body.version);
});

test('bureau checklist templates are copied to schools below, not elsewhere', async () => {
  const ca = w.countyAdminA.client;
  const [s1, s2, s3] = w.schools; // s3 is in county B
  const tplBody = {
    org_id: w.countyA.id, category: 'fire', name: '消防安全排查清单',
    items: [
      { content: '灭火器在有效期内', standard: '压力表指针在绿区', method: '查看', weight: 2 },
      { content: '疏散通道畅通', standard: '无堆放杂物', method: '现场检查', weight: 3 },
      { content: '应急照明完好', standard: '断电后亮起', method: '测试' },
    ],
  };
  assertError(await s1.principal.client.post('/api/v1/checklist-templates', { ...tplBody, org_id: s1.org.id }), 422, 'org_id');
  assertError(await s1.staff1.client.post('/api/v1/checklist-templates', tplBody), 404, 'org_id');
  assertError(await ca.post('/api/v1/checklist-templates', { ...tplBody, org_id: w.countyB.id }), 404, 'org_id');
  assertError(await ca.post('/api/v1/checklist-templates', { ...tplBody, items: [] }), 422, 'items');
  assertError(await ca.post('/api/v1/checklist-templates', { ...tplBody, items: [{ content: 'a' }, { standard: 'x' }] }), 422, 'items[1].content');
  assertError(await ca.post('/api/v1/checklist-templates', { ...tplBody, items: [{ content: 'a', weight: 'x' }] }), 400, 'items[0].weight');
  assertError(await ca.post('/api/v1/checklist-templates', { ...tplBody, category: 'nope' }), 422, 'category');
  const t = await ca.post('/api/v1/checklist-templates', tplBody);
  assert.equal(t.status, 201, t.text);
  assert.equal(t.body.items.length, 3);
  assert.equal(t.body.items[1].standard, '无堆放杂物');
  assert.equal(t.body.items[2].weight, 1);

  // the school below sees the county's template (with items); county B's school does not
  const l1 = await s1.officer.client.get('/api/v1/checklist-templates');
  assert.equal(l1.status, 200, l1.text);
  const mine = l1.body.items.find((x) => x.id === t.body.id);
  assert.ok(mine, 'template visible to the school below');
  assert.equal(mine.items.length, 3);
  const l3 = await s3.officer.client.get('/api/v1/checklist-templates');
  assert.ok(!l3.body.items.some((x) => x.id === t.body.id), 'not visible in county B');

  const copy = await s1.officer.client.post('/api/v1/checklists', { school_id: s1.org.id, template_id: t.body.id });
  assert.equal(copy.status, 201, copy.text);
  assert.equal(copy.body.template_id, t.body.id);
  assert.equal(copy.body.category, 'fire');
  assert.deepEqual(copy.body.items.map((i) => i.content), tplBody.items.map((i) => i.content));
  assert.equal(copy.body.items[0].method, '查看');
  assertError(await s3.officer.client.post('/api/v1/checklists', { school_id: s3.org.id, template_id: t.body.id }), 404, 'template_id');
  assertError(await s1.officer.client.post('/api/v1/checklists', { school_id: s2.org.id, template_id: t.body.id }), 404, 'school_id');
  assertError(await ca.post('/api/v1/checklists', { school_id: w.countyA.id, template_id: t.body.id }), 422, 'school_id');
  // a school's own list
  assertError(await s1.officer.client.post('/api/v1/checklists', { school_id: s1.org.id, category: 'food', name: '食堂' }), 422, 'items');
  const own = await s1.officer.client.post('/api/v1/checklists', { school_id: s1.org.id, category: 'food', name: '食堂后厨检查', items: [{ content: '燃气报警器正常' }, { content: '生熟分开' }] });
  assert.equal(own.status, 201, own.text);
  assert.equal(own.body.items.length, 2);
  const cl = await s1.staff1.client.get('/api/v1/checklists');
  assert.ok(cl.body.items.some((x) => x.id === copy.body.id));
  assert.ok(cl.body.items.find((x) => x.id === own.body.id).item_count === 2);
  assertError(await s2.staff1.client.get(`/api/v1/checklists/${copy.body.id}`), 404, 'id');
  assert.equal((await ca.get(`/api/v1/checklists?org=${s1.org.id}`)).body.total, 2);

  // the bureau edits its template: later copies get the new items, earlier copies keep theirs
  assertError(await s1.officer.client.patch(`/api/v1/checklist-templates/${t.body.id}`, { name: 'x' }), 404, 'id');
  assertError(await ca.patch(`/api/v1/checklist-templates/${t.body.id}`, { items: [] }), 422, 'items');
  assertError(await ca.patch(`/api/v1/checklist-templates/${t.body.id}`, { items: [{ content: '' }] }), 422, 'items[0].content');
  const ed = await ca.patch(`/api/v1/checklist-templates/${t.body.id}`, { name: '消防安全排查清单（2026 版）', items: [{ content: '微型消防站器材齐全', standard: '按配置标准', method: '查看' }] });
  assert.equal(ed.status, 200, ed.text);
  assert.equal(ed.body.name, '消防安全排查清单（2026 版）');
  assert.deepEqual(ed.body.items.map((i) => i.content), ['微型消防站器材齐全']);
  assert.equal((await s1.officer.client.get(`/api/v1/checklists/${copy.body.id}`)).body.items.length, 3, 'earlier copy kept');
  const copy2 = await s2.officer.client.post('/api/v1/checklists', { school_id: s2.org.id, template_id: t.body.id });
  assert.deepEqual(copy2.body.items.map((i) => i.content), ['微型消防站器材齐全']);
  // a school edits its own list; the old items stay referenced but inactive
  const ed2 = await s1.officer.client.patch(`/api/v1/checklists/${own.body.id}`, { items: [{ content: '燃气报警器正常' }, { content: '生熟分开' }, { content: '留样 48 小时' }] });
  assert.equal(ed2.status, 200, ed2.text);
  assert.equal(ed2.body.items.length, 3);
  assert.ok(!ed2.body.items.some((i) => own.body.items.some((o) => o.id === i.id)), 'new item ids');
  assertError(await s2.officer.client.patch(`/api/v1/checklists/${own.body.id}`, { name: 'x' }), 404, 'id');
  assertError(await s1.staff1.client.patch(`/api/v1/checklists/${own.body.id}`, { name: 'x' }), 403);
  assertError(await s1.officer.client.patch(`/api/v1/checklists/${own.body.id}`, { description: 'x' }), 400, 'description');
  const gone = await s1.officer.client.patch(`/api/v1/checklists/${own.body.id}`, { deleted: true });
  assert.equal(gone.status, 200, gone.text);
  assertError(await s1.officer.client.get(`/api/v1/checklists/${own.body.id}`), 404, 'id');
  const tdel = await ca.patch(`/api/v1/checklist-templates/${t.body.id}`, { deleted: true });
  assert.equal(tdel.status, 200, tdel.text);
  assert.ok(!(await s1.officer.client.get('/api/v1/checklist-templates')).body.items.some((x) => x.id === t.body.id));
  assertError(await s1.officer.client.post('/api/v1/checklists', { school_id: s1.org.id, template_id: t.body.id }), 404, 'template_id');
  const audit = await w.admin.get(`/api/v1/audit?entity=checklist_template&entity_id=${t.body.id}`);
  assert.deepEqual(audit.body.items.map((a) => a.action).sort(), ['create', 'delete', 'update']);
});

test('risk points: required fields, scope, filters, patch and soft delete', async () => {
  const [s1, s2] = w.schools;
  const o = s1.officer.client;
  assertError(await o.post('/api/v1/risk-points', { school_id: s1.org.id, category: 'fire' }), 422, 'name');
  assertError(await o.post('/api/v1/risk-points', { school_id: s1.org.id, name: 'x' }), 422, 'category');
  assertError(await o.post('/api/v1/risk-points', pointBody(s2.org.id)), 404, 'school_id');
  assertError(await o.post('/api/v1/risk-points', pointBody(s1.org.id, { control_level: 'nation' })), 422, 'control_level');
  assertError(await o.post('/api/v1/risk-points', pointBody(s1.org.id, { patrol_frequency: 'hourly' })), 422, 'patrol_frequency');
  assertError(await o.post('/api/v1/risk-points', pointBody(s1.org.id, { position: { x: 1.5, y: 0.2 } })), 422, 'position');
  assertError(await o.post('/api/v1/risk-points', pointBody(s1.org.id, { control_measures: { magic: 'x' } })), 400, 'control_measures');
  assertError(await o.post('/api/v1/risk-points', pointBody(s1.org.id, { responsible_user_id: s2.officer.id })), 422, 'responsible_user_id');
  assertError(await s1.staff1.client.post('/api/v1/risk-points', pointBody(s1.org.id)), 403);
  const q = `池塘${uniq()}`;
  const p = await o.post('/api/v1/risk-points', pointBody(s1.org.id, { name: q, category: 'drowning', responsible_user_id: s1.officer.id, position: { x: 0.25, y: 0.75 } }));
  assert.equal(p.status, 201, p.text);
  assert.equal(p.body.level, 'none');
  assert.equal(p.body.colour, 'none');
  assert.equal(p.body.reassessment_due, true, 'never assessed');
  assert.ok((await o.get('/api/v1/risk-points?due=1&per_page=200')).body.items.some((x) => x.id === p.body.id));
  assertError(await o.get('/api/v1/risk-points?due=yes'), 400, 'due');
  assert.deepEqual(p.body.position, { x: 0.25, y: 0.75 });
  assert.equal(p.body.control_measures.ppe, '护目镜、手套');
  assert.ok(p.body.qr_token && p.body.qr_token.length >= 20, 'unguessable token');
  assert.ok(p.body.qr_url.endsWith(`/#/patrol/scan/${p.body.qr_token}`), p.body.qr_url);
  assertError(await s2.officer.client.get(`/api/v1/risk-points/${p.body.id}`), 404, 'id');
  assertError(await s2.officer.client.patch(`/api/v1/risk-points/${p.body.id}`, { name: 'x' }), 404, 'id');
  assert.equal((await w.countyAdminA.client.get(`/api/v1/risk-points/${p.body.id}`)).status, 200);
  assertError(await w.countyAdminB.client.get(`/api/v1/risk-points/${p.body.id}`), 404, 'id');

  const found = await s1.staff1.client.get(`/api/v1/risk-points?q=${encodeURIComponent(q)}`);
  assert.equal(found.body.total, 1);
  assert.equal((await s2.staff1.client.get(`/api/v1/risk-points?q=${encodeURIComponent(q)}`)).body.total, 0);
  assertError(await s1.staff1.client.get(`/api/v1/risk-points?org=${s2.org.id}`), 404, 'org');
  assertError(await s1.staff1.client.get('/api/v1/risk-points?level=purple'), 400, 'level');

  const patched = await o.patch(`/api/v1/risk-points/${p.body.id}`, { position: { x: 0.5, y: 0.1 }, location: '校园南侧' });
  assert.equal(patched.status, 200, patched.text);
  assert.deepEqual(patched.body.position, { x: 0.5, y: 0.1 });
  assert.equal(patched.body.location, '校园南侧');
  assert.equal(patched.body.name, q, 'other fields kept');
  assertError(await o.patch(`/api/v1/risk-points/${p.body.id}`, { level: 'major' }), 400, 'level');
  const audit = await w.admin.get(`/api/v1/audit?entity=risk_point&entity_id=${p.body.id}`);
  assert.deepEqual(audit.body.items.map((a) => a.action).sort(), ['create', 'update']);

  const del = await o.req('DELETE', `/api/v1/risk-points/${p.body.id}`);
  assert.equal(del.status, 200, del.text);
  assertError(await o.get(`/api/v1/risk-points/${p.body.id}`), 404, 'id');
  assert.equal((await s1.staff1.client.get(`/api/v1/risk-points?q=${encodeURIComponent(q)}`)).body.total, 0);
});

test('LEC and LS assessments grade the point, keep history and colour', async () => {
  const s = w.schools[1];
  const o = s.officer.client;
  const p = (await o.post('/api/v1/risk-points', pointBody(s.org.id, { name: '食堂后厨燃气间', category: 'food' }))).body;
  const cases = [
    [{ method: 'LEC', l: 1, e: 6, c: 7 }, 42, 'low', 'blue'],
    [{ method: 'LEC', l: 1, e: 6, c: 15 }, 90, 'general', 'yellow'],
    [{ method: 'LEC', l: 3, e: 6, c: 15 }, 270, 'high', 'orange'],
    [{ method: 'LEC', l: 6, e: 6, c: 15 }, 540, 'major', 'red'],
    [{ method: 'LS', l: 2, s: 4 }, 8, 'low', 'blue'],
    [{ method: 'LS', l: 3, s: 3 }, 9, 'general', 'yellow'],
    [{ method: 'LS', l: 3, s: 5 }, 15, 'high', 'orange'],
    [{ method: 'LS', l: 4, s: 5 }, 20, 'major', 'red'],
    [{ method: 'LS', l: 2, s: 3 }, 6, 'low', 'blue'],
  ];
  for (const [body, score, level, colour] of cases) {
    // a change of level needs a reason (issue 12: no silent downgrade)
    const r = await o.post(`/api/v1/risk-points/${p.id}/assessments`, { ...body, reason: '重新评估' });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.score, score, JSON.stringify(body));
    assert.equal(r.body.level, level, JSON.stringify(body));
    assert.equal(r.body.colour, colour);
    assert.equal(r.body.risk_point.level, level);
    assert.equal(r.body.risk_point.colour, colour);
    assert.ok(r.body.thresholds_version >= 1);
  }
  // a major grade moves control to school level
  const pt = await o.get(`/api/v1/risk-points/${p.id}`);
  assert.equal(pt.body.reassessment_due, false);
  assert.equal(pt.body.control_level, 'school');
  assert.equal(pt.body.level, 'low');
  assert.equal(pt.body.last_assessment.method, 'LS');
  assert.equal(pt.body.last_assessment.l, 2);
  assert.equal(pt.body.last_assessment.s, 3);
  const hist = await s.staff1.client.get(`/api/v1/risk-points/${p.id}/assessments`);
  assert.equal(hist.body.items.length, cases.length);
  assert.equal(hist.body.items[0].score, 6);
  assert.equal(hist.body.items[cases.length - 1].level, 'low');
  assert.equal(hist.body.items[3].method, 'LS');

  // bad input names the field and writes nothing
  assertError(await o.post(`/api/v1/risk-points/${p.id}/assessments`, { method: 'LEC', l: 4, e: 6, c: 15 }), 422, 'l');
  assertError(await o.post(`/api/v1/risk-points/${p.id}/assessments`, { method: 'LEC', l: 3, e: 5, c: 15 }), 422, 'e');
  assertError(await o.post(`/api/v1/risk-points/${p.id}/assessments`, { method: 'LEC', l: 3, e: 6, c: 50 }), 422, 'c');
  assertError(await o.post(`/api/v1/risk-points/${p.id}/assessments`, { method: 'LEC', l: 3, e: 6 }), 422, 'c');
  assertError(await o.post(`/api/v1/risk-points/${p.id}/assessments`, { method: 'LS', l: 6, s: 2 }), 422, 'l');
  assertError(await o.post(`/api/v1/risk-points/${p.id}/assessments`, { method: 'LS', l: 2, s: 2.5 }), 422, 's');
  assertError(await o.post(`/api/v1/risk-points/${p.id}/assessments`, { method: 'LS', l: 2 }), 422, 's');
  assertError(await o.post(`/api/v1/risk-points/${p.id}/assessments`, { method: 'XYZ', l: 2, s: 2 }), 422, 'method');
  assertError(await o.post(`/api/v1/risk-points/${p.id}/assessments`, { method: 'LS', l: '2', s: 2 }), 400, 'l');
  assertError(await w.schools[0].officer.client.post(`/api/v1/risk-points/${p.id}/assessments`, { method: 'LS', l: 2, s: 2 }), 404, 'id');
  assertError(await s.staff1.client.post(`/api/v1/risk-points/${p.id}/assessments`, { method: 'LS', l: 2, s: 2 }), 403);
  assert.equal((await o.get(`/api/v1/risk-points/${p.id}/assessments`)).body.items.length, cases.length, 'nothing written');

  assert.ok(!(await o.get('/api/v1/risk-points?due=1&per_page=200')).body.items.some((x) => x.id === p.id), 'assessed: not due');
  // filters by level and colour
  const reds = await o.get('/api/v1/risk-points?level=red&per_page=200');
  const majors = await o.get('/api/v1/risk-points?level=major&per_page=200');
  assert.deepEqual(reds.body.items.map((x) => x.id), majors.body.items.map((x) => x.id));
  assert.ok(!reds.body.items.some((x) => x.id === p.id));
  assert.ok((await o.get('/api/v1/risk-points?level=low&category=food&per_page=200')).body.items.some((x) => x.id === p.id));
  assert.ok(!(await o.get('/api/v1/risk-points?level=low&category=fire&per_page=200')).body.items.some((x) => x.id === p.id));
});

test('QR code: a PNG whose token opens the patrol form of the own school only', async () => {
  const [s1, s2] = w.schools;
  const p = (await s1.officer.client.post('/api/v1/risk-points', pointBody(s1.org.id, { name: '校门口' , category: 'security' }))).body;
  const png = await fetch(`${process.env.XA_BASE_URL || 'http://127.0.0.1:18181'}/api/v1/risk-points/${p.id}/qr.png`, { headers: { Authorization: `Bearer ${s1.staff1.client.token}` } });
  assert.equal(png.status, 200);
  assert.equal(png.headers.get('content-type'), 'image/png');
  const bytes = new Uint8Array(await png.arrayBuffer());
  assert.deepEqual([...bytes.slice(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.ok(bytes.length > 200);
  assertError(await s2.staff1.client.get(`/api/v1/risk-points/${p.id}/qr.png`), 404, 'id');

  const form = await s1.staff2.client.get(`/api/v1/patrol-form/${p.qr_token}`);
  assert.equal(form.status, 200, form.text);
  assert.equal(form.body.id, p.id);
  assert.ok(Array.isArray(form.body.items));
  assert.ok(form.body.server_time);
  assertError(await s2.staff1.client.get(`/api/v1/patrol-form/${p.qr_token}`), 404, 'token');
  assertError(await s1.staff1.client.get('/api/v1/patrol-form/not-a-real-token'), 404, 'token');
  // the county's auditor-like roles without patrol.write cannot use the form
  assertError(await w.inspectorA.client.get(`/api/v1/patrol-form/${p.qr_token}`), 403);
});

test('four-colour map: a school plan with points, a region coloured by highest level', async () => {
  const city = await mkOrg(w.admin, 1, 'city', '地图市');
  const county = await mkOrg(w.admin, city.id, 'county', '地图县');
  const sa = await mkOrg(w.admin, county.id, 'school', '地图学校甲');
  const sb = await mkOrg(w.admin, county.id, 'school', '地图学校乙');
  const oa = await mkUser(w.admin, sa.id, 'safety_officer');
  const ob = await mkUser(w.admin, sb.id, 'safety_officer');
  const mk = async (o, sid, name, grade, pos) => {
    const p = (await o.client.post('/api/v1/risk-points', pointBody(sid, { name, position: pos }))).body;
    if (grade) assert.equal((await o.client.post(`/api/v1/risk-points/${p.id}/assessments`, grade)).status, 201);
    return p;
  };
  const p1 = await mk(oa, sa.id, '教学楼楼梯间', { method: 'LS', l: 4, s: 5 }, { x: 0.1, y: 0.2 });
  await mk(oa, sa.id, '操场', { method: 'LS', l: 2, s: 2 }, { x: 0.6, y: 0.6 });
  await mk(oa, sa.id, '未评价点', null);
  await mk(ob, sb.id, '宿舍', { method: 'LS', l: 3, s: 3 }, null);

  const ms = await oa.client.get('/api/v1/risk-map');
  assert.equal(ms.status, 200, ms.text);
  assert.equal(ms.body.kind, 'school');
  assert.equal(ms.body.org_id, sa.id);
  assert.equal(ms.body.highest_level, 'major');
  assert.equal(ms.body.colour, 'red');
  assert.deepEqual(ms.body.counts, { none: 1, low: 1, general: 0, high: 0, major: 1 });
  const mp = ms.body.points.find((x) => x.id === p1.id);
  assert.equal(mp.colour, 'red');
  assert.deepEqual(mp.position, { x: 0.1, y: 0.2 });
  assert.equal(ms.body.plan_photo_id, null);

  const admin = await mkUser(w.admin, county.id, 'bureau_admin');
  const mc = await admin.client.get(`/api/v1/risk-map?org=${county.id}`);
  assert.equal(mc.status, 200, mc.text);
  assert.equal(mc.body.kind, 'region');
  assert.equal(mc.body.highest_level, 'major');
  assert.deepEqual(mc.body.counts, { none: 1, low: 1, general: 1, high: 0, major: 1 });
  const byId = Object.fromEntries(mc.body.schools.map((x) => [x.id, x]));
  assert.equal(byId[sa.id].colour, 'red');
  assert.equal(byId[sb.id].colour, 'yellow');
  assert.equal(byId[sb.id].counts.general, 1);
  const mcity = await w.admin.get(`/api/v1/risk-map?org=${city.id}`);
  assert.equal(mcity.body.children.length, 1);
  assert.equal(mcity.body.children[0].id, county.id);
  assert.equal(mcity.body.children[0].colour, 'red');
  assert.equal(mcity.body.children[0].counts.major, 1);
  assertError(await oa.client.get(`/api/v1/risk-map?org=${sb.id}`), 404, 'org');
});

// issue 16: one change per write, audited by the store.
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/;

test('risk points: a refused change leaves neither the row nor an audit row; a committed one exactly one', async () => {
  const s = w.schools[0];
  const c = s.officer.client;
  const p = await c.post('/api/v1/risk-points', pointBody(s.org.id, { name: '事务锅炉房' }));
  assert.equal(p.status, 201, p.text);
  assert.match(p.body.created_at, ISO);
  assert.match(p.body.updated_at, ISO);
  const id = p.body.id;
  const rows = async () => (await w.admin.get(`/api/v1/audit?entity=risk_point&entity_id=${id}`)).body;
  const a1 = await c.post(`/api/v1/risk-points/${id}/assessments`, { method: 'LS', l: 2, s: 2 });
  assert.equal(a1.status, 201, a1.text);
  assert.match(a1.body.risk_point.assessed_at, ISO);
  assert.match(a1.body.risk_point.last_assessment.created_at, ISO);
  assert.equal((await rows()).total, 2);
  // a new level without a reason: refused inside the change
  assertError(await c.post(`/api/v1/risk-points/${id}/assessments`, { method: 'LS', l: 5, s: 5 }), 422, 'reason');
  assert.equal((await c.get(`/api/v1/risk-points/${id}`)).body.level, 'low');
  assert.equal((await c.get(`/api/v1/risk-points/${id}/assessments`)).body.items.length, 1);
  assert.equal((await rows()).total, 2, 'no audit row for the refused assessment');
  // with the reason: one row, before and after as the point was and is
  const a2 = await c.post(`/api/v1/risk-points/${id}/assessments`, { method: 'LS', l: 5, s: 5, reason: '复评发现管控失效' });
  assert.equal(a2.status, 201, a2.text);
  assert.equal(a2.body.risk_point.control_level, 'school', 'a major risk is controlled by the school');
  const log = await rows();
  assert.equal(log.total, 3);
  const [row] = log.items;
  assert.equal(row.action, 'assess');
  assert.equal(row.note, 'LS');
  assert.equal(row.before.level, 'low');
  assert.equal(row.before.control_level, 'department');
  assert.equal(row.after.level, 'major');
  assert.equal(row.after.control_level, 'school');
  assert.deepEqual(row.after, (await c.get(`/api/v1/risk-points/${id}`)).body);
  // a category change refused by the store: "other" stays
  assertError(await w.admin.patch('/api/v1/categories/other', { name_zh: '其它', deleted: true }), 422, 'deleted');
  assert.equal((await w.admin.get('/api/v1/categories')).body.items.find((x) => x.code === 'other').name_zh, '其他');
});
