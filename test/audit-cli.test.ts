/**
 * `guancheng audit verify` on a demo database: a fresh demo is covered by its own checkpoint and passes;
 * it fails naming the row after someone with database access edits history; and the read-only commands
 * refuse a place that holds no database instead of creating one there.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import pg from 'pg';
import { loadConfig, repoRoot } from '../src/server/config.ts';
import { resolveDataRoot, withDatabase } from '../src/server/db/embedded.ts';
import { loadDemo, type DemoSummary } from '../src/server/demo/load-demo.ts';
import { loadOrCreateAuditKey } from '../src/server/modules/audit/checkpoint.ts';
import { testDb, type TestDb } from './support/db.ts';

const run = promisify(execFile);
let t: TestDb;
let keyDir: string;
let demo: DemoSummary;
const cleanup: Array<() => Promise<void> | void> = [];

async function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string }> {
  const base: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: t.url, GUANCHENG_AUDIT_KEY_FILE: path.join(keyDir, 'audit.key'), LANG: 'en_US.UTF-8', GUANCHENG_DEMO: 'false' };
  delete base.TEST_DATABASE_URL;
  const full = { ...base, ...env };
  for (const [k, v] of Object.entries(full)) if (v === undefined) delete full[k];
  try {
    const r = await run(process.execPath, [path.join(repoRoot, 'bin/guancheng.js'), ...args], { env: full, cwd: repoRoot });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

before(async () => {
  t = await testDb();
  keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gc-audit-'));
  const auditKey = loadOrCreateAuditKey(path.join(keyDir, 'audit.key'));
  demo = await loadDemo(t.db, loadConfig({ NODE_ENV: 'test' }), { days: 1, perDay: 12, now: new Date('2026-05-12T15:00:00+08:00'), auditKey });
});
after(async () => {
  for (const f of cleanup.reverse()) await f();
  await t.drop();
  fs.rmSync(keyDir, { recursive: true, force: true });
});

test('a fresh demo ends with a checkpoint over all of its history: verify reports every event covered', async () => {
  const { rows } = await t.db.query(`SELECT max(global_seq)::int AS upto, count(*)::int AS n FROM case_events`);
  assert.ok(rows[0].n > 50, `${rows[0].n} events`);
  assert.deepEqual(demo.checkpoint, { id: 1, upto: rows[0].upto });
  const ok = await cli(['audit', 'verify']);
  assert.equal(ok.code, 0, ok.out);
  assert.match(ok.out, new RegExp(`Checked ${rows[0].n} events .* covered up to global #${rows[0].upto}\\b`));
  assert.doesNotMatch(ok.out, /Not yet covered/);
  const again = await cli(['audit', 'checkpoint']);
  assert.equal(again.code, 0, again.out);
  assert.match(again.out, /nothing new since the last checkpoint/);
});

test('the demo database verifies; an edited event is named once a checkpoint covers it', async () => {
  const ok = await cli(['audit', 'verify']);
  assert.equal(ok.code, 0, ok.out);
  const exported = await cli(['audit', 'export']);
  assert.equal(exported.code, 0, exported.out);
  assert.equal(exported.out.trim().split('\n').length, 1);

  const { rows } = await t.db.query(`SELECT id, case_id, seq FROM case_events WHERE seq = 2 ORDER BY id LIMIT 1`);
  const victim = rows[0];
  await t.db.query(`UPDATE case_events SET payload = payload || '{"note":"改过"}' WHERE id = $1`, [victim.id]);
  const bad = await cli(['audit', 'verify']);
  assert.equal(bad.code, 1, bad.out);
  assert.match(bad.out, new RegExp(`case ${victim.case_id}`));
  assert.match(bad.out, new RegExp(`(#${victim.seq}|seq ${victim.seq}|id ${victim.id})`));
});

test('audit verify and audit export refuse a data folder with no cluster, and create nothing there', async () => {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'gc-empty-'));
  cleanup.push(() => fs.rmSync(empty, { recursive: true, force: true }));
  // As root, a folder the OS user postgres cannot enter is swapped for one under /var/tmp: nothing may appear there either.
  const used = resolveDataRoot(empty, () => {});
  const env = { DATABASE_URL: undefined, GUANCHENG_DATA_DIR: empty, GUANCHENG_AUDIT_KEY_FILE: undefined };
  for (const args of [['audit', 'verify'], ['audit', 'export']]) {
    const r = await cli(args, env);
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /no database here: .* holds no PostgreSQL cluster/, r.out);
    assert.doesNotMatch(r.out, /initialising|checked|covered/i);
  }
  assert.deepEqual(fs.readdirSync(empty), [], 'no cluster and no audit key in the empty folder');
  if (used !== empty) assert.equal(fs.existsSync(used), false, `${used} was not created`);
});

test('audit verify refuses a database the app never migrated (DATABASE_URL), and leaves it empty', async () => {
  const adminUrl = process.env.GC_TEST_ADMIN_URL!;
  const name = `gc_t_${process.env.GC_TEST_RUN ?? 'x'}_empty_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE template0`);
  cleanup.push(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });
  const url = withDatabase(adminUrl, name);
  const r = await cli(['audit', 'verify'], { DATABASE_URL: url });
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /no database here: DATABASE_URL holds no Guancheng database/);
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const { rows } = await c.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`);
  await c.end();
  assert.equal(rows[0].n, 0, 'no tables were created');
});
