/** Issue 16, the case loop: merges that cannot lose a report, dispatch that cannot strand one, rules that hold everywhere. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sweepDeadlines } from '../src/server/modules/cases/commands/sweep-deadlines.ts';
import { deliverNotifications } from '../src/server/modules/notifications/commands/deliver-notifications.ts';
import { testApp, type TestApp } from './support/app.ts';
import { driver, POINT, type Driver } from './support/driver.ts';
import { CELL, LAT0, LNG0, seedPhotos } from './support/factories.ts';

let t: TestApp;
let drive: Driver;
before(async () => {
  t = await testApp();
  drive = driver(t);
});
after(async () => t?.close());

const citizenReport = (extra: Record<string, unknown> = {}) => drive.report('receiver', { source: 'citizen', reporterPhone: '13800000001', ...extra });
const quiet = { info() {}, warn() {}, error() {} };
const deliver = async () => {
  while ((await deliverNotifications(t.db, { channels: [], now: new Date(Date.now() + 5), maxAttempts: 5, log: quiet })).jobs) { /* drain */ }
};
const eventsOf = async (id: number) => (await t.db.query(`SELECT type, payload FROM case_events WHERE case_id = $1 ORDER BY seq`, [id])).rows;

test('a merge needs an open original of the same problem nearby and recent — or a receiver’s override with a reason', async () => {
  const closed = await drive.caseAt('closed');
  const dup = await citizenReport();
  const intoClosed = await drive.raw.act('receiver', dup.id, 'merge', { originalId: closed.id });
  assert.equal(intoClosed.statusCode, 422);
  assert.equal(intoClosed.json().error.code, 'CASE_MERGE_INVALID');
  assert.match(intoClosed.json().error.message, /已办结/);
  // Not even with an override: the citizen's problem would be left unhandled.
  assert.equal((await drive.raw.act('receiver', dup.id, 'merge', { originalId: closed.id, override: { reason: '同一问题' } })).statusCode, 422);

  const original = await citizenReport();
  const otherKind = await citizenReport({ categoryCode: '06001', description: '有人私搭乱建' });
  const refused = await drive.raw.act('receiver', otherKind.id, 'merge', { originalId: original.id });
  assert.equal(refused.statusCode, 422);
  assert.match(refused.json().error.message, /类别不同/);
  const far = await citizenReport({ lng: LNG0 + 7.5 * CELL, lat: LAT0 + 0.5 * CELL });
  assert.match((await drive.raw.act('receiver', far.id, 'merge', { originalId: original.id })).json().error.message, /相距超出/);
  // Garbage reported as "garbage piled up" (06011) is the same problem as exposed garbage (06010): compatible by default.
  const compatible = await citizenReport({ categoryCode: '06011' });
  assert.equal((await drive.raw.act('receiver', compatible.id, 'merge', { originalId: original.id })).statusCode, 200);
  // The receiver knows better: merged, and the reason is on record.
  const overridden = await drive.act('receiver', otherKind.id, 'merge', { originalId: original.id, override: { reason: '现场为同一处违建旁的垃圾，已电话确认' } });
  assert.equal(overridden.status, 'merged');
  const merged = (await eventsOf(otherKind.id)).find((e) => e.type === 'case.merged');
  assert.equal(merged.payload.override.reason, '现场为同一处违建旁的垃圾，已电话确认');
});

test('a case goes only to a handling unit someone can act for: never a centre, never a lead unit without members', async () => {
  const c = await drive.caseAt('pendingDispatch');
  const { commandCenter, supervisionCenter, sanitation, streetOffice } = t.district.unitIds;
  for (const [unit, reason] of [[commandCenter, /指挥中心不是处置单位/], [supervisionCenter, /监督中心/], [sanitation, /没有在岗人员/]] as const) {
    const res = await drive.raw.act('dispatcher', c.id, 'dispatch', { leadUnitId: unit });
    assert.equal(res.statusCode, 422, res.body);
    assert.equal(res.json().error.code, 'CASE_UNIT_INVALID');
    assert.match(res.json().error.message, reason);
  }
  assert.equal((await drive.raw.act('dispatcher', c.id, 'dispatch', { leadUnitId: streetOffice, coUnitIds: [commandCenter] })).statusCode, 422, 'nor a centre as co-handler');
  assert.equal((await drive.act('dispatcher', c.id, 'dispatch', { leadUnitId: streetOffice, coUnitIds: [sanitation] })).status, 'dispatched');
});

test('the sweep tells the shift leader, once, of an open step nobody answers for', async () => {
  // A grid without a supervisor (community 410104001002 has none in the mini district): the verify task goes to no one.
  const nobody = await citizenReport({ lng: LNG0 + 0.5 * CELL, lat: LAT0 + 0.5 * CELL });
  await drive.act('receiver', nobody.id, 'sendToVerify');
  const verify = (await drive.get('receiver', nobody.id)).steps.find((s: { step: string; endedAt: string | null }) => s.step === 'verify' && !s.endedAt);
  assert.deepEqual(verify.assigneeUserIds, []);
  const first = await sweepDeadlines(t.db, new Date());
  assert.ok(first.unattended >= 1, JSON.stringify(first));
  assert.equal((await sweepDeadlines(t.db, new Date())).unattended, 0, 'told once');
  await deliver();
  const { rows } = await t.db.query(`SELECT n.kind, n.body FROM notifications n WHERE n.case_id = $1 AND n.user_id = $2`, [nobody.id, t.district.users.shiftleader!.id]);
  assert.ok(rows.some((r) => r.kind === 'unattended' && /无人/.test(r.body)), JSON.stringify(rows));
});

test('self-handling honours the category’s after-photo rule, as handling does', async () => {
  const admin = await drive.session('admin');
  assert.equal((await drive.call('admin', { method: 'PATCH', url: '/api/categories/event/06014', payload: { requiresAfterPhoto: true } })).statusCode, 200, String(admin));
  const without = await drive.raw.report('supervisor', { categoryCode: '06014', selfHandle: { result: '已清扫' } });
  assert.equal(without.statusCode, 422);
  assert.equal(without.json().error.code, 'CASE_AFTER_PHOTO_REQUIRED');
  const [photo] = await seedPhotos(t.db, ['self-after']);
  assert.equal((await drive.raw.report('supervisor', { categoryCode: '06014', selfHandle: { result: '已清扫', publicReply: '已清扫干净', photoIds: [photo] } })).statusCode, 201);
});

test('allowedActions offers only what would succeed: no extension request once the limit is used up', async () => {
  const c = await drive.caseAt('handling');
  assert.ok((await drive.get('handler', c.id)).allowedActions.includes('requestExtension'));
  for (let i = 0; i < 2; i++) {
    await drive.act('handler', c.id, 'requestExtension', { amount: 1, unit: 'days', reason: '材料未到' });
    await drive.act('dispatcher', c.id, 'approveExtension');
  }
  const now = await drive.get('handler', c.id);
  assert.equal(now.extensionCount, 2);
  assert.ok(!now.allowedActions.includes('requestExtension'), now.allowedActions.join(' '));
  assert.equal((await drive.raw.act('handler', c.id, 'requestExtension', { amount: 1, unit: 'days', reason: '再延一次' })).json().error.code, 'CASE_EXTENSION_LIMIT');
});

test('a citizen’s “unsatisfied” tells the unit why the case came back, not “check failed”', async () => {
  const c = await drive.caseAt('pendingCallback');
  await drive.act('receiver', c.id, 'recordCallback', { reached: true, satisfaction: 'unsatisfied' });
  await deliver();
  const { rows } = await t.db.query(`SELECT body FROM notifications WHERE case_id = $1 AND user_id = $2 AND kind = 'rework'`, [c.id, t.district.users.handler!.id]);
  assert.ok(rows.length >= 1);
  assert.match(rows.at(-1).body, /市民对处置结果不满意/);
  assert.doesNotMatch(rows.at(-1).body, /核查未通过/);
});

test('search finds a case by its tracking number or case number; a detail names photo addresses and the suggested unit', async () => {
  const c = await drive.report('supervisor', { categoryCode: '06001', description: '小区门口私搭乱建' });
  await drive.act('shiftleader', c.id, 'file');
  const filed = await drive.get('dispatcher', c.id);
  for (const q of [`number=${c.trackingNo}`, `q=${c.trackingNo}`, `number=${filed.caseNo}`, `q=${filed.caseNo.toLowerCase()}`]) {
    const res = await drive.call('dispatcher', { method: 'GET', url: `/api/cases?${q}` });
    assert.deepEqual(res.json().items.map((x: { id: number }) => x.id), [c.id], q);
  }
  assert.equal((await drive.call('dispatcher', { method: 'GET', url: '/api/cases?number=2026-X1' })).statusCode, 400);
  // 06001 goes by default to the enforcement squad; the squad of the case's street is suggested.
  assert.deepEqual(filed.suggestedUnit, { id: t.district.unitIds.squad, name: '北下街执法中队' });
  assert.equal((await drive.get('receiver', (await drive.caseAt('closed')).id)).suggestedUnit, null, 'nothing to suggest for a finished case');
  void POINT;
});
