// The shipped systemd unit (dist/xiaoan.service) is valid and hardened:
// `systemd-analyze verify` finds nothing, and `systemd-analyze security`
// rates its exposure 2.0 or lower ("OK"; an unhardened unit rates 9.6).
// Skipped where systemd-analyze is missing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const BIN = path.resolve(ROOT, process.env.XA_BIN || 'build/xiaoan');
const have = spawnSync('sh', ['-c', 'command -v systemd-analyze']).status === 0;

test('the systemd unit verifies and its exposure is OK', { skip: !have }, () => {
  const unit = readFileSync(path.join(ROOT, 'dist/xiaoan.service'), 'utf8');
  assert.match(unit, /ExecStart=\/usr\/local\/bin\/xiaoan serve --db-file /, 'the URI comes from a file');
  for (const opt of ['NoNewPrivileges=yes', 'ProtectSystem=strict', 'PrivateTmp=yes', 'DynamicUser=yes', 'CapabilityBoundingSet=', 'SystemCallFilter=@system-service', 'LoadCredential='])
    assert.ok(unit.includes(opt), `hardening option ${opt}`);
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'xa-unit-')), 'xiaoan.service');
  writeFileSync(file, unit.replace('/usr/local/bin/xiaoan', BIN));
  const v = spawnSync('systemd-analyze', ['verify', file], { encoding: 'utf8' });
  assert.equal(v.status, 0, v.stderr);
  assert.equal(v.stderr.trim(), '', `verify has no remarks: ${v.stderr}`);
  const s = spawnSync('systemd-analyze', ['security', '--offline=yes', '--threshold=20', file], { encoding: 'utf8' });
  assert.equal(s.status, 0, s.stdout + s.stderr);
  const m = /Overall exposure level for \S+: (\d+\.\d)/.exec(s.stdout + s.stderr);
  assert.ok(m, s.stdout);
  assert.ok(Number(m[1]) <= 2.0, `exposure ${m[1]}`);
});
