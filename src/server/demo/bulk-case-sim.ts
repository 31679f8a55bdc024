/**
 * One demo case's life in memory (bulk-history.ts): the transitions applyTransition decides and the
 * step rows step-clock.ts would write for them (limits, calendars, suspend/resume/extend/retime, on_time).
 */
import { STANDARD_OFFICE_CALENDAR, type CalendarDefinition } from '../../shared/calendar.ts';
import { ANNOTATION_EVENTS, TRANSITIONS, type CaseSource, type StepKind } from '../../shared/cases/workflow.ts';
import type { ClockType } from '../../shared/org.ts';
import type { Role } from '../../shared/roles.ts';
import { applyTransition, initialTransition, type ActionInput, type CaseState, type NotifyOp, type StepOp, type StepParty, type TransitionResult } from '../modules/cases/case.workflow.ts';
import { resumedDue, type ClockEnv } from '../modules/cases/step-clock.ts';
import type { StepLimit, WorkflowSettings } from '../modules/cases/workflow-settings.ts';
import { addWorkingTime } from '../modules/sla/clock.ts';
import { announcedOps } from '../modules/cases/case-notify.ts';
import type { StepRow } from '../modules/cases/case.queries.ts';
import type { NewCaseEvent } from '../modules/audit/audit-chain.ts';

/** A case_steps row as the commands write it (StepRow, minus what only the sweep sets). */
export type PlanStep = Omit<StepRow, 'id' | 'clockType' | 'overdueAt'> & { clockType: ClockType };

/** A case_events row before numbering: the command's NewCaseEvent without request metadata. */
export type PlanEvent = Omit<NewCaseEvent, 'caseId' | 'requestId' | 'clientIp'> & {
  /** The filing event: its payload gets the case number once numbers are taken. */
  filing: boolean;
  globalSeq?: number;
  /** Whom the transition notified, and the lead unit then (recent events fill the inbox: bulk-history-write.ts). */
  notify: NotifyOp[];
  leadUnitId: number | null;
};


export interface PlanCase {
  state: CaseState;
  districtCode: string;
  reporterUserId: number;
  reporterName: string | null;
  categoryCode: string;
  lng: number;
  lat: number;
  gridCode: string;
  communityCode: string;
  streetCode: string;
  description: string;
  handleLimit: StepLimit;
  requiresAfterPhoto: boolean;
  citizenRating: string | null;
  handlingResult: string | null;
  photos: { role: string; id: string }[];
  reportedAt: Date;
  filedAt: Date | null;
  closedAt: Date | null;
  updatedAt: Date;
  steps: PlanStep[];
  events: PlanEvent[];
  pendingExtension?: { amount: number; unit: 'hours' | 'days' };
  /** The emergency alarm's acknowledgement (urgent cases). */
  alertAcknowledged: { at: Date; by: number } | null;
}

const annotations: ReadonlySet<string> = new Set(ANNOTATION_EVENTS);
/** The case's version: its events less the annotations (an acknowledged alarm keeps the version). */
export function planVersion(c: Pick<PlanCase, 'events'>): number {
  return c.events.filter((e) => !annotations.has(e.type)).length;
}

export interface Person {
  userId: number;
  roles: Role[];
}

/** One case's state machine in memory: the transitions and step-clock operations the commands would apply. */
export class CaseSim {
  constructor(
    private readonly c: PlanCase,
    private readonly settings: WorkflowSettings,
    private readonly env: ClockEnv,
    private readonly supervisorsOf: Map<string, { userIds: number[]; calendarId: number | null }>,
    private readonly unitCalendar: Map<number, number | null>,
  ) {}

  report(reporter: Person, source: CaseSource): void {
    const c = this.c;
    const t = initialTransition(source, false, c.state.urgency);
    c.state = { ...c.state, ...t.patch, status: t.to };
    this.applyOps(t.steps, c.reportedAt, reporter.userId);
    c.events.push({
      type: t.eventType,
      fromStatus: null,
      toStatus: t.to,
      version: 1,
      actorId: reporter.userId,
      actorRole: source === 'supervisor' ? 'supervisor' : reporter.roles.find((r) => r === 'receiver' || r === 'shiftLeader' || r === 'leader') ?? reporter.roles[0] ?? 'unknown',
      at: c.reportedAt,
      payload: { source, category: `event:${c.categoryCode}`, grid: c.gridCode, urgency: c.state.urgency },
      filing: false,
      notify: announcedOps(t.notify, c.state.urgency, this.settings),
      leadUnitId: c.state.leadUnitId,
    });
  }

  act(who: Person, input: ActionInput, now: Date): TransitionResult {
    const c = this.c;
    const t = applyTransition(c.state, input, who.roles, {
      settings: this.settings,
      requiresAfterPhoto: c.requiresAfterPhoto,
      openSteps: c.steps.filter((s) => !s.endedAt).map((s) => s.step),
      pendingExtension: input.action === 'approveExtension' ? c.pendingExtension : undefined,
    });
    const from = c.state.status;
    c.state = { ...c.state, ...t.patch, status: t.to };
    const role = input.action === 'handle' ? 'after' : input.action === 'check' ? 'check' : input.action === 'verify' ? 'verify' : null;
    if (role && 'photoIds' in input) for (const id of input.photoIds ?? []) c.photos.push({ role, id });
    if (input.action === 'file') c.filedAt = now;
    if (input.action === 'close') c.closedAt = now;
    if (input.action === 'recordCallback') c.citizenRating = input.reached ? (input.satisfaction ?? null) ?? c.citizenRating : 'unreachable';
    if (input.action === 'handle') c.handlingResult = input.result;
    if (input.action === 'requestExtension') c.pendingExtension = { amount: input.amount, unit: input.unit };
    c.updatedAt = now;
    this.applyOps(t.steps, now, who.userId);
    const { action: _action, ...rest } = input;
    c.events.push({
      type: t.eventType,
      fromStatus: from,
      toStatus: t.to,
      version: planVersion(c) + 1,
      actorId: who.userId,
      actorRole: TRANSITIONS[input.action].roles.find((r) => who.roles.includes(r)) ?? null,
      at: now,
      payload: rest,
      filing: input.action === 'file',
      notify: announcedOps(t.notify, c.state.urgency, this.settings),
      leadUnitId: c.state.leadUnitId,
    });
    return t;
  }

  /** A centre desk acknowledges the emergency alarm (commands/acknowledge-alert.ts): an annotation, status and version kept. */
  acknowledgeAlert(who: Person, at: Date): void {
    const c = this.c;
    c.alertAcknowledged = { at, by: who.userId };
    c.updatedAt = at;
    c.events.push({
      type: 'case.alertAcknowledged',
      fromStatus: c.state.status,
      toStatus: c.state.status,
      version: planVersion(c),
      actorId: who.userId,
      actorRole: who.roles.find((r) => r === 'receiver' || r === 'shiftLeader' || r === 'dispatcher') ?? null,
      at,
      payload: {},
      filing: false,
      notify: [],
      leadUnitId: c.state.leadUnitId,
    });
  }

  /** cases.handling_due_at as the commands set it: the newest handle step's deadline. */
  handlingDueAt(): Date | null {
    for (let i = this.c.steps.length - 1; i >= 0; i--) if (this.c.steps[i]!.step === 'handle') return this.c.steps[i]!.dueAt;
    return null;
  }

  private calendarOf(id: number | null): CalendarDefinition {
    return (id !== null && this.env.calendars.get(id)) || STANDARD_OFFICE_CALENDAR;
  }

  private limitOf(step: StepKind): StepLimit {
    const limit = step === 'handle' ? this.c.handleLimit : this.settings.stepLimits[step];
    return this.c.state.urgency === 'urgent' ? { ...limit, clockType: 'emergency' } : limit;
  }

  private assignee(party: StepParty): { role: string; unitId: number | null; userIds: number[]; calendarId: number | null } {
    const centre = this.env.centre;
    switch (party) {
      case 'receiver':
      case 'shiftLeader':
        return { role: party, unitId: null, userIds: [], calendarId: centre.supervisionCenter };
      case 'dispatcher':
        return { role: party, unitId: null, userIds: [], calendarId: centre.commandCenter };
      case 'gridSupervisor': {
        const s = this.supervisorsOf.get(this.c.gridCode);
        return { role: 'supervisor', unitId: null, userIds: s?.userIds ?? [], calendarId: s?.calendarId ?? centre.supervisionCenter };
      }
      case 'leadUnit': {
        const unitId = this.c.state.leadUnitId;
        return { role: 'handlingUnit', unitId, userIds: [], calendarId: unitId === null ? null : this.unitCalendar.get(unitId) ?? null };
      }
    }
  }

  /** step-clock.ts applyStepOps, on the in-memory step rows. */
  private applyOps(ops: StepOp[], now: Date, actorId: number | null): void {
    const steps = this.c.steps;
    const { holidays } = this.env;
    for (const op of ops) {
      if (op.op === 'start') {
        const a = this.assignee(op.party);
        const limit = this.limitOf(op.step);
        const due = addWorkingTime(now, limit.amount, limit.unit, limit.clockType, this.calendarOf(a.calendarId), holidays);
        steps.push({
          step: op.step, assigneeRole: a.role, assigneeUnitId: a.unitId, assigneeUserIds: a.userIds, clockType: limit.clockType,
          limitAmount: limit.amount, limitUnit: limit.unit, calendarId: a.calendarId, startedAt: now, dueAt: due, suspendedAt: null,
          suspendedSeconds: 0, endedAt: null, endedBy: null, outcome: null, onTime: null,
        });
        continue;
      }
      if (op.op === 'retime') {
        for (const s of steps) {
          if (s.endedAt || s.suspendedAt) continue;
          const limit = this.limitOf(s.step);
          s.clockType = limit.clockType;
          s.dueAt = addWorkingTime(s.startedAt, limit.amount, limit.unit, limit.clockType, this.calendarOf(s.calendarId), holidays);
        }
        continue;
      }
      let s: PlanStep | undefined;
      for (let i = steps.length - 1; i >= 0 && !s; i--) if (steps[i]!.step === op.step && !steps[i]!.endedAt) s = steps[i];
      if (!s) continue;
      const cal = this.calendarOf(s.calendarId);
      if (op.op === 'end') {
        s.onTime = (s.suspendedAt ?? now).getTime() <= s.dueAt.getTime();
        if (s.suspendedAt) s.suspendedSeconds += Math.round((now.getTime() - s.suspendedAt.getTime()) / 1000);
        s.endedAt = now;
        s.endedBy = actorId;
        s.outcome = op.outcome;
      } else if (op.op === 'suspend') {
        if (!s.suspendedAt) s.suspendedAt = now;
      } else if (op.op === 'resume') {
        if (!s.suspendedAt) continue;
        s.dueAt = resumedDue(s.suspendedAt, s.dueAt, now, s.clockType, cal, holidays);
        s.suspendedSeconds += Math.round((now.getTime() - s.suspendedAt.getTime()) / 1000);
        s.suspendedAt = null;
      } else {
        const extClock: ClockType = s.clockType === 'emergency' || s.clockType === 'calendarDays' ? s.clockType : op.unit === 'hours' ? 'workingHours' : 'workingDays';
        s.dueAt = addWorkingTime(s.dueAt, op.amount, op.unit, extClock, cal, holidays);
      }
    }
  }
}
