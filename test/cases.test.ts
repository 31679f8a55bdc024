/**
 * The case loop over HTTP on real PostgreSQL with a steppable clock: the main path of a citizen
 * report, the race between two dispatchers, scope and role checks, and the emergency path.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { call, login, testApp, type Session, type TestApp } from './support/app.ts';
import { driver, POINT, type Driver } from './support/driver.ts';
import { photoId, seedPhotos } from './support/factories.ts';

let t: TestApp;
let drive: Driver;
let clock = new Date('2026-03-02T09:00:00+08:00'); // a Monday in winter
const at = (iso: string) => (clock = new Date(iso));
const s: Record<string, Session> = {};

before(async () => {
  t = await testApp({}, { now: () => clock });
  drive = driver(t);
  await seedPhotos(t.db, ['verify-1', 'after-1', 'check-1']);
  for (const u of ['receiver', 'shiftleader', 'dispatcher', 'supervisor', 'supervisor2', 'handler', 'officer', 'leader', 'admin', 'auditor']) s[u] = await drive.session(u);
});
after(async () => t.close());

test('a citizen report travels the whole loop with every step recorded on its clock', async () => {
  const c = await drive.report('receiver', { source: 'citizen', reporterPhone: '13812345678', address: '北下街 12 号' });
  assert.match(c.trackingNo, /^2026-T\d{6}$/);
  assert.equal(c.status, 'reported');
  assert.equal(c.location.gridCode, '410104001001001');
  assert.deepEqual(c.allowedActions, ['sendToVerify', 'proposeVoid', 'setUrgency', 'merge']);
  assert.equal(c.steps[0].dueAt, '2026-03-02T01:30:00.000Z'); // 09:30, 0.5 working hour on the centre calendar

  at('2026-03-02T09:10:00+08:00');
  let d = await drive.act('receiver', c.id, 'sendToVerify');
  assert.equal(d.status, 'verifying');
  const verifyStep = d.steps.find((x: { step: string }) => x.step === 'verify');
  assert.deepEqual(verifyStep.assigneeUserIds, [t.district.users.supervisor!.id]);
  // Only the grid's supervisor gets the task.
  const other = await call(t.app, s.supervisor2!, { method: 'POST', url: `/api/cases/${c.id}/verify`, payload: { version: d.version, isTrue: true } });
  assert.equal(other.statusCode, 404);

  at('2026-03-02T09:40:00+08:00');
  d = await drive.act('supervisor', c.id, 'verify', { isTrue: true, photoIds: [photoId('verify-1')] });
  at('2026-03-02T09:50:00+08:00');
  d = await drive.act('shiftleader', c.id, 'file');
  assert.match(d.caseNo, /^2026-A\d{6}$/);
  at('2026-03-02T10:00:00+08:00');
  d = await drive.act('dispatcher', c.id, 'dispatch', { leadUnitId: t.district.unitIds.streetOffice, coUnitIds: [t.district.unitIds.sanitation] });
  assert.equal(d.status, 'dispatched');
  // 06010 暴露垃圾: 4 working hours on the street office's winter timetable: 10:00–12:00, 14:00–16:00.
  assert.equal(d.handlingDueAt, '2026-03-02T08:00:00.000Z');
  const accept = d.steps.find((x: { step: string }) => x.step === 'accept');
  assert.equal(accept.dueAt, '2026-03-02T03:00:00.000Z'); // 11:00

  at('2026-03-02T10:30:00+08:00');
  d = await drive.act('handler', c.id, 'accept');
  at('2026-03-02T15:00:00+08:00');
  const noPhoto = await call(t.app, s.handler!, { method: 'POST', url: `/api/cases/${c.id}/handle`, payload: { version: d.version, result: '已清运' } });
  assert.equal(noPhoto.statusCode, 422);
  assert.equal(noPhoto.json().error.code, 'CASE_AFTER_PHOTO_REQUIRED');
  d = await drive.act('handler', c.id, 'handle', { result: '已清运完毕', photoIds: [photoId('after-1')] });
  assert.equal(d.status, 'pendingCheck');
  at('2026-03-02T15:10:00+08:00');
  d = await drive.act('receiver', c.id, 'sendToCheck');
  at('2026-03-02T15:50:00+08:00');
  d = await drive.act('supervisor', c.id, 'check', { passed: true, photoIds: [photoId('check-1')] });
  assert.equal(d.status, 'pendingCallback');
  at('2026-03-02T16:30:00+08:00');
  d = await drive.act('receiver', c.id, 'recordCallback', { reached: true, satisfaction: 'satisfied' });
  at('2026-03-02T16:40:00+08:00');
  d = await drive.act('shiftleader', c.id, 'close');
  assert.equal(d.status, 'closed');
  assert.equal(d.citizenRating, 'satisfied');
  assert.deepEqual(d.photos.map((p: { role: string }) => p.role), ['verify', 'after', 'check']);
  assert.deepEqual(
    d.timeline.map((e: { type: string }) => e.type),
    ['case.reported', 'case.sentToVerify', 'case.verified', 'case.filed', 'case.dispatched', 'case.accepted', 'case.handled', 'case.sentToCheck', 'case.checkPassed', 'case.callbackRecorded', 'case.closed'],
  );
  assert.deepEqual(d.timeline.map((e: { seq: number }) => e.seq), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  assert.equal(d.version, 11);
  const steps = d.steps.map((x: { step: string; onTime: boolean; endedAt: string | null }) => [x.step, x.onTime]);
  assert.deepEqual(steps, [['sendToVerify', true], ['verify', true], ['file', true], ['dispatch', true], ['accept', true], ['handle', true], ['sendToCheck', true], ['check', true], ['callback', true], ['close', true]]);
  assert.deepEqual(d.allowedActions, []);
  // The handling unit saw its task; the citizen's phone is masked for everyone, the receivers too, who may reveal it.
  const forHandler = await call(t.app, s.handler!, { method: 'GET', url: `/api/cases/${c.id}` });
  assert.equal(forHandler.json().reporterPhone, '138****5678');
  assert.equal(forHandler.json().canRevealContact, false);
  const forReceiver = await call(t.app, s.receiver!, { method: 'GET', url: `/api/cases/${c.id}` });
  assert.equal(forReceiver.json().reporterPhone, '138****5678');
  assert.equal(forReceiver.json().canRevealContact, true);
  const revealed = await call(t.app, s.receiver!, { method: 'POST', url: `/api/cases/${c.id}/revealContact`, payload: { reason: '回访市民' } });
  assert.equal(revealed.statusCode, 200, revealed.body);
  assert.equal(revealed.json().phone, '13812345678');
});

test('two dispatchers race for one case: one wins, the other gets 409 and nothing doubles', async () => {
  await t.db.query(`INSERT INTO users (username, display_name, password_hash) SELECT 'dispatcher2', '派遣二', password_hash FROM users WHERE username = 'dispatcher'`);
  await t.db.query(`INSERT INTO user_roles (user_id, role) SELECT id, 'dispatcher' FROM users WHERE username = 'dispatcher2'`);
  await t.db.query(`INSERT INTO user_scopes (user_id, scope_code) SELECT id, '410104' FROM users WHERE username = 'dispatcher2'`);
  const d2 = await login(t.app, 'dispatcher2');
  const c = await drive.report('supervisor', { source: 'supervisor' });
  assert.equal(c.status, 'pendingFiling');
  const filed = await drive.act('shiftleader', c.id, 'file');
  const [a, b] = await Promise.all([
    call(t.app, s.dispatcher!, { method: 'POST', url: `/api/cases/${c.id}/dispatch`, payload: { version: filed.version, leadUnitId: t.district.unitIds.streetOffice } }),
    call(t.app, d2, { method: 'POST', url: `/api/cases/${c.id}/dispatch`, payload: { version: filed.version, leadUnitId: t.district.unitIds.squad } }),
  ]);
  assert.deepEqual([a.statusCode, b.statusCode].sort(), [200, 409]);
  const loser = a.statusCode === 409 ? a : b;
  assert.equal(loser.json().error.code, 'CASE_VERSION_CONFLICT');
  const { rows } = await t.db.query(`SELECT count(*)::int AS n FROM case_events WHERE case_id = $1 AND type = 'case.dispatched'`, [c.id]);
  assert.equal(rows[0].n, 1);
  const { rows: steps } = await t.db.query(`SELECT count(*)::int AS n FROM case_steps WHERE case_id = $1 AND step = 'handle'`, [c.id]);
  assert.equal(steps[0].n, 1);
});

test('a receiver whose area is one street registers a hotline call about another and can follow it, but nothing else there', async () => {
  await t.db.query(`INSERT INTO users (username, display_name, password_hash) SELECT 'receiver-west', '西大街受理', password_hash FROM users WHERE username = 'receiver'`);
  await t.db.query(`INSERT INTO user_roles (user_id, role) SELECT id, 'receiver' FROM users WHERE username = 'receiver-west'`);
  await t.db.query(`INSERT INTO user_scopes (user_id, scope_code) SELECT id, '410104002' FROM users WHERE username = 'receiver-west'`);
  const west = await login(t.app, 'receiver-west');
  const res = await call(t.app, west, { method: 'POST', url: '/api/cases', payload: { source: 'hotline', categoryKind: 'event', categoryCode: '06010', ...POINT, description: '北下街路口有暴露垃圾' } });
  assert.equal(res.statusCode, 201, res.body);
  const c = res.json();
  assert.equal(c.location.streetCode, '410104001');
  assert.deepEqual(c.allowedActions, [], 'following is not handling: the case belongs to the other street\'s centre staff');
  assert.equal((await call(t.app, west, { method: 'GET', url: `/api/cases/${c.id}` })).statusCode, 200);
  const mine = await call(t.app, west, { method: 'GET', url: '/api/cases?limit=100' });
  assert.deepEqual(mine.json().items.map((x: { id: number }) => x.id), [c.id], 'their list holds their own report and nothing else of that street');
  const other = await drive.report('supervisor', { source: 'supervisor' });
  assert.equal((await call(t.app, west, { method: 'GET', url: `/api/cases/${other.id}` })).statusCode, 404);
});

test('wrong role 403, wrong state 409, unseen case 404, stale version 409', async () => {
  const c = await drive.report('supervisor', { source: 'supervisor' });
  const v = c.version;
  const byHandler = await call(t.app, s.handler!, { method: 'POST', url: `/api/cases/${c.id}/file`, payload: { version: v } });
  assert.equal(byHandler.statusCode, 404, 'the handler cannot see an undispatched case');
  const byDispatcher = await call(t.app, s.dispatcher!, { method: 'POST', url: `/api/cases/${c.id}/file`, payload: { version: v } });
  assert.equal(byDispatcher.statusCode, 403);
  const wrongState = await call(t.app, s.dispatcher!, { method: 'POST', url: `/api/cases/${c.id}/dispatch`, payload: { version: v, leadUnitId: t.district.unitIds.squad } });
  assert.equal(wrongState.statusCode, 409);
  assert.equal(wrongState.json().error.code, 'CASE_TRANSITION_NOT_ALLOWED');
  const stale = await call(t.app, s.shiftleader!, { method: 'POST', url: `/api/cases/${c.id}/file`, payload: { version: v + 5 } });
  assert.equal(stale.statusCode, 409);
  const adminSees = await call(t.app, s.admin!, { method: 'GET', url: `/api/cases/${c.id}` });
  assert.equal(adminSees.statusCode, 403, 'the admin manages the system, not cases');
  const anon = await call(t.app, null, { method: 'GET', url: `/api/cases/${c.id}` });
  assert.equal(anon.statusCode, 401);
  const badBody = await call(t.app, s.shiftleader!, { method: 'POST', url: `/api/cases/${c.id}/file`, payload: { version: v, urgency: 'panic' } });
  assert.equal(badBody.statusCode, 400);
  const outside = await call(t.app, s.receiver!, { method: 'POST', url: '/api/cases', payload: { source: 'citizen', categoryKind: 'event', categoryCode: '06010', lng: 113.5, lat: 34.7, description: 'x' } });
  assert.equal(outside.statusCode, 422);
  assert.equal(outside.json().error.code, 'GRID_NOT_FOUND_FOR_POINT');
  const unknownCat = await call(t.app, s.receiver!, { method: 'POST', url: '/api/cases', payload: { source: 'citizen', categoryKind: 'event', categoryCode: '06031', ...POINT, description: 'x' } });
  assert.equal(unknownCat.statusCode, 404);
  const wrongChannel = await call(t.app, s.supervisor!, { method: 'POST', url: '/api/cases', payload: { source: 'hotline', categoryKind: 'event', categoryCode: '06010', ...POINT, description: 'x' } });
  assert.equal(wrongChannel.statusCode, 403);
  const { rows } = await t.db.query(`SELECT status, version FROM cases WHERE id = $1`, [c.id]);
  assert.deepEqual(rows[0], { status: 'pendingFiling', version: 1 });
});

test('an urgent category alerts the shift leader, dispatcher and leaders at once and runs on the continuous clock', async () => {
  at('2026-03-07T23:00:00+08:00'); // Saturday night
  const c = await drive.report('supervisor', { source: 'supervisor', categoryKind: 'event', categoryCode: '01002', description: '污水井盖缺失' });
  assert.equal(c.urgency, 'urgent');
  assert.equal(c.steps[0].clockType, 'emergency');
  assert.equal(c.steps[0].dueAt, '2026-03-07T15:30:00.000Z'); // 23:30 the same night
  const { rows } = await t.db.query(`SELECT payload FROM jobs WHERE kind = 'notify' AND payload->>'caseId' = $1 AND payload->>'kind' = 'emergency'`, [String(c.id)]);
  const to = rows.map((r) => r.payload.to).sort();
  assert.deepEqual(to, ['dispatcher', 'leaders', 'shiftLeader']);
  assert.ok(rows.every((r) => r.payload.userIds.length > 0));
  // A citizen can only ask for urgency; the receiver decides.
  const asked = await drive.report('receiver', { source: 'citizen', urgency: 'urgent' });
  assert.equal(asked.urgency, 'urgent', 'a receiver sets it directly');
});

test('a report answers with the case exactly as it is then read back (the rows are built, not re-read)', async () => {
  const bodies = [
    ['receiver', { source: 'hotline', reporterPhone: '13812345678', reporterName: '王先生', address: '北下街 12 号', urgency: 'urgent' }],
    ['supervisor', { source: 'supervisor', description: '井盖缺失，已现场摆放警示', photoIds: [photoId('verify-1')], urgency: 'urgent' }],
    ['supervisor', { source: 'supervisor', selfHandle: { result: '已现场清理', photoIds: [photoId('after-1')] } }],
  ] as const;
  for (const [who, body] of bodies) {
    const posted = await drive.report(who, body);
    const { possibleDuplicates, ...asReported } = posted;
    assert.ok(Array.isArray(possibleDuplicates));
    const read = await call(t.app, s[who]!, { method: 'GET', url: `/api/cases/${posted.id}` });
    assert.equal(read.statusCode, 200, read.body);
    assert.deepEqual(asReported, read.json(), `${who} ${JSON.stringify(body)}`);
  }
});
