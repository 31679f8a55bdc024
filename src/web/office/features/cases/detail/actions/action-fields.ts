/**
 * Each action's form is read from its body in the contract (ACTION_BODIES): the fields it has, which of
 * them are required, and the same schema validates the form before it is sent. Nothing here decides
 * whether an action may be taken (that is `allowedActions`); it only orders and labels the inputs.
 */
import type { z } from 'zod';
import { ACTION_BODIES } from '../../../../../../shared/api/cases.ts';
import { fieldErrors } from '../../../../../../shared/api/validation.ts';
import type { CaseAction } from '../../../../../../shared/cases/workflow.ts';
import type { Lang } from '../../../../../common/i18n/catalogue.ts';
import type { MessageKey } from '../../../../../common/i18n/catalogue.ts';

export const FIELD_ORDER = [
  'isTrue', 'passed', 'reached', 'satisfaction', 'leadUnitId', 'coUnitIds', 'originalId', 'amount', 'unit', 'urgency',
  'result', 'publicReply', 'reason', 'note', 'photoIds', 'override',
] as const;
export type FieldName = (typeof FIELD_ORDER)[number];

export interface FieldSpec {
  name: FieldName;
  required: boolean;
  /** The longest text the contract takes (for the counter), when the field is text. */
  max?: number;
}

type Checked = { _zod: { def: { type: string; checks?: { _zod: { def: { check: string; maximum?: number } } }[] } } };

function maxLength(s: z.ZodType): number | undefined {
  const inner = ((s as unknown as { unwrap?: () => z.ZodType }).unwrap?.() ?? s) as unknown as Checked;
  if (inner._zod.def.type !== 'string') return undefined;
  return inner._zod.def.checks?.find((c) => c._zod.def.check === 'max_length')?._zod.def.maximum;
}

export function fieldsOf(action: CaseAction): FieldSpec[] {
  const shape = ACTION_BODIES[action].shape as Record<string, z.ZodType>;
  return FIELD_ORDER.filter((f) => f in shape).map((name) => {
    const s = shape[name]!;
    return { name, required: !s.safeParse(undefined).success, max: maxLength(s) };
  });
}

/** The form's values as the contract takes them: text trimmed, empty text and unset choices left out. */
export function cleanValues(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined || v === null) continue;
    if (typeof v === 'string') {
      if (v.trim() === '') continue;
      out[k] = v.trim();
    } else if (Array.isArray(v) && v.length === 0) continue;
    else out[k] = v;
  }
  if (out.reached === false) delete out.satisfaction;
  return out;
}

/** Validates with the contract's schema; the issues in the user's language, by field. */
export function validate(action: CaseAction, body: Record<string, unknown>, lang: Lang): { ok: true; data: Record<string, unknown> } | { ok: false; errors: { name: string[]; message: string }[] } {
  const r = ACTION_BODIES[action].safeParse(body);
  if (r.success) return { ok: true, data: r.data as Record<string, unknown> };
  return { ok: false, errors: fieldErrors(r.error.issues, lang, '', body).map((e) => ({ name: e.field.split('.'), message: e.message })) };
}

/**
 * The order of the buttons: the step that moves the case along first (the primary one is the first of
 * these the user may take), decisions on requests next, the side actions last.
 */
export const ACTION_ORDER: readonly CaseAction[] = [
  'dispatch', 'file', 'sendToVerify', 'verify', 'accept', 'handle', 'sendToCheck', 'check', 'recordCallback', 'close',
  'approveExtension', 'approveReturn', 'approveShelve', 'approveVoid', 'resume',
  'denyExtension', 'denyReturn', 'denyShelve', 'rejectVoid', 'rejectSelfHandle',
  'requestExtension', 'requestReturn', 'requestShelve',
  'urge', 'setUrgency', 'merge', 'proposeVoid',
];
const SIDE: readonly CaseAction[] = ['urge', 'setUrgency', 'merge', 'proposeVoid', 'requestExtension', 'requestReturn', 'requestShelve'];
export const DANGER: readonly CaseAction[] = ['proposeVoid', 'approveVoid', 'rejectSelfHandle'];

export function orderActions(allowed: readonly CaseAction[]): { primary: CaseAction | null; rest: CaseAction[] } {
  const sorted = ACTION_ORDER.filter((a) => allowed.includes(a));
  const primary = sorted.find((a) => !SIDE.includes(a) && !DANGER.includes(a) && !a.startsWith('deny') && !a.startsWith('reject')) ?? null;
  return { primary, rest: sorted.filter((a) => a !== primary) };
}

const DEFAULT_LABEL: Record<FieldName, MessageKey> = {
  isTrue: 'caseActions.fIsTrue',
  passed: 'caseActions.fPassed',
  reached: 'caseActions.fReached',
  satisfaction: 'caseActions.fSatisfaction',
  leadUnitId: 'caseActions.fLeadUnit',
  coUnitIds: 'caseActions.fCoUnits',
  originalId: 'caseActions.fOriginal',
  amount: 'caseActions.fAmount',
  unit: 'caseActions.fUnit',
  urgency: 'caseActions.fUrgency',
  result: 'caseActions.fResult',
  publicReply: 'caseActions.fPublicReply',
  reason: 'caseActions.fReason',
  note: 'caseActions.fNote',
  photoIds: 'caseActions.fPhotos',
  override: 'caseActions.fOverride',
};

/** What a reason or a note is called in this action (作废理由, 督办意见, 审批意见…). */
const LABEL_BY_ACTION: Partial<Record<CaseAction, Partial<Record<FieldName, MessageKey>>>> = {
  proposeVoid: { reason: 'caseActions.reasonVoid' },
  requestReturn: { reason: 'caseActions.reasonReturn' },
  requestExtension: { reason: 'caseActions.reasonExtension' },
  requestShelve: { reason: 'caseActions.reasonShelve' },
  rejectSelfHandle: { reason: 'caseActions.reasonRejectSelfHandle' },
  urge: { note: 'caseActions.noteUrge' },
  approveVoid: { note: 'caseActions.noteDecision' },
  rejectVoid: { note: 'caseActions.noteDecision' },
  approveReturn: { note: 'caseActions.noteDecision' },
  denyReturn: { note: 'caseActions.noteDecision' },
  approveExtension: { note: 'caseActions.noteDecision' },
  denyExtension: { note: 'caseActions.noteDecision' },
  approveShelve: { note: 'caseActions.noteDecision' },
  denyShelve: { note: 'caseActions.noteDecision' },
  dispatch: { note: 'caseActions.noteDispatch' },
  verify: { note: 'caseActions.noteVerify', photoIds: 'caseActions.photosVerify' },
  check: { note: 'caseActions.noteCheck', photoIds: 'caseActions.photosCheck' },
  handle: { photoIds: 'caseActions.photosAfter' },
  recordCallback: { note: 'caseActions.noteCallback' },
  close: { note: 'caseActions.noteClose' },
  file: { note: 'caseActions.noteFile' },
};

export function fieldLabel(action: CaseAction, field: FieldName): MessageKey {
  return LABEL_BY_ACTION[action]?.[field] ?? DEFAULT_LABEL[field];
}
