/**
 * The year's calendar as the admin's screen reads it (GET /api/holidays/:year): every day of a statutory holiday
 * period — its weekend days too — named as the State Council's notice names it, make-up working days as such,
 * and an admin's setting winning over the table until it is removed. Only the admin changes it.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { testApp, type TestApp } from './support/app.ts';
import { driver, type Driver } from './support/driver.ts';

let t: TestApp;
let drive: Driver;
before(async () => {
  t = await testApp();
  drive = driver(t);
});
after(async () => t.close());

type Day = { day: string; isWorkday: boolean; name: string; source: string };
const year = async (who: string, y: number): Promise<Map<string, Day>> => {
  const res = await drive.call(who, { method: 'GET', url: `/api/holidays/${y}` });
  assert.equal(res.statusCode, 200, res.body);
  return new Map((res.json().days as Day[]).map((d) => [d.day, d]));
};

test('a holiday period is listed whole with its name; make-up days are working days; plain days are not listed', async () => {
  const days = await year('admin', 2026);
  assert.deepEqual(days.get('2026-10-01'), { day: '2026-10-01', isWorkday: false, name: '国庆节', source: 'statutory' });
  // A Saturday inside the National Day period: not a working-status change, but part of the holiday.
  assert.deepEqual(days.get('2026-10-03'), { day: '2026-10-03', isWorkday: false, name: '国庆节', source: 'statutory' });
  assert.deepEqual(days.get('2026-01-04'), { day: '2026-01-04', isWorkday: true, name: '元旦调休上班', source: 'statutory' });
  assert.equal(days.get('2026-03-03'), undefined);
  assert.equal(days.get('2026-03-07'), undefined, 'an ordinary Saturday');
});

test('an admin setting wins over the table and is removed again; nobody else may set one', async () => {
  const set = await drive.call('admin', { method: 'PUT', url: '/api/holidays/2026-10-03', payload: { isWorkday: true, name: '本地调整上班' } });
  assert.equal(set.statusCode, 204, set.body);
  assert.deepEqual((await year('receiver', 2026)).get('2026-10-03'), { day: '2026-10-03', isWorkday: true, name: '本地调整上班', source: 'override' });
  for (const who of ['receiver', 'dispatcher', 'leader', 'auditor']) {
    assert.equal((await drive.call(who, { method: 'PUT', url: '/api/holidays/2026-10-05', payload: { isWorkday: true } })).statusCode, 403, who);
  }
  assert.equal((await drive.call('admin', { method: 'DELETE', url: '/api/holidays/2026-10-03' })).statusCode, 204);
  assert.equal((await year('admin', 2026)).get('2026-10-03')?.source, 'statutory');
  assert.equal((await drive.call('admin', { method: 'DELETE', url: '/api/holidays/2026-10-03' })).statusCode, 404);
});
