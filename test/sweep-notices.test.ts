/**
 * Who hears of a late step: whoever must act, and whoever answers for them — the dispatchers for the
 * handling units, the shift leader for the receivers and grid supervisors — each once.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { deliverNotifications } from '../src/server/modules/notifications/commands/deliver-notifications.ts';
import { sweepDeadlines } from '../src/server/modules/cases/commands/sweep-deadlines.ts';
import { testApp, type TestApp } from './support/app.ts';
import { driver, type Driver } from './support/driver.ts';

let t: TestApp;
let drive: Driver;
const quiet = { info() {}, warn() {}, error() {} };

before(async () => {
  t = await testApp();
  drive = driver(t);
});
after(async () => t.close());

test('a late step is told to whoever must act and to whoever answers for them, once each', async () => {
  // Each reported by the grid's supervisor, except the one a receiver registers and sends to verify.
  const { id: atFiling } = await drive.caseAt('pendingFiling'); // file: the shift leaders
  const { id: atDispatch } = await drive.caseAt('pendingDispatch'); // dispatch: the dispatchers
  const { id: atUnit } = await drive.caseAt('dispatched', { leadUnitId: t.district.unitIds.streetOffice }); // accept and handle: the street office
  const { id: atVerify } = await drive.caseAt('verifying', { report: { source: 'hotline', reporterPhone: '13900000000' } }); // verify: the grid's supervisor

  // Long enough for every step to be late (and escalated to the leaders, which is not what this test is about).
  const r = await sweepDeadlines(t.db, new Date(Date.now() + 60 * 86_400_000));
  assert.equal(r.overdue, 5, JSON.stringify(r));
  await deliverNotifications(t.db, { channels: [], now: new Date(Date.now() + 61 * 86_400_000), maxAttempts: 5, log: quiet });
  const told = async (caseId: number) => {
    const { rows } = await t.db.query<{ who: string }>(
      `SELECT u.username || ':' || (n.payload->>'step') AS who FROM notifications n JOIN users u ON u.id = n.user_id
        WHERE n.case_id = $1 AND n.kind = 'overdue' AND u.username <> 'leader' ORDER BY 1`,
      [caseId],
    );
    return rows.map((x) => x.who);
  };
  assert.deepEqual(await told(atFiling), ['shiftleader:file']);
  assert.deepEqual(await told(atDispatch), ['dispatcher:dispatch'], 'the dispatchers once, not once as assignee and again as overseer');
  assert.deepEqual(await told(atUnit), ['dispatcher:accept', 'dispatcher:handle', 'handler:accept', 'handler:handle']);
  assert.deepEqual(await told(atVerify), ['shiftleader:verify', 'supervisor:verify']);
});
