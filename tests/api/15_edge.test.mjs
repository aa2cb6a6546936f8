// The HTTP edge under attack (issue 15, items 5, 6, 11, 12, 13): smuggling
// framing refused and the connection closed, bodies refused on their
// headers before a byte is read, body memory bounded per address, one
// address cannot hold every connection, the client address taken through
// trusted proxies only, /metrics behind a token, run-jobs' clock only under
// --test-clock. Raw sockets (node:net) send what fetch never would; signed-
// out requests go out from their own loopback address (127.x.y.z).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BASE, admin, mkOrg, mkUser, assertError } from './lib.mjs';

const U = new URL(BASE);
const PORT = Number(U.port);
const BIN = process.env.XA_BIN || 'build/xiaoan';
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const randIp = () => `127.${1 + Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Sends raw bytes; resolves with everything read and whether the server
// closed the connection within waitMs.
function raw(payload, { port = PORT, ip = randIp(), waitMs = 2000, keepOpen = false } = {}) {
  return new Promise((resolve, reject) => {
    const s = net.connect({ port, host: '127.0.0.1', localAddress: ip });
    let out = '';
    let closed = false;
    const t0 = Date.now();
    let firstByteMs = null;
    s.on('data', (d) => { if (firstByteMs === null) firstByteMs = Date.now() - t0; out += d.toString('utf8'); });
    s.on('close', () => { closed = true; finish(); });
    s.on('error', () => {});
    s.on('connect', () => s.write(payload));
    const timer = setTimeout(finish, waitMs);
    let done = false;
    function finish() {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (!keepOpen) s.destroy();
      resolve({ out, closed, firstByteMs, socket: s });
    }
    s.on('error', reject);
  });
}

const statusOf = (out) => Number((/^HTTP\/1\.1 (\d{3})/.exec(out) || [])[1] || 0);
const responses = (out) => (out.match(/HTTP\/1\.1 \d{3}/g) || []).length;

test('two differing Content-Length headers: 400, closed, the rest is not a second request', async () => {
  const smuggled = 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n';
  const r = await raw(`POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 7\r\nContent-Length: ${7 + smuggled.length}\r\n\r\n{"a":1}${smuggled}`);
  assert.equal(statusOf(r.out), 400, r.out);
  assert.equal(responses(r.out), 1, 'exactly one answer');
  assert.ok(r.closed, 'connection closed');
  assert.match(r.out, /"bad_request"/);
});

test('Content-Length with Transfer-Encoding: chunked: 400 and closed', async () => {
  const r = await raw('POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
  assert.equal(statusOf(r.out), 400, r.out);
  assert.equal(responses(r.out), 1);
  assert.ok(r.closed);
});

test('a repeated equal Content-Length is fine; a malformed one is not', async () => {
  const body = '{"username":"nobody_x","password":"whatever1"}';
  const ok = await raw(`POST /api/v1/login HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
  assert.equal(statusOf(ok.out), 401, ok.out);
  const bad = await raw('POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: +5\r\n\r\n{"a":');
  assert.ok([400].includes(statusOf(bad.out)), bad.out);
});

test('a declared body over the limit is refused at once, before it is sent', async () => {
  // 100 MB announced, nothing sent: the answer cannot wait for the body
  const r = await raw('POST /api/v1/public/tipoffs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 104857600\r\n\r\n{"a":');
  assert.equal(statusOf(r.out), 413, r.out);
  assert.ok(r.firstByteMs !== null && r.firstByteMs < 1500, `answered in ${r.firstByteMs} ms`);
  assert.ok(r.closed, 'closed');
});

test('a signed-in route authenticates before reading the body', async () => {
  // no session, a large body announced and never sent: 401 now, not a wait
  const r = await raw('POST /api/v1/orgs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 900000\r\n\r\n');
  assert.equal(statusOf(r.out), 401, r.out);
  assert.ok(r.firstByteMs !== null && r.firstByteMs < 1500);
  // a bad bearer token too
  const r2 = await raw(`POST /api/v1/orgs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${'0'.repeat(64)}\r\nContent-Type: application/json\r\nContent-Length: 900000\r\n\r\n`);
  assert.equal(statusOf(r2.out), 401, r2.out);
});

test('one address cannot hold more than its share of body memory', async () => {
  // three 5 MB uploads in flight from one address fit; the fourth is refused
  // on its headers, while another address still gets in
  const ip = randIp();
  const head = 'POST /api/v1/public/photos?school_id=1 HTTP/1.1\r\nHost: x\r\nContent-Type: image/png\r\nContent-Length: 5000000\r\n\r\n\x89PNG';
  const held = [];
  for (let i = 0; i < 3; i++) {
    const r = await raw(head, { ip, waitMs: 400, keepOpen: true });
    assert.equal(r.out, '', `upload ${i + 1} is being read, not answered: ${r.out}`);
    held.push(r.socket);
  }
  const fourth = await raw(head, { ip, waitMs: 1500 });
  assert.equal(statusOf(fourth.out), 429, fourth.out);
  const other = await raw(head, { waitMs: 400, keepOpen: true });
  assert.equal(other.out, '', 'another address is not affected');
  held.push(other.socket);
  for (const s of held) s.destroy();
  await sleep(300);
  // the memory is given back when those connections end
  const again = await raw(head, { ip, waitMs: 400 });
  assert.equal(again.out, '', again.out);
});

test('one address opening hundreds of idle sockets is cut off; others are served', async () => {
  const ip = randIp();
  const socks = [];
  let closedByServer = 0;
  await Promise.all(Array.from({ length: 260 }, () => new Promise((resolve) => {
    const s = net.connect({ port: PORT, host: '127.0.0.1', localAddress: ip });
    s.on('connect', resolve);
    s.on('error', resolve);
    s.on('close', () => { closedByServer++; resolve(); });
    socks.push(s);
  })));
  await sleep(800);
  const t0 = Date.now();
  const h = await fetch(BASE + '/healthz');
  assert.equal(h.status, 200);
  assert.ok(Date.now() - t0 < 2000, 'healthz answers at once');
  for (const s of socks) s.destroy();
  assert.ok(closedByServer >= 100, `the server refused the sockets over the per-address limit (${closedByServer} closed)`);
});

test('metrics need the token', async () => {
  assertError(await (async () => { const r = await fetch(BASE + '/metrics'); return { status: r.status, body: await r.json(), text: '' }; })(), 401);
  const wrong = await fetch(BASE + '/metrics', { headers: { Authorization: 'Bearer nope' } });
  assert.equal(wrong.status, 401);
  const ok = await fetch(BASE + '/metrics', { headers: { Authorization: `Bearer ${process.env.XIAOAN_METRICS_TOKEN || 'xa-test-metrics'}` } });
  assert.equal(ok.status, 200);
});

// ---- a second server: behind a proxy, https public URL, no test clock ----

let srv = null;
after(() => { if (srv) srv.kill('SIGTERM'); });

function freshDb() {
  if (process.env.XA_BACKEND === 'postgres') {
    const name = `xa_edge_${process.pid}_${Date.now() % 100000}`;
    return execFileSync(path.join(ROOT, 'scripts/pg'), ['createdb', process.env.XA_PG_PORT || '54329', name]).toString().trim();
  }
  return path.join(mkdtempSync(path.join(tmpdir(), 'xa-edge-')), 'e.db');
}

async function startProxied() {
  const db = freshDb();
  execFileSync(BIN, ['init', '--db', db, '--admin', 'root', '--password', 'Proxy#2026x']);
  const port = PORT + 37;
  const env = { ...process.env };
  delete env.XIAOAN_METRICS_TOKEN;
  srv = spawn(BIN, ['serve', '--db', db, '--port', String(port), '--trusted-proxy', '127.0.0.0/8',
    '--trusted-proxy', '10.9.0.0/16', '--public-url', 'https://xiaoan.example.gov.cn'], { stdio: ['ignore', 'ignore', 'pipe'], env });
  srv.stderr.on('data', (d) => { if (/ERROR: (Address|Leak)Sanitizer|runtime error:/.test(d)) process.stderr.write(d); });
  for (let i = 0; i < 200; i++) {
    try { if ((await fetch(`http://127.0.0.1:${port}/healthz`)).status === 200) return `http://127.0.0.1:${port}`; } catch { /* not yet */ }
    await sleep(50);
  }
  throw new Error('second server did not start');
}

async function post(base, p, body, headers = {}) {
  const r = await fetch(base + p, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await r.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not json */ }
  return { status: r.status, body: json, text, headers: r.headers };
}

test('behind a trusted proxy: the client is the rightmost untrusted X-Forwarded-For hop', { timeout: 60000 }, async () => {
  const base = await startProxied();
  const login = (password, xff) => post(base, '/api/v1/login', { username: 'root', password }, { 'X-Forwarded-For': xff });
  // an attacker at 203.0.113.9 behind the proxy, forging a left-hand entry
  for (let i = 0; i < 5; i++) assert.equal((await login('wrong-' + i, `1.1.1.${i}, 203.0.113.9`)).status, 401);
  assertError(await login('Proxy#2026x', '9.9.9.9, 203.0.113.9'), 429, undefined, 'too_many_attempts');
  // the owner at another address gets in: the proxy's own address is not the client
  const ok = await login('Proxy#2026x', '198.51.100.7, 10.9.1.1');
  assert.equal(ok.status, 200, ok.text);
  // with an https public URL: __Host- cookie, Secure, and HSTS
  const cookie = ok.headers.get('set-cookie');
  assert.match(cookie, /^__Host-xa_session=[0-9a-f]{64}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+; Secure$/);
  assert.match(ok.headers.get('strict-transport-security') || '', /max-age=\d+/);
  assert.match((await fetch(base + '/healthz')).headers.get('strict-transport-security') || '', /max-age/);
  // the __Host- cookie is the session; the plain name is not
  const token = ok.body.token;
  const me = await fetch(base + '/api/v1/me', { headers: { Cookie: `__Host-xa_session=${token}` } });
  assert.equal(me.status, 200);
  const plain = await fetch(base + '/api/v1/me', { headers: { Cookie: `xa_session=${token}` } });
  assert.equal(plain.status, 401);
  // without a test clock, run-jobs refuses a chosen time
  const auth = { Authorization: `Bearer ${token}` };
  const future = new Date(Date.now() + 40 * 86400000).toISOString();
  assertError(await post(base, '/api/v1/admin/run-jobs', { now: future }, auth), 403, 'now');
  assert.equal((await post(base, '/api/v1/admin/run-jobs', {}, auth)).status, 200);
  // no metrics token configured: /metrics is refused
  assert.equal((await fetch(base + '/metrics')).status, 403);
});

test('without a trusted proxy, X-Forwarded-For is not believed', async () => {
  const a = await admin();
  const city = await mkOrg(a, 1, 'city', '代理市');
  const u = await mkUser(a, city.id, 'auditor');
  const ip = randIp();
  const body = (pw) => JSON.stringify({ username: u.username, password: pw });
  const send = (pw, xff) => raw(`POST /api/v1/login HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nX-Forwarded-For: ${xff}\r\nContent-Length: ${Buffer.byteLength(body(pw))}\r\n\r\n${body(pw)}`, { ip });
  for (let i = 0; i < 5; i++) assert.equal(statusOf((await send('wrong-pass-' + i, `10.0.0.${i}`)).out), 401);
  assert.equal(statusOf((await send('Passw0rd#2026', '10.0.0.99')).out), 429, 'the socket address is the client');
});

test('the test server itself runs with --test-clock: a future now is accepted there', async () => {
  const a = await admin();
  const r = await a.post('/api/v1/admin/run-jobs', { now: new Date(Date.now() + 60000).toISOString() });
  assert.equal(r.status, 200, r.text);
});

test('an address over its tip-off budget is refused on the headers, before its body', async () => {
  const a = await admin();
  const city = await mkOrg(a, 1, 'city', '预检市');
  const county = await mkOrg(a, city.id, 'county', '预检县');
  const school = await mkOrg(a, county.id, 'school', '预检小学');
  const ip = randIp();
  const body = (i) => JSON.stringify({ county: county.code, school_id: school.id, category: 'fire', description: `第${i}次举报：楼梯间堆放杂物` });
  for (let i = 0; i < 5; i++) {
    const r = await raw(`POST /api/v1/public/tipoffs HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body(i))}\r\n\r\n${body(i)}`, { ip });
    assert.equal(statusOf(r.out), 201, r.out);
  }
  // headers only, the body never sent: answered at once
  const r = await raw('POST /api/v1/public/tipoffs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 9000\r\n\r\n', { ip });
  assert.equal(statusOf(r.out), 429, r.out);
  assert.match(r.out, /Retry-After: \d+/i);
});
