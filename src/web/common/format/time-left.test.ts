import { test } from 'node:test';
import assert from 'node:assert/strict';
import { secondsLeftAt, splitSeconds, type TimeLeftDto } from './time-left.ts';
import { formatTimeLeft } from './time-left-text.ts';
import { subscribeTicker, tickerIntervals } from './ticker.ts';
import { format } from '../i18n/catalogue.ts';
import { timeLeft as zh } from '../i18n/zh-CN/timeLeft.ts';

const t = (key: string, params?: Record<string, string | number>) => format(zh[key.slice('timeLeft.'.length) as keyof typeof zh], params);
const asOf = '2026-03-02T02:00:00.000Z';
const at = (iso: string) => Date.parse(iso);

test('a running clock counts down by the wall time passed since asOf', () => {
  const tl: TimeLeftDto = { asOf, seconds: 3600, running: true, changesAt: null };
  assert.equal(secondsLeftAt(tl, at(asOf)), 3600);
  assert.equal(secondsLeftAt(tl, at('2026-03-02T02:10:00.500Z')), 3000);
  assert.equal(secondsLeftAt(tl, at('2026-03-02T03:30:00.000Z')), -1800);
});

test('a running clock stops at changesAt (the end of working hours)', () => {
  const tl: TimeLeftDto = { asOf, seconds: 7200, running: true, changesAt: '2026-03-02T02:30:00.000Z' };
  assert.equal(secondsLeftAt(tl, at('2026-03-02T05:00:00.000Z')), 5400);
});

test('a paused clock shows the server figure whatever the time', () => {
  const tl: TimeLeftDto = { asOf, seconds: 1234, running: false, changesAt: '2026-03-03T00:00:00.000Z' };
  assert.equal(secondsLeftAt(tl, at('2026-03-02T20:00:00.000Z')), 1234);
});

test('splitSeconds: hours up to 99, days past that, overdue as a sign', () => {
  assert.deepEqual(splitSeconds(2 * 3600 + 15 * 60 + 7), { overdue: false, days: 0, hours: 2, minutes: 15, seconds: 7 });
  assert.deepEqual(splitSeconds(-(2 * 3600 + 15 * 60)), { overdue: true, days: 0, hours: 2, minutes: 15, seconds: 0 });
  assert.deepEqual(splitSeconds(99 * 3600), { overdue: false, days: 0, hours: 99, minutes: 0, seconds: 0 });
  assert.deepEqual(splitSeconds(100 * 3600 + 60), { overdue: false, days: 4, hours: 4, minutes: 1, seconds: 0 });
});

test('the words: 剩余 / 已超时, seconds only in the last hour', () => {
  assert.equal(formatTimeLeft(2 * 3600 + 15 * 60 + 30, t), '剩余 2小时15分');
  assert.equal(formatTimeLeft(45 * 60 + 8, t), '剩余 45分08秒');
  assert.equal(formatTimeLeft(-(2 * 3600 + 15 * 60 + 59), t), '已超时 2小时15分');
  assert.equal(formatTimeLeft(-5, t), '已超时 0分05秒');
  assert.equal(formatTimeLeft(120 * 3600, t), '剩余 5天0小时');
  assert.equal(formatTimeLeft(0, t), '剩余 0分00秒');
});

test('one interval however many countdowns subscribe, none after the last leaves', () => {
  const offs = Array.from({ length: 200 }, () => subscribeTicker(() => {}));
  assert.equal(tickerIntervals(), 1);
  for (const off of offs.slice(1)) off();
  assert.equal(tickerIntervals(), 1);
  offs[0]!();
  assert.equal(tickerIntervals(), 0);
});
