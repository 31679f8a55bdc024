/**
 * `npm run bench:web`: how fast the command centre's first screen is ready, and how much JavaScript it loads.
 * On the stack the browser tests use (test/e2e/stack.ts: the production web build, one server, the demo
 * district, one Chromium), plus 5,000 extra open cases reported through the API as hotline calls by the demo
 * receiver (points drawn inside random grids, the demo's daytime categories and wording).
 * Prints JSON lines:
 * - {"bench":"command_centre_ready","value":<ms>} — the median of 5 cold loads of the workbench as the demo
 *   dispatcher (a new browser context each: empty cache; signed in beforehand through the API, so what is
 *   measured is the page load), from navigation start until every READY marker below is set. A marker that
 *   never appears fails the bench after 30 s, naming it.
 * - {"bench":"back_office_js_gz","value":<KB>} — the gzip size (zlib level 6) of every .js response of one
 *   cold workbench load until ready; `entry_kb` is the part index.html loads itself (its module script and
 *   modulepreloads), `largest` the biggest chunks.
 * `--smoke`: one load, 200 extra cases (CI: proves it runs). `--loads N`, `--extra N` override; `--ready <css>` (repeatable)
 * waits for those selectors instead of the markers (to try the bench on a page that does not mark itself yet).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
import { repoRoot } from '../src/server/config.ts';
import { createPool } from '../src/server/db/pool.ts';
import { categoriesAt, DEMO_DESCRIPTIONS, weighted } from '../src/server/demo/bulk-rhythm.ts';
import { DEMO_PASSWORD } from '../src/server/demo/load-demo.ts';
import { createGridIndexHolder } from '../src/server/modules/geo/grid-index.holder.ts';
import { createPrng } from '../src/server/modules/geo/prng.ts';
import { startStack } from '../test/e2e/stack.ts';

/**
 * What "drawn" means: the workbench sets data-ready="true" on these elements once their data is rendered —
 * the queue (tabs with their counts and the rows of the open tab) and the map (its grids and case clusters).
 */
export const READY_MARKERS = ['queue-table', 'map'] as const;
const MARKER_TIMEOUT_MS = 30_000;

interface Login {
  cookie: string;
  csrfToken: string;
}

async function login(base: string, username: string): Promise<Login> {
  const res = await fetch(new URL('/api/auth/login', base), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  if (!res.ok) throw new Error(`sign-in of ${username}: ${res.status} ${await res.text()}`);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.startsWith('gc_session='));
  if (!cookie) throw new Error(`sign-in of ${username}: no session cookie`);
  return { cookie: cookie.slice('gc_session='.length), csrfToken };
}

/** `n` hotline reports through POST /api/cases as the demo receiver, 8 at a time. */
async function addOpenCases(base: string, databaseUrl: string, n: number): Promise<void> {
  const db = createPool(databaseUrl, 2);
  const index = createGridIndexHolder(db);
  await index.refresh();
  const { rows: boxes } = await db.query<{ code: string; min_lng: number; min_lat: number; max_lng: number; max_lat: number }>(
    `SELECT code, min_lng, min_lat, max_lng, max_lat FROM grids WHERE valid_to IS NULL ORDER BY code`,
  );
  await db.end();
  const rand = createPrng(20261203);
  const reports: unknown[] = [];
  while (reports.length < n) {
    const g = boxes[Math.floor(rand() * boxes.length)]!;
    const lng = g.min_lng + rand() * (g.max_lng - g.min_lng);
    const lat = g.min_lat + rand() * (g.max_lat - g.min_lat);
    if (index.locate(lng, lat)?.code !== g.code) continue;
    const categoryCode = weighted(rand, categoriesAt(9 + Math.floor(rand() * 9)));
    reports.push({
      source: 'hotline', categoryKind: 'event', categoryCode, lng, lat,
      description: `市民来电反映${DEMO_DESCRIPTIONS[categoryCode] ?? '发现问题'}`,
      reporterPhone: `139${String(Math.floor(rand() * 1e8)).padStart(8, '0')}`,
    });
  }
  const receiver = await login(base, 'receiver');
  const t0 = Date.now();
  let next = 0;
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (next < reports.length) {
      const body = reports[next++];
      const res = await fetch(new URL('/api/cases', base), {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: `gc_session=${receiver.cookie}`, 'x-csrf-token': receiver.csrfToken, 'idempotency-key': crypto.randomUUID() },
        body: JSON.stringify(body),
      });
      if (res.status !== 201) throw new Error(`report: ${res.status} ${(await res.text()).slice(0, 300)}`);
      await res.arrayBuffer();
    }
  }));
  console.error(`# ${n} extra open cases reported in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

interface LoadResult {
  ms: number;
  js: Map<string, number>;
  /** The API calls of the load, slowest first: path and ms from request start to the response's end. */
  api: Array<{ path: string; ms: number }>;
}

/** One cold load of `/` in a new context; resolves when every marker is ready, with the in-page time since navigation start. */
async function coldLoad(browser: Browser, base: string, session: string, selectors: string[]): Promise<LoadResult> {
  const context = await browser.newContext({ baseURL: base, viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  try {
    await context.addCookies([{ name: 'gc_session', value: session, domain: new URL(base).hostname, path: '/', httpOnly: true, sameSite: 'Strict' }]);
    const page = await context.newPage();
    const js = new Map<string, number>();
    const api: LoadResult['api'] = [];
    const bodies: Promise<void>[] = [];
    page.on('requestfinished', (req) => {
      const u = new URL(req.url());
      const t = req.timing();
      if (u.pathname.startsWith('/api/') && u.pathname !== '/api/stream' && t.responseEnd > 0) api.push({ path: u.pathname + u.search, ms: Math.round(t.responseEnd) });
    });
    page.on('response', (r) => {
      const url = r.url();
      if (r.request().resourceType() !== 'script' && !/\.m?js(\?|$)/.test(url)) return;
      bodies.push(r.body().then((b) => void js.set(new URL(url).pathname, gzipSync(b, { level: 6 }).length)).catch(() => {}));
    });
    await page.goto('/', { waitUntil: 'commit' });
    const ready = await page
      .waitForFunction(
        (sel: string[]) => {
          const g = globalThis as unknown as { document: { querySelector(s: string): unknown }; performance: { now(): number } };
          return sel.every((s) => g.document.querySelector(s)) ? g.performance.now() : false;
        },
        selectors,
        { timeout: MARKER_TIMEOUT_MS, polling: 'raf' },
      )
      .catch(async (err: Error) => {
        const seen = await page.evaluate((markers: readonly string[]) => {
          const d = (globalThis as unknown as { document: { querySelector(s: string): { getAttribute(n: string): string | null } | null } }).document;
          return markers.map((m) => {
            const el = d.querySelector(`[data-testid="${m}"]`);
            return `${m}: ${el ? `present, data-ready=${JSON.stringify(el.getAttribute('data-ready'))}` : 'absent'}`;
          });
        }, READY_MARKERS).catch(() => ['(page gone)']);
        throw new Error(`bench:web: the workbench was not ready after ${MARKER_TIMEOUT_MS / 1000} s (${err.message.split('\n')[0]}). Markers at ${page.url()}: ${seen.join('; ')}`);
      });
    const ms = Number(await ready.jsonValue());
    await Promise.all(bodies);
    return { ms, js, api: api.sort((a, b) => b.ms - a.ms) };
  } finally {
    await context.close();
  }
}

/** The scripts index.html loads itself: its module entry and the modulepreloads of the entry's static imports. */
function entryScripts(): string[] {
  const html = fs.readFileSync(path.join(repoRoot, 'dist', 'web', 'index.html'), 'utf8');
  return [...html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*rel="modulepreload"[^>]*\bhref)="([^"]+\.js)"/g)].map((m) => m[1]!);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const kb = (bytes: number) => Math.round(bytes / 102.4) / 10;

export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  const { values } = parseArgs({ args: [...argv], options: { smoke: { type: 'boolean', default: false }, loads: { type: 'string' }, extra: { type: 'string' }, ready: { type: 'string', multiple: true } } });
  const selectors = values.ready?.length ? values.ready : READY_MARKERS.map((m) => `[data-testid="${m}"][data-ready="true"]`);
  const loads = Number(values.loads ?? (values.smoke ? 1 : 5));
  const extra = Number(values.extra ?? (values.smoke ? 200 : 5000));
  const stack = await startStack({ nodeEnv: 'production', say: (l) => { if (!l.startsWith('[server]  ')) console.error(`# ${l}`); } });
  let browser: Browser | undefined;
  try {
    await addOpenCases(stack.baseUrl, stack.databaseUrl, extra);
    const dispatcher = await login(stack.baseUrl, 'dispatcher');
    browser = await chromium.connect(stack.wsEndpoint);
    // One warm-up load (the server's first queries, Chromium's first start), not counted.
    await coldLoad(browser, stack.baseUrl, dispatcher.cookie, selectors);
    const runs: LoadResult[] = [];
    for (let i = 0; i < loads; i++) runs.push(await coldLoad(browser, stack.baseUrl, dispatcher.cookie, selectors));
    const times = runs.map((r) => Math.round(r.ms));
    const mid = runs.find((r) => Math.round(r.ms) === Math.round(median(times))) ?? runs[0]!;
    console.log(JSON.stringify({ bench: 'command_centre_ready', value: Math.round(median(times)), unit: 'ms', runs: times, slowest_api: mid.api.slice(0, 4), ready: selectors, extra_open_cases: extra, postgres: stack.postgresVersion }));

    const js = runs[0]!.js;
    const total = [...js.values()].reduce((a, b) => a + b, 0);
    const entry = entryScripts().reduce((a, p) => a + (js.get(p) ?? gzipSync(fs.readFileSync(path.join(repoRoot, 'dist', 'web', p))).length), 0);
    const largest = [...js].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([file, size]) => ({ file: path.basename(file), kb: kb(size) }));
    console.log(JSON.stringify({ bench: 'back_office_js_gz', value: kb(total), unit: 'KB', files: js.size, entry_kb: kb(entry), largest }));
  } finally {
    await browser?.close().catch(() => {});
    await stack.stop();
  }
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  await main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  });
}
