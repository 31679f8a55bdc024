/** Hand-written expectations for the case workflow tests (DOMAIN §4), shared by the matrix and the random walks. */
import { DomainError } from '../../errors.ts';
import type { CaseAction, CaseStatus } from '../../../shared/cases/workflow.ts';
import type { Role } from '../../../shared/roles.ts';
import type { ActionInput, CaseState, TransitionContext } from './case.workflow.ts';
import { DEFAULT_WORKFLOW_SETTINGS } from './workflow-settings.ts';

// ---------------------------------------------------------------------------------------------
// The hand-written table (DOMAIN §4). Where the domain text is silent (which states allow urge or
// setUrgency), the reading is noted next to the row.
// ---------------------------------------------------------------------------------------------

export const WHO: Record<CaseAction, Role[]> = {
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
export const ALLOWED: Record<CaseStatus, CaseAction[]> = {
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

export const REQUEST_STATES: CaseStatus[] = ['voidPending', 'returnRequested', 'extensionRequested', 'shelveRequested'];

/** A valid input for every action (guards pass with the context below). */
export function validInput(action: CaseAction): ActionInput {
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

export function baseState(status: CaseStatus, over: Partial<CaseState> = {}): CaseState {
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

export const passingCtx: TransitionContext = {
  settings: DEFAULT_WORKFLOW_SETTINGS,
  requiresAfterPhoto: true,
  openSteps: [],
  pendingExtension: { amount: 4, unit: 'hours' },
};

export function codeOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (err) {
    if (err instanceof DomainError) return err.code;
    throw err;
  }
}

