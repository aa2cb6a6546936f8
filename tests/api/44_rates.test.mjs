// One definition of each rate (src/domain/rates.c), shared by the weekly
// report, the monthly bulletin and the statistics table in JSON, .xlsx and
// PDF, never above 100%, and stated on the document: 整改率 counts the
// hazards found in the period that were owed (rectified, or past their
// deadline) — not those still within their deadline, nor those forwarded
// off campus; a period that closed older hazards does not go above 100%.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { world, assertError } from './lib.mjs';
import { photo, report, ok } from './hazard_lib.mjs';
import { DAY, TZ, lastMonth, fetchFile, readXlsx, readPdf, dbText } from './report_lib.mjs';

let w, s1, h;
const lm = lastMonth();
const today = () => new Date(Date.now() + TZ).toISOString().slice(0, 10);

before(async () => {
  w = await world();
  [s1] = w.schools;
  h = {};
  for (const k of ['closed', 'overdue', 'within', 'forwarded']) {
    h[k] = await report(s1.staff1.client, s1.org.id, { title: `上月隐患-${k}`, category: 'fire' });
  }
  // rectified and closed (today)
  const id = h.closed.id;
  await ok(s1.officer.client, id, 'assign', { rectifier_id: s1.staff2.id });
  await ok(s1.staff2.client, id, 'start');
  await ok(s1.staff2.client, id, 'submit', { photo_ids: [await photo(s1.staff2.client, s1.org.id)], note: '已整改' });
  await ok(s1.officer.client, id, 'verify', { note: '合格' });
  await ok(s1.principal.client, id, 'close', { note: '销号' });
  // all four found last month; one past its deadline, one forwarded off campus
  const ids = Object.values(h).map((x) => x.id).join(',');
  dbText(`UPDATE hazards SET found_at = ${lm.mid}, created_at = ${lm.mid} WHERE id IN (${ids})`);
  dbText(`UPDATE hazards SET overdue = 1, overdue_at = ${lm.mid + DAY}, deadline = ${lm.mid + DAY} WHERE id = ${h.overdue.id}`);
  dbText(`UPDATE hazards SET state = 'forwarded', off_campus = 1, department = '镇派出所', forwarded_at = ${lm.mid + DAY} WHERE id = ${h.forwarded.id}`);
});

const pct = (v) => v === null || (typeof v === 'number' && v >= 0 && v <= 100);

test('整改率 counts only what was owed: the bulletin and the statistics table agree', async () => {
  const ca = w.countyAdminA.client;
  const mon = (await ca.get(`/api/v1/reports/monthly?org=${w.countyA.id}&month=${lm.label}`)).body;
  const u = mon.ranking.find((x) => x.org_id === s1.org.id);
  assert.deepEqual([u.found, u.closed_of_found, u.overdue_of_found, u.forwarded_of_found], [4, 1, 1, 1]);
  assert.equal(u.rectify_rate, 50, '1 rectified of 2 owed: the one within its deadline and the forwarded one are not owed');
  assert.equal(u.rectify_on_time_rate, 100);
  const [y, m] = lm.label.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  const st = (await ca.get(`/api/v1/reports/statistics?org=${w.countyA.id}&from=${lm.label}-01&to=${last}`)).body;
  const su = st.units.find((x) => x.org_id === s1.org.id);
  assert.equal(su.rectify_rate, u.rectify_rate, 'same definition on the statistics table');
  assert.equal(st.rate_definitions[0], mon.rate_definitions[0]);
  assert.match(st.rate_definitions[0], /^整改率 = .*仍在期限内的隐患、已移交校外有关部门跟踪的校园周边隐患不计入/);
  const wk = (await ca.get(`/api/v1/reports/weekly?org=${w.countyA.id}`)).body;
  assert.ok(wk.rate_definitions.includes(mon.rate_definitions[0]));
  assert.ok(wk.rate_definitions.some((d) => d.startsWith('报送率 =')));
});

test('a period that closed older hazards stays at or below 100%', async () => {
  const ca = w.countyAdminA.client;
  // today: one hazard closed, none found: the old table said 1 ÷ 0
  const st = (await ca.get(`/api/v1/reports/statistics?org=${w.countyA.id}&from=${today()}&to=${today()}`)).body;
  const su = st.units.find((x) => x.org_id === s1.org.id);
  assert.deepEqual([su.found, su.rectified], [0, 1]);
  assert.equal(su.rectify_rate, null, 'nothing found in the period: no rate, printed —');
  for (const x of [...st.units, st.totals]) {
    for (const k of ['rectify_rate', 'rectify_on_time_rate']) assert.ok(pct(x[k]), `${k} ${x[k]}`);
  }
  const wb = readXlsx((await fetchFile(ca, `/api/v1/reports/statistics?org=${w.countyA.id}&from=${today()}&to=${today()}&format=xlsx`)).buf);
  const row = wb['按单位'].find((r) => r[0] === s1.org.name);
  assert.equal(row[9], '—');
  const notes = wb['按单位'].flat().filter((c) => typeof c === 'string');
  assert.ok(notes.some((c) => c.startsWith('整改率 =')), 'the definition is a footnote of the sheet');
  const pdf = readPdf((await fetchFile(ca, `/api/v1/reports/statistics?org=${w.countyA.id}&from=${today()}&to=${today()}&format=pdf`)).buf);
  assert.ok(pdf.includes('整改率=本期发现的隐患中已整改'), 'the definition is printed on the PDF');
  assert.ok(pdf.includes('按期整改率='));
  assert.ok(pdf.includes(`${w.countyA.name}（盖章）`));
  // every rate of every report is a percentage ≤ 100 or null
  const mon = (await ca.get(`/api/v1/reports/monthly?org=${w.countyA.id}&month=${lm.label}`)).body;
  for (const x of [...mon.ranking, mon.totals]) {
    for (const k of ['rectify_rate', 'on_time_rate']) assert.ok(pct(x[k]), `${k} ${x[k]}`);
  }
  const wk = (await w.cityAdmin.client.get(`/api/v1/reports/weekly?org=${w.city.id}`)).body;
  for (const x of [...wk.units, wk.totals]) {
    for (const k of ['rectify_rate', 'patrol_rate', 'submit_rate', 'submit_on_time_rate']) assert.ok(pct(x[k]), `${k} ${x[k]}`);
  }
  assertError(await ca.get(`/api/v1/reports/statistics?org=${w.countyA.id}&from=${today()}`), 422, 'to');
});

test('待交办超时 and 已移交 are read from the hazard_stats buckets assign_overdue and forwarded', async () => {
  const ca = w.countyAdminA.client;
  // the buckets as the hazard store keeps them (another change writes them)
  for (const [org, b, n] of [[s1.org.id, 'assign_overdue', 2], [w.countyA.id, 'assign_overdue', 2], [s1.org.id, 'forwarded', 1], [w.countyA.id, 'forwarded', 1]]) {
    dbText(`INSERT INTO hazard_stats (org_id, bucket, n) VALUES (${org}, '${b}', ${n}) ON CONFLICT (org_id, bucket) DO UPDATE SET n = ${n}`);
  }
  const st = (await ca.get(`/api/v1/reports/statistics?org=${w.countyA.id}&from=${today()}&to=${today()}`)).body;
  const su = st.units.find((x) => x.org_id === s1.org.id);
  assert.deepEqual([su.assign_overdue, su.forwarded], [2, 1]);
  assert.deepEqual([st.totals.assign_overdue, st.totals.forwarded], [2, 1]);
  const wk = (await ca.get(`/api/v1/reports/weekly?org=${w.countyA.id}&live=1`)).body;
  const mon = (await ca.get(`/api/v1/reports/monthly?org=${w.countyA.id}&month=${lm.label}`)).body;
  assert.equal(mon.ranking.find((x) => x.org_id === s1.org.id).assign_overdue, 2);
  assert.equal(mon.totals.forwarded, 1);
  const wb = readXlsx((await fetchFile(ca, `/api/v1/reports/statistics?org=${w.countyA.id}&from=${today()}&to=${today()}&format=xlsx`)).buf);
  const head = wb['按单位'][3];
  const row = wb['按单位'].find((r) => r[0] === s1.org.name);
  assert.equal(row[head.indexOf('待交办超时')], 2);
  assert.equal(row[head.indexOf('已移交')], 1);
  const mx = readXlsx((await fetchFile(ca, `/api/v1/reports/monthly?org=${w.countyA.id}&month=${lm.label}&format=xlsx`)).buf);
  const mh = mx['排名'][3];
  assert.equal(mx['排名'].find((r) => r[1] === s1.org.name)[mh.indexOf('待交办超时')], 2);
  assert.ok(wk.totals && 'assign_overdue' in wk.totals && 'forwarded' in wk.totals);
});
