import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { repoRoot, type Config } from '../config.ts';
import { processAlive, resolveDataRoot, startEmbedded, withDatabase } from './embedded.ts';

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

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)} ENCODING 'UTF8' TEMPLATE template0`);
  } finally {
    await client.end();
  }
}

/**
 * DATABASE_URL when given (any PostgreSQL ≥ 15; the embedded server is never started), otherwise the
 * embedded PostgreSQL: started by us, or shared with the guancheng process that already runs it.
 */
export async function openDatabase(cfg: Config, log: (m: string) => void, opts: { settings?: Record<string, string> } = {}): Promise<DatabaseHandle> {
  if (cfg.databaseUrl) return { url: cfg.databaseUrl, dataRoot: null, embedded: false, close: async () => {} };
  const dataRoot = defaultDataRoot(cfg, log);
  const shared = runningOwner(dataRoot);
  if (shared) {
    await ensureDatabase(shared.url, APP_DATABASE);
    return { url: withDatabase(shared.url, APP_DATABASE), dataRoot, embedded: true, close: async () => {} };
  }
  const server = await startEmbedded({ dataRoot, log, settings: opts.settings });
  const ownerFile = path.join(dataRoot, 'owner.pid');
  fs.writeFileSync(ownerFile, String(process.pid));
  await ensureDatabase(server.url, APP_DATABASE);
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
