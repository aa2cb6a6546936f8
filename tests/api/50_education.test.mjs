// Safety education (SPEC §7): lessons per class, >= 10 class hours per class
// per semester with compliance per class / school / region, and the calendar
// of themed days and seasonal topics set by a bureau for its subtree.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { world, assertError, mkOrg, mkUser } from './lib.mjs';

let w, small;
const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
const semOf = (d) => {
  const y = +d.slice(0, 4), m = +d.slice(5, 7);
  return m === 1 ? `${y - 1}-2` : m <= 7 ? `${y}-1` : `${y}-2`;
};
const sem = semOf(today);
const addDays = (d, n) => new Date(Date.parse(d + 'T00:00:00Z') + n * 864e5).toISOString().slice(0, 10);

before(async () => {
  w = await world();
  // a small school with two classes in county A
  const org = await mkOrg(w.admin, w.countyA.id, 'school', '小学校', { school_type: 'primary', classes: 2, students: 60 });
  small = { org, officer: await mkUser(w.admin, org.id, 'safety_officer'), staff: await mkUser(w.admin, org.id, 'staff') };
});

const lesson = (schoolId, extra = {}) => ({
  school_id: schoolId, class_name: '一年级1班', topic: '防溺水安全教育', hours: 2, date: today,
  category: 'drowning', teacher: '王老师', ...extra,
});

test('teachers record lessons; compliance per class, school and region', async () => {
  const [s1] = w.schools;
  // s1: class 1 gets 10 hours, class 2 gets 4 hours
  for (let i = 0; i < 5; i++) {
    const r = await s1.staff1.client.post('/api/v1/lessons', lesson(s1.org.id));
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.semester, sem);
    assert.equal(r.body.hours, 2);
    assert.equal(r.body.date, today);
  }
  const r2 = await s1.officer.client.post('/api/v1/lessons', lesson(s1.org.id, { class_name: '一年级2班', hours: 4, topic: '消防安全' , category: 'fire'}));
  assert.equal(r2.status, 201, r2.text);
  // small school: both classes reach 10 hours (one with half hours)
  for (const [cls, hours] of [['1班', 6], ['1班', 4], ['2班', 8], ['2班', 1.5], ['2班', 0.5]]) {
    const r = await small.staff.client.post('/api/v1/lessons', lesson(small.org.id, { class_name: cls, hours }));
    assert.equal(r.status, 201, r.text);
  }

  const one = await s1.officer.client.get(`/api/v1/education/compliance?org=${s1.org.id}&semester=${sem}`);
  assert.equal(one.status, 200, one.text);
  assert.equal(one.body.min_hours, 10);
  assert.equal(one.body.schools.length, 1);
  const cls = Object.fromEntries(one.body.classes.map((c) => [c.class_name, c]));
  assert.equal(cls['一年级1班'].hours, 10);
  assert.equal(cls['一年级1班'].compliant, true);
  assert.equal(cls['一年级2班'].hours, 4);
  assert.equal(cls['一年级2班'].compliant, false);
  assert.equal(cls['一年级2班'].missing_hours, 6);
  const sch = one.body.schools[0];
  assert.equal(sch.classes, 18);
  assert.equal(sch.classes_recorded, 2);
  assert.equal(sch.classes_compliant, 1);
  assert.equal(sch.classes_missing, 16);
  assert.equal(sch.compliant, false);

  const sm = await small.officer.client.get(`/api/v1/education/compliance?org=${small.org.id}`);
  assert.equal(sm.status, 200, sm.text);
  assert.equal(sm.body.semester, sem, 'defaults to the current semester');
  assert.equal(sm.body.schools[0].compliant, true);
  assert.equal(sm.body.schools[0].hours, 20);

  const city = await w.cityAdmin.client.get(`/api/v1/education/compliance?org=${w.city.id}&semester=${sem}`);
  assert.equal(city.status, 200, city.text);
  assert.equal(city.body.summary.schools, 4);
  assert.equal(city.body.summary.schools_compliant, 1);
  assert.equal(city.body.classes, undefined, 'class detail only for one school');
  const regions = Object.fromEntries(city.body.regions.map((x) => [x.org_id, x]));
  assert.equal(regions[w.countyA.id].schools, 3);
  assert.equal(regions[w.countyA.id].compliant, 1);
  assert.equal(regions[w.countyB.id].schools, 1);
  assert.equal(regions[w.countyB.id].compliant, 0);

  // another semester is empty
  const prev = await w.cityAdmin.client.get(`/api/v1/education/compliance?org=${w.city.id}&semester=2020-1`);
  assert.equal(prev.body.summary.classes_recorded, 0);

  // lists: school sees its own, county B sees nothing of county A
  const list = await s1.officer.client.get(`/api/v1/lessons?semester=${sem}&class_name=${encodeURIComponent('一年级1班')}`);
  assert.equal(list.status, 200);
  assert.equal(list.body.total, 5);
  const lb = await w.countyAdminB.client.get('/api/v1/lessons');
  assert.equal(lb.body.total, 0);
  assertError(await w.countyAdminB.client.get(`/api/v1/education/compliance?org=${s1.org.id}`), 404, 'org');

  // the audit holds the creation
  const audit = await w.admin.get(`/api/v1/audit?entity=lesson&entity_id=${r2.body.id}`);
  assert.equal(audit.body.items.length, 1);
  assert.equal(audit.body.items[0].action, 'create');
});

test('lesson refusals write nothing', async () => {
  const [s1, s2] = w.schools;
  const c = s1.staff1.client;
  const before = (await c.get(`/api/v1/lessons?org=${s1.org.id}`)).body.total;
  assertError(await c.post('/api/v1/lessons', lesson(s1.org.id, { hours: 0 })), 422, 'hours');
  assertError(await c.post('/api/v1/lessons', lesson(s1.org.id, { hours: 1.3 })), 422, 'hours');
  assertError(await c.post('/api/v1/lessons', lesson(s1.org.id, { hours: 9 })), 422, 'hours');
  assertError(await c.post('/api/v1/lessons', lesson(s1.org.id, { hours: '2' })), 400, 'hours');
  assertError(await c.post('/api/v1/lessons', lesson(s1.org.id, { date: '2026-02-30' })), 422, 'date');
  assertError(await c.post('/api/v1/lessons', lesson(s1.org.id, { date: addDays(today, 2) })), 422, 'date');
  assertError(await c.post('/api/v1/lessons', lesson(s1.org.id, { category: 'nope' })), 422, 'category');
  assertError(await c.post('/api/v1/lessons', lesson(s1.org.id, { class_name: '' })), 422, 'class_name');
  assertError(await c.post('/api/v1/lessons', lesson(s1.org.id, { extra: 1 })), 400, 'extra');
  const { topic, ...noTopic } = lesson(s1.org.id);
  assertError(await c.post('/api/v1/lessons', noTopic), 422, 'topic');
  // another school, a county, an inspector (reads only)
  assertError(await c.post('/api/v1/lessons', lesson(s2.org.id)), 404, 'school_id');
  assertError(await w.countyAdminA.client.post('/api/v1/lessons', lesson(s1.org.id)), 403);
  assertError(await w.inspectorA.client.post('/api/v1/lessons', lesson(s1.org.id)), 403);
  assertError(await w.admin.post('/api/v1/lessons', lesson(w.countyA.id)), 403);
  assertError(await c.get('/api/v1/education/compliance?semester=2026-3'), 400, 'semester');
  assert.equal((await c.get(`/api/v1/lessons?org=${s1.org.id}`)).body.total, before);
  assert.equal((await w.inspectorA.client.get(`/api/v1/lessons?org=${s1.org.id}`)).status, 200);

  // a wrong entry is soft-deleted by the school, not by another one
  const x = await c.post('/api/v1/lessons', lesson(s1.org.id, { class_name: '错误班' }));
  assertError(await s2.officer.client.del(`/api/v1/lessons/${x.body.id}`), 404, 'id');
  const d = await s1.officer.client.del(`/api/v1/lessons/${x.body.id}`);
  assert.equal(d.status, 200, d.text);
  assert.equal((await c.get(`/api/v1/lessons?org=${s1.org.id}`)).body.total, before);
  assertError(await s1.officer.client.del(`/api/v1/lessons/${x.body.id}`), 404);
  // the class totals follow: the deleted lesson's class is gone, the others unchanged
  const comp = await s1.officer.client.get(`/api/v1/education/compliance?org=${s1.org.id}&semester=${sem}`);
  assert.deepEqual(comp.body.classes.map((k) => [k.class_name, k.hours, k.lessons]), [['一年级1班', 10, 5], ['一年级2班', 4, 1]]);
  assert.equal(comp.body.schools[0].classes_recorded, 2);
  const y = await c.post('/api/v1/lessons', lesson(s1.org.id, { class_name: '一年级2班', hours: 1.5 }));
  assert.equal((await s1.officer.client.get(`/api/v1/education/compliance?org=${s1.org.id}&semester=${sem}`)).body.classes[1].hours, 5.5);
  assert.equal((await s1.officer.client.del(`/api/v1/lessons/${y.body.id}`)).status, 200);
  assert.equal((await s1.officer.client.get(`/api/v1/education/compliance?org=${s1.org.id}&semester=${sem}`)).body.classes[1].hours, 4);
});

test('the calendar: bureau themed days reach the schools below', async () => {
  const [s1, , s3] = w.schools;
  const day = { org_id: w.countyA.id, kind: 'themed_day', title: '全国中小学生安全教育日', start_date: '2027-03-29', end_date: '2027-03-29', category: 'other' };
  const r = await w.countyAdminA.client.post('/api/v1/edu-calendar', day);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.org_kind, 'county');
  const season = await w.countyAdminA.client.post('/api/v1/edu-calendar', {
    org_id: w.countyA.id, kind: 'seasonal', title: '暑期防溺水专题教育', category: 'drowning',
    start_date: '2027-06-01', end_date: '2027-08-31', description: '每周一次防溺水提醒',
  });
  assert.equal(season.status, 201, season.text);
  const own = await s1.officer.client.post('/api/v1/edu-calendar', { org_id: s1.org.id, kind: 'themed_week', title: '消防安全周', start_date: '2027-11-09', end_date: '2027-11-13' });
  assert.equal(own.status, 201, own.text);

  const seen = await s1.staff1.client.get('/api/v1/edu-calendar?from=2027-01-01&to=2027-12-31');
  assert.equal(seen.status, 200, seen.text);
  const titles = seen.body.items.map((x) => x.title);
  assert.deepEqual(titles, ['全国中小学生安全教育日', '暑期防溺水专题教育', '消防安全周']);
  const july = await s1.staff1.client.get('/api/v1/edu-calendar?from=2027-07-01&to=2027-07-31');
  assert.deepEqual(july.body.items.map((x) => x.title), ['暑期防溺水专题教育']);
  // county B's school sees none of county A's entries
  const other = await s3.staff1.client.get('/api/v1/edu-calendar?from=2027-01-01&to=2027-12-31');
  assert.equal(other.body.total, 0);

  assertError(await s1.staff1.client.post('/api/v1/edu-calendar', { ...day, org_id: s1.org.id }), 403);
  assertError(await w.countyAdminB.client.post('/api/v1/edu-calendar', day), 404, 'org_id');
  assertError(await w.countyAdminA.client.post('/api/v1/edu-calendar', { ...day, end_date: '2027-03-28' }), 422, 'end_date');
  assertError(await w.countyAdminA.client.post('/api/v1/edu-calendar', { ...day, kind: 'party' }), 422, 'kind');
  assertError(await w.countyAdminA.client.post('/api/v1/edu-calendar', { ...day, start_date: '2027/03/29' }), 422, 'start_date');
  assertError(await s1.staff1.client.get('/api/v1/edu-calendar?from=bad'), 422, 'from');
});
