import { z } from 'zod';
import { STANDARD_OFFICE_CALENDAR } from '../../../shared/calendar.ts';
import { CASE_ACTIONS, CASE_STATUSES, STATUS_LABELS } from '../../../shared/cases/workflow.ts';
import type { ClockType } from '../../../shared/org.ts';
import type { Actor } from '../auth/actor.ts';
import { colourState } from '../sla/clock.ts';
import { allowedActions } from './case.policy.ts';
import type { CaseRow, EventRow, StepRow } from './case.queries.ts';
import type { ClockEnv } from './step-clock.ts';

export const caseSchema = z.object({
  id: z.number(),
  trackingNo: z.string(),
  caseNo: z.string().nullable(),
  districtCode: z.string(),
  source: z.string(),
  reporterName: z.string().nullable(),
  reporterPhone: z.string().nullable(),
  category: z.object({ kind: z.string(), code: z.string(), name: z.string() }),
  location: z.object({ lng: z.number(), lat: z.number(), gridCode: z.string(), communityCode: z.string(), streetCode: z.string(), address: z.string() }),
  description: z.string(),
  urgency: z.string(),
  urgencyRequested: z.boolean(),
  status: z.enum(CASE_STATUSES),
  statusLabel: z.string(),
  leadUnitId: z.number().nullable(),
  coUnitIds: z.array(z.number()),
  handlingDueAt: z.date().nullable(),
  extensionCount: z.number(),
  reworkCount: z.number(),
  urgeCount: z.number(),
  mergedIntoId: z.number().nullable(),
  selfHandled: z.boolean(),
  citizenRating: z.string().nullable(),
  handlingResult: z.string().nullable(),
  photos: z.array(z.object({ role: z.string(), id: z.string() })),
  version: z.number(),
  reportedAt: z.date(),
  filedAt: z.date().nullable(),
  closedAt: z.date().nullable(),
  updatedAt: z.date(),
  allowedActions: z.array(z.enum(CASE_ACTIONS)),
});

export const stepSchema = z.object({
  id: z.number(),
  step: z.string(),
  assigneeRole: z.string(),
  assigneeUnitId: z.number().nullable(),
  assigneeUserIds: z.array(z.number()),
  clockType: z.string(),
  limitAmount: z.number(),
  limitUnit: z.string(),
  startedAt: z.date(),
  dueAt: z.date(),
  suspended: z.boolean(),
  suspendedSeconds: z.number(),
  endedAt: z.date().nullable(),
  outcome: z.string().nullable(),
  onTime: z.boolean().nullable(),
  colour: z.enum(['green', 'yellow', 'red', 'overdue']).nullable(),
});

export const eventSchema = z.object({
  seq: z.number(),
  type: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string(),
  actorId: z.number().nullable(),
  actorName: z.string().nullable(),
  actorRole: z.string().nullable(),
  at: z.date(),
  payload: z.record(z.string(), z.unknown()),
});

/** PIPL: a citizen's phone number is shown only to those who call back (receivers). */
export function maskPhone(phone: string | null, actor: Actor): string | null {
  if (!phone || actor.roles.includes('receiver')) return phone;
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}

export function presentCase(c: CaseRow, actor: Actor, openSteps: StepRow[]): z.infer<typeof caseSchema> {
  return {
    id: c.id,
    trackingNo: c.trackingNo,
    caseNo: c.caseNo,
    districtCode: c.districtCode,
    source: c.source,
    reporterName: c.reporterName,
    reporterPhone: maskPhone(c.reporterPhone, actor),
    category: { kind: c.categoryKind, code: c.categoryCode, name: c.categoryName },
    location: { lng: c.lng, lat: c.lat, gridCode: c.gridCode, communityCode: c.communityCode, streetCode: c.streetCode, address: c.address },
    description: c.description,
    urgency: c.urgency,
    urgencyRequested: c.urgencyRequested,
    status: c.status,
    statusLabel: STATUS_LABELS[c.status].zh,
    leadUnitId: c.leadUnitId,
    coUnitIds: c.coUnitIds,
    handlingDueAt: c.handlingDueAt,
    extensionCount: c.extensionCount,
    reworkCount: c.reworkCount,
    urgeCount: c.urgeCount,
    mergedIntoId: c.mergedIntoId,
    selfHandled: c.selfHandled,
    citizenRating: c.citizenRating,
    handlingResult: c.handlingResult,
    photos: c.photos,
    version: c.version,
    reportedAt: c.reportedAt,
    filedAt: c.filedAt,
    closedAt: c.closedAt,
    updatedAt: c.updatedAt,
    allowedActions: allowedActions(actor, c, openSteps),
  };
}

export function presentStep(s: StepRow, now: Date, env: ClockEnv): z.infer<typeof stepSchema> {
  const running = !s.endedAt && !s.suspendedAt;
  const cal = (s.calendarId !== null && env.calendars.get(s.calendarId)) || STANDARD_OFFICE_CALENDAR;
  return {
    id: s.id,
    step: s.step,
    assigneeRole: s.assigneeRole,
    assigneeUnitId: s.assigneeUnitId,
    assigneeUserIds: s.assigneeUserIds,
    clockType: s.clockType,
    limitAmount: s.limitAmount,
    limitUnit: s.limitUnit,
    startedAt: s.startedAt,
    dueAt: s.dueAt,
    suspended: !!s.suspendedAt,
    suspendedSeconds: s.suspendedSeconds,
    endedAt: s.endedAt,
    outcome: s.outcome,
    onTime: s.onTime,
    colour: running ? colourState(s.startedAt, s.dueAt, now, s.clockType as ClockType, cal, env.holidays) : null,
  };
}

export function presentEvent(e: EventRow) {
  return { seq: e.seq, type: e.type, fromStatus: e.fromStatus, toStatus: e.toStatus, actorId: e.actorId, actorName: e.actorName, actorRole: e.actorRole, at: e.at, payload: e.payload };
}
