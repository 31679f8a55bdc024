/**
 * A server-side cursor read in batches, with peek, for merge-walking several ordered streams in one
 * transaction. Memory stays at one batch per stream however large the tables grow.
 */
import type pg from 'pg';

export interface RowStream<T> {
  /** The next row without consuming it; undefined at the end. */
  peek(): Promise<T | undefined>;
  next(): Promise<T | undefined>;
  close(): Promise<void>;
}

/** Must be called inside a transaction (cursors live until COMMIT/ROLLBACK). */
export async function openStream<T>(client: pg.PoolClient, name: string, sql: string, params: unknown[] = [], batch = 5000): Promise<RowStream<T>> {
  await client.query(`DECLARE ${name} NO SCROLL CURSOR FOR ${sql}`, params);
  let buf: T[] = [];
  let pos = 0;
  let done = false;
  // No read-ahead: pg (and pg@9 for good) wants one query at a time per client, and the three
  // streams of a verify share one client so they share one snapshot.
  const fill = async (): Promise<void> => {
    if (pos < buf.length || done) return;
    const { rows } = await client.query(`FETCH ${batch} FROM ${name}`);
    buf = rows as T[];
    pos = 0;
    if (buf.length < batch) done = true;
  };
  return {
    async peek() {
      await fill();
      return buf[pos];
    },
    async next() {
      await fill();
      return buf[pos++];
    },
    async close() {
      await client.query(`CLOSE ${name}`);
    },
  };
}
