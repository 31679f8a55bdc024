import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CENTRE_CALENDAR, EVERY_DAY_CALENDAR, OFFICE_CALENDAR, type CalendarDefinition } from '../../../shared/calendar.ts';
import { CLOCK_TYPES, type ClockType } from '../../../shared/org.ts';
import { addWorkingMs, addWorkingTime, colourState, workingMsBetween, type ColourState } from './clock.ts';
import { at, holidays, PLAIN_WEEKDAYS, sh, SHIFTED } from './clock.fixtures.ts';

const H = 3_600_000;
const M = 60_000;

describe('workingMsBetween', () => {
  const cases: [label: string, from: string, to: string, clock: ClockType, cal: CalendarDefinition, ms: number][] = [
    ['over a weekend', '2025-11-14T17:00+08:00', '2025-11-17T09:00+08:00', 'workingHours', OFFICE_CALENDAR, 2 * H],
    ['over the Golden Week', '2025-09-30T17:00+08:00', '2025-10-09T09:00+08:00', 'workingHours', OFFICE_CALENDAR, 2 * H],
    ['working days count working time', '2025-11-11T10:00+08:00', '2025-11-12T10:00+08:00', 'workingDays', OFFICE_CALENDAR, 8 * H],
    ['lunch does not count', '2025-11-12T11:30+08:00', '2025-11-12T14:30+08:00', 'workingHours', OFFICE_CALENDAR, 1 * H],
    ['summer day', '2025-06-11T00:00+08:00', '2025-06-12T00:00+08:00', 'workingHours', OFFICE_CALENDAR, 7 * H],
    ['both ends outside periods', '2025-11-12T07:00+08:00', '2025-11-12T20:00+08:00', 'workingHours', OFFICE_CALENDAR, 8 * H],
    ['emergency runs through the holiday', '2025-09-30T17:00+08:00', '2025-10-09T09:00+08:00', 'emergency', OFFICE_CALENDAR, 208 * H],
    ['calendar days', '2025-09-30T17:00+08:00', '2025-10-03T17:00+08:00', 'calendarDays', OFFICE_CALENDAR, 72 * H],
    ['every-day unit over midnight', '2025-10-05T22:00+08:00', '2025-10-06T02:30+08:00', 'workingHours', EVERY_DAY_CALENDAR, 4.5 * H],
    ['centre over the night', '2025-10-05T21:00+08:00', '2025-10-06T10:00+08:00', 'workingHours', CENTRE_CALENDAR, 4 * H],
    ['reversed interval', '2025-11-12T10:00+08:00', '2025-11-12T09:00+08:00', 'workingHours', OFFICE_CALENDAR, 0],
    ['reversed continuous interval', '2025-11-12T10:00+08:00', '2025-11-12T09:00+08:00', 'emergency', OFFICE_CALENDAR, 0],
  ];
  for (const [label, from, to, clock, cal, ms] of cases) {
    it(`${label}: ${from} → ${to} = ${ms / M} min`, () => assert.equal(workingMsBetween(at(from), at(to), clock, cal, holidays), ms));
  }
});

describe('addWorkingMs', () => {
  it('resumes a suspended step with the remaining working time', () => {
    // Due Mon 11-17 10:00; suspended Fri 11-14 17:00 with 3 wh left; resumed Tue 11-18 16:00 → Wed 09:00.
    const due = at('2025-11-17T10:00+08:00');
    const remaining = workingMsBetween(at('2025-11-14T17:00+08:00'), due, 'workingHours', OFFICE_CALENDAR, holidays);
    assert.equal(remaining, 3 * H);
    assert.equal(sh(addWorkingMs(at('2025-11-18T16:00+08:00'), remaining, 'workingHours', OFFICE_CALENDAR, holidays)), '2025-11-19T09:00+08:00');
  });
  it('is continuous for emergency clocks', () => {
    assert.equal(sh(addWorkingMs(at('2025-10-01T23:00+08:00'), 90 * M, 'emergency', OFFICE_CALENDAR, holidays)), '2025-10-02T00:30+08:00');
  });
  it('returns the start for nothing left', () => {
    assert.equal(sh(addWorkingMs(at('2025-11-15T10:00+08:00'), 0, 'workingHours', OFFICE_CALENDAR, holidays)), '2025-11-15T10:00+08:00');
  });
});

const from2025 = Date.parse('2025-01-01T00:00+08:00');
const to2026 = Date.parse('2026-12-31T00:00+08:00');
const instantArb = fc.integer({ min: from2025, max: to2026 });
const calendarArb = fc.constantFrom(OFFICE_CALENDAR, SHIFTED, CENTRE_CALENDAR, EVERY_DAY_CALENDAR, PLAIN_WEEKDAYS);
const clockArb = fc.constantFrom(...CLOCK_TYPES);

describe('round trips (property)', () => {
  it('workingMsBetween(start, addWorkingMs(start, ms)) === ms', () => {
    fc.assert(
      fc.property(instantArb, fc.integer({ min: 0, max: 720 * H }), clockArb, calendarArb, (t, ms, clock, cal) => {
        const start = new Date(t);
        const due = addWorkingMs(start, ms, clock, cal, holidays);
        assert.equal(workingMsBetween(start, due, clock, cal, holidays), ms);
      }),
      { numRuns: 3000 },
    );
  });

  it('addWorkingMs(start, workingMsBetween(start, due)) gives back a working-hours deadline', () => {
    fc.assert(
      fc.property(instantArb, fc.integer({ min: 1, max: 1440 }), calendarArb, (t, halves, cal) => {
        const start = new Date(t);
        const due = addWorkingTime(start, halves / 2, 'hours', 'workingHours', cal, holidays);
        const again = addWorkingMs(start, workingMsBetween(start, due, 'workingHours', cal, holidays), 'workingHours', cal, holidays);
        assert.equal(again.getTime(), due.getTime());
      }),
      { numRuns: 2000 },
    );
  });

  it('suspending and resuming keeps the counted time equal to the limit', () => {
    fc.assert(
      fc.property(instantArb, fc.integer({ min: 1, max: 240 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 20 * 86_400_000 }), clockArb, calendarArb, (t, hours, f, pause, clock, cal) => {
        const start = new Date(t);
        const unit = clock === 'workingDays' ? 'days' : 'hours';
        const amount = unit === 'days' ? Math.ceil(hours / 8) : hours;
        const due = addWorkingTime(start, amount, unit, clock, cal, holidays);
        const suspendAt = new Date(t + Math.floor(f * (due.getTime() - t)));
        const resumeAt = new Date(suspendAt.getTime() + pause);
        const newDue = addWorkingMs(resumeAt, workingMsBetween(suspendAt, due, clock, cal, holidays), clock, cal, holidays);
        const counted = workingMsBetween(start, suspendAt, clock, cal, holidays) + workingMsBetween(resumeAt, newDue, clock, cal, holidays);
        assert.equal(counted, workingMsBetween(start, due, clock, cal, holidays));
        assert.ok(newDue.getTime() >= resumeAt.getTime());
      }),
      { numRuns: 1500 },
    );
  });
});

describe('colourState', () => {
  // Mon 2025-11-17 08:00 + 8 wh → 18:00; lunch 12:00–14:00 does not count.
  const start = '2025-11-17T08:00+08:00';
  const due = '2025-11-17T18:00+08:00';
  const cases: [now: string, state: ColourState][] = [
    ['2025-11-17T07:00+08:00', 'green'],
    ['2025-11-17T11:59+08:00', 'green'],
    ['2025-11-17T12:00+08:00', 'yellow'],
    ['2025-11-17T13:30+08:00', 'yellow'],
    ['2025-11-17T16:23+08:00', 'yellow'],
    ['2025-11-17T16:24+08:00', 'red'],
    ['2025-11-17T17:59+08:00', 'red'],
    ['2025-11-17T18:00+08:00', 'overdue'],
    ['2025-11-18T09:00+08:00', 'overdue'],
  ];
  for (const [now, state] of cases) {
    it(`${now} is ${state}`, () => assert.equal(colourState(at(start), at(due), at(now), 'workingHours', OFFICE_CALENDAR, holidays), state));
  }

  it('stays still over the weekend for working hours but not for emergency', () => {
    // Working hours: 2 h Friday + 2 h Monday. Emergency: 66 h.
    const s = at('2025-11-14T16:00+08:00');
    const d = at('2025-11-17T10:00+08:00');
    const sat = at('2025-11-15T12:00+08:00');
    assert.equal(colourState(s, d, sat, 'workingHours', OFFICE_CALENDAR, holidays), 'yellow');
    assert.equal(colourState(s, d, sat, 'emergency', OFFICE_CALENDAR, holidays), 'green');
    assert.equal(colourState(s, d, at('2025-11-17T04:00+08:00'), 'workingHours', OFFICE_CALENDAR, holidays), 'yellow');
    assert.equal(colourState(s, d, at('2025-11-17T04:00+08:00'), 'emergency', OFFICE_CALENDAR, holidays), 'red');
  });

  it('is overdue once the working time is used up even before the wall-clock due', () => {
    // 1 working day from Tue 08:00 is due Wed 08:00; at Tue 18:00 all 8 h are used.
    const s = at('2025-11-11T08:00+08:00');
    const d = addWorkingTime(s, 1, 'days', 'workingDays', OFFICE_CALENDAR, holidays);
    assert.equal(sh(d), '2025-11-12T08:00+08:00');
    assert.equal(colourState(s, d, at('2025-11-11T18:00+08:00'), 'workingDays', OFFICE_CALENDAR, holidays), 'overdue');
    assert.equal(colourState(s, d, at('2025-11-11T17:00+08:00'), 'workingDays', OFFICE_CALENDAR, holidays), 'red');
  });

  it('treats a zero limit as overdue from the start', () => {
    const s = at('2025-11-17T08:00+08:00');
    assert.equal(colourState(s, s, s, 'workingHours', OFFICE_CALENDAR, holidays), 'overdue');
  });
});

describe('performance', () => {
  it('stays within tens of microseconds per call at the largest limits', () => {
    const base = Date.parse('2025-01-01T00:00+08:00');
    const n = 20_000;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      const start = new Date(base + ((i * 7_919_993) % (700 * 86_400_000)));
      const due = addWorkingTime(start, 30, 'days', 'workingDays', OFFICE_CALENDAR, holidays);
      addWorkingTime(start, 720, 'hours', 'workingHours', OFFICE_CALENDAR, holidays);
      colourState(start, due, new Date(start.getTime() + 10 * 86_400_000), 'workingDays', OFFICE_CALENDAR, holidays);
    }
    const perCall = ((performance.now() - t0) * 1000) / (n * 3);
    // Generous bound so a loaded CI machine does not flake; typical is a few µs.
    assert.ok(perCall < 200, `${perCall.toFixed(1)} µs per call`);
  });
});
