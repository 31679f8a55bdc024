/**
 * What a calendar definition (shared/calendar.ts) means day by day, for the editor's preview: the timetable
 * in force on a date (the first whose MM-DD range, possibly wrapping the year end, holds it — the rule the
 * server's clock applies in sla/working-calendar.ts), whether a day is worked (weekdays minus public holidays
 * plus make-up days, or every day), and the dates no timetable covers (nobody works then: worth a warning).
 */
import type { CalendarDefinition } from '../../../../shared/calendar.ts';

type Timetable = CalendarDefinition['timetables'][number];
type Period = Timetable['periods'][number];

export interface HolidayDay {
  day: string;
  isWorkday: boolean;
  name: string;
}

export interface DayPlan {
  /** YYYY-MM-DD */
  date: string;
  /** 1 = Monday … 7 = Sunday */
  weekday: number;
  /** Index of the timetable in force (by date), or -1 when none covers the date. */
  timetable: number;
  periods: readonly Period[];
  minutes: number;
  /** Why the day is not worked, or why a weekend day is. */
  note: 'weekend' | 'holiday' | 'makeUp' | 'noTimetable' | null;
  holidayName?: string;
}

const md = (mmdd: string) => Number(mmdd.slice(0, 2)) * 100 + Number(mmdd.slice(3, 5));
const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export function covers(t: Pick<Timetable, 'from' | 'to'>, mmdd: string): boolean {
  const d = md(mmdd);
  const from = md(t.from);
  const to = md(t.to);
  return from <= to ? d >= from && d <= to : d >= from || d <= to;
}

export function timetableOn(def: CalendarDefinition, mmdd: string): number {
  return def.timetables.findIndex((t) => covers(t, mmdd));
}

export function periodMinutes(periods: readonly Period[]): number {
  return periods.reduce((n, p) => n + Math.max(0, minutes(p.end) - minutes(p.start)), 0);
}

function parts(date: string): { y: number; m: number; d: number } {
  return { y: Number(date.slice(0, 4)), m: Number(date.slice(5, 7)), d: Number(date.slice(8, 10)) };
}
function isoOf(t: number): string {
  return new Date(t).toISOString().slice(0, 10);
}
function dayMs(date: string): number {
  const { y, m, d } = parts(date);
  return Date.UTC(y, m - 1, d);
}

export function weekdayOf(date: string): number {
  const w = new Date(dayMs(date)).getUTCDay();
  return w === 0 ? 7 : w;
}

/** Monday to Sunday of the week holding `date`. */
export function weekOf(date: string): string[] {
  const monday = dayMs(date) - (weekdayOf(date) - 1) * 86_400_000;
  return Array.from({ length: 7 }, (_, i) => isoOf(monday + i * 86_400_000));
}

export function planDay(def: CalendarDefinition, date: string, holidays: ReadonlyMap<string, HolidayDay>): DayPlan {
  const weekday = weekdayOf(date);
  const timetable = timetableOn(def, date.slice(5));
  const base = { date, weekday, timetable };
  const off = (note: DayPlan['note'], holidayName?: string): DayPlan => ({ ...base, periods: [], minutes: 0, note, ...(holidayName ? { holidayName } : {}) });
  let note: DayPlan['note'] = null;
  let holidayName: string | undefined;
  if (def.days === 'weekdays') {
    const h = def.followsPublicHolidays ? holidays.get(date) : undefined;
    if (h && !h.isWorkday) return off('holiday', h.name);
    if (weekday >= 6) {
      if (!h?.isWorkday) return off('weekend');
      note = 'makeUp';
      holidayName = h.name;
    }
  }
  if (timetable < 0) return off('noTimetable');
  const periods = def.timetables[timetable]!.periods;
  return { ...base, periods, minutes: periodMinutes(periods), note, ...(holidayName ? { holidayName } : {}) };
}

export interface DayRange {
  from: string;
  to: string;
}

/** MM-DD ranges of a (leap) year covered by no timetable, and those covered by more than one (the first wins). */
export function coverage(def: CalendarDefinition): { gaps: DayRange[]; overlaps: Array<DayRange & { first: number; second: number }> } {
  const gaps: DayRange[] = [];
  const overlaps: Array<DayRange & { first: number; second: number }> = [];
  const start = Date.UTC(2024, 0, 1);
  for (let i = 0; i < 366; i++) {
    const mmdd = isoOf(start + i * 86_400_000).slice(5);
    const hits = def.timetables.flatMap((t, k) => (covers(t, mmdd) ? [k] : []));
    if (hits.length === 0) {
      const last = gaps.at(-1);
      if (last && last.to === isoOf(start + (i - 1) * 86_400_000).slice(5)) last.to = mmdd;
      else gaps.push({ from: mmdd, to: mmdd });
    } else if (hits.length > 1) {
      const [first, second] = hits as [number, number];
      const last = overlaps.at(-1);
      if (last && last.first === first && last.second === second && last.to === isoOf(start + (i - 1) * 86_400_000).slice(5)) last.to = mmdd;
      else overlaps.push({ from: mmdd, to: mmdd, first, second });
    }
  }
  return { gaps, overlaps };
}
