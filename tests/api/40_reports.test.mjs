// Reports and exports: a county's week of hazards becomes the weekly report
// (周报) as JSON, .xlsx and PDF; schools submit (on time, late, missing); the
// statistics table, the monthly bulletin, the ledger (台账), the
// rectification notice (整改通知书) and the QR label sheet. Files are opened
// with real readers (python3-openpyxl, poppler's pdftotext) and their figures
// compared with the JSON and with a fresh count in the database (XA_DB).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync, unlinkSync } from 'node:fs';
import { world, assertError, BASE } from './lib.mjs';
import { photo, report, ok } from './hazard_lib.mjs';

const TZ = 8 * 3600 * 1000;
const DAY = 86400 * 1000;

// ISO week label ("2026-W47") of an instant in Asia/Shanghai, and weeks ago.
function isoWeek(ms) {
  const d = new Date(ms + TZ);
  const day = (d.getUTCDay() + 6) % 7;
  const thu = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day + 3));
  const w = 1 + Math.floor((thu - Date.UTC(thu.getUTCFullYear(), 0, 1)) / (7 * DAY));
  return `${thu.getUTCFullYear()}-W${String(w).padStart(2, '0')}`;
}
const today = () => new Date(Date.now() + TZ).toISOString().slice(0, 10);
const thisMonth = () => today().slice(0, 7);

async function fetchFile(client, path) {
  const res = await fetch(BASE + path, { headers: { Authorization: `Bearer ${client.token}` } });
  const buf = Buffer.from(await res.arrayBuffer());
  return { status: res.status, type: res.headers.get('content-type'), buf, text: buf.toString('utf8') };
}

let nfile = 0;
function tmp(buf, ext) {
  const p = `/tmp/ex-api-${process.pid}-${++nfile}.${ext}`;
  writeFileSync(p, buf);
  return p;
}

// The workbook as {sheet: [[cell, ...], ...]} read by openpyxl.
function readXlsx(buf) {
  const p = tmp(buf, 'xlsx');
  const py = 'import sys,json,openpyxl\nwb=openpyxl.load_workbook(sys.argv[1])\n' +
    'print(json.dumps({ws.title:[list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}, default=str))';
  const r = spawnSync('/usr/bin/python3', ['-c', py, p], { encoding: 'utf8' });
  unlinkSync(p);
  assert.equal(r.status, 0, `openpyxl: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

// The PDF's text (pdftotext -layout) without spaces, and its page count.
function readPdf(buf) {
  const p = tmp(buf, 'pdf');
  const t = spawnSync('pdftotext', ['-layout', p, '-'], { encoding: 'utf8' });
  const i = spawnSync('pdfinfo', [p], { encoding: 'utf8' });
  unlinkSync(p);
  assert.equal(t.status, 0, `pdftotext: ${t.stderr}`);
  const pages = Number(/Pages:\s+(\d+)/.exec(i.stdout)[1]);
  return { text: t.stdout.replace(/ /g, ''), pages };
}

// A fresh count straight from the database the server runs on.
function dbInt(sql) {
  const db = process.env.XA_DB || '/tmp/ex.db';
  const r = db.startsWith('postgres')
    ? spawnSync('psql', [db, '-tAc', sql], { encoding: 'utf8' })
    : spawnSync('sqlite3', ['-readonly', db, sql], { encoding: 'utf8' });
  assert.equal(r.status, 0, `db: ${r.stderr}`);
  return Number(r.stdout.trim());
}
const under = (path) => `org_path >= '${path}' AND org_path < '${path.slice(0, -1)}0'`;

// Row of a sheet whose first cell is name.
const rowOf = (sheet, name) => sheet.find((r) => r[0] === name);

let w, s1, s2, s3, major;
const week = isoWeek(Date.now());
const lastWeek = isoWeek(Date.now() - 7 * DAY);

before(async () => {
  w = await world();
  [s1, s2, s3] = w.schools;
  const t1 = s1.staff1.client;
  for (let i = 0; i < 3; i++) await report(t1, s1.org.id, { title: `消防通道堆放杂物${i}`, category: 'fire' });
  major = await report(s1.officer.client, s1.org.id, {
    title: '教学楼外墙瓷砖脱落', category: 'building', grade: 'major', location: '教学楼北侧',
    description: '北侧外墙约 20 平方米瓷砖空鼓，部分脱落。',
  });
  await report(s2.staff1.client, s2.org.id, { title: '食堂留样柜温度异常', category: 'food' });
  await report(s3.staff1.client, s3.org.id, { title: '电线私拉乱接', category: 'electrical' });
  await report(s3.staff1.client, s3.org.id, { title: '插座面板破损', category: 'electrical' });
  // close one of s1's fire hazards
  const list = await s1.officer.client.get(`/api/v1/hazards?org=${s1.org.id}&category=fire&per_page=1`);
  const id = list.body.items[0].id;
  await ok(s1.officer.client, id, 'assign', { rectifier_id: s1.staff2.id });
  await ok(s1.staff2.client, id, 'start');
  await ok(s1.staff2.client, id, 'submit', { photo_ids: [await photo(s1.staff2.client, s1.org.id)], note: '已清理' });
  await ok(s1.officer.client, id, 'verify', { note: '合格' });
  await ok(s1.principal.client, id, 'close', { note: '同意销号' });
});

test('the weekly report of a city counts its counties in SQL, matching the database', async () => {
  const c = w.cityAdmin.client;
  const r = await c.get(`/api/v1/reports/weekly?org=${w.city.id}&week=${week}`);
  assert.equal(r.status, 200, r.text);
  const rep = r.body;
  assert.equal(rep.week, week);
  assert.equal(rep.org.id, w.city.id);
  assert.deepEqual(rep.units.map((u) => u.org_id), [w.countyA.id, w.countyB.id]);
  const [a, b] = rep.units;
  assert.deepEqual([a.found, a.found_major, a.rectified, a.open, a.major_open, a.schools], [5, 1, 1, 4, 1, 2]);
  assert.deepEqual([b.found, b.found_major, b.rectified, b.open, b.schools], [2, 0, 0, 2, 1]);
  const t = rep.totals;
  assert.deepEqual([t.found, t.found_major, t.rectified, t.open, t.major_open, t.schools], [7, 1, 1, 6, 1, 3]);
  // a fresh count in the database agrees
  const cp = w.city.path;
  assert.equal(t.found, dbInt(`SELECT COUNT(*) FROM hazards WHERE ${under(cp)} AND deleted_at IS NULL`));
  assert.equal(t.open, dbInt(`SELECT COUNT(*) FROM hazards WHERE ${under(cp)} AND deleted_at IS NULL AND state IN ('reported','assigned','rectifying','submitted')`));
  assert.equal(t.rectified, dbInt(`SELECT COUNT(*) FROM hazards WHERE ${under(cp)} AND state = 'closed'`));
  assert.equal(t.patrols_done, dbInt(`SELECT COUNT(*) FROM patrol_records WHERE ${under(cp)}`));
  // by category and grade
  const fire = rep.by_category.find((x) => x.category === 'fire');
  assert.deepEqual([fire.category_name, fire.found, fire.rectified, fire.open], ['消防', 3, 1, 2]);
  const mj = rep.by_grade.find((x) => x.grade === 'major');
  assert.deepEqual([mj.grade_name, mj.found, mj.open], ['重大隐患', 1, 1]);
  assert.equal(rep.by_category.reduce((n, x) => n + x.found, 0), 7);
  // the major hazard with its five implementations
  assert.equal(rep.major_hazards.length, 1);
  assert.equal(rep.major_hazards[0].id, major.id);
  assert.equal(rep.major_hazards[0].school, s1.org.name);
  // a county sees only its own schools
  const ra = await w.countyAdminA.client.get(`/api/v1/reports/weekly?org=${w.countyA.id}&week=${week}`);
  assert.equal(ra.status, 200);
  assert.deepEqual(ra.body.units.map((u) => u.org_id).sort(), [s1.org.id, s2.org.id].sort());
  assert.equal(ra.body.units.find((u) => u.org_id === s1.org.id).found, 4);
  assertError(await w.countyAdminB.client.get(`/api/v1/reports/weekly?org=${w.countyA.id}&week=${week}`), 404, 'org');
  assertError(await c.get(`/api/v1/reports/weekly?org=${w.city.id}&week=2026-47`), 400, 'week');
  assertError(await c.get(`/api/v1/reports/weekly?org=${w.city.id}&week=2026-W54`), 400, 'week');
  assertError(await c.get(`/api/v1/reports/weekly?org=${w.city.id}&week=${week}&format=doc`), 400, 'format');
});

test('the weekly report as .xlsx and PDF holds the same figures', async () => {
  const c = w.cityAdmin.client;
  const json = (await c.get(`/api/v1/reports/weekly?org=${w.city.id}&week=${week}`)).body;
  const x = await fetchFile(c, `/api/v1/reports/weekly?org=${w.city.id}&week=${week}&format=xlsx`);
  assert.equal(x.status, 200, x.text);
  assert.match(x.type, /spreadsheetml/);
  const wb = readXlsx(x.buf);
  assert.ok(wb['汇总'] && wb['下级单位'] && wb['按类别'] && wb['按等级'] && wb['重大隐患五落实'] && wb['迟报漏报'], Object.keys(wb).join(','));
  assert.match(wb['汇总'][0][0], /安全隐患排查治理周报/);
  assert.equal(rowOf(wb['汇总'], '本周发现隐患')[1], json.totals.found);
  assert.equal(rowOf(wb['汇总'], '当前未整改')[1], json.totals.open);
  assert.equal(rowOf(wb['汇总'], '本周整改销号')[1], 1);
  const ca = rowOf(wb['下级单位'], w.countyA.name);
  assert.deepEqual([ca[3], ca[4], ca[5], ca[6]], [5, 1, 1, 4], `row ${ca}`);
  assert.deepEqual(rowOf(wb['下级单位'], '合计').slice(3, 7), [7, 1, 1, 6]);
  assert.deepEqual(rowOf(wb['按类别'], '消防').slice(1, 5), [3, 1, 2, 0]);
  assert.deepEqual(rowOf(wb['按类别'], '合计').slice(1, 5), [7, 1, 6, 0]);
  assert.equal(rowOf(wb['重大隐患五落实'], s1.org.name)[1], '教学楼外墙瓷砖脱落');

  const p = await fetchFile(c, `/api/v1/reports/weekly?org=${w.city.id}&week=${week}&format=pdf`);
  assert.equal(p.status, 200);
  assert.equal(p.type, 'application/pdf');
  const pdf = readPdf(p.buf);
  assert.ok(pdf.text.includes(`${w.city.name}安全隐患排查治理周报`), pdf.text.slice(0, 300));
  assert.ok(pdf.text.includes(`本周发现隐患${json.totals.found}`));
  assert.ok(pdf.text.includes(`当前未整改${json.totals.open}`));
  assert.ok(pdf.text.includes(w.countyA.name) && pdf.text.includes(w.countyB.name));
  assert.ok(pdf.text.includes('教学楼外墙瓷砖脱落'));
  assert.ok(pdf.text.includes(`第1页共${pdf.pages}页`));
});

test('schools submit their week; the county sees submitted, late and missing', async () => {
  const o1 = s1.officer.client, o2 = s2.officer.client;
  // validation writes nothing
  assertError(await o1.post('/api/v1/reports/weekly/submit', { org_id: s1.org.id }), 422, 'week', 'required');
  assertError(await o1.post('/api/v1/reports/weekly/submit', { org_id: s1.org.id, week: '2026-X47' }), 422, 'week');
  assertError(await o1.post('/api/v1/reports/weekly/submit', { org_id: s1.org.id, week: '2099-W01' }), 422, 'week');
  assertError(await o1.post('/api/v1/reports/weekly/submit', { org_id: s1.org.id, week, extra: 1 }), 400, 'extra');
  assertError(await o1.post('/api/v1/reports/weekly/submit', { org_id: s2.org.id, week }), 404, 'org_id');
  assertError(await s1.staff1.client.post('/api/v1/reports/weekly/submit', { org_id: s1.org.id, week }), 403);
  assertError(await w.countyAdminA.client.post('/api/v1/reports/weekly/submit', { org_id: w.countyA.id, week }), 403);
  assert.equal(dbInt(`SELECT COUNT(*) FROM report_submissions WHERE org_id = ${s1.org.id}`), 0);

  const r = await o1.post('/api/v1/reports/weekly/submit', { org_id: s1.org.id, week, note: '本周正常' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.status, 'submitted');
  assert.equal(r.body.late, false);
  assert.equal(r.body.summary.found, 4);
  // submitted already: a second submission is a correction and needs a reason
  assertError(await o1.post('/api/v1/reports/weekly/submit', { org_id: s1.org.id, week }), 422, 'reason');
  const mine = await o1.get(`/api/v1/reports/weekly?org=${s1.org.id}&week=${week}`);
  assert.equal(mine.body.submission.status, 'submitted');
  assert.equal(mine.body.submission.record.note, '本周正常');
  const audit = await w.admin.get(`/api/v1/audit?entity=weekly_report&entity_id=${r.body.id}`);
  assert.equal(audit.body.items.length, 1);

  // the county sets a deadline of Monday 00:00: last week is now past due
  assertError(await w.countyAdminA.client.put('/api/v1/reports/settings', { org_id: w.countyA.id, weekly_deadline_minutes: -1 }), 422, 'weekly_deadline_minutes');
  const st = await w.countyAdminA.client.put('/api/v1/reports/settings', { org_id: w.countyA.id, weekly_deadline_minutes: 0 });
  assert.equal(st.status, 200, st.text);
  const got = await s2.officer.client.get(`/api/v1/reports/settings?org=${s2.org.id}`);
  assert.equal(got.body.weekly_deadline_minutes, 0, 'inherited from the county');
  const lateSub = await o2.post('/api/v1/reports/weekly/submit', { org_id: s2.org.id, week: lastWeek });
  assert.equal(lateSub.status, 201, lateSub.text);
  assert.equal(lateSub.body.status, 'late');

  const cw = await w.countyAdminA.client.get(`/api/v1/reports/weekly?org=${w.countyA.id}&week=${lastWeek}`);
  assert.equal(cw.status, 200);
  const t = cw.body.totals;
  assert.deepEqual([t.schools, t.submitted, t.late, t.missing, t.pending], [2, 1, 1, 1, 0]);
  const byId = Object.fromEntries(cw.body.late_or_missing.map((x) => [x.org_id, x.status]));
  assert.deepEqual(byId, { [s1.org.id]: 'missing', [s2.org.id]: 'late' });
  assert.equal(t.submitted, dbInt(`SELECT COUNT(*) FROM report_submissions WHERE period = '${lastWeek}' AND ${under(w.countyA.path)}`));
  // this week: s1 on time, s2 not yet due
  const tw = (await w.countyAdminA.client.get(`/api/v1/reports/weekly?org=${w.countyA.id}&week=${week}`)).body.totals;
  assert.deepEqual([tw.submitted, tw.late, tw.missing, tw.pending], [1, 0, 0, 1]);
  // the list of late and missing schools in the county's xlsx
  const x = readXlsx((await fetchFile(w.countyAdminA.client, `/api/v1/reports/weekly?org=${w.countyA.id}&week=${lastWeek}&format=xlsx`)).buf);
  assert.equal(rowOf(x['迟报漏报'], s1.org.name)[2], '漏报');
  assert.equal(rowOf(x['迟报漏报'], s2.org.name)[2], '迟报');
  assert.equal(rowOf(x['汇总'], '漏报')[1], 1);
});

test('the statistics analysis table by region and category, in JSON, xlsx and PDF', async () => {
  const c = w.cityAdmin.client;
  const from = new Date(Date.now() + TZ - 2 * DAY).toISOString().slice(0, 10);
  const q = `org=${w.city.id}&from=${from}&to=${today()}`;
  const r = await c.get(`/api/v1/reports/statistics?${q}`);
  assert.equal(r.status, 200, r.text);
  const a = r.body.units.find((u) => u.org_id === w.countyA.id);
  // 整改率 (rates.h): rectified of those due; the open ones are within their deadline
  assert.deepEqual([a.found, a.found_major, a.rectified, a.open, a.rectify_rate], [5, 1, 1, 4, 100]);
  assert.deepEqual([r.body.totals.found, r.body.totals.rectified, r.body.totals.rectify_rate], [7, 1, 100]);
  assert.match(r.body.rate_definitions[0], /^整改率 = /);
  const el = r.body.by_category.find((x) => x.category === 'electrical');
  assert.deepEqual([el.found_general, el.found_major, el.open], [2, 0, 2]);
  assertError(await c.get(`/api/v1/reports/statistics?org=${w.city.id}&from=${from}`), 422, 'to');
  assertError(await c.get(`/api/v1/reports/statistics?org=${w.city.id}&from=2026-13-01&to=${today()}`), 400, 'from');
  assertError(await c.get(`/api/v1/reports/statistics?org=${w.city.id}&from=${today()}&to=2020-01-01`), 422, 'to');
  // a range before any hazard counts nothing found
  const old = await c.get(`/api/v1/reports/statistics?org=${w.city.id}&from=2020-01-01&to=2020-12-31`);
  assert.equal(old.body.totals.found, 0);

  const wb = readXlsx((await fetchFile(c, `/api/v1/reports/statistics?${q}&format=xlsx`)).buf);
  const row = rowOf(wb['按单位'], w.countyA.name);
  assert.deepEqual(row.slice(1, 5), [5, 1, 1, 4]);
  assert.equal(row[9], '100.0%');
  assert.deepEqual(rowOf(wb['按类别'], '电气线路').slice(1, 6), [2, 0, 0, 2, 0]);
  assert.deepEqual(rowOf(wb['按类别'], '合计').slice(1, 3), [6, 1]);
  const pdf = readPdf((await fetchFile(c, `/api/v1/reports/statistics?${q}&format=pdf`)).buf);
  assert.ok(pdf.text.includes('隐患排查治理统计分析表'));
  assert.ok(pdf.text.includes(`${w.countyA.name}5114`), 'countyA: found 5, major 1, rectified 1, open 4');
});

test('the monthly bulletin ranks counties by a documented formula', async () => {
  const c = w.cityAdmin.client;
  const r = await c.get(`/api/v1/reports/monthly?org=${w.city.id}&month=${thisMonth()}`);
  assert.equal(r.status, 200, r.text);
  assert.match(r.body.formula, /得分 = 60 × 整改率/);
  assert.equal(r.body.ranking.length, 2);
  for (const u of r.body.ranking) {
    const owed = u.closed_of_found + u.overdue_of_found;
    const rate = owed ? Math.round(u.closed_of_found * 1000 / owed) : 1000;
    const due = u.schools * r.body.weeks_due;
    const ontime = due ? Math.round(u.reports_on_time * 1000 / due) : 1000;
    let score = Math.floor((60 * rate + 40 * ontime + 50) / 100) - 20 * u.overdue - 50 * u.rebounds;
    score = Math.min(1000, Math.max(0, score)) / 10;
    assert.equal(u.score, score, `score of ${u.name}`);
  }
  assert.ok(r.body.ranking[0].score >= r.body.ranking[1].score);
  assert.deepEqual(r.body.ranking.map((u) => u.rank), [1, 2]);
  const a = r.body.ranking.find((u) => u.org_id === w.countyA.id);
  assert.deepEqual([a.found, a.closed_of_found], [5, 1]);
  assertError(await c.get(`/api/v1/reports/monthly?org=${w.city.id}&month=2026-13`), 400, 'month');
  const wb = readXlsx((await fetchFile(c, `/api/v1/reports/monthly?org=${w.city.id}&month=${thisMonth()}&format=xlsx`)).buf);
  const top = wb['排名'][4];
  assert.equal(top[0], 1);
  assert.equal(top[1], r.body.ranking[0].name);
  assert.equal(top[2], r.body.ranking[0].score);
  const pdf = readPdf((await fetchFile(c, `/api/v1/reports/monthly?org=${w.city.id}&month=${thisMonth()}&format=pdf`)).buf);
  assert.ok(pdf.text.includes('月通报') && pdf.text.includes('排名公式'));
});

test('the hazard ledger exports every hazard with its history', async () => {
  const c = w.countyAdminA.client;
  const x = await fetchFile(c, `/api/v1/hazards/export?org=${w.countyA.id}&format=xlsx`);
  assert.equal(x.status, 200, x.text);
  const sheet = readXlsx(x.buf)['隐患台账'];
  const rows = sheet.slice(4).filter((r) => typeof r[0] === 'number');
  assert.equal(rows.length, dbInt(`SELECT COUNT(*) FROM hazards WHERE ${under(w.countyA.path)} AND deleted_at IS NULL`));
  assert.equal(rows.length, 5);
  const head = sheet[3];
  const closed = rows.find((r) => r[head.indexOf('状态')] === '已销号');
  assert.match(closed[head.indexOf('处理过程')], /上报隐患[\s\S]*交办整改[\s\S]*销号/);
  assert.ok(rows.some((r) => r[2] === '教学楼外墙瓷砖脱落' && r[4] === '重大隐患'));
  assert.ok(!rows.some((r) => r[1] === s3.org.name), 'another county stays out');
  const j = await c.get(`/api/v1/hazards/export?org=${w.countyA.id}&format=json`);
  assert.equal(j.body.total, 5);
  const pdf = readPdf((await fetchFile(c, `/api/v1/hazards/export?org=${w.countyA.id}&format=pdf`)).buf);
  assert.ok(pdf.text.includes('隐患排查治理台账') && pdf.text.includes('已销号') && pdf.text.includes('共5条'), pdf.text.slice(0, 400));
  assertError(await w.countyAdminB.client.get(`/api/v1/hazards/export?org=${w.countyA.id}`), 404, 'org');
});

test('the rectification notice of a major hazard prints as a PDF', async () => {
  const f = await fetchFile(s1.principal.client, `/api/v1/hazards/${major.id}/notice.pdf`);
  assert.equal(f.status, 200, f.text);
  assert.equal(f.type, 'application/pdf');
  const pdf = readPdf(f.buf);
  assert.equal(pdf.pages, 1);
  for (const s of ['隐患整改通知书', `${s1.org.name}：`, '教学楼外墙瓷砖脱落', '教学楼北侧', '重大隐患', '校舍', w.countyA.name, '签收日期', '第1页共1页'])
    assert.ok(pdf.text.includes(s), `notice lacks ${s}`);
  const other = await fetchFile(s3.principal.client, `/api/v1/hazards/${major.id}/notice.pdf`);
  assert.equal(other.status, 404);
  assert.equal((await fetchFile(s1.principal.client, '/api/v1/hazards/99999999/notice.pdf')).status, 404);
});

test('a printable sheet of QR labels for a school\'s risk points', async () => {
  const o = s2.officer.client;
  const names = ['配电房', '化学实验室', '学校食堂'];
  for (const name of names) {
    const r = await o.post('/api/v1/risk-points', {
      school_id: s2.org.id, name, location: '校内', category: 'electrical', hazard_factors: '触电',
      possible_accidents: '触电', control_measures: { management: '专人管理' }, control_level: 'school',
      responsible_name: '李老师', patrol_frequency: 'daily',
    });
    assert.equal(r.status, 201, r.text);
  }
  const f = await fetchFile(o, `/api/v1/risk-points/labels.pdf?org=${s2.org.id}`);
  assert.equal(f.status, 200, f.text);
  const pdf = readPdf(f.buf);
  assert.equal(pdf.pages, 1);
  for (const n of names) assert.ok(pdf.text.includes(n), `label ${n}`);
  assert.equal(pdf.text.split('扫码巡查打卡').length - 1, 3);
  assert.ok(pdf.text.includes(`${s2.org.name}风险点二维码`));
  assertError(await w.countyAdminA.client.get(`/api/v1/risk-points/labels.pdf?org=${w.countyA.id}`), 422, 'org');
  assert.equal((await fetchFile(s3.officer.client, `/api/v1/risk-points/labels.pdf?org=${s2.org.id}`)).status, 404);
});
