// The push outbox survives SIGKILL: the server is killed while a 钉钉 robot
// holds its request open (mid-delivery) and with more pushes waiting; after a
// restart every push is delivered, the interrupted one again under the same
// idempotency key (the receiver takes it once), none lost. Messages written
// while the server is down are pushed after restart too. Private server with
// fast timings on a fresh database of the backend under test. A SIGTERM
// while a robot hangs stops the server at once, leaving that push pending.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  freshDb, init, startServer, client, firstLogin, freePort, addMessages, until, sleep, sanitizerReport,
  dingtalkReceiver, INITIAL_PASSWORD,
} from './push_lib.mjs';

const ding = dingtalkReceiver(0, 'T75', 'SEC75'); // a system-picked port
let srv, PORT;
const logs = [];

after(async () => {
  if (srv) await srv.stop().catch(() => {});
  await ding.stop().catch(() => {});
});

test('SIGKILL mid-delivery: delivered after restart, once per idempotency key', { timeout: 90000 }, async () => {
  const db = freshDb('push75');
  init(db, 'root', 'Root#2026x');
  const env = { XA_PUSH_LEASE_MS: '1500', XA_PUSH_TIMEOUT_MS: '20000' };
  PORT = await freePort(); // the restarts below take the same port
  srv = await startServer(db, PORT, env);
  await ding.start();
  const root = await client(srv.base, 'root', 'Root#2026x');
  const city = (await root.post('/api/v1/orgs', { parent_id: 1, kind: 'city', name: '岳阳市', code: '430600' })).body;
  const county = (await root.post('/api/v1/orgs', { parent_id: city.id, kind: 'county', name: '华容县教育局', code: '430623' })).body;
  assert.ok(county.id, 'county created');
  const u = (await root.post('/api/v1/users', { username: 'hr_admin', password: INITIAL_PASSWORD, name: '李明', org_id: county.id, roles: [{ role: 'bureau_admin', org_id: county.id }] })).body;
  assert.ok(u.id, 'user created');
  await firstLogin(srv.base, 'hr_admin', 'Passw0rd#2026'); // an account the root admin makes changes its password first
  const adm = await client(srv.base, 'hr_admin', 'Passw0rd#2026');
  const ch = await adm.post('/api/v1/push-channels', { org_id: county.id, kind: 'dingtalk', name: '县局钉钉群', url: ding.url('/robot/send?access_token=T75'), secret: 'SEC75' });
  assert.equal(ch.status, 201, ch.text);
  const id = ch.body.id;

  // the robot holds the first request open; the server dies while it waits
  ding.mode = 'hang';
  const hung = new Promise((r) => { ding.onHang = r; });
  for (let i = 1; i <= 4; i++)
    addMessages(db, { users: [u.id], orgId: county.id, kind: 'hazard_overdue', title: `隐患整改逾期 ${i}`, eventKey: `hazard:${i}:overdue` });
  await hung;
  await srv.kill();
  logs.push(srv.log());
  ding.mode = 'ok';
  // written while the server is down
  addMessages(db, { users: [u.id], orgId: county.id, kind: 'hazard_overdue', title: '隐患整改逾期 5', eventKey: 'hazard:5:overdue' });

  srv = await startServer(db, PORT, env);
  const adm2 = await client(srv.base, 'hr_admin', 'Passw0rd#2026');
  await until(async () => (await adm2.get(`/api/v1/push-channels/${id}`)).body.sent === 5, 'all five delivered after restart', 30000);
  await sleep(1000);
  const keys = [1, 2, 3, 4, 5].map((i) => `${id}:e:hazard:${i}:overdue`);
  assert.deepEqual(ding.keys.sort(), keys.sort());
  assert.equal(ding.dupes, 0);
  // the interrupted push went out twice under one key; the rest once
  const first = ding.requests[0].headers['x-xiaoan-idempotency-key'];
  const per = (k) => ding.requests.filter((r) => r.headers['x-xiaoan-idempotency-key'] === k).length;
  assert.equal(per(first), 2, 'the interrupted push was tried again');
  for (const k of keys.filter((k) => k !== first)) assert.equal(per(k), 1, k);
  const c = (await adm2.get(`/api/v1/push-channels/${id}`)).body;
  assert.deepEqual([c.pending, c.dead], [0, 0]);
  const rows = (await adm2.get(`/api/v1/push-channels/${id}/outbox`)).body.items;
  assert.equal(rows.find((r) => `${id}:${r.idem_key}` === first).tries, 2);
  // a shutdown does not wait for a slow robot, and the cut push stays pending untried
  ding.mode = 'hang';
  const hung2 = new Promise((r) => { ding.onHang = r; });
  addMessages(db, { users: [u.id], orgId: county.id, kind: 'hazard_overdue', title: '隐患整改逾期 6', eventKey: 'hazard:6:overdue' });
  await hung2;
  const t0 = Date.now();
  await srv.stop();
  assert.ok(Date.now() - t0 < 5000, `SIGTERM took ${Date.now() - t0} ms`);
  logs.push(srv.log());
  srv = await startServer(db, PORT, { ...env, XA_PUSH_LEASE_MS: '600000' });
  const row = (await (await client(srv.base, 'hr_admin', 'Passw0rd#2026')).get(`/api/v1/push-channels/${id}/outbox?state=pending`)).body.items[0];
  assert.equal(row.idem_key, 'e:hazard:6:overdue');
  assert.equal(row.last_error, '', 'not recorded as a failure');
  await srv.stop();
  logs.push(srv.log());
  srv = null;
  for (const l of logs) assert.equal(sanitizerReport(l), null, sanitizerReport(l) || '');
});
