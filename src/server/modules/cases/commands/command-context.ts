import type { Db } from '../../../db/pool.ts';
import type { ClockType } from '../../../../shared/org.ts';
import type { StepLimit, WorkflowSettings } from '../workflow-settings.ts';

/** What every case command receives: the database, the clock (injected; tests step it) and request metadata. */
export interface CommandContext {
  db: Db;
  now: () => Date;
  meta: { requestId: string | null; ip: string | null };
}

/** A category's handling limit (DOMAIN §5): its own amount and clock, or the district default. */
export function handleLimitOf(category: { time_limit: number | null; clock_type: string }, settings: WorkflowSettings): StepLimit {
  if (category.time_limit == null) return settings.defaultHandleLimit;
  const clockType = category.clock_type as ClockType;
  const unit = clockType === 'workingHours' || clockType === 'emergency' ? 'hours' : 'days';
  return { amount: Number(category.time_limit), unit, clockType };
}
