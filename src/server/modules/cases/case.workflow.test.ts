/**
 * applyTransition without a database: a role × status × action matrix written out by hand from
 * DOMAIN §4 (deliberately not derived from TRANSITIONS). The random walks are in case.workflow.walk.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CASE_ACTIONS, CASE_SOURCES, CASE_STATUSES, FINAL_STATUSES } from '../../../shared/cases/workflow.ts';
import { URGENCIES } from '../../../shared/org.ts';
import { ROLES, type Role } from '../../../shared/roles.ts';
import { applyTransition, initialTransition, type ActionInput, type CaseState, type TransitionContext } from './case.workflow.ts';
import { DEFAULT_WORKFLOW_SETTINGS } from './workflow-settings.ts';
import { ALLOWED, WHO, baseState, codeOf, passingCtx, validInput } from './case.workflow.fixtures.ts';

describe('applyTransition: the role × status × action matrix (DOMAIN §4, by hand)', () => {
  it('the hand tables cover every action and status', () => {
    assert.deepEqual(Object.keys(WHO).sort(), [...CASE_ACTIONS].sort());
    assert.deepEqual(Object.keys(ALLOWED).sort(), [...CASE_STATUSES].sort());
    for (const s of FINAL_STATUSES) assert.deepEqual(ALLOWED[s], [], s);
  });

  it('allowed ↔ no throw; wrong status → CASE_TRANSITION_NOT_ALLOWED; wrong role → FORBIDDEN', () => {
    const mismatches: string[] = [];
    let checked = 0;
    for (const status of CASE_STATUSES) {
      for (const action of CASE_ACTIONS) {
        for (const role of ROLES) {
          const expected = !ALLOWED[status].includes(action) ? 'CASE_TRANSITION_NOT_ALLOWED' : !WHO[action].includes(role) ? 'FORBIDDEN' : null;
          const got = codeOf(() => applyTransition(baseState(status), validInput(action), [role], passingCtx));
          checked++;
          if (got !== expected) mismatches.push(`${role} ${action} in ${status}: expected ${expected ?? 'ok'}, got ${got ?? 'ok'}`);
        }
      }
    }
    assert.equal(checked, CASE_STATUSES.length * CASE_ACTIONS.length * ROLES.length);
    assert.deepEqual(mismatches, []);
  });

  it('a user with several roles may do what any one of them may; no roles may do nothing', () => {
    for (const status of CASE_STATUSES) {
      for (const action of ALLOWED[status]) {
        assert.equal(codeOf(() => applyTransition(baseState(status), validInput(action), ['auditor', ...WHO[action]], passingCtx)), null, `${action} in ${status}`);
        assert.equal(codeOf(() => applyTransition(baseState(status), validInput(action), [], passingCtx)), 'FORBIDDEN', `${action} in ${status} with no roles`);
      }
    }
  });

  it('the data guards: handling result and photo, extension limit and amount, call-back satisfaction, urge note, pending extension', () => {
    const h = baseState('handling');
    assert.equal(codeOf(() => applyTransition(h, { action: 'handle', result: '   ', photoIds: ['p'] }, ['handler'], passingCtx)), 'VALIDATION_FAILED');
    assert.equal(codeOf(() => applyTransition(h, { action: 'handle', result: '好了' }, ['handler'], passingCtx)), 'CASE_AFTER_PHOTO_REQUIRED');
    assert.equal(codeOf(() => applyTransition(h, { action: 'handle', result: '好了' }, ['handler'], { ...passingCtx, requiresAfterPhoto: false })), null);
    const maxed = baseState('handling', { extensionCount: DEFAULT_WORKFLOW_SETTINGS.maxExtensions });
    assert.equal(codeOf(() => applyTransition(maxed, validInput('requestExtension'), ['officer'], passingCtx)), 'CASE_EXTENSION_LIMIT');
    assert.equal(codeOf(() => applyTransition(h, { action: 'requestExtension', amount: 0, unit: 'days', reason: 'x' }, ['officer'], passingCtx)), 'VALIDATION_FAILED');
    const cb = baseState('pendingCallback');
    assert.equal(codeOf(() => applyTransition(cb, { action: 'recordCallback', reached: true }, ['receiver'], passingCtx)), 'VALIDATION_FAILED');
    assert.equal(codeOf(() => applyTransition(cb, { action: 'recordCallback', reached: false }, ['receiver'], passingCtx)), null);
    assert.equal(codeOf(() => applyTransition(h, { action: 'urge', note: ' ' }, ['leader'], passingCtx)), 'VALIDATION_FAILED');
    const ext = baseState('extensionRequested');
    assert.equal(codeOf(() => applyTransition(ext, { action: 'approveExtension' }, ['dispatcher'], { ...passingCtx, pendingExtension: undefined })), 'CASE_TRANSITION_NOT_ALLOWED');
  });

  it('targets that depend on input or on the prior status', () => {
    const to = (s: CaseState, input: ActionInput, role: Role, ctx: Partial<TransitionContext> = {}) => applyTransition(s, input, [role], { ...passingCtx, ...ctx }).to;
    assert.equal(to(baseState('verifying'), { action: 'verify', isTrue: false }, 'supervisor'), 'notTrue');
    assert.equal(to(baseState('checking'), { action: 'check', passed: false }, 'supervisor'), 'handling');
    assert.equal(to(baseState('checking'), { action: 'check', passed: true }, 'supervisor'), 'pendingCallback');
    assert.equal(to(baseState('checking', { reporterPhone: null }), { action: 'check', passed: true }, 'supervisor'), 'pendingClose', 'no phone, no call-back');
    assert.equal(to(baseState('checking', { source: 'supervisor' }), { action: 'check', passed: true }, 'supervisor'), 'pendingClose');
    const unhappy: ActionInput = { action: 'recordCallback', reached: true, satisfaction: 'unsatisfied' };
    assert.equal(to(baseState('pendingCallback'), unhappy, 'receiver'), 'handling');
    assert.equal(to(baseState('pendingCallback'), unhappy, 'receiver', { settings: { ...DEFAULT_WORKFLOW_SETTINGS, unsatisfiedCallback: 'close' } }), 'pendingClose');
    assert.equal(to(baseState('voidPending', { priorStatus: 'pendingDispatch' }), { action: 'rejectVoid' }, 'shiftLeader'), 'pendingDispatch');
    assert.equal(to(baseState('returnRequested', { priorStatus: 'dispatched' }), { action: 'denyReturn' }, 'dispatcher'), 'dispatched');
    assert.equal(to(baseState('extensionRequested', { priorStatus: 'dispatched' }), { action: 'denyExtension' }, 'dispatcher'), 'dispatched');
    assert.equal(to(baseState('extensionRequested', { priorStatus: 'dispatched' }), { action: 'approveExtension' }, 'dispatcher'), 'dispatched');
    assert.equal(to(baseState('selfHandled'), { action: 'rejectSelfHandle', reason: 'x' }, 'shiftLeader'), 'pendingFiling');
    for (const s of ['handling', 'pendingCheck', 'pendingFiling'] as const) {
      assert.equal(to(baseState(s), { action: 'urge', note: '快' }, 'leader'), s, 'urge keeps the status');
      assert.equal(to(baseState(s), { action: 'setUrgency', urgency: 'urgent' }, 'receiver'), s, 'setUrgency keeps the status');
    }
  });

  it('initialTransition: supervisors\' reports are verified by definition, self-handling waits for the shift leader', () => {
    for (const source of CASE_SOURCES) {
      for (const urgency of URGENCIES) {
        const t = initialTransition(source, false, urgency);
        assert.equal(t.to, source === 'supervisor' ? 'pendingFiling' : 'reported');
        assert.deepEqual(t.steps, [{ op: 'start', step: source === 'supervisor' ? 'file' : 'sendToVerify', party: source === 'supervisor' ? 'shiftLeader' : 'receiver' }]);
        assert.equal(t.notify.filter((n) => n.kind === 'emergency').length, urgency === 'urgent' ? 3 : 0);
      }
    }
    assert.equal(initialTransition('supervisor', true, 'normal').to, 'selfHandled');
  });
});

// ---------------------------------------------------------------------------------------------
// The random walk.
// ---------------------------------------------------------------------------------------------

