// Killing the server with SIGKILL in the middle of a write load loses no
// acknowledged write: every create that got its 201 is there after restart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const BIN = process.env.XA_BIN || 'build/xiaoan';
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

function freshDb() {
  if (process.env.XA_BACKEND === 'postgres') {
    const name = `xa_dur_${process.pid}_${Date.now() % 100000}`;
    return execFileSync(path.join(ROOT, 'scripts/pg'), ['createdb', process.env.XA_PG_PORT || '54329', name]).toString().trim();
  }
  return path.join(mkdtempSync(path.join(tmpdir(), 'xa-dur-')), 'd.db');
}

function start(db, port) {
  const p = spawn(BIN, ['serve', '--db', db, '--port', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  p.stderr.on('data', () => {});
  return p;
}

async function waitUp(port) {
  for (let i = 0; i < 200; i++) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (r.status === 200) return;
    } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('server did not start');
}

test('SIGKILL during a write load loses no acknowledged write', { timeout: 120000 }, async () => {
  const db = freshDb();
  execFileSync(BIN, ['init', '--db', db, '--admin', 'root', '--password', 'Durable#2026']);
  const port = 18400 + (process.pid % 500);
  let srv = start(db, port);
  await waitUp(port);
  const base = `http://127.0.0.1:${port}`;
  const lr = await fetch(base + '/api/v1/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'root', password: 'Durable#2026' }) });
  const { token } = await lr.json();
  const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
  const acked = [];
  let n = 0;
  let stop = false;
  const worker = async () => {
    while (!stop) {
      const k = n++;
      try {
        const r = await fetch(base + '/api/v1/orgs', { method: 'POST', headers, body: JSON.stringify({ parent_id: 1, kind: 'city', name: `市${k}`, code: String(100000 + k) }) });
        if (r.status === 201) acked.push((await r.json()).id);
      } catch { /* the server died under us: that request was never acknowledged */ }
    }
  };
  const workers = Array.from({ length: 16 }, worker);
  await new Promise((r) => setTimeout(r, 1500));
  const exited = new Promise((r) => srv.once('exit', r));
  srv.kill('SIGKILL');
  stop = true;
  await Promise.all(workers);
  await exited;
  assert.ok(acked.length > 20, `load produced acknowledged writes (${acked.length})`);

  srv = start(db, port);
  await waitUp(port);
  const lr2 = await fetch(base + '/api/v1/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'root', password: 'Durable#2026' }) });
  const h2 = { Authorization: `Bearer ${(await lr2.json()).token}` };
  const missing = [];
  for (const id of acked) {
    const r = await fetch(`${base}/api/v1/orgs/${id}`, { headers: h2 });
    if (r.status !== 200) missing.push(id);
  }
  // and every acknowledged create has its audit row (same transaction)
  const audit = await (await fetch(`${base}/api/v1/audit?entity=org&per_page=1`, { headers: h2 })).json();
  const orgs = await (await fetch(`${base}/api/v1/orgs?kind=city&per_page=1`, { headers: h2 })).json();
  const verify = await (await fetch(`${base}/api/v1/audit/verify`, { headers: h2 })).json();
  srv.kill('SIGTERM');
  assert.deepEqual(missing, [], `lost ${missing.length} of ${acked.length} acknowledged writes`);
  assert.equal(audit.total, orgs.total + 1, 'one audit row per org (plus the root)');
  assert.equal(verify.intact, true);
});
