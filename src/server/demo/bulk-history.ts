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
  /**
   * The districts to live a history in, each with its own world and random streams (the first one's are
   * those of a one-district history), and the username prefix of its demo sign-ins. Default: one history
   * over every grid, with the sign-ins unprefixed.
   */
  districts?: { code: string; prefix: string }[];
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

/** One district's history being planned: its world, its day stream and its backlog by day. */
interface DistrictPlan {
  w: DemoWorld;
  o: DemoCaseOptions;
  rand: () => number;
  backlogByDay: Map<number, PlanCase[]>;
}

export async function generateBulkHistory(db: Db, cfg: Config, grids: GridIndexHolder, o: DemoCaseOptions): Promise<{ cases: number; events: number }> {
  if (o.perDay <= 0) return { cases: 0, events: 0 };
  const win: HistoryWindow = { windowStart: o.now.getTime() - o.days * DAY_MS, firstDay: dayIndexOf(o.now.getTime()) - o.days };
  const plans: DistrictPlan[] = [];
  for (const [i, d] of (o.districts ?? [undefined]).entries()) {
    const gridRows = await readDemoGrids(db, d?.code);
    if (!gridRows.length) continue;
    const w = await loadDemoWorld(db, cfg, grids, gridRows, o.now, d?.prefix);
    const od = { ...o, seed: o.seed + i * 7919 };
    plans.push({ w, o: od, rand: createPrng(od.seed), backlogByDay: planBacklog(w, od, win) });
  }
  if (!plans.length) return { cases: 0, events: 0 };
  const inbox = demoInbox(o.now);
  const inboxRows: DemoInboxRow[] = [];

  let cases = 0;
  for (let day = 0; day <= o.days; day++) {
    const planned = plans.flatMap((p) => planDay(p.w, p.o, win, p.rand, day, p.backlogByDay.get(day) ?? []));
    // Numbers and the global order follow the report time across districts (one district's day is sorted already).
    if (plans.length > 1) planned.sort((a, b) => a.reportedAt.getTime() - b.reportedAt.getTime());
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
  const add = (c: PlanCase) => {
    const day = dayIndexOf(c.reportedAt.getTime()) - win.firstDay;
    if (!backlogByDay.has(day)) backlogByDay.set(day, []);
    backlogByDay.get(day)!.push(c);
  };
  const backlogCount = o.days > 0 ? Math.round(o.perDay * BACKLOG_SHARE) : 0;
  for (let i = 0; i < backlogCount; i++) {
    const c = planBacklogCase(w, o.now, win.windowStart, backlogRand);
    if (c) add(c);
  }
  if (o.days > 0) for (const c of planDemoTasks(w, o, win)) add(c);
  return backlogByDay;
}

/**
 * Work that waits for each demo sign-in whatever the backlog drew (a small district's backlog may leave
 * the street office's queue empty): cases in the demo supervisor's beat stopped at a step each of them acts
 * on, in time. Their own random stream, so the rest of the history is the same with or without them.
 */
const DEMO_TASKS: Array<{ status: CaseStatus; count: number; unit?: 'handler' | 'officer'; hotline?: boolean }> = [
  { status: 'reported', count: 2, hotline: true }, // receiver: send to verify
  { status: 'pendingCheck', count: 1 }, // receiver: send to check
  { status: 'pendingFiling', count: 2 }, // shift leader: file
  { status: 'pendingClose', count: 1 }, // shift leader: close
  { status: 'pendingDispatch', count: 2 }, // dispatcher
  { status: 'verifying', count: 2, hotline: true }, // supervisor: verify
  { status: 'checking', count: 1 }, // supervisor: check
  { status: 'dispatched', count: 1, unit: 'handler' }, // street office: accept, handle
  { status: 'handling', count: 2, unit: 'handler' },
  { status: 'dispatched', count: 1, unit: 'officer' }, // squad: accept, handle
  { status: 'handling', count: 2, unit: 'officer' },
];
/** Categories whose default unit is the street office or the squad (category.defaults.ts), and quick ones for the late steps. */
const TASK_CATEGORIES = { handler: ['07001', '06036'], officer: ['09006', '09005', '09001'], any: ['06010', '06042', '09006'] };
const TASK_TRIES = 16;

function planDemoTasks(w: DemoWorld, o: DemoCaseOptions, win: HistoryWindow): PlanCase[] {
  if (!w.demoBeat.length) return [];
  const rand = createPrng(o.seed ^ 0x2545f491);
  const out: PlanCase[] = [];
  for (const task of DEMO_TASKS) {
    const unit = task.unit ? w.demoUnits[task.unit] : undefined;
    if (task.unit && !unit) continue;
    const codes = TASK_CATEGORIES[task.unit ?? 'any'].filter((code) => w.catOf.get(code)?.active);
    for (let n = 0; n < task.count && codes.length; n++) {
      for (let attempt = 0; attempt < TASK_TRIES; attempt++) {
        const caseSeed = Math.floor(rand() * 2 ** 31);
        const share = 0.1 + rand() * 0.5;
        const at = new Date(Math.max(win.windowStart, o.now.getTime() - (0.3 + rand()) * DAY_MS));
        const drawn = drawReport(w, rand, hourOf(at.getTime()), 1);
        if (!drawn) continue;
        const code = codes[Math.floor(rand() * codes.length)]!;
        const phone = drawn.phone ?? `139${String(Math.floor(rand() * 1e8)).padStart(8, '0')}`;
        const d = { ...drawn, categoryCode: code, category: w.catOf.get(code)!, ...(task.hotline ? { source: 'hotline' as const, phone } : {}) };
        const c = movedToShare((t) => liveCase(w, d, t, createPrng(caseSeed), Infinity, [task.status]), at, share, o.now, win.windowStart);
        const waiting = c.steps.some((s) => !s.endedAt && !s.suspendedAt);
        if (c.state.status === task.status && waiting && (!unit || c.state.leadUnitId === Number(unit.id))) {
          out.push(c);
          break;
        }
      }
    }
  }
  return out;
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
