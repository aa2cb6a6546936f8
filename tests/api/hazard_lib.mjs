// Helpers of the hazard scenario tests (30_..32_): photos, reports, actions,
// the job trigger, deadlines as ISO strings.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';

export const DAY = 86400 * 1000;

// An ISO 8601 instant without milliseconds ("...Z").
export const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

// Uploads a fresh PNG for the school; returns its id.
export async function photo(client, schoolId) {
  const bytes = new Uint8Array(96);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  bytes.set(randomBytes(88), 8);
  const r = await client.req('POST', `/api/v1/photos?school_id=${schoolId}`, bytes, { 'Content-Type': 'image/png' });
  assert.ok(r.status === 201 || r.status === 200, `photo upload: ${r.status} ${r.text}`);
  return r.body.id;
}

// Reports a hazard; asserts 201 and returns the hazard.
export async function report(client, schoolId, extra = {}) {
  const r = await client.post('/api/v1/hazards', {
    school_id: schoolId, title: '消防通道堆放杂物', category: 'fire', grade: 'general', ...extra,
  });
  assert.equal(r.status, 201, `report: ${r.text}`);
  return r.body;
}

export const act = (client, id, action, body = {}) =>
  client.post(`/api/v1/hazards/${id}/actions`, { action, ...body });

// Performs an action that must succeed; returns the hazard after it.
export async function ok(client, id, action, body = {}) {
  const r = await act(client, id, action, body);
  assert.equal(r.status, 200, `${action}: ${r.text}`);
  return r.body;
}

// Runs the overdue / re-check sweep as of nowMs (root admin only).
export async function runJobs(rootAdmin, nowMs) {
  const r = await rootAdmin.post('/api/v1/admin/run-jobs', nowMs ? { now: iso(nowMs) } : {});
  assert.equal(r.status, 200, `run-jobs: ${r.text}`);
  return r.body;
}

export const stats = async (client, orgId) => {
  const r = await client.get(`/api/v1/stats?org=${orgId}`);
  assert.equal(r.status, 200, `stats: ${r.text}`);
  return r.body;
};
