/**
 * What the browser tests and bench:web run against: the real production web build (src/server/web-build.ts,
 * the real CSP headers), one `startServer` on a throwaway database that loads the demo district, and one
 * Chromium (`launchServer`: every test file connects to it over its WebSocket, a new context per person).
 *
 * The database: an embedded PostgreSQL in a fresh folder under os.tmpdir() (fsync off: disposable), or, with
 * TEST_DATABASE_URL, a fresh database on that server (CI runs the e2e on PostgreSQL 15 that way); dropped at
 * the end either way. `idleServer` starts a second server on the same database whose sessions time out after
 * one minute (GUANCHENG_SESSION_IDLE_MINUTES=1), for the idle-timeout test only.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { chromium, type BrowserServer } from 'playwright-core';
import { loadConfig } from '../../src/server/config.ts';
import { startEmbedded, withDatabase } from '../../src/server/db/embedded.ts';
import { startServer, type Running } from '../../src/server/server.ts';
import { ensureWebBuilt } from '../../src/server/web-build.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Headless Chromium as CI has it: no GPU, WebGL through SwiftShader (MapLibre needs WebGL). */
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
];

export interface StackOptions {
  /** Also start the one-minute-idle server (the idle-timeout test). */
  idleServer?: boolean;
  /** Extra environment for the servers (GUANCHENG_* settings). */
  env?: Record<string, string>;
  /** NODE_ENV of the servers: 'test' checks every response against its schema (e2e); the bench uses 'production'. */
  nodeEnv?: 'test' | 'production';
  say?: (line: string) => void;
}

export interface Stack {
  baseUrl: string;
  idleUrl: string | null;
  wsEndpoint: string;
  /** The app database (for a bench that adds data through SQL or reads what the API returned). */
  databaseUrl: string;
  postgresVersion: string;
  stop(): Promise<void>;
}

async function adminQuery(url: string, sql: string): Promise<pg.QueryResult> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await c.query(sql);
  } finally {
    await c.end();
  }
}

export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const say = opts.say ?? ((l: string) => console.error(`# ${l}`));
  const cleanups: Array<() => Promise<void>> = [];
  // Once, however many ask (the caller's signal handler and ours may both).
  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      for (const c of cleanups.reverse()) await c().catch((err: unknown) => say(`cleanup failed: ${String(err)}`));
      cleanups.length = 0;
    })());
  // Ctrl+C or a kill stops everything the stack started — the servers, the embedded PostgreSQL and its
  // folder, Chromium — before the process ends (Playwright's own handlers would end it with Chromium only).
  for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) process.once(sig, () => void stop().finally(() => process.exit(code)));
  try {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (apt-get install -y chromium fonts-noto-cjk, or set CHROMIUM_PATH)`);
    await ensureWebBuilt(say);

    // Audit key, uploaded files and (without TEST_DATABASE_URL) the cluster: a folder of our own, removed at the end.
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gc-e2e-'));
    // As root the embedded PostgreSQL runs as the OS user postgres, which must be able to enter the folder.
    fs.chmodSync(dataDir, 0o755);
    cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));

    let adminUrl = process.env.TEST_DATABASE_URL;
    if (!adminUrl) {
      const pgServer = await startEmbedded({ dataRoot: path.join(dataDir, 'pg-root'), settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' } });
      adminUrl = pgServer.url;
      cleanups.push(() => pgServer.stop());
    }
    const dbName = `gc_e2e_${process.pid}`;
    await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await adminQuery(adminUrl, `CREATE DATABASE ${dbName} ENCODING 'UTF8' TEMPLATE template0`);
    const admin = adminUrl;
    cleanups.push(async () => void (await adminQuery(admin, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`)));
    const databaseUrl = withDatabase(adminUrl, dbName);
    const postgresVersion = String((await adminQuery(adminUrl, 'SHOW server_version')).rows[0].server_version);

    const env = (extra: Record<string, string> = {}) => ({
      NODE_ENV: opts.nodeEnv ?? 'test',
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      GUANCHENG_DATA_DIR: dataDir,
      GUANCHENG_LOG_LEVEL: 'warn',
      GUANCHENG_COOKIE_SECURE: '0',
      // Built above; a second check per server would only hash the sources again.
      GUANCHENG_WEB_BUILD: '0',
      // Every person of every test signs in from 127.0.0.1: the per-address limit (30/min) would refuse the run.
      GUANCHENG_LOGIN_IP_LIMIT_PER_MINUTE: '2000',
      ...opts.env,
      ...extra,
      ...(process.env.LANG ? { LANG: process.env.LANG } : {}),
    });
    const quiet = (prefix: string) => (l: string) => {
      if (l.trim()) say(`${prefix} ${l}`);
    };
    const t0 = Date.now();
    const main: Running = await startServer(loadConfig(env()), quiet('[server]'));
    cleanups.push(() => main.stop());
    let idle: Running | null = null;
    if (opts.idleServer) {
      idle = await startServer(loadConfig(env({ GUANCHENG_SESSION_IDLE_MINUTES: '1', GUANCHENG_DEMO: 'false' })), () => {});
      const running = idle;
      cleanups.push(() => running.stop());
    }
    say(`servers ready in ${((Date.now() - t0) / 1000).toFixed(1)} s on PostgreSQL ${postgresVersion}: ${main.url}${idle ? `, idle-test server ${idle.url}` : ''}`);

    const browser: BrowserServer = await chromium.launchServer({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false });
    cleanups.push(() => browser.close());
    return { baseUrl: main.url, idleUrl: idle?.url ?? null, wsEndpoint: browser.wsEndpoint(), databaseUrl, postgresVersion, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

