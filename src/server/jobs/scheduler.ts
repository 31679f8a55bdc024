/**
 * Periodic work every app process runs: the deadline sweep, the audit checkpoint and the daily verification. Both are safe to
 * run in several processes at once (SKIP LOCKED and dedupe keys; an advisory lock for checkpoints),
 * so there is no leader election — each process simply tries.
 */
import type { Db } from '../db/pool.ts';
import type { AuditKey } from '../modules/audit/checkpoint.ts';
import { createCheckpoint } from '../modules/audit/checkpoint.ts';
import { verifyIfDue } from '../modules/audit/audit-verification.ts';
import { sweepDeadlines } from '../modules/cases/commands/sweep-deadlines.ts';
import { purgeIdempotencyKeys } from '../modules/idempotency/idempotency.ts';

export interface SchedulerOptions {
  db: Db;
  now: () => Date;
  auditKey: AuditKey;
  sweepSeconds: number;
  checkpointSeconds: number;
  /** Notification delivery (modules/notifications): drained here on a timer, and woken by the live hub. */
  delivery?: { drain(): Promise<unknown>; stop(): Promise<void>; seconds: number };
  log: { info(o: object, msg: string): void; error(o: object, msg: string): void };
}

export function startScheduler(o: SchedulerOptions): () => Promise<void> {
  const running = new Set<Promise<unknown>>();
  let stopped = false;
  const every = (seconds: number, name: string, task: () => Promise<unknown>) => {
    let busy = false;
    const timer = setInterval(() => {
      if (busy || stopped) return;
      busy = true;
      const p = task()
        .then((r) => {
          if (r && typeof r === 'object' && Object.values(r).some((v) => typeof v === 'number' && v > 0)) o.log.info({ task: name, result: r }, `${name} done`);
        })
        .catch((err) => o.log.error({ err, task: name }, `${name} failed`))
        .finally(() => {
          busy = false;
          running.delete(p);
        });
      running.add(p);
    }, seconds * 1000);
    timer.unref();
    return timer;
  };
  const timers = [
    every(o.sweepSeconds, 'deadline sweep', () => sweepDeadlines(o.db, o.now())),
    every(o.checkpointSeconds, 'audit checkpoint', async () => {
      const cp = await createCheckpoint(o.db, o.auditKey, o.now());
      return cp ? { checkpoint: cp.id } : null;
    }),
    // The whole trail re-verified once a day (unless someone did within the day), the result kept for the auditor.
    every(3600, 'audit verify', async () => {
      const v = await verifyIfDue(o.db, o.auditKey, o.now());
      if (v && v.ok === false) o.log.error({ verification: v.id, problems: v.problemCount, first: v.firstProblem?.description.en }, 'audit trail TAMPERED');
      return v ? { verification: v.id } : null;
    }),
    // Idempotency keys count for a day; rows are kept two, then purged.
    every(3600, 'idempotency purge', () => purgeIdempotencyKeys(o.db, o.now())),
  ];
  const delivery = o.delivery;
  if (delivery) timers.push(every(delivery.seconds, 'notification delivery', () => delivery.drain()));
  return async () => {
    stopped = true;
    for (const t of timers) clearInterval(t);
    await Promise.allSettled([...running]);
    await delivery?.stop();
  };
}
