// Push delivery end to end, against loopback receivers that emulate the
// 企业微信 and 钉钉 robots (钉钉's signature is checked), a signed webhook, an
// SMS gateway and an SMTP sink: one push per event per group channel, one
// per person for SMS and email, only to the channel's own org and the kinds
// it takes; a receiver down then up gets each message exactly once per
// idempotency key; a lost answer is retried and deduped by the receiver; a
// receiver that always fails is dead-lettered, visible on the status API,
// and retried on request. Runs a private server with fast push timings on a
// fresh database of the backend under test.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  freshDb, init, startServer, client, firstLogin, freePort, addMessages, until, sleep, sanitizerReport,
  wecomReceiver, dingtalkReceiver, webhookReceiver, httpReceiver, smtpSink, INITIAL_PASSWORD,
} from './push_lib.mjs';

const PUBLIC = 'https://xiaoan.example.gov.cn';
let db, srv, root, adm, w = {};
// every receiver on a port the system picks at its first start
const rx = {
  wecom: wecomReceiver(0, 'K74'),
  ding: dingtalkReceiver(0, 'T74', 'SEC74secret'),
  hook: webhookReceiver(0, 'W74secret'),
  sms: httpReceiver(0, (req, url, rec) => (rec.json?.mobile && rec.json?.content ? null : { status: 400 })),
  smtp: smtpSink(0),
  bad: httpReceiver(0),
};

async function mk(c, path, body, status = 201) {
  const r = await c.post(path, body);
  assert.equal(r.status, status, `${path}: ${r.text}`);
  return r.body;
}

const channel = async (id) => (await adm.get(`/api/v1/push-channels/${id}`)).body;

before(async () => {
  db = freshDb('push74');
  init(db, 'root', 'Root#2026x');
  srv = await startServer(db, await freePort());
  root = await client(srv.base, 'root', 'Root#2026x');
  for (const r of Object.values(rx)) await r.start();
  const city = await mk(root, '/api/v1/orgs', { parent_id: 1, kind: 'city', name: '岳阳市', code: '430600' });
  w.county = await mk(root, '/api/v1/orgs', { parent_id: city.id, kind: 'county', name: '华容县教育局', code: '430623' });
  w.countyB = await mk(root, '/api/v1/orgs', { parent_id: city.id, kind: 'county', name: '岳阳县教育局', code: '430621' });
  w.school = await mk(root, '/api/v1/orgs', { parent_id: w.county.id, kind: 'school', name: '华容县第一中学', code: '4306230001', school_type: 'junior' });
  // an account the root admin makes changes its password at the first login
  const user = async (username, org, role, extra = {}) => {
    const u = await mk(root, '/api/v1/users', { username, password: INITIAL_PASSWORD, name: username, org_id: org, roles: [{ role, org_id: org }], ...extra });
    await firstLogin(srv.base, username, 'Passw0rd#2026');
    return u;
  };
  w.admin = await user('hr_admin', w.county.id, 'bureau_admin', { email: 'admin@hr.example.cn', phone: '13800000001' });
  w.insp = await user('hr_insp', w.county.id, 'inspector', { email: 'insp@hr.example.cn', phone: '13800000002' });
  w.aud = await user('hr_aud', w.county.id, 'auditor');
  w.principal = await user('s1_principal', w.school.id, 'principal', { email: 'p@s1.example.cn', phone: '13800000003' });
  w.adminB = await user('yy_admin', w.countyB.id, 'bureau_admin', { email: 'b@yy.example.cn', phone: '13800000004' });
  adm = await client(srv.base, 'hr_admin', 'Passw0rd#2026');
  const ch = (body) => mk(adm, '/api/v1/push-channels', { org_id: w.county.id, ...body });
  w.wecom = await ch({ kind: 'wecom', name: '县局安全工作群', url: rx.wecom.url('/cgi-bin/webhook/send?key=K74'), max_tries: 20 });
  w.ding = await ch({ kind: 'dingtalk', name: '县局钉钉群', url: rx.ding.url('/robot/send?access_token=T74'), secret: 'SEC74secret', msg_kinds: ['hazard_assigned'] });
  w.hook = await ch({ kind: 'webhook', name: '县政务平台', url: rx.hook.url('/xiaoan'), secret: 'W74secret', max_tries: 20 });
  w.sms = await ch({ kind: 'sms', name: '短信', url: rx.sms.url('/send?token={token}'), template: '{"mobile":"{phone}","content":"{text}"}', token: 'tok74' });
  w.mail = await ch({ kind: 'email', name: '邮件', smtp_url: `smtp://127.0.0.1:${rx.smtp.port}`, mail_from: 'xiaoan@hr.example.cn' });
  // another county's channel never sees county A's messages
  const admB = await client(srv.base, 'yy_admin', 'Passw0rd#2026');
  w.wecomB = await mk(admB, '/api/v1/push-channels', { org_id: w.countyB.id, kind: 'wecom', name: '乙县群', url: rx.wecom.url('/cgi-bin/webhook/send?key=K74') });
});

after(async () => {
  if (srv) await srv.stop();
  if (process.env.XA_PUSH_TEST_LOG) (await import('node:fs')).writeFileSync(process.env.XA_PUSH_TEST_LOG, srv.log());
  for (const r of Object.values(rx)) await r.stop().catch(() => {});
  const rep = srv && sanitizerReport(srv.log());
  assert.equal(rep, null, `sanitizer report in the server log:\n${rep}`);
});

test('one event to three people: one push per group channel, one per person by SMS and email, own org and chosen kinds only', { timeout: 60000 }, async () => {
  addMessages(db, { users: [w.admin.id, w.insp.id, w.aud.id], orgId: w.school.id, kind: 'hazard_assigned', title: '隐患交办：教学楼消防通道堵塞', body: '请于 12 月 10 日前完成整改。', link: '/hazards/1', eventKey: 'hazard:1:assign' });
  addMessages(db, { users: [w.principal.id], orgId: w.school.id, kind: 'hazard_assigned', title: '隐患交办：教学楼消防通道堵塞', link: '/hazards/1', eventKey: 'hazard:1:assign' });
  addMessages(db, { users: [w.admin.id], orgId: w.county.id, kind: 'weekly_late', title: '3 所学校本周周报逾期', link: '/reports/weekly', eventKey: 'weekly:2026-W49:late' });
  const k = (ch, key) => `${ch.id}:${key}`;
  await until(async () => rx.wecom.accepted.size >= 2 && rx.hook.accepted.size >= 2 && rx.ding.accepted.size >= 1 && rx.sms.accepted.size >= 3 && rx.smtp.accepted.size >= 3, 'first deliveries');
  await sleep(800); // anything sent twice would show up now
  assert.deepEqual(rx.wecom.keys.sort(), [k(w.wecom, 'e:hazard:1:assign'), k(w.wecom, 'e:weekly:2026-W49:late')].sort());
  assert.equal(rx.wecom.requests.length, 2, 'no second request to the 企业微信 robot');
  const md = rx.wecom.accepted.get(k(w.wecom, 'e:hazard:1:assign')).json.markdown.content;
  assert.match(md, /\*\*隐患交办：教学楼消防通道堵塞\*\*/);
  assert.ok(md.includes(`${PUBLIC}/hazards/1`), md);
  // 钉钉 takes hazard_assigned only; every request passed the signature check
  assert.deepEqual(rx.ding.keys, [k(w.ding, 'e:hazard:1:assign')]);
  assert.equal(rx.ding.requests.length, 1);
  assert.equal(rx.ding.accepted.get(k(w.ding, 'e:hazard:1:assign')).json.markdown.title, '隐患交办：教学楼消防通道堵塞');
  // signed webhook
  assert.equal(rx.hook.requests.length, 2);
  const hj = rx.hook.accepted.get(k(w.hook, 'e:hazard:1:assign')).json;
  assert.equal(hj.title, '隐患交办：教学楼消防通道堵塞');
  assert.equal(hj.kind_name, '隐患交办给我');
  assert.equal(hj.link, `${PUBLIC}/hazards/1`);
  assert.equal(hj.org, '华容县教育局');
  // SMS: the phones of the county's recipients (the auditor has none), not the school's
  assert.deepEqual(rx.sms.requests.map((r) => r.json.mobile).sort(), ['13800000001', '13800000001', '13800000002']);
  assert.ok(rx.sms.requests.every((r) => r.url.searchParams.get('token') === 'tok74'));
  assert.ok(rx.sms.requests.some((r) => r.json.content.startsWith('【校安】隐患交办：教学楼消防通道堵塞')));
  // email: one mail per person with an address
  assert.equal(rx.smtp.requests.length, 3);
  assert.deepEqual(rx.smtp.requests.map((m) => m.rcpt[0]).sort(), ['admin@hr.example.cn', 'admin@hr.example.cn', 'insp@hr.example.cn']);
  const mail = rx.smtp.requests.find((m) => m.rcpt[0] === 'insp@hr.example.cn');
  assert.equal(mail.subject, '隐患交办：教学楼消防通道堵塞');
  assert.equal(mail.from, 'xiaoan@hr.example.cn');
  assert.ok(mail.text.includes(`${PUBLIC}/hazards/1`), mail.text);
  // the other county's channel got nothing
  const b = await (await client(srv.base, 'yy_admin', 'Passw0rd#2026')).get(`/api/v1/push-channels/${w.wecomB.id}`);
  assert.equal(b.body.sent + b.body.pending + b.body.dead, 0);
  // the status API agrees
  for (const [ch, n] of [[w.wecom, 2], [w.ding, 1], [w.hook, 2], [w.sms, 3], [w.mail, 3]]) {
    const c = await channel(ch.id);
    assert.deepEqual([c.sent, c.pending, c.dead], [n, 0, 0], `${c.name}: ${JSON.stringify(c)}`);
    assert.match(c.last_sent_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
  }
});

test('receiver down, then up: every message delivered exactly once per idempotency key', { timeout: 60000 }, async () => {
  await rx.wecom.stop();
  const before = rx.wecom.requests.length;
  for (let i = 1; i <= 3; i++)
    addMessages(db, { users: [w.admin.id], orgId: w.county.id, kind: 'incident_reported', title: `事故报告 ${i}`, eventKey: `incident:${i}` });
  await until(async () => { const c = await channel(w.wecom.id); return c.pending === 3 && /连接失败/.test(c.last_error) && c; }, 'failed tries while the robot is down');
  await sleep(600);
  await rx.wecom.start();
  await until(async () => (await channel(w.wecom.id)).sent === 5, 'delivery after the robot is back');
  await sleep(800);
  const keys = [1, 2, 3].map((i) => `${w.wecom.id}:e:incident:${i}`);
  for (const key of keys) assert.ok(rx.wecom.accepted.has(key), key);
  assert.equal(rx.wecom.requests.length - before, 3, 'each message reached the robot once');
  assert.equal(rx.wecom.dupes, 0);
  const c = await channel(w.wecom.id);
  assert.equal(c.pending, 0);
  const rows = (await adm.get(`/api/v1/push-channels/${w.wecom.id}/outbox?state=sent`)).body.items;
  const inc = rows.filter((r) => r.idem_key.startsWith('e:incident:'));
  assert.equal(inc.length, 3);
  // the down period cost tries, but only one row at a time paid them: the
  // others of a failing channel wait untried instead of queueing behind it
  assert.ok(inc.some((r) => r.tries >= 2), JSON.stringify(inc.map((r) => r.tries)));
});

test('an answer lost on the way back is retried and the receiver dedupes it by key', { timeout: 60000 }, async () => {
  // the webhook receiver takes the first push but the connection drops before the answer
  let dropped = 0;
  const sentBefore = (await channel(w.hook.id)).sent;
  const orig = rx.hook.accept.bind(rx.hook);
  rx.hook.mode = 'ok';
  rx.hook.accept = (key, rec) => { orig(key, rec); if (!dropped++) throw new Error('drop'); };
  addMessages(db, { users: [w.insp.id], orgId: w.county.id, kind: 'tipoff_received', title: '收到一条新的举报', body: '举报内容：东门消防通道堵塞', link: '/tipoffs/7', eventKey: 'tipoff:7' });
  await until(async () => rx.hook.dupes >= 1 && (await channel(w.hook.id)).sent === sentBefore + 1, 'the retried push');
  rx.hook.accept = orig;
  const key = `${w.hook.id}:e:tipoff:7`;
  assert.equal(rx.hook.requests.filter((r) => r.headers['x-xiaoan-idempotency-key'] === key).length, 2, 'sent twice');
  assert.ok(rx.hook.accepted.has(key));
  assert.equal(rx.hook.dupes, 1, 'the second copy was recognised by its key');
  // a tip-off reaches a group or system by its title and link only, never its content
  const j = rx.hook.accepted.get(key).json;
  assert.equal(j.title, '收到一条新的举报');
  assert.equal(j.body, '');
  assert.equal(j.link, `${PUBLIC}/tipoffs/7`);
  const wx = rx.wecom.accepted.get(`${w.wecom.id}:e:tipoff:7`);
  assert.ok(wx && !wx.json.markdown.content.includes('东门'), 'no tip-off content to the 企业微信 group');
  // the inspector's own email carries it (he may read the tip-off in the app)
  await until(() => rx.smtp.requests.some((m) => m.text.includes('举报内容：东门消防通道堵塞')), 'the personal email');
});

test('a receiver that always fails is dead-lettered, shown on the status API, and retried on request', { timeout: 60000 }, async () => {
  rx.bad.mode = 'fail';
  const ch = await mk(adm, '/api/v1/push-channels', { org_id: w.county.id, kind: 'webhook', name: '坏掉的接口', url: rx.bad.url('/hook'), secret: 's', max_tries: 3 });
  const t = await adm.post(`/api/v1/push-channels/${ch.id}/test`);
  assert.equal(t.status, 202, t.text);
  await until(async () => (await channel(ch.id)).dead === 1, 'dead letter');
  const c = await channel(ch.id);
  assert.equal(c.pending, 0);
  assert.match(c.last_error, /HTTP 500/);
  assert.equal(rx.bad.requests.length, 3, 'exactly max_tries attempts');
  const list = (await adm.get('/api/v1/push-channels')).body.items.find((x) => x.id === ch.id);
  assert.equal(list.dead, 1);
  const dead = (await adm.get(`/api/v1/push-channels/${ch.id}/outbox?state=dead`)).body;
  assert.equal(dead.total, 1);
  assert.equal(dead.items[0].tries, 3);
  assert.equal(dead.items[0].title, '推送测试：坏掉的接口');
  await sleep(600);
  assert.equal(rx.bad.requests.length, 3, 'a dead row is not tried again by itself');
  // the receiver is fixed; an admin retries
  rx.bad.mode = 'ok';
  const r = await adm.post(`/api/v1/push-outbox/${dead.items[0].id}/retry`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.state, 'pending');
  await until(async () => (await channel(ch.id)).sent === 1, 'sent after the retry');
  assert.equal(rx.bad.accepted.size, 1);
  assert.equal((await adm.post(`/api/v1/push-outbox/${dead.items[0].id}/retry`)).status, 409, 'a sent row is not retried');
});

test('a 企业微信 robot answering an error code is a failure too', { timeout: 60000 }, async () => {
  const ch = await mk(adm, '/api/v1/push-channels', { org_id: w.county.id, kind: 'wecom', name: '密钥错误的群', url: rx.wecom.url('/cgi-bin/webhook/send?key=WRONG'), max_tries: 2 });
  assert.equal((await adm.post(`/api/v1/push-channels/${ch.id}/test`)).status, 202);
  await until(async () => (await channel(ch.id)).dead === 1, 'dead letter');
  assert.match((await channel(ch.id)).last_error, /93000/);
});

test('test messages reach the tester by email and SMS; a disabled channel sends nothing', { timeout: 60000 }, async () => {
  const mails = rx.smtp.requests.length, texts = rx.sms.requests.length;
  assert.equal((await adm.post(`/api/v1/push-channels/${w.mail.id}/test`)).status, 202);
  assert.equal((await adm.post(`/api/v1/push-channels/${w.sms.id}/test`)).status, 202);
  await until(async () => rx.smtp.requests.length === mails + 1 && rx.sms.requests.length === texts + 1, 'test deliveries');
  const m = rx.smtp.requests.at(-1);
  assert.deepEqual(m.rcpt, ['admin@hr.example.cn']);
  assert.equal(m.subject, '推送测试：邮件');
  assert.equal(rx.sms.requests.at(-1).json.mobile, '13800000001');
  // the test went to that channel only
  await sleep(500);
  assert.equal(rx.smtp.requests.length, mails + 1);
  // disabled: its messages are not taken
  assert.equal((await adm.patch(`/api/v1/push-channels/${w.ding.id}`, { enabled: false })).status, 200);
  const n = rx.ding.requests.length;
  addMessages(db, { users: [w.admin.id], orgId: w.county.id, kind: 'hazard_assigned', title: '隐患交办：食堂燃气报警器失效', eventKey: 'hazard:9:assign' });
  await until(async () => rx.wecom.accepted.has(`${w.wecom.id}:e:hazard:9:assign`), 'the enabled channel');
  await sleep(500);
  assert.equal(rx.ding.requests.length, n);
  // a PATCH without the secret keeps it: re-enabled, the signature still checks
  assert.equal((await adm.patch(`/api/v1/push-channels/${w.ding.id}`, { enabled: true, name: '县局钉钉群（新）' })).status, 200);
  addMessages(db, { users: [w.admin.id], orgId: w.county.id, kind: 'hazard_assigned', title: '隐患交办：围墙裂缝', eventKey: 'hazard:10:assign' });
  await until(async () => rx.ding.accepted.has(`${w.ding.id}:e:hazard:10:assign`), 'signed push after the edit');
});
