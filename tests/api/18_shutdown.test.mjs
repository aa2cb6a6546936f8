// A clean stop (SIGTERM) under a write load: requests already in flight get
// their complete answer, every acknowledged write is there after a restart,
// the process exits 0, and on SQLite the WAL is empty afterwards (a copy of
// the .db file alone holds every commit).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import http from 'node:http';
import path from 'node:path';

const BIN = process.env.XA_BIN || 'build/xiaoan';
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const PG = process.env.XA_BACKEND === 'postgres';

function freshDb() {
  if (PG) {
    const name = `xa_stop_${process.pid}_${Date.now() % 100000}`;
    return execFileSync(path.join(ROOT, 'scripts/pg'), ['createdb', process.env.XA_PG_PORT || '54329', name]).toString().trim();
  }
  return path.join(mkdtempSync(path.join(tmpdir(), 'xa-stop-')), 's.db');
}

function start(db, port) {
  const p = spawn(BIN, ['serve', '--db', db, '--port', String(port), '--shutdown-grace', '15'], { stdio: ['ignore', 'ignore', 'pipe'] });
  p.log = '';
  p.stderr.on('data', (d) => { p.log += d; });
  p.exited = new Promise((r) => p.once('exit', (code, sig) => r({ code, sig })));
  return p;
}

async function waitUp(port) {
  for (let i = 0; i < 300; i++) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (r.status === 200) return;
    } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('server did not start');
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// A create whose body arrives in two parts: the server has the request in
// flight from the first part on. Resolves with {status, body} or {error}.
function slowCreate(port, token, k) {
  const body = Buffer.from(JSON.stringify({ parent_id: 1, kind: 'city', name: `缓慢市${k}`, code: String(300000 + k) }));
  const half = Math.floor(body.length / 2);
  let res;
  const done = new Promise((r) => { res = r; });
  const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/api/v1/orgs', agent: false,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Content-Length': body.length } }, (rsp) => {
    let text = '';
    rsp.setEncoding('utf8');
    rsp.on('data', (d) => { text += d; });
    rsp.on('end', () => res({ status: rsp.statusCode, text }));
    rsp.on('error', (e) => res({ error: e.code || e.message }));
  });
  req.on('error', (e) => res({ error: e.code || e.message }));
  req.write(body.subarray(0, half));
  return { finish: () => req.end(body.subarray(half)), done };
}

test('SIGTERM finishes the requests in flight, loses no acknowledged write and leaves an empty WAL', { timeout: 120000 }, async () => {
  const db = freshDb();
  execFileSync(BIN, ['init', '--db', db, '--admin', 'root', '--password', 'Stop#Pass2026']);
  const port = 19760 + (process.pid % 20);
  let srv = start(db, port);
  await waitUp(port);
  const base = `http://127.0.0.1:${port}`;
  const lr = await fetch(base + '/api/v1/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'root', password: 'Stop#Pass2026' }) });
  const { token } = await lr.json();
  const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };

  // a steady write load on kept-alive connections
  const acked = [];
  const failures = [];
  let n = 0;
  let stopLoad = false;
  const worker = async () => {
    while (!stopLoad) {
      const k = n++;
      try {
        const r = await fetch(base + '/api/v1/orgs', { method: 'POST', headers, body: JSON.stringify({ parent_id: 1, kind: 'city', name: `负载市${k}`, code: String(100000 + k) }) });
        const text = await r.text();
        if (r.status === 201) acked.push(JSON.parse(text).id);
        else failures.push(`${r.status} ${text}`);
      } catch (e) {
        const code = e.cause?.code || e.code || e.message;
        if (code === 'ECONNREFUSED') break; // not accepted any more: never started
        failures.push(String(code));
      }
    }
  };
  const workers = Array.from({ length: 6 }, worker);
  await sleep(800);
  // requests in flight at the signal: headers and half a body sent
  const slow = Array.from({ length: 6 }, (_, i) => slowCreate(port, token, i));
  await sleep(300);
  srv.kill('SIGTERM');
  await sleep(400);
  slow.forEach((s) => s.finish());
  const answers = await Promise.all(slow.map((s) => s.done));
  stopLoad = true;
  await Promise.all(workers);
  const { code } = await srv.exited;

  for (const a of answers) {
    assert.equal(a.error, undefined, `an in-flight request was cut off: ${a.error}`);
    assert.equal(a.status, 201, a.text);
    acked.push(JSON.parse(a.text).id);
  }
  assert.deepEqual(failures.filter((f) => /RESET|closed|socket|terminated/i.test(f)), [], 'no connection reset on the load');
  assert.equal(code, 0, `clean exit: ${srv.log.slice(-500)}`);
  assert.ok(acked.length > 10, `load produced acknowledged writes (${acked.length})`);
  if (!PG) {
    const wal = db + '-wal';
    assert.ok(!existsSync(wal) || statSync(wal).size === 0, `the WAL is empty after a clean stop (${existsSync(wal) ? statSync(wal).size : 0} bytes)`);
    // the .db file alone has every acknowledged write
    const copyCount = execFileSync('sqlite3', ['-readonly', db, "SELECT COUNT(*) FROM orgs WHERE kind = 'city'"]).toString().trim();
    assert.equal(Number(copyCount), acked.length, 'the .db file alone holds every acknowledged create');
  }
  assert.match(srv.log, /shutting down/);
  assert.doesNotMatch(srv.log, /ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:/, 'no sanitizer report');

  srv = start(db, port);
  try {
    await waitUp(port);
    const lr2 = await fetch(base + '/api/v1/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'root', password: 'Stop#Pass2026' }) });
    const h2 = { Authorization: `Bearer ${(await lr2.json()).token}` };
    const missing = [];
    for (const id of acked) {
      const r = await fetch(`${base}/api/v1/orgs/${id}`, { headers: h2 });
      if (r.status !== 200) missing.push(id);
    }
    assert.deepEqual(missing, [], 'every acknowledged write is there');
  } finally {
    srv.kill('SIGTERM');
    await srv.exited;
  }
});
