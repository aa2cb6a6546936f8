// The monthly bulletin is a 通报 a bureau issues: a draft it edits (主送,
// paragraphs, 落款), issued (发布) once with a 文号 from the bureau's own
// yearly sequence, then frozen (409 on edit, reprints identical after the
// data changed). A county's bulletin ranks its schools, a city's its
// counties; hazards still within their deadline do not count against a
// school; a school without patrols is not commended. Concurrent issues take
// numbers without gaps or duplicates.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { world, assertError } from './lib.mjs';
import { photo, report, ok } from './hazard_lib.mjs';
import { lastMonth, thisMonth, fetchFile, readXlsx, readPdf, dbInt, backdate } from './report_lib.mjs';

let w, s1, s2, s3, prefixA, hz;
const lm = lastMonth();
const year = new Date(Date.now() + 8 * 3600 * 1000).getUTCFullYear();

before(async () => {
  w = await world();
  [s1, s2, s3] = w.schools;
  // last month: s1 found two hazards (both still within their deadline), s2 one
  hz = [];
  for (const [s, t] of [[s1, '消防栓无水'], [s1, '围墙裂缝'], [s2, '校车座椅破损']]) {
    const h = await report(s.staff1.client, s.org.id, { title: t, category: 'fire' });
    backdate(h.id, lm.mid);
    hz.push(h);
  }
});

test('a bureau sets its 文号 prefix on the org; schools and bad prefixes are refused', async () => {
  const ca = w.countyAdminA.client;
  prefixA = `甲${String(w.countyA.id).slice(-2)}教安`;
  const r = await ca.patch(`/api/v1/orgs/${w.countyA.id}`, { doc_prefix: prefixA });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.doc_prefix, prefixA);
  assertError(await ca.patch(`/api/v1/orgs/${w.countyA.id}`, { doc_prefix: '甲教安〔2026〕' }), 422, 'doc_prefix');
  assertError(await ca.patch(`/api/v1/orgs/${w.countyA.id}`, { doc_prefix: 'x'.repeat(17) }), 422, 'doc_prefix');
  assertError(await ca.patch(`/api/v1/orgs/${w.countyA.id}`, { doc_prefix: 7 }), 400, 'doc_prefix');
  assertError(await ca.patch(`/api/v1/orgs/${s1.org.id}`, { doc_prefix: '甲校' }), 422, 'doc_prefix');
  assertError(await s1.principal.client.patch(`/api/v1/orgs/${w.countyA.id}`, { doc_prefix: '乙' }), 404);
  assertError(await w.countyAdminB.client.patch(`/api/v1/orgs/${w.countyA.id}`, { doc_prefix: '乙' }), 404);
  const audit = await w.admin.get(`/api/v1/audit?entity=org&entity_id=${w.countyA.id}`);
  assert.ok(audit.body.items.some((a) => a.after && a.after.doc_prefix === prefixA));
});

test('a county drafts its bulletin: it ranks schools, scores by the one definition', async () => {
  const ca = w.countyAdminA.client;
  const r = await ca.post('/api/v1/bulletins', { org_id: w.countyA.id, month: lm.label });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.state, 'draft');
  assert.equal(r.body.recipients, '各中小学校、幼儿园');
  assert.equal(r.body.signer, w.countyA.name);
  assert.ok(r.body.paragraphs.length >= 3 && r.body.paragraphs[1].includes('发现隐患 3 项'), r.body.paragraphs.join('\n'));
  const g = await ca.get(`/api/v1/bulletins/${r.body.id}`);
  assert.equal(g.status, 200, g.text);
  const rep = g.body.report;
  assert.equal(rep.ranks, 'schools');
  assert.deepEqual(rep.ranking.map((u) => u.org_id).sort(), [s1.org.id, s2.org.id].sort());
  const u1 = rep.ranking.find((u) => u.org_id === s1.org.id);
  // the hazards are within their deadline: nothing is owed, nothing lost
  assert.equal(u1.found, 2);
  assert.equal(u1.rectify_rate, null);
  // 60 × 100% (nothing owed) + 40 × 0% (no weekly report on time)
  assert.equal(u1.on_time_rate, 0);
  assert.equal(u1.score, 60);
  // no patrols: not commended for "no hazards", criticised instead
  assert.equal(rep.commendations.length, 0);
  assert.match(rep.criticisms.find((c) => c.org_id === s1.org.id).reason, /本月未开展巡查/);
  assert.equal(g.body.doc_no, null);
  // one month, one bulletin
  assertError(await ca.post('/api/v1/bulletins', { org_id: w.countyA.id, month: lm.label }), 409, 'month');
  // the city's bulletin ranks counties
  const cb = await w.cityAdmin.client.post('/api/v1/bulletins', { org_id: w.city.id, month: lm.label });
  assert.equal(cb.status, 201, cb.text);
  const cg = await w.cityAdmin.client.get(`/api/v1/bulletins/${cb.body.id}`);
  assert.equal(cg.body.report.ranks, 'regions');
  assert.deepEqual(cg.body.report.ranking.map((u) => u.org_id).sort(), [w.countyA.id, w.countyB.id].sort());
  assert.equal(cg.body.recipients, '各县（市、区）教育局');
});

test('refusals: schools, other counties, bad input, a month still in progress', async () => {
  const ca = w.countyAdminA.client;
  assertError(await s1.principal.client.post('/api/v1/bulletins', { org_id: s1.org.id, month: lm.label }), 403);
  assertError(await s1.principal.client.post('/api/v1/bulletins', { org_id: w.countyA.id, month: lm.label }), 404, 'org_id');
  assertError(await w.countyAdminB.client.post('/api/v1/bulletins', { org_id: w.countyA.id, month: '2025-01' }), 404, 'org_id');
  assertError(await ca.post('/api/v1/bulletins', { org_id: s1.org.id, month: '2025-01' }), 422, 'org_id');
  assertError(await ca.post('/api/v1/bulletins', { org_id: w.countyA.id }), 422, 'month');
  assertError(await ca.post('/api/v1/bulletins', { org_id: w.countyA.id, month: '2025-13' }), 422, 'month');
  assertError(await ca.post('/api/v1/bulletins', { org_id: w.countyA.id, month: '2025-02', paragraphs: 'x' }), 400, 'paragraphs');
  assertError(await ca.post('/api/v1/bulletins', { org_id: w.countyA.id, month: '2025-02', paragraphs: [1] }), 400, 'paragraphs');
  assertError(await ca.post('/api/v1/bulletins', { org_id: w.countyA.id, month: '2025-02', paragraphs: ['x'.repeat(3001)] }), 422, 'paragraphs');
  assertError(await ca.post('/api/v1/bulletins', { org_id: w.countyA.id, month: '2025-02', title: '' }), 422, 'title');
  assertError(await ca.post('/api/v1/bulletins', { org_id: w.countyA.id, month: '2025-02', extra: 1 }), 400, 'extra');
  assert.equal(dbInt(`SELECT COUNT(*) FROM bulletins WHERE org_id = ${w.countyA.id} AND period = '2025-02'`), 0);
  // this month is still counting (统计中): a draft yes, issuing no
  const cur = await ca.post('/api/v1/bulletins', { org_id: w.countyA.id, month: thisMonth() });
  assert.equal(cur.status, 201, cur.text);
  assert.equal((await ca.get(`/api/v1/bulletins/${cur.body.id}`)).body.report.partial, true);
  assertError(await ca.post(`/api/v1/bulletins/${cur.body.id}/issue`, {}), 422, 'month');
  const mine = await ca.get(`/api/v1/bulletins?org=${w.countyA.id}`);
  assert.ok(mine.body.items.length >= 2);
  const idA = mine.body.items.find((b) => b.period === lm.label).id;
  assertError(await w.countyAdminB.client.get(`/api/v1/bulletins/${idA}`), 404);
  assertError(await w.countyAdminB.client.patch(`/api/v1/bulletins/${idA}`, { title: '改' }), 404);
  assertError(await w.countyAdminB.client.post(`/api/v1/bulletins/${idA}/issue`, {}), 404);
  assertError(await s1.principal.client.get(`/api/v1/bulletins/${idA}`), 404);
  // the city reads the county's bulletin but does not write or issue it in the county's name
  assert.equal((await w.cityAdmin.client.get(`/api/v1/bulletins/${idA}`)).status, 200);
  assertError(await w.cityAdmin.client.patch(`/api/v1/bulletins/${idA}`, { title: '市局改' }), 403, 'org_id');
  assertError(await w.cityAdmin.client.post(`/api/v1/bulletins/${idA}/issue`, {}), 403, 'org_id');
  assertError(await w.cityAdmin.client.post('/api/v1/bulletins', { org_id: w.countyA.id, month: '2025-03' }), 403, 'org_id');
  assertError(await w.countyAdminB.client.get(`/api/v1/bulletins?org=${w.countyA.id}`), 404, 'org');
});

test('the county edits, issues with a 文号; the issued bulletin is frozen', async () => {
  const ca = w.countyAdminA.client;
  const id = (await ca.get(`/api/v1/bulletins?org=${w.countyA.id}&month=${lm.label}`)).body.items[0].id;
  const e = await ca.patch(`/api/v1/bulletins/${id}`, { paragraphs: ['现将上月情况通报如下。', '请各校对照整改。'], recipients: '各中小学校' });
  assert.equal(e.status, 200, e.text);
  assert.deepEqual(e.body.paragraphs, ['现将上月情况通报如下。', '请各校对照整改。']);
  assertError(await ca.patch(`/api/v1/bulletins/${id}`, { state: 'issued' }), 400, 'state');
  const seq0 = dbInt(`SELECT COALESCE(MAX(last), 0) FROM doc_sequences WHERE org_id = ${w.countyA.id} AND year = ${year}`);
  const is = await ca.post(`/api/v1/bulletins/${id}/issue`, {});
  assert.equal(is.status, 200, is.text);
  assert.equal(is.body.state, 'issued');
  assert.equal(is.body.doc_no, `${prefixA}〔${year}〕${seq0 + 1}号`);
  assert.equal(is.body.issuer_name, w.countyAdminA.name);
  const j1 = await ca.get(`/api/v1/bulletins/${id}`);
  assert.equal(j1.body.doc_no, is.body.doc_no);
  assert.equal(j1.body.recipients, '各中小学校');
  assert.match(j1.body.issue_date, /^\d{4}-\d{2}-\d{2}$/); // a calendar date, one format
  const [iy, im, iday] = j1.body.issue_date.split('-').map(Number);
  const issueZh = `${iy}年${im}月${iday}日`; // as the document prints it
  const xf1 = await fetchFile(ca, `/api/v1/bulletins/${id}?format=xlsx`);
  const pf1 = await fetchFile(ca, `/api/v1/bulletins/${id}?format=pdf`);
  const x1 = readXlsx(xf1.buf);
  const p1 = readPdf(pf1.buf);
  for (const s of [is.body.doc_no, '各中小学校：', '现将上月情况通报如下。', w.countyA.name, '（盖章）', issueZh, s1.org.name, '整改率=']) assert.ok(p1.includes(s), `pdf lacks ${s}`);
  assert.ok(x1['排名'].some((r) => r[1] === s1.org.name));

  // the data changes: s1 rectifies and closes a hazard of that month
  const h = hz[0];
  await ok(s1.officer.client, h.id, 'assign', { rectifier_id: s1.staff2.id });
  await ok(s1.staff2.client, h.id, 'start');
  await ok(s1.staff2.client, h.id, 'submit', { photo_ids: [await photo(s1.staff2.client, s1.org.id)], note: '已修复' });
  await ok(s1.officer.client, h.id, 'verify', { note: '合格' });
  await ok(s1.principal.client, h.id, 'close', { note: '销号' });
  await new Promise((res) => setTimeout(res, 1100)); // a file dated "now" would differ
  const live = (await ca.get(`/api/v1/reports/monthly?org=${w.countyA.id}&month=${lm.label}`)).body;
  assert.equal(live.ranking.find((u) => u.org_id === s1.org.id).closed_of_found, 1, 'the live report sees it');
  const j2 = await ca.get(`/api/v1/bulletins/${id}`);
  assert.equal(j2.text, j1.text, 'JSON reprint is byte-identical');
  assert.equal(j2.body.report.ranking.find((u) => u.org_id === s1.org.id).closed_of_found, 0);
  const xf2 = await fetchFile(ca, `/api/v1/bulletins/${id}?format=xlsx`);
  const pf2 = await fetchFile(ca, `/api/v1/bulletins/${id}?format=pdf`);
  assert.deepEqual(readXlsx(xf2.buf), x1);
  assert.equal(readPdf(pf2.buf), p1);
  assert.ok(xf2.buf.equals(xf1.buf), 'xlsx reprint is byte-identical');
  assert.ok(pf2.buf.equals(pf1.buf), 'PDF reprint is byte-identical');
  // frozen: no edit, no second issue, the number is not used again
  assertError(await ca.patch(`/api/v1/bulletins/${id}`, { title: '改标题' }), 409, 'state');
  assertError(await ca.post(`/api/v1/bulletins/${id}/issue`, {}), 409, 'state');
  assert.equal(dbInt(`SELECT last FROM doc_sequences WHERE org_id = ${w.countyA.id} AND year = ${year}`), seq0 + 1);
  // the city reads the county's bulletin (its subtree), the same bytes
  assert.equal((await w.cityAdmin.client.get(`/api/v1/bulletins/${id}`)).text, j1.text);
  const audit = await w.admin.get(`/api/v1/audit?entity=bulletin&entity_id=${id}`);
  assert.ok(audit.body.items.some((a) => a.action === 'issue'));
});

test('concurrent issues take numbers without gaps or duplicates', async () => {
  const ca = w.countyAdminA.client;
  const ids = [];
  for (let m = 1; m <= 8; m++) {
    const r = await ca.post('/api/v1/bulletins', { org_id: w.countyA.id, month: `2025-${String(m).padStart(2, '0')}` });
    assert.equal(r.status, 201, r.text);
    ids.push(r.body.id);
  }
  const seq0 = dbInt(`SELECT COALESCE(MAX(last), 0) FROM doc_sequences WHERE org_id = ${w.countyA.id} AND year = ${year}`);
  // every draft issued at once, two of them twice
  const calls = [...ids, ids[0], ids[5]].map((id) => ca.post(`/api/v1/bulletins/${id}/issue`, {}));
  const res = await Promise.all(calls);
  const okd = res.filter((r) => r.status === 200);
  const conflicts = res.filter((r) => r.status === 409);
  assert.equal(okd.length, 8, res.map((r) => r.status).join(','));
  assert.equal(conflicts.length, 2);
  const nums = okd.map((r) => Number(/〔\d+〕(\d+)号$/.exec(r.body.doc_no)[1])).sort((a, b) => a - b);
  assert.deepEqual(nums, Array.from({ length: 8 }, (_, i) => seq0 + 1 + i), 'no gap, no duplicate');
  assert.equal(dbInt(`SELECT last FROM doc_sequences WHERE org_id = ${w.countyA.id} AND year = ${year}`), seq0 + 8);
  assert.equal(dbInt(`SELECT COUNT(DISTINCT doc_seq) FROM bulletins WHERE org_id = ${w.countyA.id} AND doc_year = ${year}`),
    dbInt(`SELECT COUNT(*) FROM bulletins WHERE org_id = ${w.countyA.id} AND doc_year = ${year}`));
  // another bureau's sequence is its own
  const b = await w.countyAdminB.client.post('/api/v1/bulletins', { org_id: w.countyB.id, month: lm.label });
  const ib = await w.countyAdminB.client.post(`/api/v1/bulletins/${b.body.id}/issue`, {});
  assert.equal(ib.status, 200, ib.text);
  assert.match(ib.body.doc_no, new RegExp(`〔${year}〕1号$`));
  assert.ok(ib.body.doc_no.startsWith(w.countyB.name.slice(0, 1) + '教安'), ib.body.doc_no);
});
