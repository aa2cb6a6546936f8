// Helpers of the document tests (45_..47_): fetch a file, read it with real
// readers (python3-openpyxl for .xlsx, poppler for PDF), check its
// Content-Disposition.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync, unlinkSync } from 'node:fs';
import { BASE } from './lib.mjs';

export const TZ = 8 * 3600 * 1000;
export const today = () => new Date(Date.now() + TZ).toISOString().slice(0, 10);

export async function fetchFile(client, path, headers = {}) {
  const res = await fetch(BASE + path, { headers: { Authorization: `Bearer ${client.token}`, ...headers } });
  const buf = Buffer.from(await res.arrayBuffer());
  return { status: res.status, type: res.headers.get('content-type'), cd: res.headers.get('content-disposition') || '', buf, text: buf.toString('utf8') };
}

let nfile = 0;
function tmp(buf, ext) {
  const p = `/tmp/docs-api-${process.pid}-${++nfile}.${ext}`;
  writeFileSync(p, buf);
  return p;
}

// The workbook: {sheets: {title: [[cell...]...]}, fmt: {title: {...}}} where
// fmt holds what printing needs: row heights, merged ranges, the font of
// cell A5, number formats and value types of the rows from row 5.
export function readXlsx(buf) {
  const p = tmp(buf, 'xlsx');
  const py = `import sys,json,openpyxl
wb=openpyxl.load_workbook(sys.argv[1])
out={'sheets':{},'fmt':{}}
for ws in wb.worksheets:
    out['sheets'][ws.title]=[list(r) for r in ws.iter_rows(values_only=True)]
    out['fmt'][ws.title]={
        'heights':{str(k):v.height for k,v in ws.row_dimensions.items() if v.height},
        'merged':[str(m) for m in ws.merged_cells.ranges],
        'font':ws['A5'].font.name,
        'formats':[[c.number_format for c in row] for row in ws.iter_rows(min_row=5)],
        'types':[[type(c.value).__name__ for c in row] for row in ws.iter_rows(min_row=5)],
        'fit':[ws.page_setup.fitToWidth, ws.page_setup.fitToHeight],
    }
print(json.dumps(out, default=str))`;
  const r = spawnSync('/usr/bin/python3', ['-c', py, p], { encoding: 'utf8' });
  unlinkSync(p);
  assert.equal(r.status, 0, `openpyxl: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

// The PDF's text (pdftotext -layout) without spaces, and its page count.
export function readPdf(buf) {
  const p = tmp(buf, 'pdf');
  const t = spawnSync('pdftotext', ['-layout', p, '-'], { encoding: 'utf8' });
  const i = spawnSync('pdfinfo', [p], { encoding: 'utf8' });
  unlinkSync(p);
  assert.equal(t.status, 0, `pdftotext: ${t.stderr}`);
  const pages = Number(/Pages:\s+(\d+)/.exec(i.stdout)[1]);
  return { text: t.stdout.replace(/[ \u3000]/g, ''), pages };
}

// Content-Disposition names the file in Chinese (RFC 5987 filename*) with an
// ASCII fallback; returns the decoded Chinese name.
export function chineseName(cd, { ascii, disposition = null } = {}) {
  if (disposition) assert.ok(cd.startsWith(disposition + ';'), cd);
  const fb = /filename="([^"]*)"/.exec(cd);
  assert.ok(fb, `no ASCII fallback in ${cd}`);
  assert.match(fb[1], /^[\x20-\x7e]+$/, 'the fallback is ASCII');
  if (ascii) assert.match(fb[1], ascii);
  const m = /filename\*=UTF-8''([^;\s]+)/.exec(cd);
  assert.ok(m, `no filename* in ${cd}`);
  assert.match(m[1], /^[A-Za-z0-9!#$&+\-.^_`|~%]+$/, 'filename* is percent-encoded');
  return decodeURIComponent(m[1]);
}
