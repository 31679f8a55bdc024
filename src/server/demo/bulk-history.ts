/**
 * Bulk demo case history: the city's rhythm, a realistic lifecycle and a backlog, and the same rows
 * the commands would write (cases, case_steps, hash-chained case_events), but planned in memory with
 * the pure domain rules (initialTransition / applyTransition, the step-clock arithmetic) and written
 * with multi-row INSERTs, one transaction per simulated day. Thousands of cases in seconds.
 *
 * Differences from running the commands, on purpose: no notification jobs — the past day's notifications
 * are written straight into the inbox, read but for the last two hours, and older events notified no one
 * (nobody should find a month of stale reminders) —, the deadline sweep's marks set as if it had run all
 * along (bulk-deadlines.ts), no live announcements, and handling/check photos reuse a handful of real
 * generated photos.
 */
import type { Config } from '../config.ts';
import { inTransaction, type Db } from '../db/pool.ts';
import type { CaseSource, CaseStatus } from '../../shared/cases/workflow.ts';
import type { Urgency } from '../../shared/org.ts';
import type { Role } from '../../shared/roles.ts';
import { loadActor } from '../modules/auth/auth.service.ts';
import { handleLimitOf } from '../modules/cases/commands/command-context.ts';
import type { ActionInput } from '../modules/cases/case.workflow.ts';
import { loadClockEnv } from '../modules/cases/step-clock.ts';
import { DEFAULT_WORKFLOW_SETTINGS, loadWorkflowSettings } from '../modules/cases/workflow-settings.ts';
import type { GridIndexHolder } from '../modules/geo/grid-index.holder.ts';
import { createPrng } from '../modules/geo/prng.ts';
import { DAY_MS, HOUR_MS, dayIndexOf, hourOf, midnightOf } from '../modules/sla/shanghai-time.ts';
import { storeStaffPhoto } from '../modules/photos/commands/store-staff-photo.ts';
import { createPhotoStore } from '../modules/photos/photo-store.ts';
import sharp from 'sharp';
import { CaseSim, type PlanCase, type Person } from './bulk-case-sim.ts';
import { markPastDeadlines } from './bulk-deadlines.ts';
import { demoInbox, writeDay, writeInbox, type DemoInboxRow } from './bulk-history-write.ts';

export interface DemoCaseOptions {
  days: number;
  perDay: number;
  seed: number;
  now: Date;
}

// The city's rhythm (DOMAIN §9).
type CategoryPick = [code: string, weight: number];
/** Categories by hour of day (Asia/Shanghai). */
export function categoriesAt(hour: number): CategoryPick[] {
  if (hour >= 6 && hour < 9) return [['09006', 30], ['09001', 15], ['06010', 25], ['06042', 20], ['06014', 10]];
  if (hour >= 9 && hour < 18) return [['09005', 25], ['06036', 15], ['07001', 15], ['06010', 15], ['09009', 10], ['06001', 5], ['06011', 5], ['08004', 5], ['01002', 2], ['07003', 3]];
  if (hour >= 18 && hour < 23) return [['09006', 30], ['06029', 20], ['06027', 15], ['09001', 15], ['06010', 10], ['07001', 10]];
  return [['08011', 35], ['06014', 30], ['08012', 20], ['06010', 15]];
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
const HOUR_WEIGHTS = [1, 1, 1, 1, 1, 2, 5, 9, 9, 8, 7, 6, 4, 5, 6, 6, 6, 5, 6, 7, 7, 5, 3, 2];

export function weighted<T>(rand: () => number, items: Array<[T, number]>): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let x = rand() * total;
  for (const [v, w] of items) if ((x -= w) < 0) return v;
  return items[items.length - 1]![0];
}

export const DEMO_DESCRIPTIONS: Record<string, string> = {
  '09006': '路口有流动摊贩占道经营，影响通行',
  '09001': '无照游商沿街叫卖',
  '06010': '路边有暴露垃圾',
  '06042': '垃圾箱满溢，周边散落垃圾',
  '06014': '道路上有渣土遗撒',
  '09005': '商铺超出门窗店外经营',
  '06036': '人行道上乱堆杂物',
  '07001': '电线杆和墙面张贴非法小广告',
  '09009': '机动车占用人行道乱停放',
  '06001': '小区内新搭建彩钢板房',
  '06011': '空地积存建筑垃圾渣土',
  '08004': '工地未覆盖，扬尘明显',
  '01002': '污水井盖缺失，存在安全隐患',
  '07003': '违规设置户外广告牌',
  '06029': '夜间露天烧烤，油烟扰民',
  '06027': '餐馆油烟直排',
  '08011': '渣土车未密闭运输',
  '08012': '工地出口车轮带泥上路',
};

export async function generateBulkHistory(db: Db, cfg: Config, grids: GridIndexHolder, o: DemoCaseOptions): Promise<{ cases: number; events: number }> {
  const rand = createPrng(o.seed);
  const { rows: gridRows } = await db.query<{ code: string; min_lng: number; min_lat: number; max_lng: number; max_lat: number }>(
    `SELECT code, min_lng, min_lat, max_lng, max_lat FROM grids WHERE valid_to IS NULL ORDER BY code`,
  );
  if (!gridRows.length || o.perDay <= 0) return { cases: 0, events: 0 };
  const hotspots = gridRows.filter((_, i) => i % 20 === 7);
  // The demo supervisor's beat is one of the district's busiest, so whoever signs in as them (or as the
  // street's handler and officer, who get its cases) finds a working day's queue, not an empty one.
  const { rows: beatRows } = await db.query<{ grid_code: string }>(
    `SELECT a.grid_code FROM grid_assignments a JOIN users u ON u.id = a.user_id
      WHERE u.username = 'supervisor' AND a.duty = 'supervisor' AND a.valid_to IS NULL`,
  );
  const beatCodes = new Set(beatRows.map((r) => r.grid_code));
  const demoBeat = gridRows.filter((g) => beatCodes.has(g.code));

  // Everything the commands would read per action, read once.
  const { rows: roleRows } = await db.query<{ user_id: number; roles: Role[] }>(`SELECT user_id, array_agg(role ORDER BY role) AS roles FROM user_roles GROUP BY user_id`);
  const rolesOf = new Map(roleRows.map((r) => [Number(r.user_id), r.roles]));
  const person = (userId: number): Person => ({ userId, roles: rolesOf.get(userId) ?? [] });
  const byName = async (username: string): Promise<Person> => {
    const { rows } = await db.query<{ id: number }>(`SELECT id FROM users WHERE username = $1`, [username]);
    if (!rows[0]) throw new Error(`demo history needs a user named ${username}`);
    return person(Number(rows[0].id));
  };
  const centre = { receiver: await byName('receiver'), shiftLeader: await byName('shiftleader'), dispatcher: await byName('dispatcher') };
  const { rows: units } = await db.query<{ id: number; type: string; area_code: string; calendar_id: number | null; user_id: number | null }>(
    `SELECT u.id, u.type, u.area_code, u.calendar_id, (SELECT min(s.id) FROM users s WHERE s.unit_id = u.id AND s.disabled_at IS NULL) AS user_id
       FROM units u WHERE u.active ORDER BY u.id`,
  );
  const { rows: allUnits } = await db.query<{ id: number; calendar_id: number | null }>(`SELECT id, calendar_id FROM units`);
  const unitCalendar = new Map(allUnits.map((u) => [Number(u.id), u.calendar_id === null ? null : Number(u.calendar_id)]));
  const { rows: cats } = await db.query<{ code: string; default_unit_type: string | null; urgency: Urgency; time_limit: number | null; clock_type: string; requires_after_photo: boolean; active: boolean }>(
    `SELECT code, default_unit_type, urgency, time_limit, clock_type, requires_after_photo, active FROM categories WHERE kind = 'event'`,
  );
  const catOf = new Map(cats.map((c) => [c.code, c]));
  const { rows: sups } = await db.query<{ grid_code: string; user_id: number; calendar_id: number | null }>(
    `SELECT a.grid_code, a.user_id, un.calendar_id FROM grid_assignments a JOIN users u ON u.id = a.user_id LEFT JOIN units un ON un.id = u.unit_id
      WHERE a.duty = 'supervisor' AND a.valid_to IS NULL AND u.disabled_at IS NULL ORDER BY a.grid_code, a.user_id`,
  );
  const supervisorsOf = new Map<string, { userIds: number[]; calendarId: number | null }>();
  for (const s of sups) {
    const e = supervisorsOf.get(s.grid_code) ?? { userIds: [], calendarId: s.calendar_id === null ? null : Number(s.calendar_id) };
    e.userIds.push(Number(s.user_id));
    supervisorsOf.set(s.grid_code, e);
  }
  // The grid's first supervisor by assignment.
  const { rows: firstSup } = await db.query<{ grid_code: string; user_id: number }>(
    `SELECT DISTINCT ON (grid_code) grid_code, user_id FROM grid_assignments WHERE duty = 'supervisor' AND valid_to IS NULL ORDER BY grid_code, user_id`,
  );
  const reporterOf = new Map(firstSup.map((r) => [r.grid_code, Number(r.user_id)]));

  const leadFor = (categoryCode: string, gridCode: string) => {
    const type = catOf.get(categoryCode)?.default_unit_type ?? 'streetOffice';
    const candidates = units.filter((u) => u.type === type && gridCode.startsWith(u.area_code) && u.user_id);
    candidates.sort((a, b) => b.area_code.length - a.area_code.length);
    return (
      candidates[0] ??
      units.find((u) => u.type === 'streetOffice' && gridCode.startsWith(u.area_code) && u.user_id) ??
      units.find((u) => u.user_id && !['supervisionCenter', 'commandCenter'].includes(u.type) && gridCode.startsWith(u.area_code)) ??
      units.find((u) => u.user_id && !['supervisionCenter', 'commandCenter'].includes(u.type))
    );
  };

  const districtCode = grids.locate((gridRows[0]!.min_lng + gridRows[0]!.max_lng) / 2, (gridRows[0]!.min_lat + gridRows[0]!.max_lat) / 2)?.districtCode ?? gridRows[0]!.code.slice(0, 6);
  const [settings, env] = await Promise.all([loadWorkflowSettings(db, districtCode), loadClockEnv(db, districtCode)]);
  const photos = await demoPhotos(db, cfg, units.find((u) => u.user_id && !['supervisionCenter', 'commandCenter'].includes(u.type))?.user_id ?? centre.receiver.userId, sups[0] ? Number(sups[0].user_id) : centre.receiver.userId, o.now);

  const inbox = demoInbox(o.now);
  const inboxRows: DemoInboxRow[] = [];
  const windowStart = o.now.getTime() - o.days * DAY_MS;
  const firstDay = dayIndexOf(o.now.getTime()) - o.days;

  /** Where, what and who for one report, drawn from the city's rhythm at `hour`. */
  const drawReport = (r: () => number, hour: number, beatShare: number) => {
    const place = r();
    const grid = place < beatShare && demoBeat.length ? demoBeat[Math.floor(r() * demoBeat.length)]!
      : place < 0.4 ? hotspots[Math.floor(r() * hotspots.length)]! : gridRows[Math.floor(r() * gridRows.length)]!;
    let lng = 0, lat = 0, hit = null;
    for (let tries = 0; tries < 10 && hit?.code !== grid.code; tries++) {
      lng = grid.min_lng + r() * (grid.max_lng - grid.min_lng);
      lat = grid.min_lat + r() * (grid.max_lat - grid.min_lat);
      hit = grids.locate(lng, lat);
    }
    const source: CaseSource = weighted(r, [['supervisor', 80], ['hotline', 12], ['citizen', 6], ['video', 2]] as Array<[CaseSource, number]>);
    const categoryCode = weighted(r, categoriesAt(hour));
    const phone = source !== 'supervisor' ? `139${String(Math.floor(r() * 1e8)).padStart(8, '0')}` : null;
    const category = catOf.get(categoryCode);
    const supId = hit ? reporterOf.get(hit.code) : undefined;
    if (!hit || !supId || !category?.active) return null;
    return { hit, lng, lat, source, categoryCode, category, phone, supervisor: person(supId) };
  };
  type Report = NonNullable<ReturnType<typeof drawReport>>;

  /**
   * One case's life from `reportedAt`: each next action a while after the last (`r` draws the delays and
   * the branches), until the next would happen after now, `budget` actions have been taken or the case has
   * reached a status in `waitAt` — then the case waits at its open step.
   */
  const live = (d: Report, reportedAt: Date, r: () => number, budget: number, waitAt: readonly CaseStatus[] = []): PlanCase => {
    const { hit, source, categoryCode, category, supervisor } = d;
    const reporter = source === 'supervisor' ? supervisor : centre.receiver;
    const c: PlanCase = {
      state: { status: 'reported', priorStatus: null, source, urgency: category.urgency, leadUnitId: null, coUnitIds: [], extensionCount: 0, reworkCount: 0, urgeCount: 0, reporterPhone: d.phone },
      districtCode: hit.districtCode,
      reporterUserId: reporter.userId,
      reporterName: source !== 'supervisor' ? '市民' : null,
      categoryCode,
      lng: d.lng,
      lat: d.lat,
      gridCode: hit.code,
      communityCode: hit.communityCode,
      streetCode: hit.streetCode,
      description: DEMO_DESCRIPTIONS[categoryCode] ?? '发现问题，请处置',
      handleLimit: handleLimitOf(category, settings),
      requiresAfterPhoto: !!category.requires_after_photo,
      citizenRating: null,
      handlingResult: null,
      photos: [],
      reportedAt,
      filedAt: null,
      closedAt: null,
      updatedAt: reportedAt,
      steps: [],
      events: [],
    };
    const sim = new CaseSim(c, settings, env, supervisorsOf, unitCalendar);
    sim.report(reporter, source);
    const lead = leadFor(categoryCode, hit.code);
    if (!lead) return c;
    const handler = person(lead.user_id!);

    let clock = reportedAt;
    const step = (who: Person, minutes: [number, number], input: ActionInput): boolean => {
      if (budget-- <= 0 || waitAt.includes(c.state.status)) return false;
      const next = new Date(clock.getTime() + (minutes[0] + r() * (minutes[1] - minutes[0])) * 60_000);
      if (next > o.now) return false;
      clock = next;
      if (input.action === 'handle' && input.photoIds) input = { ...input, photoIds: [photos.after[Math.floor(r() * photos.after.length)]!] };
      if (input.action === 'check' && input.photoIds) input = { ...input, photoIds: [photos.check[Math.floor(r() * photos.check.length)]!] };
      sim.act(who, input, clock);
      return true;
    };
    const status = (): CaseStatus => c.state.status;
    /** A field step (verify, accept, check; limit one working hour): mostly well within it, one in twelve late. */
    const field = (lo: number): [number, number] => (r() < 1 / 12 ? [60, 150] : [lo, 50]);
    const lifecycle = () => {
      if (status() === 'reported') {
        if (!step(centre.receiver, [3, 25], { action: 'sendToVerify' })) return;
        if (!step(supervisor, field(10), { action: 'verify', isTrue: r() > 0.05 })) return;
        if (status() === 'notTrue') return;
      }
      if (r() < 0.03) {
        if (!step(centre.receiver, [5, 20], { action: 'proposeVoid', reason: '重复或不属于城管职责' })) return;
        step(centre.shiftLeader, [5, 30], { action: 'approveVoid' });
        return;
      }
      if (!step(centre.shiftLeader, [3, 30], { action: 'file' })) return;
      const wrongFirst = r() < 0.04;
      const firstLead = wrongFirst ? units.find((u) => u.type === 'streetOffice' && hit.code.startsWith(u.area_code) && u.id !== lead.id && u.user_id) ?? lead : lead;
      if (!step(centre.dispatcher, [3, 30], { action: 'dispatch', leadUnitId: Number(firstLead.id) })) return;
      if (firstLead.id !== lead.id) {
        if (!step(person(firstLead.user_id!), [10, 60], { action: 'requestReturn', reason: '非本单位职责' })) return;
        if (!step(centre.dispatcher, [5, 25], { action: 'approveReturn' })) return;
        if (!step(centre.dispatcher, [3, 20], { action: 'dispatch', leadUnitId: Number(lead.id) })) return;
      }
      if (!step(handler, field(5), { action: 'accept' })) return;
      for (let round = 0; round < 3; round++) {
        const handleDue = sim.handlingDueAt();
        const due = handleDue ? handleDue.getTime() : clock.getTime() + 4 * 3_600_000;
        const span = Math.max(30 * 60_000, due - clock.getTime());
        const share = r() < 0.1 ? 1 + r() * 1.5 : 0.2 + r() * 0.75;
        const minutes = (span * share) / 60_000;
        if (!step(handler, [minutes, minutes + 1], { action: 'handle', result: '已按要求处置完毕', photoIds: ['after'] })) return;
        if (!step(centre.receiver, [3, 30], { action: 'sendToCheck' })) return;
        const passed = r() > 0.06;
        if (!step(supervisor, field(10), { action: 'check', passed, photoIds: ['check'] })) return;
        if (passed) break;
      }
      if (status() === 'pendingCallback') {
        if (!step(centre.receiver, [20, 240], { action: 'recordCallback', reached: r() > 0.1, satisfaction: r() > 0.08 ? 'satisfied' : 'basicallySatisfied' })) return;
      }
      if (status() === 'pendingClose') step(centre.shiftLeader, [5, 50], { action: 'close' });
    };
    lifecycle();
    return c;
  };

  /**
   * The backlog: open cases waiting at every step. Each stops after a random number of actions, and is
   * then moved in time so that the step it waits at has run a share of its time limit — mostly in time,
   * BACKLOG_LATE_SHARE of them past it — as a working centre's queues look (queue length is arrival rate
   * times the usual wait, and most waits end in time). Planned first with their own random stream, so
   * the rest of the history is the same whatever the moves; written with the day they are reported on.
   */
  const backlogRand = createPrng(o.seed ^ 0x5bd1e995);
  const backlogByDay = new Map<number, PlanCase[]>();
  const backlogCount = o.days > 0 ? Math.round(o.perDay * BACKLOG_SHARE) : 0;
  for (let i = 0; i < backlogCount; i++) {
    const caseSeed = Math.floor(backlogRand() * 2 ** 31);
    const budget = Math.floor(backlogRand() * 9);
    const late = backlogRand() < BACKLOG_LATE_SHARE;
    const share = late ? 1.05 + backlogRand() * 1.5 : 0.05 + backlogRand() * 0.85;
    let at = new Date(Math.max(windowStart, o.now.getTime() - backlogRand() * 3 * DAY_MS));
    const d = drawReport(backlogRand, hourOf(at.getTime()), BACKLOG_BEAT_SHARE);
    if (!d) continue;
    const inBeat = beatCodes.has(d.hit.code);
    // Half for the supervisor (a report from the public waits at verify or check), half for the units.
    const pick = backlogRand();
    const waitAt: CaseStatus[] = !inBeat ? []
      : pick < 0.5 ? [d.source !== 'supervisor' && pick < 0.25 ? 'verifying' : 'checking']
      : [pick < 0.75 ? 'dispatched' : 'handling'];
    const steps = inBeat ? Infinity : budget;
    let c = live(d, at, createPrng(caseSeed), steps, waitAt);
    for (let attempt = 0; attempt < 3; attempt++) {
      const waiting = c.steps.filter((s) => !s.endedAt && !s.suspendedAt).sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime())[0];
      if (!waiting) break;
      const target = o.now.getTime() - share * (waiting.dueAt.getTime() - waiting.startedAt.getTime());
      const moved = Math.min(o.now.getTime(), Math.max(windowStart, at.getTime() + target - waiting.startedAt.getTime()));
      if (Math.abs(moved - at.getTime()) < 60_000) break;
      at = new Date(moved);
      c = live(d, at, createPrng(caseSeed), steps, waitAt);
    }
    const day = dayIndexOf(at.getTime()) - firstDay;
    if (!backlogByDay.has(day)) backlogByDay.set(day, []);
    backlogByDay.get(day)!.push(c);
  }

  let cases = 0;
  for (let day = 0; day <= o.days; day++) {
    const planned: PlanCase[] = backlogByDay.get(day) ?? [];
    for (let i = 0; i < o.perDay; i++) {
      const hour = weighted(rand, HOUR_WEIGHTS.map((w, h) => [h, w] as [number, number]));
      const reportedAt = new Date(midnightOf(firstDay + day) + (hour + rand()) * HOUR_MS);
      if (reportedAt > o.now || reportedAt.getTime() < windowStart) continue;
      const d = drawReport(rand, hour, DEMO_BEAT_SHARE);
      // The backlog stands in for part of the last day's reports, so the volume stays perDay.
      if (!d || (o.now.getTime() - reportedAt.getTime() < DAY_MS && rand() < BACKLOG_SHARE)) continue;
      planned.push(live(d, reportedAt, rand, Infinity));
    }
    // Numbered in the order they were reported.
    planned.sort((a, b) => a.reportedAt.getTime() - b.reportedAt.getTime());
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

/** A handful of real, tiny, schematic JPEGs (stored like any staff upload) that handling and check steps reuse. */
async function demoPhotos(db: Db, cfg: Config, handlerId: number, supervisorId: number, now: Date): Promise<{ after: string[]; check: string[] }> {
  const store = createPhotoStore(cfg.filesDir);
  const make = async (userId: number, label: string, shade: number): Promise<string> => {
    const actor = await loadActor(db, userId, cfg, 'session');
    if (!actor) throw new Error(`demo photo uploader ${userId} not found`);
    const local = new Date(now.getTime() + 8 * 3_600_000).toISOString();
    const bytes = await sharp({ create: { width: 160, height: 120, channels: 3, background: { r: shade, g: 120, b: 255 - shade } } })
      .jpeg({ quality: 70 })
      .withExif({ IFD0: { ImageDescription: `guancheng demo ${label}` }, IFD2: { DateTimeOriginal: `${local.slice(0, 10).replace(/-/g, ':')} ${local.slice(11, 19)}` } })
      .toBuffer();
    return (await storeStaffPhoto({ db, now: () => now }, store, actor, bytes, { capturedAt: now })).id;
  };
  const after: string[] = [];
  const check: string[] = [];
  for (let i = 0; i < 4; i++) after.push(await make(handlerId, `after ${i}`, 20 + i * 50));
  for (let i = 0; i < 4; i++) check.push(await make(supervisorId, `check ${i}`, 40 + i * 50));
  return { after, check };
}
