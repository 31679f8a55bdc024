import type { CalendarDefinition } from '../../../shared/calendar.ts';
import type { ClockType } from '../../../shared/org.ts';
import type { HolidayCalendar } from './holidays.ts';
import { DAY_MS, HOUR_MS } from './shanghai-time.ts';
import { plannerFor } from './working-calendar.ts';
import { addWorkingDaysOn, addWorkingMsOn, workingMsBetweenOn } from './working-time.ts';

/**
 * Deadline arithmetic for step limits (DOMAIN §5), in Asia/Shanghai. 紧急工作时 and 自然日 run
 * continuously; 工作时 and 工作日 run on the working periods of the calendar of whoever must act.
 * On a working calendar the unit decides the walk: 'hours' consumes working time, 'days' steps whole
 * working days — so workingHours with unit 'days' behaves as workingDays and vice versa.
 */
export type LimitUnit = 'hours' | 'days';
export type ColourState = 'green' | 'yellow' | 'red' | 'overdue';

export function addWorkingTime(
  start: Date,
  amount: number,
  unit: LimitUnit,
  clockType: ClockType,
  calendar: CalendarDefinition,
  holidays: HolidayCalendar,
): Date {
  const t = instant(start, 'start');
  if (!Number.isFinite(amount) || amount < 0) throw new RangeError(`Limit amount must be a finite number ≥ 0, got ${amount}`);
  if (isContinuous(clockType)) return new Date(t + Math.round(amount * (unit === 'days' ? DAY_MS : HOUR_MS)));
  const planner = plannerFor(calendar, holidays);
  if (unit === 'hours') return new Date(addWorkingMsOn(planner, t, Math.round(amount * HOUR_MS)));
  return new Date(addWorkingDaysOn(planner, t, amount));
}

/** Counting time elapsed from `from` to `to` (0 if `to` is not after `from`). */
export function workingMsBetween(
  from: Date,
  to: Date,
  clockType: ClockType,
  calendar: CalendarDefinition,
  holidays: HolidayCalendar,
): number {
  const a = instant(from, 'from');
  const b = instant(to, 'to');
  if (isContinuous(clockType)) return Math.max(0, b - a);
  return workingMsBetweenOn(plannerFor(calendar, holidays), a, b);
}

/**
 * The instant at which `ms` of counting time has run from `start` — the inverse of workingMsBetween,
 * used to resume a suspended step: addWorkingMs(resumedAt, workingMsBetween(suspendedAt, due)).
 * When time runs out at a period end the result is that end; `ms` ≤ 0 returns `start`.
 */
export function addWorkingMs(
  start: Date,
  ms: number,
  clockType: ClockType,
  calendar: CalendarDefinition,
  holidays: HolidayCalendar,
): Date {
  const t = instant(start, 'start');
  if (!Number.isFinite(ms)) throw new RangeError(`ms must be finite, got ${ms}`);
  const whole = Math.round(ms);
  if (isContinuous(clockType)) return new Date(t + Math.max(0, whole));
  return new Date(addWorkingMsOn(plannerFor(calendar, holidays), t, whole));
}

/** Share of the limit used: green < 50 %, yellow 50–80 %, red 80–100 %, overdue ≥ 100 % or once due. */
export function colourState(
  startedAt: Date,
  dueAt: Date,
  now: Date,
  clockType: ClockType,
  calendar: CalendarDefinition,
  holidays: HolidayCalendar,
): ColourState {
  if (instant(now, 'now') >= instant(dueAt, 'dueAt')) return 'overdue';
  const limit = workingMsBetween(startedAt, dueAt, clockType, calendar, holidays);
  if (limit <= 0) return 'green';
  const share = workingMsBetween(startedAt, now, clockType, calendar, holidays) / limit;
  if (share >= 1) return 'overdue';
  if (share >= 0.8) return 'red';
  if (share >= 0.5) return 'yellow';
  return 'green';
}

function isContinuous(clockType: ClockType): boolean {
  return clockType === 'emergency' || clockType === 'calendarDays';
}

function instant(d: Date, name: string): number {
  const t = d.getTime();
  if (Number.isNaN(t)) throw new RangeError(`${name} is an invalid Date`);
  return t;
}
