/**
 * Re-checks the whole audit trail from one consistent snapshot: the signed checkpoint chain, every
 * case chain, the chains against the signed heads, and the cases' state against their last event.
 * Streams through server-side cursors, so memory does not grow with the number of events.
 */
import type pg from 'pg';
import type { Db } from '../../db/pool.ts';
import { GENESIS } from './audit-chain.ts';
import type { AuditProblem, AuditReport } from './audit.types.ts';
import { openStream } from './cursor.ts';
import { checkpointHmac, checkpointRoot, headLeaf, merkleBuilder, type AuditKey } from './merkle.ts';
import { describeProblem } from './report.ts';
import { verifyCases, type CheckpointInfo } from './verify-cases.ts';

export { formatReport } from './report.ts';
export type { AuditProblem, AuditReport } from './audit.types.ts';

/** Enough to act on; a wholesale rewrite would otherwise produce one problem per row. */
export const MAX_PROBLEMS = 1000;

export interface VerifyOptions {
  /** exportCheckpoints() output kept elsewhere: catches the newest checkpoints being deleted. */
  exported?: string;
  /** Called now and then with the number of events checked so far (the auditor's progress bar). */
  onProgress?: (checkedEvents: number) => void;
}

export type AddProblem = (p: Omit<AuditProblem, 'detail'>) => void;

export async function verifyAudit(db: Db, key: AuditKey, opts: VerifyOptions = {}): Promise<AuditReport> {
  const started = Date.now();
  const problems: AuditProblem[] = [];
  let problemCount = 0;
  const add: AddProblem = (p) => {
    problemCount++;
    if (problems.length < MAX_PROBLEMS) problems.push({ ...p, detail: describeProblem(p, 'en') });
  };
  const client = await db.connect();
  try {
    // One snapshot for everything: appends and checkpoints committing meanwhile cannot produce
    // false alarms (a head seen without its event, or the other way round).
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const checkpoints = await verifyCheckpoints(client, key, add);
    if (opts.exported !== undefined) compareExported(checkpoints, opts.exported, add);
    const stats = await verifyCases(client, checkpoints, add, opts.onProgress);
    await client.query('COMMIT');
    const lastValid = checkpoints.filter((c) => c.valid).at(-1);
    return {
      ok: problemCount === 0,
      problems,
      problemCount,
      ...(problems[0] ? { firstProblem: problems[0] } : {}),
      checkedEvents: stats.events,
      checkedCases: stats.cases,
      checkpoints: checkpoints.length,
      coveredUpto: lastValid?.upto ?? null,
      lastCheckpointAt: lastValid?.createdAt ?? null,
      uncovered: stats.uncovered,
      durationMs: Date.now() - started,
    };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

interface CheckpointRow {
  id: number;
  created_at: Date;
  upto_global_seq: number;
  head_count: number;
  delta_root: string;
  prev_root: string;
  root: string;
  hmac: string;
  key_id: string;
}

/** (a) HMAC, root formula, prev_root links, and each delta_root recomputed from its stored heads. */
async function verifyCheckpoints(client: pg.PoolClient, key: AuditKey, add: AddProblem): Promise<CheckpointInfo[]> {
  const cps = await openStream<CheckpointRow>(client, 'audit_cp', `SELECT * FROM audit_checkpoints ORDER BY id`);
  const heads = await openStream<{ checkpoint_id: number; case_id: number; seq: number; hash: string }>(
    client, 'audit_cp_heads', `SELECT checkpoint_id, case_id, seq, hash FROM audit_checkpoint_heads ORDER BY checkpoint_id, case_id`,
  );
  const out: CheckpointInfo[] = [];
  let prev: CheckpointInfo | undefined;
  for (let c = await cps.next(); c; c = await cps.next()) {
    const merkle = merkleBuilder();
    for (let h = await heads.peek(); h && h.checkpoint_id <= c.id; h = await heads.peek()) {
      await heads.next();
      // Heads of a deleted checkpoint cannot exist (foreign key); skip rather than mis-attribute.
      if (h.checkpoint_id === c.id) merkle.add(headLeaf(h.case_id, h.seq, h.hash));
    }
    const problem = (reason: AuditProblem['reason'], extra: Partial<AuditProblem> = {}) => add({ kind: 'checkpointInvalid', reason, checkpointId: c.id, ...extra });
    let valid = true;
    const fail = (reason: AuditProblem['reason'], extra: Partial<AuditProblem> = {}) => {
      if (valid) problem(reason, extra); // one problem per checkpoint: the first reason explains it
      valid = false;
    };
    if (c.key_id !== key.id) fail('key', { expected: key.id, found: c.key_id });
    else if (checkpointHmac(key, c.root) !== c.hmac) fail('hmac');
    if (checkpointRoot(c.prev_root, c.upto_global_seq, c.delta_root, c.head_count) !== c.root) fail('root');
    const delta = merkle.root();
    if (delta !== c.delta_root || merkle.count() !== c.head_count) {
      fail('delta', { found: merkle.count() !== c.head_count ? `${merkle.count()} heads stored, ${c.head_count} signed` : 'Merkle root differs' });
    }
    // A broken link right after an invalid checkpoint is the same problem again; report it once.
    if (c.prev_root !== (prev ? prev.root : GENESIS) && (!prev || prev.valid)) fail('prevLink');
    if (prev && c.upto_global_seq <= prev.upto) fail('upto');
    const info: CheckpointInfo = { id: c.id, upto: c.upto_global_seq, createdAt: c.created_at, root: c.root, hmac: c.hmac, valid };
    out.push(info);
    prev = info;
  }
  await cps.close();
  await heads.close();
  return out;
}

/** Every exported checkpoint must still be in the database, unchanged. */
function compareExported(checkpoints: CheckpointInfo[], exported: string, add: AddProblem): void {
  const byId = new Map(checkpoints.map((c) => [c.id, c]));
  for (const line of exported.split('\n')) {
    if (!line.trim()) continue;
    const e = JSON.parse(line) as { id: number; upto: number; root: string; hmac: string };
    const c = byId.get(e.id);
    if (!c) add({ kind: 'checkpointInvalid', reason: 'missing', checkpointId: e.id });
    else if (c.root !== e.root || c.hmac !== e.hmac || c.upto !== e.upto) {
      add({ kind: 'checkpointInvalid', reason: 'exportDiffers', checkpointId: e.id, found: c.root !== e.root ? 'root' : c.upto !== e.upto ? 'upto' : 'hmac' });
    }
  }
}
