import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CENTRE_CALENDAR, EVERY_DAY_CALENDAR, OFFICE_CALENDAR, type CalendarDefinition } from '../../../shared/calendar.ts';
import type { ClockType } from '../../../shared/org.ts';
import { addWorkingTime, workingMsBetween, type LimitUnit } from './clock.ts';
import { at, holidays, PLAIN_WEEKDAYS, sh, SHIFTED } from './clock.fixtures.ts';

type Case = [label: string, start: string, amount: number, cal: CalendarDefinition, due: string, unit?: LimitUnit, clock?: ClockType];

const cases: Case[] = [
  ['next day, same time', '2025-11-11T10:00+08:00', 1, OFFICE_CALENDAR, '2025-11-12T10:00+08:00'],
  ['over the weekend', '2025-11-14T10:00+08:00', 1, OFFICE_CALENDAR, '2025-11-17T10:00+08:00'],
  ['a working week', '2025-11-14T10:00+08:00', 5, OFFICE_CALENDAR, '2025-11-21T10:00+08:00'],
  ['30 working days', '2025-11-03T09:00+08:00', 30, OFFICE_CALENDAR, '2025-12-15T09:00+08:00'],
  ['started after hours: counts from the next morning', '2025-11-12T19:00+08:00', 1, OFFICE_CALENDAR, '2025-11-14T08:00+08:00'],
  ['started at lunch: counts from 14:00', '2025-11-12T12:30+08:00', 1, OFFICE_CALENDAR, '2025-11-13T14:00+08:00'],
  ['started exactly at 18:00 (period end counts as inside)', '2025-11-12T18:00+08:00', 1, OFFICE_CALENDAR, '2025-11-13T18:00+08:00'],
  ['started exactly at 12:00', '2025-11-12T12:00+08:00', 1, OFFICE_CALENDAR, '2025-11-13T12:00+08:00'],
  ['started on a Saturday', '2025-11-15T10:00+08:00', 1, OFFICE_CALENDAR, '2025-11-18T08:00+08:00'],
  ['zero days stays put', '2025-11-15T10:00+08:00', 0, OFFICE_CALENDAR, '2025-11-15T10:00+08:00'],
  // 2025 Golden Week 10-01..10-08; make-up days Sun 09-28, Sat 10-11. Summer → winter on 10-01.
  ['over the Golden Week', '2025-09-30T10:00+08:00', 1, OFFICE_CALENDAR, '2025-10-09T10:00+08:00'],
  ['two days over the Golden Week', '2025-09-30T16:00+08:00', 2, OFFICE_CALENDAR, '2025-10-10T16:00+08:00'],
  ['lands on the make-up Saturday', '2025-09-30T16:00+08:00', 3, OFFICE_CALENDAR, '2025-10-11T16:00+08:00'],
  ['Saturday start counts from the make-up Sunday', '2025-09-27T10:00+08:00', 1, OFFICE_CALENDAR, '2025-09-29T08:00+08:00'],
  ['summer gap start → 15:00, kept in winter', '2025-09-30T14:30+08:00', 1, OFFICE_CALENDAR, '2025-10-09T15:00+08:00'],
  // 2026 Spring Festival 02-15..02-23; make-up Saturdays 02-14 and 02-28.
  ['Friday → make-up Saturday', '2026-02-13T09:00+08:00', 1, OFFICE_CALENDAR, '2026-02-14T09:00+08:00'],
  ['Friday → over the Spring Festival', '2026-02-13T09:00+08:00', 2, OFFICE_CALENDAR, '2026-02-24T09:00+08:00'],
  ['started on the make-up Saturday', '2026-02-14T10:00+08:00', 1, OFFICE_CALENDAR, '2026-02-24T10:00+08:00'],
  // 2025 Labour Day 05-01..05-05; winter 14:00–18:00 → summer 15:00–18:00 on 05-01.
  ['winter 14:30 lands in the summer lunch gap → 12:00', '2025-04-30T14:30+08:00', 1, OFFICE_CALENDAR, '2025-05-06T12:00+08:00'],
  ['winter 17:30 is inside the summer afternoon', '2025-04-30T17:30+08:00', 1, OFFICE_CALENDAR, '2025-05-06T17:30+08:00'],
  // SHIFTED: until 06-30 07:00–11:00 + 13:00–19:00, from 07-01 09:00–12:00 + 14:00–17:00.
  ['before the first period → previous working day end', '2025-06-30T07:30+08:00', 1, SHIFTED, '2025-06-30T19:00+08:00'],
  ['after the last period → that day end', '2025-06-30T18:30+08:00', 1, SHIFTED, '2025-07-01T17:00+08:00'],
  ['gap start → next period start → target gap → morning end', '2025-06-30T12:30+08:00', 1, SHIFTED, '2025-07-01T12:00+08:00'],
  ['inside both timetables', '2025-06-30T10:00+08:00', 1, SHIFTED, '2025-07-01T10:00+08:00'],
  ['over a weekend, inside', '2025-06-27T07:30+08:00', 1, SHIFTED, '2025-06-30T07:30+08:00'],
  ['two days: clamps to the end of the day before the target', '2025-06-27T07:30+08:00', 2, SHIFTED, '2025-06-30T19:00+08:00'],
  // Fractional days: frac × the N-th day's working length, added as working hours.
  ['0.5 day (winter, 8 h → 4 wh)', '2025-11-12T10:00+08:00', 0.5, OFFICE_CALENDAR, '2025-11-12T16:00+08:00'],
  ['1.5 days', '2025-11-11T10:00+08:00', 1.5, OFFICE_CALENDAR, '2025-11-12T16:00+08:00'],
  ['0.5 day (summer, 7 h → 3.5 wh)', '2025-06-11T08:00+08:00', 0.5, OFFICE_CALENDAR, '2025-06-11T11:30+08:00'],
  ['0.5 day late afternoon rolls over', '2025-11-12T16:00+08:00', 0.5, OFFICE_CALENDAR, '2025-11-13T10:00+08:00'],
  // Shift calendars: a working day is 24 h.
  ['every-day unit: 1 day = 24 h on a holiday', '2025-10-05T03:00+08:00', 1, EVERY_DAY_CALENDAR, '2025-10-06T03:00+08:00'],
  ['every-day unit from midnight', '2025-10-05T00:00+08:00', 1, EVERY_DAY_CALENDAR, '2025-10-06T00:00+08:00'],
  ['every-day unit: 0.5 day = 12 h', '2025-10-05T03:00+08:00', 0.5, EVERY_DAY_CALENDAR, '2025-10-05T15:00+08:00'],
  ['every-day unit: 30 days', '2025-10-05T03:00+08:00', 30, EVERY_DAY_CALENDAR, '2025-11-04T03:00+08:00'],
  ['centre, started at night', '2025-10-05T23:00+08:00', 1, CENTRE_CALENDAR, '2025-10-07T07:30+08:00'],
  ['centre, inside', '2025-10-05T22:00+08:00', 2, CENTRE_CALENDAR, '2025-10-07T22:00+08:00'],
  // On a working calendar the unit chooses the walk.
  ['workingDays clock with an hours limit', '2025-11-14T17:00+08:00', 2, OFFICE_CALENDAR, '2025-11-17T09:00+08:00', 'hours', 'workingDays'],
  ['workingHours clock with a days limit', '2025-11-11T10:00+08:00', 1, OFFICE_CALENDAR, '2025-11-12T10:00+08:00', 'days', 'workingHours'],
];

describe('addWorkingTime — working days', () => {
  for (const [label, start, amount, cal, due, unit = 'days', clock = 'workingDays'] of cases) {
    it(`${label}: ${start} + ${amount} → ${due}`, () => {
      assert.equal(sh(addWorkingTime(at(start), amount, unit, clock, cal, holidays)), sh(at(due)));
    });
  }
});

const from2025 = Date.parse('2025-01-01T00:00+08:00');
const to2026 = Date.parse('2026-12-31T00:00+08:00');
const instantArb = fc.integer({ min: from2025, max: to2026 }).map((ms) => Math.floor(ms / 60_000) * 60_000);
const calendars = [OFFICE_CALENDAR, SHIFTED, CENTRE_CALENDAR, EVERY_DAY_CALENDAR, PLAIN_WEEKDAYS];

describe('addWorkingTime — working-days properties', () => {
  it('never decreases as the start moves later, and never precedes the start', () => {
    fc.assert(
      fc.property(instantArb, fc.integer({ min: 0, max: 3 * 86_400_000 }), fc.integer({ min: 0, max: 30 }), fc.constantFrom(...calendars), (t, gap, n, cal) => {
        const a = addWorkingTime(new Date(t), n, 'days', 'workingDays', cal, holidays).getTime();
        const b = addWorkingTime(new Date(t + gap), n, 'days', 'workingDays', cal, holidays).getTime();
        assert.ok(a <= b, `${new Date(t).toISOString()} → ${new Date(a).toISOString()} but +${gap} ms → ${new Date(b).toISOString()}`);
        assert.ok(a >= t);
      }),
      { numRuns: 2000 },
    );
  });

  it('gives exactly N × 8 working hours on a uniform calendar when started inside a period', () => {
    fc.assert(
      fc.property(instantArb, fc.integer({ min: 1, max: 30 }), (t, n) => {
        const start = new Date(t);
        const inside = workingMsBetween(start, new Date(t + 60_000), 'workingDays', PLAIN_WEEKDAYS, holidays) === 60_000;
        fc.pre(inside);
        const due = addWorkingTime(start, n, 'days', 'workingDays', PLAIN_WEEKDAYS, holidays);
        assert.equal(workingMsBetween(start, due, 'workingDays', PLAIN_WEEKDAYS, holidays), n * 8 * 3_600_000);
      }),
      { numRuns: 500 },
    );
  });
});
