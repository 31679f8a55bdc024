/**
 * Time left on steps over HTTP (`timeLeft` on steps, `openStep` on cases): counted in working time on the
 * calendar of whoever must act, frozen outside it and while suspended, the same figure on the detail, the
 * list, the queue and the alarms. The response serializer is checked against zod under test.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { OFFICE_CALENDAR } from '../src/shared/calendar.ts';
import { workingMsBetween } from '../src/server/modules/sla/clock.ts';
import { createHolidayCalendar } from '../src/server/modules/sla/holidays.ts';
import { testApp, type TestApp } from './support/app.ts';
import { driver, type CaseJson, type Driver } from './support/driver.ts';

let t: TestApp;
let drive: Driver;
let clock = new Date('2026-03-02T09:00:00+08:00'); // a Monday (winter office hours 08–12, 14–18; centre 07:30–22:30)
const at = (iso: string) => (clock = new Date(iso));
const iso = (s: string) => new Date(s).toISOString();
const holidays = createHolidayCalendar();

type TimeLeft = { asOf: string; seconds: number; running: boolean; changesAt: string | null };
type Step = { id: number; step: string; dueAt: string; endedAt: string | null; suspended: boolean; colour: string | null; timeLeft: TimeLeft | null };
type OpenStep = { step: string; dueAt: string; colour: string | null; timeLeft: TimeLeft } | null;

before(async () => {
  t = await testApp({}, { now: () => clock });
  drive = driver(t);
});
after(async () => t.close());

async function list(who: string, query = ''): Promise<Array<CaseJson & { openStep: OpenStep }>> {
  const res = await drive.call(who, { method: 'GET', url: `/api/cases?${query}` });
  assert.equal(res.statusCode, 200, res.body);
  return res.json().items;
}

test('a centre step: running in the centre’s hours, counting down to closing; overdue and frozen at night', async () => {
  at('2026-03-02T09:00:00+08:00');
  const c = await drive.report('receiver', { description: '人行道上有积水' });
  at('2026-03-02T09:10:00+08:00');
  const d = await drive.get('receiver', c.id);
  const [s] = d.steps as Step[];
  assert.equal(s!.step, 'sendToVerify');
  // 0.5 working hour from 09:00 on the centre calendar: due 09:30, 20 minutes left, running until 22:30.
  const running: TimeLeft = { asOf: iso('2026-03-02T09:10:00+08:00'), seconds: 20 * 60, running: true, changesAt: iso('2026-03-02T22:30:00+08:00') };
  assert.deepEqual(s!.timeLeft, running);
  assert.deepEqual(d.openStep, { step: 'sendToVerify', dueAt: iso('2026-03-02T09:30:00+08:00'), colour: 'green', timeLeft: running });
  // The list row carries the same open step.
  const row = (await list('receiver')).find((x) => x.id === c.id)!;
  assert.deepEqual(row.openStep, d.openStep);

  at('2026-03-02T23:00:00+08:00');
  const night = (await list('receiver')).find((x) => x.id === c.id)!;
  // Overdue by the working time from 09:30 to closing (13 h); nothing passes until 07:30.
  assert.deepEqual(night.openStep!.timeLeft, {
    asOf: iso('2026-03-02T23:00:00+08:00'), seconds: -13 * 3600, running: false, changesAt: iso('2026-03-03T07:30:00+08:00'),
  });
  assert.equal(night.openStep!.colour, 'overdue');
  // Someone without a task on it (the leader) still sees the case's open step.
  const leaders = (await list('leader')).find((x) => x.id === c.id)!;
  assert.equal(leaders.openStep!.step, 'sendToVerify');
  assert.deepEqual(leaders.openStep!.timeLeft, night.openStep!.timeLeft);
});

test('a shelving request suspends the unit’s step: frozen for the unit, the dispatcher sees their own decision’s clock', async () => {
  at('2026-03-03T09:00:00+08:00'); // Tuesday
  const c = await drive.caseAt('handling');
  at('2026-03-03T10:00:00+08:00');
  let d = await drive.get('handler', c.id);
  const handle = (d.steps as Step[]).find((s) => s.step === 'handle' && !s.endedAt)!;
  const left = workingMsBetween(new Date('2026-03-03T10:00:00+08:00'), new Date(handle.dueAt), 'workingDays', OFFICE_CALENDAR, holidays) / 1000;
  assert.deepEqual(handle.timeLeft, { asOf: iso('2026-03-03T10:00:00+08:00'), seconds: left, running: true, changesAt: iso('2026-03-03T12:00:00+08:00') });
  // Ended steps have no time left.
  for (const s of (d.steps as Step[]).filter((x) => x.endedAt)) assert.equal(s.timeLeft, null, s.step);
  assert.equal(d.openStep.step, 'handle');

  at('2026-03-03T11:00:00+08:00');
  await drive.act('handler', c.id, 'requestShelve', { reason: '需等待管线迁改' });
  at('2026-03-03T20:00:00+08:00');
  d = await drive.get('handler', c.id);
  const frozen = (d.steps as Step[]).find((s) => s.step === 'handle' && !s.endedAt)!;
  assert.equal(frozen.suspended, true);
  assert.equal(frozen.colour, null);
  // Frozen at 11:00, an hour of working time later than the figure above, and indefinitely.
  assert.deepEqual(frozen.timeLeft, { asOf: iso('2026-03-03T20:00:00+08:00'), seconds: left - 3600, running: false, changesAt: null });
  // The unit's own (suspended) step is theirs; the dispatcher's is the decision, on the centre calendar.
  assert.deepEqual(d.openStep, { step: 'handle', dueAt: frozen.dueAt, colour: null, timeLeft: frozen.timeLeft });
  const forDispatcher = await drive.get('dispatcher', c.id);
  assert.equal(forDispatcher.openStep.step, 'approveRequest');
  const decide = (forDispatcher.steps as Step[]).find((s) => s.step === 'approveRequest')!;
  // Half a working hour from 11:00 on the centre calendar: overdue since 11:30 by 8.5 h at 20:00, still counting until 22:30.
  assert.equal(decide.dueAt, iso('2026-03-03T11:30:00+08:00'));
  assert.deepEqual(forDispatcher.openStep.timeLeft, { asOf: iso('2026-03-03T20:00:00+08:00'), seconds: -8.5 * 3600, running: true, changesAt: iso('2026-03-03T22:30:00+08:00') });

  // The queue: the step and the case's open step say the same.
  const q = await drive.call('dispatcher', { method: 'GET', url: '/api/cases/queue' });
  assert.equal(q.statusCode, 200, q.body);
  const item = (q.json().items as Array<{ case: { id: number; openStep: OpenStep }; step: Step }>).find((i) => i.case.id === c.id)!;
  assert.equal(item.step.step, 'approveRequest');
  assert.deepEqual(item.step.timeLeft, forDispatcher.openStep.timeLeft);
  assert.deepEqual(item.case.openStep, forDispatcher.openStep);
});

test('urgent cases run on the continuous clock (changesAt null); the alarms list carries the open step; no open step is null', async () => {
  at('2026-03-04T21:00:00+08:00');
  const c = await drive.report('receiver', { description: '井盖缺失，有人掉落风险', urgency: 'urgent' });
  at('2026-03-04T23:00:00+08:00');
  const res = await drive.call('receiver', { method: 'GET', url: '/api/cases/alerts' });
  assert.equal(res.statusCode, 200, res.body);
  const row = (res.json().items as Array<{ id: number; openStep: OpenStep }>).find((x) => x.id === c.id)!;
  assert.equal(row.openStep!.step, 'sendToVerify');
  assert.equal(row.openStep!.timeLeft.running, true);
  assert.equal(row.openStep!.timeLeft.changesAt, null);
  // Half an hour from 21:00 continuously: overdue by 1.5 h at 23:00.
  assert.equal(row.openStep!.timeLeft.seconds, -90 * 60);

  const done = await drive.caseAt('closed');
  assert.equal((await drive.get('leader', done.id)).openStep, null);
  assert.equal((await list('leader', 'status=closed')).find((x) => x.id === done.id)!.openStep, null);
});
