/**
 * `npm test`: one PostgreSQL for the whole run — the embedded one (no setup), or the server named by
 * TEST_DATABASE_URL (CI runs the suite again on PostgreSQL 15 that way). A template database is
 * migrated once; each test file clones it (`CREATE DATABASE … TEMPLATE`, test/support/db.ts).
 * Then node's own test runner runs every *.test.ts file; the web's own tests (src/web, no database) run
 * after them as a separate run (`npm run test:web` runs only those).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { repoRoot } from '../src/server/config.ts';
import { processAlive, resolveDataRoot, startEmbedded, withDatabase } from '../src/server/db/embedded.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { createPool } from '../src/server/db/pool.ts';
import { seedStandardCategories } from '../src/server/modules/categories/category.service.ts';

function findTests(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) findTests(p, out);
    else if (e.name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

function ownerAlive(dataRoot: string): boolean {
  const file = path.join(dataRoot, 'owner.pid');
  return fs.existsSync(file) && processAlive(Number(fs.readFileSync(file, 'utf8')));
}

const filters = process.argv.slice(2);
const webDir = path.join(repoRoot, 'src', 'web');
const webFiles = findTests(webDir).filter((f) => !filters.length || filters.some((x) => f.includes(x))).sort();
const files = [...findTests(path.join(repoRoot, 'src')).filter((f) => !f.startsWith(webDir + path.sep)), ...findTests(path.join(repoRoot, 'test'))]
  .filter((f) => !filters.length || filters.some((x) => f.includes(x)))
  .sort();

let adminUrl = process.env.TEST_DATABASE_URL;
let stop: (() => Promise<void>) | undefined;
if (!adminUrl) {
  let dataRoot = resolveDataRoot(path.join(repoRoot, '.data', 'test-pg'), (m) => console.error(m));
  // A second test run at the same time gets a cluster of its own instead of stopping the first one's.
  let throwaway = false;
  if (ownerAlive(dataRoot)) {
    dataRoot = `${dataRoot}-${process.pid}`;
    throwaway = true;
  }
  // Test data is disposable: trade durability for speed.
  const server = await startEmbedded({ dataRoot, settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' } });
  fs.writeFileSync(path.join(dataRoot, 'owner.pid'), String(process.pid));
  adminUrl = server.url;
  stop = async () => {
    await server.stop();
    fs.rmSync(path.join(dataRoot, 'owner.pid'), { force: true });
    if (throwaway) fs.rmSync(dataRoot, { recursive: true, force: true });
  };
}

const template = `gc_template_${process.pid}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${template} ENCODING 'UTF8' TEMPLATE template0`);
const pool = createPool(withDatabase(adminUrl, template), 2);
await migrate(pool);
await seedStandardCategories(pool);
await pool.end();
const { rows } = await admin.query(`SHOW server_version`);
console.log(`# PostgreSQL ${rows[0].server_version}; template ${template}; ${files.length} test files`);

const code: number = await new Promise((resolve) => {
  const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], {
    stdio: 'inherit',
    env: { ...process.env, GC_TEST_ADMIN_URL: adminUrl, GC_TEST_TEMPLATE: template, GC_TEST_RUN: String(process.pid), NODE_ENV: 'test' },
  });
  child.on('exit', (c) => resolve(c ?? 1));
});
const webCode: number = !webFiles.length ? 0 : await new Promise((resolve) => {
  console.log(`# web: ${webFiles.length} test files`);
  const child = spawn(process.execPath, ['--import', 'tsx', '--test', ...webFiles], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } });
  child.on('exit', (c) => resolve(c ?? 1));
});

// Clones may outlive a crashed file: drop whatever this run created.
const { rows: dbs } = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname = $2`, [`gc_t_${process.pid}_%`, template]);
for (const d of dbs) await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(d.datname)} WITH (FORCE)`).catch(() => {});
await admin.end();
await stop?.();
process.exit(code || webCode);
