/**
 * Per-user preferences on the server (GET/PUT/PATCH /api/me/preferences): defaults until the first save, a whole
 * document validated (a bad one changes nothing), parts replaced by PATCH, each person's own only, and the
 * language the server answers that person's errors in — in this process at once, in others by NOTIFY.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { DEFAULT_PREFERENCES } from '../src/shared/api/preferences.ts';
import { call, testApp, type TestApp } from './support/app.ts';
import { driver, type Driver } from './support/driver.ts';

let t: TestApp;
let drive: Driver;
before(async () => {
  t = await testApp();
  drive = driver(t);
});
after(async () => t.close());

const get = async (who: string) => {
  const res = await drive.call(who, { method: 'GET', url: '/api/me/preferences' });
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
};
const put = (who: string, payload: unknown, headers: Record<string, string> = {}) => drive.call(who, { method: 'PUT', url: '/api/me/preferences', payload: payload as object, headers });
const patch = (who: string, payload: unknown) => drive.call(who, { method: 'PATCH', url: '/api/me/preferences', payload: payload as object });

const DOC = {
  language: 'en',
  savedFilters: [
    { id: 'overdue-north', name: '北下街超期', list: 'cases', query: { streetCode: '410104001', overdue: 'true', status: ['dispatched', 'handling'] } },
    { id: 'urgent', name: '紧急待办', list: 'queue', query: { step: 'dispatch' } },
  ],
  columns: { cases: ['trackingNo', 'category', 'status', 'dueAt'], queue: ['trackingNo', 'colour'] },
  stockPhrases: ['市民来电反映', '请尽快处置'],
};

test('a user without saved preferences reads the defaults; a whole document is saved and read back, theirs alone', async () => {
  assert.deepEqual(await get('receiver'), DEFAULT_PREFERENCES);
  const res = await put('receiver', DOC);
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual(res.json(), DOC);
  assert.deepEqual(await get('receiver'), DOC);
  // Another person (even one who may manage users) still has the defaults: there is no way to name anyone else's.
  assert.deepEqual(await get('dispatcher'), DEFAULT_PREFERENCES);
  assert.deepEqual(await get('admin'), DEFAULT_PREFERENCES);
  const { rows } = await t.db.query(`SELECT user_id FROM user_preferences`);
  assert.deepEqual(rows.map((r) => Number(r.user_id)), [t.district.users.receiver!.id]);
  // Anonymous: 401.
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/me/preferences' })).statusCode, 401);
});

test('an invalid document is a 400 naming the field, and nothing changes', async () => {
  await put('shiftleader', { ...DOC, language: 'zh-CN' });
  const before = await get('shiftleader');
  const tooMany = Array.from({ length: 31 }, (_, i) => ({ id: `f${i}`, name: `筛选${i}`, list: 'cases', query: {} }));
  const bad: Array<[unknown, string]> = [
    [{ ...DOC, language: 'fr' }, 'body.language'],
    [{ ...DOC, savedFilters: tooMany }, 'body.savedFilters'],
    [{ ...DOC, savedFilters: [{ ...DOC.savedFilters[0], name: '名'.repeat(41) }] }, 'body.savedFilters.0.name'],
    [{ ...DOC, savedFilters: [{ ...DOC.savedFilters[0], name: '  ' }] }, 'body.savedFilters.0.name'],
    [{ ...DOC, savedFilters: [{ ...DOC.savedFilters[0], list: 'photos' }] }, 'body.savedFilters.0.list'],
    [{ ...DOC, savedFilters: [DOC.savedFilters[0], { ...DOC.savedFilters[1], id: 'overdue-north' }] }, 'body.savedFilters.1.id'],
    [{ ...DOC, savedFilters: [{ ...DOC.savedFilters[0], query: { status: [1] } }] }, 'body.savedFilters.0.query.status'],
    [{ ...DOC, savedFilters: [{ ...DOC.savedFilters[0], query: Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`k${i}`, 'v'])) }] }, 'body.savedFilters.0.query'],
    [{ ...DOC, columns: { cases: Array.from({ length: 41 }, (_, i) => `c${i}`) } }, 'body.columns.cases'],
    [{ ...DOC, columns: { cases: ['not a key'] } }, 'body.columns.cases.0'],
    [{ ...DOC, stockPhrases: ['字'.repeat(201)] }, 'body.stockPhrases.0'],
    [{ ...DOC, stockPhrases: Array.from({ length: 101 }, () => '请处置') }, 'body.stockPhrases'],
    [{ ...DOC, theme: 'dark' }, 'body.theme'],
    [{ language: 'en' }, 'body.savedFilters'],
  ];
  for (const [body, field] of bad) {
    const res = await put('shiftleader', body);
    assert.equal(res.statusCode, 400, `${field}: ${res.body}`);
    assert.equal(res.json().error.code, 'VALIDATION_FAILED');
    const fields = res.json().error.fields.map((f: { field: string }) => f.field);
    assert.ok(fields.some((f: string) => f === field || f.startsWith(`${field}.`)), `${field} not named: ${JSON.stringify(fields)}`);
  }
  assert.deepEqual(await get('shiftleader'), before);
});

test('PATCH replaces the parts given, whole, and keeps the rest', async () => {
  await put('dispatcher', DOC);
  const res = await patch('dispatcher', { stockPhrases: ['已派遣'], columns: { map: ['status'] } });
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual(res.json(), { ...DOC, stockPhrases: ['已派遣'], columns: { map: ['status'] } });
  assert.deepEqual(await get('dispatcher'), res.json());
  const bad = await patch('dispatcher', { language: 'de' });
  assert.equal(bad.statusCode, 400);
  assert.deepEqual(await get('dispatcher'), res.json());
  // A first save may be a PATCH: the defaults fill in the rest.
  const first = await patch('leader', { language: 'en' });
  assert.deepEqual(first.json(), { ...DEFAULT_PREFERENCES, language: 'en' });
});

test('a stored document the schema no longer accepts reads part by part: the valid parts as stored, the rest as defaults', async () => {
  await t.db.query(
    `INSERT INTO user_preferences (user_id, document) VALUES ($1, $2) ON CONFLICT (user_id) DO UPDATE SET document = EXCLUDED.document`,
    [t.district.users.officer!.id, JSON.stringify({ language: 'en', savedFilters: 'broken', columns: { cases: ['status'] }, stockPhrases: [42], extra: true })],
  );
  assert.deepEqual(await get('officer'), { language: 'en', savedFilters: [], columns: { cases: ['status'] }, stockPhrases: [] });
});

test('the language saved is the one the server answers that person in, before Accept-Language; without one, the header decides', async () => {
  const badQuery = (who: string, lang: string) => drive.call(who, { method: 'GET', url: '/api/cases?limit=0', headers: { 'accept-language': lang } });
  // No preferences: Accept-Language, as before.
  assert.match((await badQuery('supervisor', 'en')).json().error.message, /^Invalid request/);
  assert.match((await badQuery('supervisor', 'zh-CN')).json().error.message, /^请求参数不正确/);
  // English chosen: English even when the browser asks for Chinese — at once (this app's cached sign-in is dropped).
  assert.equal((await patch('supervisor', { language: 'en' })).statusCode, 200);
  const en = await badQuery('supervisor', 'zh-CN,zh;q=0.9');
  assert.match(en.json().error.message, /^Invalid request/);
  assert.equal(en.headers['content-language'], 'en');
  assert.match(en.json().error.fields[0].message, /at least 1/);
  // Chinese chosen: Chinese even for an English browser.
  assert.equal((await patch('supervisor', { language: 'zh-CN' })).statusCode, 200);
  assert.match((await badQuery('supervisor', 'en')).json().error.message, /^请求参数不正确/);
  // Domain errors too (not only validation): a case that does not exist.
  await patch('supervisor', { language: 'en' });
  const missing = await drive.call('supervisor', { method: 'GET', url: '/api/cases/999999', headers: { 'accept-language': 'zh-CN' } });
  assert.equal(missing.json().error.message, 'No such case: 999999');
  // A refusal before sign-in has only the header to go by.
  const anon = await t.app.inject({ method: 'GET', url: '/api/cases', headers: { 'accept-language': 'en' } });
  assert.equal(anon.json().error.message, 'Sign-in required');
});

test('a change of language tells every process (NOTIFY guancheng_auth_changed); saving other parts does not', async () => {
  const listener = new pg.Client({ connectionString: t.url });
  await listener.connect();
  const heard: string[] = [];
  listener.on('notification', (n) => heard.push(n.channel));
  await listener.query('LISTEN guancheng_auth_changed');
  const settle = () => new Promise((r) => setTimeout(r, 150));
  await drive.session('handler');
  await settle();
  heard.length = 0;
  try {
    await put('handler', { ...DOC, language: 'zh-CN' }); // a first save
    await settle();
    assert.equal(heard.length, 1, 'the first save');
    await patch('handler', { stockPhrases: ['已处置'] });
    await put('handler', { ...DOC, language: 'zh-CN' });
    await settle();
    assert.equal(heard.length, 1, 'phrases and filters are not part of who the caller is');
    await patch('handler', { language: 'en' });
    await settle();
    assert.equal(heard.length, 2, 'a new language is');
  } finally {
    await listener.end();
  }
});

test('a session cookie write needs the CSRF token', async () => {
  const s = await drive.session('receiver');
  const res = await call(t.app, s, { method: 'PUT', url: '/api/me/preferences', payload: DOC, csrf: false });
  assert.equal(res.statusCode, 403);
  assert.equal(res.json().error.code, 'CSRF_TOKEN_INVALID');
});
