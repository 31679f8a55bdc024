import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { call, login, testApp, type Session, type TestApp } from './support/app.ts';

let t: TestApp;
let admin: Session;
before(async () => {
  t = await testApp();
  admin = await login(t.app, 'admin');
});
after(async () => t.close());

test('the national table is loaded: 153 components, 250 events, plus local extensions, marked unofficial', async () => {
  const { rows } = await t.db.query(`SELECT kind, is_extension, count(*)::int AS n FROM categories GROUP BY 1, 2 ORDER BY 1, 2`);
  assert.deepEqual(rows, [
    { kind: 'component', is_extension: false, n: 153 },
    { kind: 'event', is_extension: false, n: 250 },
    { kind: 'event', is_extension: true, n: 6 },
  ]);
  const res = await call(t.app, admin, { method: 'GET', url: '/api/categories?kind=event&q=占道' });
  assert.match(res.json().notice, /非官方转录/);
  assert.deepEqual(res.json().items.map((c: { code: string }) => c.code), ['08002', '09006', '09021', '09022']);
});

test('common 城管 items ship with sensible defaults', async () => {
  const get = async (kind: string, code: string) => (await call(t.app, admin, { method: 'GET', url: `/api/categories/${kind}/${code}` })).json();
  const garbage = await get('event', '06010');
  assert.deepEqual([garbage.name, garbage.defaultUnitType, garbage.timeLimit, garbage.clockType], ['暴露垃圾', 'sanitation', 4, 'workingHours']);
  const building = await get('event', '06001');
  assert.deepEqual([building.defaultUnitType, building.timeLimit, building.clockType], ['enforcementSquad', 15, 'workingDays']);
  const manhole = await get('event', '01011');
  assert.deepEqual([manhole.name, manhole.urgency, manhole.clockType, manhole.defaultUnitType], ['燃气井盖异常', 'urgent', 'emergency', 'gas']);
  const collapse = await get('event', '11001');
  assert.deepEqual([collapse.source, collapse.urgency], ['local', 'urgent']);
});

test('the 2013 event codes map onto the new table by shifting the major', async () => {
  const res = await call(t.app, admin, { method: 'GET', url: '/api/category-mappings?scheme=GB/T%2030428.2-2013' });
  const map = new Map(res.json().items.map((m: { legacyCode: string; code: string }) => [m.legacyCode, m.code]));
  assert.equal(map.get('0110'), '06010'); // 01-10 暴露垃圾
  assert.equal(map.get('0406'), '09006'); // 04-06 占道经营
});

test('an admin changes a category’s time limit and clock; unknown codes are 404', async () => {
  const res = await call(t.app, admin, { method: 'PATCH', url: '/api/categories/event/06011', payload: { timeLimit: 2, clockType: 'workingDays', urgency: 'normal', requiresAfterPhoto: true } });
  assert.equal(res.statusCode, 200);
  assert.deepEqual([res.json().timeLimit, res.json().clockType], [2, 'workingDays']);
  const { rows } = await t.db.query(`SELECT updated_by FROM categories WHERE code = '06011' AND kind = 'event'`);
  assert.equal(rows[0].updated_by, t.district.users.admin!.id);
  const unknown = await call(t.app, admin, { method: 'PATCH', url: '/api/categories/event/06031', payload: { timeLimit: 2 } });
  assert.equal(unknown.statusCode, 404);
  assert.equal(unknown.json().error.code, 'CATEGORY_NOT_FOUND');
  const badCode = await call(t.app, admin, { method: 'GET', url: '/api/categories/event/0601' });
  assert.equal(badCode.statusCode, 400);
  const clearLimit = await call(t.app, admin, { method: 'PATCH', url: '/api/categories/event/06036', payload: { timeLimit: null } });
  assert.equal(clearLimit.json().timeLimit, null);
});

test('a category CSV with any bad row imports nothing and names every problem', async () => {
  const before = (await t.db.query(`SELECT count(*)::int AS n, max(updated_at) AS m FROM categories`)).rows[0];
  const csv = [
    'kind,major_code,major_name,code,name,time_limit,clock_type',
    'event,06,市容环境类,06010,暴露垃圾（改）,3,workingHours',
    'event,06,市容环境类,0601,编码太短,,',
    'thing,06,市容环境类,06099,未知类型,,',
    'event,07,市容环境类,06098,大类不符,,',
    'event,12,本地,12001,本地事件,0,sometimes',
  ].join('\n');
  const res = await call(t.app, admin, { method: 'POST', url: '/api/categories/import', headers: { 'content-type': 'text/csv' }, payload: csv });
  assert.equal(res.statusCode, 422);
  assert.equal(res.json().error.code, 'CATEGORY_IMPORT_INVALID');
  assert.deepEqual(res.json().error.details.map((p: { row: number; code: string }) => [p.row, p.code]), [
    [2, 'CATEGORY_CODE_FORMAT'],
    [3, 'CATEGORY_KIND'],
    [4, 'CATEGORY_MAJOR_MISMATCH'],
    [5, 'CATEGORY_CLOCK_TYPE'],
  ]);
  const after = (await t.db.query(`SELECT count(*)::int AS n, max(updated_at) AS m FROM categories`)).rows[0];
  assert.deepEqual(after, before);

  const good = await call(t.app, admin, { method: 'POST', url: '/api/categories/import', headers: { 'content-type': 'text/csv' }, payload: 'kind,major_code,major_name,code,name,time_limit,clock_type\nevent,06,市容环境类,06010,暴露垃圾,6,workingHours\nevent,12,夜间经济,12001,夜市超时经营,2,workingHours\n' });
  assert.equal(good.statusCode, 200, good.body);
  assert.equal(good.json().imported, 2);
  const local = (await call(t.app, admin, { method: 'GET', url: '/api/categories/event/12001' })).json();
  assert.deepEqual([local.source, local.isExtension, local.timeLimit], ['local', true, 2]);
});

test('local extension categories are added by the admin; national codes are not taken', async () => {
  const res = await call(t.app, admin, { method: 'POST', url: '/api/categories', payload: { kind: 'event', code: '11007', name: '井盖被盗', majorName: '突发事件类（本地扩展）', urgency: 'urgent', clockType: 'emergency', timeLimit: 1 } });
  assert.equal(res.statusCode, 201);
  const national = await call(t.app, admin, { method: 'POST', url: '/api/categories', payload: { kind: 'event', code: '06099', name: '冒用国标编码', majorName: '市容' } });
  assert.equal(national.statusCode, 400);
  const dup = await call(t.app, admin, { method: 'POST', url: '/api/categories', payload: { kind: 'event', code: '11007', name: '重复', majorName: '本地' } });
  assert.equal(dup.statusCode, 409);
});
