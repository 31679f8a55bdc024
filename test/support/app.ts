import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/server/app.ts';
import { createAppState, type AppState } from '../../src/server/app-state.ts';
import { loadConfig, type Config } from '../../src/server/config.ts';
import { createGridIndexHolder, type GridIndexHolder } from '../../src/server/modules/geo/grid-index.holder.ts';
import { testDb, type TestDb } from './db.ts';
import type { WebAssets } from '../../src/server/http/web.ts';
import { seedMiniDistrict, TEST_PASSWORD, type MiniDistrict } from './factories.ts';

export interface TestApp extends TestDb {
  app: FastifyInstance;
  /** The app's caches and intake writer (app-state.ts). */
  state: AppState;
  config: Config;
  grids: GridIndexHolder;
  district: MiniDistrict;
  close(): Promise<void>;
}

export async function testApp(env: Record<string, string> = {}, opts: { now?: () => Date; web?: WebAssets } = {}): Promise<TestApp> {
  const t = await testDb();
  const district = await seedMiniDistrict(t.db);
  const config = loadConfig({ NODE_ENV: 'test', GUANCHENG_LOG_LEVEL: process.env.GC_TEST_LOG ? 'error' : 'silent', ...env });
  const grids = createGridIndexHolder(t.db);
  await grids.refresh();
  const state = createAppState(t.db);
  const app = await buildApp({ db: t.db, config, grids, now: opts.now, state }, { logger: !!process.env.GC_TEST_LOG, web: opts.web ?? null });
  return {
    ...t,
    app,
    state,
    config,
    grids,
    district,
    async close() {
      await app.close();
      await t.drop();
    },
  };
}

export interface Session {
  cookie: string;
  csrf: string;
}

let ipCounter = 0;
/** Each sign-in comes from its own address so the per-address limiter never interferes between tests. */
export function nextIp(): string {
  ipCounter++;
  return `10.${(ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;
}

export async function login(app: FastifyInstance, username: string, password = TEST_PASSWORD): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: nextIp() });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'gc_session');
  if (!cookie) throw new Error('no session cookie');
  return { cookie: `gc_session=${cookie.value}`, csrf: res.json().csrfToken };
}

/** An authenticated request; writes carry the CSRF header unless `csrf: false`. */
export function call(app: FastifyInstance, s: Session | null, opts: InjectOptions & { csrf?: boolean }): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = { ...(opts.headers as Record<string, string> | undefined) };
  if (s) {
    headers.cookie = s.cookie;
    if (opts.csrf !== false) headers['x-csrf-token'] = s.csrf;
  }
  const { csrf: _csrf, ...rest } = opts;
  return app.inject({ ...rest, headers });
}
