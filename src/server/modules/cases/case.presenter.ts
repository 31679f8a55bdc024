import type { z } from 'zod';
import { caseSchema, eventSchema, stepSchema } from '../../../shared/api/cases.ts';
import { STANDARD_OFFICE_CALENDAR } from '../../../shared/calendar.ts';
import { STATUS_LABELS } from '../../../shared/cases/workflow.ts';
import type { Actor } from '../auth/actor.ts';
import { colourState } from '../sla/clock.ts';
import { allowedActions, type ActionLimits } from './case.policy.ts';
import type { CaseRow, EventRow, StepRow } from './case.queries.ts';
import type { ClockEnv } from './step-clock.ts';

/** PIPL: a citizen's phone number is shown only to those who call back (receivers). */
export function maskPhone(phone: string | null, actor: Actor): string | null {
  if (!phone || actor.roles.includes('receiver')) return phone;
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}

export function presentCase(c: CaseRow, actor: Actor, openSteps: StepRow[], limits?: ActionLimits): z.output<typeof caseSchema> {
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
    publicReply: c.publicReply,
    photos: c.photos.map((p) => ({ ...p, url: `/api/photos/${p.id}`, thumbUrl: `/api/photos/${p.id}/thumb` })),
    version: c.version,
    reportedAt: c.reportedAt,
    filedAt: c.filedAt,
    closedAt: c.closedAt,
    updatedAt: c.updatedAt,
    allowedActions: allowedActions(actor, c, openSteps, limits),
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
    colour: running ? colourState(s.startedAt, s.dueAt, now, s.clockType, cal, env.holidays) : null,
  };
}

export function presentEvent(e: EventRow): z.output<typeof eventSchema> {
  return { seq: e.seq, type: e.type, fromStatus: e.fromStatus, toStatus: e.toStatus, actorId: e.actorId, actorName: e.actorName, actorRole: e.actorRole, at: e.at, payload: e.payload };
}
