// What a reader may learn (issue 15, items 1, 2, 3, 11): the audit log
// shows no more than the API itself (a tip-off's contact and tracking code
// to the screening bureau only; a covert inspection's findings, photos and
// inspector to the inspecting side only until it is published); covert
// photos are not readable by the school by id; uploaded photos lose their
// EXIF/XMP/text metadata (what is stored, served and hashed is clean); the
// audit chain check is intact after all of it and a checkpoint verifies.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BASE, world, assertError } from './lib.mjs';

const HOUR = 3600e3;
const today = () => new Date(Date.now() + 8 * HOUR).toISOString().slice(0, 10);
const randIp = () => `127.${1 + Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`;

function pubPost(p, body, headers = {}) {
  const u = new URL(BASE);
  const payload = typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body);
  const h = { 'Content-Type': 'application/json', ...headers, 'Content-Length': Buffer.byteLength(payload) };
  return new Promise((resolve, reject) => {
    const rq = http.request({ host: u.hostname, port: u.port, path: p, method: 'POST', headers: h, localAddress: randIp(), agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode, body: text ? JSON.parse(text) : null, text });
      });
    });
    rq.on('error', reject);
    rq.write(payload);
    rq.end();
  });
}

// A JPEG with JFIF, an EXIF block naming the owner and a GPS position, a
// comment, and a (tiny, fake) scan; unique per call.
let n = 0;
function exifJpeg() {
  n += 1;
  const seg = (marker, data) => Buffer.concat([Buffer.from([0xff, marker, (data.length + 2) >> 8, (data.length + 2) & 0xff]), data]);
  return new Uint8Array(Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    seg(0xe0, Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1')),
    seg(0xe1, Buffer.from(`Exif\0\0Owner=ZhangSan Serial=SN123456 GPSLatitude=28.1234N GPSLongitude=112.98E ${Date.now()}-${n}`, 'latin1')),
    seg(0xe1, Buffer.from('http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>CreatorTool</x:xmpmeta>', 'latin1')),
    seg(0xfe, Buffer.from('shot by ZhangSan', 'latin1')),
    seg(0xdb, Buffer.from([0, 1, 2, 3])),
    Buffer.from([0xff, 0xda, 0x00, 0x04, 0x01, 0x02, 0x10 + n % 200, 0x20, 0x30, 0xff, 0xd9]),
  ]));
}

function textPng() {
  n += 1;
  const chunk = (type, data) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    return Buffer.concat([len, Buffer.from(type, 'latin1'), data, Buffer.from([1, 2, 3, 4])]);
  };
  return new Uint8Array(Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0])),
    chunk('tEXt', Buffer.from('Author\0ZhangSan', 'latin1')),
    chunk('eXIf', Buffer.from('MM\0*GPSLatitude', 'latin1')),
    chunk('IDAT', Buffer.from([n % 250, 1, 2])),
    chunk('IEND', Buffer.alloc(0)),
  ]));
}

// Builds a JPEG whose APP1 holds a little-endian TIFF with an Exif IFD
// (DateTimeOriginal) and a GPS IFD (N 28°30'0", E 112°15'0").
function exifGpsJpeg(tag = 0) {
  const parts = [];
  const b = Buffer.alloc(256);
  let o = 0;
  b.write('II', 0, 'latin1'); b.writeUInt16LE(42, 2); b.writeUInt32LE(8, 4);
  // IFD0 at 8: 2 entries
  b.writeUInt16LE(2, 8);
  b.writeUInt16LE(0x8769, 10); b.writeUInt16LE(4, 12); b.writeUInt32LE(1, 14); b.writeUInt32LE(38, 18);
  b.writeUInt16LE(0x8825, 22); b.writeUInt16LE(4, 24); b.writeUInt32LE(1, 26); b.writeUInt32LE(56, 30);
  b.writeUInt32LE(0, 34);
  // Exif IFD at 38: 1 entry DateTimeOriginal ASCII 20 at 120
  b.writeUInt16LE(1, 38);
  b.writeUInt16LE(0x9003, 40); b.writeUInt16LE(2, 42); b.writeUInt32LE(20, 44); b.writeUInt32LE(120, 48);
  b.writeUInt32LE(0, 52);
  // GPS IFD at 56: 4 entries
  b.writeUInt16LE(4, 56);
  b.writeUInt16LE(1, 58); b.writeUInt16LE(2, 60); b.writeUInt32LE(2, 62); b.write('N\0', 66, 'latin1');
  b.writeUInt16LE(2, 70); b.writeUInt16LE(5, 72); b.writeUInt32LE(3, 74); b.writeUInt32LE(144, 78);
  b.writeUInt16LE(3, 82); b.writeUInt16LE(2, 84); b.writeUInt32LE(2, 86); b.write('E\0', 90, 'latin1');
  b.writeUInt16LE(4, 94); b.writeUInt16LE(5, 96); b.writeUInt32LE(3, 98); b.writeUInt32LE(168, 102);
  b.writeUInt32LE(0, 106);
  b.write('2026:11:20 08:15:30\0', 120, 'latin1');
  const rat = (at, vals) => vals.forEach(([n, d], i) => { b.writeUInt32LE(n, at + i * 8); b.writeUInt32LE(d, at + i * 8 + 4); });
  rat(144, [[28, 1], [30, 1], [0, 1]]);
  rat(168, [[112, 1], [15, 1], [tag, 100]]);
  const tiff = b.subarray(0, 192);
  const app1 = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const seg = (m, d) => Buffer.concat([Buffer.from([0xff, m, (d.length + 2) >> 8, (d.length + 2) & 0xff]), d]);
  return new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xd8]), seg(0xe1, app1), seg(0xdb, Buffer.from([0, 1])),
    Buffer.from([0xff, 0xda, 0, 4, 1, 2, 0x55, tag & 0xff, 0xff, 0xd9])]));
}

const SECRETS = ['ZhangSan', 'SN123456', 'GPS', 'xmpmeta', 'Exif'];

let w, s1, s2;
before(async () => { w = await world(); [s1, s2] = w.schools; });

test('uploaded photos are stored and served without metadata; the hash is of the clean bytes', async () => {
  const c = s1.officer.client;
  for (const [bytes, type] of [[exifJpeg(), 'image/jpeg'], [textPng(), 'image/png']]) {
    const up = await c.req('POST', `/api/v1/photos?school_id=${s1.org.id}`, bytes, { 'Content-Type': type });
    assert.equal(up.status, 201, up.text);
    assert.ok(up.body.size < bytes.length, 'smaller than what was sent');
    const got = await fetch(`${BASE}/api/v1/photos/${up.body.id}`, { headers: { Authorization: `Bearer ${c.token}` } });
    const served = Buffer.from(await got.arrayBuffer());
    const text = served.toString('latin1');
    for (const s of SECRETS) assert.ok(!text.includes(s), `served bytes hold no "${s}"`);
    if (type === 'image/jpeg') {
      assert.ok(text.includes('JFIF'), 'JFIF kept');
      assert.deepEqual([...served.subarray(-2)], [0xff, 0xd9], 'the scan is intact to EOI');
    } else {
      assert.ok(text.includes('IHDR') && text.includes('IDAT') && text.includes('IEND'));
    }
    assert.equal(served.length, up.body.size);
    const { createHash } = await import('node:crypto');
    if (up.body.sha256) assert.equal(up.body.sha256, createHash('sha256').update(served).digest('hex'));
    // the same picture with other metadata is the same photo (reused)
    const again = await c.req('POST', `/api/v1/photos?school_id=${s1.org.id}`, served, { 'Content-Type': type });
    assert.equal(again.body.id, up.body.id, 'the clean bytes are what is hashed');
  }
});

test('signed-out tip-off photos lose the tipster\'s location too', async () => {
  const up = await pubPost(`/api/v1/public/photos?school_id=${s1.org.id}`, Buffer.from(exifJpeg()), { 'Content-Type': 'image/jpeg' });
  assert.equal(up.status, 201, up.text);
  const tip = await pubPost('/api/v1/public/tipoffs', {
    county: w.countyA.code, school_id: s1.org.id, category: 'fire', description: '实验楼消防栓被锁住无法使用', contact: '13912345678', photos: [up.body.token],
  });
  assert.equal(tip.status, 201, tip.text);
  const list = await w.countyAdminA.client.get('/api/v1/tipoffs?status=received');
  const item = list.body.items.find((x) => x.code === tip.body.code);
  const photo = await fetch(`${BASE}/api/v1/photos/${item.photo_ids[0]}`, { headers: { Authorization: `Bearer ${s1.principal.client.token}` } });
  const text = Buffer.from(await photo.arrayBuffer()).toString('latin1');
  for (const s of SECRETS) assert.ok(!text.includes(s), `no "${s}" reaches the school`);
});

test('the audit log does not give a tip-off\'s contact or tracking code to the school', async () => {
  const tip = await pubPost('/api/v1/public/tipoffs', {
    county: w.countyA.code, school_id: s1.org.id, category: 'fire', description: '食堂燃气管道有异味', contact: '13700001234',
  });
  assert.equal(tip.status, 201, tip.text);
  const adm = w.countyAdminA.client;
  const item = (await adm.get('/api/v1/tipoffs?status=received')).body.items.find((x) => x.code === tip.body.code);
  const acc = await adm.post(`/api/v1/tipoffs/${item.id}/accept`, { grade: 'general', reply: '已转学校整改' });
  assert.equal(acc.status, 200, acc.text);
  assert.equal((await adm.post(`/api/v1/tipoffs/${item.id}/replies`, { body: '学校已完成整改' })).status < 300, true);
  // the school's readers: no contact, no code, in any row
  for (const c of [s1.principal.client, s1.officer.client]) {
    const log = await c.get(`/api/v1/audit?entity=tipoff&per_page=200`);
    assert.equal(log.status, 200, log.text);
    assert.ok(log.body.items.some((e) => e.entity_id === item.id), 'the rows are listed');
    assert.ok(!log.text.includes('13700001234'), 'no contact');
    assert.ok(!log.text.includes(tip.body.code), 'no tracking code');
    const all = await c.get(`/api/v1/audit?per_page=200`);
    assert.ok(!all.text.includes('13700001234') && !all.text.includes(tip.body.code));
    const tg = await c.get(`/api/v1/tipoffs/${item.id}`);
    assert.ok(!tg.text.includes(tip.body.code) && !tg.text.includes('13700001234'), 'nor through the tip-off itself');
  }
  // the screening bureau sees what it sees in the tip-off itself
  const blog = await adm.get(`/api/v1/audit?entity=tipoff&entity_id=${item.id}&per_page=200`);
  assert.ok(blog.text.includes('13700001234') || blog.text.includes(tip.body.code) || blog.body.items.length > 0);
  // another county sees nothing of it
  const other = await w.countyAdminB.client.get(`/api/v1/audit?entity=tipoff&entity_id=${item.id}`);
  assert.equal(other.body.total, 0);
});

test('a covert inspection\'s findings, photos and inspector stay hidden from the school until published', async () => {
  const insp = w.inspectorA.client;
  const photo = await insp.req('POST', `/api/v1/photos?school_id=${s1.org.id}`, exifJpeg(), { 'Content-Type': 'image/jpeg' });
  assert.equal(photo.status, 201, photo.text);
  const pid = photo.body.id;
  const cv = await insp.post('/api/v1/inspections', {
    org_id: w.countyA.id, title: '暗访夜查', kind: 'covert', date: today(), group: ['暗访组'], school_ids: [s1.org.id, s2.org.id],
  });
  assert.equal(cv.status, 201, cv.text);
  const f = await insp.post(`/api/v1/inspections/${cv.body.id}/findings`, {
    school_id: s1.org.id, content: '夜间门卫睡岗', category: 'security', photo_ids: [pid],
  });
  assert.equal(f.status, 201, f.text);
  const p1 = s1.principal.client;
  // the photo by id and its meta: not there for the school
  assertError(await p1.get(`/api/v1/photos/${pid}`), 404, 'id');
  assertError(await p1.get(`/api/v1/photos/${pid}/meta`), 404, 'id');
  assertError(await s1.staff1.client.get(`/api/v1/photos/${pid}`), 404, 'id');
  // the inspecting side and the city above see it
  assert.equal((await insp.get(`/api/v1/photos/${pid}/meta`)).status, 200);
  assert.equal((await w.cityAdmin.client.get(`/api/v1/photos/${pid}`)).status, 200);
  // another county: 404 as ever
  assertError(await w.countyAdminB.client.get(`/api/v1/photos/${pid}`), 404);
  // the audit log: the rows may be counted, but say nothing
  for (const ent of ['inspection_finding', 'photo', 'inspection']) {
    const log = await p1.get(`/api/v1/audit?entity=${ent}&per_page=200`);
    assert.equal(log.status, 200);
    assert.ok(!log.text.includes('夜间门卫睡岗'), `${ent}: no finding text`);
    assert.ok(!log.text.includes('暗访夜查'), `${ent}: no inspection title`);
    assert.ok(!log.text.includes(w.inspectorA.username), `${ent}: no inspector`);
  }
  const insplog = await w.countyAdminA.client.get(`/api/v1/audit?entity=inspection_finding&entity_id=${f.body.id}`);
  assert.ok(insplog.text.includes('夜间门卫睡岗'), 'the inspecting side reads its own rows');
  // published: the school sees the finding and its photo
  assert.equal((await insp.post(`/api/v1/inspections/${cv.body.id}/publish`)).status, 200);
  assert.equal((await p1.get(`/api/v1/photos/${pid}`)).status, 200);
  const after = await p1.get(`/api/v1/audit?entity=inspection_finding&entity_id=${f.body.id}`);
  assert.ok(after.text.includes('夜间门卫睡岗'), after.text);
});

test('the chain is intact after all of it, and a signed checkpoint verifies', async () => {
  const v = await w.admin.get('/api/v1/audit/verify');
  assert.deepEqual(v.body, { intact: true, first_bad_id: 0 });
  const db = process.env.XA_DB;
  const bin = process.env.XA_BIN;
  if (!db || !bin) return;
  const dir = mkdtempSync(path.join(tmpdir(), 'xa-cp-'));
  const key = path.join(dir, 'audit.key');
  const cp = execFileSync(bin, ['audit-checkpoint', '--db', db, '--key', key], { stdio: ['ignore', 'pipe', 'ignore'] }).toString();
  assert.match(cp, /^xiaoan-audit-checkpoint 1\nhead_id \d+\nhash [0-9a-f]{64}\nat .+\npublic_key [0-9a-f]{64}\nsignature [0-9a-f]{128}\n$/);
  writeFileSync(path.join(dir, 'cp.txt'), cp);
  const out = execFileSync(bin, ['audit-verify', '--db', db, '--key', key, '--checkpoint', path.join(dir, 'cp.txt')], { stdio: ['ignore', 'pipe', 'ignore'] }).toString();
  assert.match(out, /intact/);
  // an edited checkpoint (a later head claimed) fails its signature
  writeFileSync(path.join(dir, 'bad.txt'), cp.replace(/head_id (\d+)/, (_, d) => `head_id ${Number(d) - 1}`));
  let failed = false;
  try {
    execFileSync(bin, ['audit-verify', '--db', db, '--key', key, '--checkpoint', path.join(dir, 'bad.txt')], { stdio: ['ignore', 'pipe', 'ignore'] });
  } catch (e) { failed = e.status === 1 && /INVALID/.test(e.stdout.toString()); }
  assert.ok(failed, 'an edited checkpoint is refused');
});

test('a staff photo keeps when and where it was taken as columns, shown to hazard managers only', async () => {
  const bytes = exifGpsJpeg(Date.now() % 97);
  const up = await s1.staff1.client.req('POST', `/api/v1/photos?school_id=${s1.org.id}`, bytes, { 'Content-Type': 'image/jpeg' });
  assert.equal(up.status, 201, up.text);
  const served = Buffer.from(await (await fetch(`${BASE}/api/v1/photos/${up.body.id}`, { headers: { Authorization: `Bearer ${s1.officer.client.token}` } })).arrayBuffer());
  assert.ok(!served.toString('latin1').includes('2026:11:20'), 'the file holds no EXIF');
  const mgr = await s1.officer.client.get(`/api/v1/photos/${up.body.id}/meta`);
  assert.equal(mgr.status, 200, mgr.text);
  assert.equal(mgr.body.capture.taken, '2026-11-20T08:15:30');
  assert.ok(Math.abs(mgr.body.capture.gps_lat - 28.5) < 1e-6, mgr.text);
  assert.ok(Math.abs(mgr.body.capture.gps_lon - 112.25) < 1e-3, mgr.text);
  // a teacher sees the photo but not where it was taken
  const t = await s1.staff2.client.get(`/api/v1/photos/${up.body.id}/meta`);
  assert.equal(t.status, 200);
  assert.equal(t.body.capture, undefined);
  // a signed-out upload keeps nothing of it
  const pub = await pubPost(`/api/v1/public/photos?school_id=${s1.org.id}`, Buffer.from(exifGpsJpeg(1 + Date.now() % 89)), { 'Content-Type': 'image/jpeg' });
  assert.equal(pub.status, 201, pub.text);
});
