/**
 * Demo case history, generated through the same domain commands people use, so timelines, step
 * records, deadlines and the audit chain are real. Follows the city's rhythm (DOMAIN §9): stalls at
 * breakfast and night markets, garbage in the morning, spoil trucks at night; mostly supervisors'
 * reports; a few voided, returned, reworked and overdue. Deterministic for a seed; dates relative to `now`.
 */
import type { Config } from '../config.ts';
import type { Db } from '../db/pool.ts';
import { isFinal } from '../../shared/cases/workflow.ts';
import { loadActor, type Actor } from '../modules/auth/auth.service.ts';
import type { CommandContext } from '../modules/cases/commands/command-context.ts';
import { performCaseAction } from '../modules/cases/commands/perform-case-action.ts';
import { reportCase } from '../modules/cases/commands/report-case.ts';
import type { ActionInput } from '../modules/cases/case.workflow.ts';
import { getCaseById, type CaseRow } from '../modules/cases/case.queries.ts';
import type { GridIndexHolder } from '../modules/geo/grid-index.holder.ts';
import { storeStaffPhoto } from '../modules/photos/commands/store-staff-photo.ts';
import { createPhotoStore } from '../modules/photos/photo-store.ts';
import sharp from 'sharp';
import { createPrng } from '../modules/geo/prng.ts';
import type { CaseSource } from '../../shared/cases/workflow.ts';

export interface DemoCaseOptions {
  days: number;
  perDay: number;
  seed: number;
  now: Date;
}

type Pick = [code: string, weight: number];
/** Categories by hour of day (Asia/Shanghai). */
function categoriesAt(hour: number): Pick[] {
  if (hour >= 6 && hour < 9) return [['09006', 30], ['09001', 15], ['06010', 25], ['06042', 20], ['06014', 10]];
  if (hour >= 9 && hour < 18) return [['09005', 25], ['06036', 15], ['07001', 15], ['06010', 15], ['09009', 10], ['06001', 5], ['06011', 5], ['08004', 5], ['01002', 2], ['07003', 3]];
  if (hour >= 18 && hour < 23) return [['09006', 30], ['06029', 20], ['06027', 15], ['09001', 15], ['06010', 10], ['07001', 10]];
  return [['08011', 35], ['06014', 30], ['08012', 20], ['06010', 15]];
}
const HOUR_WEIGHTS = [1, 1, 1, 1, 1, 2, 5, 9, 9, 8, 7, 6, 4, 5, 6, 6, 6, 5, 6, 7, 7, 5, 3, 2];

function weighted<T>(rand: () => number, items: Array<[T, number]>): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let x = rand() * total;
  for (const [v, w] of items) if ((x -= w) < 0) return v;
  return items[items.length - 1]![0];
}

export async function generateDemoCases(db: Db, cfg: Config, grids: GridIndexHolder, o: DemoCaseOptions): Promise<{ cases: number; events: number }> {
  const rand = createPrng(o.seed);
  const { rows: gridRows } = await db.query<{ code: string; min_lng: number; min_lat: number; max_lng: number; max_lat: number }>(
    `SELECT code, min_lng, min_lat, max_lng, max_lat FROM grids WHERE valid_to IS NULL ORDER BY code`,
  );
  if (!gridRows.length) return { cases: 0, events: 0 };
  // Chronic hotspots (markets, old neighbourhoods, stations): 5% of grids get 40% of the problems.
  const hotspots = gridRows.filter((_, i) => i % 20 === 7);
  const actors = new Map<number, Actor>();
  const actorOf = async (userId: number) => {
    if (!actors.has(userId)) actors.set(userId, (await loadActor(db, userId, cfg, 'session'))!);
    return actors.get(userId)!;
  };
  const byName = async (username: string) => {
    const { rows } = await db.query<{ id: number }>(`SELECT id FROM users WHERE username = $1`, [username]);
    return actorOf(rows[0]!.id);
  };
  const centre = { receiver: await byName('receiver'), shiftLeader: await byName('shiftleader'), dispatcher: await byName('dispatcher') };
  const { rows: units } = await db.query<{ id: number; type: string; area_code: string; user_id: number | null }>(
    `SELECT u.id, u.type, u.area_code, (SELECT min(s.id) FROM users s WHERE s.unit_id = u.id AND s.disabled_at IS NULL) AS user_id FROM units u WHERE u.active`,
  );
  const { rows: cats } = await db.query<{ kind: string; code: string; default_unit_type: string | null }>(`SELECT kind, code, default_unit_type FROM categories WHERE kind = 'event'`);
  const unitTypeOf = new Map(cats.map((c) => [c.code, c.default_unit_type]));
  const leadFor = (categoryCode: string, gridCode: string) => {
    const type = unitTypeOf.get(categoryCode) ?? 'streetOffice';
    const candidates = units.filter((u) => u.type === type && gridCode.startsWith(u.area_code) && u.user_id);
    candidates.sort((a, b) => b.area_code.length - a.area_code.length);
    return candidates[0] ?? units.find((u) => u.type === 'streetOffice' && gridCode.startsWith(u.area_code) && u.user_id)!;
  };

  let clock = new Date(o.now.getTime() - o.days * 86_400_000);
  const ctx: CommandContext = { db, now: () => clock, meta: { requestId: 'demo', ip: null } };
  const ctxWithGrids = { ...ctx, grids };
  const store = createPhotoStore(cfg.filesDir);
  // A real (tiny, schematic) photo per handling and check, taken where the case is, at the time of the step:
  // case actions only accept uploaded photos, and later integrity checks read these like any other.
  const photo = async (who: Actor, c: CaseRow, label: string): Promise<string> => {
    const shade = Math.floor(rand() * 200);
    const local = new Date(clock.getTime() + 8 * 3_600_000).toISOString();
    const bytes = await sharp({ create: { width: 160, height: 120, channels: 3, background: { r: shade, g: 120, b: 255 - shade } } })
      .jpeg({ quality: 70 })
      .withExif({ IFD0: { ImageDescription: `guancheng demo ${c.trackingNo} ${label}` }, IFD2: { DateTimeOriginal: `${local.slice(0, 10).replace(/-/g, ':')} ${local.slice(11, 19)}` } })
      .toBuffer();
    return (await storeStaffPhoto(ctx, store, who, bytes, { lng: c.lng, lat: c.lat, accuracy: 10, capturedAt: clock })).id;
  };
  let cases = 0;
  const startOfFirstDay = Math.floor((o.now.getTime() + 8 * 3_600_000) / 86_400_000 - o.days) * 86_400_000 - 8 * 3_600_000;
  for (let day = 0; day <= o.days; day++) {
    for (let i = 0; i < o.perDay; i++) {
      const hour = weighted(rand, HOUR_WEIGHTS.map((w, h) => [h, w] as [number, number]));
      const reportedAt = new Date(startOfFirstDay + day * 86_400_000 + (hour + rand()) * 3_600_000);
      if (reportedAt > o.now || reportedAt.getTime() < o.now.getTime() - o.days * 86_400_000) continue;
      const grid = rand() < 0.4 ? hotspots[Math.floor(rand() * hotspots.length)]! : gridRows[Math.floor(rand() * gridRows.length)]!;
      let lng = 0, lat = 0, hit = null;
      for (let tries = 0; tries < 10 && hit?.code !== grid.code; tries++) {
        lng = grid.min_lng + rand() * (grid.max_lng - grid.min_lng);
        lat = grid.min_lat + rand() * (grid.max_lat - grid.min_lat);
        hit = grids.locate(lng, lat);
      }
      if (!hit) continue;
      const source: CaseSource = weighted(rand, [['supervisor', 80], ['hotline', 12], ['citizen', 6], ['video', 2]] as Array<[CaseSource, number]>);
      const categoryCode = weighted(rand, categoriesAt(hour));
      const { rows: sup } = await db.query<{ user_id: number }>(`SELECT user_id FROM grid_assignments WHERE grid_code = $1 AND duty = 'supervisor' AND valid_to IS NULL ORDER BY user_id LIMIT 1`, [hit.code]);
      if (!sup[0]) continue;
      const supervisor = await actorOf(sup[0].user_id);
      clock = reportedAt;
      const reporter = source === 'supervisor' ? supervisor : centre.receiver;
      let c: CaseRow = await reportCase(ctxWithGrids, reporter, {
        source,
        categoryKind: 'event',
        categoryCode,
        lng,
        lat,
        description: DESCRIPTIONS[categoryCode] ?? '发现问题，请处置',
        ...(source !== 'supervisor' ? { reporterName: '市民', reporterPhone: `139${String(Math.floor(rand() * 1e8)).padStart(8, '0')}` } : {}),
      });
      cases++;
      const lead = leadFor(categoryCode, hit.code);
      const handler = await actorOf(lead.user_id!);
      // Walk the case forward until the next step would happen after `now`: open cases wait at every step.
      // A backlog, as in any real centre: many of the last day's cases are held at a random step,
      // so every queue has work waiting (some of it overdue) when the demo opens.
      const recent = o.now.getTime() - reportedAt.getTime() < 86_400_000;
      let budget = recent && rand() < 0.6 ? Math.floor(rand() * 9) : Infinity;
      const step = async (who: Actor, minutes: [number, number], input: ActionInput): Promise<boolean> => {
        if (budget-- <= 0) return false;
        const next = new Date(clock.getTime() + (minutes[0] + rand() * (minutes[1] - minutes[0])) * 60_000);
        if (next > o.now) return false;
        clock = next;
        if ((input.action === 'handle' || input.action === 'check') && input.photoIds) input = { ...input, photoIds: [await photo(who, c, input.action)] };
        c = await performCaseAction(ctx, who, c.id, c.version, input);
        return true;
      };
      const lifecycle = async () => {
        if (c.status === 'reported') {
          if (!(await step(centre.receiver, [3, 25], { action: 'sendToVerify' }))) return;
          if (!(await step(supervisor, [10, 70], { action: 'verify', isTrue: rand() > 0.05 }))) return;
          if ((c.status as string) === 'notTrue') return;
        }
        if (rand() < 0.03) {
          if (!(await step(centre.receiver, [5, 20], { action: 'proposeVoid', reason: '重复或不属于城管职责' }))) return;
          await step(centre.shiftLeader, [5, 30], { action: 'approveVoid' });
          return;
        }
        if (!(await step(centre.shiftLeader, [3, 30], { action: 'file' }))) return;
        const wrongFirst = rand() < 0.04;
        const firstLead = wrongFirst ? units.find((u) => u.type === 'streetOffice' && hit!.code.startsWith(u.area_code) && u.id !== lead.id && u.user_id) ?? lead : lead;
        if (!(await step(centre.dispatcher, [3, 30], { action: 'dispatch', leadUnitId: firstLead.id }))) return;
        if (firstLead.id !== lead.id) {
          const wrong = await actorOf(firstLead.user_id!);
          if (!(await step(wrong, [10, 60], { action: 'requestReturn', reason: '非本单位职责' }))) return;
          if (!(await step(centre.dispatcher, [5, 25], { action: 'approveReturn' }))) return;
          if (!(await step(centre.dispatcher, [3, 20], { action: 'dispatch', leadUnitId: lead.id }))) return;
        }
        if (!(await step(handler, [5, 80], { action: 'accept' }))) return;
        for (let round = 0; round < 3; round++) {
          // Handling times cluster below the limit with a long tail of overdue ones.
          const due = c.handlingDueAt ? c.handlingDueAt.getTime() : clock.getTime() + 4 * 3_600_000;
          const span = Math.max(30 * 60_000, due - clock.getTime());
          const share = rand() < 0.1 ? 1 + rand() * 1.5 : 0.2 + rand() * 0.75;
          const minutes = (span * share) / 60_000;
          if (!(await step(handler, [minutes, minutes + 1], { action: 'handle', result: '已按要求处置完毕', photoIds: [`demo-after-${c.id}-${round}`] }))) return;
          if (!(await step(centre.receiver, [3, 30], { action: 'sendToCheck' }))) return;
          const passed = rand() > 0.06;
          if (!(await step(supervisor, [10, 80], { action: 'check', passed, photoIds: [`demo-check-${c.id}-${round}`] }))) return;
          if (passed) break;
        }
        if (c.status === 'pendingCallback') {
          if (!(await step(centre.receiver, [20, 240], { action: 'recordCallback', reached: rand() > 0.1, satisfaction: rand() > 0.08 ? 'satisfied' : 'basicallySatisfied' }))) return;
        }
        if (c.status === 'pendingClose') await step(centre.shiftLeader, [5, 50], { action: 'close' });
      };
      await lifecycle();
      if (!isFinal(c.status)) c = (await getCaseById(db, c.id))!;
    }
  }
  // History is history: notifications about events hours old are not delivered to today's inboxes.
  await db.query(
    `UPDATE jobs j SET done_at = now(), last_error = 'demo history: not delivered'
       FROM case_events e WHERE j.kind = 'notify' AND j.done_at IS NULL AND (j.payload->>'eventId')::bigint = e.id
        AND e.at < $1::timestamptz - interval '2 hours'`,
    [o.now],
  );
  const { rows } = await db.query(`SELECT count(*)::int AS n FROM case_events`);
  return { cases, events: rows[0].n };
}

const DESCRIPTIONS: Record<string, string> = {
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
