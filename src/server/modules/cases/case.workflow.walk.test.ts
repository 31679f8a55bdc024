/** Random walks over the case loop (fast-check): invariants of applyTransition under any sequence of actions. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DomainError } from '../../errors.ts';
import { CASE_ACTIONS, CASE_SOURCES, CASE_STATUSES, FINAL_STATUSES, STEP_KINDS, type CaseAction, type CaseSource, type CaseStatus, type StepKind } from '../../../shared/cases/workflow.ts';
import { URGENCIES, type Urgency } from '../../../shared/org.ts';
import { ROLES, type Role } from '../../../shared/roles.ts';
import { applyTransition, initialTransition, type ActionInput, type CaseState, type StepOp, type TransitionContext } from './case.workflow.ts';
import { DEFAULT_WORKFLOW_SETTINGS, type WorkflowSettings } from './workflow-settings.ts';
import { ALLOWED, REQUEST_STATES, WHO, codeOf, passingCtx, validInput } from './case.workflow.fixtures.ts';

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
    // Re-timing recomputes deadlines of whatever is open; it opens and closes nothing.
    if (op.op === 'retime') continue;
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
