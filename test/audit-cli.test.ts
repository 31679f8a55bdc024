/**
 * `guancheng audit verify` on a demo database: passes when untouched, fails naming the row after
 * someone with database access edits history.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { loadConfig, repoRoot } from '../src/server/config.ts';
import { loadDemo } from '../src/server/demo/load-demo.ts';
import { testDb, type TestDb } from './support/db.ts';

const run = promisify(execFile);
let t: TestDb;
let keyDir: string;

async function cli(...args: string[]): Promise<{ code: number; out: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: t.url, GUANCHENG_AUDIT_KEY_FILE: path.join(keyDir, 'audit.key'), LANG: 'en_US.UTF-8', GUANCHENG_DEMO: 'false' };
  delete env.TEST_DATABASE_URL;
  try {
    const r = await run(process.execPath, [path.join(repoRoot, 'bin/guancheng.js'), ...args], { env, cwd: repoRoot });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

before(async () => {
  t = await testDb();
  keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gc-audit-'));
  await loadDemo(t.db, loadConfig({ NODE_ENV: 'test' }), { days: 1, perDay: 12, now: new Date('2026-05-12T15:00:00+08:00') });
});
after(async () => {
  await t.drop();
  fs.rmSync(keyDir, { recursive: true, force: true });
});

test('the demo database verifies; an edited event is named after a checkpoint covers it', async () => {
  const cp = await cli('audit', 'checkpoint');
  assert.equal(cp.code, 0, cp.out);
  assert.match(cp.out, /checkpoint #1/);
  const ok = await cli('audit', 'verify');
  assert.equal(ok.code, 0, ok.out);
  const exported = await cli('audit', 'export');
  assert.equal(exported.out.trim().split('\n').length, 1);

  const { rows } = await t.db.query(`SELECT id, case_id, seq FROM case_events WHERE seq = 2 ORDER BY id LIMIT 1`);
  const victim = rows[0];
  await t.db.query(`UPDATE case_events SET payload = payload || '{"note":"改过"}' WHERE id = $1`, [victim.id]);
  const bad = await cli('audit', 'verify');
  assert.equal(bad.code, 1, bad.out);
  assert.match(bad.out, new RegExp(`case ${victim.case_id}`));
  assert.match(bad.out, new RegExp(`(#${victim.seq}|seq ${victim.seq}|id ${victim.id})`));
});
