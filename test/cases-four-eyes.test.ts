/**
 * Four eyes on requests: whoever proposed a void, or asked for a return, an extension or shelving, cannot decide
 * it (CASE_SAME_PERSON), and is not offered the decision in allowedActions; anyone else of the deciding role can.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { CaseAction } from '../src/shared/cases/workflow.ts';
import { permissionsOf, type Role } from '../src/shared/roles.ts';
import { loadActor } from '../src/server/modules/auth/auth.service.ts';
import type { Actor } from '../src/server/modules/auth/actor.ts';
import { allowedActions, withoutOwnDecisions } from '../src/server/modules/cases/case.policy.ts';
import { getCaseById, listEvents, listSteps } from '../src/server/modules/cases/case.queries.ts';
import { performCaseAction } from '../src/server/modules/cases/commands/perform-case-action.ts';
import { requestAuthor } from '../src/server/modules/cases/commands/request-author.ts';
import type { ActionInput } from '../src/server/modules/cases/case.workflow.ts';
import { testApp, type TestApp } from './support/app.ts';
import { driver, type Driver } from './support/driver.ts';

let t: TestApp;
let drive: Driver;
before(async () => {
  t = await testApp();
  drive = driver(t);
  // A small centre's duty officer: receiver and shift leader on one account (allowed: shared/roles.ts ROLE_SETS).
  const { rows } = await t.db.query(
    `INSERT INTO users (username, display_name, password_hash) SELECT 'duty', '值班受理', password_hash FROM users WHERE username = 'receiver' RETURNING id`,
  );
  await t.db.query(`INSERT INTO user_roles (user_id, role) VALUES ($1, 'receiver'), ($1, 'shiftLeader')`, [rows[0].id]);
  await t.db.query(`INSERT INTO user_scopes (user_id, scope_code) VALUES ($1, '410104')`, [rows[0].id]);
});
after(async () => t.close());

const DECISIONS: CaseAction[] = ['approveVoid', 'rejectVoid', 'approveReturn', 'denyReturn', 'approveExtension', 'denyExtension', 'approveShelve', 'denyShelve'];

test('whoever proposed a void can neither approve nor reject it, and is not offered them; another shift leader approves', async () => {
  const c = await drive.caseAt('pendingFiling');
  const proposed = await drive.act('duty', c.id, 'proposeVoid', { reason: '重复上报' });
  assert.equal(proposed.status, 'voidPending');
  const own = await drive.get('duty', c.id);
  assert.ok(!own.allowedActions.includes('approveVoid') && !own.allowedActions.includes('rejectVoid'), `duty is offered ${own.allowedActions}`);
  assert.ok((await drive.get('shiftleader', c.id)).allowedActions.includes('approveVoid'));

  for (const action of ['approveVoid', 'rejectVoid'] as const) {
    const res = await drive.raw.act('duty', c.id, action);
    assert.equal(res.statusCode, 403, res.body);
    assert.equal(res.json().error.code, 'CASE_SAME_PERSON');
  }
  const en = await drive.call('duty', { method: 'POST', url: `/api/cases/${c.id}/approveVoid`, payload: { version: proposed.version }, headers: { 'accept-language': 'en' } });
  assert.equal(en.json().error.message, '"Approve void" must be decided by someone other than whoever made the request');
  const unchanged = await drive.get('shiftleader', c.id);
  assert.deepEqual([unchanged.status, unchanged.version], ['voidPending', proposed.version]);
  assert.equal((await drive.act('shiftleader', c.id, 'approveVoid')).status, 'voided');
});

test('whoever asked for a return, an extension or shelving cannot decide it, even holding the dispatcher’s role', async () => {
  // An account no one may make any more (handling and command on one account) and that could not sign in:
  // the command refuses its own requests' decisions all the same.
  const handler = (await loadActor(t.db, t.district.users.handler!.id, t.config, 'session'))!;
  const roles: Role[] = ['handler', 'dispatcher'];
  const both: Actor = { ...handler, roles, permissions: permissionsOf(roles), scopes: ['410104'] };
  const ctx = { db: t.db, now: () => new Date(), meta: { requestId: 'four-eyes', ip: '127.0.0.1' } };
  const act = async (id: number, input: ActionInput) => performCaseAction(ctx, both, id, (await getCaseById(t.db, id))!.version, input);
  const offered = async (id: number) => {
    const c = (await getCaseById(t.db, id))!;
    return withoutOwnDecisions(allowedActions(both, c, await listSteps(t.db, id, true)), both, requestAuthor(c, await listEvents(t.db, id)));
  };
  const requests: Array<[ActionInput, CaseAction, CaseAction, CaseAction]> = [
    [{ action: 'requestReturn', reason: '不属于本单位职责' }, 'approveReturn', 'denyReturn', 'denyReturn'],
    [{ action: 'requestExtension', amount: 1, unit: 'days', reason: '等待材料' }, 'approveExtension', 'denyExtension', 'denyExtension'],
    [{ action: 'requestShelve', reason: '需协调多部门' }, 'approveShelve', 'denyShelve', 'approveShelve'],
  ];
  for (const [request, approve, deny, byDispatcher] of requests) {
    const c = await drive.caseAt('handling');
    const asked = await act(c.id, request);
    for (const decision of [approve, deny]) {
      await assert.rejects(act(c.id, { action: decision } as ActionInput), (err: { code?: string }) => err.code === 'CASE_SAME_PERSON', `${request.action} → ${decision}`);
    }
    const shown = await offered(c.id);
    assert.deepEqual(shown.filter((a) => DECISIONS.includes(a)), [], `${request.action}: offered ${shown}`);
    assert.equal((await getCaseById(t.db, c.id))!.version, asked.version, 'nothing changed');
    // The dispatcher who did not ask decides.
    assert.ok((await drive.get('dispatcher', c.id)).allowedActions.includes(approve));
    await drive.act('dispatcher', c.id, byDispatcher);
  }
});
