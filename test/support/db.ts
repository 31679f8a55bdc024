import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { withDatabase } from '../../src/server/db/embedded.ts';
import { createPool, type Db } from '../../src/server/db/pool.ts';

export interface TestDb {
  db: Db;
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A fresh database cloned from the migrated template (scripts/test.ts made it); one per test file. */
export async function testDb(): Promise<TestDb> {
  const adminUrl = process.env.GC_TEST_ADMIN_URL;
  const template = process.env.GC_TEST_TEMPLATE;
  if (!adminUrl || !template) throw new Error('run tests with `npm test` (it prepares the template database)');
  const name = `gc_t_${process.env.GC_TEST_RUN ?? 'x'}_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  // CREATE DATABASE … TEMPLATE needs the template to have no other connections; retry briefly if a sibling is cloning.
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
      break;
    } catch (err) {
      if (attempt > 50 || !/being accessed by other users/.test((err as Error).message)) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  await admin.end();
  const url = withDatabase(adminUrl, name);
  const db = createPool(url, 5);
  return {
    db,
    url,
    name,
    async drop() {
      await db.end();
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
