/**
 * Who hears of a late step: whoever must act, and whoever answers for them — the dispatchers for the
 * handling units, the shift leader for the receivers and grid supervisors — each once.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { deliverNotifications } from '../src/server/modules/notifications/commands/deliver-notifications.ts';
import { sweepDeadlines } from '../src/server/modules/cases/commands/sweep-deadlines.ts';
import { call, login, testApp, type Session, type TestApp } from './support/app.ts';

let t: TestApp;
const s: Record<string, Session> = {};
const POINT = { lng: 113.7005, lat: 34.7035 }; // grid 410104001001001, the supervisor's
const quiet = { info() {}, warn() {}, error() {} };

before(async () => {
  t = await testApp();
  for (const u of ['supervisor', 'shiftleader', 'dispatcher', 'receiver']) s[u] = await login(t.app, u);
});
after(async () => t.close());

async function act(who: string, id: number, action: string, body: Record<string, unknown> = {}) {
  const cur = await call(t.app, s[who]!, { method: 'GET', url: `/api/cases/${id}` });
  const res = await call(t.app, s[who]!, { method: 'POST', url: `/api/cases/${id}/${action}`, payload: { version: cur.json().version, ...body } });
  assert.equal(res.statusCode, 200, `${who} ${action}: ${res.body}`);
}

async function report(who: string, source: string, extra: Record<string, unknown> = {}): Promise<number> {
  const res = await call(t.app, s[who]!, { method: 'POST', url: '/api/cases', payload: { source, categoryKind: 'event', categoryCode: '06010', ...POINT, description: '路边有暴露垃圾', ...extra } });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().id as number;
}

test('a late step is told to whoever must act and to whoever answers for them, once each', async () => {
  const atFiling = await report('supervisor', 'supervisor'); // file: the shift leaders
  const atDispatch = await report('supervisor', 'supervisor');
  await act('shiftleader', atDispatch, 'file'); // dispatch: the dispatchers
  const atUnit = await report('supervisor', 'supervisor');
  await act('shiftleader', atUnit, 'file');
  await act('dispatcher', atUnit, 'dispatch', { leadUnitId: t.district.unitIds.streetOffice }); // accept and handle: the street office
  const atVerify = await report('receiver', 'hotline', { reporterPhone: '13900000000' });
  await act('receiver', atVerify, 'sendToVerify'); // verify: the grid's supervisor

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
