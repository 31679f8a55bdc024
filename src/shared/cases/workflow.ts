/**
 * The case workflow as data (DOMAIN §4): statuses, actions and the one transition table.
 * IO-free: the server applies it (applyTransition), the web renders buttons from `allowedActions`.
 */
import type { Role } from '../roles.ts';

export const CASE_STATUSES = [
  'reported', //        待受理: a non-supervisor report waits for the receiver
  'verifying', //       核实中: the grid's supervisor checks on site
  'pendingFiling', //   待立案
  'voidPending', //     作废待批
  'pendingDispatch', // 待派遣
  'dispatched', //      待签收
  'handling', //        处置中
  'extensionRequested', // 延期待批 (the clock keeps running: the unit still owns the deadline)
  'returnRequested', // 回退待批 (clock suspended)
  'shelveRequested', // 挂账待批 (clock suspended)
  'shelved', //         挂账 (clock suspended)
  'pendingCheck', //    待核查
  'checking', //        核查中
  'pendingCallback', // 待回访
  'pendingClose', //    待结案
  'selfHandled', //     自处理待审
  'closed', //          已结案
  'voided', //          已作废
  'notTrue', //         核实不属实
  'merged', //          已合并（重复案件）
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const FINAL_STATUSES: readonly CaseStatus[] = ['closed', 'voided', 'notTrue', 'merged'];

export const CASE_SOURCES = ['supervisor', 'citizen', 'hotline', 'video', 'leader', 'media'] as const;
export type CaseSource = (typeof CASE_SOURCES)[number];

/** Steps a case waits in, each with its own clock (case_steps.step). */
export const STEP_KINDS = [
  'sendToVerify', 'verify', 'file', 'approveVoid', 'dispatch', 'accept', 'handle', 'approveRequest',
  'sendToCheck', 'check', 'callback', 'close',
] as const;
export type StepKind = (typeof STEP_KINDS)[number];

export const CASE_ACTIONS = [
  'sendToVerify', 'verify', 'file', 'proposeVoid', 'approveVoid', 'rejectVoid', 'dispatch', 'accept', 'handle',
  'requestReturn', 'approveReturn', 'denyReturn', 'requestExtension', 'approveExtension', 'denyExtension',
  'requestShelve', 'approveShelve', 'denyShelve', 'resume', 'sendToCheck', 'check', 'recordCallback', 'close',
  'rejectSelfHandle', 'urge', 'setUrgency', 'merge',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

export interface Transition {
  from: readonly CaseStatus[];
  roles: readonly Role[];
  /** Who the record policy checks: the grid's supervisor, the lead unit, or anyone of the role in scope. */
  party: 'gridSupervisor' | 'leadUnit' | 'centre';
  label: { zh: string; en: string };
}

const OPEN: CaseStatus[] = CASE_STATUSES.filter((s) => !FINAL_STATUSES.includes(s));
const UNIT_WORKING: CaseStatus[] = ['dispatched', 'handling', 'extensionRequested'];

/** The one transition table. Targets that depend on input (verify true/false, check passed/failed) live in applyTransition. */
export const TRANSITIONS: Record<CaseAction, Transition> = {
  sendToVerify: { from: ['reported'], roles: ['receiver'], party: 'centre', label: { zh: '派发核实', en: 'Send to verify' } },
  verify: { from: ['verifying'], roles: ['supervisor'], party: 'gridSupervisor', label: { zh: '核实', en: 'Verify' } },
  file: { from: ['pendingFiling'], roles: ['shiftLeader'], party: 'centre', label: { zh: '立案', en: 'File' } },
  proposeVoid: { from: ['reported', 'verifying', 'pendingFiling', 'pendingDispatch'], roles: ['receiver'], party: 'centre', label: { zh: '申请作废', en: 'Propose void' } },
  approveVoid: { from: ['voidPending'], roles: ['shiftLeader'], party: 'centre', label: { zh: '批准作废', en: 'Approve void' } },
  rejectVoid: { from: ['voidPending'], roles: ['shiftLeader'], party: 'centre', label: { zh: '驳回作废', en: 'Reject void' } },
  dispatch: { from: ['pendingDispatch'], roles: ['dispatcher'], party: 'centre', label: { zh: '派遣', en: 'Dispatch' } },
  accept: { from: ['dispatched'], roles: ['handler', 'officer'], party: 'leadUnit', label: { zh: '签收', en: 'Accept' } },
  handle: { from: ['handling', 'extensionRequested'], roles: ['handler', 'officer'], party: 'leadUnit', label: { zh: '处置反馈', en: 'Report handled' } },
  requestReturn: { from: ['dispatched', 'handling'], roles: ['handler', 'officer'], party: 'leadUnit', label: { zh: '申请回退', en: 'Request return' } },
  approveReturn: { from: ['returnRequested'], roles: ['dispatcher'], party: 'centre', label: { zh: '同意回退', en: 'Approve return' } },
  denyReturn: { from: ['returnRequested'], roles: ['dispatcher'], party: 'centre', label: { zh: '不同意回退', en: 'Deny return' } },
  requestExtension: { from: ['dispatched', 'handling'], roles: ['handler', 'officer'], party: 'leadUnit', label: { zh: '申请延期', en: 'Request extension' } },
  approveExtension: { from: ['extensionRequested'], roles: ['dispatcher'], party: 'centre', label: { zh: '同意延期', en: 'Approve extension' } },
  denyExtension: { from: ['extensionRequested'], roles: ['dispatcher'], party: 'centre', label: { zh: '不同意延期', en: 'Deny extension' } },
  requestShelve: { from: ['handling'], roles: ['handler', 'officer'], party: 'leadUnit', label: { zh: '申请挂账', en: 'Request shelving' } },
  approveShelve: { from: ['shelveRequested'], roles: ['dispatcher'], party: 'centre', label: { zh: '同意挂账', en: 'Approve shelving' } },
  denyShelve: { from: ['shelveRequested'], roles: ['dispatcher'], party: 'centre', label: { zh: '不同意挂账', en: 'Deny shelving' } },
  resume: { from: ['shelved'], roles: ['dispatcher'], party: 'centre', label: { zh: '挂账恢复', en: 'Resume' } },
  sendToCheck: { from: ['pendingCheck'], roles: ['receiver'], party: 'centre', label: { zh: '派发核查', en: 'Send to check' } },
  check: { from: ['checking'], roles: ['supervisor'], party: 'gridSupervisor', label: { zh: '核查', en: 'Check' } },
  recordCallback: { from: ['pendingCallback'], roles: ['receiver'], party: 'centre', label: { zh: '回访', en: 'Record call-back' } },
  close: { from: ['pendingClose', 'selfHandled'], roles: ['shiftLeader'], party: 'centre', label: { zh: '结案', en: 'Close' } },
  rejectSelfHandle: { from: ['selfHandled'], roles: ['shiftLeader'], party: 'centre', label: { zh: '退回自处理', en: 'Reject self-handling' } },
  urge: { from: ['pendingFiling', 'pendingDispatch', ...UNIT_WORKING, 'shelved', 'pendingCheck', 'checking', 'pendingClose'], roles: ['shiftLeader', 'dispatcher', 'leader'], party: 'centre', label: { zh: '督办', en: 'Urge' } },
  setUrgency: { from: OPEN, roles: ['receiver', 'shiftLeader'], party: 'centre', label: { zh: '设置紧急程度', en: 'Set urgency' } },
  merge: { from: ['reported', 'verifying', 'pendingFiling'], roles: ['receiver'], party: 'centre', label: { zh: '合并重复', en: 'Merge duplicate' } },
};

/**
 * Events recorded on a case that change neither its status nor its version (the version is the optimistic lock
 * on the workflow state): a reporter's contact revealed, the emergency alert acknowledged. Each carries the
 * version the case had, so a form open on the case does not go stale because someone looked up a phone number.
 */
export const ANNOTATION_EVENTS = ['case.contactRevealed', 'case.alertAcknowledged'] as const;
export type AnnotationEvent = (typeof ANNOTATION_EVENTS)[number];

export const STATUS_LABELS: Record<CaseStatus, { zh: string; en: string }> = {
  reported: { zh: '待受理', en: 'Reported' },
  verifying: { zh: '核实中', en: 'Verifying' },
  pendingFiling: { zh: '待立案', en: 'Awaiting filing' },
  voidPending: { zh: '作废待批', en: 'Void pending' },
  pendingDispatch: { zh: '待派遣', en: 'Awaiting dispatch' },
  dispatched: { zh: '待签收', en: 'Awaiting acceptance' },
  handling: { zh: '处置中', en: 'Handling' },
  extensionRequested: { zh: '延期待批', en: 'Extension requested' },
  returnRequested: { zh: '回退待批', en: 'Return requested' },
  shelveRequested: { zh: '挂账待批', en: 'Shelving requested' },
  shelved: { zh: '挂账', en: 'Shelved' },
  pendingCheck: { zh: '待核查', en: 'Awaiting check' },
  checking: { zh: '核查中', en: 'Checking' },
  pendingCallback: { zh: '待回访', en: 'Awaiting call-back' },
  pendingClose: { zh: '待结案', en: 'Awaiting closing' },
  selfHandled: { zh: '自处理待审', en: 'Self-handled' },
  closed: { zh: '已结案', en: 'Closed' },
  voided: { zh: '已作废', en: 'Voided' },
  notTrue: { zh: '核实不属实', en: 'Not true' },
  merged: { zh: '已合并', en: 'Merged' },
};

export function isFinal(s: CaseStatus): boolean {
  return FINAL_STATUSES.includes(s);
}
