// A submitted weekly report (周报) is a record: the school's submission
// freezes the figures, the week's 排查整治清单 (each hazard found and its
// status), the patrol completion rate and who submitted it when; every
// reprint (JSON byte for byte, .xlsx, PDF) is the same after the data
// changed; a correction is version 2 with a required reason (version 1
// stays viewable); a county's report of a past week is summed from the
// frozen submissions, late ones flagged and missing schools listed.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { world, assertError } from './lib.mjs';
import { photo, report, ok } from './hazard_lib.mjs';
import { DAY, isoWeek, mondayOf, fetchFile, readXlsx, readPdf, dbInt, backdate } from './report_lib.mjs';

let w, s1, s2, s3;
const week = isoWeek(Date.now());
const lastWeek = isoWeek(Date.now() - 7 * DAY);

before(async () => {
  w = await world();
  [s1, s2, s3] = w.schools;
});

const weekly = (c, org, wk, extra = '') => c.get(`/api/v1/reports/weekly?org=${org}&week=${wk}${extra}`);

test('a submission freezes the week; reprints are identical after the data changed', async () => {
  const o = s1.officer.client;
  await report(s1.staff1.client, s1.org.id, { title: '楼梯扶手松动', category: 'building' });
  const h2 = await report(s1.staff1.client, s1.org.id, { title: '灭火器过期', category: 'fire' });
  const sub = await o.post('/api/v1/reports/weekly/submit', { org_id: s1.org.id, week, note: '本周正常' });
  assert.equal(sub.status, 201, sub.text);
  assert.equal(sub.body.version, 1);
  assert.equal(sub.body.submitter_name, s1.officer.name);

  const j1 = await weekly(o, s1.org.id, week);
  assert.equal(j1.status, 200, j1.text);
  const rep = j1.body;
  assert.equal(rep.frozen, true);
  assert.equal(rep.totals.found, 2);
  assert.match(rep.week_title, /^\d{4}年第\d+周（\d+月\d+日—\d+月\d+日）$/);
  // the week's list: each hazard and its status, who submitted it when
  assert.deepEqual(rep.hazards.map((h) => h.title).sort(), ['楼梯扶手松动', '灭火器过期']);
  assert.ok(rep.hazards.every((h) => h.state === 'reported'));
  assert.ok('patrol_rate' in rep.totals);
  assert.equal(rep.submission.record.submitter_name, s1.officer.name);
  assert.equal(rep.submission.record.version, 1);
  assert.ok(rep.submission.record.submitted_at);
  assert.ok(rep.rate_definitions.some((d) => d.startsWith('巡查完成率 =')));
  const xf1 = await fetchFile(o, `/api/v1/reports/weekly?org=${s1.org.id}&week=${week}&format=xlsx`);
  const pf1 = await fetchFile(o, `/api/v1/reports/weekly?org=${s1.org.id}&week=${week}&format=pdf`);
  const x1 = readXlsx(xf1.buf);
  const p1 = readPdf(pf1.buf);
  assert.ok(x1['排查整治清单'].some((r) => r[0] === '灭火器过期'));
  for (const s of ['排查整治清单', '灭火器过期', `填报人：${s1.officer.name}`, '（盖章）', '巡查完成率']) assert.ok(p1.includes(s), `pdf lacks ${s}`);

  // the data changes: a new hazard, one assigned and started
  await report(s1.staff1.client, s1.org.id, { title: '配电箱未上锁', category: 'electrical' });
  await ok(o, h2.id, 'assign', { rectifier_id: s1.staff2.id });
  const live = await weekly(o, s1.org.id, week, '&live=1');
  assert.equal(live.body.totals.found, 3, 'the live view sees the change');

  const j2 = await weekly(o, s1.org.id, week);
  assert.equal(j2.text, j1.text, 'JSON reprint is byte-identical');
  assert.equal(j2.headers.get('content-type'), j1.headers.get('content-type'));
  await new Promise((res) => setTimeout(res, 1100)); // a file dated "now" would differ
  const xf2 = await fetchFile(o, `/api/v1/reports/weekly?org=${s1.org.id}&week=${week}&format=xlsx`);
  const pf2 = await fetchFile(o, `/api/v1/reports/weekly?org=${s1.org.id}&week=${week}&format=pdf`);
  assert.deepEqual(readXlsx(xf2.buf), x1, 'xlsx reprint has identical content');
  assert.equal(readPdf(pf2.buf), p1, 'PDF reprint has identical text');
  assert.ok(xf2.buf.equals(xf1.buf), 'xlsx reprint is byte-identical');
  assert.ok(pf2.buf.equals(pf1.buf), 'PDF reprint is byte-identical');
  // the county reads the same frozen report of the school
  const cj = await weekly(w.countyAdminA.client, s1.org.id, week);
  assert.equal(cj.text, j1.text);
});

test('a correction is version 2 with a reason; version 1 stays viewable', async () => {
  const o = s1.officer.client;
  const v1 = await weekly(o, s1.org.id, week);
  const audits = () => dbInt(`SELECT COUNT(*) FROM audit WHERE entity = 'weekly_report' AND org_id = ${s1.org.id}`);
  const a0 = audits();
  assert.equal(a0, 1, 'the first submission has its one audit row');
  // no reason, an empty reason, a wrong type: refused, nothing written (the
  // missing reason is found inside the change, after the current version
  // was read: its rollback leaves no row and no audit row)
  assertError(await o.post('/api/v1/reports/weekly/submit', { org_id: s1.org.id, week }), 422, 'reason', 'required');
  assertError(await o.post('/api/v1/reports/weekly/submit', { org_id: s1.org.id, week, reason: '   ' }), 422, 'reason');
  assertError(await o.post('/api/v1/reports/weekly/submit', { org_id: s1.org.id, week, reason: 5 }), 400, 'reason');
  assertError(await o.post('/api/v1/reports/weekly/submit', { org_id: s1.org.id, week, reason: 'x'.repeat(501) }), 422, 'reason');
  assert.equal(dbInt(`SELECT COUNT(*) FROM report_submissions WHERE org_id = ${s1.org.id}`), 1);
  // another school's officer, another county: 404
  assertError(await s3.officer.client.post('/api/v1/reports/weekly/submit', { org_id: s1.org.id, week, reason: '更正' }), 404, 'org_id');
  assertError(await o.post('/api/v1/reports/weekly/submit', { org_id: s1.org.id, week, reason: '更正', extra: 1 }), 400, 'extra');
  assert.equal(dbInt(`SELECT COUNT(*) FROM report_submissions WHERE org_id = ${s1.org.id}`), 1);
  assert.equal(audits(), a0, 'refusals write no audit row');

  const r = await o.post('/api/v1/reports/weekly/submit', { org_id: s1.org.id, week, reason: '补报漏填的配电箱隐患' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.version, 2);
  assert.equal(r.body.reason, '补报漏填的配电箱隐患');
  assert.equal(r.body.late, false, 'a correction keeps the timeliness of the first submission');
  const cur = (await weekly(o, s1.org.id, week)).body;
  assert.equal(cur.totals.found, 3);
  assert.equal(cur.submission.record.version, 2);
  assert.equal(cur.submission.record.reason, '补报漏填的配电箱隐患');
  const old = await weekly(o, s1.org.id, week, '&version=1');
  assert.equal(old.text, v1.text, 'version 1 is kept as it was');
  const pdf = readPdf((await fetchFile(o, `/api/v1/reports/weekly?org=${s1.org.id}&week=${week}&format=pdf`)).buf);
  assert.ok(pdf.includes('第2版') && pdf.includes('更正原因：补报漏填的配电箱隐患'), pdf.slice(-600));
  const vs = await o.get(`/api/v1/reports/weekly/versions?org=${s1.org.id}&week=${week}`);
  assert.equal(vs.status, 200, vs.text);
  assert.deepEqual(vs.body.items.map((v) => [v.version, v.current, v.reason]), [[1, false, ''], [2, true, '补报漏填的配电箱隐患']]);
  assertError(await weekly(o, s1.org.id, week, '&version=3'), 404, 'version');
  assertError(await weekly(o, s1.org.id, week, '&version=abc'), 400, 'version');
  assertError(await w.countyAdminB.client.get(`/api/v1/reports/weekly/versions?org=${s1.org.id}&week=${week}`), 404, 'org');
  const audit = await w.admin.get(`/api/v1/audit?entity=weekly_report&entity_id=${r.body.id}`);
  assert.equal(audit.body.items[0].action, 'resubmit');
  assert.equal(audits(), a0 + 1, 'the correction has exactly its one audit row');
  // the county counts the school once
  const cw = (await weekly(w.countyAdminA.client, w.countyA.id, week)).body;
  assert.equal(cw.totals.submitted, 1);
  assert.ok(cw.totals.submit_rate <= 100);
});

test('a past week of the county is summed from the frozen submissions; late flagged, missing listed', async () => {
  const ca = w.countyAdminA.client;
  // last week: s2 found one hazard, then submits late (deadline Monday 00:00)
  const h = await report(s2.staff1.client, s2.org.id, { title: '食堂燃气管老化', category: 'food' });
  backdate(h.id, mondayOf(Date.now() - 7 * DAY));
  assert.equal((await ca.put('/api/v1/reports/settings', { org_id: w.countyA.id, weekly_deadline_minutes: 0 })).status, 200);
  const sub = await s2.officer.client.post('/api/v1/reports/weekly/submit', { org_id: s2.org.id, week: lastWeek });
  assert.equal(sub.status, 201, sub.text);
  assert.equal(sub.body.late, true);
  const before = (await weekly(ca, w.countyA.id, lastWeek)).body;
  assert.equal(before.source, 'submissions');
  assert.equal(before.totals.found, 1);
  const u2 = before.units.find((u) => u.org_id === s2.org.id);
  assert.deepEqual([u2.found, u2.submitted, u2.late], [1, 1, 1]);
  assert.deepEqual([before.totals.schools, before.totals.submitted, before.totals.late, before.totals.missing], [2, 1, 1, 1]);
  assert.equal(before.totals.submit_rate, 50, 'late reports count once: 1 of 2 schools');
  assert.equal(before.totals.submit_on_time_rate, 0);
  const st = Object.fromEntries(before.late_or_missing.map((x) => [x.org_id, x.status]));
  assert.deepEqual(st, { [s1.org.id]: 'missing', [s2.org.id]: 'late' });
  assert.deepEqual(before.hazards.map((x) => x.title), ['食堂燃气管老化']);
  // a hazard back-dated into last week after the submission changes nothing
  const h2 = await report(s2.staff1.client, s2.org.id, { title: '后补录的隐患', category: 'fire' });
  backdate(h2.id, mondayOf(Date.now() - 7 * DAY) + 3600 * 1000);
  const after = (await weekly(ca, w.countyA.id, lastWeek)).body;
  assert.equal(after.totals.found, 1);
  assert.deepEqual(after.hazards.map((x) => x.title), ['食堂燃气管老化']);
  const x = readXlsx((await fetchFile(ca, `/api/v1/reports/weekly?org=${w.countyA.id}&week=${lastWeek}&format=xlsx`)).buf);
  const row = x['迟报漏报'].find((r) => r[0] === s1.org.name);
  assert.equal(row[2], '漏报');
  assert.equal(x['迟报漏报'].find((r) => r[0] === s2.org.name)[2], '迟报');
  assert.match(x['汇总'][1][0], /据各校报送的周报汇总/);
  // the city sees the same sums for its county
  const city = (await weekly(w.cityAdmin.client, w.city.id, lastWeek)).body;
  assert.equal(city.units.find((u) => u.org_id === w.countyA.id).found, 1);
  assertError(await weekly(w.countyAdminB.client, w.countyA.id, lastWeek), 404, 'org');
});
