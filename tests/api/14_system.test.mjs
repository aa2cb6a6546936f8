// Health, metrics, the OpenAPI document, the embedded web UI and its headers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE } from './lib.mjs';

test('healthz answers with the backend and schema version', async () => {
  const r = await fetch(BASE + '/healthz');
  assert.equal(r.status, 200);
  const j = await r.json();
  assert.equal(j.status, 'ok');
  assert.ok(['sqlite', 'postgres'].includes(j.backend));
  assert.ok(j.schema_version >= 1);
  if (process.env.XA_BACKEND) assert.equal(j.backend, process.env.XA_BACKEND);
});

test('metrics are Prometheus text and count requests', async () => {
  await fetch(BASE + '/healthz');
  const r = await fetch(BASE + '/metrics', { headers: { Authorization: `Bearer ${process.env.XIAOAN_METRICS_TOKEN || 'xa-test-metrics'}` } });
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /text\/plain/);
  const t = await r.text();
  assert.match(t, /# TYPE xiaoan_http_requests_total counter/);
  assert.match(t, /xiaoan_http_requests_total\{method="GET",route="\/healthz",status="2xx"\} \d+/);
  assert.match(t, /xiaoan_http_request_duration_seconds_count \d+/);
});

test('the OpenAPI document lists the routes the server has', async () => {
  const r = await fetch(BASE + '/api/v1/openapi.json');
  const doc = await r.json();
  assert.equal(doc.openapi, '3.0.3');
  for (const p of ['/api/v1/login', '/api/v1/orgs', '/api/v1/orgs/{id}', '/api/v1/users/{id}', '/api/v1/audit']) {
    assert.ok(doc.paths[p], `path ${p}`);
  }
  assert.equal(doc.paths['/api/v1/orgs'].post['x-permission'], 'org.write');
  assert.ok(doc.components.schemas.Error);
});

test('the web UI is served from the binary with a strict CSP', async () => {
  const r = await fetch(BASE + '/');
  assert.equal(r.status, 200);
  const html = await r.text();
  assert.match(html, /<div id="app">/);
  const csp = r.headers.get('content-security-policy');
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /script-src 'self'(;|$)/);
  assert.ok(!/unsafe-eval/.test(csp));
  assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(r.headers.get('cache-control'), 'no-cache');
  const js = html.match(/src="(\/assets\/[^"]+\.js)"/);
  assert.ok(js, 'index references a script');
  const a = await fetch(BASE + js[1]);
  assert.equal(a.status, 200);
  assert.match(a.headers.get('cache-control'), /immutable/);
  assert.match(a.headers.get('content-type'), /javascript/);
  // client-side routes fall back to the app, unknown assets do not
  const spa = await fetch(BASE + '/hazards/12');
  assert.equal(spa.status, 200);
  assert.match(await spa.text(), /<div id="app">/);
  assert.equal((await fetch(BASE + '/assets/nope.js')).status, 404);
});

test('backup writes a usable copy of the running database', async () => {
  const { execFileSync } = await import('node:child_process');
  const { mkdtempSync, readFileSync, statSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const path = await import('node:path');
  const db = process.env.XA_DB;
  assert.ok(db, 'the runner passes XA_DB');
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'xa-bak-')), 'backup');
  execFileSync(process.env.XA_BIN || 'build/xiaoan', ['backup', '--db', db, '--out', out], { stdio: 'pipe' });
  assert.ok(statSync(out).size > 0);
  if (process.env.XA_BACKEND === 'postgres') {
    assert.equal(readFileSync(out).subarray(0, 5).toString(), 'PGDMP');
  } else {
    const n = execFileSync('sqlite3', [out, 'SELECT COUNT(*) FROM orgs; PRAGMA integrity_check;']).toString().trim().split('\n');
    assert.ok(Number(n[0]) >= 1);
    assert.equal(n[1], 'ok');
  }
});
