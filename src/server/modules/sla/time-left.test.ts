import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CENTRE_CALENDAR, EVERY_DAY_CALENDAR, OFFICE_CALENDAR, type CalendarDefinition } from '../../../shared/calendar.ts';
import { CLOCK_TYPES, type ClockType } from '../../../shared/org.ts';
import { at, holidays, PLAIN_WEEKDAYS, sh, SHIFTED } from './clock.fixtures.ts';
import { timeLeft } from './time-left.ts';

const H = 3600;
const M = 60;

/** A night shift that works 20:00–08:00 every day: the stretch crosses midnight. */
const NIGHT_SHIFT: CalendarDefinition = {
  days: 'everyDay',
  followsPublicHolidays: false,
  timetables: [{ name: '夜班', from: '01-01', to: '12-31', periods: [{ start: '00:00', end: '08:00' }, { start: '20:00', end: '24:00' }] }],
};

/** Two periods that touch at noon: one stretch of working time. */
const NO_LUNCH: CalendarDefinition = {
  days: 'weekdays',
  followsPublicHolidays: true,
  timetables: [{ name: '全年', from: '01-01', to: '12-31', periods: [{ start: '08:00', end: '12:00' }, { start: '12:00', end: '18:00' }] }],
};

type Row = [
  label: string,
  now: string,
  due: string,
  clock: ClockType,
  cal: CalendarDefinition,
  suspendedAt: string | null,
  expected: { seconds: number; running: boolean; changesAt: string | null },
];

// Office calendar (shared/calendar.ts): winter (10-01..04-30) 08–12 + 14–18, summer 08–12 + 15–18, Mon–Fri with the statutory holidays.
const rows: Row[] = [
  // Continuous clocks always run and never change.
  ['emergency at night on a holiday', '2025-10-04T23:00+08:00', '2025-10-05T01:30+08:00', 'emergency', OFFICE_CALENDAR, null, { seconds: 2.5 * H, running: true, changesAt: null }],
  ['calendar days over a weekend', '2025-11-14T18:00+08:00', '2025-11-16T18:00+08:00', 'calendarDays', OFFICE_CALENDAR, null, { seconds: 48 * H, running: true, changesAt: null }],
  ['emergency overdue', '2025-10-03T17:00+08:00', '2025-10-03T16:00+08:00', 'emergency', OFFICE_CALENDAR, null, { seconds: -1 * H, running: true, changesAt: null }],
  // Working hours, mid-day: running until the period ends.
  ['morning: running until noon', '2025-11-12T10:00+08:00', '2025-11-12T16:00+08:00', 'workingHours', OFFICE_CALENDAR, null, { seconds: 4 * H, running: true, changesAt: '2025-11-12T12:00+08:00' }],
  ['afternoon: running until 18:00', '2025-11-12T15:00+08:00', '2025-11-13T10:00+08:00', 'workingHours', OFFICE_CALENDAR, null, { seconds: 5 * H, running: true, changesAt: '2025-11-12T18:00+08:00' }],
  ['working days count the same working time', '2025-11-12T15:00+08:00', '2025-11-13T10:00+08:00', 'workingDays', OFFICE_CALENDAR, null, { seconds: 5 * H, running: true, changesAt: '2025-11-12T18:00+08:00' }],
  ['at a period start it runs', '2025-11-12T08:00+08:00', '2025-11-12T09:00+08:00', 'workingHours', OFFICE_CALENDAR, null, { seconds: 1 * H, running: true, changesAt: '2025-11-12T12:00+08:00' }],
  ['summer afternoon starts at 15:00', '2025-06-11T12:30+08:00', '2025-06-11T16:00+08:00', 'workingHours', OFFICE_CALENDAR, null, { seconds: 1 * H, running: false, changesAt: '2025-06-11T15:00+08:00' }],
  // Outside working time: frozen until the next period starts.
  ['lunch: frozen until 14:00', '2025-11-12T12:30+08:00', '2025-11-12T16:00+08:00', 'workingHours', OFFICE_CALENDAR, null, { seconds: 2 * H, running: false, changesAt: '2025-11-12T14:00+08:00' }],
  ['exactly at noon time has stopped', '2025-11-12T12:00+08:00', '2025-11-12T16:00+08:00', 'workingHours', OFFICE_CALENDAR, null, { seconds: 2 * H, running: false, changesAt: '2025-11-12T14:00+08:00' }],
  ['at night: frozen until next morning', '2025-11-12T21:00+08:00', '2025-11-13T10:00+08:00', 'workingHours', OFFICE_CALENDAR, null, { seconds: 2 * H, running: false, changesAt: '2025-11-13T08:00+08:00' }],
  ['before opening', '2025-11-13T06:00+08:00', '2025-11-13T10:00+08:00', 'workingHours', OFFICE_CALENDAR, null, { seconds: 2 * H, running: false, changesAt: '2025-11-13T08:00+08:00' }],
  ['Friday night: frozen until Monday', '2025-11-14T20:00+08:00', '2025-11-17T09:00+08:00', 'workingHours', OFFICE_CALENDAR, null, { seconds: 1 * H, running: false, changesAt: '2025-11-17T08:00+08:00' }],
  // Overdue: negative working time, still counting while working time passes.
  ['overdue in working time, running', '2025-11-12T15:00+08:00', '2025-11-12T11:00+08:00', 'workingHours', OFFICE_CALENDAR, null, { seconds: -2 * H, running: true, changesAt: '2025-11-12T18:00+08:00' }],
  ['overdue at night, frozen', '2025-11-12T20:00+08:00', '2025-11-12T17:30+08:00', 'workingHours', OFFICE_CALENDAR, null, { seconds: -30 * M, running: false, changesAt: '2025-11-13T08:00+08:00' }],
  ['overdue since last week', '2025-11-17T09:00+08:00', '2025-11-14T17:00+08:00', 'workingHours', OFFICE_CALENDAR, null, { seconds: -2 * H, running: true, changesAt: '2025-11-17T12:00+08:00' }],
  ['due this very moment', '2025-11-12T16:00+08:00', '2025-11-12T16:00+08:00', 'workingHours', OFFICE_CALENDAR, null, { seconds: 0, running: true, changesAt: '2025-11-12T18:00+08:00' }],
  ['half a second before due: 0 s, not overdue', '2025-11-12T16:00+08:00', '2025-11-12T16:00:00.500+08:00', 'workingHours', OFFICE_CALENDAR, null, { seconds: 0, running: true, changesAt: '2025-11-12T18:00+08:00' }],
  ['half a second past due: overdue', '2025-11-12T16:00:00.500+08:00', '2025-11-12T16:00+08:00', 'workingHours', OFFICE_CALENDAR, null, { seconds: -1, running: true, changesAt: '2025-11-12T18:00+08:00' }],
  // Statutory holidays (2025 National Day: 10-01..10-08 off, Sunday 09-28 and Saturday 10-11 worked; 2026 Spring Festival 02-15..02-23 off).
  ['Golden Week: frozen until 10-09', '2025-10-03T10:00+08:00', '2025-10-09T10:00+08:00', 'workingHours', OFFICE_CALENDAR, null, { seconds: 2 * H, running: false, changesAt: '2025-10-09T08:00+08:00' }],
  ['last evening before the holiday', '2025-09-30T19:00+08:00', '2025-10-09T09:00+08:00', 'workingHours', OFFICE_CALENDAR, null, { seconds: 1 * H, running: false, changesAt: '2025-10-09T08:00+08:00' }],
  ['make-up Sunday runs', '2025-09-28T10:00+08:00', '2025-09-28T16:00+08:00', 'workingHours', OFFICE_CALENDAR, null, { seconds: 3 * H, running: true, changesAt: '2025-09-28T12:00+08:00' }],
  ['Friday evening before the make-up Saturday', '2025-10-10T19:00+08:00', '2025-10-11T09:00+08:00', 'workingHours', OFFICE_CALENDAR, null, { seconds: 1 * H, running: false, changesAt: '2025-10-11T08:00+08:00' }],
  ['Spring Festival: frozen until 02-24', '2026-02-16T09:00+08:00', '2026-02-24T09:00+08:00', 'workingHours', OFFICE_CALENDAR, null, { seconds: 1 * H, running: false, changesAt: '2026-02-24T08:00+08:00' }],
  ['overdue across the holiday counts no holiday time', '2025-10-09T09:00+08:00', '2025-09-30T17:00+08:00', 'workingHours', OFFICE_CALENDAR, null, { seconds: -2 * H, running: true, changesAt: '2025-10-09T12:00+08:00' }],
  ['a calendar ignoring holidays works on 10-01', '2025-10-01T10:00+08:00', '2025-10-01T11:00+08:00', 'workingHours', PLAIN_WEEKDAYS, null, { seconds: 1 * H, running: true, changesAt: '2025-10-01T12:00+08:00' }],
  ['emergency runs through the holiday', '2025-10-03T10:00+08:00', '2025-10-03T12:00+08:00', 'emergency', OFFICE_CALENDAR, null, { seconds: 2 * H, running: true, changesAt: null }],
  // Shift calendars.
  ['every-day unit always runs', '2025-10-05T03:00+08:00', '2025-10-05T07:00+08:00', 'workingHours', EVERY_DAY_CALENDAR, null, { seconds: 4 * H, running: true, changesAt: null }],
  ['centre until closing', '2025-10-05T21:00+08:00', '2025-10-06T08:30+08:00', 'workingHours', CENTRE_CALENDAR, null, { seconds: 2.5 * H, running: true, changesAt: '2025-10-05T22:30+08:00' }],
  ['centre at night', '2025-10-05T23:00+08:00', '2025-10-06T08:30+08:00', 'workingHours', CENTRE_CALENDAR, null, { seconds: 1 * H, running: false, changesAt: '2025-10-06T07:30+08:00' }],
  ['night shift runs across midnight', '2025-11-12T23:00+08:00', '2025-11-13T07:00+08:00', 'workingHours', NIGHT_SHIFT, null, { seconds: 8 * H, running: true, changesAt: '2025-11-13T08:00+08:00' }],
  ['periods touching at noon are one stretch', '2025-11-12T10:00+08:00', '2025-11-12T17:00+08:00', 'workingHours', NO_LUNCH, null, { seconds: 7 * H, running: true, changesAt: '2025-11-12T18:00+08:00' }],
  // Suspended (shelved, return or void awaiting decision): frozen where the clock stopped, indefinitely.
  ['suspended: frozen at the suspension', '2025-11-12T10:00+08:00', '2025-11-12T11:00+08:00', 'workingHours', OFFICE_CALENDAR, '2025-11-11T16:00+08:00', { seconds: 5 * H, running: false, changesAt: null }],
  ['suspended, now past the old deadline', '2025-11-20T10:00+08:00', '2025-11-12T11:00+08:00', 'workingHours', OFFICE_CALENDAR, '2025-11-12T10:30+08:00', { seconds: 30 * M, running: false, changesAt: null }],
  ['suspended when already overdue', '2025-11-20T10:00+08:00', '2025-11-12T11:00+08:00', 'workingHours', OFFICE_CALENDAR, '2025-11-12T15:00+08:00', { seconds: -2 * H, running: false, changesAt: null }],
  ['suspended on the emergency clock', '2025-10-04T23:00+08:00', '2025-10-05T01:30+08:00', 'emergency', OFFICE_CALENDAR, '2025-10-04T22:00+08:00', { seconds: 3.5 * H, running: false, changesAt: null }],
];

describe('timeLeft', () => {
  for (const [label, now, due, clockType, calendar, suspendedAt, expected] of rows) {
    it(`${label}: ${now} → ${due} (${clockType}${suspendedAt ? `, suspended ${suspendedAt}` : ''})`, () => {
      const r = timeLeft({ now: at(now), dueAt: at(due), clockType, calendar, holidays, suspendedAt: suspendedAt ? at(suspendedAt) : null });
      assert.equal(r.asOf.getTime(), at(now).getTime());
      assert.deepEqual(
        { seconds: r.seconds, running: r.running, changesAt: r.changesAt && sh(r.changesAt) },
        { ...expected, changesAt: expected.changesAt && sh(at(expected.changesAt)) },
      );
    });
  }

  it('never writes -0', () => {
    const r = timeLeft({ now: at('2025-11-12T16:00+08:00'), dueAt: at('2025-11-12T16:00:00.400+08:00'), clockType: 'workingHours', calendar: OFFICE_CALENDAR, holidays });
    assert.ok(Object.is(r.seconds, 0));
  });
});

const from2025 = Date.parse('2025-01-01T00:00+08:00');
const to2026 = Date.parse('2026-12-31T00:00+08:00');
const calendarArb = fc.constantFrom(OFFICE_CALENDAR, SHIFTED, CENTRE_CALENDAR, EVERY_DAY_CALENDAR, PLAIN_WEEKDAYS, NIGHT_SHIFT, NO_LUNCH);

/** What the browser does with the figure (src/web/common/format/time-left.ts secondsLeftAt), restated on milliseconds. */
function countedDown(t: { asOf: Date; seconds: number; running: boolean; changesAt: Date | null }, nowMs: number): number {
  if (!t.running) return t.seconds;
  const until = t.changesAt ? Math.min(nowMs, t.changesAt.getTime()) : nowMs;
  return t.seconds - Math.max(0, Math.floor((until - t.asOf.getTime()) / 1000));
}

describe('timeLeft counted down in the browser (property)', () => {
  it('agrees with a fresh figure at any later instant up to changesAt, on whole seconds', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: from2025, max: to2026 }).map((t) => t - (t % 1000)),
        fc.integer({ min: -30 * 86_400, max: 30 * 86_400 }),
        fc.integer({ min: 0, max: 3 * 86_400 }),
        fc.constantFrom(...CLOCK_TYPES),
        calendarArb,
        (now, dueOffset, laterS, clockType, calendar) => {
          const dueAt = new Date(now + dueOffset * 1000);
          const first = timeLeft({ now: new Date(now), dueAt, clockType, calendar, holidays });
          const later = Math.min(now + laterS * 1000, first.changesAt?.getTime() ?? Infinity);
          const fresh = timeLeft({ now: new Date(later), dueAt, clockType, calendar, holidays });
          assert.equal(countedDown(first, later), fresh.seconds);
          // Nothing flips before changesAt.
          if (later < (first.changesAt?.getTime() ?? Infinity)) assert.equal(fresh.running, first.running);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('running is what working time does next: a second later, time left moved by exactly that second or not at all', () => {
    fc.assert(
      fc.property(fc.integer({ min: from2025, max: to2026 }).map((t) => t - (t % 1000)), fc.constantFrom(...CLOCK_TYPES), calendarArb, (now, clockType, calendar) => {
        const dueAt = new Date(now + 86_400_000);
        const a = timeLeft({ now: new Date(now), dueAt, clockType, calendar, holidays });
        const b = timeLeft({ now: new Date(now + 1000), dueAt, clockType, calendar, holidays });
        assert.equal(a.seconds - b.seconds, a.running ? 1 : 0);
      }),
      { numRuns: 500 },
    );
  });
});
