// Loopback receivers for the push delivery tests: 企业微信 and 钉钉 robot
// emulators (钉钉 checks the timestamp + HMAC-SHA256 signature as the real
// service does), a signed-webhook receiver, an SMS gateway and a small SMTP
// sink. Every receiver dedupes by the idempotency key the server sends
// (X-Xiaoan-Idempotency-Key, the email's Message-ID) and counts requests,
// so a test can tell "delivered once" from "sent twice".
// Also: a private server spawned with fast push timings on a fresh database
// of the backend under test, and direct message inserts (the producers of
// messages belong to another area; the worker pushes whatever rows appear).
// Receivers and private servers listen on ports the system hands out
// (port 0, or freePort()), so runs side by side do not collide; a receiver
// stopped and started again keeps its port.
import http from 'node:http';
import net from 'node:net';
import crypto from 'node:crypto';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const BIN = process.env.XA_BIN || 'build/xiaoan';
export const PG = process.env.XA_BACKEND === 'postgres';
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Waits until fn() is truthy (polling), or fails with what.
export async function until(fn, what, ms = 20000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

// A free loopback port (the system's pick), for a private server.
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

// Starts server on books.port, or on a system-chosen port the first time
// (kept in books.port for a restart).
function listen(books, server) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(books.port || 0, '127.0.0.1', () => {
      server.off('error', reject);
      books.port = server.address().port;
      resolve();
    });
  });
}

// A receiver's books: every request, and the keys it accepted (once each).
class Books {
  constructor() { this.requests = []; this.accepted = new Map(); this.dupes = 0; this.mode = 'ok'; }
  accept(key, rec) {
    if (this.accepted.has(key)) { this.dupes++; return; }
    this.accepted.set(key, rec);
  }
  get keys() { return [...this.accepted.keys()]; }
}

// An HTTP receiver. check(req, url, body) returns null to accept or an
// error object {status, json}. mode: 'ok', 'fail' (HTTP 500), 'hang'
// (never answers; onHang is called). port 0: the system picks one at the
// first start (books.port, books.url(path)).
export function httpReceiver(port, check = () => null) {
  const books = new Books();
  books.port = port;
  books.url = (p) => `http://127.0.0.1:${books.port}${p}`;
  const hung = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      const url = new URL(req.url, `http://127.0.0.1:${books.port}`);
      const key = req.headers['x-xiaoan-idempotency-key'];
      const rec = { url, headers: req.headers, body, json: (() => { try { return JSON.parse(body); } catch { return null; } })() };
      books.requests.push(rec);
      if (books.mode === 'hang') { hung.push(res); books.onHang?.(rec); return; }
      if (books.mode === 'fail') { res.writeHead(500); res.end('boom'); return; }
      const bad = check(req, url, rec);
      res.setHeader('Content-Type', 'application/json');
      if (bad) { res.writeHead(bad.status || 200); res.end(JSON.stringify(bad.json || {})); return; }
      try { books.accept(key, rec); } catch { req.socket.destroy(); return; } // the answer is lost
      res.end(JSON.stringify({ errcode: 0, errmsg: 'ok' }));
    });
  });
  books.start = () => listen(books, server);
  books.stop = () => new Promise((r) => { for (const h of hung.splice(0)) h.destroy(); server.closeAllConnections?.(); server.close(() => r()); });
  return books;
}

// 企业微信群机器人: POST /cgi-bin/webhook/send?key=<key>, markdown body.
export function wecomReceiver(port, key) {
  return httpReceiver(port, (req, url, rec) => {
    if (url.pathname !== '/cgi-bin/webhook/send' || url.searchParams.get('key') !== key)
      return { json: { errcode: 93000, errmsg: 'invalid webhook url' } };
    const j = rec.json;
    if (!j || j.msgtype !== 'markdown' || typeof j.markdown?.content !== 'string')
      return { json: { errcode: 40008, errmsg: 'invalid message type' } };
    return null;
  });
}

// 钉钉自定义机器人 with 加签: timestamp (ms, within an hour) and
// sign = urlencode(base64(HmacSHA256(secret, timestamp + "\n" + secret))).
export function dingtalkReceiver(port, token, secret) {
  return httpReceiver(port, (req, url, rec) => {
    if (url.pathname !== '/robot/send' || url.searchParams.get('access_token') !== token)
      return { json: { errcode: 300001, errmsg: 'token is not exist' } };
    const ts = url.searchParams.get('timestamp');
    const sign = url.searchParams.get('sign');
    const want = crypto.createHmac('sha256', secret).update(`${ts}\n${secret}`).digest('base64');
    if (!ts || Math.abs(Date.now() - Number(ts)) > 3600000 || sign !== want)
      return { json: { errcode: 310000, errmsg: 'sign not match' } };
    const j = rec.json;
    if (!j || j.msgtype !== 'markdown' || !j.markdown?.title || !j.markdown?.text)
      return { json: { errcode: 40035, errmsg: 'missing markdown' } };
    return null;
  });
}

// The generic webhook: X-Xiaoan-Signature: sha256=<hex HMAC of the body>.
export function webhookReceiver(port, secret) {
  return httpReceiver(port, (req, url, rec) => {
    const want = 'sha256=' + crypto.createHmac('sha256', secret).update(rec.body).digest('hex');
    if (req.headers['x-xiaoan-signature'] !== want) return { status: 401, json: { error: 'bad signature' } };
    return null;
  });
}

// A minimal SMTP server: enough of RFC 5321 for libcurl (EHLO, MAIL, RCPT,
// DATA, QUIT). Mail is deduped by Message-ID.
export function smtpSink(port) {
  const books = new Books();
  books.port = port;
  const server = net.createServer((sock) => {
    sock.setEncoding('utf8');
    let buf = '', inData = false, env = { rcpt: [] };
    sock.write('220 sink ESMTP\r\n');
    sock.on('data', (d) => {
      buf += d;
      for (;;) {
        if (inData) {
          const end = buf.indexOf('\r\n.\r\n');
          if (end < 0) return;
          const data = buf.slice(0, end).split('\r\n').map((l) => (l.startsWith('..') ? l.slice(1) : l)).join('\r\n');
          buf = buf.slice(end + 5);
          inData = false;
          const head = data.split('\r\n\r\n')[0];
          const hdr = (n) => (head.match(new RegExp(`^${n}: (.*)$`, 'mi')) || [])[1];
          const subj = hdr('Subject') || '';
          const m = subj.match(/=\?UTF-8\?B\?(.*)\?=/);
          const rec = { from: env.from, rcpt: env.rcpt, data, messageId: hdr('Message-ID'), key: hdr('X-Xiaoan-Idempotency-Key'),
            subject: m ? Buffer.from(m[1], 'base64').toString('utf8') : subj,
            text: Buffer.from(data.split('\r\n\r\n').slice(1).join('').replace(/\r\n/g, ''), 'base64').toString('utf8') };
          books.requests.push(rec);
          if (books.mode === 'fail') { sock.write('451 try later\r\n'); } else { books.accept(rec.messageId, rec); sock.write('250 queued\r\n'); }
          env = { rcpt: [] };
          continue;
        }
        const i = buf.indexOf('\r\n');
        if (i < 0) return;
        const line = buf.slice(0, i);
        buf = buf.slice(i + 2);
        const cmd = line.slice(0, 4).toUpperCase();
        if (cmd === 'EHLO' || cmd === 'HELO') sock.write('250-sink\r\n250 8BITMIME\r\n');
        else if (cmd === 'MAIL') { env.from = (line.match(/<(.*)>/) || [])[1]; sock.write('250 ok\r\n'); }
        else if (cmd === 'RCPT') { env.rcpt.push((line.match(/<(.*)>/) || [])[1]); sock.write('250 ok\r\n'); }
        else if (cmd === 'DATA') { inData = true; sock.write('354 go ahead\r\n'); }
        else if (cmd === 'QUIT') { sock.end('221 bye\r\n'); return; }
        else if (cmd === 'RSET' || cmd === 'NOOP') sock.write('250 ok\r\n');
        else sock.write('502 not implemented\r\n');
      }
    });
    sock.on('error', () => {});
  });
  books.start = () => listen(books, server);
  books.stop = () => new Promise((r) => server.close(() => r()));
  return books;
}

// ---- a private server ----
export function freshDb(tag) {
  if (PG) {
    const name = `xa_${tag}_${process.pid}_${Date.now() % 100000}`;
    return execFileSync(path.join(ROOT, 'scripts/pg'), ['createdb', process.env.XA_PG_PORT || '54329', name]).toString().trim();
  }
  return path.join(mkdtempSync(path.join(tmpdir(), `xa-${tag}-`)), 'd.db');
}

export const FAST = {
  XA_PUSH_POLL_MS: '100', XA_PUSH_BACKOFF_MS: '150', XA_PUSH_BACKOFF_MAX_MS: '800',
  XA_PUSH_TIMEOUT_MS: '3000', XA_PUSH_LEASE_MS: '4000',
};

// Starts `serve` on db with env; returns {proc, base, log(), stop(), kill()}.
export async function startServer(db, port, env = {}) {
  const proc = spawn(BIN, ['serve', '--db', db, '--port', String(port), '--public-url', 'https://xiaoan.example.gov.cn/'],
    { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...FAST, ...env } });
  let log = '';
  proc.stderr.on('data', (d) => { log += d; });
  const exited = new Promise((r) => proc.once('exit', r));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try { if ((await fetch(base + '/healthz')).status === 200) break; } catch { /* not yet */ }
    if (i > 300) throw new Error(`server did not start: ${log}`);
    await sleep(50);
  }
  return {
    proc, base, log: () => log,
    stop: async () => { proc.kill('SIGTERM'); await exited; },
    kill: async () => { proc.kill('SIGKILL'); await exited; },
  };
}

// Sanitizer reports in a server log (ASan+UBSan builds).
export function sanitizerReport(log) {
  const m = log.match(/ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:/);
  return m ? log.slice(Math.max(0, m.index - 200), m.index + 2000) : null;
}

export function init(db, user, pass) {
  execFileSync(BIN, ['init', '--db', db, '--admin', user, '--password', pass]);
}

// Runs one SQL statement on the database behind the server.
export function sql(db, text) {
  if (PG) return execFileSync('psql', [db, '-q', '-v', 'ON_ERROR_STOP=1', '-c', text]).toString();
  return execFileSync('sqlite3', ['-cmd', '.timeout 10000', db, text]).toString();
}

const q = (s) => `'${String(s).replace(/'/g, "''")}'`;
// Writes a message as a producer would (one row per recipient, one event).
export function addMessages(db, { users, orgId, orgPath = '', kind, title, body = '', link = '', eventKey = '' }) {
  const now = Date.now();
  const rows = users.map((u) => `(${u}, ${orgId}, ${q(orgPath)}, ${q(kind)}, ${q(title)}, ${q(body)}, ${q(link)}, '', NULL, ${q(eventKey)}, ${now})`);
  sql(db, `INSERT INTO messages (user_id, org_id, org_path, kind, title, body, link, entity, entity_id, event_key, created_at) VALUES ${rows.join(', ')}`);
}

// POST /login (JSON only).
const postLogin = (base, username, password) =>
  fetch(base + '/api/v1/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }) });

// The password an administrator gives a new account; its first login
// replaces it (forced change), see firstLogin.
export const INITIAL_PASSWORD = 'Initial#2026x';

// Logs in with the administrator-given password and changes it to password.
export async function firstLogin(base, username, password, initial = INITIAL_PASSWORD) {
  const r = await postLogin(base, username, initial);
  const j = await r.json().catch(() => null);
  if (r.status !== 200 || !j) throw new Error(`first login ${username}: ${r.status} ${JSON.stringify(j)}`);
  if (j.must_change_password !== true) throw new Error(`${username}: an account an admin made must change its password`);
  const ch = await fetch(base + '/api/v1/me/password', {
    method: 'POST', headers: { Authorization: `Bearer ${j.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ current_password: initial, new_password: password }),
  });
  if (ch.status !== 200) throw new Error(`password change ${username}: ${ch.status} ${await ch.text()}`);
}

// A bearer-token client for a private server.
export async function client(base, username, password) {
  const r = await postLogin(base, username, password);
  const j = await r.json().catch(() => null);
  if (r.status !== 200 || !j?.token) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(j)}`);
  const { token } = j;
  const call = async (method, p, b) => {
    const res = await fetch(base + p, { method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: b === undefined ? undefined : JSON.stringify(b) });
    const text = await res.text();
    let json = null;
    try { json = JSON.parse(text); } catch { /* not JSON */ }
    return { status: res.status, body: json, text };
  };
  return { get: (p) => call('GET', p), post: (p, b) => call('POST', p, b ?? {}), patch: (p, b) => call('PATCH', p, b), del: (p) => call('DELETE', p) };
}
