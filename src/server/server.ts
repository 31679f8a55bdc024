import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import type { Config } from './config.ts';
import { openDatabase, type DatabaseHandle } from './db/connect.ts';
import { migrate } from './db/migrate.ts';
import { createPool, type Db } from './db/pool.ts';
import { createNotifier, type Notifier } from './db/notifier.ts';
import { DEMO_PASSWORD, demoLogins, isEmpty, loadDemo } from './demo/load-demo.ts';
import { createGridIndexHolder } from './modules/geo/grid-index.holder.ts';
import { loadOrCreateAuditKey } from './modules/audit/checkpoint.ts';
import { startScheduler } from './jobs/scheduler.ts';
import { startNotificationDelivery } from './modules/notifications/notification-delivery.ts';
import { hasOutsideChannels } from './modules/notifications/channels/notification-channel.ts';
import { acquireLiveHub } from './modules/notifications/live-hub.ts';
import { createAppState } from './app-state.ts';
import { AUTH_CHANGED_CHANNEL, GRIDS_CHANNEL } from './db/channels.ts';
import { findRoleConflicts } from './modules/users/user.service.ts';
import { ensureWebBuilt, WEB_DIST } from './web-build.ts';
import { loadWebAssets } from './http/web.ts';

export interface Running {
  app: FastifyInstance;
  db: Db;
  database: DatabaseHandle;
  url: string;
  stop(): Promise<void>;
}

/** `guancheng start`: database → migrations → demo on first start → grid index → HTTP. */
export async function startServer(cfg: Config, say: (line: string) => void = console.log): Promise<Running> {
  const t0 = Date.now();
  const database = await openDatabase(cfg, say);
  const db = createPool(database.url, 20);
  let app: FastifyInstance | undefined;
  let live: ReturnType<typeof acquireLiveHub> | undefined;
  let stopScheduler: (() => Promise<void>) | undefined;
  let notifier: Notifier | undefined;
  let stopNotifications: (() => Promise<void>) | undefined;
  const stop = async () => {
    await stopScheduler?.();
    await app?.close().catch(() => {});
    await notifier?.close();
    await stopNotifications?.().catch(() => {});
    await live?.release().catch(() => {});
    await db.end().catch(() => {});
    await database.close();
  };
  try {
    const applied = await migrate(db);
    if (applied.length) say(`已执行数据库迁移 migrations applied: ${applied.join(', ')}`);
    let demoLoaded = false;
    if (cfg.demo && (await isEmpty(db))) {
      say(`首次启动：正在生成${cfg.demoDistricts === 2 ? '管城回族区、金水区' : '管城回族区'}演示数据… / first start: loading the demo (${cfg.demoDistricts} district${cfg.demoDistricts === 2 ? 's' : ''})…`);
      // Ends with an audit checkpoint over the whole history: a fresh demo verifies as fully covered.
      const s = await loadDemo(db, cfg, { auditKey: loadOrCreateAuditKey(cfg.auditKeyFile) });
      say(`演示数据已就绪 demo ready: ${s.streets} 个街道, ${s.communities} 个社区, ${s.grids} 个单元网格, ${s.units} 个单位, ${s.users} 名人员, ${s.categories} 个类别, ${s.cases} 件案件, 审计检查点 checkpoint #${s.checkpoint?.id ?? '–'} (${s.ms} ms)`);
      demoLoaded = true;
    }
    // The process's one LISTEN connection: grid imports and sign-in changes made by any process arrive here
    // (and, after a lost connection, are assumed to have happened). Listening before the first load leaves no gap.
    live = acquireLiveHub(db, { warn: (o, m) => say(`${m} ${JSON.stringify(o)}`), error: (o, m) => say(`${m} ${JSON.stringify(o)}`) });
    const grids = createGridIndexHolder(db);
    live.hub.onSignal(GRIDS_CHANNEL, () => void grids.refresh().catch(() => {}));
    // Without outside channels, report intake writes its inbox rows itself (no notify jobs to drain).
    const state = createAppState(db, { inboxInTransaction: !hasOutsideChannels(cfg.notifications) });
    live.hub.onSignal(AUTH_CHANGED_CHANNEL, () => state.auth.clear());
    await live.hub.ready();
    await grids.refresh();
    notifier = createNotifier(db);
    if (cfg.webBuild) await ensureWebBuilt(say);
    app = await buildApp({ db, config: cfg, grids, notify: notifier.notify, state }, { web: loadWebAssets(WEB_DIST) });
    const auditKey = loadOrCreateAuditKey(cfg.auditKeyFile);
    const address = await app.listen({ port: cfg.port, host: cfg.host });
    const notifications = startNotificationDelivery(db, cfg.notifications, app.log);
    stopNotifications = notifications.release;
    stopScheduler = startScheduler({ db, now: () => new Date(), auditKey, sweepSeconds: cfg.sweepSeconds, checkpointSeconds: cfg.checkpointSeconds, delivery: notifications.delivery, log: app.log });
    const url = address.replace('0.0.0.0', 'localhost').replace('[::]', 'localhost');
    const lines = [
      '',
      `管城 Guancheng 已启动 / is running: ${url}`,
      `  接口文档 API docs: ${url}/api/docs`,
      database.embedded ? `  内置数据库 embedded PostgreSQL, data in ${database.dataRoot}` : `  数据库 database: DATABASE_URL`,
      `  单元网格 grids in index: ${grids.size()}; ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
      `  审计密钥 audit key (keep a copy elsewhere): ${cfg.auditKeyFile}`,
    ];
    if (cfg.demo && (demoLoaded || (await hasDemoUsers(db)))) {
      lines.push(`  演示账号 demo sign-ins (password 密码: ${DEMO_PASSWORD}):`);
      for (const l of demoLogins(cfg.demoDistricts)) lines.push(`    ${l.username.padEnd(14)} ${l.displayName}（${l.note}）`);
    }
    // Separation of duties: accounts made before the rule (or by SQL) that may not sign in until split.
    for (const u of await findRoleConflicts(db)) lines.push(`  ⚠ 角色不能兼任，已禁止登录，请拆分 roles cannot be combined, sign-in refused until split: ${u.username} (${u.roles.join(', ')})`);
    lines.push('  按 Ctrl+C 停止 / press Ctrl+C to stop', '');
    for (const l of lines) say(l);
    return { app, db, database, url, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function hasDemoUsers(db: Db): Promise<boolean> {
  const { rowCount } = await db.query(`SELECT 1 FROM users WHERE username = 'admin' AND disabled_at IS NULL`);
  return (rowCount ?? 0) > 0;
}
