/** What the auditor's chain page shows: the newest checkpoint, what it does not yet cover, and the verifications. */
import type { Queryable } from '../../db/pool.ts';
import { lastFinishedVerification, runningVerification, type VerificationRow } from './audit-verification.ts';

export interface AuditStatus {
  lastCheckpoint: { id: number; at: Date; uptoEvent: number; headCount: number; root: string; keyId: string } | null;
  checkpointCount: number;
  uncovered: { events: number; since: Date | null };
  lastEvent: number | null;
  lastVerification: VerificationRow | null;
  running: VerificationRow | null;
}

export async function readAuditStatus(db: Queryable): Promise<AuditStatus> {
  const { rows: cps } = await db.query(
    `SELECT id, created_at AS at, upto_global_seq::float8 AS "uptoEvent", head_count AS "headCount", root, key_id AS "keyId",
            (SELECT count(*)::int FROM audit_checkpoints) AS count
       FROM audit_checkpoints ORDER BY id DESC LIMIT 1`,
  );
  const cp = cps[0] as (NonNullable<AuditStatus['lastCheckpoint']> & { count: number }) | undefined;
  // global_seq is unique (indexed): counting past the horizon reads only the uncovered tail.
  const { rows: tail } = await db.query(
    `SELECT count(*)::float8 AS events, min(at) AS since, (SELECT max(global_seq)::float8 FROM case_events) AS "lastEvent"
       FROM case_events WHERE global_seq > $1`,
    [cp?.uptoEvent ?? 0],
  );
  const t = tail[0] as { events: number; since: Date | null; lastEvent: number | null };
  // In this order: a run stores its result before it lets go of its lock, so a run not seen running here has its
  // result visible to the next read.
  const running = await runningVerification(db);
  const lastVerification = await lastFinishedVerification(db);
  return {
    lastCheckpoint: cp ? { id: cp.id, at: cp.at, uptoEvent: cp.uptoEvent, headCount: cp.headCount, root: cp.root, keyId: cp.keyId } : null,
    checkpointCount: cp?.count ?? 0,
    uncovered: { events: t.events, since: t.since },
    lastEvent: t.lastEvent,
    lastVerification,
    running,
  };
}
