import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CENTRE_CALENDAR, OFFICE_CALENDAR, type CalendarDefinition } from '../../../../shared/calendar.ts';
import { coverage, planDay, timetableOn, weekOf, type HolidayDay } from './calendar-preview.ts';

const none = new Map<string, HolidayDay>();

test('the timetable in force is the first whose range holds the date, the winter one wrapping the year end', () => {
  assert.equal(timetableOn(OFFICE_CALENDAR, '05-01'), 0);
  assert.equal(timetableOn(OFFICE_CALENDAR, '09-30'), 0);
  assert.equal(timetableOn(OFFICE_CALENDAR, '10-01'), 1);
  assert.equal(timetableOn(OFFICE_CALENDAR, '01-15'), 1);
  assert.equal(timetableOn(OFFICE_CALENDAR, '04-30'), 1);
});

test('a week runs Monday to Sunday', () => {
  assert.deepEqual(weekOf('2026-12-04'), ['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06']);
  assert.equal(weekOf('2026-11-30')[0], '2026-11-30');
});

test('an office works weekdays on the season’s hours, not at weekends, not on holidays, and on make-up days', () => {
  const winterFriday = planDay(OFFICE_CALENDAR, '2026-12-04', none);
  assert.equal(winterFriday.timetable, 1);
  assert.equal(winterFriday.minutes, 8 * 60);
  assert.equal(planDay(OFFICE_CALENDAR, '2026-07-01', none).minutes, 7 * 60);
  assert.equal(planDay(OFFICE_CALENDAR, '2026-12-05', none).note, 'weekend');
  const holidays = new Map<string, HolidayDay>([
    ['2026-10-01', { day: '2026-10-01', isWorkday: false, name: '国庆节' }],
    ['2026-10-10', { day: '2026-10-10', isWorkday: true, name: '国庆节调休' }],
  ]);
  assert.deepEqual([planDay(OFFICE_CALENDAR, '2026-10-01', holidays).note, planDay(OFFICE_CALENDAR, '2026-10-01', holidays).minutes], ['holiday', 0]);
  const makeUp = planDay(OFFICE_CALENDAR, '2026-10-10', holidays);
  assert.deepEqual([makeUp.note, makeUp.minutes], ['makeUp', 8 * 60]);
  // Not following the holiday table: a plain Monday–Friday.
  const plain: CalendarDefinition = { ...OFFICE_CALENDAR, followsPublicHolidays: false };
  assert.equal(planDay(plain, '2026-10-01', holidays).minutes, 8 * 60);
  assert.equal(planDay(plain, '2026-10-10', holidays).note, 'weekend');
});

test('a shift calendar works every day, holidays included', () => {
  const holidays = new Map<string, HolidayDay>([['2026-10-01', { day: '2026-10-01', isWorkday: false, name: '国庆节' }]]);
  assert.equal(planDay(CENTRE_CALENDAR, '2026-10-01', holidays).minutes, 15 * 60);
  assert.equal(planDay(CENTRE_CALENDAR, '2026-12-06', none).minutes, 15 * 60);
});

test('dates no timetable covers are reported (nobody works then), and overlaps where the first timetable wins', () => {
  assert.deepEqual(coverage(OFFICE_CALENDAR), { gaps: [], overlaps: [] });
  const gappy: CalendarDefinition = {
    ...OFFICE_CALENDAR,
    timetables: [
      { name: '夏', from: '05-01', to: '09-30', periods: [{ start: '08:00', end: '12:00' }] },
      { name: '冬', from: '10-15', to: '03-31', periods: [{ start: '08:00', end: '12:00' }] },
      { name: '秋', from: '09-20', to: '10-05', periods: [{ start: '08:00', end: '12:00' }] },
    ],
  };
  const c = coverage(gappy);
  assert.deepEqual(c.gaps, [{ from: '04-01', to: '04-30' }, { from: '10-06', to: '10-14' }]);
  assert.deepEqual(c.overlaps, [{ from: '09-20', to: '09-30', first: 0, second: 2 }]);
  assert.equal(planDay(gappy, '2026-04-15', none).note, 'noTimetable');
});
