import type { z } from 'zod';
import { caseAlertSchema, caseSchema, eventSchema, openStepSummarySchema, stepSchema, timeLeftSchema } from '../../../shared/api/cases.ts';
import { STANDARD_OFFICE_CALENDAR } from '../../../shared/calendar.ts';
import { STATUS_LABELS } from '../../../shared/cases/workflow.ts';
import type { Actor } from '../auth/actor.ts';
import { colourState } from '../sla/clock.ts';
import { timeLeft } from '../sla/time-left.ts';
import { alertActive, allowedActions, canAcknowledgeAlert, canAssign, canRevealContact, unitStepsOf, type ActionLimits } from './case.policy.ts';
import type { CaseRow, EventRow, StepRow } from './case.queries.ts';
import { pickOpenStep } from './open-step.ts';
import type { ClockEnv } from './step-clock.ts';

/**
 * PIPL: a citizen's phone number is always shown masked, to everyone; whoever calls back reveals it with a
 * reason, which is recorded (commands/reveal-contact.ts).
 */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return phone;
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}

export function presentAlert(c: CaseRow, actor: Actor): z.output<typeof caseAlertSchema> | null {
  if (c.urgency !== 'urgent') return null;
  return {
    active: alertActive(c),
    acknowledgedAt: c.alertAcknowledgedAt,
    acknowledgedById: c.alertAcknowledgedById,
    acknowledgedBy: c.alertAcknowledgedBy,
    canAcknowledge: canAcknowledgeAlert(actor, c),
  };
}

/** What the step clocks are read against: the request's instant and the case's district calendars (loadClockEnv, cached). */
export interface ClockView {
  now: Date;
  env: ClockEnv;
}

export function presentCase(c: CaseRow, actor: Actor, openSteps: StepRow[], limits: ActionLimits | undefined, clock: ClockView): z.output<typeof caseSchema> {
  return {
    id: c.id,
    trackingNo: c.trackingNo,
    caseNo: c.caseNo,
    districtCode: c.districtCode,
    source: c.source,
    reporterName: c.reporterName,
    reporterPhone: maskPhone(c.reporterPhone),
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
    publicReply: c.publicReply,
    photos: c.photos.map((p) => ({ ...p, url: `/api/photos/${p.id}`, thumbUrl: `/api/photos/${p.id}/thumb` })),
    version: c.version,
    reportedAt: c.reportedAt,
    filedAt: c.filedAt,
    closedAt: c.closedAt,
    updatedAt: c.updatedAt,
    allowedActions: allowedActions(actor, c, openSteps, limits),
    canRevealContact: canRevealContact(actor, c),
    alert: presentAlert(c, actor),
    assigneeUserId: unitAssignee(c, openSteps),
    canAssign: canAssign(actor, c) && unitStepsOf(c, openSteps).length > 0,
    openStep: presentOpenStep(actor, openSteps, clock),
  };
}

/** Whom the lead unit's leader gave its open steps to (commands/assign-case.ts names one member on all of them). */
function unitAssignee(c: CaseRow, openSteps: StepRow[]): number | null {
  return unitStepsOf(c, openSteps).find((s) => s.assigneeUserIds.length > 0)?.assigneeUserIds[0] ?? null;
}

/** The case's step the actor would act on (open-step.ts), for list rows: its deadline, colour and time left. */
export function presentOpenStep(actor: Actor, openSteps: StepRow[], clock: ClockView): z.output<typeof openStepSummarySchema> | null {
  const s = pickOpenStep(actor, openSteps);
  if (!s) return null;
  return { step: s.step, dueAt: s.dueAt, colour: stepColour(s, clock.now, clock.env), timeLeft: stepTimeLeft(s, clock.now, clock.env) };
}

export function presentStep(s: StepRow, now: Date, env: ClockEnv): z.infer<typeof stepSchema> {
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
    colour: stepColour(s, now, env),
    timeLeft: s.endedAt ? null : stepTimeLeft(s, now, env),
  };
}

function calendarOf(s: StepRow, env: ClockEnv) {
  return (s.calendarId !== null && env.calendars.get(s.calendarId)) || STANDARD_OFFICE_CALENDAR;
}

/** Share of the limit used while the step runs; null once ended or while suspended. */
function stepColour(s: StepRow, now: Date, env: ClockEnv): z.output<typeof stepSchema>['colour'] {
  return !s.endedAt && !s.suspendedAt ? colourState(s.startedAt, s.dueAt, now, s.clockType, calendarOf(s, env), env.holidays) : null;
}

/** An open step's time left on its own clock and the calendar it was started on (sla/time-left.ts). */
function stepTimeLeft(s: StepRow, now: Date, env: ClockEnv): z.output<typeof timeLeftSchema> {
  return timeLeft({ now, dueAt: s.dueAt, clockType: s.clockType, calendar: calendarOf(s, env), holidays: env.holidays, suspendedAt: s.suspendedAt });
}

export function presentEvent(e: EventRow): z.output<typeof eventSchema> {
  return { seq: e.seq, type: e.type, fromStatus: e.fromStatus, toStatus: e.toStatus, actorId: e.actorId, actorName: e.actorName, actorRole: e.actorRole, at: e.at, payload: e.payload };
}
