/**
 * Time left on a step, counted down in the browser from the server's figure. The server gives the
 * working time left at `asOf` (working hours and holidays already applied), whether working time is
 * passing now, and when that next changes (the end of today's working hours, say); the browser only
 * subtracts elapsed wall time while the clock runs and stops at `changesAt`. It never does calendar math.
 */
export interface TimeLeftDto {
  asOf: string;
  seconds: number;
  running: boolean;
  changesAt: string | null;
}

/** Working seconds left now (negative: overdue by that much working time). */
export function secondsLeftAt(t: TimeLeftDto, nowMs: number): number {
  if (!t.running) return t.seconds;
  const from = Date.parse(t.asOf);
  const until = t.changesAt ? Math.min(nowMs, Date.parse(t.changesAt)) : nowMs;
  return t.seconds - Math.max(0, Math.floor((until - from) / 1000));
}

export interface DurationParts {
  overdue: boolean;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

/** Splits working seconds into d/h/m/s; a working "day" is shown as 24 h of working time is not meaningful, so days only past 99 h. */
export function splitSeconds(total: number): DurationParts {
  const overdue = total < 0;
  let s = Math.abs(total);
  const hoursAll = Math.floor(s / 3600);
  const days = hoursAll > 99 ? Math.floor(hoursAll / 24) : 0;
  const hours = hoursAll - days * 24;
  s -= hoursAll * 3600;
  return { overdue, days, hours, minutes: Math.floor(s / 60), seconds: s % 60 };
}
