import type { CalendarDefinition } from '../../../shared/calendar.ts';
import type { ClockType } from '../../../shared/org.ts';
import { workingMsBetween } from './clock.ts';
import type { HolidayCalendar } from './holidays.ts';
import { dayIndexOf, midnightOf } from './shanghai-time.ts';
import { MAX_IDLE_DAYS, plannerFor, type DayPlanner } from './working-calendar.ts';

/**
 * A step's time left as the browser counts it down (src/web/common/format/time-left.ts): the counting
 * time left at `asOf` in whole seconds (negative: overdue by that much counting time), whether counting
 * time passes at `asOf`, and the next instant that changes. The browser subtracts wall time only while
 * `running`, up to `changesAt`; all calendar arithmetic stays here.
 */
export interface TimeLeft {
  asOf: Date;
  seconds: number;
  running: boolean;
  /**
   * When `running` next flips: the end of the current stretch of working time (adjacent periods, also
   * across midnight, count as one), or the start of the next one. Null on continuous clocks, for a
   * suspended step (it stays frozen until someone resumes it), and when nothing changes within
   * MAX_IDLE_DAYS (a calendar that works every hour of every day).
   */
  changesAt: Date | null;
}

export interface TimeLeftInput {
  now: Date;
  dueAt: Date;
  clockType: ClockType;
  calendar: CalendarDefinition;
  holidays: HolidayCalendar;
  /**
   * When the step's clock was stopped (case_steps.suspended_at: shelving, a return or void awaiting
   * decision); null while it runs. Time left is frozen at that moment, as resuming gives it back.
   */
  suspendedAt?: Date | null;
}

export function timeLeft({ now, dueAt, clockType, calendar, holidays, suspendedAt = null }: TimeLeftInput): TimeLeft {
  const t = instant(now, 'now');
  const due = instant(dueAt, 'dueAt');
  // The clock stopped at suspension (never later than now, should the two clocks disagree).
  const at = suspendedAt ? Math.min(instant(suspendedAt, 'suspendedAt'), t) : t;
  const ms = at <= due
    ? workingMsBetween(new Date(at), dueAt, clockType, calendar, holidays)
    : -workingMsBetween(dueAt, new Date(at), clockType, calendar, holidays);
  // Floor: negative exactly when past due; `|| 0` keeps -0 out of the JSON.
  const seconds = Math.floor(ms / 1000) || 0;
  if (suspendedAt) return { asOf: now, seconds, running: false, changesAt: null };
  if (isContinuous(clockType)) return { asOf: now, seconds, running: true, changesAt: null };
  const { running, changesAt } = workingStateAt(plannerFor(calendar, holidays), t);
  return { asOf: now, seconds, running, changesAt: changesAt === null ? null : new Date(changesAt) };
}

/**
 * Whether `t` lies in a working period (periods are [start, end): at an end time has stopped) and when
 * that next changes, looking at most MAX_IDLE_DAYS ahead.
 */
export function workingStateAt(planner: DayPlanner, t: number): { running: boolean; changesAt: number | null } {
  const first = dayIndexOf(t);
  const last = first + MAX_IDLE_DAYS;
  // A period never reaches past its own day's midnight (24:00 at most), so the search starts today.
  for (let day = first; day <= last; day++) {
    const p = planner.periods(day);
    const base = midnightOf(day);
    for (let i = 0; i < p.length; i += 2) {
      if (base + p[i + 1]! <= t) continue;
      if (base + p[i]! > t) return { running: false, changesAt: base + p[i]! };
      return { running: true, changesAt: stretchEnd(planner, day, i, last) };
    }
  }
  return { running: false, changesAt: null };
}

/** The end of the working time that continues without a gap from period `i` of `day`; null past `lastDay`. */
function stretchEnd(planner: DayPlanner, day: number, i: number, lastDay: number): number | null {
  let p = planner.periods(day);
  let end = midnightOf(day) + p[i + 1]!;
  let j = i + 2;
  for (;;) {
    if (j >= p.length) {
      if (++day > lastDay) return null;
      p = planner.periods(day);
      j = 0;
      if (!p.length) return end;
    }
    if (midnightOf(day) + p[j]! !== end) return end;
    end = midnightOf(day) + p[j + 1]!;
    j += 2;
  }
}

function isContinuous(clockType: ClockType): boolean {
  return clockType === 'emergency' || clockType === 'calendarDays';
}

function instant(d: Date, name: string): number {
  const t = d.getTime();
  if (Number.isNaN(t)) throw new RangeError(`${name} is an invalid Date`);
  return t;
}
