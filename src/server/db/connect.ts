import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { repoRoot, type Config } from '../config.ts';
import { migrationFiles } from './migrate.ts';
import { clusterExists, processAlive, resolveDataRoot, startEmbedded, withDatabase } from './embedded.ts';

export const APP_DATABASE = 'guancheng';

export interface DatabaseHandle {
  url: string;
  /** Where the embedded cluster lives, or null with DATABASE_URL. */
  dataRoot: string | null;
  embedded: boolean;
  close(): Promise<void>;
}

export function defaultDataRoot(cfg: Config, note: (m: string) => void): string {
  return resolveDataRoot(cfg.dataDir ?? path.join(repoRoot, '.data'), note);
}

/** The embedded server another guancheng process (e.g. a running `start`) already owns, if any. */
function runningOwner(dataRoot: string): { url: string } | null {
  try {
    const owner = Number(fs.readFileSync(path.join(dataRoot, 'owner.pid'), 'utf8'));
    if (!processAlive(owner) || owner === process.pid) return null;
    const meta = JSON.parse(fs.readFileSync(path.join(dataRoot, 'embedded-postgres.json'), 'utf8')) as { port: number; password: string };
    const pm = fs.readFileSync(path.join(dataRoot, 'pg', 'postmaster.pid'), 'utf8').split('\n');
    if (!processAlive(Number(pm[0]))) return null;
    return { url: `postgres://postgres:${encodeURIComponent(meta.password)}@127.0.0.1:${Number(pm[3])}/postgres` };
  } catch {
    return null;
  }
}

/** A read-only command (`audit verify`, `audit export`) pointed at a place that holds no Guancheng database. */
export class NoDatabaseError extends Error {}

function noDatabase(where: string, why: string): NoDatabaseError {
  return new NoDatabaseError(`这里没有数据库：${where}${why === 'cluster' ? ' 中没有 PostgreSQL 集群' : ' 中没有管城数据库'}（请检查 GUANCHENG_DATA_DIR / DATABASE_URL，或先运行 guancheng start）` +
    ` / no database here: ${where} holds ${why === 'cluster' ? 'no PostgreSQL cluster' : 'no Guancheng database'} (check GUANCHENG_DATA_DIR / DATABASE_URL, or run guancheng start first)`);
}

/** Creates the app database unless it exists; with `existing`, refuses instead of creating it. */
async function ensureDatabase(adminUrl: string, name: string, existing: { where: string } | null = null): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount) return;
    if (existing) throw noDatabase(existing.where, 'database');
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)} ENCODING 'UTF8' TEMPLATE template0`);
  } finally {
    await client.end();
  }
}

export interface OpenOptions {
  settings?: Record<string, string>;
  /**
   * Only a database that is already there (read-only commands): never initdb a cluster or create the app
   * database, and refuse one that was never migrated — with NoDatabaseError, saying where it looked.
   */
  existing?: boolean;
}

/**
 * The app's schema is there and current (`guancheng start` or `migrate` ran against this database): a
 * read-only command neither creates nor migrates it.
 */
async function assertSchema(url: string, where: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT to_regclass('schema_migrations') IS NOT NULL AND to_regclass('case_events') IS NOT NULL AS ok`);
    if (!rows[0].ok) throw noDatabase(where, 'database');
    const done = new Set((await client.query<{ name: string }>('SELECT name FROM schema_migrations')).rows.map((r) => r.name));
    const pending = migrationFiles().filter((f) => !done.has(f));
    if (pending.length) {
      throw new NoDatabaseError(`${where} 的数据库尚未迁移到当前版本（待执行 ${pending.join(', ')}），请先运行 guancheng migrate` +
        ` / the database at ${where} needs migrations first (${pending.join(', ')}): run guancheng migrate`);
    }
  } finally {
    await client.end();
  }
}

/**
 * DATABASE_URL when given (any PostgreSQL ≥ 15; the embedded server is never started), otherwise the
 * embedded PostgreSQL: started by us, or shared with the guancheng process that already runs it.
 */
export async function openDatabase(cfg: Config, log: (m: string) => void, opts: OpenOptions = {}): Promise<DatabaseHandle> {
  if (cfg.databaseUrl) {
    if (opts.existing) await assertSchema(cfg.databaseUrl, 'DATABASE_URL');
    return { url: cfg.databaseUrl, dataRoot: null, embedded: false, close: async () => {} };
  }
  const dataRoot = defaultDataRoot(cfg, log);
  const existing = opts.existing ? { where: dataRoot } : null;
  const shared = runningOwner(dataRoot);
  if (shared) {
    await ensureDatabase(shared.url, APP_DATABASE, existing);
    if (existing) await assertSchema(withDatabase(shared.url, APP_DATABASE), dataRoot);
    return { url: withDatabase(shared.url, APP_DATABASE), dataRoot, embedded: true, close: async () => {} };
  }
  // Checked before startEmbedded, which would initdb a fresh cluster (and create the folder) where there is none.
  if (existing && !clusterExists(dataRoot)) throw noDatabase(dataRoot, 'cluster');
  const server = await startEmbedded({ dataRoot, log, settings: opts.settings });
  const ownerFile = path.join(dataRoot, 'owner.pid');
  fs.writeFileSync(ownerFile, String(process.pid));
  try {
    await ensureDatabase(server.url, APP_DATABASE, existing);
    if (existing) await assertSchema(withDatabase(server.url, APP_DATABASE), dataRoot);
  } catch (err) {
    await server.stop();
    fs.rmSync(ownerFile, { force: true });
    throw err;
  }
  return {
    url: withDatabase(server.url, APP_DATABASE),
    dataRoot,
    embedded: true,
    async close() {
      await server.stop();
      fs.rmSync(ownerFile, { force: true });
    },
  };
}
