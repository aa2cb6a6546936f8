// The risk re-grading loop (SPEC §3): a major hazard found at a risk point
// raises the point's grade to at least 较大 (orange) and records it in the
// point's assessment history; a general hazard leaves the grade alone.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { world } from './lib.mjs';

let w;
before(async () => { w = await world(); });

async function lowPoint(s, name) {
  const p = await s.officer.client.post('/api/v1/risk-points', {
    school_id: s.org.id, name, category: 'building', patrol_frequency: 'weekly',
  });
  assert.equal(p.status, 201, p.text);
  const a = await s.officer.client.post(`/api/v1/risk-points/${p.body.id}/assessments`, { method: 'LS', l: 1, s: 2 });
  assert.equal(a.status, 201, a.text);
  assert.equal(a.body.level, 'low');
  return p.body.id;
}

test('a general hazard at a point keeps its grade; a major one raises it to high', async () => {
  const s = w.schools[0];
  const id = await lowPoint(s, '教学楼外墙');
  const g = await s.officer.client.post('/api/v1/hazards', {
    school_id: s.org.id, title: '外墙瓷砖轻微松动', category: 'building', grade: 'general', risk_point_id: id,
  });
  assert.equal(g.status, 201, g.text);
  let p = await s.officer.client.get(`/api/v1/risk-points/${id}`);
  assert.equal(p.body.level, 'low', 'general hazard: unchanged');

  const m = await s.officer.client.post('/api/v1/hazards', {
    school_id: s.org.id, title: '外墙大面积空鼓，随时脱落', category: 'building', grade: 'major', risk_point_id: id,
  });
  assert.equal(m.status, 201, m.text);
  p = await s.officer.client.get(`/api/v1/risk-points/${id}`);
  assert.equal(p.body.level, 'high', 'major hazard: raised to 较大');
  assert.equal(p.body.colour, 'orange');
  const hist = await s.officer.client.get(`/api/v1/risk-points/${id}/assessments`);
  assert.equal(hist.status, 200, hist.text);
  const items = hist.body.items || hist.body;
  assert.ok(items.some((a) => a.method === 'hazard'), 'the raise is in the history');
});

test('a point already at major is not lowered by a major hazard', async () => {
  const s = w.schools[0];
  const p0 = await s.officer.client.post('/api/v1/risk-points', { school_id: s.org.id, name: '池塘', category: 'drowning' });
  assert.equal(p0.status, 201, p0.text);
  const a = await s.officer.client.post(`/api/v1/risk-points/${p0.body.id}/assessments`, { method: 'LS', l: 5, s: 5 });
  assert.equal(a.body.level, 'major');
  const m = await s.officer.client.post('/api/v1/hazards', {
    school_id: s.org.id, title: '池塘护栏缺失', category: 'drowning', grade: 'major', risk_point_id: p0.body.id,
  });
  assert.equal(m.status, 201, m.text);
  const p = await s.officer.client.get(`/api/v1/risk-points/${p0.body.id}`);
  assert.equal(p.body.level, 'major');
});
