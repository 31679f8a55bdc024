/** Words for what the server sends as identifiers on the detail: event types, step outcomes, assignees, clocks. */
import { ROLE_LABELS, type Role } from '../../../../../shared/roles.ts';
import type { ClockType } from '../../../../../shared/org.ts';
import type { I18n } from '../../../../common/i18n/i18n.tsx';
import type { MessageKey } from '../../../../common/i18n/catalogue.ts';
import { zhCN } from '../../../../common/i18n/zh-CN/index.ts';

const TIMELINE = zhCN.caseTimeline as Record<string, string>;

/** `case.dispatched` → 派遣; an event type the catalogue does not know says what it is. */
export function eventLabel(type: string, t: I18n['t']): string {
  const short = type.startsWith('case.') ? type.slice(5) : type;
  const key = `ev_${short}`;
  return key in TIMELINE ? t(`caseTimeline.${key}` as MessageKey) : t('caseTimeline.evUnknown', { type });
}

export function outcomeLabel(outcome: string | null, t: I18n['t']): string {
  if (!outcome) return '—';
  const key = `out_${outcome}`;
  return key in TIMELINE ? t(`caseTimeline.${key}` as MessageKey) : t('caseTimeline.outcomeUnknown', { outcome });
}

export function roleLabel(role: string | null, i: Pick<I18n, 't' | 'label'>): string {
  if (!role) return i.t('caseTimeline.system');
  if (role in ROLE_LABELS) return i.label(ROLE_LABELS[role as Role]);
  if (role === 'handlingUnit') return i.t('caseTimeline.roleHandlingUnit');
  if (role === 'gridSupervisor') return i.t('caseTimeline.roleGridSupervisor');
  return role;
}

const CLOCK_KEYS: Record<ClockType, MessageKey> = {
  emergency: 'caseTimeline.clockEmergency',
  workingHours: 'caseTimeline.clockWorkingHours',
  workingDays: 'caseTimeline.clockWorkingDays',
  calendarDays: 'caseTimeline.clockCalendarDays',
};
export function clockLabel(c: ClockType, t: I18n['t']): string {
  return t(CLOCK_KEYS[c]);
}

export function amountLabel(amount: number, unit: string, t: I18n['t']): string {
  return t(unit === 'days' ? 'caseTimeline.amountDays' : 'caseTimeline.amountHours', { n: amount });
}

export const PHOTO_ROLES = ['before', 'verify', 'after', 'check'] as const;
const PHOTO_KEYS: Record<(typeof PHOTO_ROLES)[number], MessageKey> = {
  before: 'caseDetail.photoBefore',
  verify: 'caseDetail.photoVerify',
  after: 'caseDetail.photoAfter',
  check: 'caseDetail.photoCheck',
};
export function photoRoleLabel(role: string, t: I18n['t']): string {
  return role in PHOTO_KEYS ? t(PHOTO_KEYS[role as keyof typeof PHOTO_KEYS]) : role;
}
