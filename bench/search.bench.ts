/**
 * `npm run bench:search [-- --smoke | --rows N] [--reuse] [--only REGEX] [--keep]`: the queries behind the
 * command centre's workbench and map at scale — case lists and saved filters, look-up by number, text
 * search, work queues and their counts with the workbench's near-due card, the map — each timed by itself (warm cache, one at a time).
 *
 * Where: embedded PostgreSQL 17 by default, or a database created on TEST_DATABASE_URL's server
 * (`TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:search` for PostgreSQL 15).
 * The dataset (search-dataset.ts) takes minutes at a million cases: `--reuse` keeps it between runs (in
 * .data/bench-search-pg for the embedded server, else on the server named) and applies new migrations to
 * it. `--only REGEX` times only the queries whose names match. `--keep` (with TEST_DATABASE_URL) leaves
 * a throwaway database behind for EXPLAIN.
 *
 * Prints one JSON line per figure: {"bench":"search_p95","query":"text_2char","value":12.3,"unit":"ms","rows":1000000,"p50":…}.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot } from '../src/server/config.ts';
import { resolveDataRoot, startEmbedded } from '../src/server/db/embedded.ts';
import type { Actor } from '../src/server/modules/auth/actor.ts';
import { createPrng } from '../src/server/modules/geo/prng.ts';
import { openStepsOf, searchCases as listCases } from '../src/server/modules/cases/search/case-list.query.ts';
import { mapCases } from '../src/server/modules/cases/search/case-map.query.ts';
import { listQueue, queueCounts } from '../src/server/modules/cases/search/case-queue.query.ts';
import { CASE_STATUSES, FINAL_STATUSES, type CaseStatus, type StepKind } from '../src/shared/cases/workflow.ts';
import type { Role } from '../src/shared/roles.ts';
import type { BenchFigure } from './grid-lookup.bench.ts';
import { BOX, caseNoOf, openDataset, supervisorIdOf, TEMPLATES, trackingNoOf } from './search-dataset.ts';

const ONE_CHAR = ['垃', '摊', '棚', '狗'];
const TWO_CHAR_WORDS = ['垃圾', '占道', '广告', '油烟', '烧烤', '渣土', '扬尘', '杂物', '停放', '满溢', '游商', '遗撒', '搭建', '井盖', '花坛'];
const THREE_CHAR_WORDS = ['小广告', '垃圾箱', '渣土车', '乱停放', '人行道', '防尘网', '消防栓', '城隍庙', '早餐摊', '彩钢棚'];
const FOUR_CHAR_WORDS = ['暴露垃圾', '占道经营', '露天烧烤', '油烟污染', '工地扬尘', '乱堆杂物', '道路遗撒', '私搭乱建', '无照经营', '消防通道', '城隍庙', '早餐摊'];
/** "未结案": every status but the final ones, as the workbench's status filter sends it. */
const OPEN: CaseStatus[] = CASE_STATUSES.filter((s) => !FINAL_STATUSES.includes(s));
const CATEGORY_CODES = [...new Set(TEMPLATES.map(([code]) => code))];

function actor(userId: number, role: Role, scopes: string[], unitId: number | null = null): Actor {
  return { userId, username: role, displayName: role, unitId, unitLead: false, roles: [role], permissions: new Set(), scopes, via: 'session', passwordExpired: false };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

export async function main(argv: readonly string[] = process.argv.slice(2), print: (line: string) => void = console.log): Promise<BenchFigure[]> {
  const smoke = argv.includes('--smoke');
  const flag = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
  const rows = flag('--rows') !== undefined ? Number(flag('--rows')) : smoke ? 20_000 : 1_000_000;
  if (!Number.isInteger(rows) || rows <= 0) throw new Error(`--rows must be a positive integer, got ${flag('--rows')}`);
  const only = flag('--only') !== undefined ? new RegExp(flag('--only')!) : undefined;
  const reuse = argv.includes('--reuse');
  // Smoke: every query a few times, to prove each still runs.
  const iterations = smoke ? 3 : 200;
  const budgetMs = 15_000;

  let adminUrl = process.env.TEST_DATABASE_URL;
  let stop: (() => Promise<void>) | undefined;
  if (!adminUrl) {
    // A reused dataset lives in a cluster of its own that stays; otherwise the cluster goes with the run.
    const dataRoot = resolveDataRoot(path.join(repoRoot, '.data', reuse ? 'bench-search-pg' : `bench-search-pg-${process.pid}`), () => {});
    // Throwaway data: no durability; buffers sized like a modest production server.
    const server = await startEmbedded({ dataRoot, settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', shared_buffers: '1GB', max_wal_size: '8GB', checkpoint_timeout: '30min' } });
    adminUrl = server.url;
    stop = async () => {
      await server.stop();
      if (!reuse) fs.rmSync(dataRoot, { recursive: true, force: true });
    };
    // An interrupted run must not leave its server behind.
    for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => void stop?.().finally(() => process.exit(130)));
  }
  const keep = argv.includes('--keep') && !stop;
  const data = await openDataset(adminUrl, rows, { reuse, keep });
  const { db, district, now } = data;
  const figures: BenchFigure[] = [];
  const emit = (f: BenchFigure) => {
    figures.push(f);
    print(JSON.stringify(f));
  };
  try {
    const { version } = (await db.query(`SELECT current_setting('server_version') AS version`)).rows[0];
    const sizes = (await db.query(
      `SELECT pg_total_relation_size('cases') AS total, pg_relation_size('cases') AS heap, pg_relation_size('cases_search_bigrams_idx') AS gin,
              pg_indexes_size('cases') AS cases_idx, pg_indexes_size('case_steps') AS steps_idx, (SELECT count(*) FROM case_steps)::int AS steps`,
    )).rows[0];
    const mb = (b: number) => Math.round(b / 1048576);
    if (data.build) emit({ bench: 'search_build', value: data.build.total_ms, unit: 'ms', rows, load_ms: data.build.load_ms, index_ms: data.build.index_ms, open_steps: sizes.steps, pg: version });
    else emit({ bench: 'search_build', value: 0, unit: 'ms', rows, reused: data.name, migrated: data.migrated.join(' '), open_steps: sizes.steps, pg: version });
    emit({ bench: 'search_size', value: mb(sizes.total), unit: 'MB', rows, heap_mb: mb(sizes.heap), gin_mb: mb(sizes.gin), cases_indexes_mb: mb(sizes.cases_idx), steps_indexes_mb: mb(sizes.steps_idx) });

    const u = district.users;
    const receiver = actor(u.receiver!.id, 'receiver', ['410104']);
    const shiftLeader = actor(u.shiftleader!.id, 'shiftLeader', ['410104']);
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
    const community = () => `${street()}${String(1 + Math.floor(rand() * 6)).padStart(3, '0')}`;
    const caseNumber = () => 1 + Math.floor(rand() * rows);
    const page = { limit: 50, offset: 0 };
    const deep = { limit: 50, offset: 1000 };
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
    const map = async (f: Parameters<typeof mapCases>[2], bbox: Parameters<typeof mapCases>[3], zoom: number) => (await mapCases(db, receiver, f, bbox, zoom, now)).count;
    type Kind = [query: string, n: number, run: () => Promise<number>];
    const kinds: Kind[] = [
      // The case list: the default page, filters, and the deadline order.
      ['list_first_page', iterations, () => list(receiver, { ...page })],
      ['list_filtered', iterations, () => list(receiver, { ...page, status: [pick(['closed', 'handling', 'pendingCheck', 'dispatched'] as const)], streetCode: street(), urgency: pick(['normal', 'urgent'] as const) })],
      ['list_overdue_by_due', iterations, () => list(dispatcher, { ...page, overdue: true, sort: 'dueAt', streetCode: street() })],
      ['list_open_by_due', iterations, () => list(dispatcher, { ...page, status: OPEN, sort: 'dueAt' })],
      // The list's 按时限 toggle with no filter: open cases by deadline, then every other case.
      ['list_all_by_due', iterations, () => list(receiver, { ...page, sort: 'dueAt' })],
      ['list_red_by_due', iterations, () => list(dispatcher, { ...page, colour: ['red'], sort: 'dueAt' })],
      // Look-up by number: 受理号 in the search box (q) and 案卷号 as the number filter; a number that does not exist.
      ['number_tracking', iterations, async () => list(receiver, { ...page, q: trackingNoOf(caseNumber()) })],
      ['number_case', iterations, async () => list(receiver, { ...page, number: caseNoOf(caseNumber()) })],
      ['number_missing', iterations, async () => list(receiver, { ...page, q: trackingNoOf(rows + caseNumber()) })],
      // The list's 受理号/案卷号 box (NumberLookup): the number filter, at most two rows.
      ['number_lookup_tracking', iterations, async () => list(receiver, { limit: 2, offset: 0, number: trackingNoOf(caseNumber()) })],
      ['number_lookup_case', iterations, async () => list(receiver, { limit: 2, offset: 0, number: caseNoOf(caseNumber()) })],
    ];
    // Saved filters: status + category + street/community + source + overdue/urgency, by either order, page 1 and page 21.
    const saved: Array<[name: string, f: () => Omit<Parameters<typeof listCases>[2], 'limit' | 'offset'>]> = [
      ['open_street', () => ({ status: OPEN, streetCode: street() })],
      ['open_category_community', () => ({ status: OPEN, categoryCode: pick(CATEGORY_CODES), communityCode: community() })],
      ['handling_source_overdue', () => ({ status: ['handling', 'dispatched'], source: ['citizen', 'hotline'], overdue: true })],
      ['open_urgent_street', () => ({ status: OPEN, urgency: 'urgent', streetCode: street() })],
      ['open_street_category_overdue', () => ({ status: OPEN, streetCode: street(), categoryCode: pick(CATEGORY_CODES), overdue: true })],
      ['closed_category_street_source', () => ({ status: ['closed'], categoryCode: pick(CATEGORY_CODES), streetCode: street(), source: ['supervisor'] })],
      ['all_filters', () => ({ status: ['handling'], categoryCode: pick(CATEGORY_CODES), streetCode: street(), source: ['supervisor', 'citizen'], urgency: 'normal', overdue: false })],
    ];
    for (const [name, f] of saved) {
      for (const sort of ['dueAt', 'reportedAt'] as const) {
        kinds.push([`saved_${name}_${sort}`, iterations, () => list(dispatcher, { ...page, ...f(), sort })]);
        kinds.push([`saved_${name}_${sort}_deep`, Math.ceil(iterations / 2), () => list(dispatcher, { ...deep, ...f(), sort })]);
      }
    }
    kinds.push(
      // Chinese text: 1 character (no bigram), 2, 3 and 4; alone and with a status filter.
      ['text_1char_fallback', Math.ceil(iterations / 4), () => list(receiver, { ...page, q: pick(ONE_CHAR) })],
      ['text_2char', iterations, () => list(receiver, { ...page, q: pick(TWO_CHAR_WORDS) })],
      ['text_3char', iterations, () => list(receiver, { ...page, q: pick(THREE_CHAR_WORDS) })],
      ['text_4char', iterations, () => list(receiver, { ...page, q: pick(FOUR_CHAR_WORDS) })],
      ['text_1char_open', iterations, () => list(receiver, { ...page, q: pick(ONE_CHAR), status: OPEN })],
      ['text_2char_open', iterations, () => list(receiver, { ...page, q: pick(TWO_CHAR_WORDS), status: OPEN })],
      ['text_3char_open', iterations, () => list(receiver, { ...page, q: pick(THREE_CHAR_WORDS), status: OPEN })],
      ['text_1char_closed', iterations, () => list(receiver, { ...page, q: pick(ONE_CHAR), status: ['closed'] })],
      ['text_2char_closed', iterations, () => list(receiver, { ...page, q: pick(TWO_CHAR_WORDS), status: ['closed'] })],
      ['text_2char_street_open', iterations, () => list(receiver, { ...page, q: pick(TWO_CHAR_WORDS), streetCode: street(), status: OPEN })],
      // The map: a block at zoom 17, a street-sized view at 15, the whole district at 12 and 13.
      ['bbox_small', iterations, () => map({}, view(0.003, 0.0025), 17)],
      ['bbox_street_open', iterations, () => map({ status: OPEN }, view(0.025, 0.02), 15)],
      ['bbox_street_all', Math.ceil(iterations / 4), () => map({}, view(0.025, 0.02), 15)],
      ['bbox_district_open', iterations, () => map({ status: OPEN }, BOX, 12)],
      ['bbox_district_open_z13', iterations, () => map({ status: OPEN }, BOX, 13)],
      ['bbox_district_urgent_open', iterations, () => map({ status: OPEN, urgency: 'urgent' }, BOX, 12)],
      ['bbox_district_all', Math.ceil(iterations / 10), () => map({}, BOX, 12)],
      // The map page's own filters (MapFilterBar: stage, urgency, street, overdue; open cases by default) and a grid at zoom 18.
      ['bbox_grid_open', iterations, () => map({ status: OPEN }, view(0.0015, 0.0012), 18)],
      ['bbox_district_overdue', iterations, () => map({ status: OPEN, overdue: true }, BOX, 12)],
      ['bbox_district_street_open', iterations, () => map({ status: OPEN, streetCode: street() }, BOX, 12)],
      ['bbox_district_handling', iterations, () => map({ status: ['handling', 'extensionRequested', 'returnRequested', 'shelveRequested'] }, BOX, 12)],
    );
    // Work queues: each role's whole queue, each tab (one step), and the counts per step.
    const roles: Array<[string, Actor, StepKind[]]> = [
      ['receiver', receiver, ['sendToVerify', 'sendToCheck', 'callback']],
      ['shiftleader', shiftLeader, ['file', 'close']],
      ['dispatcher', dispatcher, ['dispatch']],
      ['supervisor', supervisor, ['verify', 'check']],
      ['unit', handler, ['accept', 'handle']],
    ];
    for (const [name, a, steps] of roles) {
      kinds.push([`queue_${name}`, iterations, async () => (await listQueue(db, a, page)).items.length]);
      for (const step of steps) kinds.push([`queue_tab_${name}_${step}`, iterations, async () => (await listQueue(db, a, { ...page, step: [step] })).items.length]);
      kinds.push([`queue_summary_${name}`, iterations, async () => (await queueCounts(db, a, now)).reduce((n, x) => n + x.total, 0)]);
      // The workbench's 临近超时 card: red steps of the queue's kinds, from the case list (one row and the total).
      kinds.push([`near_due_${name}`, iterations, async () => (await listCases(db, a, { limit: 1, offset: 0, step: steps, colour: ['red'] }, now)).total]);
    }
    for (const [query, n, run] of kinds) {
      if (only && !only.test(query)) continue;
      for (let i = 0; i < Math.min(5, n); i++) await run(); // warm the cache and the plan
      const ms: number[] = [];
      let found = 0;
      const until = performance.now() + budgetMs;
      // n runs, or fewer (never under 20) once the budget is spent: a slow query must not hold the run for an hour.
      for (let i = 0; i < n && (i < 20 || performance.now() < until); i++) {
        const s = performance.now();
        found += await run();
        ms.push(performance.now() - s);
      }
      ms.sort((a, b) => a - b);
      const r1 = (x: number) => Math.round(x * 10) / 10;
      // The machine's load beside each figure: on a shared machine a busy minute multiplies every time.
      emit({ bench: 'search_p95', query, value: r1(percentile(ms, 95)), unit: 'ms', rows, p50: r1(percentile(ms, 50)), max: r1(ms[ms.length - 1]!), n: ms.length, avg_found: Math.round(found / ms.length), load1: r1(os.loadavg()[0]!) });
    }
  } finally {
    await data.close();
    if (keep) console.error(`# kept database ${data.name}`);
    await stop?.();
  }
  return figures;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
