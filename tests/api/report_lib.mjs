// Helpers of the report document tests (42_..44_): files fetched as a
// reader gets them, read with real readers (openpyxl, pdftotext), ISO weeks
// and months in Asia/Shanghai, and direct reads / back-dating in the
// database the server runs on (XA_DB).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync, unlinkSync } from 'node:fs';
import { BASE } from './lib.mjs';

export const TZ = 8 * 3600 * 1000;
export const DAY = 86400 * 1000;

// ISO week label ("2026-W47") of an instant in Asia/Shanghai.
export function isoWeek(ms) {
  const d = new Date(ms + TZ);
  const day = (d.getUTCDay() + 6) % 7;
  const thu = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day + 3));
  const w = 1 + Math.floor((thu - Date.UTC(thu.getUTCFullYear(), 0, 1)) / (7 * DAY));
  return `${thu.getUTCFullYear()}-W${String(w).padStart(2, '0')}`;
}
// The Monday 10:00 (Asia/Shanghai) of the week of ms, in ms.
export function mondayOf(ms) {
  const d = new Date(ms + TZ);
  const day = (d.getUTCDay() + 6) % 7;
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day, 10) - TZ;
}
// "2026-11" of the month before now, and an instant in its middle.
export function lastMonth() {
  const d = new Date(Date.now() + TZ);
  const m = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 15, 10) - TZ);
  const label = new Date(m.getTime() + TZ).toISOString().slice(0, 7);
  return { label, mid: m.getTime() };
}
export const thisMonth = () => new Date(Date.now() + TZ).toISOString().slice(0, 7);

export async function fetchFile(client, path) {
  const res = await fetch(BASE + path, { headers: { Authorization: `Bearer ${client.token}` } });
  const buf = Buffer.from(await res.arrayBuffer());
  return { status: res.status, type: res.headers.get('content-type'), buf, text: buf.toString('utf8') };
}

let nfile = 0;
function tmp(buf, ext) {
  const p = `/tmp/rep-api-${process.pid}-${++nfile}.${ext}`;
  writeFileSync(p, buf);
  return p;
}

// The workbook as {sheet: [[cell, ...], ...]} read by openpyxl.
export function readXlsx(buf) {
  const p = tmp(buf, 'xlsx');
  const py = 'import sys,json,openpyxl\nwb=openpyxl.load_workbook(sys.argv[1])\n' +
    'print(json.dumps({ws.title:[list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}, default=str))';
  const r = spawnSync('/usr/bin/python3', ['-c', py, p], { encoding: 'utf8' });
  unlinkSync(p);
  assert.equal(r.status, 0, `openpyxl: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

// The PDF's text (pdftotext -layout) without spaces.
export function readPdf(buf) {
  const p = tmp(buf, 'pdf');
  const t = spawnSync('pdftotext', ['-layout', p, '-'], { encoding: 'utf8' });
  unlinkSync(p);
  assert.equal(t.status, 0, `pdftotext: ${t.stderr}`);
  return t.stdout.replace(/ /g, '');
}

function db(sql) {
  const uri = process.env.XA_DB || '/tmp/ex.db';
  const r = uri.startsWith('postgres')
    ? spawnSync('psql', [uri, '-tAc', sql], { encoding: 'utf8' })
    : spawnSync('sqlite3', [uri, '.timeout 5000', sql], { encoding: 'utf8' });
  assert.equal(r.status, 0, `db: ${r.stderr}`);
  return r.stdout.trim();
}
export const dbInt = (sql) => Number(db(sql));
export const dbText = (sql) => db(sql);
// Back-dates a hazard (and its history) to found_at = ms, as if found then.
export function backdate(hazardId, ms) {
  db(`UPDATE hazards SET found_at = ${ms}, created_at = ${ms} WHERE id = ${hazardId}`);
}
