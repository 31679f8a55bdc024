import { createHash } from 'node:crypto';
import pg from 'pg';

// int8 (bigserial ids, counts) as JS numbers: ids stay far below 2^53. numeric as number too.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));
// int8[] (unit and user id lists) as number arrays; ids never contain quotes or commas.
pg.types.setTypeParser(1016 as Parameters<typeof pg.types.setTypeParser>[0], (v: string) => (v === '{}' ? [] : v.slice(1, -1).split(',').map((x) => (x === 'NULL' ? null : Number(x)))));

export type Db = pg.Pool;
export type Tx = pg.PoolClient;
/** Anything that can run a query: the pool or a client inside a transaction. */
export type Queryable = Pick<pg.Pool, 'query'>;

export function createPool(url: string, max = 10): Db {
  // JIT off: it compiles batched generic plans for far longer than they run (docs/decisions/0003-batch-statements.md).
  const pool = new pg.Pool({ connectionString: url, max, application_name: 'guancheng', options: '-c jit=off' });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  return pool;
}

export async function inTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

export async function pingDatabase(db: Queryable): Promise<void> {
  await db.query('SELECT 1');
}

const statementNames = new Map<string, string>();

/**
 * A hot query as a named statement: each connection parses and plans it once, then reuses the plan
 * (PostgreSQL's plan cache; custom plans first, a generic one once it is no worse). For the few queries
 * run on every request, where planning costs more than executing. Not for SQL whose text varies freely.
 */
export function prepared(text: string, values: unknown[]): pg.QueryConfig {
  let name = statementNames.get(text);
  if (!name) {
    name = `gc_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    statementNames.set(text, name);
  }
  return { name, text, values };
}

/**
 * SQL for the next value of a table's `id` serial, for statements that take many ids at once
 * (`SELECT ${nextIdSql('cases')} FROM generate_series(1, n)`). The sequence is looked up once per
 * statement (an InitPlan), not per row (docs/decisions/0003-batch-statements.md).
 */
export function nextIdSql(table: 'cases' | 'case_events' | 'case_steps'): string {
  return `nextval((SELECT pg_get_serial_sequence('${table}', 'id')::regclass))`;
}
