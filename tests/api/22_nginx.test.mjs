// The shipped nginx configuration (dist/nginx-xiaoan.conf) in front of
// xiaoan on loopback, with a self-signed certificate made by openssl: a user
// logs in over TLS and uses the session, the web UI comes through
// compressed, HTTP redirects to HTTPS, HSTS is sent, nginx's request id
// reaches xiaoan and comes back. Skipped when nginx or openssl is missing
// (scripts/deps installs both).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import https from 'node:https';
import http from 'node:http';
import path from 'node:path';

const BIN = process.env.XA_BIN || 'build/xiaoan';
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const PG = process.env.XA_BACKEND === 'postgres';
const have = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const NGINX = ['nginx', '/usr/sbin/nginx'].find((c) => have(c));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const HOST = 'xiaoan.test';
const P443 = 19795, P80 = 19796, PAPP = 19797;

function freshDb() {
  if (PG) {
    const name = `xa_nginx_${process.pid}_${Date.now() % 100000}`;
    return execFileSync(path.join(ROOT, 'scripts/pg'), ['createdb', process.env.XA_PG_PORT || '54329', name]).toString().trim();
  }
  return path.join(mkdtempSync(path.join(tmpdir(), 'xa-nginx-db-')), 'n.db');
}

function tls(method, pathname, { ca, headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = https.request({ host: '127.0.0.1', port: P443, servername: HOST, ca, method, path: pathname, agent: false,
      headers: { Host: `${HOST}:${P443}`, ...headers } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    if (body) req.end(body); else req.end();
  });
}

test('nginx with TLS in front of xiaoan: log in and work through it', { skip: !NGINX || !have('openssl'), timeout: 120000 }, async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'xa-nginx-'));
  // a self-signed certificate for xiaoan.test and 127.0.0.1
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', `/CN=${HOST}`,
    '-addext', `subjectAltName=DNS:${HOST},IP:127.0.0.1`, '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'pipe' });
  const ca = readFileSync(path.join(dir, 'cert.pem'));
  // the shipped site configuration, pointed at this test's ports and files
  let site = readFileSync(path.join(ROOT, 'dist/nginx-xiaoan.conf'), 'utf8');
  const edits = [
    [/server 127\.0\.0\.1:8080;/, `server 127.0.0.1:${PAPP};`],
    [/^\s*listen \[::\]:.*$/gm, ''],
    [/listen 80;/, `listen 127.0.0.1:${P80};`],
    [/listen 443 ssl http2;/, `listen 127.0.0.1:${P443} ssl http2;`],
    [/\/etc\/ssl\/xiaoan\/fullchain\.pem/, path.join(dir, 'cert.pem')],
    [/\/etc\/ssl\/xiaoan\/privkey\.pem/, path.join(dir, 'key.pem')],
    [/xiaoan\.example\.gov\.cn/g, HOST],
  ];
  for (const [re, to] of edits) {
    assert.ok(re.test(site), `the shipped configuration has ${re}`);
    re.lastIndex = 0;
    site = site.replace(re, to);
  }
  for (const d of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(path.join(dir, d));
  writeFileSync(path.join(dir, 'nginx.conf'), `daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  access_log ${dir}/access.log;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
${site}
}
`);
  const check = spawnSync(NGINX, ['-t', '-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log')], { encoding: 'utf8' });
  assert.equal(check.status, 0, `nginx -t: ${check.stderr}`);

  const db = freshDb();
  execFileSync(BIN, ['init', '--db', db, '--admin', 'root', '--password', 'Tls#Pass2026']);
  const app = spawn(BIN, ['serve', '--db', db, '--port', String(PAPP), '--public-url', `https://${HOST}:${P443}`, '--trusted-proxy', '127.0.0.1'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let appLog = '';
  app.stderr.on('data', (d) => { appLog += d; });
  const ngx = spawn(NGINX, ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log')], { stdio: 'ignore' });
  try {
    let up = false;
    for (let i = 0; i < 100 && !up; i++) {
      try { up = (await tls('GET', '/healthz', { ca })).status === 200; } catch { await sleep(100); }
    }
    assert.ok(up, `xiaoan answers through nginx: ${appLog.slice(-400)}`);

    // log in over TLS (certificate verified against the self-signed one)
    const login = await tls('POST', '/api/v1/login', { ca, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'root', password: 'Tls#Pass2026' }) });
    assert.equal(login.status, 200, login.body.toString());
    const lj = JSON.parse(login.body);
    assert.equal(lj.user.username, 'root');
    assert.match(login.headers['strict-transport-security'] || '', /max-age=\d+/);
    const setCookie = [].concat(login.headers['set-cookie'] || []).join('\n');
    const cookie = /((?:__Host-)?xa_session=[^;]+)/.exec(setCookie)?.[1];
    assert.ok(cookie, `a session cookie: ${setCookie}`);
    // the session works through the proxy, by cookie and by bearer token
    const me = await tls('GET', '/api/v1/me', { ca, headers: { Cookie: cookie } });
    assert.equal(me.status, 200, me.body.toString());
    const org = await tls('GET', '/api/v1/orgs/1', { ca, headers: { Authorization: `Bearer ${lj.token}` } });
    assert.equal(org.status, 200);
    // nginx's request id reaches xiaoan's access log and comes back
    assert.match(org.headers['x-request-id'] || '', /^[0-9a-f]{32}$/);
    await sleep(100);
    assert.ok(appLog.includes(`id=${org.headers['x-request-id']}`), 'the same id in xiaoan\'s access log');
    // the web UI comes through precompressed
    const page = await tls('GET', '/login', { ca, headers: { 'Accept-Encoding': 'br, gzip' } });
    assert.equal(page.status, 200);
    assert.equal(page.headers['content-encoding'], 'br');
    // plain HTTP is sent to HTTPS
    const plain = await new Promise((resolve, reject) => http.get({ host: '127.0.0.1', port: P80, path: '/login', headers: { Host: HOST }, agent: false }, resolve).on('error', reject));
    assert.equal(plain.statusCode, 301);
    assert.equal(plain.headers.location, `https://${HOST}/login`);
    // a wrong password through the proxy is still refused
    const bad = await tls('POST', '/api/v1/login', { ca, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'root', password: 'wrong-password' }) });
    assert.equal(bad.status, 401);
  } finally {
    ngx.kill('SIGQUIT');
    app.kill('SIGTERM');
    await Promise.all([new Promise((r) => ngx.once('exit', r)), new Promise((r) => app.once('exit', r))]);
  }
  assert.doesNotMatch(appLog, /ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:/);
});
