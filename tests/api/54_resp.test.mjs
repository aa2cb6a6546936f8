// Responsibility system (SPEC §6): a county bureau writes list templates, a
// school makes its lists from them and names the post holders, the county
// and the principal issue this year's letters, each addressee signs (only
// the addressee), progress shows who has not signed; the school divides the
// campus into grid zones with a named person and its risk points.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { world, assertError, mkUser } from './lib.mjs';

let w;
const Y = 2031;
before(async () => { w = await world(); });

const rp = async (s, name, assess) => {
  const p = await s.officer.client.post('/api/v1/risk-points', {
    school_id: s.org.id, name, location: '校园', category: 'fire', responsible_name: '李老师', patrol_frequency: 'daily',
  });
  assert.equal(p.status, 201, p.text);
  if (assess) {
    const a = await s.officer.client.post(`/api/v1/risk-points/${p.body.id}/assessments`, assess);
    assert.equal(a.status, 201, a.text);
  }
  return p.body;
};

test('templates: a bureau defines level and post templates; schools below see them, others do not', async () => {
  const ca = w.countyAdminA.client;
  const t = await ca.post('/api/v1/resp-templates', {
    org_id: w.countyA.id, kind: 'post', target: 'class_teacher', name: '班主任安全责任清单',
    items: ['每日晨检并记录学生到校情况', '每周上一次安全教育课', '放学清点学生并做好交接'],
  });
  assert.equal(t.status, 201, t.text);
  assert.deepEqual(t.body.items.map((i) => i.seq), [1, 2, 3]);
  assert.equal(t.body.items[2].content, '放学清点学生并做好交接');
  const lv = await ca.post('/api/v1/resp-templates', {
    org_id: w.countyA.id, kind: 'level', target: 'school', name: '学校安全主体责任清单', items: ['校长是第一责任人'],
  });
  assert.equal(lv.status, 201, lv.text);

  // a school of county A sees them; county B does not
  const seen = await w.schools[0].principal.client.get('/api/v1/resp-templates?kind=post');
  assert.equal(seen.status, 200);
  assert.ok(seen.body.items.some((x) => x.id === t.body.id));
  assert.ok(!seen.body.items.some((x) => x.id === lv.body.id), 'kind filter');
  const b = await w.countyAdminB.client.get('/api/v1/resp-templates');
  assert.ok(!b.body.items.some((x) => x.id === t.body.id));
  assertError(await w.countyAdminB.client.get(`/api/v1/resp-templates/${t.body.id}`), 404, 'id');

  // refusals: wrong role, other subtree, bad fields, schools do not write templates
  const body = { org_id: w.countyA.id, kind: 'post', target: 'driver', name: '驾驶员', items: ['出车前检查'] };
  assertError(await w.schools[0].staff1.client.post('/api/v1/resp-templates', { ...body, org_id: w.schools[0].org.id }), 403);
  assertError(await w.countyAdminB.client.post('/api/v1/resp-templates', body), 404, 'org_id');
  assertError(await ca.post('/api/v1/resp-templates', { ...body, target: 'astronaut' }), 422, 'target');
  assertError(await ca.post('/api/v1/resp-templates', { ...body, kind: 'level', target: 'province' }), 422, 'target');
  assertError(await ca.post('/api/v1/resp-templates', { ...body, items: [] }), 422, 'items');
  assertError(await ca.post('/api/v1/resp-templates', { ...body, items: ['ok', '  '] }), 422, 'items[1]');
  assertError(await ca.post('/api/v1/resp-templates', { ...body, items: ['ok', 3] }), 400, 'items[1]');
  assertError(await ca.post('/api/v1/resp-templates', { ...body, name: '' }), 422, 'name');
  assertError(await ca.post('/api/v1/resp-templates', { ...body, extra: 1 }), 400, 'extra');
  assertError(await w.schools[0].principal.client.post('/api/v1/resp-templates', { ...body, org_id: w.schools[0].org.id }), 422, 'org_id');
  const none = await ca.get('/api/v1/resp-templates?target=driver');
  assert.equal(none.body.total, 0, 'nothing written by the refused requests');

  // edit: replace items, audited
  const e = await ca.patch(`/api/v1/resp-templates/${lv.body.id}`, { items: ['校长是第一责任人', '分管校长是直接责任人'] });
  assert.equal(e.status, 200, e.text);
  assert.equal(e.body.items.length, 2);
  const audit = await ca.get(`/api/v1/audit?per_page=200&org_id=${w.countyA.id}`);
  assert.ok(audit.body.items.some((a) => a.entity === 'resp_template' && a.entity_id === lv.body.id && a.action === 'update'));
  w.tplPost = t.body; w.tplLevel = lv.body;
});

test('lists: a school copies a template, edits its own items and names the post holders', async () => {
  const s = w.schools[0];
  const p = s.principal.client;
  const l = await p.post('/api/v1/resp-lists', { org_id: s.org.id, template_id: w.tplPost.id, holder_ids: [s.staff1.id, s.staff2.id] });
  assert.equal(l.status, 201, l.text);
  assert.equal(l.body.kind, 'post');
  assert.equal(l.body.target, 'class_teacher');
  assert.equal(l.body.name, '班主任安全责任清单');
  assert.equal(l.body.template_id, w.tplPost.id);
  assert.equal(l.body.items.length, 3);
  assert.deepEqual(l.body.holders.map((h) => h.id).sort(), [s.staff1.id, s.staff2.id].sort());
  // the list is a copy: editing it leaves the template alone
  const e = await p.patch(`/api/v1/resp-lists/${l.body.id}`, { items: ['每日晨检', '每周安全教育', '放学清点', '假期前家访提醒'], holder_ids: [s.staff1.id] });
  assert.equal(e.status, 200, e.text);
  assert.equal(e.body.items.length, 4);
  assert.deepEqual(e.body.holders.map((h) => h.id), [s.staff1.id]);
  const tpl = await w.countyAdminA.client.get(`/api/v1/resp-templates/${w.tplPost.id}`);
  assert.equal(tpl.body.items.length, 3);
  // level list from the school-level template
  const lv = await p.post('/api/v1/resp-lists', { org_id: s.org.id, template_id: w.tplLevel.id });
  assert.equal(lv.status, 201, lv.text);
  assert.equal(lv.body.items.length, 2);
  // own list without a template
  const own = await s.officer.client.post('/api/v1/resp-lists', { org_id: s.org.id, kind: 'post', target: 'doorkeeper', name: '门卫岗位责任清单', items: ['来访登记', '校门值守'] });
  assert.equal(own.status, 201, own.text);
  // holder's lists; staff may read
  const mine = await s.staff1.client.get(`/api/v1/resp-lists?holder_id=${s.staff1.id}`);
  assert.deepEqual(mine.body.items.map((x) => x.id), [l.body.id]);
  // the county sees the school's lists; county B does not
  const cl = await w.countyAdminA.client.get(`/api/v1/resp-lists?org=${s.org.id}`);
  assert.equal(cl.body.total, 3);
  assertError(await w.countyAdminB.client.get(`/api/v1/resp-lists/${l.body.id}`), 404, 'id');
  // county-level list at the county
  const cty = await w.countyAdminA.client.post('/api/v1/resp-lists', { org_id: w.countyA.id, kind: 'level', target: 'county', name: '县教育局安全监管责任清单', items: ['制定年度安全工作计划'] });
  assert.equal(cty.status, 201, cty.text);

  // refusals
  assertError(await p.post('/api/v1/resp-lists', { org_id: s.org.id, template_id: w.tplPost.id }), 409, 'template_id');
  assertError(await p.post('/api/v1/resp-lists', { org_id: s.org.id, kind: 'post', target: 'doorkeeper', name: 'x', items: ['y'] }), 409, 'target');
  assertError(await s.staff1.client.post('/api/v1/resp-lists', { org_id: s.org.id, kind: 'post', target: 'driver', name: 'x', items: ['y'] }), 403);
  assertError(await p.post('/api/v1/resp-lists', { org_id: w.schools[1].org.id, kind: 'post', target: 'driver', name: 'x', items: ['y'] }), 404, 'org_id');
  assertError(await p.post('/api/v1/resp-lists', { org_id: s.org.id, kind: 'level', target: 'county', name: 'x', items: ['y'] }), 422, 'target');
  assertError(await w.countyAdminA.client.post('/api/v1/resp-lists', { org_id: w.countyA.id, template_id: w.tplPost.id }), 422, 'template_id');
  assertError(await p.post('/api/v1/resp-lists', { org_id: s.org.id, kind: 'post', target: 'driver', name: 'x', items: ['y'], holder_ids: [w.schools[1].staff1.id] }), 404, 'holder_ids[0]');
  assertError(await p.post('/api/v1/resp-lists', { org_id: s.org.id, kind: 'post', target: 'driver', name: 'x' }), 422, 'items');
  assertError(await p.post('/api/v1/resp-lists', { org_id: s.org.id, kind: 'post', target: 'driver', name: 'x', items: ['y'], holder_ids: [s.staff1.id, s.staff1.id] }), 422, 'holder_ids[1]');
  // a template of county B is not usable at county A's school
  const tb = await w.countyAdminB.client.post('/api/v1/resp-templates', { org_id: w.countyB.id, kind: 'post', target: 'driver', name: '驾驶员', items: ['出车前检查'] });
  assert.equal(tb.status, 201);
  assertError(await p.post('/api/v1/resp-lists', { org_id: s.org.id, template_id: tb.body.id }), 404, 'template_id');
  // soft delete frees the slot
  const d = await s.officer.client.patch(`/api/v1/resp-lists/${own.body.id}`, { deleted: true });
  assert.equal(d.status, 200, d.text);
  assertError(await p.get(`/api/v1/resp-lists/${own.body.id}`), 404, 'id');
  const again = await s.officer.client.post('/api/v1/resp-lists', { org_id: s.org.id, kind: 'post', target: 'doorkeeper', name: '门卫岗位责任清单', items: ['来访登记'] });
  assert.equal(again.status, 201, again.text);
  w.classList = l.body;
});

test('letters: county to principals, principal to staff; only the addressee signs; progress', async () => {
  const [s1, s2, s3] = w.schools;
  const ca = w.countyAdminA.client;
  const c = await ca.post('/api/v1/resp-letters', { org_id: w.countyA.id, year: Y, title: `${Y} 年度学校安全工作目标责任书`, content: '一、校长是学校安全第一责任人……', user_ids: [s1.principal.id, s2.principal.id] });
  assert.equal(c.status, 201, c.text);
  assert.equal(c.body.count, 2);
  assert.equal(c.body.items[0].status, 'pending');
  assert.equal(c.body.items[0].issuer_org_id, w.countyA.id);
  assert.equal(c.body.items[0].org_id, s1.org.id);
  // principal issues from the class-teacher list: content is built from its items
  const p = s1.principal.client;
  const l = await p.post('/api/v1/resp-letters', { org_id: s1.org.id, year: Y, list_id: w.classList.id, user_ids: [s1.staff1.id, s1.staff2.id, s1.officer.id] });
  assert.equal(l.status, 201, l.text);
  assert.equal(l.body.count, 3);
  assert.match(l.body.items[0].content, /1\. 每日晨检/);
  assert.match(l.body.items[0].title, new RegExp(`${Y}`));
  const [l1, l2, l3] = l.body.items;

  // refusals: twice for the same person and year; outside the subtree; self; wrong role; bad year
  assertError(await p.post('/api/v1/resp-letters', { org_id: s1.org.id, year: Y, content: 'x', user_ids: [s1.staff1.id] }), 409, 'user_ids[0]');
  assertError(await p.post('/api/v1/resp-letters', { org_id: s1.org.id, year: Y + 1, content: 'x', user_ids: [s2.staff1.id] }), 404, 'user_ids[0]');
  assertError(await p.post('/api/v1/resp-letters', { org_id: s2.org.id, year: Y + 1, content: 'x', user_ids: [s2.staff1.id] }), 404, 'org_id');
  assertError(await p.post('/api/v1/resp-letters', { org_id: s1.org.id, year: Y + 1, content: 'x', user_ids: [s1.principal.id] }), 422, 'user_ids[0]');
  assertError(await s1.staff1.client.post('/api/v1/resp-letters', { org_id: s1.org.id, year: Y + 1, content: 'x', user_ids: [s1.staff2.id] }), 403);
  assertError(await p.post('/api/v1/resp-letters', { org_id: s1.org.id, year: 1999, content: 'x', user_ids: [s1.staff1.id] }), 422, 'year');
  assertError(await p.post('/api/v1/resp-letters', { org_id: s1.org.id, year: Y + 1, user_ids: [s1.staff1.id] }), 422, 'content');
  assertError(await p.post('/api/v1/resp-letters', { org_id: s1.org.id, year: Y + 1, content: 'x', user_ids: [] }), 422, 'user_ids');
  assertError(await ca.post('/api/v1/resp-letters', { org_id: w.countyA.id, year: Y, content: 'x', user_ids: [s3.principal.id] }), 404, 'user_ids[0]');
  // an all-or-nothing batch: the second person is a duplicate, the first gets nothing
  assertError(await p.post('/api/v1/resp-letters', { org_id: s1.org.id, year: Y + 2, content: 'x', user_ids: [s1.staff1.id, s1.staff1.id] }), 422, 'user_ids[1]');
  const fresh = await mkUser(w.admin, s1.org.id, 'staff');
  assertError(await p.post('/api/v1/resp-letters', { org_id: s1.org.id, year: Y, content: 'x', user_ids: [fresh.id, s1.staff2.id] }), 409, 'user_ids[1]');
  const freshMine = await fresh.client.get('/api/v1/resp-letters/mine');
  assert.equal(freshMine.body.total, 0, 'rolled back');

  // my letters
  const mine = await s1.staff1.client.get('/api/v1/resp-letters/mine');
  assert.equal(mine.status, 200);
  assert.deepEqual(mine.body.items.map((x) => x.id), [l1.id]);
  // someone else signing is refused: same school 403, other school 404
  assertError(await s1.staff2.client.post(`/api/v1/resp-letters/${l1.id}/sign`), 403);
  assertError(await p.post(`/api/v1/resp-letters/${l1.id}/sign`), 403);
  assertError(await s2.staff1.client.post(`/api/v1/resp-letters/${l1.id}/sign`), 404, 'id');
  assertError(await w.countyAdminB.client.post(`/api/v1/resp-letters/${l1.id}/sign`), 404, 'id');
  // the auditor of the county reads, never signs
  const aud = await mkUser(w.admin, w.countyA.id, 'auditor');
  assert.equal((await aud.client.get(`/api/v1/resp-letters/${l1.id}`)).status, 200);
  assertError(await aud.client.post(`/api/v1/resp-letters/${l1.id}/sign`), 403);
  const still = await p.get(`/api/v1/resp-letters/${l1.id}`);
  assert.equal(still.body.status, 'pending');
  // the addressee signs (cookie session with CSRF, as the browser does)
  const sg = await s1.staff1.client.post(`/api/v1/resp-letters/${l1.id}/sign`, { note: '已阅，承诺履职' });
  assert.equal(sg.status, 200, sg.text);
  assert.equal(sg.body.status, 'signed');
  assert.ok(sg.body.signed_at);
  assertError(await s1.staff1.client.post(`/api/v1/resp-letters/${l1.id}/sign`), 409, 'status');
  assertError(await s1.staff1.client.post(`/api/v1/resp-letters/${l1.id}/sign`, { note: 5 }), 400, 'note');
  // principal signs the county's letter
  const ps = await p.post(`/api/v1/resp-letters/${c.body.items[0].id}/sign`);
  assert.equal(ps.status, 200, ps.text);

  // progress at the school: 3 letters to staff + the principal's own
  const pr = await p.get(`/api/v1/resp-letters/progress?year=${Y}`);
  assert.equal(pr.status, 200, pr.text);
  assert.equal(pr.body.total, 4);
  assert.equal(pr.body.signed, 2);
  assert.equal(pr.body.pending, 2);
  assert.equal(pr.body.rate, 0.5);
  assert.deepEqual(pr.body.unsigned.map((u) => u.user_id).sort(), [s1.staff2.id, s1.officer.id].sort());
  // by issuer at the county: the two principals, one signed
  const cp = await ca.get(`/api/v1/resp-letters/progress?year=${Y}&issuer=${w.countyA.id}`);
  assert.equal(cp.body.total, 2);
  assert.equal(cp.body.signed, 1);
  assert.deepEqual(cp.body.unsigned.map((u) => u.user_id), [s2.principal.id]);
  assert.equal(cp.body.by_org.length, 2);
  // the whole county, per org
  const all = await ca.get(`/api/v1/resp-letters/progress?year=${Y}`);
  assert.equal(all.body.total, 5);
  const o1 = all.body.by_org.find((o) => o.org_id === s1.org.id);
  assert.deepEqual([o1.total, o1.signed, o1.pending], [4, 2, 2]);
  assert.equal((await w.countyAdminB.client.get(`/api/v1/resp-letters/progress?year=${Y}`)).body.total, 0);
  assertError(await w.countyAdminB.client.get(`/api/v1/resp-letters/progress?org=${s1.org.id}`), 404, 'org');
  // list filters
  const pend = await p.get(`/api/v1/resp-letters?year=${Y}&status=pending`);
  assert.equal(pend.body.total, 2);
  assertError(await p.get('/api/v1/resp-letters?status=lost'), 400, 'status');
  assertError(await p.get('/api/v1/resp-letters?year=abc'), 400, 'year');

  // withdraw: only at the issuing org, only while unsigned
  assertError(await p.del(`/api/v1/resp-letters/${c.body.items[1].id}`), 404, 'id');
  assertError(await p.del(`/api/v1/resp-letters/${l1.id}`), 409, 'status');
  const wd = await p.del(`/api/v1/resp-letters/${l3.id}`);
  assert.equal(wd.status, 200, wd.text);
  assertError(await p.get(`/api/v1/resp-letters/${l3.id}`), 404, 'id');
  // and then it may be issued again
  const re = await p.post('/api/v1/resp-letters', { org_id: s1.org.id, year: Y, content: '重新发放', user_ids: [s1.officer.id] });
  assert.equal(re.status, 201, re.text);
  const audit = await p.get(`/api/v1/audit?per_page=200`);
  for (const act of ['issue', 'sign', 'delete']) assert.ok(audit.body.items.some((a) => a.entity === 'resp_letter' && a.action === act), act);
  assert.ok(l2);
});

test('grid zones: named person of the school, its points, highest level; a point in one zone only', async () => {
  const [s1, s2] = w.schools;
  const o = s1.officer.client;
  const red = await rp(s1, '锅炉房', { method: 'LS', l: 5, s: 4 });
  const orange = await rp(s1, '食堂操作间', { method: 'LEC', l: 3, e: 6, c: 15 });
  const plain = await rp(s1, '操场看台');
  const other = await rp(s2, '别校风险点');
  const z = await o.post('/api/v1/grid-zones', {
    school_id: s1.org.id, name: '后勤区', description: '食堂、锅炉房及周边', responsible_user_id: s1.staff1.id,
    patrol_frequency: '每日两次', risk_point_ids: [orange.id, red.id],
  });
  assert.equal(z.status, 201, z.text);
  assert.equal(z.body.responsible_name, s1.staff1.name);
  assert.equal(z.body.point_count, 2);
  assert.equal(z.body.max_level, 'major');
  assert.equal(z.body.max_colour, 'red');
  assert.equal(z.body.points[0].id, red.id, 'highest first');

  // refusals
  const base = { school_id: s1.org.id, name: '教学区', responsible_user_id: s1.staff2.id };
  assertError(await o.post('/api/v1/grid-zones', { ...base, risk_point_ids: [plain.id, red.id] }), 409, 'risk_point_ids[1]');
  assertError(await o.post('/api/v1/grid-zones', { ...base, risk_point_ids: [other.id] }), 422, 'risk_point_ids[0]');
  assertError(await o.post('/api/v1/grid-zones', { ...base, responsible_user_id: s2.staff1.id }), 422, 'responsible_user_id');
  assertError(await o.post('/api/v1/grid-zones', { ...base, responsible_user_id: w.countyAdminA.id }), 422, 'responsible_user_id');
  assertError(await o.post('/api/v1/grid-zones', { ...base, name: '后勤区' }), 409, 'name');
  assertError(await o.post('/api/v1/grid-zones', { ...base, name: undefined }), 422, 'name');
  assertError(await o.post('/api/v1/grid-zones', { ...base, responsible_user_id: undefined }), 422, 'responsible_user_id');
  assertError(await o.post('/api/v1/grid-zones', { ...base, school_id: s2.org.id }), 404, 'school_id');
  assertError(await w.countyAdminA.client.post('/api/v1/grid-zones', { ...base, school_id: w.countyA.id }), 422, 'school_id');
  assertError(await s1.staff1.client.post('/api/v1/grid-zones', base), 403);
  assertError(await s2.officer.client.get(`/api/v1/grid-zones/${z.body.id}`), 404, 'id');
  assertError(await s2.officer.client.patch(`/api/v1/grid-zones/${z.body.id}`, { name: 'x' }), 404, 'id');
  const listed = await o.get('/api/v1/grid-zones');
  assert.equal(listed.body.total, 1, 'refusals wrote nothing');

  // a second zone; then move the plain point and change the person
  const z2 = await o.post('/api/v1/grid-zones', { ...base, risk_point_ids: [plain.id] });
  assert.equal(z2.status, 201, z2.text);
  assert.equal(z2.body.max_level, 'none');
  const u = await o.patch(`/api/v1/grid-zones/${z.body.id}`, { risk_point_ids: [orange.id], responsible_user_id: s1.staff2.id });
  assert.equal(u.status, 200, u.text);
  assert.equal(u.body.max_level, 'high');
  assert.equal(u.body.responsible_user_id, s1.staff2.id);
  const u2 = await o.patch(`/api/v1/grid-zones/${z2.body.id}`, { risk_point_ids: [plain.id, red.id] });
  assert.equal(u2.status, 200, u2.text);
  assert.equal(u2.body.max_level, 'major');
  assertError(await o.patch(`/api/v1/grid-zones/${z.body.id}`, { risk_point_ids: [red.id] }), 409, 'risk_point_ids[0]');
  // the staff member sees the zones they are responsible for
  const my = await s1.staff2.client.get(`/api/v1/grid-zones?responsible_user_id=${s1.staff2.id}`);
  assert.equal(my.body.total, 2);
  // the county sees the school's zones
  const cz = await w.countyAdminA.client.get(`/api/v1/grid-zones?org=${s1.org.id}`);
  assert.equal(cz.body.total, 2);
  assert.ok(cz.body.items.every((x) => Array.isArray(x.points)));
  // delete frees the points
  const d = await o.del(`/api/v1/grid-zones/${z2.body.id}`);
  assert.equal(d.status, 200, d.text);
  const moved = await o.patch(`/api/v1/grid-zones/${z.body.id}`, { risk_point_ids: [orange.id, red.id] });
  assert.equal(moved.status, 200, moved.text);
  assert.equal(moved.body.point_count, 2);
  const audit = await o.get('/api/v1/audit?per_page=200');
  for (const act of ['create', 'update', 'delete']) assert.ok(audit.body.items.some((a) => a.entity === 'grid_zone' && a.action === act), act);
});

// issue 16: one change per write, audited by the store.
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/;

test('letters and zones: a refused change leaves neither the row nor an audit row; a committed one exactly one', async () => {
  const s = w.schools[1];
  const p = s.principal.client;
  const rows = async (entity, id) => (await w.admin.get(`/api/v1/audit?entity=${entity}&entity_id=${id}`)).body;
  const l = await p.post('/api/v1/resp-letters', { org_id: s.org.id, year: Y + 5, content: '事务责任书', user_ids: [s.staff1.id] });
  assert.equal(l.status, 201, l.text);
  const letter = l.body.items[0];
  assert.match(letter.issued_at, ISO);
  assert.equal(letter.signed_at, null);
  assert.equal((await rows('resp_letter', letter.id)).total, 1);
  // not the addressee: refused, nothing signed, nothing audited
  assertError(await s.staff2.client.post(`/api/v1/resp-letters/${letter.id}/sign`, { note: '代签' }), 403);
  assert.equal((await p.get(`/api/v1/resp-letters/${letter.id}`)).body.status, 'pending');
  assert.equal((await rows('resp_letter', letter.id)).total, 1);
  const sg = await s.staff1.client.post(`/api/v1/resp-letters/${letter.id}/sign`, { note: '已阅' });
  assert.equal(sg.status, 200, sg.text);
  assert.match(sg.body.signed_at, ISO);
  const log = await rows('resp_letter', letter.id);
  assert.equal(log.total, 2);
  assert.equal(log.items[0].action, 'sign');
  assert.equal(log.items[0].before.status, 'pending');
  assert.equal(log.items[0].after.status, 'signed');
  assert.equal(log.items[0].after.sign_note, '已阅');
  // withdrawing a signed letter is refused by the store: still there, no row
  assertError(await p.del(`/api/v1/resp-letters/${letter.id}`), 409, 'status', 'conflict');
  assert.equal((await rows('resp_letter', letter.id)).total, 2);

  // zones: a name taken refuses the whole update
  const o = s.officer.client;
  const za = await o.post('/api/v1/grid-zones', { school_id: s.org.id, name: '事务甲区', responsible_user_id: s.staff1.id });
  const zb = await o.post('/api/v1/grid-zones', { school_id: s.org.id, name: '事务乙区', description: '原说明', responsible_user_id: s.staff1.id });
  assert.equal(za.status, 201, za.text);
  assert.equal(zb.status, 201, zb.text);
  assert.match(zb.body.created_at, ISO);
  assertError(await o.patch(`/api/v1/grid-zones/${zb.body.id}`, { description: '不应保存', name: '事务甲区' }), 409, 'name');
  assert.equal((await o.get(`/api/v1/grid-zones/${zb.body.id}`)).body.description, '原说明');
  assert.equal((await rows('grid_zone', zb.body.id)).total, 1);
  const ok = await o.patch(`/api/v1/grid-zones/${zb.body.id}`, { description: '新说明' });
  assert.equal(ok.status, 200, ok.text);
  const zl = await rows('grid_zone', zb.body.id);
  assert.equal(zl.total, 2);
  assert.equal(zl.items[0].before.description, '原说明');
  assert.equal(zl.items[0].after.description, '新说明');
});
