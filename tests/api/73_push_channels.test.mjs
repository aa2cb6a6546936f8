// Push channels (推送渠道) as their admins use them: a county bureau admin and
// a principal each configure their own org's channels; secrets are never
// answered back (masked as 已设置, kept on a PATCH that omits them, absent
// from the audit log); validation names the field; a school cannot see its
// county's channels, a county not another county's (404), a teacher or an
// auditor has no access (403); test messages need the tester's own address;
// only dead pushes can be retried.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { world, assertError, admin } from './lib.mjs';

let w, cA, cB, sch, chA, chS;
// Channels that may get a push point at a closed loopback port or at names
// that never resolve (.invalid), so a test run sends nothing off the machine.
const SECRET_URL = 'http://127.0.0.1:9/cgi-bin/webhook/send?key=5f1c-secret-key-73';

before(async () => {
  w = await world();
  cA = w.countyAdminA.client;
  cB = w.countyAdminB.client;
  sch = w.schools[0];
});

test('a county admin adds a 企业微信 robot: the key is stored but never answered', async () => {
  const r = await cA.post('/api/v1/push-channels', { org_id: w.countyA.id, kind: 'wecom', name: '县局安全工作群', url: SECRET_URL });
  assert.equal(r.status, 201, r.text);
  chA = r.body;
  assert.equal(chA.kind_name, '企业微信群机器人');
  assert.deepEqual(chA.secrets, { url: '已设置' });
  assert.deepEqual(chA.msg_kinds, []);
  assert.equal(chA.enabled, true);
  assert.equal(chA.max_tries, 8);
  assert.deepEqual([chA.pending, chA.sent, chA.dead], [0, 0, 0]);
  assert.ok(!r.text.includes('5f1c-secret-key-73'));
  for (const p of [`/api/v1/push-channels/${chA.id}`, '/api/v1/push-channels', `/api/v1/push-channels/${chA.id}/outbox`]) {
    const g = await cA.get(p);
    assert.equal(g.status, 200, `${p}: ${g.text}`);
    assert.ok(!g.text.includes('5f1c-secret-key-73'), `${p} leaks the key`);
  }
  const a = await (await admin()).get(`/api/v1/audit?entity=push_channel&per_page=50`);
  assert.equal(a.status, 200);
  assert.ok(a.body.items.some((x) => x.entity_id === chA.id && x.action === 'create'));
  assert.ok(!a.text.includes('5f1c-secret-key-73'), 'the audit log keeps no secret');
});

test('PATCH keeps secrets it is not given, replaces those it is, and takes a kind list', async () => {
  let r = await cA.patch(`/api/v1/push-channels/${chA.id}`, { name: '县局安全群', msg_kinds: ['hazard_assigned', 'incident_reported'], max_tries: 5 });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.name, '县局安全群');
  assert.deepEqual(r.body.msg_kinds, ['hazard_assigned', 'incident_reported']);
  assert.deepEqual(r.body.msg_kind_names, ['隐患交办给我', '事故报告']);
  assert.deepEqual(r.body.secrets, { url: '已设置' });
  r = await cA.patch(`/api/v1/push-channels/${chA.id}`, { url: 'http://127.0.0.1:9/cgi-bin/webhook/send?key=new-key-73', msg_kinds: [] });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.msg_kinds, []);
  assert.ok(!r.text.includes('new-key-73'));
  // a required secret cannot be emptied
  assertError(await cA.patch(`/api/v1/push-channels/${chA.id}`, { url: '' }), 422, 'url', 'required');
});

test('validation names the field', async () => {
  const base = { org_id: w.countyA.id, name: '钉钉群' };
  const cases = [
    [{ ...base, kind: 'dingtalk', url: 'ftp://oapi.dingtalk.invalid/robot/send', secret: 'SECx' }, 422, 'url'],
    [{ ...base, kind: 'dingtalk', url: 'https://oapi.dingtalk.invalid/robot/send?access_token=x' }, 422, 'secret'],
    [{ ...base, kind: 'dingtalk', url: 'https://oapi.dingtalk.invalid/robot send', secret: 'S' }, 422, 'url'],
    [{ ...base, kind: 'telegram', url: 'https://t.me/x' }, 422, 'kind'],
    [{ ...base, kind: 'wecom', url: SECRET_URL, msg_kinds: ['hazard_assigned', 'no_such_kind'] }, 422, 'msg_kinds'],
    [{ ...base, kind: 'wecom', url: SECRET_URL, msg_kinds: ['hazard_assigned', 'hazard_assigned'] }, 422, 'msg_kinds'],
    [{ ...base, kind: 'wecom', url: SECRET_URL, msg_kinds: [7] }, 400, 'msg_kinds'],
    [{ ...base, kind: 'wecom', url: SECRET_URL, msg_kinds: 'hazard_assigned' }, 400, 'msg_kinds'],
    [{ ...base, kind: 'wecom', url: SECRET_URL, template: '{phone}{text}' }, 422, 'template'],
    [{ ...base, kind: 'wecom' }, 422, 'url'],
    [{ ...base, kind: 'wecom', url: null }, 400, 'url'], // null is a wrong type, not an absence
    [{ ...base, kind: 'wecom', url: ['https://x.cn'] }, 400, 'url'],
    [{ ...base, kind: 'wecom', url: SECRET_URL, max_tries: 0 }, 422, 'max_tries'],
    [{ ...base, kind: 'wecom', url: SECRET_URL, max_tries: 21 }, 422, 'max_tries'],
    [{ ...base, kind: 'wecom', url: SECRET_URL, name: 'x'.repeat(41) }, 422, 'name'],
    [{ ...base, kind: 'wecom', url: SECRET_URL, name: 5 }, 400, 'name'],
    [{ ...base, kind: 'wecom', url: SECRET_URL, colour: 'red' }, 400, 'colour'],
    [{ ...base, kind: 'wecom', url: 'https://' + 'a'.repeat(500) }, 422, 'url'],
    [{ ...base, kind: 'sms', url: 'https://sms.example.invalid/send', template: '{"to":"{phone}"}' }, 422, 'template'],
    [{ ...base, kind: 'sms', template: '{"to":"{phone}","msg":"{text}"}' }, 422, 'url'],
    [{ ...base, kind: 'email', smtp_url: 'http://mail.example.invalid', mail_from: 'a@b.cn' }, 422, 'smtp_url'],
    [{ ...base, kind: 'email', smtp_url: 'smtps://mail.example.invalid:465', mail_from: 'not-an-address' }, 422, 'mail_from'],
    [{ ...base, kind: 'email', smtp_url: 'smtps://mail.example.invalid:465' }, 422, 'mail_from'],
    [{ ...base, kind: 'webhook', url: 'https://hook.example.invalid/x' }, 422, 'secret'],
    [{ name: '无机构', kind: 'wecom', url: SECRET_URL }, 422, 'org_id'],
  ];
  for (const [body, status, field] of cases) {
    const r = await cA.post('/api/v1/push-channels', body);
    assertError(r, status, field);
  }
  assertError(await cA.post('/api/v1/push-channels', 'not json'), 400);
  assertError(await cA.patch(`/api/v1/push-channels/${chA.id}`, { kind: 'sms' }), 400, 'kind');
  assertError(await cA.patch(`/api/v1/push-channels/${chA.id}`, { secret: 'x' }), 422, 'secret');
  // nothing half-written: the channel is as it was
  const g = await cA.get(`/api/v1/push-channels/${chA.id}`);
  assert.equal(g.body.name, '县局安全群');
});

test('the other kinds are accepted with what they need', async () => {
  const mk = async (body) => {
    const r = await cA.post('/api/v1/push-channels', { org_id: w.countyA.id, ...body });
    assert.equal(r.status, 201, r.text);
    return r.body;
  };
  const d = await mk({ kind: 'dingtalk', name: '钉钉群', url: 'https://oapi.dingtalk.invalid/robot/send?access_token=tok73', secret: 'SEC73abc' });
  assert.deepEqual(d.secrets, { url: '已设置', secret: '已设置' });
  const h = await mk({ kind: 'webhook', name: '政务平台', url: 'https://hook.example.invalid/xiaoan', secret: 'hook-secret-73' });
  assert.equal(h.config.url, 'https://hook.example.invalid/xiaoan');
  assert.deepEqual(h.secrets, { secret: '已设置' });
  const s = await mk({ kind: 'sms', name: '短信', url: 'https://sms.example.invalid/send', template: 'to={phone}&msg={text}' });
  assert.deepEqual(s.secrets, { token: '未设置' });
  const e = await mk({ kind: 'email', name: '邮件', smtp_url: 'smtps://smtp.example.invalid:465', mail_from: 'xiaoan@example.cn', smtp_user: 'xiaoan', smtp_password: 'mail-pass-73', enabled: false });
  assert.deepEqual(e.config, { mail_from: 'xiaoan@example.cn', smtp_url: 'smtps://smtp.example.invalid:465', smtp_user: 'xiaoan' });
  assert.deepEqual(e.secrets, { smtp_password: '已设置' });
  assert.equal(e.enabled, false);
  const all = await cA.get(`/api/v1/push-channels?org_id=${w.countyA.id}`);
  for (const k of ['SEC73abc', 'hook-secret-73', 'mail-pass-73', 'tok73']) assert.ok(!all.text.includes(k), k);
  // a disabled channel sends no test
  assertError(await cA.post(`/api/v1/push-channels/${e.id}/test`), 409, 'enabled');
  const kinds = await cA.get('/api/v1/push-kinds');
  assert.equal(kinds.status, 200);
  assert.ok(kinds.body.msg_kinds.some((k) => k.code === 'hazard_assigned' && k.name === '隐患交办给我'));
  assert.equal(kinds.body.channel_kinds.length, 5);
});

test('scope: a principal runs the school\'s own channels only; counties are apart; staff have no access', async () => {
  const p = sch.principal.client;
  const r = await p.post('/api/v1/push-channels', { org_id: sch.org.id, kind: 'wecom', name: '学校安全群', url: SECRET_URL });
  assert.equal(r.status, 201, r.text);
  chS = r.body;
  // the school cannot see or touch the county's channel
  assertError(await p.get(`/api/v1/push-channels/${chA.id}`), 404);
  assertError(await p.patch(`/api/v1/push-channels/${chA.id}`, { name: 'x' }), 404);
  assertError(await p.del(`/api/v1/push-channels/${chA.id}`), 404);
  assertError(await p.post(`/api/v1/push-channels/${chA.id}/test`), 404);
  assertError(await p.get(`/api/v1/push-channels/${chA.id}/outbox`), 404);
  assertError(await p.post('/api/v1/push-channels', { org_id: w.countyA.id, kind: 'wecom', name: 'x', url: SECRET_URL }), 404);
  assertError(await p.get(`/api/v1/push-channels?org_id=${w.countyA.id}`), 404);
  const mine = await p.get('/api/v1/push-channels');
  assert.deepEqual(mine.body.items.map((c) => c.id), [chS.id]);
  // another school of the same county: 404 as well
  assertError(await w.schools[1].principal.client.get(`/api/v1/push-channels/${chS.id}`), 404);
  // the county sees its school's channel; the other county sees neither
  assert.ok((await cA.get('/api/v1/push-channels')).body.items.some((c) => c.id === chS.id));
  assertError(await cB.get(`/api/v1/push-channels/${chA.id}`), 404);
  assertError(await cB.get(`/api/v1/push-channels/${chS.id}`), 404);
  assertError(await cB.patch(`/api/v1/push-channels/${chA.id}`, { enabled: false }), 404);
  assertError(await cB.post('/api/v1/push-channels', { org_id: w.countyA.id, kind: 'wecom', name: 'x', url: SECRET_URL }), 404);
  assert.ok(!(await cB.get('/api/v1/push-channels')).body.items.some((c) => c.id === chA.id || c.id === chS.id));
  // teachers, safety officers and inspectors do not manage channels
  for (const c of [sch.staff1.client, sch.officer.client, w.inspectorA.client]) {
    assertError(await c.get('/api/v1/push-channels'), 403);
    const g = await c.get(`/api/v1/push-channels/${chS.id}`);
    assert.ok(g.status === 403 || g.status === 404, g.text);
  }
});

test('the test message needs the tester\'s own address; users take an email address', async () => {
  const e = await cA.post('/api/v1/push-channels', { org_id: w.countyA.id, kind: 'email', name: '邮件2', smtp_url: 'smtp://127.0.0.1:9', mail_from: 'xiaoan@example.cn' });
  assert.equal(e.status, 201, e.text);
  assertError(await cA.post(`/api/v1/push-channels/${e.body.id}/test`), 422, 'email');
  const s = await cA.post('/api/v1/push-channels', { org_id: w.countyA.id, kind: 'sms', name: '短信2', url: 'http://127.0.0.1:9/sms', template: 'p={phone}&t={text}' });
  assertError(await cA.post(`/api/v1/push-channels/${s.body.id}/test`), 422, 'phone');
  assertError(await cA.post(`/api/v1/push-channels/${s.body.id}/test`, { to: 'x' }), 400, 'to');
  const a = await admin();
  assertError(await a.patch(`/api/v1/users/${w.countyAdminA.id}`, { email: 'not an address' }), 422, 'email');
  assertError(await a.patch(`/api/v1/users/${w.countyAdminA.id}`, { email: 5 }), 400, 'email');
  // null is a wrong type (400 naming the field), not "no change"; nothing is written
  assertError(await a.patch(`/api/v1/users/${w.countyAdminA.id}`, { email: null }), 400, 'email', 'wrong_type');
  assertError(await a.patch(`/api/v1/users/${w.countyAdminA.id}`, { phone: null, name: '改名' }), 400, 'phone', 'wrong_type');
  const same = await a.get(`/api/v1/users/${w.countyAdminA.id}`);
  assert.equal(same.status, 200, same.text);
  assert.equal(same.body.name, w.countyAdminA.name, 'a refused PATCH changes nothing');
  const u = await a.patch(`/api/v1/users/${w.countyAdminA.id}`, { email: 'admin-a@example.cn' });
  assert.equal(u.status, 200, u.text);
  assert.equal(u.body.email, 'admin-a@example.cn');
  const t = await cA.post(`/api/v1/push-channels/${e.body.id}/test`);
  assert.equal(t.status, 202, t.text);
  assert.ok(t.body.message_id > 0);
  assert.equal(t.body.queued, true);
});

test('outbox: state filter checked, only dead rows retried, other county 404, delete hides the channel', async () => {
  assertError(await cA.get(`/api/v1/push-channels/${chA.id}/outbox?state=lost`), 400, 'state');
  // the school's test push (its robot is not reachable from here) shows up as a row
  const t = await sch.principal.client.post(`/api/v1/push-channels/${chS.id}/test`);
  assert.equal(t.status, 202, t.text);
  let rows;
  for (let i = 0; i < 100; i++) {
    rows = (await sch.principal.client.get(`/api/v1/push-channels/${chS.id}/outbox`)).body;
    if (rows.total > 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(rows.total, 1, JSON.stringify(rows));
  const row = rows.items[0];
  assert.equal(row.title, '推送测试：学校安全群');
  assert.equal(row.msg_kind, 'push_test');
  if (row.state !== 'dead') assertError(await sch.principal.client.post(`/api/v1/push-outbox/${row.id}/retry`), 409, 'state');
  assertError(await cB.post(`/api/v1/push-outbox/${row.id}/retry`), 404);
  assertError(await w.schools[1].principal.client.post(`/api/v1/push-outbox/${row.id}/retry`), 404);
  assertError(await cA.post('/api/v1/push-outbox/999999999/retry'), 404);
  // delete
  assertError(await cB.del(`/api/v1/push-channels/${chS.id}`), 404);
  const d = await sch.principal.client.del(`/api/v1/push-channels/${chS.id}`);
  assert.equal(d.status, 200, d.text);
  assertError(await sch.principal.client.get(`/api/v1/push-channels/${chS.id}`), 404);
  assertError(await sch.principal.client.post(`/api/v1/push-outbox/${row.id}/retry`), 404);
  assert.ok(!(await cA.get('/api/v1/push-channels')).body.items.some((c) => c.id === chS.id));
});
