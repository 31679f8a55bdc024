/**
 * The administration of categories (issue 18): which categories a citizen may pick (公众可选) is a setting
 * of each category, and a CSV import can be checked first (dry run: a preview of what it would do, nothing written).
 */
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

const publicCodes = async () => (await t.app.inject({ method: 'GET', url: '/api/public/categories' })).json().items.map((c: { code: string }) => c.code);
const report = (categoryCode: string) =>
  t.app.inject({ method: 'POST', url: '/api/public/reports', remoteAddress: '198.51.100.9', payload: { categoryCode, lng: 113.7005, lat: 34.7035, description: '路口有问题请处理' } });

test('the public categories are those marked public; the admin changes the mark and the public channel follows', async () => {
  const shipped = await publicCodes();
  assert.equal(shipped.length, 16);
  assert.ok(shipped.includes('06010') && !shipped.includes('06002'));
  const listed = (await call(t.app, admin, { method: 'GET', url: '/api/categories?kind=event&isPublic=true' })).json().items;
  assert.deepEqual(listed.map((c: { code: string }) => c.code), [...shipped].sort());
  assert.ok(listed.every((c: { isPublic: boolean }) => c.isPublic));

  const on = await call(t.app, admin, { method: 'PATCH', url: '/api/categories/event/06002', payload: { isPublic: true } });
  assert.equal(on.statusCode, 200, on.body);
  assert.equal(on.json().isPublic, true);
  const off = await call(t.app, admin, { method: 'PATCH', url: '/api/categories/event/06010', payload: { isPublic: false } });
  assert.equal(off.json().isPublic, false);
  const now = await publicCodes();
  assert.ok(now.includes('06002') && !now.includes('06010'));
  // A citizen can no longer report under a category taken off the public list; under the new one they can.
  assert.equal((await report('06010')).statusCode, 404);
  assert.equal((await report('06002')).statusCode, 201);
  // A local extension is not public unless the admin says so.
  const created = await call(t.app, admin, { method: 'POST', url: '/api/categories', payload: { kind: 'event', code: '12009', name: '夜市噪声', majorName: '夜间经济（本地扩展）' } });
  assert.equal(created.statusCode, 201, created.body);
  assert.deepEqual([created.json().isPublic, created.json().active], [false, true]);
});

test('a dry run checks the file and previews it without writing; the same file then imports', async () => {
  const before = (await t.db.query(`SELECT count(*)::int AS n, max(updated_at) AS m FROM categories`)).rows[0];
  const csv = 'kind,major_code,major_name,code,name,time_limit,clock_type,is_public\nevent,06,市容环境类,06011,积存垃圾渣土,3,workingDays,是\nevent,12,夜间经济,12002,夜市占道,2,workingHours,false\n';
  const dry = await call(t.app, admin, { method: 'POST', url: '/api/categories/import?dryRun=true&fileName=night.csv', headers: { 'content-type': 'text/csv' }, payload: csv });
  assert.equal(dry.statusCode, 200, dry.body);
  assert.deepEqual(dry.json(), {
    dryRun: true, imported: 0, replacesSettings: true,
    rows: [
      { kind: 'event', code: '06011', name: '积存垃圾渣土', majorName: '市容环境类', timeLimit: 3, clockType: 'workingDays', isNew: false },
      { kind: 'event', code: '12002', name: '夜市占道', majorName: '夜间经济', timeLimit: 2, clockType: 'workingHours', isNew: true },
    ],
  });
  assert.deepEqual((await t.db.query(`SELECT count(*)::int AS n, max(updated_at) AS m FROM categories`)).rows[0], before);
  assert.equal((await t.db.query(`SELECT count(*)::int AS n FROM import_batches WHERE kind = 'categories'`)).rows[0].n, 0);

  // A bad file is refused the same way in a dry run: every problem, by row.
  const bad = await call(t.app, admin, { method: 'POST', url: '/api/categories/import?dryRun=true', headers: { 'content-type': 'text/csv' }, payload: 'kind,major_code,major_name,code,name,is_public\nevent,06,市容环境类,06011,积存垃圾渣土,也许\n' });
  assert.equal(bad.statusCode, 422);
  assert.deepEqual(bad.json().error.details.map((p: { row: number; code: string }) => [p.row, p.code]), [[1, 'CATEGORY_BOOLEAN']]);

  const real = await call(t.app, admin, { method: 'POST', url: '/api/categories/import?fileName=night.csv', headers: { 'content-type': 'text/csv' }, payload: csv });
  assert.equal(real.statusCode, 200, real.body);
  assert.deepEqual([real.json().dryRun, real.json().imported], [false, 2]);
  const got = (await call(t.app, admin, { method: 'GET', url: '/api/categories/event/06011' })).json();
  assert.deepEqual([got.timeLimit, got.clockType, got.isPublic], [3, 'workingDays', true]);
  // Only the admin imports, dry run or not.
  const receiver = await login(t.app, 'receiver');
  assert.equal((await call(t.app, receiver, { method: 'POST', url: '/api/categories/import?dryRun=true', headers: { 'content-type': 'text/csv' }, payload: csv })).statusCode, 403);
});
