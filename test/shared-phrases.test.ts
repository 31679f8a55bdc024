/**
 * Shared stock phrases (公共常用语, GET /api/shared-phrases, PUT /api/shared-phrases/:districtCode): a district's
 * admin keeps the list; every case worker of that district reads it (and no other district's); the auditor
 * neither reads nor writes; a bad list is a 400 naming the item and changes nothing.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { testApp, type TestApp } from './support/app.ts';
import { driver, type Driver } from './support/driver.ts';
import { seedSecondMiniDistrict } from './support/factories.ts';

let t: TestApp;
let drive: Driver;
before(async () => {
  t = await testApp();
  await seedSecondMiniDistrict(t.db);
  drive = driver(t);
});
after(async () => t.close());

const get = (who: string) => drive.call(who, { method: 'GET', url: '/api/shared-phrases' });
const put = (who: string, district: string, payload: unknown) => drive.call(who, { method: 'PUT', url: `/api/shared-phrases/${district}`, payload: payload as object });

test('before the first save every district reads an empty list; the admin saves one and every case worker of the district reads it', async () => {
  const empty = await get('receiver');
  assert.equal(empty.statusCode, 200, empty.body);
  assert.deepEqual(empty.json().items, [{ districtCode: '410104', districtName: '管城回族区', phrases: [], updatedAt: null }]);

  const saved = await put('admin', '410104', { phrases: ['  市民来电反映  ', '请尽快到场处置', '已现场核实，情况属实'] });
  assert.equal(saved.statusCode, 200, saved.body);
  // Trimmed as the schema reads them, in the order given.
  assert.deepEqual(saved.json().phrases, ['市民来电反映', '请尽快到场处置', '已现场核实，情况属实']);
  assert.ok(saved.json().updatedAt);

  // A street-scoped handler and supervisor, the centre and the leader: their district's list.
  for (const who of ['receiver', 'shiftleader', 'dispatcher', 'supervisor', 'handler', 'officer', 'leader', 'admin']) {
    const res = await get(who);
    assert.equal(res.statusCode, 200, `${who}: ${res.body}`);
    assert.deepEqual(res.json().items.map((i: { districtCode: string; phrases: string[] }) => [i.districtCode, i.phrases.length]), [['410104', 3]], who);
  }
  const { rows } = await t.db.query(`SELECT updated_by FROM shared_phrases WHERE district_code = '410104'`);
  assert.equal(Number(rows[0].updated_by), t.district.users.admin!.id);
});

test('the auditor has no access; anonymous callers are 401; case workers cannot write', async () => {
  assert.equal((await get('auditor')).statusCode, 403);
  assert.equal((await put('auditor', '410104', { phrases: [] })).statusCode, 403);
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/shared-phrases' })).statusCode, 401);
  for (const who of ['receiver', 'shiftleader', 'dispatcher', 'leader', 'handler']) {
    const res = await put(who, '410104', { phrases: ['自己改的'] });
    assert.equal(res.statusCode, 403, `${who}: ${res.body}`);
  }
  assert.equal((await get('receiver')).json().items[0].phrases.includes('自己改的'), false);
});

test('each district keeps its own list: another district’s admin cannot see or change it', async () => {
  const js = await put('js-admin', '410105', { phrases: ['金水区专用语'] });
  assert.equal(js.statusCode, 200, js.body);
  const intoOther = await put('js-admin', '410104', { phrases: ['越权'] });
  assert.equal(intoOther.statusCode, 404);
  assert.equal(intoOther.json().error.code, 'DIVISION_NOT_FOUND');
  assert.equal((await put('admin', '410105', { phrases: ['越权'] })).statusCode, 404);
  // Nobody reads the other district's list.
  assert.deepEqual((await get('js-receiver')).json().items.map((i: { phrases: string[] }) => i.phrases), [['金水区专用语']]);
  assert.ok(!JSON.stringify((await get('receiver')).json()).includes('金水'));
  // Not a district: a street, or a code that does not exist.
  assert.equal((await put('admin', '410104001', { phrases: [] })).statusCode, 400);
  assert.equal((await put('admin', '410199', { phrases: [] })).statusCode, 404);
});

test('a bad list is a 400 naming the item, and nothing changes', async () => {
  const before = (await get('receiver')).json();
  const bad: Array<[unknown, string]> = [
    [{ phrases: ['  '] }, 'body.phrases.0'],
    [{ phrases: ['好', '字'.repeat(201)] }, 'body.phrases.1'],
    [{ phrases: Array.from({ length: 101 }, (_, i) => `第${i}条`) }, 'body.phrases'],
    [{ phrases: ['请处置', '其他', '请处置'] }, 'body.phrases.2'],
    [{ phrases: 'not a list' }, 'body.phrases'],
    [{ phrases: [], extra: true }, 'body'],
  ];
  for (const [body, field] of bad) {
    const res = await put('admin', '410104', body);
    assert.equal(res.statusCode, 400, `${field}: ${res.body}`);
    assert.equal(res.json().error.code, 'VALIDATION_FAILED');
    const fields = res.json().error.fields.map((f: { field: string }) => f.field);
    assert.ok(fields.some((f: string) => f === field || f.startsWith(`${field}.`) || field === 'body'), `${field} not named: ${JSON.stringify(fields)}`);
  }
  // 100 phrases of 200 characters is the most, and allowed; an empty list clears it.
  const most = await put('admin', '410104', { phrases: Array.from({ length: 100 }, (_, i) => `${String(i).padStart(3, '0')}${'字'.repeat(197)}`) });
  assert.equal(most.statusCode, 200, most.body);
  assert.equal(most.json().phrases.length, 100);
  assert.deepEqual((await put('admin', '410104', { phrases: before.items[0].phrases })).json().phrases, before.items[0].phrases);
});

test('a stored list that no longer passes the schema reads as empty, never breaking the forms', async () => {
  await t.db.query(`UPDATE shared_phrases SET phrases = '[1, 2]' WHERE district_code = '410105'`);
  const res = await get('js-receiver');
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual(res.json().items[0].phrases, []);
});
