/**
 * Bulk demo case history: the city's rhythm, a realistic lifecycle and a backlog, and the same rows
 * the commands would write (cases, case_steps, hash-chained case_events), but planned in memory with
 * the pure domain rules (initialTransition / applyTransition, the step-clock arithmetic) and written
 * with multi-row INSERTs, one transaction per simulated day. Thousands of cases in seconds.
 * What the commands would read comes from bulk-world.ts, each case's life from bulk-case-life.ts, the
 * rows go out through bulk-history-write.ts.
 *
 * Differences from running the commands, on purpose: no notification jobs — the past day's notifications
 * are written straight into the inbox, read but for the last two hours, and older events notified no one
 * (nobody should find a month of stale reminders) —, the deadline sweep's marks set as if it had run all
 * along (bulk-deadlines.ts), no live announcements, and handling/check photos reuse a handful of real
 * generated photos.
 */
import type { Config } from '../config.ts';
import { inTransaction, type Db } from '../db/pool.ts';
import type { CaseStatus } from '../../shared/cases/workflow.ts';
import { DEFAULT_WORKFLOW_SETTINGS } from '../modules/cases/workflow-settings.ts';
import type { GridIndexHolder } from '../modules/geo/grid-index.holder.ts';
import { createPrng } from '../modules/geo/prng.ts';
import { DAY_MS, HOUR_MS, dayIndexOf, hourOf, midnightOf } from '../modules/sla/shanghai-time.ts';
import type { PlanCase } from './bulk-case-sim.ts';
import { drawReport, liveCase } from './bulk-case-life.ts';
import { markPastDeadlines } from './bulk-deadlines.ts';
import { demoInbox, writeDay, writeInbox, type DemoInboxRow } from './bulk-history-write.ts';
import { HOUR_WEIGHTS, weighted } from './bulk-rhythm.ts';
import { loadDemoWorld, readDemoGrids, type DemoWorld } from './bulk-world.ts';

export interface DemoCaseOptions {
  days: number;
  perDay: number;
  seed: number;
  now: Date;
}

/** Share of the day's cases in the demo supervisor's beat (about a dozen a day at the default 200). */
const DEMO_BEAT_SHARE = 0.06;
/** Share of a day's volume waiting as the backlog (bulk-history backlog), and of those, the share past their step's limit. */
const BACKLOG_SHARE = 0.6;
const BACKLOG_LATE_SHARE = 0.12;
/**
 * The backlog's share in the demo supervisor's beat, each waiting for the demo supervisor (verify, check) or
 * the street's units (accept, handle), so those sign-ins find a few tasks at any hour.
 */
const BACKLOG_BEAT_SHARE = 0.1;

/** The simulated days: day 0 starts at midnight `days` days before now; nothing is reported before `windowStart`. */
interface HistoryWindow {
  windowStart: number;
  firstDay: number;
}

export async function generateBulkHistory(db: Db, cfg: Config, grids: GridIndexHolder, o: DemoCaseOptions): Promise<{ cases: number; events: number }> {
  const rand = createPrng(o.seed);
  const gridRows = await readDemoGrids(db);
  if (!gridRows.length || o.perDay <= 0) return { cases: 0, events: 0 };
  const w = await loadDemoWorld(db, cfg, grids, gridRows, o.now);
  const inbox = demoInbox(o.now);
  const inboxRows: DemoInboxRow[] = [];
  const win: HistoryWindow = { windowStart: o.now.getTime() - o.days * DAY_MS, firstDay: dayIndexOf(o.now.getTime()) - o.days };

  const backlogByDay = planBacklog(w, o, win);
  let cases = 0;
  for (let day = 0; day <= o.days; day++) {
    const planned = planDay(w, o, win, rand, day, backlogByDay.get(day) ?? []);
    cases += planned.length;
    if (planned.length) inboxRows.push(...(await inTransaction(db, (tx) => writeDay(db, tx, planned, inbox))));
  }
  await inTransaction(db, async (tx) => {
    inboxRows.push(...(await markPastDeadlines(tx, inbox, DEFAULT_WORKFLOW_SETTINGS.nearDueShare)));
    await writeInbox(tx, inboxRows);
  });
  const { rows } = await db.query(`SELECT count(*)::int AS n FROM case_events`);
  return { cases, events: rows[0].n };
}

/**
 * The backlog: open cases waiting at every step. Each stops after a random number of actions, and is
 * then moved in time so that the step it waits at has run a share of its time limit — mostly in time,
 * BACKLOG_LATE_SHARE of them past it — as a working centre's queues look (queue length is arrival rate
 * times the usual wait, and most waits end in time). Planned first with their own random stream, so
 * the rest of the history is the same whatever the moves; written with the day they are reported on.
 */
function planBacklog(w: DemoWorld, o: DemoCaseOptions, win: HistoryWindow): Map<number, PlanCase[]> {
  const backlogRand = createPrng(o.seed ^ 0x5bd1e995);
  const backlogByDay = new Map<number, PlanCase[]>();
  const backlogCount = o.days > 0 ? Math.round(o.perDay * BACKLOG_SHARE) : 0;
  for (let i = 0; i < backlogCount; i++) {
    const c = planBacklogCase(w, o.now, win.windowStart, backlogRand);
    if (!c) continue;
    const day = dayIndexOf(c.reportedAt.getTime()) - win.firstDay;
    if (!backlogByDay.has(day)) backlogByDay.set(day, []);
    backlogByDay.get(day)!.push(c);
  }
  return backlogByDay;
}

function planBacklogCase(w: DemoWorld, now: Date, windowStart: number, rand: () => number): PlanCase | null {
  const caseSeed = Math.floor(rand() * 2 ** 31);
  const budget = Math.floor(rand() * 9);
  const late = rand() < BACKLOG_LATE_SHARE;
  const share = late ? 1.05 + rand() * 1.5 : 0.05 + rand() * 0.85;
  const at = new Date(Math.max(windowStart, now.getTime() - rand() * 3 * DAY_MS));
  const d = drawReport(w, rand, hourOf(at.getTime()), BACKLOG_BEAT_SHARE);
  if (!d) return null;
  const inBeat = w.beatCodes.has(d.hit.code);
  // Half for the supervisor (a report from the public waits at verify or check), half for the units.
  const pick = rand();
  const waitAt: CaseStatus[] = !inBeat ? []
    : pick < 0.5 ? [d.source !== 'supervisor' && pick < 0.25 ? 'verifying' : 'checking']
    : [pick < 0.75 ? 'dispatched' : 'handling'];
  const steps = inBeat ? Infinity : budget;
  return movedToShare((t) => liveCase(w, d, t, createPrng(caseSeed), steps, waitAt), at, share, now, windowStart);
}

/**
 * The case lived again from an earlier (or later) report, so that its waiting step has run `share` of its
 * limit at `now`; moving changes what happens before, so up to three tries.
 */
function movedToShare(live: (reportedAt: Date) => PlanCase, at: Date, share: number, now: Date, windowStart: number): PlanCase {
  let c = live(at);
  for (let attempt = 0; attempt < 3; attempt++) {
    const waiting = c.steps.filter((s) => !s.endedAt && !s.suspendedAt).sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime())[0];
    if (!waiting) break;
    const target = now.getTime() - share * (waiting.dueAt.getTime() - waiting.startedAt.getTime());
    const moved = Math.min(now.getTime(), Math.max(windowStart, at.getTime() + target - waiting.startedAt.getTime()));
    if (Math.abs(moved - at.getTime()) < 60_000) break;
    at = new Date(moved);
    c = live(at);
  }
  return c;
}

/** One simulated day's cases, its backlog share included, in the order they were reported (the order they are numbered in). */
function planDay(w: DemoWorld, o: DemoCaseOptions, win: HistoryWindow, rand: () => number, day: number, planned: PlanCase[]): PlanCase[] {
  for (let i = 0; i < o.perDay; i++) {
    const hour = weighted(rand, HOUR_WEIGHTS.map((weight, h) => [h, weight] as [number, number]));
    const reportedAt = new Date(midnightOf(win.firstDay + day) + (hour + rand()) * HOUR_MS);
    if (reportedAt > o.now || reportedAt.getTime() < win.windowStart) continue;
    const d = drawReport(w, rand, hour, DEMO_BEAT_SHARE);
    // The backlog stands in for part of the last day's reports, so the volume stays perDay.
    if (!d || (o.now.getTime() - reportedAt.getTime() < DAY_MS && rand() < BACKLOG_SHARE)) continue;
    planned.push(liveCase(w, d, reportedAt, rand, Infinity));
  }
  return planned.sort((a, b) => a.reportedAt.getTime() - b.reportedAt.getTime());
}
