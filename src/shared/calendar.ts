import { z } from 'zod';
import { text } from './api/fields.ts';

/**
 * A working calendar (DOMAIN §5): the periods in which a unit works. Office calendars follow the
 * statutory holiday table and often switch timetable between summer and winter; units on shifts work
 * every hour of every day. Deadline arithmetic on these lives with the case clocks.
 */
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, '@hhmm');
const mmdd = z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, '@mmdd');

export const periodSchema = z
  .strictObject({ start: hhmm, end: hhmm })
  .refine((p) => p.start < p.end, { message: '@periodOrder', path: ['end'] });

export const timetableSchema = z.strictObject({
  name: text(30, { min: 1 }),
  /** Inclusive MM-DD range; may wrap the year end (e.g. 10-01 → 04-30). */
  from: mmdd,
  to: mmdd,
  periods: z.array(periodSchema).min(1).max(6),
});

export const calendarDefinitionSchema = z
  .strictObject({
    /** 'weekdays': Monday–Friday, minus public holidays, plus make-up working days; 'everyDay': shifts. */
    days: z.enum(['weekdays', 'everyDay']),
    followsPublicHolidays: z.boolean(),
    timetables: z.array(timetableSchema).min(1).max(4),
  })
  .refine((d) => d.timetables.every((t) => t.periods.every((p, i, a) => i === 0 || a[i - 1]!.end <= p.start)), {
    message: '@periodsOverlap',
    path: ['timetables'],
  });

export type CalendarDefinition = z.infer<typeof calendarDefinitionSchema>;

export const OFFICE_CALENDAR: CalendarDefinition = {
  days: 'weekdays',
  followsPublicHolidays: true,
  timetables: [
    { name: '夏季', from: '05-01', to: '09-30', periods: [{ start: '08:00', end: '12:00' }, { start: '15:00', end: '18:00' }] },
    { name: '冬季', from: '10-01', to: '04-30', periods: [{ start: '08:00', end: '12:00' }, { start: '14:00', end: '18:00' }] },
  ],
};

export const STANDARD_OFFICE_CALENDAR: CalendarDefinition = {
  days: 'weekdays',
  followsPublicHolidays: true,
  timetables: [{ name: '全年', from: '01-01', to: '12-31', periods: [{ start: '08:00', end: '12:00' }, { start: '14:00', end: '18:00' }] }],
};

export const EVERY_DAY_CALENDAR: CalendarDefinition = {
  days: 'everyDay',
  followsPublicHolidays: false,
  timetables: [{ name: '全天', from: '01-01', to: '12-31', periods: [{ start: '00:00', end: '24:00' }] }],
};

export const CENTRE_CALENDAR: CalendarDefinition = {
  days: 'everyDay',
  followsPublicHolidays: false,
  timetables: [{ name: '全年', from: '01-01', to: '12-31', periods: [{ start: '07:30', end: '22:30' }] }],
};
