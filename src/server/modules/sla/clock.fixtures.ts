import type { CalendarDefinition } from '../../../shared/calendar.ts';
import { createHolidayCalendar } from './holidays.ts';

export const holidays = createHolidayCalendar();

/** Shanghai wall-clock rendering, so expectations read as the literal strings in the tables. */
export function sh(d: Date): string {
  const local = new Date(d.getTime() + 8 * 3_600_000).toISOString();
  const seconds = local.slice(16, 23) === ':00.000' ? '' : local.slice(16, 23);
  return `${local.slice(0, 16)}${seconds}+08:00`;
}

export function at(iso: string): Date {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new Error(`bad fixture date ${iso}`);
  return d;
}

/** Mon–Fri office hours that ignore statutory holidays. */
export const PLAIN_WEEKDAYS: CalendarDefinition = {
  days: 'weekdays',
  followsPublicHolidays: false,
  timetables: [{ name: '全年', from: '01-01', to: '12-31', periods: [{ start: '08:00', end: '12:00' }, { start: '14:00', end: '18:00' }] }],
};

/** Timetables whose first periods differ, to exercise the workingDays clamping rules. */
export const SHIFTED: CalendarDefinition = {
  days: 'weekdays',
  followsPublicHolidays: false,
  timetables: [
    { name: '上半年', from: '01-01', to: '06-30', periods: [{ start: '07:00', end: '11:00' }, { start: '13:00', end: '19:00' }] },
    { name: '下半年', from: '07-01', to: '12-31', periods: [{ start: '09:00', end: '12:00' }, { start: '14:00', end: '17:00' }] },
  ],
};
