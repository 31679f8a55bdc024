/**
 * applyTransition without a database: a role × status × action matrix written out by hand from
 * DOMAIN §4 (deliberately not derived from TRANSITIONS), and a fast-check walk over random action
 * sequences that simulates the case's open steps from the returned StepOps.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DomainError } from '../../errors.ts';
import { CASE_ACTIONS, CASE_SOURCES, CASE_STATUSES, FINAL_STATUSES, STEP_KINDS, type CaseAction, type CaseSource, type CaseStatus, type StepKind } from '../../../shared/cases/workflow.ts';
import { URGENCIES, type Urgency } from '../../../shared/org.ts';
import { ROLES, type Role } from '../../../shared/roles.ts';
import { applyTransition, initialTransition, type ActionInput, type CaseState, type StepOp, type TransitionContext } from './case.workflow.ts';
import { DEFAULT_WORKFLOW_SETTINGS, type WorkflowSettings } from './workflow-settings.ts';

// ---------------------------------------------------------------------------------------------
// The hand-written table (DOMAIN §4). Where the domain text is silent (which states allow urge or
// setUrgency), the reading is noted next to the row.
// ---------------------------------------------------------------------------------------------

const WHO: Record<CaseAction, Role[]> = {
  sendToVerify: ['receiver'], // "receiver sends to the grid's supervisor"
  verify: ['supervisor'],
  file: ['shiftLeader'],
  proposeVoid: ['receiver'], // "receiver proposes, shift leader approves"
  approveVoid: ['shiftLeader'],
  rejectVoid: ['shiftLeader'],
  dispatch: ['dispatcher'],
  accept: ['handler', 'officer'],
  handle: ['handler', 'officer'],
  requestReturn: ['handler', 'officer'],
  approveReturn: ['dispatcher'], // branches "all approved by the dispatcher"
  denyReturn: ['dispatcher'],
  requestExtension: ['handler', 'officer'],
  approveExtension: ['dispatcher'],
  denyExtension: ['dispatcher'],
  requestShelve: ['handler', 'officer'],
  approveShelve: ['dispatcher'],
  denyShelve: ['dispatcher'],
  resume: ['dispatcher'],
  sendToCheck: ['receiver'],
  check: ['supervisor'],
  recordCallback: ['receiver'],
  close: ['shiftLeader'],
  rejectSelfHandle: ['shiftLeader'], // self-handle: "light audit, then close" (by the shift leader)
  urge: ['shiftLeader', 'dispatcher', 'leader'],
  setUrgency: ['receiver', 'shiftLeader'],
  merge: ['receiver'],
};

/**
 * Which actions each status allows. Urge: a case that is waiting on someone's work (filing, dispatch,
 * the unit, the check, closing) — not while a request waits for approval, not before the case is
 * verified, not for the call-back. setUrgency: any open case. Void: proposed before the unit has it.
 */
const ALLOWED: Record<CaseStatus, CaseAction[]> = {
  reported: ['sendToVerify', 'proposeVoid', 'setUrgency', 'merge'],
  verifying: ['verify', 'proposeVoid', 'setUrgency', 'merge'],
  pendingFiling: ['file', 'proposeVoid', 'urge', 'setUrgency', 'merge'],
  voidPending: ['approveVoid', 'rejectVoid', 'setUrgency'],
  pendingDispatch: ['dispatch', 'proposeVoid', 'urge', 'setUrgency'],
  dispatched: ['accept', 'requestReturn', 'requestExtension', 'urge', 'setUrgency'],
  handling: ['handle', 'requestReturn', 'requestExtension', 'requestShelve', 'urge', 'setUrgency'],
  extensionRequested: ['handle', 'approveExtension', 'denyExtension', 'urge', 'setUrgency'],
  returnRequested: ['approveReturn', 'denyReturn', 'setUrgency'],
  shelveRequested: ['approveShelve', 'denyShelve', 'setUrgency'],
  shelved: ['resume', 'urge', 'setUrgency'],
  pendingCheck: ['sendToCheck', 'urge', 'setUrgency'],
  checking: ['check', 'urge', 'setUrgency'],
  pendingCallback: ['recordCallback', 'setUrgency'],
  pendingClose: ['close', 'urge', 'setUrgency'],
  selfHandled: ['close', 'rejectSelfHandle', 'setUrgency'],
  closed: [],
  voided: [],
  notTrue: [],
  merged: [],
};

const REQUEST_STATES: CaseStatus[] = ['voidPending', 'returnRequested', 'extensionRequested', 'shelveRequested'];

/** A valid input for every action (guards pass with the context below). */
function validInput(action: CaseAction): ActionInput {
  switch (action) {
    case 'verify': return { action, isTrue: true };
    case 'proposeVoid': return { action, reason: '重复上报' };
    case 'dispatch': return { action, leadUnitId: 7, coUnitIds: [8] };
    case 'handle': return { action, result: '已清运', photoIds: ['p1'] };
    case 'requestReturn': return { action, reason: '非本单位职责' };
    case 'requestExtension': return { action, amount: 4, unit: 'hours', reason: '需协调' };
    case 'requestShelve': return { action, reason: '需立项' };
    case 'check': return { action, passed: true };
    case 'recordCallback': return { action, reached: true, satisfaction: 'satisfied' };
    case 'rejectSelfHandle': return { action, reason: '未处理干净' };
    case 'urge': return { action, note: '尽快处理' };
    case 'setUrgency': return { action, urgency: 'urgent' };
    case 'merge': return { action, originalId: 1 };
    default: return { action } as ActionInput;
  }
}

function baseState(status: CaseStatus, over: Partial<CaseState> = {}): CaseState {
  return {
    status,
    priorStatus: REQUEST_STATES.includes(status) ? 'handling' : null,
    source: 'citizen',
    urgency: 'normal',
    leadUnitId: 7,
    coUnitIds: [],
    extensionCount: 0,
    reworkCount: 0,
    urgeCount: 0,
    reporterPhone: '13800000000',
    ...over,
  };
}

const passingCtx: TransitionContext = {
  settings: DEFAULT_WORKFLOW_SETTINGS,
  requiresAfterPhoto: true,
  openSteps: [],
  pendingExtension: { amount: 4, unit: 'hours' },
};

function codeOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (err) {
    if (err instanceof DomainError) return err.code;
    throw err;
  }
}

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

/** Open steps of the simulated case: kind → suspended? */
type OpenSteps = Map<StepKind, boolean>;

/** Steps that must be open in a status, and the ones that may be (DOMAIN §4/§5: who is the case waiting for). */
const MUST_OPEN: Record<CaseStatus, StepKind[]> = {
  reported: ['sendToVerify'],
  verifying: ['verify'],
  pendingFiling: ['file'],
  voidPending: ['approveVoid'],
  pendingDispatch: ['dispatch'],
  dispatched: ['accept', 'handle'],
  handling: ['handle'],
  extensionRequested: ['approveRequest', 'handle'],
  returnRequested: ['approveRequest'],
  shelveRequested: ['approveRequest', 'handle'],
  shelved: ['handle'],
  pendingCheck: ['sendToCheck'],
  checking: ['check'],
  pendingCallback: ['callback'],
  pendingClose: ['close'],
  selfHandled: ['close'],
  closed: [],
  voided: [],
  notTrue: [],
  merged: [],
};
const MAY_OPEN: Partial<Record<CaseStatus, StepKind[]>> = {
  // the void proposal suspends whatever step the case was waiting in
  voidPending: ['sendToVerify', 'verify', 'file', 'dispatch'],
  // an extension may be asked before accepting
  extensionRequested: ['accept'],
  // a return may be asked before or after accepting
  returnRequested: ['accept', 'handle'],
};
/** Steps whose clock is stopped in a status (DOMAIN §5: 挂账, awaiting approval of a return/void). */
function mustBeSuspended(status: CaseStatus, step: StepKind): boolean {
  if (status === 'voidPending') return step !== 'approveVoid';
  if (status === 'returnRequested') return step !== 'approveRequest';
  if (status === 'shelveRequested' || status === 'shelved') return step === 'handle';
  return false;
}

const ALL_ROLE_SETS: Role[][] = [...ROLES.map((r) => [r]), ['receiver', 'shiftLeader'], ['handler', 'officer'], ['dispatcher', 'leader']];

const urgencyArb: fc.Arbitrary<Urgency> = fc.constantFrom(...URGENCIES);
const text = fc.constantFrom('', '  ', '已处理', 'x');

/** Random, valid-ish input: mostly valid, sometimes breaking a data guard. */
function inputArb(action: CaseAction): fc.Arbitrary<ActionInput> {
  switch (action) {
    case 'verify': return fc.record({ action: fc.constant(action), isTrue: fc.constantFrom(true, true, true, false), photoIds: fc.option(fc.constant<string[]>(['v1']), { nil: undefined }) });
    case 'file': return fc.record({ action: fc.constant(action), urgency: fc.option(urgencyArb, { nil: undefined }) });
    case 'proposeVoid': return fc.record({ action: fc.constant(action), reason: fc.constant('作废') });
    case 'dispatch': return fc.record({ action: fc.constant(action), leadUnitId: fc.integer({ min: 1, max: 4 }), coUnitIds: fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 3 }) });
    case 'handle': return fc.record({ action: fc.constant(action), result: fc.oneof({ weight: 4, arbitrary: fc.constant('已清运') }, { weight: 1, arbitrary: text }), photoIds: fc.option(fc.constant<string[]>(['a1']), { nil: undefined, freq: 3 }) });
    case 'requestReturn': return fc.record({ action: fc.constant(action), reason: fc.constant('非本单位') });
    case 'requestExtension': return fc.record({ action: fc.constant(action), amount: fc.constantFrom(0, 1, 2, 8), unit: fc.constantFrom('hours' as const, 'days' as const), reason: fc.constant('协调') });
    case 'requestShelve': return fc.record({ action: fc.constant(action), reason: fc.constant('需立项') });
    case 'check': return fc.record({ action: fc.constant(action), passed: fc.boolean() });
    case 'recordCallback': return fc.record({ action: fc.constant(action), reached: fc.boolean(), satisfaction: fc.option(fc.constantFrom('satisfied' as const, 'basicallySatisfied' as const, 'unsatisfied' as const), { nil: undefined, freq: 4 }) });
    case 'rejectSelfHandle': return fc.record({ action: fc.constant(action), reason: fc.constant('不合格') });
    case 'urge': return fc.record({ action: fc.constant(action), note: fc.oneof({ weight: 4, arbitrary: fc.constant('请尽快') }, { weight: 1, arbitrary: fc.constant(' ') }) });
    case 'setUrgency': return fc.record({ action: fc.constant(action), urgency: urgencyArb });
    case 'merge': return fc.record({ action: fc.constant(action), originalId: fc.integer({ min: 1, max: 99 }) });
    default: return fc.constant({ action } as ActionInput);
  }
}

/** The way forward from each status, so that random walks get deep into the loop. */
const FORWARD: Record<CaseStatus, CaseAction[]> = {
  reported: ['sendToVerify'],
  verifying: ['verify'],
  pendingFiling: ['file'],
  voidPending: ['rejectVoid', 'approveVoid'],
  pendingDispatch: ['dispatch'],
  dispatched: ['accept'],
  handling: ['handle'],
  extensionRequested: ['approveExtension', 'denyExtension', 'handle'],
  returnRequested: ['approveReturn', 'denyReturn'],
  shelveRequested: ['approveShelve', 'denyShelve'],
  shelved: ['resume'],
  pendingCheck: ['sendToCheck'],
  checking: ['check'],
  pendingCallback: ['recordCallback'],
  pendingClose: ['close'],
  selfHandled: ['close', 'rejectSelfHandle'],
  closed: [],
  voided: [],
  notTrue: [],
  merged: [],
};

const stepArb = fc.record({
  /** forward (0–4): the main path; allowed (5–7): any action the status allows; else any action at all. */
  kind: fc.integer({ min: 0, max: 9 }),
  actionIndex: fc.nat(),
  roleSet: fc.nat(),
});

const settingsArb: fc.Arbitrary<WorkflowSettings> = fc.record({
  maxExtensions: fc.integer({ min: 0, max: 3 }),
  callbackSources: fc.subarray([...CASE_SOURCES]),
  unsatisfiedCallback: fc.constantFrom('rework' as const, 'close' as const),
}).map((s) => ({ ...DEFAULT_WORKFLOW_SETTINGS, ...s }));

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

interface Walk {
  state: CaseState;
  open: OpenSteps;
  lastExtension?: { amount: number; unit: 'hours' | 'days' };
}

const showOpen = (open: OpenSteps) => [...open].map(([k, s]) => (s ? `${k}(suspended)` : k)).join(',') || '-';

/** Applies StepOps to the simulated open steps, asserting each one targets a step in the right condition. */
function applyOps(w: Walk, ops: StepOp[]): void {
  for (const op of ops) {
    const cur = w.open.get(op.step);
    switch (op.op) {
      case 'start':
        assert.equal(cur, undefined, `starts ${op.step}, which is already open`);
        w.open.set(op.step, false);
        break;
      case 'end':
        // step-clock silently skips ending a step that is not open; applyTransition filters by
        // ctx.openSteps wherever a step may or may not be open, so the walk tolerates none.
        assert.notEqual(cur, undefined, `ends ${op.step}, which is not open`);
        w.open.delete(op.step);
        break;
      case 'suspend':
        assert.equal(cur, false, `suspends ${op.step}, which is not open or already suspended`);
        w.open.set(op.step, true);
        break;
      case 'resume':
        assert.equal(cur, true, `resumes ${op.step}, which is not open or not suspended`);
        w.open.set(op.step, false);
        break;
      case 'extend':
        assert.equal(cur, false, `extends ${op.step}, which is not open (or is suspended)`);
        assert.ok(op.amount > 0);
        break;
    }
  }
}

function checkInvariants(w: Walk): void {
  const { state, open } = w;
  const kinds = [...open.keys()];
  assert.ok(CASE_STATUSES.includes(state.status), `unknown status ${state.status}`);
  for (const k of kinds) assert.ok(STEP_KINDS.includes(k), `unknown step ${k}`);
  if (FINAL_STATUSES.includes(state.status)) assert.deepEqual(kinds, [], `final ${state.status} with open steps`);
  for (const k of MUST_OPEN[state.status]) assert.ok(open.has(k), `${state.status} without an open ${k} step`);
  const may = new Set([...MUST_OPEN[state.status], ...(MAY_OPEN[state.status] ?? [])]);
  for (const k of kinds) assert.ok(may.has(k), `${state.status} with a stray open ${k} step`);
  for (const [k, suspended] of open) assert.equal(suspended, mustBeSuspended(state.status, k), `${k} suspended=${suspended} in ${state.status}`);
  assert.equal(state.priorStatus !== null, REQUEST_STATES.includes(state.status), `priorStatus ${state.priorStatus} in ${state.status}`);
  if (state.priorStatus) assert.ok(!FINAL_STATUSES.includes(state.priorStatus) && !REQUEST_STATES.includes(state.priorStatus), `priorStatus ${state.priorStatus}`);
  const unitStates: CaseStatus[] = ['dispatched', 'handling', 'extensionRequested', 'returnRequested', 'shelveRequested', 'shelved', 'pendingCheck', 'checking', 'pendingCallback', 'pendingClose'];
  if (unitStates.includes(state.status)) assert.notEqual(state.leadUnitId, null, `no lead unit in ${state.status}`);
}

describe('applyTransition: random walks over the case loop (fast-check)', () => {
  it('keeps status, steps, priorStatus and counters consistent', () => {
    const reached = new Set<CaseStatus>();
    const usedActions = new Set<CaseAction>();
    // Most random attempts throw a DomainError; capturing their stacks would be most of the run time.
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
    fc.assert(
      fc.property(
        fc.constantFrom<CaseSource>(...CASE_SOURCES),
        fc.boolean(),
        urgencyArb,
        fc.option(fc.constant('13912345678'), { nil: null }),
        settingsArb,
        fc.boolean(),
        fc.array(stepArb, { minLength: 1, maxLength: 40, size: 'max' }),
        fc.gen(),
        (source, selfHandle, urgency, reporterPhone, settings, requiresAfterPhoto, steps, g) => {
          const init = initialTransition(source, selfHandle, urgency);
          const w: Walk = {
            state: { status: init.to, priorStatus: null, source, urgency, leadUnitId: null, coUnitIds: [], extensionCount: 0, reworkCount: 0, urgeCount: 0, reporterPhone },
            open: new Map(),
          };
          // Formatted only when something fails.
          const log: Array<string | (() => string)> = [`init ${source}${selfHandle ? '+selfHandle' : ''} → ${init.to}`];
          const withLog = (fn: () => void) => {
            try {
              fn();
            } catch (err) {
              throw new Error(`${err instanceof Error ? err.message : String(err)}\n  walk: ${log.map((l) => (typeof l === 'string' ? l : l())).join(' | ')}\n  open steps: ${showOpen(w.open)}`, { cause: err });
            }
          };
          withLog(() => {
            applyOps(w, init.steps);
            checkInvariants(w);
          });
          reached.add(w.state.status);

          for (const st of steps) {
            const status = w.state.status;
            const allowed = ALLOWED[status];
            const pool = st.kind <= 4 && FORWARD[status].length ? FORWARD[status] : st.kind <= 7 && allowed.length ? allowed : CASE_ACTIONS;
            const action = pool[st.actionIndex % pool.length]!;
            const rightRole = pool !== CASE_ACTIONS && st.roleSet % 5 !== 0;
            const roles = rightRole ? [WHO[action][st.roleSet % WHO[action].length]!] : ALL_ROLE_SETS[st.roleSet % ALL_ROLE_SETS.length]!;
            const input = g(inputArb, action);
            const ctx: TransitionContext = deepFreeze({ settings, requiresAfterPhoto, openSteps: [...w.open.keys()], pendingExtension: w.lastExtension });
            const before = structuredClone(w.state);
            const frozen = deepFreeze(structuredClone(w.state));
            log.push(() => `${roles.join('+')} ${JSON.stringify(input)}`);
            withLog(() => {
              let result;
              try {
                result = applyTransition(frozen, input, roles, ctx);
              } catch (err) {
                assert.ok(err instanceof DomainError, `not a DomainError: ${err}`);
                if (FINAL_STATUSES.includes(status)) assert.equal(err.code, 'CASE_TRANSITION_NOT_ALLOWED');
                // A failed attempt changes nothing: the walk keeps the old state and steps.
                assert.deepEqual(frozen, before);
                log.push(err.code);
                return;
              }
              assert.ok(!FINAL_STATUSES.includes(status), `a final case accepted ${action}`);
              assert.ok(allowed.includes(action) && roles.some((r) => WHO[action].includes(r)), `${action} by ${roles} in ${status} is not in the hand table but was accepted`);
              assert.deepEqual(frozen, before, 'applyTransition mutated its input');
              usedActions.add(action);
              log.push(result.to);

              applyOps(w, result.steps);
              w.state = { ...before, ...result.patch, status: result.to };
              if (input.action === 'requestExtension') w.lastExtension = { amount: input.amount, unit: input.unit };
              reached.add(result.to);

              assert.ok(w.state.reworkCount >= before.reworkCount, 'reworkCount shrank');
              assert.ok(w.state.reworkCount <= before.reworkCount + 1, 'reworkCount jumped');
              assert.ok(w.state.urgeCount >= before.urgeCount, 'urgeCount shrank');
              assert.ok(w.state.extensionCount >= before.extensionCount, 'extensionCount shrank');
              assert.ok(w.state.extensionCount <= settings.maxExtensions, 'more extensions than allowed');
              // Rejecting or deciding on a request goes back to where the request came from.
              if (['rejectVoid', 'denyReturn', 'denyExtension', 'approveExtension'].includes(action)) assert.equal(result.to, before.priorStatus, 'back to priorStatus');
              checkInvariants(w);
            });
          }
          if (FINAL_STATUSES.includes(w.state.status)) {
            // Final: nobody, not even the action's own roles, can do anything any more.
            for (const a of CASE_ACTIONS) {
              assert.equal(codeOf(() => applyTransition(w.state, validInput(a), WHO[a], passingCtx)), 'CASE_TRANSITION_NOT_ALLOWED', `${a} on ${w.state.status}`);
            }
          }
        },
      ),
      { numRuns: 600, includeErrorInReport: true },
    );
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
    // The walks must actually cover the loop, or the properties above prove little.
    assert.deepEqual(CASE_STATUSES.filter((s) => !reached.has(s)), [], 'statuses never reached');
    assert.deepEqual(CASE_ACTIONS.filter((a) => !usedActions.has(a)), [], 'actions never applied');
  });
});
