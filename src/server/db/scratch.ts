/**
 * A throw-away database for scripts and benchmarks (scenario, demo:backlog, bench:search): created
 * empty on the server at `adminUrl`, migrated, and dropped again by `drop()`.
 */
import pg from 'pg';
import { withDatabase } from './embedded.ts';
import { migrate } from './migrate.ts';
import { createPool, type Db } from './pool.ts';

export interface ScratchDatabase {
  db: Db;
  url: string;
  /** Closes the pool and drops the database (`keep`: closes the pool only). */
  drop(opts?: { keep?: boolean }): Promise<void>;
}

export async function scratchDatabase(adminUrl: string, name: string, poolSize = 5): Promise<ScratchDatabase> {
  const admin = async <T>(f: (c: pg.Client) => Promise<T>) => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    try {
      return await f(c);
    } finally {
      await c.end();
    }
  };
  await admin((c) => c.query(`CREATE DATABASE ${name} ENCODING 'UTF8' TEMPLATE template0`));
  const url = withDatabase(adminUrl, name);
  const db = createPool(url, poolSize);
  const drop = async (opts: { keep?: boolean } = {}) => {
    await db.end();
    if (!opts.keep) await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  };
  try {
    await migrate(db);
  } catch (err) {
    await drop();
    throw err;
  }
  return { db, url, drop };
}
