/**
 * Durability: kill the app with SIGKILL in the middle of a stream of reports. After the next start,
 * every report that got a success response exists, and the audit trail verifies.
 */
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { loadConfig, repoRoot } from '../src/server/config.ts';
import { createApiToken, loadActor } from '../src/server/modules/auth/auth.service.ts';
import { testDb, type TestDb } from './support/db.ts';
import { seedMiniDistrict } from './support/factories.ts';

let t: TestDb;
let dir: string;
let token: string;
const children: ChildProcess[] = [];

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

function env(port: number): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: t.url, PORT: String(port), HOST: '127.0.0.1', GUANCHENG_DEMO: 'false', GUANCHENG_LOG_LEVEL: 'error', GUANCHENG_AUDIT_KEY_FILE: path.join(dir, 'audit.key'), LANG: 'en_US.UTF-8' };
  delete e.TEST_DATABASE_URL;
  return e;
}

async function start(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin/guancheng.js'), 'start'], { env: env(port), stdio: 'ignore' });
  children.push(child);
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) return child;
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not start');
}

before(async () => {
  t = await testDb();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gc-durable-'));
  await seedMiniDistrict(t.db);
  const { rows } = await t.db.query(`SELECT id FROM users WHERE username = 'receiver'`);
  const actor = (await loadActor(t.db, rows[0].id, loadConfig({ NODE_ENV: 'test' }), 'token'))!;
  token = (await createApiToken(t.db, actor, { name: 'durability' }, { ip: '127.0.0.1', requestId: 'test' })).token;
});
after(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await t.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('every acknowledged report survives a SIGKILL, and the audit trail verifies', { timeout: 120_000 }, async () => {
  const port = await freePort();
  const server = await start(port);
  const acknowledged: string[] = [];
  let failures = 0;
  let stop = false;
  const worker = async (w: number) => {
    for (let i = 0; !stop; i++) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/api/cases`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ source: 'hotline', categoryKind: 'event', categoryCode: '06010', lng: 113.7005 + (i % 4) * 0.001, lat: 34.7035 - (w % 2) * 0.002, description: `热线第 ${w}-${i} 次来电` }),
        });
        if (res.status === 201) acknowledged.push(((await res.json()) as { trackingNo: string }).trackingNo);
        else failures++;
      } catch {
        failures++; // the connection died with the server: not acknowledged, may or may not exist
        if (server.exitCode !== null || server.signalCode !== null) return;
      }
    }
  };
  const workers = Array.from({ length: 8 }, (_, w) => worker(w));
  // Kill once a stream of reports is flowing.
  while (acknowledged.length < 40) await new Promise((r) => setTimeout(r, 20));
  server.kill('SIGKILL');
  await new Promise((r) => server.once('exit', r));
  stop = true;
  await Promise.all(workers);
  assert.ok(acknowledged.length >= 40);

  await start(port);
  const { rows } = await t.db.query<{ tracking_no: string }>(`SELECT tracking_no FROM cases WHERE tracking_no = ANY($1)`, [acknowledged]);
  assert.equal(rows.length, acknowledged.length, 'every acknowledged report exists');
  const { rows: orphans } = await t.db.query(`SELECT count(*)::int AS n FROM cases c WHERE NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id)`);
  assert.equal(orphans[0].n, 0, 'no case without its event: both commit or neither');

  const run = promisify(execFile);
  const cli = (...args: string[]) => run(process.execPath, [path.join(repoRoot, 'bin/guancheng.js'), ...args], { env: env(port) });
  await cli('audit', 'checkpoint');
  const verify = await cli('audit', 'verify');
  assert.match(verify.stdout, /Audit trail intact/);
  console.log(`# ${acknowledged.length} acknowledged reports, ${failures} cut off by the kill; all present after restart`);
});
