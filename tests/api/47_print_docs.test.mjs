// Print views: a hazard's 整改回执/销号单 with its photos, the duty roster,
// the responsibility letter with its signature record, the assessment
// results — each a PDF scoped like its object (another county → 404) with a
// Chinese file name. And the audit log an auditor (纪检) can read: names of
// people and orgs, actions and object types in words, filters by org and
// person.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { world, assertError, mkUser } from './lib.mjs';
import { photo, report, ok } from './hazard_lib.mjs';
import { fetchFile, readPdf, chineseName, today } from './docs_lib.mjs';

let w, s1, s2, s3, closed, open;
const addDays = (d, n) => new Date(Date.parse(d + 'T00:00:00Z') + n * 864e5).toISOString().slice(0, 10);

before(async () => {
  w = await world();
  [s1, s2, s3] = w.schools;
  closed = await report(s1.staff1.client, s1.org.id, { title: '配电箱未上锁', category: 'electrical', location: '实验楼一层' });
  await ok(s1.officer.client, closed.id, 'assign', { rectifier_id: s1.staff2.id });
  await ok(s1.staff2.client, closed.id, 'start');
  await ok(s1.staff2.client, closed.id, 'submit', { photo_ids: [await photo(s1.staff2.client, s1.org.id)], note: '已加锁' });
  await ok(s1.officer.client, closed.id, 'verify', { note: '合格' });
  await ok(s1.principal.client, closed.id, 'close', { note: '同意销号' });
  open = await report(s1.staff1.client, s1.org.id, { title: '围墙裂缝', category: 'building' });
});

// A real camera-style photo: a 48x32 baseline JPEG (what the phone form uploads).
const JPEG = Buffer.from('/9j/4AAQSkZJRgABAQAAAQABAAD/4gHYSUNDX1BST0ZJTEUAAQEAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADb/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCj/wAARCAAgADADASIAAhEBAxEB/8QAFwABAQEBAAAAAAAAAAAAAAAAAAECBv/EABUQAQEAAAAAAAAAAAAAAAAAAAAC/8QAFwEBAQEBAAAAAAAAAAAAAAAABgAFB//EACQRAAAEBgEFAQAAAAAAAAAAAAEEETEAAgMSFCEFFlFjouHi/9oADAMBAAIRAxEAPwDjgWWeQK5leWgqKu3YBGOh8mdwCsxm261NKjiAPvvEGgi6W8vr9gn1t4Pb8xkWkHT5XDrzUFVE2zgAws4w7nlZTNtty6VWEQfXaCygiBrDry10VF0zgIRcmSzysxa625NorCAtrtGhkIuqfF7fIJ9E+f1/UWkAdPmsyvNXRFTTsABCzjCWAVlLXXWrtEcRFt94/9k=', 'base64');

test('a JPEG photo is printed on the receipt, not a placeholder', async () => {
  const h = await report(s1.staff1.client, s1.org.id, { title: '楼梯扶手松动', category: 'building' });
  await ok(s1.officer.client, h.id, 'assign', { rectifier_id: s1.staff2.id });
  await ok(s1.staff2.client, h.id, 'start');
  const up = await s1.staff2.client.req('POST', `/api/v1/photos?school_id=${s1.org.id}`, new Uint8Array(JPEG), { 'Content-Type': 'image/jpeg' });
  assert.ok(up.status === 201 || up.status === 200, up.text);
  await ok(s1.staff2.client, h.id, 'submit', { photo_ids: [up.body.id], note: '已紧固' });
  const f = await fetchFile(s1.officer.client, `/api/v1/hazards/${h.id}/receipt.pdf`);
  assert.equal(f.status, 200, f.text);
  const raw = Buffer.from(f.buf).toString('latin1');
  assert.ok(raw.includes('/DCTDecode'), 'the JPEG is embedded as it is');
  assert.ok(!readPdf(f.buf).text.includes('照片格式无法在此打印'), 'no placeholder for a JPEG');
});

test('整改回执暨销号单: the whole handling with names, photos, signatures; scoped', async () => {
  const f = await fetchFile(s1.principal.client, `/api/v1/hazards/${closed.id}/receipt.pdf`);
  assert.equal(f.status, 200, f.text);
  assert.match(f.type, /application\/pdf/);
  assert.equal(chineseName(f.cd, { ascii: /^hazard-receipt-\d+\.pdf$/, disposition: 'inline' }),
    `${s1.org.name}_隐患整改回执暨销号单_${today()}.pdf`);
  const pdf = readPdf(f.buf);
  for (const s of ['隐患整改回执暨销号单', '配电箱未上锁', '整改前照片', '整改后照片', '处理过程', '交办整改', '销号',
    s1.officer.name, s1.principal.name, s1.staff1.name, '验收人（签字）', '（盖章）', s1.org.name])
    assert.ok(pdf.text.includes(s), `receipt holds ${s}`);
  assert.ok(!/assign|closed|verify/.test(pdf.text), 'no codes');
  // an open hazard prints as a receipt (not a closing form)
  const o = readPdf((await fetchFile(s1.officer.client, `/api/v1/hazards/${open.id}/receipt.pdf`)).buf);
  assert.ok(o.text.includes('隐患整改回执单') && !o.text.includes('销号单'));
  // the county sees it; another county, another school, nobody else
  assert.equal((await fetchFile(w.countyAdminA.client, `/api/v1/hazards/${closed.id}/receipt.pdf`)).status, 200);
  assertError(await w.countyAdminB.client.get(`/api/v1/hazards/${closed.id}/receipt.pdf`), 404, 'id');
  assertError(await s2.principal.client.get(`/api/v1/hazards/${closed.id}/receipt.pdf`), 404, 'id');
  assertError(await s1.principal.client.get('/api/v1/hazards/999999999/receipt.pdf'), 404, 'id');
});

test('duty roster print: dates, weekdays, leaders and staff by name, seal line; scoped', async () => {
  // people as a school names them
  for (const [u, n] of [[s1.principal, '李军'], [s1.staff1, '高春花'], [s1.staff2, '周志强']]) {
    assert.equal((await w.admin.patch(`/api/v1/users/${u.id}`, { name: n })).status, 200);
    u.name = n;
  }
  const start = addDays(today(), 3);
  const slot = (s, date) => ({ date, leader_id: s.principal.id, staff_ids: [s.staff1.id, s.staff2.id], is_24h: false, phone: '0730-1234567' });
  const r = await s1.principal.client.post('/api/v1/duty-rosters', {
    school_id: s1.org.id, title: '下周值班表', kind: 'routine', start_date: start, end_date: addDays(start, 1),
    slots: [slot(s1, start), slot(s1, addDays(start, 1))],
  });
  assert.equal(r.status, 201, r.text);
  const f = await fetchFile(w.countyAdminA.client, `/api/v1/duty-rosters/${r.body.id}/print.pdf`);
  assert.equal(f.status, 200, f.text);
  assert.equal(chineseName(f.cd, { ascii: /^duty-roster-\d+\.pdf$/ }), `${s1.org.name}_值班表_${today()}.pdf`);
  const pdf = readPdf(f.buf);
  for (const s of [s1.org.name + '值班表', start, '星期', s1.principal.name, s1.staff1.name, s1.staff2.name, '0730-1234567', '（盖章）'])
    assert.ok(pdf.text.includes(s), `roster holds ${s}`);
  assertError(await w.countyAdminB.client.get(`/api/v1/duty-rosters/${r.body.id}/print.pdf`), 404, 'id');
  assertError(await s2.principal.client.get(`/api/v1/duty-rosters/${r.body.id}/print.pdf`), 404, 'id');
  assertError(await s1.principal.client.get('/api/v1/duty-rosters/999999999/print.pdf'), 404, 'id');
});

test('responsibility letter print: parties, content, the signature record; scoped', async () => {
  const Y = new Date().getFullYear();
  const c = await w.countyAdminA.client.post('/api/v1/resp-letters', {
    org_id: w.countyA.id, year: Y, title: `${Y} 年度学校安全工作目标责任书`, content: '一、校长是学校安全第一责任人。\n二、每月组织一次隐患排查。', user_ids: [s1.principal.id],
  });
  assert.equal(c.status, 201, c.text);
  const id = c.body.items[0].id;
  let pdf = readPdf((await fetchFile(w.countyAdminA.client, `/api/v1/resp-letters/${id}/print.pdf`)).buf);
  assert.ok(pdf.text.includes('待签订'));
  const sg = await s1.principal.client.post(`/api/v1/resp-letters/${id}/sign`, { note: '已阅，照此执行' });
  assert.equal(sg.status, 200, sg.text);
  const f = await fetchFile(s1.principal.client, `/api/v1/resp-letters/${id}/print.pdf`);
  assert.equal(f.status, 200, f.text);
  assert.equal(chineseName(f.cd, { ascii: /^resp-letter-\d+\.pdf$/ }), `${s1.org.name}_${s1.principal.name}_安全责任书_${today()}.pdf`);
  pdf = readPdf(f.buf);
  for (const s of [`${Y}年度学校安全工作目标责任书`, w.countyA.name, s1.principal.name, '校长是学校安全第一责任人', '已签订',
    '在系统中确认签署', '已阅，照此执行', w.countyAdminA.name, '（盖章）'])
    assert.ok(pdf.text.includes(s), `letter holds ${s}`);
  assertError(await w.countyAdminB.client.get(`/api/v1/resp-letters/${id}/print.pdf`), 404, 'id');
  assertError(await s2.principal.client.get(`/api/v1/resp-letters/${id}/print.pdf`), 404, 'id');
});

test('assessment results print: ranking with indicator points and grades in words; scoped', async () => {
  const Y = new Date().getFullYear();
  const c = await w.countyAdminA.client.post(`/api/v1/assessments/${Y}/compute`, { org_id: w.countyA.id });
  assert.ok(c.status === 200 || c.status === 201, c.text);
  const f = await fetchFile(w.countyAdminA.client, `/api/v1/assessments/${Y}/print.pdf?org=${w.countyA.id}`);
  assert.equal(f.status, 200, f.text);
  assert.equal(chineseName(f.cd, { ascii: /^assessment-\d+\.pdf$/ }), `${w.countyA.name}_${Y}年度考核结果_${today()}.pdf`);
  const pdf = readPdf(f.buf);
  for (const s of [`${w.countyA.name}${Y}年度学校安全工作考核结果`, s1.org.name, s2.org.name, '总分', '等次', '（盖章）'])
    assert.ok(pdf.text.includes(s), `results hold ${s}`);
  assert.ok(/优秀|良好|合格|不合格|一票否决/.test(pdf.text));
  assert.ok(!/excellent|good|pass|fail/.test(pdf.text), 'grades in words');
  assert.ok(!pdf.text.includes(s3.org.name), 'another county stays out');
  assertError(await w.countyAdminB.client.get(`/api/v1/assessments/${Y}/print.pdf?org=${w.countyA.id}`), 404, 'org');
  assertError(await w.countyAdminA.client.get(`/api/v1/assessments/99/print.pdf?org=${w.countyA.id}`), 400, 'year');
});

test('audit log: people and orgs by name, actions and object types in words; filters by org and person', async () => {
  const a = w.admin;
  const r = await a.get(`/api/v1/audit?org_id=${s1.org.id}&person=${encodeURIComponent(s1.officer.name)}&per_page=100`);
  assert.equal(r.status, 200, r.text);
  assert.ok(r.body.items.length >= 2, 'the officer assigned and verified');
  for (const x of r.body.items) {
    assert.equal(x.user_id, s1.officer.id);
    assert.equal(x.user_name, s1.officer.name);
    assert.equal(x.org_name, s1.org.name);
    assert.ok(x.action_name && !/^[a-z_.]+$/.test(x.action_name), `action in words: ${x.action_name}`);
    assert.ok(x.entity_name && !/^[a-z_]+$/.test(x.entity_name), `object type in words: ${x.entity_name}`);
  }
  assert.ok(r.body.items.some((x) => x.entity_name === '隐患'));
  // by login name too
  const byLogin = await a.get(`/api/v1/audit?org_id=${s1.org.id}&person=${s1.officer.username}&per_page=100`);
  assert.equal(byLogin.body.total, r.body.total);
  // the org filter keeps to the subtree
  const s2log = await a.get(`/api/v1/audit?org_id=${s2.org.id}&person=${encodeURIComponent(s1.officer.name)}`);
  assert.equal(s2log.body.total, 0);
  const nobody = await a.get(`/api/v1/audit?person=${encodeURIComponent('查无此人')}`);
  assert.equal(nobody.status, 200);
  assert.equal(nobody.body.total, 0);
  // an auditor of the county reads it with names
  const auditor = await mkUser(a, w.countyA.id, 'auditor');
  const au = await auditor.client.get(`/api/v1/audit?org_id=${s1.org.id}&per_page=5`);
  assert.equal(au.status, 200, au.text);
  assert.ok(au.body.items.every((x) => x.org_name === s1.org.name && typeof x.user_name === 'string'));
  // two people of one name: pick one
  const twin1 = await mkUser(a, s1.org.id, 'staff');
  const twin2 = await mkUser(a, s2.org.id, 'staff');
  for (const t of [twin1, twin2]) assert.equal((await a.patch(`/api/v1/users/${t.id}`, { name: '张伟同名' })).status, 200);
  assertError(await a.get(`/api/v1/audit?person=${encodeURIComponent('张伟同名')}`), 422, 'person');
  assert.equal((await a.get(`/api/v1/audit?person=${encodeURIComponent('张伟同名')}&user_id=${twin1.id}`)).status, 200);
  // refusals
  assertError(await a.get(`/api/v1/audit?person=${'长'.repeat(65)}`), 400, 'person');
  assertError(await w.countyAdminB.client.get(`/api/v1/audit?org_id=${s1.org.id}`), 404, 'org_id');
  assertError(await s1.staff1.client.get('/api/v1/audit'), 403);
});

test('every export route names its file in Chinese with an ASCII fallback', async () => {
  const c = w.countyAdminA.client;
  const major = await report(s1.officer.client, s1.org.id, { title: '围墙倾斜', category: 'building', grade: 'major' });
  const month = today().slice(0, 7);
  const cases = [
    [`/api/v1/reports/weekly?org=${w.countyA.id}&format=xlsx`, /\.xlsx$/, 'attachment'],
    [`/api/v1/reports/weekly?org=${w.countyA.id}&format=pdf`, /\.pdf$/, 'attachment'],
    [`/api/v1/reports/monthly?org=${w.countyA.id}&month=${month}&format=xlsx`, /\.xlsx$/, 'attachment'],
    [`/api/v1/reports/statistics?org=${w.countyA.id}&from=${month}-01&to=${today()}&format=pdf`, /\.pdf$/, 'attachment'],
    [`/api/v1/hazards/${major.id}/notice.pdf`, /\.pdf$/, 'inline'],
    [`/api/v1/ledgers/buses?org_id=${w.countyA.id}&format=xlsx`, /\.xlsx$/, 'attachment'],
  ];
  for (const [path, ext, disp] of cases) {
    const f = await fetchFile(c, path);
    assert.equal(f.status, 200, `${path}: ${f.text.slice(0, 200)}`);
    const name = chineseName(f.cd, { ascii: ext, disposition: disp });
    assert.match(name, ext);
    assert.ok(/[\u4e00-\u9fff]/.test(name), `${path}: a Chinese name, got ${name}`);
    assert.ok(name.includes(today()), `${path}: dated, got ${name}`);
    assert.ok(!/[/\\"]/.test(name), 'no path characters');
  }
  // the notice is the school's; the school ledgers' file says what it holds
  assert.match(chineseName((await fetchFile(c, `/api/v1/hazards/${major.id}/notice.pdf`)).cd), new RegExp(`^${s1.org.name}_整改通知书_`));
  assert.match(chineseName((await fetchFile(c, `/api/v1/ledgers/buses?org_id=${w.countyA.id}&format=xlsx`)).cd), /^校车台账_/);
});
