/**
 * The per-case hash chain of `case_events`: canonical serialization, SM3 hashing and the one way to
 * append an event. Checkpoints (checkpoint.ts) later sign the chain heads; verify.ts re-walks it all.
 */
import { createHash } from 'node:crypto';
import type { Tx } from '../../db/pool.ts';
import { DomainError } from '../../errors.ts';

export const GENESIS = '0'.repeat(64);

/**
 * Advisory lock keys (single-bigint space). Appends hold APPEND_LOCK shared until commit; a checkpoint
 * takes it exclusive for an instant to read a horizon below which every allocated global_seq is
 * committed. CHECKPOINT_LOCK keeps checkpoint writers (possibly in several processes) one at a time.
 */
export const APPEND_LOCK_KEY = '7449905365424632833'; // bytes "gcaudit\x01"
export const CHECKPOINT_LOCK_KEY = '7449905365424632834'; // bytes "gcaudit\x02"

export interface NewCaseEvent {
  caseId: number;
  type: string;
  fromStatus: string | null;
  toStatus: string;
  version: number;
  actorId: number | null;
  actorRole: string | null;
  at: Date;
  requestId: string | null;
  clientIp: string | null;
  payload: Record<string, unknown>;
}

/** Everything the hash covers: the new event plus its place in the case chain and the global order. */
export interface ChainEvent extends NewCaseEvent {
  seq: number;
  globalSeq: number;
}

export function sm3Hex(data: string | Buffer): string {
  return createHash('sm3').update(data).digest('hex');
}

/**
 * JSON with object keys sorted at every level, otherwise exactly JSON.stringify's rules (toJSON,
 * undefined/functions dropped from objects and nulled in arrays, non-finite numbers → null), so the
 * text hashed at append equals the one recomputed from what jsonb hands back. Written out rather
 * than sort-after-round-trip: verify runs this once per event and it dominates the CPU cost.
 */
export function canonicalJson(value: unknown): string {
  return sortedJson(value) ?? 'null';
}

function sortedJson(input: unknown): string | undefined {
  let v = input;
  if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') v = (v as { toJSON(): unknown }).toJSON();
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return JSON.stringify(v);
    case 'number':
      return Number.isFinite(v) ? JSON.stringify(v) : 'null';
    case 'object':
      break;
    case 'bigint':
      throw new TypeError('BigInt cannot be serialized to JSON');
    default:
      return undefined; // undefined, function, symbol
  }
  if (Array.isArray(v)) return `[${v.map((x) => sortedJson(x) ?? 'null').join(',')}]`;
  const obj = v as Record<string, unknown>;
  const parts: string[] = [];
  for (const k of Object.keys(obj).sort()) {
    const s = sortedJson(obj[k]);
    if (s !== undefined) parts.push(`${JSON.stringify(k)}:${s}`);
  }
  return `{${parts.join(',')}}`;
}

/**
 * Fixed field order as a JSON array: unambiguous (null ≠ "", no separator injection) and easy to
 * re-implement in another language for an independent verifier.
 */
export function canonicalEvent(e: ChainEvent, payloadJson: string = canonicalJson(e.payload)): string {
  const head = [
    e.caseId, e.seq, e.globalSeq, e.type, e.fromStatus, e.toStatus, e.version,
    e.actorId, e.actorRole, e.at.toISOString(), e.requestId, e.clientIp,
  ];
  return `${JSON.stringify(head).slice(0, -1)},${payloadJson}]`;
}

/** `payloadJson`: the payload's canonicalJson() when the caller has it already (intake stores the same text). */
export function hashEvent(prevHash: string, e: ChainEvent, payloadJson?: string): string {
  return sm3Hex(`${prevHash}\n${canonicalEvent(e, payloadJson)}`);
}

/** A case_events row as pg returns it (int8 parsed to number by db/pool.ts). */
export interface CaseEventRow {
  id: number;
  global_seq: number;
  case_id: number;
  seq: number;
  type: string;
  from_status: string | null;
  to_status: string;
  version: number;
  actor_id: number | null;
  actor_role: string | null;
  at: Date;
  request_id: string | null;
  client_ip: string | null;
  payload: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

export function rowToChainEvent(r: CaseEventRow): ChainEvent {
  return {
    caseId: r.case_id, seq: r.seq, globalSeq: r.global_seq, type: r.type, fromStatus: r.from_status,
    toStatus: r.to_status, version: r.version, actorId: r.actor_id, actorRole: r.actor_role, at: r.at,
    requestId: r.request_id, clientIp: r.client_ip, payload: r.payload,
  };
}

/**
 * Appends one event to its case chain inside the caller's transaction (the same one that changed
 * the case, so the event and the state change commit together or not at all).
 */
export async function appendCaseEvent(tx: Tx, e: NewCaseEvent): Promise<{ id: number; globalSeq: number; seq: number; hash: string }> {
  // Row lock first (a no-op when the command's compare-and-set UPDATE already holds it, and the
  // guarantee that reading the chain head below is race-free if a caller forgot), then the shared
  // append lock. The shared lock must come before nextval(): a checkpoint's exclusive lock then
  // waits for every transaction that already holds a number, so none can commit below its horizon.
  const locked = await tx.query(
    `SELECT pg_advisory_xact_lock_shared($2::bigint) FROM (SELECT id FROM cases WHERE id = $1 FOR UPDATE) c`,
    [e.caseId, APPEND_LOCK_KEY],
  );
  if (locked.rowCount === 0) throw new DomainError('NOT_FOUND', { caseId: e.caseId });
  // A separate statement so it sees a snapshot taken after the locks were granted.
  const { rows } = await tx.query(
    `SELECT nextval('case_events_global_seq') AS gs, l.seq, l.hash
       FROM (SELECT 1) one
       LEFT JOIN LATERAL (SELECT seq, hash FROM case_events WHERE case_id = $1 ORDER BY seq DESC LIMIT 1) l ON true`,
    [e.caseId],
  );
  const last = rows[0] as { gs: number; seq: number | null; hash: string | null };
  const prevHash = last.hash ?? GENESIS;
  const seq = (last.seq ?? 0) + 1;
  const globalSeq = last.gs;
  const at = new Date(e.at.getTime()); // pin ms precision: what timestamptz returns is what we hashed
  const hash = hashEvent(prevHash, { ...e, at, seq, globalSeq });
  const ins = await tx.query(
    `INSERT INTO case_events (global_seq, case_id, seq, type, from_status, to_status, version, actor_id, actor_role, at, request_id, client_ip, payload, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb, $14, $15) RETURNING id`,
    [globalSeq, e.caseId, seq, e.type, e.fromStatus, e.toStatus, e.version, e.actorId, e.actorRole, at, e.requestId, e.clientIp,
      canonicalJson(e.payload), prevHash, hash],
  );
  return { id: (ins.rows[0] as { id: number }).id, globalSeq, seq, hash };
}
