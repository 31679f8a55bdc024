import { calendarDefinitionSchema, type CalendarDefinition } from '../../../shared/calendar.ts';
import type { HolidayCalendar } from './holidays.ts';
import { civilOf, dayString, MINUTE_MS } from './shanghai-time.ts';

/**
 * A day's working periods as flat [start, end, start, end, …] offsets in ms from Shanghai midnight,
 * ascending; empty when the day is not a working day of the calendar.
 */
export type DayPeriods = readonly number[];

export interface DayPlanner {
  periods(day: number): DayPeriods;
}

/** A calendar without any working time for this many consecutive days is treated as broken. */
export const MAX_IDLE_DAYS = 400;

const EMPTY: DayPeriods = Object.freeze([]);
const MAX_CACHED_DAYS = 20_000;

interface Timetable {
  from: number;
  to: number;
  periods: DayPeriods;
}

interface CompiledCalendar {
  timetables: readonly Timetable[];
  usesHolidays: boolean;
  withoutHolidays: DayPlanner;
  byHolidays: WeakMap<HolidayCalendar, DayPlanner>;
}

const byObject = new WeakMap<CalendarDefinition, CompiledCalendar>();
// Calendars read from the database arrive as fresh objects on every request; the shape key lets them
// share one compiled calendar and its per-day cache.
const byShape = new Map<string, CompiledCalendar>();

/** Calendars are treated as immutable values: a mutated calendar object keeps its old compilation. */
export function plannerFor(calendar: CalendarDefinition, holidays: HolidayCalendar): DayPlanner {
  const c = compiled(calendar);
  if (!c.usesHolidays) return c.withoutHolidays;
  let planner = c.byHolidays.get(holidays);
  if (!planner) {
    planner = makePlanner(c.timetables, (day) => holidays.isOfficialWorkday(dayString(day)));
    c.byHolidays.set(holidays, planner);
  }
  return planner;
}

export function nextWorkingDay(planner: DayPlanner, day: number): number {
  for (let d = day + 1; d <= day + MAX_IDLE_DAYS; d++) if (planner.periods(d).length) return d;
  throw idleError(day);
}

export function previousWorkingDay(planner: DayPlanner, day: number): number {
  for (let d = day - 1; d >= day - MAX_IDLE_DAYS; d--) if (planner.periods(d).length) return d;
  throw new Error(`Calendar has no working time in the ${MAX_IDLE_DAYS} days before ${dayString(day)} (Asia/Shanghai)`);
}

export function idleError(day: number): Error {
  return new Error(`Calendar has no working time in the ${MAX_IDLE_DAYS} days after ${dayString(day)} (Asia/Shanghai)`);
}

function compiled(calendar: CalendarDefinition): CompiledCalendar {
  let c = byObject.get(calendar);
  if (c) return c;
  const key = JSON.stringify(calendar);
  c = byShape.get(key);
  if (!c) {
    c = compile(calendar);
    if (byShape.size >= 256) byShape.clear();
    byShape.set(key, c);
  }
  byObject.set(calendar, c);
  return c;
}

function compile(calendar: CalendarDefinition): CompiledCalendar {
  const parsed = calendarDefinitionSchema.safeParse(calendar);
  if (!parsed.success) {
    throw new Error(`Invalid calendar: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const def = parsed.data;
  const timetables = def.timetables.map((t) => ({
    from: monthDay(t.from),
    to: monthDay(t.to),
    periods: Object.freeze(t.periods.flatMap((p) => [minutes(p.start) * MINUTE_MS, minutes(p.end) * MINUTE_MS])),
  }));
  const weekdays = (day: number): boolean => {
    const w = civilOf(day).weekday;
    return w >= 1 && w <= 5;
  };
  return {
    timetables,
    // 'everyDay' ignores followsPublicHolidays: units on shifts work through holidays (DOMAIN §5).
    usesHolidays: def.days === 'weekdays' && def.followsPublicHolidays,
    withoutHolidays: makePlanner(timetables, def.days === 'everyDay' ? () => true : weekdays),
    byHolidays: new WeakMap(),
  };
}

function makePlanner(timetables: readonly Timetable[], isWorkingDay: (day: number) => boolean): DayPlanner {
  const cache = new Map<number, DayPeriods>();
  return {
    periods(day: number): DayPeriods {
      let p = cache.get(day);
      if (p === undefined) {
        p = isWorkingDay(day) ? timetablePeriods(timetables, day) : EMPTY;
        if (cache.size >= MAX_CACHED_DAYS) cache.clear();
        cache.set(day, p);
      }
      return p;
    },
  };
}

/** The first timetable whose inclusive MM-DD range (possibly wrapping the year end) holds the day. */
function timetablePeriods(timetables: readonly Timetable[], day: number): DayPeriods {
  const civil = civilOf(day);
  const md = civil.month * 100 + civil.day;
  for (const t of timetables) {
    const inside = t.from <= t.to ? md >= t.from && md <= t.to : md >= t.from || md <= t.to;
    if (inside) return t.periods;
  }
  return EMPTY;
}

function monthDay(mmdd: string): number {
  return Number(mmdd.slice(0, 2)) * 100 + Number(mmdd.slice(3, 5));
}

function minutes(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}
