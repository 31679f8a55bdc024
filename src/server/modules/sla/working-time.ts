import { idleError, MAX_IDLE_DAYS, nextWorkingDay, previousWorkingDay, type DayPlanner } from './working-calendar.ts';
import { dayIndexOf, midnightOf } from './shanghai-time.ts';

/**
 * Walks over working periods, one day at a time, on epoch milliseconds. Periods are closed at their end
 * for the purpose of deadlines: time that runs out exactly at a period end is due at that end, not at
 * the next period start.
 */
export function addWorkingMsOn(planner: DayPlanner, start: number, ms: number): number {
  if (ms <= 0) return start;
  let remaining = ms;
  let idle = 0;
  for (let day = dayIndexOf(start); ; day++) {
    const p = planner.periods(day);
    if (p.length === 0) {
      if (++idle > MAX_IDLE_DAYS) throw idleError(day - idle);
      continue;
    }
    idle = 0;
    const base = midnightOf(day);
    for (let i = 0; i < p.length; i += 2) {
      const end = base + p[i + 1]!;
      if (end <= start) continue;
      const from = Math.max(base + p[i]!, start);
      if (remaining <= end - from) return from + remaining;
      remaining -= end - from;
    }
  }
}

export function workingMsBetweenOn(planner: DayPlanner, from: number, to: number): number {
  if (to <= from) return 0;
  let total = 0;
  const last = dayIndexOf(to);
  for (let day = dayIndexOf(from); day <= last; day++) {
    const p = planner.periods(day);
    if (p.length === 0) continue;
    const base = midnightOf(day);
    for (let i = 0; i < p.length; i += 2) {
      const s = Math.max(base + p[i]!, from);
      const e = Math.min(base + p[i + 1]!, to);
      if (e > s) total += e - s;
    }
  }
  return total;
}

/**
 * 工作日 deadline. Counting starts at s' = the start itself when it lies in a working period (ends
 * included), else the next period start. The deadline is s's wall-clock time on the N-th following
 * working day, clamped back to the latest working instant at or before that time: inside a period it
 * stays; in a gap or after the last period it becomes the end of the last period that began before it;
 * before the day's first period it becomes the previous working day's last period end (in working
 * time that is the same instant as the day's first period start, and never later than N days).
 * Clamping only moves backwards to period ends, so the deadline never decreases as the start moves on.
 *
 * A fractional part is then added as working time: frac × the working length of the N-th day, e.g.
 * 0.5 day on an 8-hour office day = 4 working hours on top (12 h on a 24-hour calendar). Across a
 * summer/winter switch that length changes, the only place fractional days can be non-monotonic.
 */
export function addWorkingDaysOn(planner: DayPlanner, start: number, amount: number): number {
  if (amount <= 0) return start;
  const whole = Math.floor(amount);
  const frac = amount - whole;
  const { day: startDay, at } = enterWorkingTime(planner, start);
  let target = startDay;
  for (let k = 0; k < whole; k++) target = nextWorkingDay(planner, target);
  let due = whole === 0 ? at : latestWorkingAtOrBefore(planner, target, midnightOf(target) + (at - midnightOf(startDay)));
  if (frac > 0) due = addWorkingMsOn(planner, due, Math.round(frac * workingLength(planner.periods(target))));
  return due;
}

function enterWorkingTime(planner: DayPlanner, t: number): { day: number; at: number } {
  const day = dayIndexOf(t);
  const p = planner.periods(day);
  const base = midnightOf(day);
  for (let i = 0; i < p.length; i += 2) {
    if (t <= base + p[i + 1]!) return { day, at: Math.max(t, base + p[i]!) };
  }
  const next = nextWorkingDay(planner, day);
  return { day: next, at: midnightOf(next) + planner.periods(next)[0]! };
}

function latestWorkingAtOrBefore(planner: DayPlanner, day: number, t: number): number {
  const p = planner.periods(day);
  const base = midnightOf(day);
  let latest: number | undefined;
  for (let i = 0; i < p.length && base + p[i]! <= t; i += 2) latest = Math.min(t, base + p[i + 1]!);
  if (latest !== undefined) return latest;
  const prev = previousWorkingDay(planner, day);
  const pp = planner.periods(prev);
  return midnightOf(prev) + pp[pp.length - 1]!;
}

function workingLength(p: readonly number[]): number {
  let total = 0;
  for (let i = 0; i < p.length; i += 2) total += p[i + 1]! - p[i]!;
  return total;
}
