/**
 * `npm run bench:intake`: report intake (no photos) under 64 concurrent connections for 20 s after a
 * warm-up, against a real `guancheng start` process on PostgreSQL, and in the same run a bare Fastify
 * JSON endpoint the same way; the load generator (autocannon) runs on the same machine. Prints
 * {"bench":"intake","value":<reports/s>,"unit":"req/s","p99_ms":…,"bare":<bare req/s>,"ratio":<value/bare>}.
 * The reports are a daytime hotline mix: a point drawn inside a random grid, the demo's daytime categories
 * and their descriptions, an address and a phone number — so a report meets the few possible duplicates
 * a real one does. `--same-spot` sends the earlier load instead: one category and text at the centres of
 * the grids over and over, so after a few seconds every report has the full list of 20 duplicates.
 * `--smoke`: 2 s runs, 16 connections.
 * `--in-process`: first, the same reports through reportCase() in this process — no HTTP, no Fastify, no
 * load generator — with as many in flight as the connections, on a copy of the database, and the CPU each
 * side spends per report: what the domain and PostgreSQL cost alone, so the rest of the app's CPU is the web layer's.
 * `--trace`: the intake run's responses per 250 ms window (count, median, p99, slowest) on stderr: whether a
 * tail comes from stalls of every connection at once or is spread over the run.
 * `--idempotency`: every report carries a fresh Idempotency-Key (as the web and field apps send), claimed with its case.
 * BENCH_APP_NODE_FLAGS: extra Node flags for the app process (e.g. `--perf-basic-prof` to read `perf` samples by JS function).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { loadConfig, repoRoot } from '../src/server/config.ts';
import { resolveDataRoot, startEmbedded, withDatabase } from '../src/server/db/embedded.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { createPool } from '../src/server/db/pool.ts';
import { loadDemo } from '../src/server/demo/load-demo.ts';
import { createApiToken, loadActor } from '../src/server/modules/auth/auth.service.ts';
import { createGridIndexHolder, type GridIndexHolder } from '../src/server/modules/geo/grid-index.holder.ts';
import { createNotifier } from '../src/server/db/notifier.ts';
import type { Db } from '../src/server/db/pool.ts';
import { createAppState } from '../src/server/app-state.ts';
import { reportCase, type ReportInput } from '../src/server/modules/cases/commands/report-case.ts';
import { categoriesAt, DEMO_DESCRIPTIONS, weighted } from '../src/server/demo/bulk-rhythm.ts';
import { createPrng } from '../src/server/modules/geo/prng.ts';
import type { Actor } from '../src/server/modules/auth/actor.ts';


async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

async function waitReady(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode})`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`not ready: ${url}`);
}

/** CPU seconds (user + system) used so far by the app, the load generator (this process) and PostgreSQL. */
function cpuSeconds(appPid: number | undefined): { app: number; loadgen: number; postgres: number } | null {
  if (!fs.existsSync('/proc/self/stat')) return null;
  const read = (pid: string) => {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const fields = stat.slice(close + 2).split(' ');
      return { comm: stat.slice(stat.indexOf('(') + 1, close), ticks: Number(fields[11]) + Number(fields[12]) };
    } catch {
      return null;
    }
  };
  const out = { app: 0, loadgen: 0, postgres: 0 };
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    const r = read(pid);
    if (!r) continue;
    if (Number(pid) === appPid) out.app += r.ticks / 100;
    else if (Number(pid) === process.pid) out.loadgen += r.ticks / 100;
    else if (r.comm === 'postgres') out.postgres += r.ticks / 100;
  }
  return out;
}

/**
 * The reports the load sends, in turn (see the header). Deterministic: the same seed every run.
 * A point is drawn in a grid's box until the grid index puts it in that grid (boxes of clipped grids overhang).
 */
async function benchReports(db: Db, index: GridIndexHolder, sameSpot: boolean): Promise<ReportInput[]> {
  const { rows: boxes } = await db.query<{ code: string; min_lng: number; min_lat: number; max_lng: number; max_lat: number }>(
    `SELECT code, min_lng, min_lat, max_lng, max_lat FROM grids WHERE valid_to IS NULL ORDER BY code`,
  );
  if (sameSpot) {
    return boxes
      .map((g) => ({ lng: (g.min_lng + g.max_lng) / 2, lat: (g.min_lat + g.max_lat) / 2 }))
      .filter((p) => index.locate(p.lng, p.lat) !== null)
      .map((p) => ({ source: 'hotline', categoryKind: 'event', categoryCode: '06010', ...p, description: '市民来电反映路边有暴露垃圾', reporterPhone: '13800000000' }));
  }
  const { rows: names } = await db.query<{ code: string; name: string }>(`SELECT code, name FROM divisions`);
  const nameOf = new Map(names.map((d) => [d.code, d.name]));
  const rand = createPrng(20261127);
  const out: ReportInput[] = [];
  while (out.length < 50_000) {
    const g = boxes[Math.floor(rand() * boxes.length)]!;
    const lng = g.min_lng + rand() * (g.max_lng - g.min_lng);
    const lat = g.min_lat + rand() * (g.max_lat - g.min_lat);
    const hit = index.locate(lng, lat);
    if (hit?.code !== g.code) continue;
    const categoryCode = weighted(rand, categoriesAt(9 + Math.floor(rand() * 9)));
    out.push({
      source: 'hotline', categoryKind: 'event', categoryCode, lng, lat,
      description: `市民来电反映${DEMO_DESCRIPTIONS[categoryCode] ?? '发现问题'}`,
      address: `${nameOf.get(hit.streetCode) ?? ''}${nameOf.get(hit.communityCode) ?? ''}${1 + Math.floor(rand() * 200)}号附近`,
      reporterPhone: `139${String(Math.floor(rand() * 1e8)).padStart(8, '0')}`,
    });
  }
  return out;
}

/** `--in-process`: reportCase() from `inFlight` loops for `seconds`, as `guancheng start` configures intake. */
async function inProcess(db: Db, grids: GridIndexHolder, actor: Actor, reports: ReportInput[], inFlight: number, seconds: number) {
  const notifier = createNotifier(db);
  const ctx = { db, now: () => new Date(), meta: { requestId: 'bench', ip: '127.0.0.1' }, grids, notify: notifier.notify, state: createAppState(db, { inboxInTransaction: true }) };
  let i = 0;
  let done = 0;
  const one = () => reportCase(ctx, actor, reports[i++ % reports.length]!);
  const run = async (ms: number) => {
    const end = Date.now() + ms;
    await Promise.all(Array.from({ length: inFlight }, async () => {
      while (Date.now() < end) {
        await one();
        done++;
      }
    }));
  };
  await run(2000); // warm-up
  done = 0;
  const cpu0 = cpuSeconds(undefined);
  const t0 = process.hrtime.bigint();
  await run(seconds * 1000);
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu1 = cpuSeconds(undefined);
  await notifier.close();
  const perReport = (k: 'loadgen' | 'postgres') => (cpu0 && cpu1 ? Math.round(((cpu1[k] - cpu0[k]) * 1e5) / done) / 100 : null);
  // `loadgen` is this process: here it is the app's domain code without the web layer.
  return { value: Math.round(done / wall), cpu_ms_per_report: { domain: perReport('loadgen'), postgres: perReport('postgres') } };
}

/** Runs the load; with `slowerThanMs`, also counts the responses that took longer (the result's `slow`). */
function load(opts: autocannon.Options, slowerThanMs?: number, trace?: Array<[number, number]>): Promise<autocannon.Result & { slow: number }> {
  let slow = 0;
  return new Promise((resolve, reject) => {
    const run = autocannon(opts, (err: Error | null, result: autocannon.Result) => (err ? reject(err) : resolve({ ...result, slow })));
    run.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => {
      if (slowerThanMs !== undefined && ms > slowerThanMs) slow++;
      trace?.push([performance.now(), ms]);
    });
  });
}

/** `--trace`: responses per 250 ms window of the run, with their median, p99 and slowest latency — where a tail comes from. */
function printTrace(trace: Array<[number, number]>): void {
  if (!trace.length) return;
  const t0 = trace[0]![0];
  const windows = new Map<number, number[]>();
  for (const [at, ms] of trace) {
    const w = Math.floor((at - t0) / 250);
    let list = windows.get(w);
    if (!list) windows.set(w, (list = []));
    list.push(ms);
  }
  const ms = (v: number) => String(Math.round(v)).padStart(4);
  for (const [w, list] of [...windows].sort((a, b) => a[0] - b[0])) {
    list.sort((a, b) => a - b);
    const q = (p: number) => list[Math.min(list.length - 1, Math.floor(p * list.length))]!;
    console.error(`${(w / 4).toFixed(2).padStart(6)} s ${String(list.length).padStart(5)} responses  p50 ${ms(q(0.5))}  p99 ${ms(q(0.99))}  max ${ms(list[list.length - 1]!)} ms`);
  }
}

export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  const smoke = argv.includes('--smoke');
  const DURATION = smoke ? 2 : argv.includes('--quick') ? 8 : 20;
  const CONNECTIONS = smoke ? 16 : 64;
  let adminUrl = process.env.TEST_DATABASE_URL;
  let stopPg: (() => Promise<void>) | undefined;
  if (!adminUrl) {
    const root = path.join(repoRoot, '.data', `bench-pg-${process.pid}`);
    // `--statements` needs pg_stat_statements loaded at server start (the embedded build ships it).
    const settings = argv.includes('--statements') ? { shared_preload_libraries: 'pg_stat_statements' } : undefined;
    const server = await startEmbedded({ dataRoot: resolveDataRoot(root, () => {}), settings });
    adminUrl = server.url;
    stopPg = async () => {
      await server.stop();
      (await import('node:fs')).rmSync(root, { recursive: true, force: true });
    };
  }
  const name = `gc_bench_intake_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const dbUrl = withDatabase(adminUrl, name);
  const children: ChildProcess[] = [];
  try {
    const db = createPool(dbUrl, 4);
    await migrate(db);
    const cfg = loadConfig({ NODE_ENV: 'production' });
    // A district with a recent history (and table statistics), as intake meets it in service.
    await loadDemo(db, cfg, { days: smoke ? 2 : 30 });
    await db.query('ANALYZE');
    // A receiver registering hotline reports through an integration token (no CSRF, no cookie).
    const { rows } = await db.query(`SELECT id FROM users WHERE username = 'receiver'`);
    const token = (await createApiToken(db, (await loadActor(db, rows[0].id, cfg, 'token'))!, { name: 'bench' }, { ip: '127.0.0.1', requestId: 'bench' })).token;
    const index = createGridIndexHolder(db);
    await index.refresh();
    const reports = await benchReports(db, index, argv.includes('--same-spot'));
    const actor = (await loadActor(db, rows[0].id, cfg, 'token'))!;
    await db.end();
    let direct: Awaited<ReturnType<typeof inProcess>> | null = null;
    if (argv.includes('--in-process')) {
      // On a copy, so the HTTP run below meets the same district; a pool the size `guancheng start` opens.
      await admin.query(`CREATE DATABASE ${name}_direct TEMPLATE ${name}`);
      const copy = createPool(withDatabase(adminUrl, `${name}_direct`), 20);
      const copyGrids = createGridIndexHolder(copy);
      await copyGrids.refresh();
      try {
        direct = await inProcess(copy, copyGrids, actor, reports, CONNECTIONS, DURATION);
      } finally {
        await copy.end();
        await admin.query(`DROP DATABASE ${name}_direct WITH (FORCE)`);
      }
    }

    const port = await freePort();
    // `--prof <dir>`: a V8 CPU profile of the app process, written when it exits.
    const profDir = argv.includes('--prof') ? argv[argv.indexOf('--prof') + 1] : undefined;
    const server = spawn(process.execPath, [...(profDir ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : []), ...(process.env.BENCH_APP_NODE_FLAGS?.split(' ').filter(Boolean) ?? []), path.join(repoRoot, 'bin/guancheng.js'), 'start'], {
      env: { ...process.env, DATABASE_URL: dbUrl, PORT: String(port), HOST: '127.0.0.1', GUANCHENG_DEMO: 'false', GUANCHENG_LOG_LEVEL: 'warn', NODE_ENV: 'production' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.push(server);
    await waitReady(`http://127.0.0.1:${port}/readyz`, server);

    const barePort = await freePort();
    const bare = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'bench/bare-server.ts'), String(barePort)], { stdio: ['ignore', 'ignore', 'inherit'] });
    children.push(bare);
    await waitReady(`http://127.0.0.1:${barePort}/bare`, bare);

    let i = 0;
    const keyed = argv.includes('--idempotency');
    const intakeOpts: autocannon.Options = {
      url: `http://127.0.0.1:${port}/api/cases`,
      connections: CONNECTIONS,
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      requests: [{
        setupRequest: (req: autocannon.Request) => ({
          ...req,
          ...(keyed ? { headers: { ...req.headers, 'idempotency-key': randomUUID() } } : {}),
          body: JSON.stringify(reports[i++ % reports.length]),
        }),
      }],
    };
    await load({ ...intakeOpts, duration: smoke ? 1 : 5 }); // warm-up
    // `--statements`: where PostgreSQL's time goes, from pg_stat_statements (the server must preload it).
    const statements = argv.includes('--statements') ? new pg.Client({ connectionString: dbUrl }) : null;
    if (statements) {
      await statements.connect();
      await statements.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
      await statements.query('SELECT pg_stat_statements_reset()');
    }
    console.error(`intake: measuring ${DURATION} s (app pid ${server.pid})`);
    const cpu0 = cpuSeconds(server.pid);
    const trace: Array<[number, number]> | undefined = argv.includes('--trace') ? [] : undefined;
    const intake = await load({ ...intakeOpts, duration: DURATION }, 50, trace);
    const cpu1 = cpuSeconds(server.pid);
    if (trace) printTrace(trace);
    // Work the run left behind (notification jobs not yet delivered): throughput bought by deferring it would show here.
    const backlog = new pg.Client({ connectionString: dbUrl });
    await backlog.connect();
    const pending = async () => (await backlog.query(`SELECT count(*)::int AS n FROM jobs WHERE done_at IS NULL`)).rows[0].n as number;
    const pendingJobs = await pending();
    // The bare endpoint is measured once that work is done, so it does not run against our leftovers.
    const drainStart = Date.now();
    while ((await pending()) > 0 && Date.now() - drainStart < 120_000) await new Promise((r) => setTimeout(r, 100));
    const drainSeconds = Math.round((Date.now() - drainStart) / 100) / 10;
    await backlog.end();
    if (statements) {
      const { rows: top } = await statements.query(
        `SELECT calls, round((total_exec_time + total_plan_time)::numeric, 0) AS ms, round(((total_exec_time + total_plan_time) / calls)::numeric, 3) AS ms_per_call,
                left(regexp_replace(query, '\\s+', ' ', 'g'), 110) AS query
           FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) ORDER BY 2 DESC LIMIT 30`,
      );
      console.error(top.map((r) => `${String(r.ms).padStart(7)} ms ${String(r.calls).padStart(7)} calls ${String(r.ms_per_call).padStart(8)} ms/call  ${r.query}`).join('\n'));
      await statements.end();
    }
    const bareOpts: autocannon.Options = { url: `http://127.0.0.1:${barePort}/bare`, connections: CONNECTIONS, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ hello: 'world' }) };
    await load({ ...bareOpts, duration: smoke ? 1 : 5 });
    const bareResult = await load({ ...bareOpts, duration: DURATION });

    const ok = intake.non2xx === 0 && intake.errors === 0;
    const value = Math.round(intake.requests.average);
    const barePs = Math.round(bareResult.requests.average);
    console.log(JSON.stringify({
      bench: 'intake',
      value,
      unit: 'req/s',
      p99_ms: intake.latency.p99,
      p50_ms: intake.latency.p50,
      p90_ms: intake.latency.p90,
      p97_5_ms: intake.latency.p97_5,
      max_ms: intake.latency.max,
      // Responses slower than 50 ms (the target's p99): a stall holds up every connection at once.
      over_50ms: intake.slow,
      bare: barePs,
      ratio: Math.round((value / barePs) * 1000) / 1000,
      connections: CONNECTIONS,
      duration_s: DURATION,
      idempotency_keys: keyed,
      // CPU milliseconds per report (exited PostgreSQL backends are not counted: a lower bound for it).
      ...(cpu0 && cpu1 && intake.requests.total
        ? { cpu_ms_per_report: Object.fromEntries((['app', 'postgres', 'loadgen'] as const).map((k) => [k, Math.round(((cpu1[k] - cpu0[k]) * 1e5) / intake.requests.total) / 100])) }
        : {}),
      ...(direct ? { in_process: direct } : {}),
      jobs_pending_after: pendingJobs,
      drain_s: drainSeconds,
      non2xx: intake.non2xx,
      errors: intake.errors,
      ok,
    }));
    if (!ok) process.exitCode = 1;
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1500));
    if (argv.includes('--keep')) console.error(`kept database ${name}`);
    else await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
    await admin.end();
    await stopPg?.();
  }
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) await main();
