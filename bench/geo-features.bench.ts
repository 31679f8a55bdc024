/**
 * `npm run bench:geo [-- --smoke]`: the map features of the demo district — how big the answer for all of
 * its ~7,500 unit grids (and its streets and communities) is raw and gzipped, how long the simplified
 * collection takes to build, and how fast a cached answer and a 304 come back. In a scratch database
 * (embedded PostgreSQL, or a database created on TEST_DATABASE_URL's server) holding the demo (load-demo.ts,
 * one day of history), through the app as a browser calls it (`app.inject`, signed in as the demo admin).
 * Prints one JSON line per figure: {"bench":"grid_features","value":183000,"unit":"B","raw_bytes":…,…}.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { buildApp } from '../src/server/app.ts';
import { loadConfig, repoRoot } from '../src/server/config.ts';
import { resolveDataRoot, startEmbedded } from '../src/server/db/embedded.ts';
import { scratchDatabase } from '../src/server/db/scratch.ts';
import { DEMO_PASSWORD, loadDemo } from '../src/server/demo/load-demo.ts';
import { createGridIndexHolder } from '../src/server/modules/geo/grid-index.holder.ts';
import { buildDistrictFeatures } from '../src/server/modules/geo/map-features.ts';
import type { BenchFigure } from './grid-lookup.bench.ts';

/** The answer a browser must get under (issue 16): all of a district's grids in one response. */
const BUDGET_GZIP_BYTES = 1024 * 1024;

export async function main(argv: readonly string[] = process.argv.slice(2), print: (line: string) => void = console.log): Promise<BenchFigure[]> {
  const smoke = argv.includes('--smoke');
  const iterations = smoke ? 10 : 100;
  let adminUrl = process.env.TEST_DATABASE_URL;
  let stop: (() => Promise<void>) | undefined;
  if (!adminUrl) {
    const dataRoot = resolveDataRoot(path.join(repoRoot, '.data', `bench-geo-pg-${process.pid}`), () => {});
    const server = await startEmbedded({ dataRoot, settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' } });
    adminUrl = server.url;
    stop = async () => {
      await server.stop();
      fs.rmSync(dataRoot, { recursive: true, force: true });
    };
    for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => void stop?.().finally(() => process.exit(130)));
  }
  const scratch = await scratchDatabase(adminUrl, `gc_bench_geo_${process.pid}`, 4);
  const { db } = scratch;
  const figures: BenchFigure[] = [];
  const emit = (f: BenchFigure) => {
    figures.push(f);
    print(JSON.stringify(f));
  };
  // GUANCHENG_DEMO_DISTRICTS=2 measures both demo districts.
  const config = loadConfig({ NODE_ENV: 'production', GUANCHENG_LOG_LEVEL: 'silent', GUANCHENG_DEMO_DISTRICTS: process.env.GUANCHENG_DEMO_DISTRICTS ?? '1' });
  const grids = createGridIndexHolder(db);
  const app = await buildApp({ db, config, grids }, { logger: false });
  try {
    const tDemo = performance.now();
    await loadDemo(db, config, { days: 1, perDay: 1 });
    await grids.refresh();
    console.error(`# demo loaded in ${Math.round(performance.now() - tDemo)} ms`);
    const { rows: districts } = await db.query<{ code: string }>(`SELECT code FROM divisions WHERE level = 'district' ORDER BY code`);
    const gzip = { acceptEncoding: 'gzip, deflate, br' };
    const median = (ms: number[]) => Math.round([...ms].sort((a, b) => a - b)[Math.floor(ms.length / 2)]! * 100) / 100;
    const p95 = (ms: number[]) => Math.round([...ms].sort((a, b) => a - b)[Math.floor(ms.length * 0.95)]! * 100) / 100;
    for (const { code: district } of districts) {
      // The build alone (snapshot read, topology, simplification, per-feature JSON): what a stamp change costs.
      const built = await buildDistrictFeatures(db, district);
      const s = built.shapes;
      emit({ bench: 'grid_features_build', value: Math.round(built.buildMs), unit: 'ms', district, grids: built.grids.length, divisions: built.divisions.length,
        simplify_ms: Math.round(s.ms), arcs: s.arcs, positions_in: s.positionsIn, positions_out: s.positionsOut, kept_whole: s.keptWhole });

      // What a caller whose scope covers the district gets: the app's cache, the very bytes the endpoint sends.
      const q = { districtCode: district, detail: 'map' } as const;
      const t0 = performance.now();
      const zipped = (await grids.features.grids(null, q, gzip)).body!;
      const firstMs = performance.now() - t0;
      const raw = (await grids.features.grids(null, q, {})).body!;
      const full = (await grids.features.grids(null, { ...q, detail: 'full' }, gzip)).body!;
      const count = (JSON.parse(raw.toString('utf8')) as { features: unknown[] }).features.length;
      emit({ bench: 'grid_features', value: zipped.length, unit: 'B', district, grids: count, raw_bytes: raw.length, gzip_sync_bytes: gzipSync(raw).length,
        full_gzip_bytes: full.length, first_request_ms: Math.round(firstMs), budget_bytes: BUDGET_GZIP_BYTES, within_budget: zipped.length < BUDGET_GZIP_BYTES ? 'yes' : 'NO' });
      if (zipped.length >= BUDGET_GZIP_BYTES) process.exitCode = 1;
      for (const level of ['street', 'community'] as const) {
        const dq = { level, districtCode: district, detail: 'map' } as const;
        const r = (await grids.features.divisions(null, dq, {})).body!;
        const z = (await grids.features.divisions(null, dq, gzip)).body!;
        const n = (JSON.parse(r.toString('utf8')) as { features: unknown[] }).features.length;
        emit({ bench: 'division_features', value: z.length, unit: 'B', district, level, features: n, raw_bytes: r.length, gzip_sync_bytes: gzipSync(r).length });
      }
      // Cached: the stamps (one query), the ETag, the body kept gzipped.
      const appMs: number[] = [];
      for (let i = 0; i < iterations; i++) {
        const t = performance.now();
        await grids.features.grids(null, q, gzip);
        appMs.push(performance.now() - t);
      }
      emit({ bench: 'grid_features_cached_app', value: median(appMs), unit: 'ms', district, p95_ms: p95(appMs), iterations });
    }

    // Through HTTP as a browser calls it: the demo admin (the first district) signed in, gzip accepted.
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: DEMO_PASSWORD } });
    if (login.statusCode !== 200) throw new Error(`demo admin sign-in: ${login.statusCode} ${login.body}`);
    const cookie = `gc_session=${login.cookies.find((c) => c.name === 'gc_session')!.value}`;
    const district = districts[0]!.code;
    const url = `/api/grids/features?districtCode=${district}`;
    const time = async (headers: Record<string, string>, status: number) => {
      const ms: number[] = [];
      for (let i = 0; i < iterations; i++) {
        const t = performance.now();
        const res = await app.inject({ method: 'GET', url, headers: { cookie, 'accept-encoding': gzip.acceptEncoding, ...headers } });
        ms.push(performance.now() - t);
        if (res.statusCode !== status) throw new Error(`${url}: expected ${status}, got ${res.statusCode} ${res.body.slice(0, 200)}`);
      }
      return ms;
    };
    const first = await app.inject({ method: 'GET', url, headers: { cookie, 'accept-encoding': gzip.acceptEncoding } });
    const cached = await time({}, 200);
    emit({ bench: 'grid_features_cached', value: median(cached), unit: 'ms', district, p95_ms: p95(cached), bytes: first.rawPayload.length, iterations });
    const notModified = await time({ 'if-none-match': first.headers.etag as string }, 304);
    emit({ bench: 'grid_features_304', value: median(notModified), unit: 'ms', district, p95_ms: p95(notModified), iterations });
  } finally {
    await app.close();
    await scratch.drop();
    await stop?.();
  }
  return figures;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
