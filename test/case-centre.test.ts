/**
 * What the command centre's desks do beside the workflow: a reporter's phone is masked for everyone and revealed,
 * with a reason, only to those who call back — each reveal in the timeline and the security log; and an urgent
 * case's alarm, listed for a browser that connects late, acknowledged once (idempotently), which reaches the other
 * browsers live. Neither changes the case's status or version, and the audit chain still verifies.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { loadOrCreateAuditKey } from '../src/server/modules/audit/checkpoint.ts';
import { verifyAudit } from '../src/server/modules/audit/verify.ts';
import { caseInvariantViolations } from './support/case-invariants.ts';
import { login, testApp, type TestApp } from './support/app.ts';
import { driver, type CaseJson, type Driver } from './support/driver.ts';
import { openStream, waitFor } from './support/isolation-walk.ts';

let t: TestApp;
let drive: Driver;
let keyDir: string;
before(async () => {
  keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gc-centre-'));
  t = await testApp();
  drive = driver(t);
  // A receiver whose area is the other street (410104002): the cases at POINT (street 001) are not theirs to see.
  await t.db.query(`INSERT INTO users (username, display_name, password_hash) SELECT 'receiver2', '受理员二', password_hash FROM users WHERE username = 'receiver'`);
  await t.db.query(`INSERT INTO user_roles (user_id, role) SELECT id, 'receiver' FROM users WHERE username = 'receiver2'`);
  await t.db.query(`INSERT INTO user_scopes (user_id, scope_code) SELECT id, '410104002' FROM users WHERE username = 'receiver2'`);
});
after(async () => {
  await t?.close();
  fs.rmSync(keyDir, { recursive: true, force: true });
});

const post = (who: string, url: string, payload?: object) => drive.call(who, { method: 'POST', url, ...(payload ? { payload } : {}) });
const securityLog = async (kind: string) => (await t.db.query(`SELECT username, detail, request_id FROM security_events WHERE kind = $1 ORDER BY id`, [kind])).rows;

test('the reporter’s phone is masked for everyone; receivers and shift leaders reveal it with a reason, recorded in the timeline and the security log', async () => {
  const c = await drive.report('receiver', { source: 'hotline', reporterPhone: '13812345678', reporterName: '王先生' });
  for (const who of ['receiver', 'shiftleader', 'dispatcher', 'leader', 'supervisor']) {
    const d = await drive.get(who, c.id);
    assert.equal(d.reporterPhone, '138****5678', who);
    assert.equal(d.canRevealContact, who === 'receiver' || who === 'shiftleader', who);
  }
  // The list and the queue mask it too.
  const list = (await drive.call('receiver', { method: 'GET', url: `/api/cases?q=${encodeURIComponent(c.trackingNo)}` })).json();
  assert.equal(list.items[0].reporterPhone, '138****5678');
  assert.equal(list.items[0].canRevealContact, true);

  const res = await post('receiver', `/api/cases/${c.id}/revealContact`, { reason: '回访市民，核对处理结果' });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.json().phone, '13812345678');
  assert.equal(res.json().name, '王先生');
  assert.equal(res.headers['cache-control'], 'no-store');
  const revealedAt = res.json().revealedAt;

  const d = await drive.get('dispatcher', c.id);
  const ev = d.timeline.at(-1);
  assert.equal(ev.type, 'case.contactRevealed');
  assert.equal(ev.actorId, t.district.users.receiver!.id);
  assert.equal(ev.actorRole, 'receiver');
  assert.equal(ev.at, revealedAt);
  assert.deepEqual(ev.payload, { reason: '回访市民，核对处理结果' });
  assert.equal(JSON.stringify(d.timeline).includes('13812345678'), false, 'the number itself is never in the timeline');
  // Nothing about the case changed: same status and version, so a form open on it still acts.
  assert.equal(d.status, c.status);
  assert.equal(d.version, c.version);
  assert.equal((await drive.raw.act('receiver', c.id, 'sendToVerify', { version: c.version })).statusCode, 200);

  const logged = (await securityLog('case.contactRevealed')).filter((e) => e.detail.caseId === c.id);
  assert.equal(logged.length, 1);
  assert.equal(logged[0].username, 'receiver');
  assert.equal(logged[0].detail.reason, '回访市民，核对处理结果');
  assert.equal(logged[0].detail.trackingNo, c.trackingNo);
  assert.ok(logged[0].request_id);

  // The shift leader may too; a second reveal is a second record.
  assert.equal((await post('shiftleader', `/api/cases/${c.id}/revealContact`, { reason: '结案前回访' })).statusCode, 200);
  assert.equal((await securityLog('case.contactRevealed')).filter((e) => e.detail.caseId === c.id).length, 2);
});

test('a reveal is refused without the permission (403), for a case the caller cannot see (404), without a reason (400) or without contact details (422)', async () => {
  const c = await drive.report('receiver', { source: 'citizen', reporterPhone: '13900001111' });
  const before = (await securityLog('case.contactRevealed')).length;
  for (const who of ['dispatcher', 'leader', 'supervisor', 'handler']) {
    const res = await post(who, `/api/cases/${c.id}/revealContact`, { reason: '想看看' });
    assert.equal(res.statusCode, 403, `${who}: ${res.body}`);
    assert.equal(res.json().error.code, 'FORBIDDEN');
  }
  const unseen = await post('receiver2', `/api/cases/${c.id}/revealContact`, { reason: '回访市民' });
  assert.equal(unseen.statusCode, 404);
  assert.equal(unseen.json().error.code, 'CASE_NOT_FOUND');
  assert.equal((await drive.raw.get('receiver2', c.id)).statusCode, 404, 'the same rule as the detail');
  for (const reason of ['', ' 看', '字'.repeat(201)]) {
    const res = await post('receiver', `/api/cases/${c.id}/revealContact`, { reason });
    assert.equal(res.statusCode, 400, JSON.stringify(reason));
    assert.equal(res.json().error.fields[0].field, 'body.reason');
  }
  assert.equal((await post('receiver', `/api/cases/${c.id}/revealContact`)).statusCode, 400);
  const own = await drive.report('supervisor', { source: 'supervisor' });
  assert.equal((await drive.get('receiver', own.id)).canRevealContact, false);
  const none = await post('receiver', `/api/cases/${own.id}/revealContact`, { reason: '回访市民' });
  assert.equal(none.statusCode, 422);
  assert.equal(none.json().error.code, 'CASE_CONTACT_NONE');
  assert.match(none.json().error.message, /没有登记报告人的姓名或电话/);
  assert.equal((await securityLog('case.contactRevealed')).length, before, 'no refusal is recorded as a reveal');
  assert.equal((await drive.get('receiver', c.id)).timeline.length, 1);
});

test('an urgent case rings until acknowledged: listed for late browsers, in the detail, list and queue; acknowledged once, idempotently', async () => {
  const urgent = await drive.report('receiver', { source: 'hotline', description: '井盖缺失', urgency: 'urgent', reporterPhone: '13900000000' });
  const normal = await drive.report('receiver', { source: 'hotline', description: '路边有暴露垃圾' });
  assert.deepEqual(urgent.alert, { active: true, acknowledgedAt: null, acknowledgedById: null, acknowledgedBy: null, canAcknowledge: true });
  assert.equal(normal.alert, null);
  assert.equal((await drive.get('leader', urgent.id)).alert.canAcknowledge, false, 'leaders are told by the inbox, not the alarm');

  const alerts = async (who: string) => {
    const res = await drive.call(who, { method: 'GET', url: '/api/cases/alerts' });
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as { items: CaseJson[]; total: number };
  };
  for (const who of ['receiver', 'shiftleader', 'dispatcher']) assert.deepEqual((await alerts(who)).items.map((c) => c.id), [urgent.id], who);
  assert.equal((await alerts('receiver2')).total, 0, 'not a case they can see');
  for (const who of ['leader', 'supervisor', 'handler', 'admin']) assert.equal((await drive.call(who, { method: 'GET', url: '/api/cases/alerts' })).statusCode, 403, who);
  const inList = (await drive.call('dispatcher', { method: 'GET', url: '/api/cases?urgency=urgent' })).json().items.find((c: CaseJson) => c.id === urgent.id);
  assert.equal(inList.alert.active, true);
  const queued = (await drive.call('receiver', { method: 'GET', url: '/api/cases/queue' })).json().items.find((i: { case: CaseJson }) => i.case.id === urgent.id);
  assert.equal(queued.case.alert.active, true);

  // Not theirs to see: 404; not urgent: 409, nothing recorded.
  assert.equal((await post('receiver2', `/api/cases/${urgent.id}/acknowledgeAlert`)).statusCode, 404);
  const notUrgent = await post('dispatcher', `/api/cases/${normal.id}/acknowledgeAlert`);
  assert.equal(notUrgent.statusCode, 409);
  assert.equal(notUrgent.json().error.code, 'CASE_ALERT_NOT_ACTIVE');
  assert.equal((await post('leader', `/api/cases/${urgent.id}/acknowledgeAlert`)).statusCode, 403);

  // Two desks at once: one acknowledgement, which both are told.
  const [a, b] = await Promise.all([post('dispatcher', `/api/cases/${urgent.id}/acknowledgeAlert`), post('receiver', `/api/cases/${urgent.id}/acknowledgeAlert`)]);
  assert.equal(a.statusCode, 200, a.body);
  assert.equal(b.statusCode, 200, b.body);
  assert.deepEqual([a.json().first, b.json().first].sort(), [false, true]);
  const first = a.json().first ? a.json() : b.json();
  assert.deepEqual(b.json().acknowledgedAt, a.json().acknowledgedAt);
  assert.equal(b.json().acknowledgedById, a.json().acknowledgedById);
  const again = await post('shiftleader', `/api/cases/${urgent.id}/acknowledgeAlert`);
  assert.equal(again.statusCode, 200);
  assert.deepEqual({ ...(again.json() as object), first: true }, first);
  const byName = first.acknowledgedById === t.district.users.dispatcher!.id ? '测试dispatcher' : '测试receiver';
  assert.equal(first.acknowledgedBy, byName);

  const d = await drive.get('shiftleader', urgent.id);
  assert.deepEqual(d.alert, { active: false, acknowledgedAt: first.acknowledgedAt, acknowledgedById: first.acknowledgedById, acknowledgedBy: byName, canAcknowledge: false });
  const acks = d.timeline.filter((e: { type: string }) => e.type === 'case.alertAcknowledged');
  assert.equal(acks.length, 1, 'one event, however many desks pressed');
  assert.equal(acks[0].actorId, first.acknowledgedById);
  assert.equal(acks[0].at, first.acknowledgedAt);
  assert.equal(d.version, urgent.version, 'the version stays: nobody’s form goes stale');
  assert.equal(d.status, urgent.status);
  assert.equal((await alerts('receiver')).total, 0);
});

test('making a case urgent again rings again; a finished case does not ring', async () => {
  const c = await drive.report('receiver', { source: 'hotline', description: '道路塌陷', urgency: 'urgent' });
  assert.equal((await post('shiftleader', `/api/cases/${c.id}/acknowledgeAlert`)).json().first, true);
  let d = await drive.act('shiftleader', c.id, 'setUrgency', { urgency: 'normal' });
  assert.equal(d.alert, null);
  d = await drive.act('shiftleader', c.id, 'setUrgency', { urgency: 'urgent' });
  assert.equal(d.alert.active, true, 'a new alarm');
  assert.equal(d.alert.acknowledgedAt, null);
  assert.ok((await drive.call('dispatcher', { method: 'GET', url: '/api/cases/alerts' })).json().items.some((x: CaseJson) => x.id === c.id));
  // Filed urgent from a normal report: rings from the filing on.
  const filedUrgent = await drive.act('shiftleader', (await drive.report('supervisor', { source: 'supervisor' })).id, 'file', { urgency: 'urgent' });
  assert.equal(filedUrgent.alert.active, true);
  // Voided before anyone acknowledged it: no longer rings, and acknowledging it now is a 409.
  const v = await drive.report('receiver', { source: 'hotline', urgency: 'urgent', description: '疑似燃气泄漏' });
  await drive.act('receiver', v.id, 'proposeVoid', { reason: '重复来电' });
  const voided = await drive.act('shiftleader', v.id, 'approveVoid');
  assert.equal(voided.alert.active, false);
  assert.equal((await drive.call('receiver', { method: 'GET', url: '/api/cases/alerts' })).json().items.some((x: CaseJson) => x.id === v.id), false);
  assert.equal((await post('receiver', `/api/cases/${v.id}/acknowledgeAlert`)).statusCode, 409);
});

test('an acknowledgement reaches the other browsers’ live streams as a case event, so their alarm stops', { timeout: 30_000 }, async () => {
  const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  const c = await drive.report('receiver', { source: 'hotline', urgency: 'urgent', description: '路灯杆倾斜' });
  const stream = await openStream(base, (await login(t.app, 'shiftleader')).cookie);
  try {
    await waitFor('ready', () => stream.events.some((e) => e.event === 'ready'));
    const ack = await post('dispatcher', `/api/cases/${c.id}/acknowledgeAlert`);
    assert.equal(ack.statusCode, 200);
    await waitFor('the acknowledgement on the shift leader’s stream', () => stream.events.some((e) => e.event === 'case' && e.data.caseId === c.id && e.data.type === 'case.alertAcknowledged'));
    const msg = stream.events.find((e) => e.event === 'case' && e.data.type === 'case.alertAcknowledged')!;
    assert.equal(msg.data.version, c.version);
    assert.equal(msg.data.status, c.status);
  } finally {
    stream.close();
  }
});

test('reveals and acknowledgements keep the case invariants and the audit chain verifies', async () => {
  assert.deepEqual(await caseInvariantViolations(t.db), []);
  const report = await verifyAudit(t.db, loadOrCreateAuditKey(path.join(keyDir, 'audit.key')));
  assert.equal(report.ok, true, JSON.stringify(report.problems.slice(0, 3)));
});
