import chineseDays from 'chinese-days';
import { dayIndexOf, dayString, parseDayString } from './shanghai-time.ts';

/**
 * The official working-day table (DOMAIN §5): Monday–Friday, minus statutory holidays, plus make-up
 * working days (调休). The statutory table comes from chinese-days; the admin-maintained overrides win,
 * which is also how years the package does not know yet get their holidays.
 */
export interface HolidayCalendar {
  isOfficialWorkday(day: string): boolean;
}

/**
 * Answers are cached per day for the life of the calendar, and the overrides are copied: when the admin
 * edits the table, build a new HolidayCalendar rather than mutating the map.
 */
export function createHolidayCalendar(overrides?: ReadonlyMap<string, boolean>): HolidayCalendar {
  const own = new Map(overrides);
  for (const day of own.keys()) {
    if (parseDayString(day) === undefined) throw new RangeError(`Holiday override is not a YYYY-MM-DD date: ${day}`);
  }
  const cache = new Map<string, boolean>();
  return {
    isOfficialWorkday(day: string): boolean {
      const hit = cache.get(day);
      if (hit !== undefined) return hit;
      if (parseDayString(day) === undefined) throw new RangeError(`Not a YYYY-MM-DD date: ${day}`);
      const answer = own.get(day) ?? statutoryWorkday(day);
      cache.set(day, answer);
      return answer;
    },
  };
}

/**
 * chinese-days parses a 'YYYY-MM-DD' string as UTC midnight but reads it back with local-time getters,
 * so under a process TZ west of UTC it answers for the previous day. Handing it local noon of the
 * wanted date is read back correctly in every process time zone.
 */
function statutoryWorkday(day: string): boolean {
  return chineseDays.isWorkday(new Date(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)), 12));
}

/** The Asia/Shanghai civil date of an instant, as 'YYYY-MM-DD'. */
export function dayKey(date: Date): string {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new RangeError('Invalid Date');
  return dayString(dayIndexOf(ms));
}
