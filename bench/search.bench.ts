/**
 * `npm run bench:search [-- --smoke | --rows N]`: case lists, text search, the map and work queues at scale.
 * In a throwaway database (embedded PostgreSQL, or a database created on TEST_DATABASE_URL's server):
 * migrate, seed the mini district's units, bulk-insert synthetic cases (Chinese descriptions from ~50
 * templates and 40 place names, points around 40 hotspots in a 9 km × 6.7 km box, a status mix like a
 * district a few years in, one open step per open case), ANALYZE, then time each query kind.
 * Prints one JSON line per figure: {"bench":"search_p95","query":"text_2char","value":12.3,"unit":"ms","rows":1000000}.
 */
import path from 'node:path';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { repoRoot } from '../src/server/config.ts';
import { resolveDataRoot, startEmbedded } from '../src/server/db/embedded.ts';
import type { Db, Queryable } from '../src/server/db/pool.ts';
import { scratchDatabase } from '../src/server/db/scratch.ts';
import type { Actor } from '../src/server/modules/auth/actor.ts';
import { createPrng } from '../src/server/modules/geo/prng.ts';
import { seedStandardCategories } from '../src/server/modules/categories/category.service.ts';
import { searchCases as listCases } from '../src/server/modules/cases/search/case-list.query.ts';
import { openStepsOf } from '../src/server/modules/cases/search/case-list.query.ts';
import { mapCases } from '../src/server/modules/cases/search/case-map.query.ts';
import { listQueue, queueCounts } from '../src/server/modules/cases/search/case-queue.query.ts';
import type { Role } from '../src/shared/roles.ts';
import { seedMiniDistrict } from '../test/support/factories.ts';
import type { BenchFigure } from './grid-lookup.bench.ts';

/** The synthetic district box (≈ 9 km × 6.7 km around Guancheng): 4 × 3 streets, 6 communities each, 40 grids each. */
const BOX = { minLng: 113.68, minLat: 34.7, maxLng: 113.78, maxLat: 34.76 };

const TEMPLATES: Array<[code: string, text: string]> = [
  ['06010', '{p}路边有暴露垃圾，无人清理'], ['06010', '{p}门口暴露垃圾堆积，气味难闻'], ['06010', '{p}绿化带内有暴露垃圾'],
  ['06011', '{p}附近积存垃圾渣土，影响通行'], ['06011', '{p}拆迁工地旁积存渣土未清运'],
  ['06014', '{p}路段道路遗撒泥土'], ['06014', '{p}出口道路遗撒，车辆带泥上路'],
  ['06027', '{p}餐馆油烟直排，居民投诉油烟污染'], ['06027', '{p}饭店未安装油烟净化器'],
  ['06029', '{p}夜间露天烧烤，烟雾扰民'], ['06029', '{p}路边露天烧烤摊占用人行道'],
  ['06036', '{p}楼道口乱堆杂物'], ['06036', '{p}人行道上乱堆杂物影响通行'],
  ['06042', '{p}垃圾箱满溢未及时清运'], ['06042', '{p}垃圾站满溢，周边有散落垃圾'],
  ['07001', '{p}墙面张贴非法小广告'], ['07001', '{p}电线杆上有非法小广告'], ['07001', '{p}单元门口喷涂小广告'],
  ['07003', '{p}违规设置户外广告牌'], ['07003', '{p}楼顶广告牌破损存在安全隐患'],
  ['08004', '{p}工地扬尘严重，未覆盖防尘网'], ['08004', '{p}施工现场未洒水降尘'],
  ['08011', '{p}渣土运输车辆未密闭，沿途遗撒'], ['08011', '夜间{p}附近渣土车未安装密闭装置'],
  ['08012', '{p}工地出口车辆车轮夹带泥土上路'],
  ['09001', '{p}无照经营游商叫卖'], ['09001', '{p}门口流动摊贩无照经营'],
  ['09005', '{p}商户店外经营，占用人行道'], ['09005', '{p}水果店出店经营'],
  ['09006', '{p}早市占道经营'], ['09006', '{p}夜市摊点占道经营影响通行'], ['09006', '{p}路口占道经营卖菜'],
  ['09009', '{p}机动车乱停放堵塞消防通道'], ['09009', '{p}人行道上机动车乱停放'],
  ['06001', '{p}私搭乱建彩钢棚'], ['06001', '{p}楼顶私搭乱建'],
  ['06010', '{p}东侧垃圾清运不及时'], ['09006', '{p}西门外早餐摊占道'], ['06036', '{p}废旧家具堆放在路边'],
  ['07001', '{p}公交站牌贴满小广告'], ['09009', '{p}共享单车乱停放'], ['06027', '{p}烧烤店油烟扰民'],
  ['08004', '{p}渣土堆放未苫盖，起风扬尘'], ['06014', '凌晨{p}路面遗撒建筑垃圾'], ['09005', '{p}超市门前摆放货架店外经营'],
  ['06042', '{p}分类垃圾桶满溢'], ['06001', '{p}院内违规搭建棚房'], ['09001', '{p}学校门口游商聚集'],
  ['06029', '{p}广场夜间烧烤摊油烟大'], ['07003', '{p}商铺门头广告超出规定尺寸'],
];
const PLACES = [
  '城东路', '紫荆山路', '商城路', '东大街', '北下街', '顺河路', '管城街', '航海东路', '未来路', '南关街', '西大街', '书院街',
  '二七路', '陇海路', '城南路', '南顺城街', '东明路', '货站街', '熊儿河', '金岱路', '中州大道', '港湾路', '十八里河', '圃田西路',
  '紫荆山公园', '郑州东站', '城隍庙', '文庙', '商城遗址', '农贸市场', '小学', '中学', '地铁站', '东方红影院', '百货大楼', '电厂小区',
  '纺织宿舍', '铁路家属院', '回民中学', '清真寺',
];
const ROADS = ['城东路', '紫荆山路', '商城路', '东大街', '北下街', '顺河路', '管城街', '航海东路', '未来路', '南关街', '西大街', '书院街', '东明路', '港湾路', '金岱路', 'A区', 'B区', '东区', '西区'];

/** Status shares (cumulative thresholds are computed from these): mostly closed, the rest spread over the loop. */
const STATUS_MIX: Array<[string, number]> = [
  ['closed', 0.84], ['voided', 0.02], ['notTrue', 0.01], ['merged', 0.005],
  ['reported', 0.01], ['verifying', 0.01], ['pendingFiling', 0.01], ['pendingDispatch', 0.01], ['dispatched', 0.01],
  ['handling', 0.04], ['shelved', 0.005], ['pendingCheck', 0.01], ['checking', 0.005], ['pendingCallback', 0.005], ['pendingClose', 0.01],
];
const AFTER_DISPATCH = ['dispatched', 'handling', 'shelved', 'pendingCheck', 'checking', 'pendingCallback', 'pendingClose', 'closed'];

/** The open step of each open status: [status, step, assignee role, limit hours]. */
const OPEN_STEPS: Array<[string, string, string, number]> = [
  ['reported', 'sendToVerify', 'receiver', 0.5], ['verifying', 'verify', 'supervisor', 1], ['pendingFiling', 'file', 'shiftLeader', 0.5],
  ['pendingDispatch', 'dispatch', 'dispatcher', 0.5], ['dispatched', 'accept', 'handlingUnit', 1], ['dispatched', 'handle', 'handlingUnit', 8],
  ['handling', 'handle', 'handlingUnit', 8], ['shelved', 'handle', 'handlingUnit', 8], ['pendingCheck', 'sendToCheck', 'receiver', 0.5],
  ['checking', 'check', 'supervisor', 1], ['pendingCallback', 'callback', 'receiver', 8], ['pendingClose', 'close', 'shiftLeader', 1],
];

/** A synthetic supervisor per grid: the id written into verify/check steps of that grid. */
const supervisorIdOf = (gridCode: string) => 1_000_000_000 + Number(gridCode.slice(-9));

function statusCase(): string {
  let acc = 0;
  const total = STATUS_MIX.reduce((n, [, s]) => n + s, 0);
  const arms = STATUS_MIX.map(([st, share]) => `WHEN r_status < ${(acc += share / total).toFixed(6)} THEN '${st}'`);
  return `CASE ${arms.join(' ')} ELSE 'closed' END`;
}

/** Inserts cases `from`..`to` (tracking numbers B<i>); run chunks on several connections in parallel. */
async function insertSyntheticCases(db: Queryable, from: number, to: number, unitIds: number[], now: Date, seed: number): Promise<void> {
  await db.query(`SELECT setseed($1)`, [seed]);
  const hotspots = Array.from({ length: 40 }, (_, k) => [BOX.minLng + ((k * 37) % 40) / 40 * (BOX.maxLng - BOX.minLng) + 0.001, BOX.minLat + ((k * 13) % 40) / 40 * (BOX.maxLat - BOX.minLat) + 0.001]);
  const { minLng, minLat, maxLng, maxLat } = BOX;
  await db.query(
    `INSERT INTO cases (district_code, tracking_no, source, category_kind, category_code, lng, lat, grid_code, community_code, street_code,
                        address, description, urgency, status, lead_unit_id, co_unit_ids, reported_at, filed_at, closed_at, updated_at)
     SELECT '410104', 'B' || i, src, 'event', ($2::text[])[t], lng, lat, g, left(g, 12), left(g, 9), addr, replace(($1::text[])[t], '{p}', ($3::text[])[p]), urg, st,
            CASE WHEN st = ANY($9::text[]) THEN ($8::bigint[])[1 + (i % array_length($8::bigint[], 1))] END,
            CASE WHEN st = ANY($9::text[]) AND i % 10 = 0 THEN ARRAY[($8::bigint[])[1]] ELSE '{}' END,
            rep, rep + interval '1 hour', CASE WHEN st = 'closed' THEN rep + interval '1 day' END, rep
       FROM (
         SELECT i, t, p, src, urg, st, lng, lat, addr,
                CASE WHEN st IN ('closed', 'voided', 'notTrue', 'merged') THEN $7::timestamptz - r_age * interval '730 days' ELSE $7::timestamptz - r_age * interval '10 days' END AS rep,
                '410104' || lpad((1 + floor(fy * 3) * 4 + floor(fx * 4))::int::text, 3, '0')
                         || lpad((1 + floor((fy * 3 - floor(fy * 3)) * 3) * 2 + floor((fx * 4 - floor(fx * 4)) * 2))::int::text, 3, '0')
                         || lpad((1 + floor(((fy * 9) - floor(fy * 9)) * 5) * 8 + floor(((fx * 8) - floor(fx * 8)) * 8))::int::text, 3, '0') AS g
           FROM (
             SELECT i, t, p, src, urg, ${statusCase()} AS st, r_age, lng, lat, addr,
                    least((lng - ${minLng}) / ${maxLng - minLng}, 0.999999) AS fx, least((lat - ${minLat}) / ${maxLat - minLat}, 0.999999) AS fy
               FROM (
                 SELECT i, 1 + floor(random() * array_length($1::text[], 1))::int AS t, 1 + floor(random() * array_length($3::text[], 1))::int AS p,
                        CASE WHEN random() < 0.8 THEN 'supervisor' WHEN random() < 0.6 THEN 'citizen' WHEN random() < 0.75 THEN 'hotline' ELSE 'video' END AS src,
                        CASE WHEN random() < 0.03 THEN 'urgent' ELSE 'normal' END AS urg,
                        random() AS r_status, random() AS r_age,
                        ($4::text[])[1 + floor(random() * array_length($4::text[], 1))::int] || (1 + floor(random() * 300))::int || '号' AS addr,
                        h, hot
                   FROM generate_series($5::int, $6::int) i,
                        LATERAL (SELECT i AS _i, 1 + floor(random() * 40)::int AS h, random() < 0.7 AS hot) x
               ) a,
               LATERAL (SELECT CASE WHEN hot THEN greatest(${minLng}, least(${maxLng}, ($10::float8[])[h] + (random() - 0.5) * 0.008)) ELSE ${minLng} + random() * ${maxLng - minLng} END AS lng,
                               CASE WHEN hot THEN greatest(${minLat}, least(${maxLat}, ($11::float8[])[h] + (random() - 0.5) * 0.006)) ELSE ${minLat} + random() * ${maxLat - minLat} END AS lat, a.i AS _i) l
           ) b
       ) c`,
    [TEMPLATES.map((x) => x[1]), TEMPLATES.map((x) => x[0]), PLACES, ROADS, from, to, now, unitIds, AFTER_DISPATCH, hotspots.map((h) => h[0]), hotspots.map((h) => h[1])],
  );
}

/** One open step per open case (two while awaiting acceptance), started in the last two days. */
async function insertOpenSteps(db: Queryable, now: Date): Promise<void> {
  await db.query(
    `INSERT INTO case_steps (case_id, step, assignee_role, assignee_unit_id, assignee_user_ids, clock_type, limit_amount, limit_unit, started_at, due_at, suspended_at)
     SELECT c.id, m.step, m.role, CASE WHEN m.role = 'handlingUnit' THEN c.lead_unit_id END,
            CASE WHEN m.role = 'supervisor' THEN ARRAY[1000000000 + right(c.grid_code, 9)::bigint] ELSE '{}' END,
            CASE WHEN c.urgency = 'urgent' THEN 'emergency' ELSE 'workingHours' END, m.hours, 'hours', st, st + m.hours * interval '1 hour' * (1 + random() * 2),
            CASE WHEN c.status = 'shelved' THEN st + interval '1 hour' END
       FROM cases c
       JOIN (SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[])) m(status, step, role, hours) ON m.status = c.status,
       LATERAL (SELECT $5::timestamptz - random() * interval '48 hours' + (c.id % 1) * interval '0 s' AS st) s`,
    [OPEN_STEPS.map((x) => x[0]), OPEN_STEPS.map((x) => x[1]), OPEN_STEPS.map((x) => x[2]), OPEN_STEPS.map((x) => x[3]), now],
  );
}

const TWO_CHAR_WORDS = ['垃圾', '占道', '广告', '油烟', '烧烤', '渣土', '扬尘', '杂物', '停放', '满溢', '游商', '遗撒', '搭建', '井盖', '花坛'];
const FOUR_CHAR_WORDS = ['暴露垃圾', '占道经营', '露天烧烤', '油烟污染', '工地扬尘', '乱堆杂物', '道路遗撒', '私搭乱建', '无照经营', '消防通道', '城隍庙', '早餐摊'];

const OPEN_STATUSES = STATUS_MIX.map(([s]) => s).filter((s) => !['closed', 'voided', 'notTrue', 'merged'].includes(s));

function actor(userId: number, role: Role, scopes: string[], unitId: number | null = null): Actor {
  return { userId, username: role, displayName: role, unitId, roles: [role], permissions: new Set(), scopes, via: 'session', passwordExpired: false };
}

/** Drops the secondary indexes of the two big tables and returns the statements that rebuild them: bulk loads go faster without. */
async function dropSecondaryIndexes(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ name: string; def: string }>(
    `SELECT indexrelid::regclass::text AS name, pg_get_indexdef(indexrelid) AS def FROM pg_index i
      WHERE indrelid IN ('cases'::regclass, 'case_steps'::regclass) AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`,
  );
  for (const r of rows) await db.query(`DROP INDEX ${r.name}`);
  return rows.map((r) => r.def);
}

async function parallel<T>(db: Db, workers: number, jobs: T[], run: (c: pg.PoolClient, job: T) => Promise<void>): Promise<void> {
  const queue = [...jobs];
  await Promise.all(Array.from({ length: workers }, async () => {
    const c = await db.connect();
    try {
      await c.query(`SET synchronous_commit = off`);
      await c.query(`SET maintenance_work_mem = '512MB'`);
      for (let job = queue.shift(); job !== undefined; job = queue.shift()) await run(c, job);
    } finally {
      c.release();
    }
  }));
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

export async function main(argv: readonly string[] = process.argv.slice(2), print: (line: string) => void = console.log): Promise<BenchFigure[]> {
  const smoke = argv.includes('--smoke');
  const rowsFlag = argv.indexOf('--rows');
  const rows = rowsFlag >= 0 ? Number(argv[rowsFlag + 1]) : smoke ? 20_000 : 1_000_000;
  if (!Number.isInteger(rows) || rows <= 0) throw new Error(`--rows must be a positive integer, got ${argv[rowsFlag + 1]}`);
  const iterations = smoke ? 20 : 200;

  let adminUrl = process.env.TEST_DATABASE_URL;
  let stop: (() => Promise<void>) | undefined;
  if (!adminUrl) {
    const dataRoot = resolveDataRoot(path.join(repoRoot, '.data', `bench-search-pg-${process.pid}`), () => {});
    // Throwaway data: no durability; buffers sized like a modest production server.
    const server = await startEmbedded({ dataRoot, settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', shared_buffers: '1GB', max_wal_size: '8GB', checkpoint_timeout: '30min' } });
    adminUrl = server.url;
    stop = async () => {
      await server.stop();
      fs.rmSync(dataRoot, { recursive: true, force: true });
    };
    // An interrupted run must not leave its server behind.
    for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => void stop?.().finally(() => process.exit(130)));
  }
  const name = `gc_bench_search_${process.pid}`;
  const scratch = await scratchDatabase(adminUrl, name, 4);
  const { db } = scratch;
  const figures: BenchFigure[] = [];
  const emit = (f: BenchFigure) => {
    figures.push(f);
    print(JSON.stringify(f));
  };
  try {
    await seedStandardCategories(db);
    const district = await seedMiniDistrict(db);
    const { version } = (await db.query(`SELECT current_setting('server_version') AS version`)).rows[0];
    const now = new Date();

    const t0 = performance.now();
    const indexes = await dropSecondaryIndexes(db);
    const chunk = 50_000;
    const chunks = Array.from({ length: Math.ceil(rows / chunk) }, (_, k) => k);
    const units = [district.unitIds.sanitation, district.unitIds.streetOffice, district.unitIds.squad];
    await parallel(db, 2, chunks, (c, k) => insertSyntheticCases(c, k * chunk + 1, Math.min(rows, (k + 1) * chunk), units, now, ((k * 7919) % 1000) / 1000));
    await insertOpenSteps(db, now);
    const tLoad = performance.now();
    await parallel(db, 2, indexes, async (c, def) => void (await c.query(def)));
    await db.query(`VACUUM ANALYZE cases`);
    await db.query(`VACUUM ANALYZE case_steps`);
    const tBuilt = performance.now();
    const sizes = (await db.query(
      `SELECT pg_total_relation_size('cases') AS total, pg_relation_size('cases') AS heap, pg_relation_size('cases_search_bigrams_idx') AS gin,
              (SELECT count(*) FROM case_steps)::int AS steps`,
    )).rows[0];
    const mb = (b: number) => Math.round(b / 1048576);
    emit({ bench: 'search_build', value: Math.round(tBuilt - t0), unit: 'ms', rows, load_ms: Math.round(tLoad - t0), index_ms: Math.round(tBuilt - tLoad), open_steps: sizes.steps, pg: version });
    emit({ bench: 'search_size', value: mb(sizes.total), unit: 'MB', rows, heap_mb: mb(sizes.heap), gin_mb: mb(sizes.gin) });

    const u = district.users;
    const receiver = actor(u.receiver!.id, 'receiver', ['410104']);
    const dispatcher = actor(u.dispatcher!.id, 'dispatcher', ['410104']);
    const handler = actor(u.handler!.id, 'handler', ['410104001'], district.unitIds.streetOffice);
    const { rows: busiest } = await db.query<{ grid_code: string }>(
      `SELECT c.grid_code FROM case_steps s JOIN cases c ON c.id = s.case_id WHERE s.assignee_role = 'supervisor' AND s.ended_at IS NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
    );
    const supGrid = busiest[0]?.grid_code ?? '410104001001001';
    const supervisor = actor(supervisorIdOf(supGrid), 'supervisor', [supGrid]);

    const rand = createPrng(20260302);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    const street = () => `410104${String(1 + Math.floor(rand() * 12)).padStart(3, '0')}`;
    const page = { limit: 50, offset: 0 };
    const list = async (a: Actor, f: Parameters<typeof listCases>[2]) => {
      const r = await listCases(db, a, f, now);
      await openStepsOf(db, r.items.map((c) => c.id));
      return r.items.length;
    };
    const view = (w: number, h: number) => {
      const x = BOX.minLng + rand() * (BOX.maxLng - BOX.minLng - w);
      const y = BOX.minLat + rand() * (BOX.maxLat - BOX.minLat - h);
      return { minLng: x, minLat: y, maxLng: x + w, maxLat: y + h };
    };
    const kinds: Array<[query: string, n: number, run: () => Promise<number>]> = [
      ['list_first_page', iterations, () => list(receiver, { ...page })],
      ['list_filtered', iterations, () => list(receiver, { ...page, status: [pick(['closed', 'handling', 'pendingCheck', 'dispatched'] as const)], streetCode: street(), urgency: pick(['normal', 'urgent'] as const) })],
      ['list_overdue_by_due', iterations, () => list(dispatcher, { ...page, overdue: true, sort: 'dueAt', streetCode: street() })],
      ['text_2char', iterations, () => list(receiver, { ...page, q: pick(TWO_CHAR_WORDS) })],
      ['text_4char', iterations, () => list(receiver, { ...page, q: pick(FOUR_CHAR_WORDS) })],
      ['text_2char_street_open', iterations, () => list(receiver, { ...page, q: pick(TWO_CHAR_WORDS), streetCode: street(), status: OPEN_STATUSES as never })],
      ['text_1char_fallback', Math.ceil(iterations / 4), () => list(receiver, { ...page, q: pick(['垃', '摊', '棚', '狗']) })],
      ['bbox_small', iterations, async () => { const r = await mapCases(db, receiver, {}, view(0.003, 0.0025), 17, now); return r.count; }],
      ['bbox_district_open', Math.ceil(iterations / 4), async () => (await mapCases(db, receiver, { status: OPEN_STATUSES as never }, BOX, 12, now)).count],
      ['bbox_district_all', Math.ceil(iterations / 10), async () => (await mapCases(db, receiver, {}, BOX, 12, now)).count],
      ['queue_receiver', iterations, async () => (await listQueue(db, receiver, page)).items.length],
      ['queue_dispatcher', iterations, async () => (await listQueue(db, dispatcher, page)).items.length],
      ['queue_unit', iterations, async () => (await listQueue(db, handler, page)).items.length],
      ['queue_supervisor', iterations, async () => (await listQueue(db, supervisor, page)).items.length],
      ['queue_summary_receiver', iterations, async () => (await queueCounts(db, receiver, now)).reduce((n, x) => n + x.total, 0)],
      ['queue_summary_unit', iterations, async () => (await queueCounts(db, handler, now)).reduce((n, x) => n + x.total, 0)],
    ];
    for (const [query, n, run] of kinds) {
      for (let i = 0; i < Math.min(5, n); i++) await run(); // warm the cache and the plan
      const ms: number[] = [];
      let found = 0;
      for (let i = 0; i < n; i++) {
        const s = performance.now();
        found += await run();
        ms.push(performance.now() - s);
      }
      ms.sort((a, b) => a - b);
      const r1 = (x: number) => Math.round(x * 10) / 10;
      emit({ bench: 'search_p95', query, value: r1(percentile(ms, 95)), unit: 'ms', rows, p50: r1(percentile(ms, 50)), max: r1(ms[ms.length - 1]!), n, avg_found: Math.round(found / n) });
    }
  } finally {
    // --keep (with TEST_DATABASE_URL) leaves the database for EXPLAIN.
    const keep = argv.includes('--keep') && !stop;
    await scratch.drop({ keep });
    if (keep) console.error(`# kept database ${name}`);
    await stop?.();
  }
  return figures;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
