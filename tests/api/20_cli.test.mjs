// The command line an operator (and scripts outside the repository) meets:
// --help on stdout with exit 0 for every command, --version, refused values
// exit 2 without starting anything, every flag from the environment, the
// database URI from a file, and the old spellings still working.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, existsSync, readdirSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const BIN = process.env.XA_BIN || 'build/xiaoan';
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const PG = process.env.XA_BACKEND === 'postgres';
const COMMANDS = ['serve', 'init', 'demo', 'migrate', 'backup'];

function run(args, env = {}) {
  return spawnSync(BIN, args, { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60000 });
}

function freshDb(tag) {
  if (PG) {
    const name = `xa_cli_${tag}_${process.pid}_${Date.now() % 100000}`;
    return execFileSync(path.join(ROOT, 'scripts/pg'), ['createdb', process.env.XA_PG_PORT || '54329', name]).toString().trim();
  }
  return path.join(mkdtempSync(path.join(tmpdir(), 'xa-cli-')), 'c.db');
}

async function waitUp(port, proc) {
  for (let i = 0; i < 200; i++) {
    if (proc.exitCode !== null) throw new Error(`server exited with ${proc.exitCode}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (r.status === 200) return;
    } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('server did not start');
}

async function stop(proc) {
  const exited = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGTERM');
  await exited;
}

test('--help on stdout, exit 0, for the program and every command', () => {
  for (const args of [['--help'], ['-h'], ['help'], ...COMMANDS.map((c) => [c, '--help'])]) {
    const r = run(args);
    assert.equal(r.status, 0, `${args.join(' ')}: exit ${r.status} ${r.stderr}`);
    assert.match(r.stdout, /usage: xiaoan/, `${args.join(' ')} prints its usage on stdout`);
    assert.equal(r.stderr, '', `${args.join(' ')} prints nothing on stderr`);
  }
  const serve = run(['serve', '--help']).stdout;
  for (const flag of ['--db', '--db-file', '--port', '--bind', '--threads', '--public-url', '--trusted-proxy', '--test-clock', '--log-level'])
    assert.ok(serve.includes(flag), `serve --help names ${flag}`);
  assert.ok(serve.includes('XIAOAN_PORT') && serve.includes('XIAOAN_DB'), 'names the environment variables');
  assert.ok(run(['init', '--help']).stdout.includes('XIAOAN_ADMIN_PASSWORD'));
});

test('--version prints the version and exits 0', () => {
  for (const args of [['--version'], ['serve', '--version']]) {
    const r = run(args);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^xiaoan \d+\.\d+\.\d+ \([0-9a-z]+\)\n$/);
  }
});

test('refused values and unknown options exit 2 without serving', () => {
  const db = path.join(mkdtempSync(path.join(tmpdir(), 'xa-cli-')), 'never.db');
  const cases = [
    [['serve', '--db', db, '--port', 'abc'], /--port.*abc/],
    [['serve', '--db', db, '--port', '99999'], /--port.*99999/],
    [['serve', '--db', db, '--port', '0'], /--port/],
    [['serve', '--db', db, '--port', '-1'], /--port/],
    [['serve', '--db', db, '--port', '80x'], /--port/],
    [['serve', '--db', db, '--threads', 'many'], /--threads/],
    [['serve', '--db', db, '--log-level', 'chatty'], /--log-level/],
    [['serve', '--db', db, '--public-url', 'xiaoan.example'], /--public-url/],
    [['serve', '--db', db, '--bogus'], /--bogus/],
    [['serve', '--db'], /--db/],
    [['serve', '--db', db, 'extra'], /extra/],
    [['serve', '--db', db, '--port', '8080', '--port', '8081'], /twice/],
    [['serve'], /--db/],
    [['frobnicate'], /frobnicate/],
    [[], /usage/],
    [['demo', '--db', db, '--schools', '-5'], /--schools/],
    [['serve', '--db', db], /XIAOAN_PORT/, { XIAOAN_PORT: 'abc' }],
    [['serve', '--db', db], /XIAOAN_PORT/, { XIAOAN_PORT: '70000' }],
  ];
  for (const [args, re, env] of cases) {
    const r = run(args, env);
    assert.equal(r.status, 2, `${args.join(' ')} ${JSON.stringify(env || {})}: exit ${r.status}, ${r.stderr}`);
    assert.match(r.stderr, re, `${args.join(' ')}: says why`);
  }
  assert.ok(!existsSync(db), 'nothing was created');
});

test('the old spellings still work: init --db --admin --password, migrate, backup, serve --db --port', { timeout: 60000 }, async () => {
  const db = freshDb('old');
  const init = run(['init', '--db', db, '--admin', 'root', '--password', 'Cli#Pass2026']);
  assert.equal(init.status, 0, init.stderr);
  assert.match(init.stdout, /initialised/);
  const mig = run(['migrate', '--db', db]);
  assert.equal(mig.status, 0, mig.stderr);
  assert.match(mig.stdout, /schema version \d+/);
  if (!PG) {
    const out = db + '.bak';
    const b = run(['backup', '--db', db, '--out', out]);
    assert.equal(b.status, 0, b.stderr);
    assert.ok(existsSync(out));
  }
  const port = 19700 + (process.pid % 40);
  const srv = spawn(BIN, ['serve', '--db', db, '--port', String(port)], { stdio: 'ignore' });
  try {
    await waitUp(port, srv);
    const r = await fetch(`http://127.0.0.1:${port}/api/v1/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'root', password: 'Cli#Pass2026' }) });
    assert.equal(r.status, 200);
  } finally { await stop(srv); }
});

test('every flag from the environment; the database URI from XIAOAN_DB or a --db-file', { timeout: 60000 }, async () => {
  const db = freshDb('env');
  // init with XIAOAN_DB / XIAOAN_ADMIN / XIAOAN_ADMIN_PASSWORD only
  const init = run(['init'], { XIAOAN_DB: db, XIAOAN_ADMIN: 'envroot', XIAOAN_ADMIN_PASSWORD: 'Env#Pass2026', XIAOAN_ORG_KIND: 'county', XIAOAN_ORG_CODE: '430623', XIAOAN_ORG_NAME: '华容县教育局' });
  assert.equal(init.status, 0, init.stderr);
  const port = 19740 + (process.pid % 30);
  const dbFile = path.join(mkdtempSync(path.join(tmpdir(), 'xa-cli-')), 'db.uri');
  writeFileSync(dbFile, db + '\n', { mode: 0o600 });
  // serve: port from the environment, database from the file
  const srv = spawn(BIN, ['serve', '--db-file', dbFile], { stdio: 'ignore', env: { ...process.env, XIAOAN_PORT: String(port), XIAOAN_LOG_LEVEL: 'warn' } });
  try {
    await waitUp(port, srv);
    const r = await fetch(`http://127.0.0.1:${port}/api/v1/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'envroot', password: 'Env#Pass2026' }) });
    assert.equal(r.status, 200);
    const me = await r.json();
    const orgs = await (await fetch(`http://127.0.0.1:${port}/api/v1/orgs/1`, { headers: { Authorization: `Bearer ${me.token}` } })).json();
    assert.equal(orgs.name, '华容县教育局', 'the org flags came from the environment');
  } finally { await stop(srv); }
  // the command line wins over the environment
  const port2 = port + 31;
  const srv2 = spawn(BIN, ['serve', '--db-file', dbFile, '--port', String(port2)], { stdio: 'ignore', env: { ...process.env, XIAOAN_PORT: String(port) } });
  try { await waitUp(port2, srv2); } finally { await stop(srv2); }
  // an empty or missing --db-file is refused
  const empty = dbFile + '.empty';
  writeFileSync(empty, '');
  assert.equal(run(['migrate', '--db-file', empty]).status, 2);
  assert.equal(run(['migrate', '--db-file', dbFile + '.missing']).status, 2);
});

function sql(db, q) {
  return PG ? spawnSync('psql', [db, '-tAc', q], { encoding: 'utf8' }) : spawnSync('sqlite3', [db, q], { encoding: 'utf8' });
}

test('a schema newer than the binary is refused: serve and migrate exit 1 and say why', { timeout: 60000 }, () => {
  const db = freshDb('newer');
  assert.equal(run(['init', '--db', db, '--admin', 'root', '--password', 'Cli#Pass2026']).status, 0);
  const ins = sql(db, 'INSERT INTO schema_migrations (version, applied_at) VALUES (9999, 0)');
  assert.equal(ins.status, 0, ins.stderr);
  for (const args of [['migrate', '--db', db], ['serve', '--db', db, '--port', String(19790 + (process.pid % 9))]]) {
    const r = run(args);
    assert.equal(r.status, 1, `${args[0]}: exit ${r.status}`);
    assert.match(r.stderr, /schema is version 9999, newer than this xiaoan knows/);
  }
});

test('SQLite: the file is copied next to itself, named with the versions, before migrating', { skip: PG, timeout: 60000 }, () => {
  const db = freshDb('bak');
  const m1 = run(['migrate', '--db', db, '--to', '10']);
  assert.equal(m1.status, 0, m1.stderr);
  assert.match(m1.stdout, /schema version 10/);
  assert.deepEqual(readdirSync(path.dirname(db)).filter((f) => f.endsWith('.bak')), [], 'no copy of a new database');
  const m2 = run(['migrate', '--db', db]);
  assert.equal(m2.status, 0, m2.stderr);
  const ver = Number(/schema version (\d+)/.exec(m2.stdout)[1]);
  assert.ok(ver > 10);
  const bak = `${db}.v10-to-v${ver}.bak`;
  assert.ok(existsSync(bak), `copy ${bak}: ${readdirSync(path.dirname(db))}`);
  assert.equal(sql(bak, 'SELECT MAX(version) FROM schema_migrations').stdout.trim(), '10', 'the copy has the old schema');
  // nothing pending: no new copy
  const m3 = run(['migrate', '--db', db]);
  assert.equal(m3.status, 0);
  assert.equal(readdirSync(path.dirname(db)).filter((f) => f.endsWith('.bak')).length, 1);
  assert.equal(run(['migrate', '--db', db, '--to', 'x']).status, 2);
});

test('concurrent starts migrate once: every migration applied exactly once, every process succeeds', { timeout: 120000 }, async () => {
  const db = freshDb('race');
  const procs = Array.from({ length: 4 }, () => new Promise((resolve) => {
    const p = spawn(BIN, ['migrate', '--db', db], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d) => { err += d; });
    p.on('exit', (code) => resolve({ code, err }));
  }));
  const results = await Promise.all(procs);
  for (const r of results) assert.equal(r.code, 0, r.err);
  const dup = sql(db, 'SELECT COUNT(*) - COUNT(DISTINCT version) FROM schema_migrations');
  assert.equal(dup.stdout.trim(), '0');
  const applied = results.map((r) => (r.err.match(/applied migration/g) || []).length).reduce((a, b) => a + b, 0);
  const total = Number(sql(db, 'SELECT COUNT(*) FROM schema_migrations').stdout.trim());
  assert.equal(applied, total, 'each migration applied by one process only');
});
