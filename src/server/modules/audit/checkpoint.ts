/**
 * Audit checkpoints: every so often, commit to the heads of all case chains that moved since the
 * previous checkpoint, chain the checkpoints, and sign each with HMAC-SM3 under a key kept outside
 * the database. Someone who can write to the database but not read the key file can then no longer
 * rewrite, truncate or drop a covered chain without verify.ts noticing.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import type { Db } from '../../db/pool.ts';
import { APPEND_LOCK_KEY, CHECKPOINT_LOCK_KEY, GENESIS, sm3Hex } from './audit-chain.ts';
import { checkpointHmac, checkpointRoot, headLeaf, merkleBuilder, type AuditKey } from './merkle.ts';

export type { AuditKey } from './merkle.ts';

export interface Checkpoint {
  id: number;
  createdAt: Date;
  upto: number;
  headCount: number;
  deltaRoot: string;
  prevRoot: string;
  root: string;
  hmac: string;
  keyId: string;
}

/** Reads the key file, or creates it (32 random bytes, hex, mode 600) on first use. */
export function loadOrCreateAuditKey(file: string): AuditKey {
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    try {
      // 'wx': if two processes start at once, exactly one key wins and the other reads it below.
      fs.writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  const hex = fs.readFileSync(file, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/i.test(hex)) throw new Error(`audit key file ${file} does not hold 64 hex digits`);
  const secret = Buffer.from(hex, 'hex');
  return { id: sm3Hex(secret).slice(0, 8), secret };
}

const HEAD_PAGE = 10_000;

/**
 * Writes a checkpoint covering every event up to the current horizon. Returns null when nothing
 * changed since the previous one, when another process is writing a checkpoint right now, or when
 * in-flight appends did not finish within horizonWaitMs (default 2 s).
 */
export async function createCheckpoint(db: Db, key: AuditKey, now: Date = new Date(), opts: { horizonWaitMs?: number } = {}): Promise<Checkpoint | null> {
  const client = await db.connect();
  let broken = false;
  try {
    const got = await client.query(`SELECT pg_try_advisory_lock($1::bigint) AS ok`, [CHECKPOINT_LOCK_KEY]);
    if (!(got.rows[0] as { ok: boolean }).ok) return null;
    try {
      const upto = await readHorizon(client, opts.horizonWaitMs ?? 2000);
      return upto === null ? null : await writeCheckpoint(client, key, upto, now);
    } finally {
      await client.query(`SELECT pg_advisory_unlock($1::bigint)`, [CHECKPOINT_LOCK_KEY]).catch(() => { broken = true; });
    }
  } catch (err) {
    broken = true;
    throw err;
  } finally {
    // A connection that may still hold a session lock must not go back to the pool.
    client.release(broken);
  }
}

/**
 * Sequences are handed out before commit, so "max(global_seq) now" is only a safe horizon once no
 * transaction holding a smaller number is still open. The exclusive lock waits for exactly those
 * (they hold the shared append lock until commit) and goes at COMMIT, so intake pauses only while
 * the in-flight appends finish. While it waits, new appends queue behind it: lock_timeout bounds
 * that pause if some transaction holds its append open for long; the checkpoint then skips a turn.
 */
async function readHorizon(client: pg.PoolClient, waitMs: number): Promise<number | null> {
  await client.query('BEGIN');
  try {
    await client.query(`SELECT set_config('lock_timeout', $1, true)`, [`${Math.max(1, Math.round(waitMs))}ms`]);
    await client.query(`SELECT pg_advisory_xact_lock($1::bigint)`, [APPEND_LOCK_KEY]);
    // Its own statement: READ COMMITTED takes a fresh snapshot after the lock was granted.
    const { rows } = await client.query(`SELECT coalesce(max(global_seq), 0) AS upto FROM case_events`);
    await client.query('COMMIT');
    return (rows[0] as { upto: number }).upto;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    if ((err as { code?: string }).code === '55P03') return null; // lock_not_available: try next time
    throw err;
  }
}

async function writeCheckpoint(client: pg.PoolClient, key: AuditKey, upto: number, now: Date): Promise<Checkpoint | null> {
  await client.query('BEGIN');
  try {
    const prev = (await client.query(`SELECT upto_global_seq AS upto, root FROM audit_checkpoints ORDER BY id DESC LIMIT 1`)).rows[0] as
      | { upto: number; root: string }
      | undefined;
    const prevUpto = prev?.upto ?? 0;
    const prevRoot = prev?.root ?? GENESIS;
    if (upto <= prevUpto) {
      await client.query('ROLLBACK');
      return null;
    }
    // Placeholders first so the heads can be written server-side and then streamed back for the
    // Merkle root; nobody sees them, the row is completed in this same transaction.
    const ins = await client.query(
      `INSERT INTO audit_checkpoints (created_at, upto_global_seq, head_count, delta_root, prev_root, root, hmac, key_id)
       VALUES ($1, $2, 0, '', $3, '', '', $4) RETURNING id`,
      [now, upto, prevRoot, key.id],
    );
    const id = (ins.rows[0] as { id: number }).id;
    // Within a case seq and global_seq rise together (appends are serialized by the case row lock
    // and number after it), so the highest seq in the window is the head as of `upto`.
    await client.query(
      `INSERT INTO audit_checkpoint_heads (checkpoint_id, case_id, seq, hash)
       SELECT DISTINCT ON (case_id) $1::bigint, case_id, seq, hash
         FROM case_events WHERE global_seq > $2 AND global_seq <= $3
        ORDER BY case_id, seq DESC`,
      [id, prevUpto, upto],
    );
    const merkle = merkleBuilder();
    for (let after = -1; ; ) {
      const { rows } = await client.query(
        `SELECT case_id, seq, hash FROM audit_checkpoint_heads WHERE checkpoint_id = $1 AND case_id > $2 ORDER BY case_id LIMIT ${HEAD_PAGE}`,
        [id, after],
      );
      for (const r of rows as Array<{ case_id: number; seq: number; hash: string }>) merkle.add(headLeaf(r.case_id, r.seq, r.hash));
      if (rows.length < HEAD_PAGE) break;
      after = (rows.at(-1) as { case_id: number }).case_id;
    }
    const headCount = merkle.count();
    const deltaRoot = merkle.root();
    const root = checkpointRoot(prevRoot, upto, deltaRoot, headCount);
    const hmac = checkpointHmac(key, root);
    await client.query(`UPDATE audit_checkpoints SET head_count = $2, delta_root = $3, root = $4, hmac = $5 WHERE id = $1`, [id, headCount, deltaRoot, root, hmac]);
    await client.query('COMMIT');
    return { id, createdAt: now, upto, headCount, deltaRoot, prevRoot, root, hmac, keyId: key.id };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  }
}

/**
 * All checkpoints as JSON lines, oldest first, to keep somewhere the database's admins cannot
 * write (a WORM bucket, another organisation, paper). verifyAudit({ exported }) compares against it,
 * which is what catches the newest checkpoints being deleted.
 */
export async function exportCheckpoints(db: Db): Promise<string> {
  const lines: string[] = [];
  for (let after = 0; ; ) {
    const { rows } = await db.query(
      `SELECT id, created_at, upto_global_seq, root, hmac, key_id FROM audit_checkpoints WHERE id > $1 ORDER BY id LIMIT 1000`,
      [after],
    );
    for (const r of rows as Array<{ id: number; created_at: Date; upto_global_seq: number; root: string; hmac: string; key_id: string }>) {
      lines.push(JSON.stringify({ id: r.id, created_at: r.created_at.toISOString(), upto: r.upto_global_seq, root: r.root, hmac: r.hmac, key_id: r.key_id }));
      after = r.id;
    }
    if (rows.length < 1000) break;
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}
