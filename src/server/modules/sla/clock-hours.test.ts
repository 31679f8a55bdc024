import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CENTRE_CALENDAR, EVERY_DAY_CALENDAR, OFFICE_CALENDAR, type CalendarDefinition } from '../../../shared/calendar.ts';
import type { ClockType } from '../../../shared/org.ts';
import { addWorkingTime, type LimitUnit } from './clock.ts';
import { at, holidays, PLAIN_WEEKDAYS, sh } from './clock.fixtures.ts';
import { createHolidayCalendar, type HolidayCalendar } from './holidays.ts';

type Case = [label: string, start: string, amount: number, unit: LimitUnit, clock: ClockType, cal: CalendarDefinition, due: string];

const office: Case[] = [
  ['weekend: Fri 17:00 + 2 wh (winter)', '2025-11-14T17:00+08:00', 2, 'hours', 'workingHours', OFFICE_CALENDAR, '2025-11-17T09:00+08:00'],
  ['lunch break, winter', '2025-11-12T11:30+08:00', 1, 'hours', 'workingHours', OFFICE_CALENDAR, '2025-11-12T14:30+08:00'],
  ['lunch break, summer', '2025-06-11T11:30+08:00', 1, 'hours', 'workingHours', OFFICE_CALENDAR, '2025-06-11T15:30+08:00'],
  ['0.5 wh inside a period', '2025-11-12T09:10+08:00', 0.5, 'hours', 'workingHours', OFFICE_CALENDAR, '2025-11-12T09:40+08:00'],
  ['0.5 wh across lunch', '2025-11-12T11:45+08:00', 0.5, 'hours', 'workingHours', OFFICE_CALENDAR, '2025-11-12T14:15+08:00'],
  ['ends exactly at the morning end', '2025-11-12T10:00+08:00', 2, 'hours', 'workingHours', OFFICE_CALENDAR, '2025-11-12T12:00+08:00'],
  ['ends exactly at the day end', '2025-11-12T16:00+08:00', 2, 'hours', 'workingHours', OFFICE_CALENDAR, '2025-11-12T18:00+08:00'],
  ['ends exactly at Friday end', '2025-11-14T16:00+08:00', 2, 'hours', 'workingHours', OFFICE_CALENDAR, '2025-11-14T18:00+08:00'],
  ['before office hours', '2025-11-12T07:00+08:00', 1, 'hours', 'workingHours', OFFICE_CALENDAR, '2025-11-12T09:00+08:00'],
  ['during lunch', '2025-11-12T12:30+08:00', 1, 'hours', 'workingHours', OFFICE_CALENDAR, '2025-11-12T15:00+08:00'],
  ['after office hours', '2025-11-12T19:00+08:00', 1, 'hours', 'workingHours', OFFICE_CALENDAR, '2025-11-13T09:00+08:00'],
  ['on a Saturday', '2025-11-15T10:00+08:00', 1, 'hours', 'workingHours', OFFICE_CALENDAR, '2025-11-17T09:00+08:00'],
  ['a full winter day', '2025-11-12T08:00+08:00', 8, 'hours', 'workingHours', OFFICE_CALENDAR, '2025-11-12T18:00+08:00'],
  ['zero limit stays put', '2025-11-12T12:30+08:00', 0, 'hours', 'workingHours', OFFICE_CALENDAR, '2025-11-12T12:30+08:00'],
  ['15 minutes and a bit', '2025-11-12T11:50+08:00', 0.25, 'hours', 'workingHours', OFFICE_CALENDAR, '2025-11-12T14:05+08:00'],
  // 2025 National Day + Mid-Autumn: 10-01..10-08 off; 09-28 (Sun) and 10-11 (Sat) are make-up days.
  ['into the Golden Week', '2025-09-30T17:00+08:00', 2, 'hours', 'workingHours', OFFICE_CALENDAR, '2025-10-09T09:00+08:00'],
  ['make-up Sunday counts (summer)', '2025-09-28T10:00+08:00', 3, 'hours', 'workingHours', OFFICE_CALENDAR, '2025-09-28T16:00+08:00'],
  ['make-up Saturday after the holiday', '2025-10-10T17:00+08:00', 2, 'hours', 'workingHours', OFFICE_CALENDAR, '2025-10-11T09:00+08:00'],
  ['Saturday 09-27 is still off', '2025-09-26T17:00+08:00', 2, 'hours', 'workingHours', OFFICE_CALENDAR, '2025-09-28T09:00+08:00'],
  // 2026 Spring Festival: 02-15..02-23 off; 02-14 (Sat) and 02-28 (Sat) are make-up days.
  ['Friday before Spring Festival rolls onto the make-up Saturday', '2026-02-13T17:00+08:00', 2, 'hours', 'workingHours', OFFICE_CALENDAR, '2026-02-14T09:00+08:00'],
  ['started on the make-up Saturday', '2026-02-14T10:00+08:00', 4, 'hours', 'workingHours', OFFICE_CALENDAR, '2026-02-14T16:00+08:00'],
  ['across the whole Spring Festival', '2026-02-14T17:00+08:00', 2, 'hours', 'workingHours', OFFICE_CALENDAR, '2026-02-24T09:00+08:00'],
  ['make-up Saturday 02-28', '2026-02-27T17:00+08:00', 2, 'hours', 'workingHours', OFFICE_CALENDAR, '2026-02-28T09:00+08:00'],
  // New Year 2026: 01-01..01-03 off, Sunday 01-04 worked; the winter timetable wraps the year end.
  ['across New Year into the make-up Sunday', '2025-12-31T17:00+08:00', 2, 'hours', 'workingHours', OFFICE_CALENDAR, '2026-01-04T09:00+08:00'],
  // Summer (05-01..09-30) 08–12 + 15–18 = 7 h; winter 08–12 + 14–18 = 8 h.
  ['last summer day afternoon', '2025-09-30T11:00+08:00', 4, 'hours', 'workingHours', OFFICE_CALENDAR, '2025-09-30T18:00+08:00'],
  ['first winter workday afternoon', '2025-10-09T11:00+08:00', 4, 'hours', 'workingHours', OFFICE_CALENDAR, '2025-10-09T17:00+08:00'],
  ['summer Monday + a summer Tuesday to its end', '2025-09-29T17:00+08:00', 8, 'hours', 'workingHours', OFFICE_CALENDAR, '2025-09-30T18:00+08:00'],
  ['one more hour goes into winter', '2025-09-29T17:00+08:00', 9, 'hours', 'workingHours', OFFICE_CALENDAR, '2025-10-09T09:00+08:00'],
  ['winter to summer across Labour Day', '2025-04-30T13:00+08:00', 5, 'hours', 'workingHours', OFFICE_CALENDAR, '2025-05-06T09:00+08:00'],
  ['ignoring holidays: 10-01 is a plain Wednesday', '2025-09-30T17:00+08:00', 2, 'hours', 'workingHours', PLAIN_WEEKDAYS, '2025-10-01T09:00+08:00'],
  ['ignoring holidays: make-up Sunday is off', '2025-09-26T17:00+08:00', 2, 'hours', 'workingHours', PLAIN_WEEKDAYS, '2025-09-29T09:00+08:00'],
];

const shifts: Case[] = [
  ['every-day unit: 4 wh at 03:00 on a holiday Sunday', '2025-10-05T03:00+08:00', 4, 'hours', 'workingHours', EVERY_DAY_CALENDAR, '2025-10-05T07:00+08:00'],
  ['every-day unit across midnight', '2025-10-05T22:00+08:00', 4, 'hours', 'workingHours', EVERY_DAY_CALENDAR, '2025-10-06T02:00+08:00'],
  ['every-day unit: ends at midnight', '2025-10-05T20:00+08:00', 4, 'hours', 'workingHours', EVERY_DAY_CALENDAR, '2025-10-06T00:00+08:00'],
  ['every-day unit: 720 h = 30 days', '2025-10-05T03:00+08:00', 720, 'hours', 'workingHours', EVERY_DAY_CALENDAR, '2025-11-04T03:00+08:00'],
  ['centre: inside 07:30–22:30', '2025-10-05T09:00+08:00', 4, 'hours', 'workingHours', CENTRE_CALENDAR, '2025-10-05T13:00+08:00'],
  ['centre: over the night', '2025-10-05T21:00+08:00', 4, 'hours', 'workingHours', CENTRE_CALENDAR, '2025-10-06T10:00+08:00'],
  ['centre: started at night', '2025-10-05T23:00+08:00', 1, 'hours', 'workingHours', CENTRE_CALENDAR, '2025-10-06T08:30+08:00'],
  ['centre: started before opening', '2025-10-05T06:00+08:00', 1, 'hours', 'workingHours', CENTRE_CALENDAR, '2025-10-05T08:30+08:00'],
  ['centre: ends at closing', '2025-10-05T21:30+08:00', 1, 'hours', 'workingHours', CENTRE_CALENDAR, '2025-10-05T22:30+08:00'],
];

const continuous: Case[] = [
  ['emergency runs through the holiday', '2025-09-30T17:00+08:00', 24, 'hours', 'emergency', OFFICE_CALENDAR, '2025-10-01T17:00+08:00'],
  ['emergency in days', '2025-09-30T17:00+08:00', 2, 'days', 'emergency', OFFICE_CALENDAR, '2025-10-02T17:00+08:00'],
  ['emergency half hour at night', '2025-10-04T23:45+08:00', 0.5, 'hours', 'emergency', OFFICE_CALENDAR, '2025-10-05T00:15+08:00'],
  ['calendar days through the holiday', '2025-09-30T17:00+08:00', 3, 'days', 'calendarDays', OFFICE_CALENDAR, '2025-10-03T17:00+08:00'],
  ['calendar days, hours unit', '2025-09-30T17:00+08:00', 5, 'hours', 'calendarDays', OFFICE_CALENDAR, '2025-09-30T22:00+08:00'],
  ['calendar days over the Spring Festival', '2026-02-14T10:00+08:00', 15, 'days', 'calendarDays', OFFICE_CALENDAR, '2026-03-01T10:00+08:00'],
];

function run(cases: Case[], hol: HolidayCalendar = holidays): void {
  for (const [label, start, amount, unit, clock, cal, due] of cases) {
    it(`${label}: ${start} + ${amount} ${unit} ${clock} → ${due}`, () => {
      assert.equal(sh(addWorkingTime(at(start), amount, unit, clock, cal, hol)), sh(at(due)));
    });
  }
}

describe('addWorkingTime — office working hours', () => run(office));
describe('addWorkingTime — shift calendars', () => run(shifts));
describe('addWorkingTime — continuous clocks', () => run(continuous));

describe('addWorkingTime — admin overrides', () => {
  run(
    [
      ['10-08 declared a workday', '2025-09-30T17:00+08:00', 2, 'hours', 'workingHours', OFFICE_CALENDAR, '2025-10-08T09:00+08:00'],
      ['Monday 11-17 declared off', '2025-11-14T17:00+08:00', 2, 'hours', 'workingHours', OFFICE_CALENDAR, '2025-11-18T09:00+08:00'],
      ['overrides do not touch every-day units', '2025-11-17T03:00+08:00', 4, 'hours', 'workingHours', EVERY_DAY_CALENDAR, '2025-11-17T07:00+08:00'],
    ],
    createHolidayCalendar(new Map([['2025-10-08', true], ['2025-11-17', false]])),
  );
});

describe('addWorkingTime — bad input', () => {
  it('rejects negative and non-finite amounts', () => {
    for (const amount of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.throws(() => addWorkingTime(at('2025-11-12T09:00+08:00'), amount, 'hours', 'workingHours', OFFICE_CALENDAR, holidays), RangeError);
    }
  });
  it('rejects an invalid start', () => {
    assert.throws(() => addWorkingTime(new Date('x'), 1, 'hours', 'emergency', OFFICE_CALENDAR, holidays), RangeError);
  });
  it('rejects an invalid calendar', () => {
    const bad = { ...OFFICE_CALENDAR, timetables: [{ name: 'x', from: '01-01', to: '12-31', periods: [{ start: '18:00', end: '08:00' }] }] };
    assert.throws(() => addWorkingTime(at('2025-11-12T09:00+08:00'), 1, 'hours', 'workingHours', bad, holidays), /Invalid calendar/);
  });
  it('throws instead of looping when a calendar never works', () => {
    const never: HolidayCalendar = { isOfficialWorkday: () => false };
    for (const unit of ['hours', 'days'] as const) {
      assert.throws(
        () => addWorkingTime(at('2025-11-12T09:00+08:00'), 1, unit, 'workingHours', OFFICE_CALENDAR, never),
        /no working time in the 400 days after/,
      );
    }
  });
});
