/**
 * Civil-day arithmetic in Asia/Shanghai. China has kept UTC+8 without daylight saving since 1991, so a
 * fixed offset is exact for every case date and far cheaper than Intl time-zone lookups.
 * A "day index" counts Shanghai civil days since 1970-01-01.
 */
export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
const OFFSET_MS = 8 * HOUR_MS;

export function dayIndexOf(ms: number): number {
  return Math.floor((ms + OFFSET_MS) / DAY_MS);
}

/** The instant of 00:00 Shanghai time on that day. */
export function midnightOf(day: number): number {
  return day * DAY_MS - OFFSET_MS;
}

/** The Shanghai clock hour (0–23) at that instant. */
export function hourOf(ms: number): number {
  return Math.floor((ms - midnightOf(dayIndexOf(ms))) / HOUR_MS);
}

export interface CivilDate {
  year: number;
  month: number;
  day: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
}

export function civilOf(day: number): CivilDate {
  // day * DAY_MS is UTC midnight of the same civil date, so the UTC getters read it directly.
  const d = new Date(day * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), weekday: d.getUTCDay() };
}

/** 'YYYY-MM-DD' of a day index. */
export function dayString(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Day index of 'YYYY-MM-DD', or undefined if it is not a real calendar date. */
export function parseDayString(s: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return undefined;
  const ms = Date.parse(`${s}T00:00:00Z`);
  if (Number.isNaN(ms)) return undefined;
  const day = ms / DAY_MS;
  return dayString(day) === s ? day : undefined;
}
