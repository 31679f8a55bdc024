/**
 * The real thing: `guancheng start` with the embedded PostgreSQL in a fresh data folder, independent of
 * the test database. Clean stop, warm restart, recovery after the app was killed hard (orphaned
 * postgres), a CLI command sharing the running server, and the data-folder fallback for root.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { repoRoot } from '../src/server/config.ts';
import { isTraversableBy, resolveDataRoot } from '../src/server/db/embedded.ts';

const BIN = path.join(repoRoot, 'bin', 'guancheng.js');
const PASSWORD = 'Lifecycle-Passw0rd!';
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

let dataRoot: string;
let port: number;
const apps = new Set<ChildProcess>();
/** Every postgres PID seen, so the after-hook can stop whatever is left. */
const postgresPids = new Set<number>();

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      srv.close(() => (a && typeof a === 'object' ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GUANCHENG_DATA_DIR: dataRoot,
    GUANCHENG_DEMO: 'false',
    GUANCHENG_LOG_LEVEL: 'warn',
    PORT: String(port),
    HOST: '127.0.0.1',
    LANG: 'en_US.UTF-8',
  };
  for (const k of Object.keys(env)) if (k.startsWith('GC_TEST_') || k === 'DATABASE_URL' || k === 'TEST_DATABASE_URL' || k === 'GUANCHENG_DEBUG') delete env[k];
  return env;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const pidFile = () => path.join(dataRoot, 'pg', 'postmaster.pid');

/** PID of the postgres postmaster from postmaster.pid, or null when there is none. */
function postmasterPid(): number | null {
  try {
    const pid = Number(fs.readFileSync(pidFile(), 'utf8').split('\n')[0]);
    if (Number.isInteger(pid) && pid > 0) {
      postgresPids.add(pid);
      return pid;
    }
  } catch {
    /* no file */
  }
  return null;
}

async function waitUntil(what: string, ms: number, cond: () => boolean): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface App {
  child: ChildProcess;
  url: string;
  /** ms from spawn to the "is running" line (includes ~2 s of node + tsx module loading) */
  readyMs: number;
  /** the app's own "ready in X s" figure: database → migrations → grid index → listening */
  appReadyS: number;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Spawns `guancheng start` and resolves once it prints its URL. */
function start(): Promise<App> {
  const t0 = Date.now();
  const child = spawn(process.execPath, [BIN, 'start'], { cwd: repoRoot, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  apps.add(child);
  let out = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      apps.delete(child);
      resolve({ code, signal });
    }),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`start did not print its URL within 60 s:\n${out}`)), 60_000);
    const onData = (d: Buffer) => {
      out += d.toString('utf8');
      const m = /is running: (http:\/\/\S+)/.exec(out);
      if (m && out.includes('press Ctrl+C to stop')) {
        clearTimeout(timer);
        const appReadyS = Number(/ready in (\d+(?:\.\d+)?) s/.exec(out)?.[1] ?? NaN);
        resolve({ child, url: m[1]!, readyMs: Date.now() - t0, appReadyS, output: () => out, exited });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => (out += d.toString('utf8')));
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`start exited (${code ?? signal}) before it was ready:\n${out}`));
    });
  });
}

async function stopApp(app: App): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const t0 = Date.now();
  app.child.kill('SIGTERM');
  const r = await Promise.race([app.exited, new Promise<null>((res) => setTimeout(() => res(null), 30_000))]);
  assert.ok(r, `the app did not exit within 30 s of SIGTERM:\n${app.output()}`);
  console.log(`# SIGTERM → exit in ${Date.now() - t0} ms`);
  return r;
}

function assertNoPostgres(pid: number | null): void {
  const now = postmasterPid();
  assert.ok(now === null || !alive(now), `postgres ${now} still running for ${dataRoot}`);
  if (pid) assert.equal(alive(pid), false, `postgres ${pid} still alive`);
}

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: repoRoot, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    apps.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      apps.delete(child);
      resolve({ code, stdout, stderr });
    });
  });
}

async function readyz(url: string): Promise<number> {
  const res = await fetch(`${url}/readyz`);
  await res.arrayBuffer();
  return res.status;
}

before(async () => {
  dataRoot = fs.mkdtempSync('/var/tmp/gc-lifecycle-');
  fs.chmodSync(dataRoot, 0o755); // the OS user postgres must reach it when we run as root
  port = await freePort();
});

after(async () => {
  for (const c of apps) c.kill('SIGKILL');
  postmasterPid();
  for (const pid of postgresPids) {
    if (!alive(pid)) continue;
    process.kill(pid, 'SIGINT');
    const until = Date.now() + 15_000;
    while (alive(pid) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    if (alive(pid)) process.kill(pid, 'SIGKILL');
  }
  fs.rmSync(dataRoot, { recursive: true, force: true });
});

let cold: App | undefined;

test('(a) first start initialises the cluster, serves /readyz; SIGTERM stops app and postgres', { timeout: 120_000 }, async () => {
  const app = await start();
  cold = app;
  assert.equal(app.url, `http://127.0.0.1:${port}`);
  assert.match(app.output(), new RegExp(`embedded PostgreSQL, data in ${dataRoot.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  assert.equal(await readyz(app.url), 200);
  const pg = postmasterPid();
  assert.ok(pg && alive(pg), 'postgres runs while the app runs');
  assert.equal(fs.readFileSync(path.join(dataRoot, 'owner.pid'), 'utf8'), String(app.child.pid));
  if (isRoot) assert.equal(fs.statSync(path.join(dataRoot, 'pg')).uid, Number(execFileSync('id', ['-u', 'postgres']).toString()));

  const r = await stopApp(app);
  assert.deepEqual(r, { code: 0, signal: null }, app.output());
  assertNoPostgres(pg);
  assert.equal(fs.existsSync(pidFile()), false, 'postgres removed postmaster.pid on a clean shutdown');
  assert.equal(fs.existsSync(path.join(dataRoot, 'owner.pid')), false);
});

test('(b) a second start reuses the cluster and is ready sooner', { timeout: 120_000 }, async () => {
  const app = await start();
  console.log(`# cold start (initdb): ${cold?.readyMs} ms from spawn, app says ready in ${cold?.appReadyS} s; ` +
    `warm start: ${app.readyMs} ms from spawn, app says ready in ${app.appReadyS} s`);
  assert.ok(app.readyMs < 30_000);
  assert.ok(Number.isFinite(app.appReadyS), 'start prints its ready time');
  assert.doesNotMatch(app.output(), /initialising/);
  assert.equal(await readyz(app.url), 200);
  const pg = postmasterPid();
  const r = await stopApp(app);
  assert.deepEqual(r, { code: 0, signal: null }, app.output());
  assertNoPostgres(pg);
});

test('(c) a CLI command shares the running server; after SIGKILL the next start recovers the orphan and keeps the data', { timeout: 180_000 }, async () => {
  const first = await start();
  const pg1 = postmasterPid();
  assert.ok(pg1 && alive(pg1));

  // While `start` runs, a CLI command connects to the same postgres instead of starting another one.
  const add = await cli(['user', 'add', 'survivor', '--name', '幸存者', '--role', 'admin', '--scope', '410104', '--password', PASSWORD]);
  assert.equal(add.code, 0, add.stderr);
  assert.match(add.stdout, /created survivor/);
  assert.doesNotMatch(add.stderr, /previous run|initialising/, 'the CLI neither restarted nor re-created the cluster');
  assert.equal(postmasterPid(), pg1, 'the CLI used the running postgres');
  assert.ok(alive(pg1));
  assert.equal(await readyz(first.url), 200, 'the server is unaffected by the CLI exiting');

  // Kill the app hard: postgres is left behind.
  first.child.kill('SIGKILL');
  const r = await first.exited;
  assert.equal(r.signal, 'SIGKILL');
  await new Promise((res) => setTimeout(res, 300));
  assert.ok(alive(pg1), 'postgres outlives the killed app (orphan)');

  // The next start shuts the orphan down and starts afresh, no manual step.
  const second = await start();
  console.log(`# start after SIGKILL (orphan recovery): ${second.readyMs} ms from spawn, app says ready in ${second.appReadyS} s`);
  assert.match(second.output(), new RegExp(`pid ${pg1}`), 'says it stopped the orphan');
  assert.equal(alive(pg1), false, 'the orphan is gone');
  const pg2 = postmasterPid();
  assert.ok(pg2 && pg2 !== pg1 && alive(pg2));
  assert.equal(await readyz(second.url), 200);

  const res = await fetch(`${second.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'survivor', password: PASSWORD }),
  });
  const body = (await res.json()) as { user?: { username?: string } };
  assert.equal(res.status, 200, JSON.stringify(body));
  assert.equal(body.user?.username, 'survivor');

  const stopped = await stopApp(second);
  assert.deepEqual(stopped, { code: 0, signal: null }, second.output());
  await waitUntil('postgres to exit', 5_000, () => !alive(pg2));
  assertNoPostgres(pg2);
});

test('(d) isTraversableBy / resolveDataRoot: a folder under a mode-700 parent falls back to /var/tmp', async (t) => {
  const parent = fs.mkdtempSync(path.join('/tmp', 'gc-private-'));
  try {
    fs.chmodSync(parent, 0o700);
    const child = path.join(parent, 'data');
    fs.mkdirSync(child, { mode: 0o755 });
    const me = { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 };
    const stranger = { uid: 54_321, gid: 54_321 };
    // Pure permission-bit checks: valid for any caller.
    assert.equal(isTraversableBy(child, stranger), false, 'mode-700 parent blocks others');
    assert.equal(isTraversableBy(path.join(child, 'not', 'yet', 'there'), stranger), false);
    assert.equal(isTraversableBy(child, me), true, 'the owner may enter');
    assert.equal(isTraversableBy(dataRoot, stranger), true, 'a mode-755 folder under /var/tmp is open');
    assert.equal(isTraversableBy('/var/tmp/gc-does-not-exist/x', stranger), true, 'missing folders are created open');

    if (!isRoot) {
      t.skip('resolveDataRoot only falls back when running as root');
      return;
    }
    const pgIds = { uid: Number(execFileSync('id', ['-u', 'postgres']).toString()), gid: Number(execFileSync('id', ['-g', 'postgres']).toString()) };
    assert.equal(isTraversableBy(child, pgIds), false);
    const notes: string[] = [];
    const chosen = resolveDataRoot(child, (m) => notes.push(m));
    assert.match(chosen, /^\/var\/tmp\/guancheng-[0-9a-f]{10}$/);
    assert.equal(resolveDataRoot(child, () => {}), chosen, 'the fallback is stable for a given folder');
    assert.equal(notes.length, 1);
    assert.ok(notes[0]!.includes(child) && notes[0]!.includes(chosen), notes[0]);

    const okNotes: string[] = [];
    assert.equal(resolveDataRoot(dataRoot, (m) => okNotes.push(m)), dataRoot);
    assert.deepEqual(okNotes, []);
  } finally {
    fs.rmSync(parent, { recursive: true, force: true });
  }
});
