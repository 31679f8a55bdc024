import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import chineseDays from 'chinese-days';
import { createHolidayCalendar, dayKey } from './holidays.ts';

describe('createHolidayCalendar', () => {
  const cal = createHolidayCalendar();
  const cases: [string, boolean, string][] = [
    ['2025-09-26', true, 'ordinary Friday'],
    ['2025-09-27', false, 'ordinary Saturday'],
    ['2025-09-28', true, 'Sunday make-up day for National Day'],
    ['2025-09-30', true, 'Tuesday before National Day'],
    ['2025-10-01', false, 'National Day'],
    ['2025-10-06', false, 'Mid-Autumn (Monday)'],
    ['2025-10-08', false, 'last day of the Golden Week'],
    ['2025-10-09', true, 'first workday after'],
    ['2025-10-11', true, 'Saturday make-up day'],
    ['2026-02-14', true, 'Saturday make-up day before Spring Festival'],
    ['2026-02-15', false, 'Spring Festival starts'],
    ['2026-02-23', false, 'Spring Festival ends (Monday)'],
    ['2026-02-24', true, 'back to work'],
    ['2026-02-28', true, 'Saturday make-up day after Spring Festival'],
    ['2026-01-04', true, 'Sunday make-up day for New Year'],
    ['2026-01-02', false, 'New Year bridge Friday'],
  ];
  for (const [day, expected, why] of cases) {
    it(`${day} is ${expected ? 'a workday' : 'off'} (${why})`, () => assert.equal(cal.isOfficialWorkday(day), expected));
  }

  it('lets admin overrides win in both directions', () => {
    const over = createHolidayCalendar(new Map([['2025-10-08', true], ['2025-11-17', false]]));
    assert.equal(over.isOfficialWorkday('2025-10-08'), true);
    assert.equal(over.isOfficialWorkday('2025-11-17'), false);
    assert.equal(over.isOfficialWorkday('2025-10-07'), false);
  });

  it('copies the overrides so later edits to the map do not leak into cached answers', () => {
    const map = new Map([['2025-10-08', true]]);
    const over = createHolidayCalendar(map);
    map.set('2025-10-08', false);
    assert.equal(over.isOfficialWorkday('2025-10-08'), true);
  });

  it('falls back to Monday–Friday for years the package has no table for', () => {
    assert.equal(cal.isOfficialWorkday('2027-10-01'), true);
    assert.equal(cal.isOfficialWorkday('2027-10-02'), false);
  });

  // chinese-days' own functions are only right in process time zones at or east of UTC.
  it('agrees with chinese-days isWorkday for every day of 2024–2026', { skip: new Date(2025, 0, 1).getTimezoneOffset() > 0 }, () => {
    for (let t = Date.UTC(2024, 0, 1); t <= Date.UTC(2026, 11, 31); t += 86_400_000) {
      const day = new Date(t).toISOString().slice(0, 10);
      assert.equal(cal.isOfficialWorkday(day), chineseDays.isWorkday(day), day);
    }
  });

  it('rejects malformed days', () => {
    assert.throws(() => cal.isOfficialWorkday('2025-02-30'), RangeError);
    assert.throws(() => cal.isOfficialWorkday('2025/10/01'), RangeError);
    assert.throws(() => createHolidayCalendar(new Map([['10-01', false]])), RangeError);
  });
});

describe('dayKey', () => {
  const cases: [string, string][] = [
    ['2025-09-30T15:59:59.999Z', '2025-09-30'],
    ['2025-09-30T16:00:00.000Z', '2025-10-01'],
    ['2025-10-01T00:00:00+08:00', '2025-10-01'],
    ['2025-12-31T23:59:00+08:00', '2025-12-31'],
    ['1969-12-31T20:00:00Z', '1970-01-01'],
  ];
  for (const [instant, day] of cases) it(`${instant} → ${day}`, () => assert.equal(dayKey(new Date(instant)), day));
  it('rejects an invalid Date', () => assert.throws(() => dayKey(new Date('nope')), RangeError));
});
