/**
 * Idempotency keys: a request carrying one is done once. Its outcome (status, the case, for actions the
 * response body) is claimed in the same transaction as its effect; a later request with the same key by
 * the same caller within a day answers with that outcome and changes nothing; the same key with a
 * different request is refused. Concurrent twins wait on the key's row and then see the winner's outcome.
 */
import { createHash } from 'node:crypto';
import { prepared, type Queryable, type Tx } from '../../db/pool.ts';
import { arrayLiteral } from '../../db/pg-array.ts';
import { canonicalJson } from '../audit/audit-chain.ts';

export const KEY_LIFETIME_MS = 24 * 3600_000;
const PURGE_AFTER_MS = 2 * KEY_LIFETIME_MS;

export interface IdempotencyClaim {
  /** 'user:<id>' or 'public'. */
  principal: string;
  key: string;
  /** SM3 of the request (requestHash). */
  hash: string;
  /** The status the first response answers with. */
  status: number;
  /** Set once the command has claimed the key inside its transaction. */
  claimed?: boolean;
}

export interface StoredOutcome {
  hash: string;
  status: number;
  caseId: number | null;
  secret: string | null;
  response: string | null;
}

/** Another request with the same key committed first (or is committing): answer with its outcome. */
export class IdempotencyRace extends Error {
  constructor() {
    super('idempotency key taken by a concurrent request');
  }
}

export function requestHash(request: { method: string; route: string; params: unknown; body: unknown }): string {
  return createHash('sm3').update(canonicalJson(request)).digest('hex');
}

const cutoff = (now: Date) => new Date(now.getTime() - KEY_LIFETIME_MS);

export async function findOutcome(db: Queryable, principal: string, key: string, now: Date): Promise<StoredOutcome | null> {
  const { rows } = await db.query<StoredOutcome>(prepared(
    `SELECT request_hash AS hash, status, case_id AS "caseId", secret, response FROM idempotency_keys
      WHERE principal = $1 AND key = $2 AND created_at >= $3`,
    [principal, key, cutoff(now)],
  ));
  return rows[0] ?? null;
}

/** Which of these keys a request within the day has taken already (one query for a whole intake batch). */
export async function takenKeys(db: Queryable, claims: readonly IdempotencyClaim[], now: Date): Promise<Set<string>> {
  const { rows } = await db.query<{ principal: string; key: string }>(prepared(
    `SELECT principal, key FROM idempotency_keys
      WHERE (principal, key) IN (SELECT * FROM unnest($1::text[], $2::text[])) AND created_at >= $3`,
    [arrayLiteral(claims.map((c) => c.principal)), arrayLiteral(claims.map((c) => c.key)), cutoff(now)],
  ));
  return new Set(rows.map((r) => keyOf(r)));
}

export const keyOf = (c: { principal: string; key: string }) => `${c.principal}\n${c.key}`;

/**
 * Claims the key inside the command's transaction, before its effect. A live row (another request's, or
 * one being written) makes this wait for that transaction and then throw IdempotencyRace; an expired row is
 * taken over.
 */
export async function claimKey(tx: Tx, claim: IdempotencyClaim, caseId: number, now: Date): Promise<void> {
  const { rowCount } = await tx.query(prepared(
    `INSERT INTO idempotency_keys (principal, key, request_hash, status, case_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (principal, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, status = EXCLUDED.status, case_id = EXCLUDED.case_id,
            secret = NULL, response = NULL, created_at = EXCLUDED.created_at
      WHERE idempotency_keys.created_at < $7`,
    [claim.principal, claim.key, claim.hash, claim.status, caseId, now, cutoff(now)],
  ));
  if (!rowCount) throw new IdempotencyRace();
  claim.claimed = true;
}

/** Keeps the first response's body (after commit: if this is lost, a retry rebuilds the answer from the case). */
export async function storeResponse(db: Queryable, claim: IdempotencyClaim, body: string): Promise<void> {
  await db.query(`UPDATE idempotency_keys SET response = $3 WHERE principal = $1 AND key = $2`, [claim.principal, claim.key, body]);
}

export async function purgeIdempotencyKeys(db: Queryable, now: Date): Promise<{ purged: number }> {
  const { rowCount } = await db.query(`DELETE FROM idempotency_keys WHERE created_at < $1`, [new Date(now.getTime() - PURGE_AFTER_MS)]);
  return { purged: rowCount ?? 0 };
}

/** The claim columns for a batch of new cases (intake-writer.ts writes them in its one statement). */
export function claimCutoff(now: Date): Date {
  return cutoff(now);
}
