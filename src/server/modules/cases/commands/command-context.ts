import { CASE_EVENTS_CHANNEL, JOBS_CHANNEL, NOTIFICATIONS_CHANNEL } from '../../../db/channels.ts';
import { directNotify, type Notify } from '../../../db/notifier.ts';
import type { Db } from '../../../db/pool.ts';
import type { ClockType } from '../../../../shared/org.ts';
import type { IdempotencyClaim } from '../../idempotency/idempotency.ts';
import type { AppState } from '../../../app-state.ts';
import type { StepLimit, WorkflowSettings } from '../workflow-settings.ts';

/** What every case command receives: the database, the clock (injected; tests step it) and request metadata. */
export interface CommandContext {
  db: Db;
  now: () => Date;
  meta: { requestId: string | null; ip: string | null };
  /** Post-commit wake-ups (db/notifier.ts); without one, each is sent directly. */
  notify?: Notify;
  /** The request's idempotency key: claimed in the command's transaction, before its effect (modules/idempotency). */
  idempotency?: IdempotencyClaim;
  /** The app's caches and intake writer (app-state.ts); without them (CLI, demo, direct calls) reads are uncached. */
  state?: AppState;
}

/**
 * After COMMIT: tell live streams in every process, wake the delivery workers when jobs were queued, and
 * hand inbox rows written with the change to their recipients' streams (as the delivery worker does).
 */
export function announce(
  ctx: CommandContext,
  e: { caseId: number; eventId: number; type: string; status: string; version: number },
  jobsQueued: boolean,
  inbox: ReadonlyArray<{ userId: number; ids: number[] }> = [],
): void {
  const notify = ctx.notify ?? directNotify(ctx.db);
  notify(CASE_EVENTS_CHANNEL, JSON.stringify(e));
  if (jobsQueued) notify(JOBS_CHANNEL, '');
  for (const x of inbox) notify(NOTIFICATIONS_CHANNEL, JSON.stringify({ userId: x.userId, ids: x.ids }));
}

/** A category's handling limit (DOMAIN §5): its own amount and clock, or the district default. */
export function handleLimitOf(category: { time_limit: number | null; clock_type: string }, settings: WorkflowSettings): StepLimit {
  if (category.time_limit == null) return settings.defaultHandleLimit;
  const clockType = category.clock_type as ClockType;
  const unit = clockType === 'workingHours' || clockType === 'emergency' ? 'hours' : 'days';
  return { amount: Number(category.time_limit), unit, clockType };
}
