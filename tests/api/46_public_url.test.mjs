// Generated links (the QR codes of risk points) start with the public
// address: the --public-url flag, else the root bureau's setting, else
// http://127.0.0.1:<port>; never the Host header a request names. The QR
// label sheet carries each point's 风险告知卡 and a Chinese file name.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { world, assertError, BASE } from './lib.mjs';
import { fetchFile, readPdf, chineseName, today } from './docs_lib.mjs';

let w, s1, point, flag;

const pointBody = (schoolId, extra = {}) => ({
  school_id: schoolId, name: '化学实验室危化品柜', location: '实验楼 3 楼 301', category: 'lab',
  hazard_factors: '易燃易爆化学品、强酸强碱', possible_accidents: '火灾、爆炸、灼伤、中毒',
  control_measures: { engineering: '防爆柜、通风', management: '双人双锁', training: '实验员培训', ppe: '护目镜、手套', emergency: '洗眼器、灭火毯' },
  control_level: 'department', responsible_name: '王老师', patrol_frequency: 'weekly', ...extra,
});

// A GET with a Host header of our choosing (fetch will not forge one).
function rawGet(path, token, host) {
  const u = new URL(BASE);
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: u.hostname, port: u.port, path, method: 'GET',
      headers: { Host: host, Authorization: `Bearer ${token}`, 'X-Forwarded-Host': host },
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, buf: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

before(async () => {
  w = await world();
  [s1] = w.schools;
  const p = await s1.officer.client.post('/api/v1/risk-points', pointBody(s1.org.id));
  assert.equal(p.status, 201, p.text);
  point = p.body;
  const g = await w.admin.get('/api/v1/settings/public-url');
  assert.equal(g.status, 200, g.text);
  flag = g.body.flag;
  // start from "no setting" (a previous run may have left one)
  assert.equal((await w.admin.put('/api/v1/settings/public-url', { public_url: '' })).status, 200);
});

after(async () => {
  await w.admin.put('/api/v1/settings/public-url', { public_url: '' });
});

test('without a flag or setting links use 127.0.0.1 and the served port; a forged Host changes nothing', async () => {
  const expect = flag || `http://127.0.0.1:${new URL(BASE).port}`;
  const g = await w.admin.get('/api/v1/settings/public-url');
  assert.equal(g.body.effective, expect);
  const r = await s1.staff1.client.get(`/api/v1/risk-points/${point.id}`);
  assert.equal(r.body.qr_url, `${expect}/#/patrol/scan/${point.qr_token}`);
  const forged = await rawGet(`/api/v1/risk-points/${point.id}`, s1.staff1.client.token, 'evil.example');
  assert.equal(forged.status, 200);
  const fj = JSON.parse(forged.buf.toString('utf8'));
  assert.equal(fj.qr_url, r.body.qr_url);
  assert.ok(!forged.buf.toString('utf8').includes('evil.example'));
  // the QR image and the label sheet are byte-for-byte the codes of the public address
  const png = await rawGet(`/api/v1/risk-points/${point.id}/qr.png`, s1.staff1.client.token, `127.0.0.1:${new URL(BASE).port}`);
  const evilPng = await rawGet(`/api/v1/risk-points/${point.id}/qr.png`, s1.staff1.client.token, 'evil.example');
  assert.equal(png.status, 200);
  assert.ok(png.buf.equals(evilPng.buf), 'the QR code does not follow the Host header');
});

test('the root bureau sets the public address; every link follows it (unless the flag is given)', async () => {
  const put = await w.admin.put('/api/v1/settings/public-url', { public_url: 'https://xiaoan.example.gov.cn/' });
  assert.equal(put.status, 200, put.text);
  assert.equal(put.body.public_url, 'https://xiaoan.example.gov.cn/');
  const base = flag || 'https://xiaoan.example.gov.cn';
  assert.equal(put.body.effective, base);
  const forged = await rawGet(`/api/v1/risk-points/${point.id}`, s1.staff1.client.token, 'evil.example');
  assert.equal(JSON.parse(forged.buf.toString('utf8')).qr_url, `${base}/#/patrol/scan/${point.qr_token}`);
  // audited
  const a = await w.admin.get('/api/v1/audit?entity=public_url&per_page=5');
  assert.ok(a.body.items.some((x) => x.after && x.after.public_url === 'https://xiaoan.example.gov.cn/'));
});

test('only a root bureau admin reads or sets it; bad values name the field', async () => {
  assertError(await w.cityAdmin.client.get('/api/v1/settings/public-url'), 403);
  assertError(await w.cityAdmin.client.put('/api/v1/settings/public-url', { public_url: 'https://x.example' }), 403);
  assertError(await s1.principal.client.put('/api/v1/settings/public-url', { public_url: 'https://x.example' }), 403);
  const a = w.admin;
  assertError(await a.put('/api/v1/settings/public-url', {}), 422, 'public_url');
  assertError(await a.put('/api/v1/settings/public-url', { public_url: null }), 400, 'public_url', 'wrong_type');
  assertError(await a.put('/api/v1/settings/public-url', { public_url: 42 }), 400, 'public_url');
  assertError(await a.put('/api/v1/settings/public-url', { public_url: 'ftp://x.example' }), 422, 'public_url');
  assertError(await a.put('/api/v1/settings/public-url', { public_url: 'https://' }), 422, 'public_url');
  assertError(await a.put('/api/v1/settings/public-url', { public_url: 'https://a b.example' }), 422, 'public_url');
  assertError(await a.put('/api/v1/settings/public-url', { public_url: 'https://x.example/#/evil' }), 422, 'public_url');
  assertError(await a.put('/api/v1/settings/public-url', { public_url: 'https://' + 'x'.repeat(200) + '.cn' }), 422, 'public_url');
  assertError(await a.put('/api/v1/settings/public-url', { public_url: 'https://x.example', extra: 1 }), 400, 'extra');
});

test('QR labels carry the 风险告知卡 and a Chinese file name; scoped to the school', async () => {
  const f = await fetchFile(s1.officer.client, `/api/v1/risk-points/labels.pdf?org=${s1.org.id}`);
  assert.equal(f.status, 200, f.text);
  assert.equal(chineseName(f.cd, { ascii: /^risk-labels-\d+\.pdf$/ }), `${s1.org.name}_风险点二维码_${today()}.pdf`);
  const pdf = readPdf(f.buf);
  for (const s of ['风险告知卡', '主要风险', '易燃易爆化学品', '管控措施', '工程技术', '责任人', '王老师', '应急电话', '119'])
    assert.ok(pdf.text.includes(s), `label holds ${s}`);
  assertError(await w.countyAdminB.client.get(`/api/v1/risk-points/labels.pdf?org=${s1.org.id}`), 404, 'org');
  assertError(await w.schools[1].officer.client.get(`/api/v1/risk-points/labels.pdf?org=${s1.org.id}`), 404, 'org');
  assertError(await w.countyAdminA.client.get(`/api/v1/risk-points/labels.pdf?org=${w.countyA.id}`), 422, 'org');
});
