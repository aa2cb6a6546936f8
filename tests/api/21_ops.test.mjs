// Operations: request ids and the access log, --log-level, Prometheus
// metrics parsed strictly (and by promtool when installed), and a database
// that cannot be used answering 503 with Retry-After and a clear code:
// PostgreSQL gone (through a proxy the test cuts), SQLite on a full disk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, openSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import net from 'node:net';
import path from 'node:path';

const BIN = process.env.XA_BIN || 'build/xiaoan';
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const PG = process.env.XA_BACKEND === 'postgres';
const PASS = 'Ops#Pass2026';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let portSeq = 0;
const nextPort = () => 19710 + ((process.pid + portSeq++) % 40);

function freshDb(dir) {
  if (PG) {
    const name = `xa_ops_${process.pid}_${Date.now() % 100000}_${portSeq}`;
    return execFileSync(path.join(ROOT, 'scripts/pg'), ['createdb', process.env.XA_PG_PORT || '54329', name]).toString().trim();
  }
  return path.join(dir || mkdtempSync(path.join(tmpdir(), 'xa-ops-')), 'o.db');
}

async function serve(db, extra = [], env = {}) {
  const port = nextPort();
  const p = spawn(BIN, ['serve', '--db', db, '--port', String(port), ...extra], { stdio: ['ignore', 'ignore', 'pipe'], env: { XIAOAN_METRICS_TOKEN: 'xa-test-metrics', ...process.env, ...env } });
  p.log = '';
  p.stderr.on('data', (d) => { p.log += d; });
  p.exited = new Promise((r) => p.once('exit', (code) => r(code)));
  p.base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (p.exitCode !== null) throw new Error(`server exited: ${p.log}`);
    try {
      if ((await fetch(p.base + '/healthz')).status === 200) return p;
    } catch { /* not yet */ }
    await sleep(50);
  }
  throw new Error('server did not start');
}

async function stop(p) {
  p.kill('SIGTERM');
  const code = await p.exited;
  assert.doesNotMatch(p.log, /ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:/, 'no sanitizer report');
  return code;
}

async function loginAt(base, username = 'root') {
  const r = await fetch(base + '/api/v1/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password: PASS }) });
  assert.equal(r.status, 200);
  const j = await r.json();
  return { Authorization: `Bearer ${j.token}`, 'Content-Type': 'application/json' };
}

function init(db) {
  execFileSync(BIN, ['init', '--db', db, '--admin', 'root', '--password', PASS]);
}

test('X-Request-Id is passed through when valid, generated otherwise, and logged with the request', { timeout: 60000 }, async () => {
  const db = freshDb();
  init(db);
  const p = await serve(db);
  try {
    const h = await loginAt(p.base);
    const r1 = await fetch(p.base + '/api/v1/orgs/1', { headers: { ...h, 'X-Request-Id': 'trace-abc.123:x_y' } });
    assert.equal(r1.status, 200);
    assert.equal(r1.headers.get('x-request-id'), 'trace-abc.123:x_y');
    const r2 = await fetch(p.base + '/api/v1/orgs/1', { headers: h });
    const gen = r2.headers.get('x-request-id');
    assert.match(gen, /^[0-9a-f]{24}$/, 'generated when absent');
    for (const bad of ['has space', 'x'.repeat(65), 'semi;colon', 'new\u00e9']) {
      let r;
      try { r = await fetch(p.base + '/healthz', { headers: { 'X-Request-Id': bad } }); } catch { continue; /* not a valid header value for fetch */ }
      const got = r.headers.get('x-request-id');
      assert.notEqual(got, bad, `refused id ${JSON.stringify(bad)}`);
      assert.match(got, /^[0-9a-f]{24}$/);
    }
    const r404 = await fetch(p.base + '/api/v1/orgs/999999', { headers: { ...h, 'X-Request-Id': 'req-404' } });
    assert.equal(r404.status, 404);
    await sleep(100);
    const line = p.log.split('\n').find((l) => l.includes('id=trace-abc.123:x_y'));
    assert.ok(line, `access line for the request: ${p.log.slice(-800)}`);
    assert.match(line, /^\S+ info access id=trace-abc\.123:x_y method=GET route=\/api\/v1\/orgs\/\{id\} status=200 bytes=\d+ ms=\d+\.\d{3} user=root client=127\.0\.0\.1$/);
    assert.match(p.log, new RegExp(`access id=${gen} method=GET`));
    assert.match(p.log, /access id=req-404 method=GET route=\/api\/v1\/orgs\/\{id\} status=404 .* user=root/);
    assert.ok(!p.log.includes(h.Authorization.slice(7)), 'the session token is never logged');
    // signed out: user "-"
    assert.match(p.log, /access id=\S+ method=GET route=\/healthz status=200 bytes=\d+ ms=\S+ user=- client=127\.0\.0\.1/);
  } finally { await stop(p); }
  // --log-level warn: no access lines
  const q = await serve(db, ['--log-level', 'warn']);
  try {
    await fetch(q.base + '/healthz');
    await sleep(100);
    assert.ok(!q.log.includes(' access '), `no access log at warn: ${q.log}`);
  } finally { await stop(q); }
});

// The text exposition format, checked line by line: every sample belongs to
// a family declared by # HELP and # TYPE before it, names and labels are
// well formed, values are numbers, histograms are cumulative and end in
// +Inf equal to _count.
function parseExposition(text) {
  assert.ok(text.endsWith('\n'), 'ends with a newline');
  const families = new Map();
  const samples = [];
  let current = null;
  const nameRe = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
  for (const line of text.slice(0, -1).split('\n')) {
    assert.notEqual(line, '', 'no empty lines');
    let m;
    if ((m = /^# HELP (\S+) (.+)$/.exec(line))) {
      assert.match(m[1], nameRe);
      assert.ok(!families.has(m[1]), `family ${m[1]} declared once`);
      current = { name: m[1], help: m[2], type: null };
      families.set(m[1], current);
      continue;
    }
    if ((m = /^# TYPE (\S+) (counter|gauge|histogram|summary|untyped)$/.exec(line))) {
      assert.ok(current && current.name === m[1], `TYPE ${m[1]} follows its HELP`);
      current.type = m[2];
      continue;
    }
    assert.ok(!line.startsWith('#'), `unknown comment: ${line}`);
    m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{((?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*",?)*)\})? (\S+)$/.exec(line);
    assert.ok(m, `sample line: ${line}`);
    const [, name, , lbl, value] = m;
    assert.ok(current && current.type, `sample ${name} after its TYPE`);
    const base = current.type === 'histogram' ? name.replace(/_(bucket|sum|count)$/, '') : name;
    assert.equal(base, current.name, `${name} belongs to the family above it`);
    const labels = {};
    if (lbl !== undefined) {
      const re = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)/y;
      let pos = 0;
      while (pos < lbl.length) {
        re.lastIndex = pos;
        const lm = re.exec(lbl);
        assert.ok(lm, `labels of ${line}`);
        assert.ok(!(lm[1] in labels), `label ${lm[1]} once`);
        labels[lm[1]] = lm[2];
        pos = re.lastIndex;
      }
    }
    assert.match(value, /^(-?\d+(\.\d+)?([eE][-+]?\d+)?|\+Inf|-Inf|NaN)$/, `value of ${line}`);
    if (current.type === 'counter') assert.ok(Number(value) >= 0);
    samples.push({ name, labels, value, family: current.name, type: current.type });
  }
  // histograms: cumulative buckets, +Inf == _count
  const hist = new Map();
  for (const s of samples.filter((x) => x.type === 'histogram')) {
    const { le, ...rest } = s.labels;
    const key = s.family + JSON.stringify(rest);
    if (!hist.has(key)) hist.set(key, { buckets: [], count: null, sum: null });
    const h = hist.get(key);
    if (s.name.endsWith('_bucket')) h.buckets.push([le, Number(s.value)]);
    else if (s.name.endsWith('_count')) h.count = Number(s.value);
    else h.sum = s.value;
  }
  for (const [key, h] of hist) {
    assert.ok(h.buckets.length > 1 && h.count !== null && h.sum !== null, `complete histogram ${key}`);
    for (let i = 1; i < h.buckets.length; i++) {
      assert.ok(Number(h.buckets[i][0] === '+Inf' ? Infinity : h.buckets[i][0]) > Number(h.buckets[i - 1][0]), `le ascending in ${key}`);
      assert.ok(h.buckets[i][1] >= h.buckets[i - 1][1], `cumulative ${key}`);
    }
    assert.equal(h.buckets.at(-1)[0], '+Inf');
    assert.equal(h.buckets.at(-1)[1], h.count, `+Inf == _count in ${key}`);
  }
  return { families, samples, hist };
}

test('metrics: process, build, per-route latency to 30 s, in flight, db errors, job runs; strict format', { timeout: 60000 }, async () => {
  const db = freshDb();
  init(db);
  const p = await serve(db);
  try {
    const h = await loginAt(p.base);
    for (let i = 0; i < 3; i++) await fetch(p.base + '/api/v1/orgs/1', { headers: h });
    await sleep(300); // the hazard sweep runs at start
    const text = await (await fetch(p.base + '/metrics', { headers: { Authorization: `Bearer ${process.env.XIAOAN_METRICS_TOKEN || 'xa-test-metrics'}` } })).text();
    const { families, samples } = parseExposition(text);
    for (const [f, type] of [['process_cpu_seconds_total', 'counter'], ['process_resident_memory_bytes', 'gauge'], ['process_open_fds', 'gauge'],
      ['process_start_time_seconds', 'gauge'], ['xiaoan_build_info', 'gauge'], ['xiaoan_http_route_duration_seconds', 'histogram'],
      ['xiaoan_http_requests_in_flight', 'gauge'], ['xiaoan_db_errors_total', 'counter'], ['xiaoan_job_runs_total', 'counter'],
      ['xiaoan_http_requests_total', 'counter'], ['xiaoan_http_request_duration_seconds', 'histogram']])
      assert.equal(families.get(f)?.type, type, `${f} is a ${type}`);
    const get = (name, labels = {}) => samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
    const start = Number(get('process_start_time_seconds').value);
    assert.ok(Math.abs(start - Date.now() / 1000) < 120, `start time is now-ish: ${start}`);
    assert.ok(Number(get('process_resident_memory_bytes').value) > 1e6);
    assert.ok(Number(get('process_open_fds').value) > 3);
    const build = get('xiaoan_build_info');
    assert.match(build.labels.version, /^\d+\.\d+\.\d+$/);
    assert.equal(build.labels.backend, PG ? 'postgres' : 'sqlite');
    const le30 = get('xiaoan_http_route_duration_seconds_bucket', { route: '/api/v1/orgs/{id}', method: 'GET', le: '30' });
    assert.ok(le30, 'a 30 s bucket for the route');
    assert.equal(Number(le30.value), 3);
    assert.equal(get('xiaoan_http_route_duration_seconds_count', { route: '/api/v1/orgs/{id}' }).value, '3');
    // sums are exact decimals (microseconds), not %g-rounded
    assert.match(get('xiaoan_http_request_duration_seconds_sum').value, /^\d+\.\d{6}$/);
    assert.match(get('process_cpu_seconds_total').value, /^\d+\.\d{6}$/);
    assert.equal(get('xiaoan_http_requests_in_flight').value, '1', 'the /metrics request itself');
    assert.ok(Number(get('xiaoan_job_runs_total', { job: 'hazard_sweep', result: 'ok' }).value) >= 1);
    assert.ok(get('xiaoan_db_errors_total', { class: 'unavailable' }));
    // promtool, when installed (Debian package prometheus), must find nothing
    const which = spawnSync('sh', ['-c', 'command -v promtool']);
    if (which.status === 0) {
      const r = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
      assert.equal(r.status, 0, `promtool check metrics: ${r.stdout}${r.stderr}`);
      assert.equal((r.stdout + r.stderr).trim(), '', 'promtool has no remarks');
    }
  } finally { await stop(p); }
});

// A TCP proxy in front of PostgreSQL that the test can cut and restore.
function pgProxy(pgPort) {
  const sockets = new Set();
  let server = null;
  const proxy = {
    port: 0,
    up() {
      server = net.createServer((c) => {
        const u = net.connect(pgPort, '127.0.0.1');
        sockets.add(c); sockets.add(u);
        c.pipe(u); u.pipe(c);
        const end = () => { c.destroy(); u.destroy(); sockets.delete(c); sockets.delete(u); };
        c.on('error', end); u.on('error', end); c.on('close', end); u.on('close', end);
      });
      return new Promise((r) => server.listen(proxy.port, '127.0.0.1', () => { proxy.port = server.address().port; r(); }));
    },
    down() {
      for (const s of sockets) s.destroy();
      sockets.clear();
      return new Promise((r) => server.close(() => r()));
    },
  };
  return proxy;
}

test('PostgreSQL unavailable: 503 with Retry-After and db_unavailable, /healthz says why, service returns', { skip: !PG, timeout: 90000 }, async () => {
  const direct = freshDb();
  init(direct);
  const proxy = pgProxy(Number(process.env.XA_PG_PORT || 54329));
  await proxy.up();
  const db = direct.replace(/127\.0\.0\.1:\d+/, `127.0.0.1:${proxy.port}`);
  const p = await serve(db);
  try {
    const h = await loginAt(p.base);
    assert.equal((await fetch(p.base + '/api/v1/orgs/1', { headers: h })).status, 200);
    await proxy.down();
    const t0 = Date.now();
    const hz = await fetch(p.base + '/healthz');
    assert.equal(hz.status, 503);
    assert.equal(hz.headers.get('retry-after'), '5');
    const hj = await hz.json();
    assert.equal(hj.status, 'unavailable');
    assert.equal(hj.reason, 'database_unreachable');
    assert.equal(hj.error.code, 'db_unavailable');
    assert.ok(Date.now() - t0 < 5000, 'healthz answers at once');
    for (const [method, url, body] of [['GET', '/api/v1/orgs/1'], ['POST', '/api/v1/orgs', { parent_id: 1, kind: 'city', name: '断库市', code: '419900' }], ['GET', '/api/v1/users?per_page=5']]) {
      const r = await fetch(p.base + url, { method, headers: h, body: body && JSON.stringify(body) });
      const text = await r.text();
      assert.equal(r.status, 503, `${method} ${url}: ${r.status} ${text}`);
      assert.equal(r.headers.get('retry-after'), '5');
      assert.equal(JSON.parse(text).error.code, 'db_unavailable');
      assert.match(JSON.parse(text).error.message, /数据库/);
    }
    const metrics = await (await fetch(p.base + '/metrics', { headers: { Authorization: `Bearer ${process.env.XIAOAN_METRICS_TOKEN || 'xa-test-metrics'}` } })).text();
    assert.match(metrics, /xiaoan_db_errors_total\{class="unavailable"\} [1-9]/);
    // back: the same process serves again without a restart
    await proxy.up();
    let ok = false;
    for (let i = 0; i < 50 && !ok; i++) {
      ok = (await fetch(p.base + '/healthz')).status === 200;
      if (!ok) await sleep(100);
    }
    assert.ok(ok, 'healthz recovers');
    const r = await fetch(p.base + '/api/v1/orgs', { method: 'POST', headers: h, body: JSON.stringify({ parent_id: 1, kind: 'city', name: '复联市', code: '419901' }) });
    assert.equal(r.status, 201, await r.text());
  } finally {
    await stop(p);
    await proxy.down().catch(() => {});
  }
  assert.doesNotMatch(p.log, /ERROR: AddressSanitizer|runtime error:/);
});

test('SQLite on a full disk: 503 db_disk_full with Retry-After, /healthz says disk_full, nothing half-written, service returns', { skip: PG, timeout: 90000 }, async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'xa-full-'));
  const mnt = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=6m', 'tmpfs', dir]);
  if (mnt.status !== 0) { t.skip('cannot mount a small tmpfs here (needs root)'); return; }
  let p;
  try {
    const db = path.join(dir, 'full.db');
    init(db);
    p = await serve(db);
    const h = await loginAt(p.base);
    const before = await (await fetch(p.base + '/api/v1/orgs?kind=city&per_page=1', { headers: h })).json();
    // fill the file system
    const filler = path.join(dir, 'filler');
    const fd = openSync(filler, 'w');
    const chunk = Buffer.alloc(64 * 1024, 1);
    try { for (;;) writeSync(fd, chunk); } catch { /* ENOSPC */ }
    try { for (;;) writeSync(fd, Buffer.alloc(512, 1)); } catch { /* ENOSPC */ }
    closeSync(fd);
    let full = null;
    for (let i = 0; i < 40 && !full; i++) {
      const r = await fetch(p.base + '/api/v1/orgs', { method: 'POST', headers: h, body: JSON.stringify({ parent_id: 1, kind: 'city', name: `满盘市${i}`.padEnd(60, '满'), code: String(419800 + i) }) });
      const text = await r.text();
      assert.ok(r.status === 201 || r.status === 503, `no 500 on a full disk: ${r.status} ${text}`);
      if (r.status === 503) full = { r, j: JSON.parse(text) };
    }
    assert.ok(full, 'a write on the full disk is refused');
    assert.equal(full.j.error.code, 'db_disk_full');
    assert.equal(full.r.headers.get('retry-after'), '5');
    const hz = await fetch(p.base + '/healthz');
    assert.equal(hz.status, 503);
    assert.equal((await hz.json()).reason, 'disk_full');
    // space again: healthy, writes work, and the refused write left nothing
    rmSync(filler);
    assert.equal((await fetch(p.base + '/healthz')).status, 200);
    const r = await fetch(p.base + '/api/v1/orgs', { method: 'POST', headers: h, body: JSON.stringify({ parent_id: 1, kind: 'city', name: '腾盘市', code: '419899' }) });
    assert.equal(r.status, 201, await r.text());
    const after = await (await fetch(p.base + '/api/v1/orgs?kind=city&per_page=200', { headers: h })).json();
    const audit = await (await fetch(p.base + '/api/v1/audit?entity=org&per_page=200', { headers: h })).json();
    assert.equal(after.total, audit.total - 1, 'every org has its audit row (the root has one too)');
    assert.ok(after.total > before.total);
  } finally {
    if (p) await stop(p);
    spawnSync('umount', ['-l', dir]);
  }
});

test('SQLite on a read-only file system: 503 db_read_only with Retry-After, /healthz says read_only', { skip: PG, timeout: 60000 }, async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'xa-ro-'));
  const ro = mkdtempSync(path.join(tmpdir(), 'xa-ro-mnt-'));
  init(path.join(dir, 'ro.db'));
  if (spawnSync('mount', ['--bind', dir, ro]).status !== 0) { t.skip('cannot bind-mount here (needs root)'); return; }
  let p = null;
  try {
    assert.equal(spawnSync('mount', ['-o', 'remount,bind,ro', ro]).status, 0);
    const port = nextPort();
    p = spawn(BIN, ['serve', '--db', path.join(ro, 'ro.db'), '--port', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
    p.log = '';
    p.stderr.on('data', (d) => { p.log += d; });
    p.exited = new Promise((r) => p.once('exit', (code) => r(code)));
    const base = `http://127.0.0.1:${port}`;
    let hz = null;
    for (let i = 0; i < 200 && !hz; i++) {
      try { hz = await fetch(base + '/healthz'); } catch { await sleep(50); }
    }
    assert.ok(hz, `the server answers: ${p.log}`);
    assert.equal(hz.status, 503);
    assert.equal(hz.headers.get('retry-after'), '5');
    const hj = await hz.json();
    assert.equal(hj.reason, 'read_only');
    assert.equal(hj.error.code, 'db_read_only');
    // a login writes a session: refused with the same code, not 500
    const lr = await fetch(base + '/api/v1/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'root', password: PASS }) });
    assert.equal(lr.status, 503, await lr.text());
    assert.equal(lr.headers.get('retry-after'), '5');
  } finally {
    if (p) {
      p.kill('SIGTERM');
      await p.exited;
      assert.doesNotMatch(p.log, /ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:/, 'no sanitizer report');
    }
    spawnSync('umount', [ro]);
  }
});
