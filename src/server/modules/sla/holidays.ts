import { createRequire } from 'node:module';
import { civilOf, dayIndexOf, dayString, parseDayString } from './shanghai-time.ts';

/**
 * The official working-day table (DOMAIN §5): Monday–Friday, minus statutory holidays, plus make-up
 * working days (调休). The statutory table is chinese-days' data; the admin-maintained overrides win,
 * which is also how years the package does not know yet get their holidays.
 */
export interface HolidayCalendar {
  isOfficialWorkday(day: string): boolean;
}

interface StatutoryTable {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

// chinese-days' functions build their tables at load time with local-time Date getters on UTC-parsed
// strings, so in a process TZ west of UTC every answer is a day off. Its published JSON is the same
// table without that dependence (identical answers for 2004–2026 under UTC and Asia/Shanghai).
const statutory = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as StatutoryTable;

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
      const index = parseDayString(day);
      if (index === undefined) throw new RangeError(`Not a YYYY-MM-DD date: ${day}`);
      const answer = own.get(day) ?? statutoryWorkday(day, index);
      cache.set(day, answer);
      return answer;
    },
  };
}

/**
 * What the State Council's notice says of a day, with the holiday's Chinese name ('国庆节'): a holiday (weekend days
 * inside a holiday period too) or a make-up working day; undefined for a day it does not name.
 */
export function statutoryDay(day: string): { isWorkday: boolean; name: string } | undefined {
  const nameOf = (entry: string) => entry.split(',')[1] ?? '';
  if (Object.hasOwn(statutory.workdays, day)) return { isWorkday: true, name: nameOf(statutory.workdays[day]!) };
  if (Object.hasOwn(statutory.holidays, day)) return { isWorkday: false, name: nameOf(statutory.holidays[day]!) };
  return undefined;
}

function statutoryWorkday(day: string, index: number): boolean {
  if (Object.hasOwn(statutory.workdays, day)) return true;
  if (Object.hasOwn(statutory.holidays, day)) return false;
  const weekday = civilOf(index).weekday;
  return weekday >= 1 && weekday <= 5;
}

/** The Asia/Shanghai civil date of an instant, as 'YYYY-MM-DD'. */
export function dayKey(date: Date): string {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new RangeError('Invalid Date');
  return dayString(dayIndexOf(ms));
}
