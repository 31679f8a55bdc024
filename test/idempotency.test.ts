import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { testApp, type TestApp } from './support/app.ts';
import { seedPhotos } from './support/factories.ts';
import { driver, POINT, type Driver } from './support/driver.ts';

let t: TestApp;
let drive: Driver;
let clock = new Date('2026-06-01T02:00:00Z');
before(async () => {
  t = await testApp({}, { now: () => clock });
  drive = driver(t);
});
after(async () => t?.close());

const count = async (sql: string, args: unknown[] = []) => (await t.db.query(sql, args)).rows[0].n as number;
const cases = () => count(`SELECT count(*)::int AS n FROM cases`);
const eventsOf = (id: number) => count(`SELECT count(*)::int AS n FROM case_events WHERE case_id = $1`, [id]);
const report = (who: string, key: string | undefined, body: Record<string, unknown> = {}) =>
  drive.call(who, {
    method: 'POST',
    url: '/api/cases',
    headers: key ? { 'idempotency-key': key } : {},
    payload: { source: who === 'supervisor' ? 'supervisor' : 'citizen', categoryKind: 'event', categoryCode: '06010', ...POINT, description: '路边暴露垃圾一堆', ...body },
  });
const act = async (who: string, id: number, action: string, key: string | undefined, body: Record<string, unknown> = {}, version?: number) =>
  drive.call(who, {
    method: 'POST',
    url: `/api/cases/${id}/${action}`,
    headers: key ? { 'idempotency-key': key } : {},
    payload: { version: version ?? (await drive.get(who, id)).version, ...body },
  });

test('the same report sent twice with one key is one case, and the retry answers with it', async () => {
  const before = await cases();
  const key = randomUUID();
  const first = await report('supervisor', key);
  assert.equal(first.statusCode, 201);
  assert.equal(first.headers['idempotent-replayed'], undefined);
  const again = await report('supervisor', key);
  assert.equal(again.statusCode, 201);
  assert.equal(again.headers['idempotent-replayed'], 'true');
  assert.equal(again.json().id, first.json().id);
  assert.equal(again.json().trackingNo, first.json().trackingNo);
  assert.equal(await cases(), before + 1);
  // Without a key, the same body is a new report (a second sighting is the receiver's to merge).
  assert.equal((await report('supervisor', undefined)).statusCode, 201);
  assert.equal(await cases(), before + 2);
});

test('the same key with a different body is refused and changes nothing; another user’s same key is theirs', async () => {
  const key = randomUUID();
  assert.equal((await report('supervisor', key)).statusCode, 201);
  const before = await cases();
  const other = await report('supervisor', key, { description: '另一处的垃圾' });
  assert.equal(other.statusCode, 422);
  assert.equal(other.json().error.code, 'IDEMPOTENCY_KEY_REUSED');
  assert.match(other.json().error.message, /Idempotency-Key 已用于内容不同的请求/);
  assert.equal(await cases(), before);
  const receivers = await report('receiver', key, { reporterPhone: '13800000000' });
  assert.equal(receivers.statusCode, 201, 'a key belongs to its caller');
  assert.equal(await cases(), before + 1);
});

test('ten concurrent identical reports with one key make one case; all ten answer with it', async () => {
  const before = await cases();
  const key = randomUUID();
  const all = await Promise.all(Array.from({ length: 10 }, () => report('supervisor', key)));
  assert.deepEqual(all.map((r) => r.statusCode), Array(10).fill(201), all.map((r) => r.body.slice(0, 200)).join('\n'));
  assert.equal(new Set(all.map((r) => r.json().id)).size, 1);
  assert.equal(all.filter((r) => r.headers['idempotent-replayed'] !== 'true').length, 1, 'one made it, nine were answered');
  assert.equal(await cases(), before + 1);
});

test('ten concurrent identical actions with one key are one event; every answer is the first response', async () => {
  const c = await drive.caseAt('pendingFiling');
  const events = await eventsOf(c.id);
  const key = randomUUID();
  const all = await Promise.all(Array.from({ length: 10 }, () => act('shiftleader', c.id, 'file', key, { note: '符合立案条件' }, c.version)));
  assert.deepEqual(all.map((r) => r.statusCode), Array(10).fill(200), all.map((r) => r.body.slice(0, 200)).join('\n'));
  assert.equal(await eventsOf(c.id), events + 1);
  const bodies = new Set(all.map((r) => r.body));
  assert.equal(bodies.size, 1, 'the replays are the first response, byte for byte');
  assert.equal(all[0]!.json().status, 'pendingDispatch');
  // Later, after the case moved on, the retry still answers what the first request answered.
  await drive.act('dispatcher', c.id, 'dispatch', { leadUnitId: t.district.unitIds.streetOffice });
  const late = await act('shiftleader', c.id, 'file', key, { note: '符合立案条件' }, c.version);
  assert.equal(late.statusCode, 200);
  assert.equal(late.headers['idempotent-replayed'], 'true');
  assert.equal(late.json().status, 'pendingDispatch');
  assert.equal(late.body, all[0]!.body);
  // Without the key, the stale version is an ordinary conflict.
  assert.equal((await act('shiftleader', c.id, 'file', undefined, { note: '符合立案条件' }, c.version)).statusCode, 409);
});

test('a failed request keeps no key: the retry runs again (and fails the same way)', async () => {
  const key = randomUUID();
  const outside = await report('supervisor', key, { lng: 116.4, lat: 39.9 });
  assert.equal(outside.statusCode, 422);
  assert.equal(await count(`SELECT count(*)::int AS n FROM idempotency_keys WHERE key = $1`, [key]), 0);
  const fixed = await report('supervisor', key);
  assert.equal(fixed.statusCode, 201, 'the key was never taken: the corrected request goes through');
});

test('a key counts for a day: after it, the same key makes a new case', async () => {
  const key = randomUUID();
  const first = await report('supervisor', key);
  clock = new Date(clock.getTime() + 25 * 3600_000);
  try {
    const later = await report('supervisor', key);
    assert.equal(later.statusCode, 201);
    assert.notEqual(later.json().id, first.json().id);
    assert.equal(later.headers['idempotent-replayed'], undefined);
  } finally {
    clock = new Date(clock.getTime() - 25 * 3600_000);
  }
});

test('keys must be visible ASCII, 1–255 characters; a citizen’s at least 16', async () => {
  const before = await cases();
  for (const bad of ['', 'x'.repeat(256), 'with space', '中文键']) {
    const r = await drive.call('supervisor', { method: 'POST', url: '/api/cases', headers: { 'idempotency-key': encodeURI(bad) === bad ? bad : Buffer.from(bad).toString('latin1') }, payload: {} });
    assert.equal(r.statusCode, 400, JSON.stringify(bad));
  }
  const short = await t.app.inject({ method: 'POST', url: '/api/public/reports', headers: { 'idempotency-key': 'abc' }, payload: { categoryCode: '06010', ...POINT, description: '垃圾没人清' } });
  assert.equal(short.statusCode, 400);
  assert.equal(short.json().error.code, 'IDEMPOTENCY_KEY_INVALID');
  assert.equal(await cases(), before);
});

test('a citizen’s retried report gets the same tracking number and link; a retried rating is one rating', async () => {
  const key = randomUUID();
  const body = { categoryCode: '06010', ...POINT, description: '小区门口垃圾堆积', phone: '13912345678' };
  const send = () => t.app.inject({ method: 'POST', url: '/api/public/reports', headers: { 'idempotency-key': key }, payload: body, remoteAddress: '10.9.9.9' });
  const first = await send();
  const again = await send();
  assert.equal(first.statusCode, 201);
  assert.equal(again.statusCode, 201);
  assert.deepEqual(again.json(), first.json());
  const { trackingToken, trackingNo } = first.json();
  const id = (await t.db.query(`SELECT id FROM cases WHERE tracking_no = $1`, [trackingNo])).rows[0].id as number;
  // Walk it to the call-back, then rate twice with one key.
  await drive.act('receiver', id, 'sendToVerify');
  await drive.act('supervisor', id, 'verify', { isTrue: true });
  await drive.act('shiftleader', id, 'file');
  await drive.act('dispatcher', id, 'dispatch', { leadUnitId: t.district.unitIds.streetOffice });
  await drive.act('handler', id, 'accept');
  await drive.act('handler', id, 'handle', { result: '已清运', photoIds: await seedPhotos(t.db, ['idem-after']) });
  await drive.act('receiver', id, 'sendToCheck');
  await drive.act('supervisor', id, 'check', { passed: true });
  const events = await eventsOf(id);
  const rateKey = randomUUID();
  const rate = () => t.app.inject({ method: 'POST', url: `/api/public/track/${trackingToken}/rating`, headers: { 'idempotency-key': rateKey }, payload: { satisfaction: 'satisfied' } });
  const [a, b] = await Promise.all([rate(), rate()]);
  assert.deepEqual([a.statusCode, b.statusCode], [204, 204]);
  assert.equal(await eventsOf(id), events + 1);
});
