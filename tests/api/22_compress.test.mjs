// Compression: the web UI's files are sent precompressed (brotli or gzip,
// whichever the browser accepts, q=0 respected, Vary: Accept-Encoding), and
// large JSON answers are gzipped; the login page's first load fits 450 KB
// on the wire. Raw bytes are read with node:http, which does not decode.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { BASE, admin } from './lib.mjs';

function raw(pathname, headers = {}) {
  const u = new URL(BASE);
  return new Promise((resolve, reject) => {
    http.get({ host: u.hostname, port: u.port, path: pathname, headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    }).on('error', reject);
  });
}

function decode(r) {
  const enc = r.headers['content-encoding'];
  if (enc === 'br') return brotliDecompressSync(r.body);
  if (enc === 'gzip') return gunzipSync(r.body);
  assert.equal(enc, undefined, `unknown coding ${enc}`);
  return r.body;
}

test('static files: brotli or gzip by Accept-Encoding, identical content, Vary, q=0 respected', async () => {
  const plain = await raw('/', {});
  assert.equal(plain.status, 200);
  assert.equal(plain.headers['content-encoding'], undefined, 'no coding without Accept-Encoding');
  const html = plain.body.toString();
  const js = /src="(\/assets\/index-[^"]+\.js)"/.exec(html)[1];
  const cases = [
    ['gzip, deflate, br', 'br'], ['br', 'br'], ['gzip', 'gzip'], ['BR;q=1.0, gzip;q=0.5', 'br'],
    ['br;q=0, gzip', 'gzip'], ['br;q=0.0, gzip;q=0', undefined], ['identity', undefined], ['*', 'br'],
    ['*, br;q=0', 'gzip'], ['deflate', undefined], ['', undefined],
  ];
  const identity = await raw(js, {});
  assert.equal(identity.status, 200);
  for (const [accept, want] of cases) {
    const r = await raw(js, { 'Accept-Encoding': accept });
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-encoding'], want, `Accept-Encoding: ${JSON.stringify(accept)}`);
    assert.equal(r.headers.vary, 'Accept-Encoding');
    assert.equal(Number(r.headers['content-length']), r.body.length);
    assert.ok(decode(r).equals(identity.body), `same bytes after decoding (${accept})`);
    if (want) assert.ok(r.body.length < identity.body.length * 0.5, 'JavaScript compresses well');
  }
  assert.match(identity.headers['content-type'], /javascript/, 'the type of the file, not of the coding');
  assert.match(identity.headers['cache-control'], /immutable/);
  // a SPA route is index.html, compressed too
  const spa = await raw('/login', { 'Accept-Encoding': 'br' });
  assert.equal(spa.headers['content-encoding'], 'br');
  assert.equal(decode(spa).toString(), html);
  // HEAD: headers, no body
  const u = new URL(BASE);
  const head = await new Promise((resolve) => http.request({ host: u.hostname, port: u.port, path: js, method: 'HEAD', headers: { 'Accept-Encoding': 'br' }, agent: false }, resolve).end());
  assert.equal(head.headers['content-encoding'], 'br');
});

test('the login page loads in at most 450 KB on the wire', async () => {
  const ae = { 'Accept-Encoding': 'gzip, deflate, br' };
  const index = await raw('/login', ae);
  const html = decode(index).toString();
  const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
  assert.ok(assets.length >= 4, `entry, preloads and styles: ${assets}`);
  let total = index.body.length;
  for (const a of assets) {
    const r = await raw(a, ae);
    assert.equal(r.status, 200, a);
    total += r.body.length;
  }
  // the login view's own chunk: found from the entry's import map
  const entry = decode(await raw(assets.find((a) => /index-.*\.js$/.test(a)), ae)).toString();
  for (const m of entry.matchAll(/"(?:\.\/|\/assets\/)?(LoginView-[^"]+\.(?:js|css))"/g)) {
    const r = await raw(`/assets/${m[1]}`, ae);
    if (r.status === 200) total += r.body.length;
  }
  assert.ok(total <= 450 * 1024, `login page on the wire: ${(total / 1024).toFixed(0)} KB`);
});

test('large JSON answers are gzipped for clients that accept it; small ones and non-accepting clients get identity', async () => {
  const big = await raw('/api/v1/openapi.json', { 'Accept-Encoding': 'gzip, br' });
  assert.equal(big.status, 200);
  assert.equal(big.headers['content-encoding'], 'gzip');
  assert.equal(big.headers.vary, 'Accept-Encoding');
  const doc = JSON.parse(gunzipSync(big.body).toString());
  assert.equal(doc.openapi, '3.0.3');
  const plain = await raw('/api/v1/openapi.json', {});
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.deepEqual(JSON.parse(plain.body.toString()), doc);
  assert.ok(big.body.length < plain.body.length / 3);
  const refused = await raw('/api/v1/openapi.json', { 'Accept-Encoding': 'gzip;q=0' });
  assert.equal(refused.headers['content-encoding'], undefined);
  const small = await raw('/healthz', { 'Accept-Encoding': 'gzip' });
  assert.equal(small.headers['content-encoding'], undefined, 'a few bytes are not worth it');
  // an authenticated list, and an error body, decode to the same JSON
  const a = await admin();
  const auth = { Authorization: `Bearer ${a.token}` };
  const list = await raw('/api/v1/audit?per_page=200', { ...auth, 'Accept-Encoding': 'gzip' });
  assert.equal(list.status, 200);
  const items = JSON.parse(decode(list).toString());
  assert.ok(Array.isArray(items.items));
  if (JSON.stringify(items).length >= 1024) assert.equal(list.headers['content-encoding'], 'gzip');
  const nf = await raw('/api/v1/orgs/99999999', { ...auth, 'Accept-Encoding': 'gzip' });
  assert.equal(nf.status, 404);
  assert.equal(JSON.parse(decode(nf).toString()).error.code, 'not_found');
});
