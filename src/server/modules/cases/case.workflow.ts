/**
 * applyTransition: the pure heart of the case loop. Given a case's state, an action and its input, it
 * returns the next status, the field changes, the step-clock operations and the notifications — or
 * throws a DomainError. It reads no clock and touches no database; commands do that around it.
 */
import { DomainError, invalidField } from '../../errors.ts';
import { TRANSITIONS, type CaseAction, type CaseSource, type CaseStatus, type StepKind } from '../../../shared/cases/workflow.ts';
import type { Urgency } from '../../../shared/org.ts';
import type { Role } from '../../../shared/roles.ts';
import type { WorkflowSettings } from './workflow-settings.ts';

export interface CaseState {
  status: CaseStatus;
  priorStatus: CaseStatus | null;
  source: CaseSource;
  urgency: Urgency;
  leadUnitId: number | null;
  coUnitIds: number[];
  extensionCount: number;
  reworkCount: number;
  urgeCount: number;
  reporterPhone: string | null;
}

export type { ActionInput } from '../../../shared/api/cases.ts';
import type { ActionInput } from '../../../shared/api/cases.ts';
import type { NotifyKind } from '../../../shared/api/vocabulary.ts';

/** Who must act on a started step. */
export type StepParty = 'receiver' | 'shiftLeader' | 'dispatcher' | 'gridSupervisor' | 'leadUnit';

export type StepOp =
  | { op: 'start'; step: StepKind; party: StepParty }
  | { op: 'end'; step: StepKind; outcome: string }
  | { op: 'suspend'; step: StepKind }
  | { op: 'resume'; step: StepKind }
  | { op: 'extend'; step: StepKind; amount: number; unit: 'hours' | 'days' }
  /** Urgency changed: recompute every open step's deadline from its start on the case's new clock. */
  | { op: 'retime' };

export interface NotifyOp {
  kind: NotifyKind;
  to: StepParty | 'leaders';
}

export interface TransitionResult {
  to: CaseStatus;
  eventType: string;
  patch: Partial<CaseState>;
  steps: StepOp[];
  notify: NotifyOp[];
}

export interface TransitionContext {
  settings: WorkflowSettings;
  requiresAfterPhoto: boolean;
  /** Main steps open right now (the command reads them from case_steps). */
  openSteps: StepKind[];
  /** The extension asked for in the pending request (from its event), when approving one. */
  pendingExtension?: { amount: number; unit: 'hours' | 'days' };
}

const start = (step: StepKind, party: StepParty): StepOp => ({ op: 'start', step, party });
const end = (step: StepKind, outcome: string): StepOp => ({ op: 'end', step, outcome });
const newTask = (to: StepParty): NotifyOp => ({ kind: 'newTask', to });

/** An emergency alerts the shift leader, the dispatcher and the leaders at once (DOMAIN §4). */
const EMERGENCY: NotifyOp[] = [{ kind: 'emergency', to: 'shiftLeader' }, { kind: 'emergency', to: 'dispatcher' }, { kind: 'emergency', to: 'leaders' }];
const RETIME: StepOp = { op: 'retime' };

/** The initial state of a report: supervisors' reports count as verified (DOMAIN §4). */
export function initialTransition(source: CaseSource, selfHandled: boolean, urgency: Urgency): TransitionResult {
  const notify: NotifyOp[] = urgency === 'urgent' ? [...EMERGENCY] : [];
  if (selfHandled) return { to: 'selfHandled', eventType: 'case.selfHandled', patch: {}, steps: [start('close', 'shiftLeader')], notify: [...notify, newTask('shiftLeader')] };
  if (source === 'supervisor') return { to: 'pendingFiling', eventType: 'case.reported', patch: {}, steps: [start('file', 'shiftLeader')], notify: [...notify, newTask('shiftLeader')] };
  return { to: 'reported', eventType: 'case.reported', patch: {}, steps: [start('sendToVerify', 'receiver')], notify: [...notify, newTask('receiver')] };
}

export function assertActionAllowed(state: CaseState, action: CaseAction, roles: readonly Role[]): void {
  const t = TRANSITIONS[action];
  if (!t.from.includes(state.status)) throw new DomainError('CASE_TRANSITION_NOT_ALLOWED', { action, status: state.status });
  if (!t.roles.some((r) => roles.includes(r))) throw new DomainError('FORBIDDEN');
}

function needsCallback(state: CaseState, settings: WorkflowSettings): boolean {
  return settings.callbackSources.includes(state.source) && !!state.reporterPhone;
}

function rework(state: CaseState, eventType: string, extra: StepOp[]): TransitionResult {
  return {
    to: 'handling',
    eventType,
    patch: { reworkCount: state.reworkCount + 1 },
    steps: [...extra, start('handle', 'leadUnit')],
    notify: [{ kind: 'rework', to: 'leadUnit' }],
  };
}

export function applyTransition(state: CaseState, input: ActionInput, roles: readonly Role[], ctx: TransitionContext): TransitionResult {
  assertActionAllowed(state, input.action, roles);
  const prior = state.status;
  switch (input.action) {
    case 'sendToVerify':
      return { to: 'verifying', eventType: 'case.sentToVerify', patch: {}, steps: [end('sendToVerify', 'sent'), start('verify', 'gridSupervisor')], notify: [newTask('gridSupervisor')] };
    case 'verify':
      return input.isTrue
        ? { to: 'pendingFiling', eventType: 'case.verified', patch: {}, steps: [end('verify', 'true'), start('file', 'shiftLeader')], notify: [newTask('shiftLeader')] }
        : { to: 'notTrue', eventType: 'case.notTrue', patch: {}, steps: [end('verify', 'notTrue')], notify: [] };
    case 'file':
      return {
        to: 'pendingDispatch',
        eventType: 'case.filed',
        patch: input.urgency ? { urgency: input.urgency } : {},
        steps: [end('file', 'filed'), start('dispatch', 'dispatcher'), ...(input.urgency && input.urgency !== state.urgency ? [RETIME] : [])],
        notify: [newTask('dispatcher'), ...(input.urgency === 'urgent' && state.urgency !== 'urgent' ? EMERGENCY : [])],
      };
    case 'proposeVoid': {
      const open = ctx.openSteps.filter((s) => s !== 'approveVoid');
      return { to: 'voidPending', eventType: 'case.voidProposed', patch: { priorStatus: prior }, steps: [...open.map((s): StepOp => ({ op: 'suspend', step: s })), start('approveVoid', 'shiftLeader')], notify: [newTask('shiftLeader')] };
    }
    case 'approveVoid': {
      const open = ctx.openSteps.filter((s) => s !== 'approveVoid');
      return { to: 'voided', eventType: 'case.voided', patch: { priorStatus: null }, steps: [end('approveVoid', 'approved'), ...open.map((s) => end(s, 'voided'))], notify: [] };
    }
    case 'rejectVoid': {
      const open = ctx.openSteps.filter((s) => s !== 'approveVoid');
      return { to: state.priorStatus ?? 'pendingFiling', eventType: 'case.voidRejected', patch: { priorStatus: null }, steps: [end('approveVoid', 'rejected'), ...open.map((s): StepOp => ({ op: 'resume', step: s }))], notify: [] };
    }
    case 'dispatch': {
      const co = [...new Set((input.coUnitIds ?? []).filter((u) => u !== input.leadUnitId))];
      return {
        to: 'dispatched',
        eventType: 'case.dispatched',
        patch: { leadUnitId: input.leadUnitId, coUnitIds: co },
        // The handling clock starts at dispatch; accepting (签收) has its own limit and does not restart it.
        steps: [end('dispatch', 'dispatched'), start('accept', 'leadUnit'), start('handle', 'leadUnit')],
        notify: [newTask('leadUnit')],
      };
    }
    case 'accept':
      return { to: 'handling', eventType: 'case.accepted', patch: {}, steps: [end('accept', 'accepted')], notify: [] };
    case 'handle': {
      if (!input.result.trim()) throw invalidField('body.result', 'required');
      if (ctx.requiresAfterPhoto && !(input.photoIds?.length)) throw new DomainError('CASE_AFTER_PHOTO_REQUIRED');
      const extra: StepOp[] = ctx.openSteps.includes('approveRequest') ? [end('approveRequest', 'withdrawn')] : [];
      // Handled straight from an extension asked before accepting (dispatched → extensionRequested → handle):
      // the accept step would otherwise stay open, and overdue, for ever.
      if (ctx.openSteps.includes('accept')) extra.push(end('accept', 'handled'));
      return { to: 'pendingCheck', eventType: 'case.handled', patch: { priorStatus: null }, steps: [...extra, end('handle', 'handled'), start('sendToCheck', 'receiver')], notify: [newTask('receiver')] };
    }
    case 'requestReturn': {
      const suspend: StepOp[] = ['accept', 'handle'].filter((s) => ctx.openSteps.includes(s as StepKind)).map((s) => ({ op: 'suspend', step: s as StepKind }));
      return { to: 'returnRequested', eventType: 'case.returnRequested', patch: { priorStatus: prior }, steps: [...suspend, start('approveRequest', 'dispatcher')], notify: [newTask('dispatcher')] };
    }
    case 'approveReturn': {
      const ends = ['accept', 'handle'].filter((s) => ctx.openSteps.includes(s as StepKind)).map((s) => end(s as StepKind, 'returned'));
      return { to: 'pendingDispatch', eventType: 'case.returnApproved', patch: { priorStatus: null, leadUnitId: null, coUnitIds: [] }, steps: [end('approveRequest', 'approved'), ...ends, start('dispatch', 'dispatcher')], notify: [newTask('dispatcher')] };
    }
    case 'denyReturn': {
      const resume: StepOp[] = ['accept', 'handle'].filter((s) => ctx.openSteps.includes(s as StepKind)).map((s) => ({ op: 'resume', step: s as StepKind }));
      return { to: state.priorStatus ?? 'handling', eventType: 'case.returnDenied', patch: { priorStatus: null }, steps: [end('approveRequest', 'denied'), ...resume], notify: [{ kind: 'returned', to: 'leadUnit' }] };
    }
    case 'requestExtension': {
      if (state.extensionCount >= ctx.settings.maxExtensions) throw new DomainError('CASE_EXTENSION_LIMIT', { max: ctx.settings.maxExtensions });
      if (!(input.amount > 0)) throw invalidField('body.amount', 'required');
      return { to: 'extensionRequested', eventType: 'case.extensionRequested', patch: { priorStatus: prior }, steps: [start('approveRequest', 'dispatcher')], notify: [newTask('dispatcher')] };
    }
    case 'approveExtension': {
      const ext = ctx.pendingExtension;
      if (!ext) throw new DomainError('CASE_TRANSITION_NOT_ALLOWED', { action: input.action, status: state.status });
      return {
        to: state.priorStatus ?? 'handling',
        eventType: 'case.extensionApproved',
        patch: { priorStatus: null, extensionCount: state.extensionCount + 1 },
        steps: [end('approveRequest', 'approved'), { op: 'extend', step: 'handle', amount: ext.amount, unit: ext.unit }],
        notify: [],
      };
    }
    case 'denyExtension':
      return { to: state.priorStatus ?? 'handling', eventType: 'case.extensionDenied', patch: { priorStatus: null }, steps: [end('approveRequest', 'denied')], notify: [] };
    case 'requestShelve':
      return { to: 'shelveRequested', eventType: 'case.shelveRequested', patch: { priorStatus: prior }, steps: [{ op: 'suspend', step: 'handle' }, start('approveRequest', 'dispatcher')], notify: [newTask('dispatcher')] };
    case 'approveShelve':
      return { to: 'shelved', eventType: 'case.shelved', patch: { priorStatus: null }, steps: [end('approveRequest', 'approved')], notify: [] };
    case 'denyShelve':
      return { to: 'handling', eventType: 'case.shelveDenied', patch: { priorStatus: null }, steps: [end('approveRequest', 'denied'), { op: 'resume', step: 'handle' }], notify: [] };
    case 'resume':
      return { to: 'handling', eventType: 'case.resumed', patch: {}, steps: [{ op: 'resume', step: 'handle' }], notify: [newTask('leadUnit')] };
    case 'sendToCheck':
      return { to: 'checking', eventType: 'case.sentToCheck', patch: {}, steps: [end('sendToCheck', 'sent'), start('check', 'gridSupervisor')], notify: [newTask('gridSupervisor')] };
    case 'check':
      if (!input.passed) return rework(state, 'case.checkFailed', [end('check', 'failed')]);
      return needsCallback(state, ctx.settings)
        ? { to: 'pendingCallback', eventType: 'case.checkPassed', patch: {}, steps: [end('check', 'passed'), start('callback', 'receiver')], notify: [newTask('receiver')] }
        : { to: 'pendingClose', eventType: 'case.checkPassed', patch: {}, steps: [end('check', 'passed'), start('close', 'shiftLeader')], notify: [newTask('shiftLeader')] };
    case 'recordCallback': {
      if (input.reached && !input.satisfaction) throw invalidField('body.satisfaction', 'required');
      const unhappy = input.reached && input.satisfaction === 'unsatisfied';
      if (unhappy && ctx.settings.unsatisfiedCallback === 'rework') return rework(state, 'case.callbackUnsatisfied', [end('callback', 'unsatisfied')]);
      return { to: 'pendingClose', eventType: 'case.callbackRecorded', patch: {}, steps: [end('callback', input.reached ? (input.satisfaction ?? 'reached') : 'unreachable'), start('close', 'shiftLeader')], notify: [newTask('shiftLeader')] };
    }
    case 'close':
      return { to: 'closed', eventType: 'case.closed', patch: {}, steps: [end('close', prior === 'selfHandled' ? 'selfHandleApproved' : 'closed')], notify: [] };
    case 'rejectSelfHandle':
      return { to: 'pendingFiling', eventType: 'case.selfHandleRejected', patch: {}, steps: [end('close', 'rejected'), start('file', 'shiftLeader')], notify: [newTask('shiftLeader')] };
    case 'urge':
      if (!input.note.trim()) throw invalidField('body.note', 'required');
      return { to: prior, eventType: 'case.urged', patch: { urgeCount: state.urgeCount + 1 }, steps: [], notify: [{ kind: 'urged', to: UNIT_STATUSES.includes(prior) ? 'leadUnit' : partyOfStatus(prior) }] };
    case 'setUrgency':
      return {
        to: prior,
        eventType: 'case.urgencySet',
        patch: { urgency: input.urgency },
        // Open steps move to (or off) the continuous clock at once, counted from when each started.
        steps: input.urgency !== state.urgency ? [RETIME] : [],
        notify: input.urgency === 'urgent' && state.urgency !== 'urgent' ? EMERGENCY : [],
      };
    case 'merge':
      return { to: 'merged', eventType: 'case.merged', patch: {}, steps: ctx.openSteps.map((s) => end(s, 'merged')), notify: [] };
  }
}

const UNIT_STATUSES: CaseStatus[] = ['dispatched', 'handling', 'extensionRequested', 'shelved', 'returnRequested', 'shelveRequested'];

function partyOfStatus(s: CaseStatus): StepParty {
  switch (s) {
    case 'reported':
    case 'pendingCheck':
    case 'pendingCallback':
      return 'receiver';
    case 'verifying':
    case 'checking':
      return 'gridSupervisor';
    case 'pendingDispatch':
      return 'dispatcher';
    default:
      return 'shiftLeader';
  }
}
