/**
 * The job table (0002_case_loop.sql): follow-up work enqueued in the same transaction as the change
 * that causes it, drained by any app process with FOR UPDATE SKIP LOCKED. A dedupe key makes
 * enqueueing idempotent, so a retried sweep never notifies twice.
 */
import type { Queryable } from '../db/pool.ts';

export interface JobInput {
  kind: string;
  payload: Record<string, unknown>;
  dedupeKey?: string;
  runAt?: Date;
}

export async function enqueueJobs(db: Queryable, jobs: JobInput[]): Promise<number> {
  if (!jobs.length) return 0;
  const { rowCount } = await db.query(
    `INSERT INTO jobs (kind, payload, dedupe_key, run_at)
     SELECT k, p::jsonb, d, COALESCE(r, now()) FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[]) AS t(k, p, d, r)
     ON CONFLICT (dedupe_key) DO NOTHING`,
    [jobs.map((j) => j.kind), jobs.map((j) => JSON.stringify(j.payload)), jobs.map((j) => j.dedupeKey ?? null), jobs.map((j) => j.runAt ?? null)],
  );
  return rowCount ?? 0;
}

export interface ClaimedJob {
  id: number;
  kind: string;
  payload: Record<string, unknown>;
  attempts: number;
}

/** Claims up to `limit` due jobs of the given kinds; concurrent workers skip each other's rows. */
export async function claimJobs(db: Queryable, kinds: string[], limit: number, now: Date): Promise<ClaimedJob[]> {
  const { rows } = await db.query(
    `UPDATE jobs SET locked_at = $3, attempts = attempts + 1
      WHERE id IN (SELECT id FROM jobs WHERE done_at IS NULL AND kind = ANY($1) AND run_at <= $3
                      AND (locked_at IS NULL OR locked_at < $3::timestamptz - interval '5 minutes')
                    ORDER BY run_at, id LIMIT $2 FOR UPDATE SKIP LOCKED)
      RETURNING id, kind, payload, attempts`,
    [kinds, limit, now],
  );
  return rows as ClaimedJob[];
}

export async function completeJob(db: Queryable, id: number, now: Date): Promise<void> {
  await completeJobs(db, [id], now);
}

export async function completeJobs(db: Queryable, ids: number[], now: Date): Promise<void> {
  if (!ids.length) return;
  await db.query(`UPDATE jobs SET done_at = $2, locked_at = NULL, last_error = NULL WHERE id = ANY($1::bigint[])`, [ids, now]);
}

export async function failJob(db: Queryable, id: number, error: string, retryAt: Date): Promise<void> {
  await db.query(`UPDATE jobs SET locked_at = NULL, last_error = $2, run_at = $3 WHERE id = $1`, [id, error.slice(0, 1000), retryAt]);
}
