/**
 * Verifications of the audit trail, kept (audit_verifications): one row written when a run starts and completed
 * when it ends, and a security-log record of the result. One run at a time across every process: the run holds a
 * session advisory lock for as long as it streams through the trail, so a second request is told one is running
 * (AUDIT_VERIFY_RUNNING), and a row left unfinished by a process that died is recognisable (its lock is gone)
 * and closed as interrupted by the next run.
 */
import type pg from 'pg';
import type { Db, Queryable } from '../../db/pool.ts';
import { DomainError } from '../../errors.ts';
import { recordSecurityEvent } from '../security/security-log.ts';
import type { AuditProblem, AuditReport } from './audit.types.ts';
import type { AuditKey } from './merkle.ts';
import { describeProblem } from './report.ts';
import { verifyAudit } from './verify.ts';
import type { VerificationTrigger } from '../../../shared/api/audit.ts';

export const VERIFY_LOCK_KEY = '7449905365424632835'; // bytes "gcaudit\x03"
// A bigint advisory key shows in pg_locks as (classid, objid) = its high and low 32 bits.
const LOCK_CLASSID = Number(BigInt(VERIFY_LOCK_KEY) >> 32n);
const LOCK_OBJID = Number(BigInt(VERIFY_LOCK_KEY) & 0xffffffffn);

const formatShanghai = (d: Date) => d.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });

export interface VerifyRequester {
  trigger: VerificationTrigger;
  userId?: number | null;
  username?: string | null;
  ip?: string | null;
  requestId?: string | null;
}

export interface VerificationRow {
  id: number;
  startedAt: Date;
  finishedAt: Date | null;
  trigger: VerificationTrigger;
  username: string | null;
  ok: boolean | null;
  problemCount: number | null;
  firstProblem: (Omit<AuditProblem, 'detail'> & { description: { zh: string; en: string } }) | null;
  checkedEvents: number | null;
  expectedEvents: number | null;
  checkedCases: number | null;
  checkpoints: number | null;
  coveredUpto: number | null;
  uncoveredEvents: number | null;
  durationMs: number | null;
  error: string | null;
}

const COLUMNS = `id, started_at AS "startedAt", finished_at AS "finishedAt", trigger, username, ok, problem_count AS "problemCount",
  first_problem AS "firstProblem", checked_events::float8 AS "checkedEvents", expected_events::float8 AS "expectedEvents",
  checked_cases::float8 AS "checkedCases", checkpoints, covered_upto::float8 AS "coveredUpto", uncovered_events::float8 AS "uncoveredEvents",
  duration_ms AS "durationMs", error`;

function present(row: Record<string, unknown>): VerificationRow {
  const r = row as unknown as VerificationRow & { firstProblem: Omit<AuditProblem, 'detail'> | null };
  const p = r.firstProblem;
  return { ...r, firstProblem: p ? { ...p, description: { zh: describeProblem(p, 'zh-CN'), en: describeProblem(p, 'en') } } : null };
}

export interface StartedVerification {
  verification: VerificationRow;
  /** Settles when the run is stored (never rejects: a failure is stored as the run's error, and report is null). */
  done: Promise<{ row: VerificationRow; report: AuditReport | null }>;
}

/**
 * Starts a verification and returns once its row is written; the run goes on in the background (`done`).
 * Throws AUDIT_VERIFY_RUNNING when one is already running anywhere.
 */
export async function startVerification(db: Db, key: AuditKey, who: VerifyRequester): Promise<StartedVerification> {
  const lock = await db.connect();
  let locked = false;
  try {
    locked = ((await lock.query(`SELECT pg_try_advisory_lock($1::bigint) AS ok`, [VERIFY_LOCK_KEY])).rows[0] as { ok: boolean }).ok;
    if (!locked) {
      const running = await runningVerification(db);
      throw new DomainError('AUDIT_VERIFY_RUNNING', { startedAt: running ? formatShanghai(running.startedAt) : '' });
    }
    // Holding the lock, no run is alive: anything unfinished was cut short by its process stopping.
    await db.query(`UPDATE audit_verifications SET finished_at = now(), error = 'interrupted' WHERE finished_at IS NULL`);
    const expected = ((await db.query(`SELECT count(*)::float8 AS n FROM case_events`)).rows[0] as { n: number }).n;
    const { rows } = await db.query(
      `INSERT INTO audit_verifications (trigger, user_id, username, expected_events, checked_events) VALUES ($1, $2, $3, $4, 0) RETURNING ${COLUMNS}`,
      [who.trigger, who.userId ?? null, who.username ?? null, expected],
    );
    const verification = present(rows[0] as Record<string, unknown>);
    const done = run(db, key, lock, verification.id, who);
    return { verification, done };
  } catch (err) {
    if (locked) await lock.query(`SELECT pg_advisory_unlock($1::bigint)`, [VERIFY_LOCK_KEY]).catch(() => {});
    lock.release();
    throw err;
  }
}

async function run(db: Db, key: AuditKey, lock: pg.PoolClient, id: number, who: VerifyRequester): Promise<{ row: VerificationRow; report: AuditReport | null }> {
  let progress = 0;
  let written = 0;
  let writing: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    if (progress === written) return;
    written = progress;
    writing = db.query(`UPDATE audit_verifications SET checked_events = $2 WHERE id = $1 AND finished_at IS NULL`, [id, written]).catch(() => {});
  }, 1000);
  timer.unref();
  let broken = false;
  try {
    let report: AuditReport | null = null;
    let error: string | null = null;
    try {
      report = await verifyAudit(db, key, { onProgress: (n) => { progress = n; } });
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    }
    clearInterval(timer);
    await writing;
    const row = await storeResult(db, id, report, error);
    await recordSecurityEvent(db, {
      kind: 'audit.verified',
      userId: who.userId ?? null,
      username: who.username ?? null,
      ip: who.ip ?? null,
      requestId: who.requestId ?? null,
      detail: {
        verificationId: id,
        trigger: who.trigger,
        ok: row.ok,
        problemCount: row.problemCount,
        ...(row.firstProblem ? { firstProblem: row.firstProblem.description } : {}),
        checkedEvents: row.checkedEvents,
        ...(error ? { error } : {}),
      },
    });
    return { row, report };
  } catch (err) {
    broken = true;
    // The result could not be stored: the row stays unfinished and the next run closes it as interrupted.
    return { row: { ...(await getVerification(db, id).catch(() => null)), error: String(err) } as VerificationRow, report: null };
  } finally {
    clearInterval(timer);
    await lock.query(`SELECT pg_advisory_unlock($1::bigint)`, [VERIFY_LOCK_KEY]).catch(() => { broken = true; });
    lock.release(broken);
  }
}

async function storeResult(db: Queryable, id: number, r: AuditReport | null, error: string | null): Promise<VerificationRow> {
  const first = r?.firstProblem ? stripDetail(r.firstProblem) : null;
  const { rows } = await db.query(
    `UPDATE audit_verifications SET finished_at = now(), ok = $2, problem_count = $3, first_problem = $4, checked_events = coalesce($5, checked_events),
            checked_cases = $6, checkpoints = $7, covered_upto = $8, uncovered_events = $9, uncovered_since = $10, duration_ms = $11, error = $12
      WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, r?.ok ?? null, r?.problemCount ?? null, first ? JSON.stringify(first) : null, r?.checkedEvents ?? null, r?.checkedCases ?? null,
      r?.checkpoints ?? null, r?.coveredUpto ?? null, r?.uncovered.events ?? null, r?.uncovered.since ?? null, r?.durationMs ?? null, error],
  );
  return present(rows[0] as Record<string, unknown>);
}

function stripDetail(p: AuditProblem): Omit<AuditProblem, 'detail'> {
  const { detail: _detail, ...rest } = p;
  return rest;
}

export async function getVerification(db: Queryable, id: number): Promise<VerificationRow | null> {
  const { rows } = await db.query(`SELECT ${COLUMNS} FROM audit_verifications WHERE id = $1`, [id]);
  return rows[0] ? present(rows[0] as Record<string, unknown>) : null;
}

export async function lastFinishedVerification(db: Queryable): Promise<VerificationRow | null> {
  const { rows } = await db.query(`SELECT ${COLUMNS} FROM audit_verifications WHERE finished_at IS NOT NULL ORDER BY id DESC LIMIT 1`);
  return rows[0] ? present(rows[0] as Record<string, unknown>) : null;
}

/** The unfinished run whose lock is still held (a row without one was left by a process that stopped). */
export async function runningVerification(db: Queryable): Promise<VerificationRow | null> {
  const { rows } = await db.query(
    `SELECT ${COLUMNS} FROM audit_verifications
      WHERE finished_at IS NULL
        AND EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND classid = $1 AND objid = $2 AND objsubid = 1 AND granted
                      AND database = (SELECT oid FROM pg_database WHERE datname = current_database()))
      ORDER BY id DESC LIMIT 1`,
    [LOCK_CLASSID, LOCK_OBJID],
  );
  return rows[0] ? present(rows[0] as Record<string, unknown>) : null;
}

/** The daily run: when no verification finished in the last day (whoever started it). Null when none was due or one is running. */
export async function verifyIfDue(db: Db, key: AuditKey, now: Date): Promise<VerificationRow | null> {
  const { rows } = await db.query(`SELECT 1 FROM audit_verifications WHERE finished_at > $1::timestamptz - interval '1 day' AND error IS NULL LIMIT 1`, [now]);
  if (rows.length) return null;
  try {
    return (await (await startVerification(db, key, { trigger: 'scheduler' })).done).row;
  } catch (err) {
    if (err instanceof DomainError && err.code === 'AUDIT_VERIFY_RUNNING') return null;
    throw err;
  }
}

/**
 * `guancheng audit verify`: the same run, recorded like one from the web, answering the full report. A database
 * from before migration 0022 (the command does not migrate) is verified without being recorded.
 */
export async function verifyAndRecord(db: Db, key: AuditKey): Promise<AuditReport> {
  let started: StartedVerification;
  try {
    started = await startVerification(db, key, { trigger: 'cli' });
  } catch (err) {
    if ((err as { code?: string }).code === '42P01') return verifyAudit(db, key);
    throw err;
  }
  const { row, report } = await started.done;
  if (!report) throw new Error(row.error ?? 'audit verification failed');
  return report;
}
