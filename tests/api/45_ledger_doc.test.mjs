// The hazard ledger (隐患排查治理台账) as the three-year plan asks a ledger to
// be: source, finder and time, 五落实, 督办, completion, verifier, 销号,
// "ever overdue" (a hazard closed late says 是), the handling in Chinese with
// people's names, rows by school then date, the screen's filters, a
// Chinese file name, a sheet that prints (row heights, merged notes, a
// Chinese font, real dates, money with separators) and packed PDF rows.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { world, assertError, mkOrg, mkUser } from './lib.mjs';
import { DAY, iso, photo, report, ok, runJobs } from './hazard_lib.mjs';
import { fetchFile, readXlsx, readPdf, chineseName, today } from './docs_lib.mjs';

let w, s1, s2, late, major, other;

before(async () => {
  w = await world();
  [s1, s2] = w.schools;
  // s2 first (found earlier), then s1: the ledger still lists by school
  other = await report(s2.staff1.client, s2.org.id, { title: '食堂燃气软管老化', category: 'fire', source: 'whistle' });
  // a hazard closed after its deadline (flagged overdue by the sweep)
  late = await report(s1.staff1.client, s1.org.id, { title: '楼梯扶手松动', category: 'building', source: 'self_check' });
  const deadline = Date.now() + DAY;
  await ok(s1.officer.client, late.id, 'assign', { rectifier_id: s1.staff2.id, deadline: iso(deadline) });
  await runJobs(w.admin, deadline + 3600 * 1000);
  await ok(s1.staff2.client, late.id, 'start');
  await ok(s1.staff2.client, late.id, 'submit', { photo_ids: [await photo(s1.staff2.client, s1.org.id)], note: '已加固' });
  await ok(s1.officer.client, late.id, 'verify', { note: '合格' });
  await ok(s1.principal.client, late.id, 'close', { note: '同意销号' });
  // a major one with its five implementations, found by inspection
  major = await report(s1.officer.client, s1.org.id, {
    title: '教学楼外墙瓷砖脱落', category: 'building', grade: 'major', source: 'inspection', location: '教学楼北侧',
  });
  const f = await s1.officer.client.put(`/api/v1/hazards/${major.id}/five`, {
    responsible: '张校长', responsible_phone: '0730-8123456', measures: '拉设警戒线，聘请专业队伍铲除空鼓瓷砖', funds: 123456.5,
    deadline: iso(Date.now() + 30 * DAY), plan: '设置安全通道，雨天封闭北侧出入口',
  });
  assert.equal(f.status, 200, f.text);
});

test('JSON: the columns the seeds ask for, ever-overdue, names, order by school then date', async () => {
  const r = await w.countyAdminA.client.get(`/api/v1/hazards/export?org=${w.countyA.id}&format=json`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.total, 3);
  const items = r.body.items;
  // by school, then by the time found (s2's hazard is older but its school may sort later)
  const key = (h) => `${h.school}\u0000${h.found_at}\u0000${String(h.id).padStart(12, '0')}`;
  assert.deepEqual(items.map(key), [...items.map(key)].sort());
  const l = items.find((h) => h.id === late.id);
  assert.equal(l.source_name, '自查');
  assert.equal(l.reporter, s1.staff1.name);
  assert.equal(l.state_name, '已销号');
  assert.equal(l.overdue, false, 'no longer overdue once closed');
  assert.equal(l.ever_overdue, true, 'but it was: closed after its deadline');
  assert.equal(l.verifier, s1.officer.name);
  assert.ok(l.completed_at && l.verified_at && l.closed_at);
  assert.match(l.history_text, new RegExp(`交办整改（${s1.officer.name}）：整改责任人 ${s1.staff2.name}`));
  assert.match(l.history_text, /整改超期（系统）/);
  assert.match(l.history_text, new RegExp(`销号（${s1.principal.name}）：同意销号`));
  assert.doesNotMatch(l.history_text, /assign|→|\bu\d+/, 'no codes, arrows or login names');
  const m = items.find((h) => h.id === major.id);
  assert.equal(m.source_name, '督查检查');
  assert.equal(m.five_responsible, '张校长');
  assert.equal(m.five_funds, 123456.5);
  assert.equal(m.ever_overdue, false);
  assert.match(m.history_text, /落实“五落实”/);
  assert.equal(items.find((h) => h.id === other.id).source_name, '群众举报');
  assert.ok(Array.isArray(r.body.penalties));
});

test('xlsx: every column, dates as dates, money with separators, rows that print', async () => {
  const x = await fetchFile(w.countyAdminA.client, `/api/v1/hazards/export?org=${w.countyA.id}&format=xlsx`);
  assert.equal(x.status, 200, x.text);
  assert.match(x.type, /spreadsheetml/);
  assert.equal(chineseName(x.cd, { ascii: /^hazard-ledger-\d+\.xlsx$/, disposition: 'attachment' }),
    `${w.countyA.name}_隐患台账_${today()}.xlsx`);
  const wb = readXlsx(x.buf);
  const sheet = wb.sheets['隐患台账'];
  const head = sheet[3];
  for (const c of ['来源', '发现人', '发现时间', '整改责任人', '整改措施', '整改资金（元）', '整改期限', '整改预案',
    '挂牌督办', '整改完成时间', '验收人', '销号时间', '曾逾期', '处理过程']) assert.ok(head.includes(c), `column ${c}`);
  const col = (name) => head.indexOf(name);
  const rows = sheet.slice(4).filter((r) => typeof r[0] === 'number');
  assert.equal(rows.length, 3);
  const l = rows.find((r) => r[0] === late.id);
  assert.equal(l[col('来源')], '自查');
  assert.equal(l[col('曾逾期')], '是');
  assert.equal(l[col('验收人')], s1.officer.name);
  assert.match(String(l[col('销号时间')]), /^\d{4}-\d\d-\d\d \d\d:\d\d/, 'a date cell, not text');
  assert.match(l[col('处理过程')], /交办整改/);
  const m = rows.find((r) => r[0] === major.id);
  assert.equal(m[col('整改资金（元）')], 123456.5);
  assert.equal(m[col('整改责任人')], '张校长');
  assert.equal(m[col('曾逾期')], '否');
  // printing: a Chinese font, real date / money formats, row heights, one page wide
  const fmt = wb.fmt['隐患台账'];
  assert.equal(fmt.font, '宋体');
  const mi = rows.findIndex((r) => r[0] === major.id), li = rows.findIndex((r) => r[0] === late.id);
  assert.equal(fmt.formats[mi][col('整改资金（元）')], '#,##0.00');
  assert.match(fmt.formats[li][col('销号时间')], /yyyy-mm-dd/);
  assert.equal(fmt.types[li][col('发现时间')], 'datetime');
  const hOf = (id) => fmt.heights[String(4 + 1 + rows.findIndex((r) => r[0] === id))];
  assert.ok(hOf(late.id) > 40, `a row with a long history is tall: ${hOf(late.id)}`);
  assert.deepEqual([fmt.fit[0] ?? 1, fmt.fit[1]], [1, 0], 'one page wide, as many long as needed');
  // footnotes are merged across the table (they must not widen the print)
  assert.ok(fmt.merged.some((m) => /^A\d+:V\d+$/.test(m) && Number(/^A(\d+)/.exec(m)[1]) > 7), fmt.merged.join(' '));
  // the sign-off of the issuing bureau
  const flat = sheet.flat().filter((v) => typeof v === 'string');
  assert.ok(flat.includes(w.countyA.name) && flat.includes('（盖章）'));
  assert.ok(flat.some((v) => v.startsWith('填报人：' + w.countyAdminA.name)));
  // the accountability sheet
  assert.ok(wb.sheets['问责处理'], 'sheet 问责处理');
});

test('PDF: Chinese, names, packed rows, a seal line', async () => {
  const p = await fetchFile(w.countyAdminA.client, `/api/v1/hazards/export?org=${w.countyA.id}&format=pdf`);
  assert.equal(p.status, 200, p.text);
  assert.equal(chineseName(p.cd, { ascii: /^hazard-ledger-\d+\.pdf$/ }), `${w.countyA.name}_隐患台账_${today()}.pdf`);
  const pdf = readPdf(p.buf);
  for (const s of ['隐患排查治理台账', '曾逾期', '五落实', '已销号', '自查', '督查检查', '123,456.50元', '（盖章）', s1.officer.name])
    assert.ok(pdf.text.includes(s), `PDF holds ${s}`);
  assert.ok(!/assign|reported/.test(pdf.text), 'no codes');
  assert.ok(pdf.pages <= 2, `3 hazards, the accountability table and the seal fit 2 pages (${pdf.pages})`);
});

test('exports honour the list filters; bad filters name the field', async () => {
  const c = w.countyAdminA.client;
  const closed = await c.get(`/api/v1/hazards/export?org=${w.countyA.id}&format=json&status=closed`);
  assert.deepEqual(closed.body.items.map((h) => h.id), [late.id]);
  assert.equal(closed.body.total, 1);
  const maj = await c.get(`/api/v1/hazards/export?org=${w.countyA.id}&format=json&grade=major`);
  assert.deepEqual(maj.body.items.map((h) => h.id), [major.id]);
  const q = await c.get(`/api/v1/hazards/export?org=${w.countyA.id}&format=json&q=${encodeURIComponent('燃气')}`);
  assert.deepEqual(q.body.items.map((h) => h.id), [other.id]);
  const x = readXlsx((await fetchFile(c, `/api/v1/hazards/export?org=${w.countyA.id}&format=xlsx&grade=major`)).buf);
  const rows = x.sheets['隐患台账'].slice(4).filter((r) => typeof r[0] === 'number');
  assert.deepEqual(rows.map((r) => r[0]), [major.id]);
  assert.match(x.sheets['隐患台账'][1][0], /筛选条件：.*等级：重大隐患/);
  // one school only
  const one = await c.get(`/api/v1/hazards/export?org=${s2.org.id}&format=json`);
  assert.deepEqual(one.body.items.map((h) => h.id), [other.id]);
  assertError(await c.get(`/api/v1/hazards/export?org=${w.countyA.id}&status=done`), 400, 'status');
  assertError(await c.get(`/api/v1/hazards/export?org=${w.countyA.id}&grade=huge`), 400, 'grade');
  assertError(await c.get(`/api/v1/hazards/export?org=${w.countyA.id}&overdue=maybe`), 400, 'overdue');
  assertError(await c.get(`/api/v1/hazards/export?org=${w.countyA.id}&q=${'长'.repeat(101)}`), 400, 'q');
  assertError(await c.get(`/api/v1/hazards/export?org=${w.countyA.id}&format=csv`), 400, 'format');
});

test('scope: another county, another school, a teacher elsewhere get 404', async () => {
  assertError(await w.countyAdminB.client.get(`/api/v1/hazards/export?org=${w.countyA.id}`), 404, 'org');
  assertError(await w.countyAdminB.client.get(`/api/v1/hazards/export?org=${s1.org.id}&format=pdf`), 404, 'org');
  assertError(await s2.principal.client.get(`/api/v1/hazards/export?org=${s1.org.id}&format=json`), 404, 'org');
  // a school's principal exports its own ledger, signed by the school
  const own = await fetchFile(s1.principal.client, `/api/v1/hazards/export?org=${s1.org.id}&format=pdf`);
  assert.equal(own.status, 200, own.text);
  const pdf = readPdf(own.buf);
  assert.ok(pdf.text.includes(s1.org.name + '隐患排查治理台账'));
  assert.ok(!pdf.text.includes('食堂燃气软管老化'), 'another school stays out');
});

test('the accountability sheet lists yellow cards and interviews of the region', async () => {
  const city = await mkOrg(w.admin, 1, 'city', '问责市');
  const county = await mkOrg(w.admin, city.id, 'county', '问责县');
  const school = await mkOrg(w.admin, county.id, 'school', '问责学校', { school_type: 'primary', students: 100, classes: 4, staff: 10 });
  const ca = await mkUser(w.admin, county.id, 'bureau_admin');
  const y = await ca.client.post('/api/v1/yellow-cards', { school_id: school.id, reason: '重大隐患逾期未整改', date: today() });
  assert.equal(y.status, 201, y.text);
  const r = await ca.client.get(`/api/v1/hazards/export?org=${county.id}&format=json`);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.penalties.map((p) => [p.kind, p.school, p.reason]), [['黄牌警告', school.name, '重大隐患逾期未整改']]);
  const x = readXlsx((await fetchFile(ca.client, `/api/v1/hazards/export?org=${county.id}&format=xlsx`)).buf);
  assert.ok(x.sheets['问责处理'].some((row) => row.includes('黄牌警告') && row.includes(school.name)));
});
