import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, type Config } from '../config.ts';
import { openDatabase } from '../db/connect.ts';
import { migrate } from '../db/migrate.ts';
import { createPool, type Db } from '../db/pool.ts';
import { DEMO_PASSWORD, demoLogins, loadDemo, wipeAll } from '../demo/load-demo.ts';
import { isDomainError, renderMessage } from '../errors.ts';
import { describeRules, type PasswordRule } from '../modules/auth/password.ts';
import { importCategories } from '../modules/categories/category.service.ts';
import { importDivisions, importGrids } from '../modules/geo/commands/import-grids.ts';
import { createGridIndexHolder } from '../modules/geo/grid-index.holder.ts';
import { createUser, CLI_ACTOR, findRoleConflicts, resetPassword, setUserDisabled, updateUser } from '../modules/users/user.service.ts';
import { isRole, ROLES, type Role } from '../../shared/roles.ts';
import { startServer } from '../server.ts';
import { createCheckpoint, exportCheckpoints, loadOrCreateAuditKey } from '../modules/audit/checkpoint.ts';
import { formatReport } from '../modules/audit/verify.ts';
import { verifyAndRecord } from '../modules/audit/audit-verification.ts';

export const HELP = `guancheng — 管城数字城管平台 / digital urban-management platform

用法 Usage: guancheng <command> [options]

  start                                  启动服务（内置 PostgreSQL，首次启动加载演示区）
                                         start the server (embedded PostgreSQL unless DATABASE_URL is set)
  migrate                                执行数据库迁移 / apply database migrations
  demo --reset [--seed N] [--days N] [--per-day M] [--districts 1|2]
                                         清空并重新生成演示数据（含近 N 天案件，默认 60 天、每天 200 件；--districts 2 另加示意的金水区和市级领导）
                                         wipe all data and reload the demo (--districts 2: also a schematic 金水区 and a city-level leader)
  import divisions <file> [--district 410104] [--crs EPSG:4547] [--dry-run]
                                         导入街道、社区边界（GeoJSON 或 Shapefile .zip）
  import grids <file> [--crs EPSG:4547] [--code-field NAME] [--dry-run]
                                         导入单元网格；GeoJSON 默认 WGS-84，Shapefile 读取 .prj
  import categories <file.csv>           导入部件事件类别表 / import a category table
  user add <username> --name 姓名 --role ROLE[,ROLE] --scope CODE[,CODE] [--unit UNIT_CODE] [--phone N]
           [--password P | --password-stdin]
                                         新建用户 / add a user (roles: ${ROLES.join(', ')})
  user passwd <username> [--password P | --password-stdin] [--temporary]
                                         重置密码 / set a password (--temporary: must change at next sign-in)
  user disable <username>                停用用户 / disable a user
  user roles <username> --role ROLE[,ROLE]
                                         设置角色 / set a user's roles (one account may hold only roles that combine)
  user check                             列出角色不能兼任（已禁止登录）的账号，有则退出码 1
                                         list accounts refused sign-in for roles that cannot be combined (exit 1 if any)
  audit verify                           校验审计链（SM3 哈希链 + HMAC-SM3 检查点），指出第一处被篡改的记录
                                         verify the audit trail; names the first altered/removed/added row
  audit checkpoint                       立即生成检查点 / write a checkpoint now
  audit export                           导出全部检查点（JSON 行）以便异地保存 / export checkpoints for safekeeping
  user enable <username>                 启用用户 / enable a user

环境变量 Environment: PORT (3000), DATABASE_URL, GUANCHENG_DATA_DIR, GUANCHENG_DEMO (true), GUANCHENG_DEMO_DISTRICTS (1), GUANCHENG_LOG_LEVEL
`;

export class UsageError extends Error {}

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  reset: { type: 'boolean' },
  seed: { type: 'string' },
  days: { type: 'string' },
  'per-day': { type: 'string' },
  districts: { type: 'string' },
  crs: { type: 'string' },
  'code-field': { type: 'string' },
  'dry-run': { type: 'boolean' },
  district: { type: 'string' },
  name: { type: 'string' },
  role: { type: 'string' },
  scope: { type: 'string' },
  unit: { type: 'string' },
  phone: { type: 'string' },
  password: { type: 'string' },
  'password-stdin': { type: 'boolean' },
  temporary: { type: 'boolean' },
} as const;

/**
 * Opens the database for one command and migrates it. Read-only commands (`readOnly`) neither create nor
 * migrate anything: no cluster, no database or an old schema there is an error saying so.
 */
async function withDb<T>(cfg: Config, fn: (db: Db) => Promise<T>, opts: { readOnly?: boolean } = {}): Promise<T> {
  const handle = await openDatabase(cfg, (m) => console.error(m), { existing: opts.readOnly });
  const db = createPool(handle.url, 4);
  try {
    if (!opts.readOnly) await migrate(db);
    return await fn(db);
  } finally {
    await db.end();
    await handle.close();
  }
}

async function readPassword(values: { password?: string; 'password-stdin'?: boolean }): Promise<string> {
  if (values.password) return values.password;
  if (values['password-stdin']) {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    const pw = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
    if (!pw) throw new UsageError('no password on standard input');
    return pw;
  }
  throw new UsageError('give --password or --password-stdin');
}

function readFile(file: string | undefined): { buffer: Buffer; fileName: string } {
  if (!file) throw new UsageError('missing <file>');
  try {
    return { buffer: fs.readFileSync(file), fileName: path.basename(file) };
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

function list(v: string | undefined, what: string): string[] {
  const items = (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (!items.length) throw new UsageError(`missing --${what}`);
  return items;
}

export async function run(argv: string[], cfg: Config = loadConfig()): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  const [cmd, sub, arg] = positionals;
  if (values.help || !cmd || cmd === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  const lang = cfg.cliLang;
  switch (cmd) {
    case 'start': {
      const running = await startServer(cfg);
      let stopping = false;
      const shutdown = (signal: string) => {
        if (stopping) return;
        stopping = true;
        console.log(`收到 ${signal}，正在安全停止… / ${signal}: shutting down cleanly…`);
        running.stop().then(
          () => process.exit(0),
          (err) => {
            console.error(err);
            process.exit(1);
          },
        );
      };
      process.on('SIGINT', () => shutdown('SIGINT'));
      process.on('SIGTERM', () => shutdown('SIGTERM'));
      return -1; // keep running
    }
    case 'migrate':
      await withDb(cfg, async () => {});
      console.log('数据库已是最新 / database is up to date');
      return 0;
    case 'demo': {
      if (!values.reset) throw new UsageError('demo needs --reset (it replaces ALL data with the demo district)');
      const int = (v: string | undefined, name: string, max: number) => {
        if (v === undefined) return undefined;
        const n = Number(v);
        if (!Number.isInteger(n) || n < 0 || n > max) throw new UsageError(`--${name} must be an integer from 0 to ${max}`);
        return n;
      };
      const seed = int(values.seed, 'seed', 2 ** 31);
      const days = int(values.days, 'days', 365);
      const perDay = int(values['per-day'], 'per-day', 5000);
      const districts = values.districts === undefined ? cfg.demoDistricts : Number(values.districts);
      if (districts !== 1 && districts !== 2) throw new UsageError('--districts must be 1 or 2');
      await withDb(cfg, async (db) => {
        await wipeAll(db);
        // The reloaded history ends with a checkpoint, so `audit verify` finds it all covered.
        const s = await loadDemo(db, cfg, { seed, days, perDay, districts, auditKey: loadOrCreateAuditKey(cfg.auditKeyFile) });
        console.log(`演示数据已重新生成 demo reloaded: ${s.districts} district(s), ${s.grids} grids, ${s.users} users, ${s.cases} cases, ${s.events} events, checkpoint #${s.checkpoint?.id ?? '–'} (${s.ms} ms); password ${DEMO_PASSWORD} for ${demoLogins(districts).map((l) => l.username).join(', ')}`);
      });
      return 0;
    }
    case 'import': {
      if (sub === 'categories') {
        const { buffer, fileName } = readFile(arg);
        const r = await withDb(cfg, (db) => importCategories(db, buffer.toString('utf8'), fileName));
        console.log(`已导入 imported ${r.imported} categories`);
        return 0;
      }
      if (sub !== 'grids' && sub !== 'divisions') throw new UsageError('import what? divisions | grids | categories');
      const { buffer, fileName } = readFile(arg);
      const base = { buffer, fileName, crs: values.crs?.toUpperCase(), dryRun: values['dry-run'] ?? false, actorUserId: null, scopes: null, lang };
      if (sub === 'grids') {
        const r = await withDb(cfg, (db) => importGrids(db, createGridIndexHolder(db), { ...base, codeField: values['code-field'] }));
        console.log(JSON.stringify(r));
        for (const g of r.gaps) console.log(`覆盖缺口 coverage gap: community ${g.communityCode} ${g.areaM2.toFixed(1)} m²`);
      } else {
        const r = await withDb(cfg, (db) => importDivisions(db, values.district ?? '410104', base));
        console.log(JSON.stringify(r));
      }
      return 0;
    }
    case 'user': {
      if (sub === 'check') {
        const found = await withDb(cfg, (db) => findRoleConflicts(db));
        for (const u of found) {
          const why = renderMessage('ROLES_INCOMPATIBLE', { reason: u.conflict }, lang);
          console.log(`${u.username}\t${u.roles.join(',')}${u.isIntegration ? '\tintegration' : ''}${u.disabled ? '\tdisabled' : ''}\t${why}`);
        }
        console.log(found.length ? `${found.length} 个账号须拆分后才能登录 / account(s) refused sign-in until split` : '所有账号的角色均可兼任 / every account’s roles may be held together');
        return found.length ? 1 : 0;
      }
      if (!arg) throw new UsageError(`user ${sub ?? ''} needs <username>`);
      if (sub === 'add') {
        const roles = list(values.role, 'role');
        const bad = roles.find((r) => !isRole(r));
        if (bad) throw new UsageError(`unknown role ${bad} (roles: ${ROLES.join(', ')})`);
        const scopes = list(values.scope, 'scope');
        const password = await readPassword(values);
        const u = await withDb(cfg, async (db) => {
          let unitId: number | null = null;
          if (values.unit) {
            const { rows } = await db.query(`SELECT id FROM units WHERE code = $1 ORDER BY id LIMIT 1`, [values.unit]);
            if (!rows[0]) throw new UsageError(`no unit with code ${values.unit}`);
            unitId = rows[0].id;
          }
          return createUser(db, cfg, CLI_ACTOR, { username: arg, displayName: values.name ?? arg, phone: values.phone ?? null, unitId, roles: roles as Role[], scopes, password, mustChangePassword: values.temporary ?? false });
        });
        console.log(`已创建用户 created ${u.username} (${u.roles.join(', ')})`);
        return 0;
      }
      if (sub === 'passwd') {
        const password = await readPassword(values);
        await withDb(cfg, (db) => resetPassword(db, cfg, CLI_ACTOR, arg, password, values.temporary ?? false));
        console.log(`已设置密码 password set for ${arg}`);
        return 0;
      }
      if (sub === 'roles') {
        const roles = list(values.role, 'role');
        const bad = roles.find((r) => !isRole(r));
        if (bad) throw new UsageError(`unknown role ${bad} (roles: ${ROLES.join(', ')})`);
        const u = await withDb(cfg, (db) => updateUser(db, CLI_ACTOR, arg, { roles: roles as Role[] }));
        console.log(`已设置角色 roles set for ${u.username}: ${u.roles.join(', ')}`);
        return 0;
      }
      if (sub === 'disable' || sub === 'enable') {
        await withDb(cfg, (db) => setUserDisabled(db, CLI_ACTOR, arg, sub === 'disable'));
        console.log(`${sub === 'disable' ? '已停用 disabled' : '已启用 enabled'} ${arg}`);
        return 0;
      }
      throw new UsageError('user add | passwd | roles | disable | enable | check');
    }
    case 'audit': {
      // The key is read once the database is known to be there: a wrong data folder creates nothing.
      if (sub === 'verify') {
        const report = await withDb(cfg, (db) => verifyAndRecord(db, loadOrCreateAuditKey(cfg.auditKeyFile)), { readOnly: true });
        console.log(formatReport(report, lang));
        return report.ok ? 0 : 1;
      }
      if (sub === 'checkpoint') {
        const cp = await withDb(cfg, (db) => createCheckpoint(db, loadOrCreateAuditKey(cfg.auditKeyFile)));
        console.log(cp ? `检查点 checkpoint #${cp.id}: up to event ${cp.upto}, ${cp.headCount} chain heads, root ${cp.root}` : '无新事件，未生成检查点 / nothing new since the last checkpoint');
        return 0;
      }
      if (sub === 'export') {
        process.stdout.write(await withDb(cfg, (db) => exportCheckpoints(db), { readOnly: true }));
        return 0;
      }
      throw new UsageError('audit verify | checkpoint | export');
    }
    default:
      throw new UsageError(`unknown command "${cmd}"`);
  }
}

/** One clear line on stderr and a non-zero exit: 2 for usage, 1 for everything else. */
export function describeFailure(err: unknown, lang: 'zh-CN' | 'en'): { line: string; code: number } {
  if (err instanceof UsageError) return { line: `guancheng: ${err.message} (guancheng --help)`, code: 2 };
  if (isDomainError(err)) {
    let params = err.params;
    if (err.code === 'PASSWORD_WEAK') params = { ...params, rules: describeRules(params.rules as PasswordRule[], Number(params.minLength), lang) };
    // A file the parser could not read: its own words (for the operator fixing the file) beside ours.
    const parser = (err.params.details as { reason?: unknown } | undefined)?.reason;
    let line = `guancheng: ${renderMessage(err.code, params, lang)}${typeof parser === 'string' ? ` (${parser})` : ''} [${err.code}]`;
    const problems = err.params.problems as Array<{ message?: string; row?: number }> | undefined;
    if (Array.isArray(problems)) line += '\n' + problems.map((p) => `  - ${p.message ?? JSON.stringify(p)}${p.row ? ` (row ${p.row})` : ''}`).join('\n');
    return { line, code: 1 };
  }
  return { line: `guancheng: ${(err as Error).message ?? String(err)}`, code: 1 };
}
