/**
 * Persists the step operations applyTransition returns, with deadlines on the right clock: a step is
 * measured on the calendar of whoever must act (DOMAIN §5) — the supervision centre, the command centre,
 * the grid's supervisors' unit or the lead handling unit — and urgent cases run on the continuous clock.
 */
import type { Queryable } from '../../db/pool.ts';
import { cached } from '../../db/ttl-cache.ts';
import type { SettingsCaches } from '../../app-state.ts';
import { STANDARD_OFFICE_CALENDAR, type CalendarDefinition } from '../../../shared/calendar.ts';
import type { StepKind } from '../../../shared/cases/workflow.ts';
import type { ClockType } from '../../../shared/org.ts';
import { addWorkingMs, addWorkingTime, workingMsBetween } from '../sla/clock.ts';
import { createHolidayCalendar, type HolidayCalendar } from '../sla/holidays.ts';
import type { CaseRow } from './case.queries.ts';
import type { StepOp, StepParty } from './case.workflow.ts';
import type { StepLimit, WorkflowSettings } from './workflow-settings.ts';

export interface ClockEnv {
  holidays: HolidayCalendar;
  calendars: Map<number, CalendarDefinition>;
  /** Calendar id per centre unit type in the district. */
  centre: { supervisionCenter: number | null; commandCenter: number | null };
}

/** Holidays and calendars of a district, through the app's caches when given (app-state.ts). */
export function loadClockEnv(db: Queryable, districtCode: string, caches?: SettingsCaches): Promise<ClockEnv> {
  return cached(caches?.clockEnv, districtCode, () => readClockEnv(db, districtCode));
}

async function readClockEnv(db: Queryable, districtCode: string): Promise<ClockEnv> {
  const [cals, centres, overrides] = await Promise.all([
    db.query<{ id: number; definition: CalendarDefinition }>(`SELECT id, definition FROM calendars WHERE district_code = $1`, [districtCode]),
    db.query<{ type: string; calendar_id: number }>(
      `SELECT DISTINCT ON (type) type, calendar_id FROM units WHERE district_code = $1 AND active AND type IN ('supervisionCenter', 'commandCenter') ORDER BY type, id`,
      [districtCode],
    ),
    db.query<{ day: string; is_workday: boolean }>(`SELECT to_char(day, 'YYYY-MM-DD') AS day, is_workday FROM holiday_overrides`),
  ]);
  const centre = { supervisionCenter: null as number | null, commandCenter: null as number | null };
  for (const r of centres.rows) centre[r.type as keyof typeof centre] = r.calendar_id;
  return {
    holidays: createHolidayCalendar(new Map(overrides.rows.map((r) => [r.day, r.is_workday]))),
    calendars: new Map(cals.rows.map((r) => [r.id, r.definition])),
    centre,
  };
}

export interface StepContext {
  caseRow: Pick<CaseRow, 'id' | 'gridCode' | 'urgency' | 'leadUnitId'>;
  settings: WorkflowSettings;
  handleLimit: StepLimit;
  env: ClockEnv;
  now: Date;
  actorId: number | null;
}

export interface Assignee {
  role: string;
  unitId: number | null;
  userIds: number[];
  calendarId: number | null;
}

/** The parties that are a centre's role rather than named people: known without asking the database. */
export function centreAssignee(party: StepParty, env: ClockEnv): Assignee | null {
  switch (party) {
    case 'receiver':
    case 'shiftLeader':
      return { role: party, unitId: null, userIds: [], calendarId: env.centre.supervisionCenter };
    case 'dispatcher':
      return { role: party, unitId: null, userIds: [], calendarId: env.centre.commandCenter };
    default:
      return null;
  }
}

/** A started step as it is stored: the limit on the case's clock and the deadline on the assignee's calendar. */
export interface PlannedStart {
  step: StepKind;
  assigneeRole: string;
  assigneeUnitId: number | null;
  assigneeUserIds: number[];
  clockType: ClockType;
  limitAmount: number;
  limitUnit: 'hours' | 'days';
  calendarId: number | null;
  startedAt: Date;
  dueAt: Date;
}

export function planStart(step: StepKind, a: Assignee, urgency: string, ctx: Pick<StepContext, 'settings' | 'handleLimit' | 'env' | 'now'>): PlannedStart {
  const limit = effectiveLimit(step === 'handle' ? ctx.handleLimit : ctx.settings.stepLimits[step], urgency);
  const dueAt = addWorkingTime(ctx.now, limit.amount, limit.unit, limit.clockType, calendarOf(ctx.env, a.calendarId), ctx.env.holidays);
  return {
    step, assigneeRole: a.role, assigneeUnitId: a.unitId, assigneeUserIds: a.userIds, clockType: limit.clockType,
    limitAmount: limit.amount, limitUnit: limit.unit, calendarId: a.calendarId, startedAt: ctx.now, dueAt,
  };
}

async function assigneeFor(db: Queryable, party: StepParty, ctx: StepContext): Promise<Assignee> {
  const centre = centreAssignee(party, ctx.env);
  if (centre) return centre;
  switch (party) {
    case 'gridSupervisor': {
      const { rows } = await db.query<{ user_id: number; calendar_id: number | null }>(
        `SELECT a.user_id, un.calendar_id FROM grid_assignments a JOIN users u ON u.id = a.user_id LEFT JOIN units un ON un.id = u.unit_id
          WHERE a.grid_code = $1 AND a.duty = 'supervisor' AND a.valid_to IS NULL AND u.disabled_at IS NULL ORDER BY a.user_id`,
        [ctx.caseRow.gridCode],
      );
      return { role: 'supervisor', unitId: null, userIds: rows.map((r) => r.user_id), calendarId: rows[0]?.calendar_id ?? ctx.env.centre.supervisionCenter };
    }
    case 'leadUnit': {
      // Rework goes back to whoever in the unit the case was given to (commands/assign-case.ts), while they are still
      // active members of it; otherwise to the whole unit.
      const { rows } = await db.query<{ calendar_id: number; user_ids: number[] }>(
        `SELECT un.calendar_id,
                ARRAY(SELECT x FROM unnest(COALESCE((SELECT s.assignee_user_ids FROM case_steps s
                                                      WHERE s.case_id = $2 AND s.assignee_unit_id = $1 AND s.step IN ('accept', 'handle')
                                                      ORDER BY s.id DESC LIMIT 1), '{}')) x
                       WHERE EXISTS (SELECT 1 FROM users m WHERE m.id = x AND m.unit_id = $1 AND m.disabled_at IS NULL)) AS user_ids
           FROM units un WHERE un.id = $1`,
        [ctx.caseRow.leadUnitId, ctx.caseRow.id],
      );
      return { role: 'handlingUnit', unitId: ctx.caseRow.leadUnitId, userIds: (rows[0]?.user_ids ?? []).map(Number), calendarId: rows[0]?.calendar_id ?? null };
    }
    default:
      throw new Error(`no assignee rule for ${party}`);
  }
}

function calendarOf(env: ClockEnv, id: number | null): CalendarDefinition {
  return (id !== null && env.calendars.get(id)) || STANDARD_OFFICE_CALENDAR;
}

/** Urgent cases run every step on the continuous clock (紧急工作时). */
function effectiveLimit(limit: StepLimit, urgency: string): StepLimit {
  return urgency === 'urgent' ? { ...limit, clockType: 'emergency' } : limit;
}

export async function applyStepOps(db: Queryable, ops: StepOp[], ctx: StepContext): Promise<void> {
  const { now } = ctx;
  for (const op of ops) {
    if (op.op === 'start') {
      const p = planStart(op.step, await assigneeFor(db, op.party, ctx), ctx.caseRow.urgency, ctx);
      await db.query(
        `INSERT INTO case_steps (case_id, step, assignee_role, assignee_unit_id, assignee_user_ids, clock_type, limit_amount, limit_unit,
                                 calendar_id, started_at, due_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [ctx.caseRow.id, p.step, p.assigneeRole, p.assigneeUnitId, p.assigneeUserIds, p.clockType, p.limitAmount, p.limitUnit, p.calendarId, p.startedAt, p.dueAt],
      );
      continue;
    }
    if (op.op === 'retime') {
      await retimeOpenSteps(db, ctx);
      continue;
    }
    const step = await openStep(db, ctx.caseRow.id, op.step);
    if (!step) continue; // e.g. an accept step already ended before a return
    const cal = calendarOf(ctx.env, step.calendar_id);
    const clock = step.clock_type as ClockType;
    if (op.op === 'end') {
      // A step ended while suspended is judged at the moment its clock stopped.
      await db.query(
        `UPDATE case_steps SET ended_at = $2, ended_by = $3, outcome = $4, on_time = COALESCE(suspended_at, $2) <= due_at,
                suspended_seconds = suspended_seconds + COALESCE(EXTRACT(EPOCH FROM ($2 - suspended_at))::bigint, 0)
          WHERE id = $1`,
        [step.id, now, ctx.actorId, op.outcome],
      );
    } else if (op.op === 'suspend') {
      if (!step.suspended_at) await db.query(`UPDATE case_steps SET suspended_at = $2 WHERE id = $1`, [step.id, now]);
    } else if (op.op === 'resume') {
      if (!step.suspended_at) continue;
      const due = resumedDue(step.suspended_at, step.due_at, now, clock, cal, ctx.env.holidays);
      await db.query(
        `UPDATE case_steps SET due_at = $2, suspended_at = NULL,
                suspended_seconds = suspended_seconds + EXTRACT(EPOCH FROM ($3 - suspended_at))::bigint WHERE id = $1`,
        [step.id, due, now],
      );
    } else {
      // Extensions count in the unit's own working time: hours as 工作时, days as 工作日 (continuous when urgent).
      const extClock: ClockType = clock === 'emergency' || clock === 'calendarDays' ? clock : op.unit === 'hours' ? 'workingHours' : 'workingDays';
      const due = addWorkingTime(step.due_at, op.amount, op.unit, extClock, cal, ctx.env.holidays);
      await db.query(`UPDATE case_steps SET due_at = $2 WHERE id = $1`, [step.id, due]);
    }
  }
}

/** Urgency changed: every running step's deadline is recomputed from its start on the case's new clock. */
async function retimeOpenSteps(db: Queryable, ctx: StepContext): Promise<void> {
  const { rows } = await db.query<{ id: number; step: StepKind; calendar_id: number | null; started_at: Date }>(
    `SELECT id, step, calendar_id, started_at FROM case_steps WHERE case_id = $1 AND ended_at IS NULL AND suspended_at IS NULL`,
    [ctx.caseRow.id],
  );
  for (const r of rows) {
    const limit = effectiveLimit(r.step === 'handle' ? ctx.handleLimit : ctx.settings.stepLimits[r.step], ctx.caseRow.urgency);
    const due = addWorkingTime(r.started_at, limit.amount, limit.unit, limit.clockType, calendarOf(ctx.env, r.calendar_id), ctx.env.holidays);
    await db.query(`UPDATE case_steps SET clock_type = $2, due_at = $3 WHERE id = $1`, [r.id, limit.clockType, due]);
  }
}

/** The time left at suspension is given back from the moment of resumption; an overdue step stays overdue by as much. */
export function resumedDue(suspendedAt: Date, dueAt: Date, now: Date, clock: ClockType, cal: CalendarDefinition, holidays: HolidayCalendar): Date {
  if (suspendedAt >= dueAt) return new Date(dueAt.getTime() + (now.getTime() - suspendedAt.getTime()));
  const remaining = workingMsBetween(suspendedAt, dueAt, clock, cal, holidays);
  return addWorkingMs(now, remaining, clock, cal, holidays);
}

async function openStep(db: Queryable, caseId: number, step: StepKind) {
  const { rows } = await db.query<{ id: number; calendar_id: number | null; clock_type: string; due_at: Date; suspended_at: Date | null }>(
    `SELECT id, calendar_id, clock_type, due_at, suspended_at FROM case_steps WHERE case_id = $1 AND step = $2 AND ended_at IS NULL ORDER BY id DESC LIMIT 1`,
    [caseId, step],
  );
  return rows[0];
}
