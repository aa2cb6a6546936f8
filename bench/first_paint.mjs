// First load of the login page and of the phone patrol form over a slow
// mobile link (CDP network throttling: 4 Mbps both ways, 150 ms latency),
// with an empty cache, in Debian's chromium driven by playwright-core.
// Measures the bytes on the wire (encodedDataLength of every response,
// headers included) and first paint / first contentful paint; prints a
// Markdown table and, with --write, puts it into bench/RESULTS.md between
// the "first-paint" markers. Targets: <= 450 KB and first paint <= 1.5 s.
//
//   node bench/first_paint.mjs BASE_URL USER PASSWORD [--runs N] [--write] [--label TEXT]
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '../web/package.json'));
process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = '1';
const { chromium } = require('playwright-core');

const args = process.argv.slice(2);
const [BASE, USER, PASS] = args;
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const RUNS = Number(opt('--runs', 3));
const LABEL = opt('--label', 'this build');
if (!BASE || !USER || !PASS) {
  console.error('usage: node bench/first_paint.mjs BASE_URL USER PASSWORD [--runs N] [--write] [--label TEXT]');
  process.exit(2);
}
const LINK = { latency: 150, downloadThroughput: 4e6 / 8, uploadThroughput: 4e6 / 8 };
const PHONE = {
  viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN',
  timezoneId: 'Asia/Shanghai',
  userAgent: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Mobile Safari/537.36',
};

async function measure(browser, url, cookie, ready) {
  const ctx = await browser.newContext({ ...PHONE, baseURL: BASE });
  if (cookie) await ctx.addCookies([{ name: 'xa_session', value: cookie, url: BASE }]);
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', { offline: false, ...LINK });
  let bytes = 0, requests = 0;
  cdp.on('Network.loadingFinished', (e) => { bytes += e.encodedDataLength; requests++; });
  const t0 = Date.now();
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForSelector(ready, { timeout: 60000 });
  const readyMs = Date.now() - t0;
  await page.waitForLoadState('networkidle');
  const paint = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType('paint').map((p) => [p.name, p.startTime])));
  await ctx.close();
  return { bytes, requests, fp: paint['first-paint'], fcp: paint['first-contentful-paint'], readyMs };
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

const browser = await chromium.launch({
  executablePath: process.env.XA_CHROMIUM || '/usr/bin/chromium', headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic'],
});
// a session and a risk point's QR token for the patrol form
const lr = await fetch(BASE + '/api/v1/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: USER, password: PASS }) });
if (lr.status !== 200) throw new Error(`login ${USER}: ${lr.status}`);
const { token } = await lr.json();
const rp = await (await fetch(BASE + '/api/v1/risk-points?per_page=1', { headers: { Authorization: `Bearer ${token}` } })).json();
const qr = rp.items[0].qr_token;
const pages = [
  ['login page', '/login', null, 'input[type=password]'],
  ['phone patrol form', `/patrol/scan/${qr}`, token, '[data-test="scan-point-name"]'],
];
const rows = [];
let ok = true;
for (const [name, url, cookie, ready] of pages) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await measure(browser, url, cookie, ready));
  const r = { bytes: median(runs.map((x) => x.bytes)), requests: median(runs.map((x) => x.requests)), fp: median(runs.map((x) => x.fp)), fcp: median(runs.map((x) => x.fcp)), ready: median(runs.map((x) => x.readyMs)) };
  const pass = r.bytes <= 450 * 1024 && r.fp <= 1500;
  ok &&= pass;
  rows.push(`| ${name} (${LABEL}) | ${(r.bytes / 1024).toFixed(0)} KB in ${r.requests} requests | ${(r.fp / 1000).toFixed(2)} s | ${(r.fcp / 1000).toFixed(2)} s | ${(r.ready / 1000).toFixed(2)} s | ${pass ? 'met' : 'MISSED'} |`);
}
await browser.close();
const table = ['| page, first load, empty cache | on the wire | first paint | first contentful paint | form ready | target ≤ 450 KB, ≤ 1.5 s |', '|---|---|---|---|---|---|', ...rows].join('\n');
console.log(table);
if (args.includes('--write')) {
  const file = path.join(here, 'RESULTS.md');
  const begin = '<!-- first-paint:begin -->', end = '<!-- first-paint:end -->';
  let md = readFileSync(file, 'utf8');
  const section = `${begin}\n## First load on a slow phone link\n\n` +
    `Chromium (Debian) via playwright-core, phone viewport 390×844, cache disabled, CDP network throttling ` +
    `4 Mbps down / 4 Mbps up, 150 ms latency; median of ${RUNS} runs; ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC. ` +
    `Command: \`bench/first_paint\` (demo data; \`node bench/first_paint.mjs URL s02_teacher1 'Demo#2026' --write\`).\n\n${table}\n${end}`;
  if (md.includes(begin)) md = md.replace(new RegExp(`${begin}[\\s\\S]*?${end}`), section);
  else md = md.trimEnd() + '\n\n' + section + '\n';
  writeFileSync(file, md);
}
process.exit(ok ? 0 : 1);
