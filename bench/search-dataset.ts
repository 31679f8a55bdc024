/**
 * The synthetic district bench:search measures (search.bench.ts): the mini district's units and users, then
 * `rows` cases with Chinese descriptions from ~50 templates and 40 place names, points around 40 hotspots in
 * a 9 km × 6.7 km box, a status mix like a district a few years in, readable tracking numbers (2026-T…) and
 * case numbers once filed (2026-A…), and one open step per open case (two while awaiting acceptance).
 *
 * Building a million cases takes minutes, so `--reuse` keeps the database (named by size and by the
 * generator's own text, so a changed generator builds afresh) and later runs open it again: pending
 * migrations are applied to it and it is analysed again. A migration changed after it was applied there
 * cannot be undone in place: the cache is rebuilt.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { withDatabase } from '../src/server/db/embedded.ts';
import { migrate, migrationFiles } from '../src/server/db/migrate.ts';
import { createPool, type Db, type Queryable } from '../src/server/db/pool.ts';
import { scratchDatabase } from '../src/server/db/scratch.ts';
import { seedStandardCategories } from '../src/server/modules/categories/category.service.ts';
import { seedMiniDistrict, type MiniDistrict } from '../test/support/factories.ts';

/** The synthetic district box (≈ 9 km × 6.7 km around Guancheng): 4 × 3 streets, 6 communities each, 40 grids each. */
export const BOX = { minLng: 113.68, minLat: 34.7, maxLng: 113.78, maxLat: 34.76 };

export const TEMPLATES: Array<[code: string, text: string]> = [
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
export const STATUS_MIX: Array<[string, number]> = [
  ['closed', 0.84], ['voided', 0.02], ['notTrue', 0.01], ['merged', 0.005],
  ['reported', 0.01], ['verifying', 0.01], ['pendingFiling', 0.01], ['pendingDispatch', 0.01], ['dispatched', 0.01],
  ['handling', 0.04], ['shelved', 0.005], ['pendingCheck', 0.01], ['checking', 0.005], ['pendingCallback', 0.005], ['pendingClose', 0.01],
];
const AFTER_DISPATCH = ['dispatched', 'handling', 'shelved', 'pendingCheck', 'checking', 'pendingCallback', 'pendingClose', 'closed'];
/** Statuses that come after filing, so the case holds a case number (案卷号). */
const FILED = ['pendingDispatch', ...AFTER_DISPATCH];

/** The open step of each open status: [status, step, assignee role, limit hours]. */
export const OPEN_STEPS: Array<[string, string, string, number]> = [
  ['reported', 'sendToVerify', 'receiver', 0.5], ['verifying', 'verify', 'supervisor', 1], ['pendingFiling', 'file', 'shiftLeader', 0.5],
  ['pendingDispatch', 'dispatch', 'dispatcher', 0.5], ['dispatched', 'accept', 'handlingUnit', 1], ['dispatched', 'handle', 'handlingUnit', 8],
  ['handling', 'handle', 'handlingUnit', 8], ['shelved', 'handle', 'handlingUnit', 8], ['pendingCheck', 'sendToCheck', 'receiver', 0.5],
  ['checking', 'check', 'supervisor', 1], ['pendingCallback', 'callback', 'receiver', 8], ['pendingClose', 'close', 'shiftLeader', 1],
];

/** The tracking number (受理号) and, once filed, case number (案卷号) of synthetic case i. */
export const trackingNoOf = (i: number) => `2026-T${String(i).padStart(7, '0')}`;
export const caseNoOf = (i: number) => `2026-A${String(i).padStart(7, '0')}`;

/** A synthetic supervisor per grid: the id written into verify/check steps of that grid. */
export const supervisorIdOf = (gridCode: string) => 1_000_000_000 + Number(gridCode.slice(-9));

function statusCase(): string {
  let acc = 0;
  const total = STATUS_MIX.reduce((n, [, s]) => n + s, 0);
  const arms = STATUS_MIX.map(([st, share]) => `WHEN r_status < ${(acc += share / total).toFixed(6)} THEN '${st}'`);
  return `CASE ${arms.join(' ')} ELSE 'closed' END`;
}

/** Inserts cases `from`..`to` (the i-th has tracking number trackingNoOf(i)); run chunks on several connections in parallel. */
async function insertSyntheticCases(db: Queryable, from: number, to: number, unitIds: number[], now: Date, seed: number): Promise<void> {
  await db.query(`SELECT setseed($1)`, [seed]);
  const hotspots = Array.from({ length: 40 }, (_, k) => [BOX.minLng + ((k * 37) % 40) / 40 * (BOX.maxLng - BOX.minLng) + 0.001, BOX.minLat + ((k * 13) % 40) / 40 * (BOX.maxLat - BOX.minLat) + 0.001]);
  const { minLng, minLat, maxLng, maxLat } = BOX;
  await db.query(
    `INSERT INTO cases (district_code, tracking_no, case_no, source, category_kind, category_code, lng, lat, grid_code, community_code, street_code,
                        address, description, urgency, status, lead_unit_id, co_unit_ids, reported_at, filed_at, closed_at, updated_at)
     SELECT '410104', '2026-T' || lpad(i::text, 7, '0'), CASE WHEN st = ANY($12::text[]) THEN '2026-A' || lpad(i::text, 7, '0') END,
            src, 'event', ($2::text[])[t], lng, lat, g, left(g, 12), left(g, 9), addr, replace(($1::text[])[t], '{p}', ($3::text[])[p]), urg, st,
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
    [TEMPLATES.map((x) => x[1]), TEMPLATES.map((x) => x[0]), PLACES, ROADS, from, to, now, unitIds, AFTER_DISPATCH, hotspots.map((h) => h[0]), hotspots.map((h) => h[1]), FILED],
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

export interface Dataset {
  db: Db;
  name: string;
  district: MiniDistrict;
  /** The clock the data was generated against: queries ask "now" as of then. */
  now: Date;
  /** Build figures (absent when a cached database was reused). */
  build?: { load_ms: number; index_ms: number; total_ms: number };
  /** Migrations applied to a reused database on opening it. */
  migrated: string[];
  close(): Promise<void>;
}

const sha = (s: string) => createHash('sha1').update(s).digest('hex');
const migrationsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'src', 'server', 'db', 'migrations');
const migrationHashes = (): Record<string, string> => Object.fromEntries(migrationFiles().map((f) => [f, sha(fs.readFileSync(path.join(migrationsDir, f), 'utf8'))]));
/** Names the cache after what it holds: a changed generator is another dataset. */
const GENERATOR = sha([insertSyntheticCases, insertOpenSteps, statusCase].map(String).join('\n') + JSON.stringify([TEMPLATES, PLACES, ROADS, STATUS_MIX, OPEN_STEPS, BOX])).slice(0, 8);

async function adminQuery<T extends pg.QueryResultRow>(adminUrl: string, sql: string, args: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    return (await c.query<T>(sql, args)).rows;
  } finally {
    await c.end();
  }
}

/** Opens the cached dataset `name` if it is usable, else undefined (and drops what is there). */
async function openCached(adminUrl: string, name: string): Promise<Dataset | undefined> {
  if (!(await adminQuery(adminUrl, `SELECT 1 FROM pg_database WHERE datname = $1`, [name])).length) return undefined;
  const db = createPool(withDatabase(adminUrl, name), 4);
  const meta = await db.query<{ k: string; v: string }>(`SELECT k, v FROM bench_meta`).then((r) => new Map(r.rows.map((x) => [x.k, x.v])), () => new Map<string, string>());
  const applied = JSON.parse(meta.get('migrations') ?? 'null') as Record<string, string> | null;
  const now = meta.get('now');
  const hashes = migrationHashes();
  const changed = !applied || !now ? ['(incomplete build)'] : Object.keys(applied).filter((f) => applied[f] !== hashes[f]);
  if (changed.length) {
    console.error(`# cached ${name} is stale (${changed.join(', ')}): building it again`);
    await db.end();
    await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    return undefined;
  }
  const migrated = await migrate(db);
  if (migrated.length) {
    await db.query(`VACUUM ANALYZE cases`);
    await db.query(`VACUUM ANALYZE case_steps`);
  }
  await db.query(`UPDATE bench_meta SET v = $1 WHERE k = 'migrations'`, [JSON.stringify(hashes)]);
  return { db, name, district: JSON.parse(meta.get('district')!) as MiniDistrict, now: new Date(now!), migrated, close: () => db.end() };
}

/**
 * A database holding `rows` synthetic cases on the server at `adminUrl`: the cached one when `reuse`
 * finds it usable, else built (and, with `reuse` or `keep`, left in place when closed).
 */
export async function openDataset(adminUrl: string, rows: number, opts: { reuse: boolean; keep: boolean }): Promise<Dataset> {
  const name = opts.reuse ? `gc_bench_search_${rows}_${GENERATOR}` : `gc_bench_search_${process.pid}`;
  if (opts.reuse) {
    const cached = await openCached(adminUrl, name);
    if (cached) return cached;
  }
  const scratch = await scratchDatabase(adminUrl, name, 4);
  const { db } = scratch;
  try {
    await seedStandardCategories(db);
    const district = await seedMiniDistrict(db);
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
    if (opts.reuse) {
      // Written last: a build interrupted before this point is rebuilt next time.
      await db.query(`CREATE TABLE bench_meta (k text PRIMARY KEY, v text NOT NULL)`);
      await db.query(`INSERT INTO bench_meta (k, v) VALUES ('now', $1), ('district', $2), ('migrations', $3)`, [now.toISOString(), JSON.stringify(district), JSON.stringify(migrationHashes())]);
    }
    const keep = opts.reuse || opts.keep;
    return {
      db, name, district, now, migrated: [],
      build: { load_ms: Math.round(tLoad - t0), index_ms: Math.round(tBuilt - tLoad), total_ms: Math.round(tBuilt - t0) },
      close: () => scratch.drop({ keep }),
    };
  } catch (err) {
    await scratch.drop();
    throw err;
  }
}
