/** Per-district workflow settings (step limits and policies) and the holiday calendar. */
import { z } from 'zod';
import { CASE_SOURCES, STEP_KINDS } from '../cases/workflow.ts';
import { CLOCK_TYPES } from '../org.ts';
import { day, districtCode, intQuery, text, limitAmount } from './fields.ts';
import { LIMIT_UNITS } from './vocabulary.ts';

export const stepLimitSchema = z.strictObject({
  amount: limitAmount(10000),
  unit: z.enum(LIMIT_UNITS),
  clockType: z.enum(CLOCK_TYPES),
});
export type StepLimit = z.infer<typeof stepLimitSchema>;

export const POOL_NEW_TASKS = ['urgent', 'all'] as const;

/** Categories that are often one problem reported two ways: garbage in its forms; street trading in its forms. */
export const DEFAULT_MERGE_COMPATIBLE: string[][] = [
  ['event:06010', 'event:06011', 'event:06036', 'event:06042'],
  ['event:09001', 'event:09005', 'event:09006'],
];

/**
 * Per-district workflow configuration (DOMAIN §5 defaults in the server's workflow-settings.ts). Stored as
 * JSON and validated on read, so a bad edit can never reach the clocks.
 */
export const workflowSettingsSchema = z.strictObject({
  /** Limits of every step except 'handle' (that one comes from the category). */
  stepLimits: z.record(z.enum(STEP_KINDS), stepLimitSchema),
  /** Used when a category has no handling limit of its own. */
  defaultHandleLimit: stepLimitSchema,
  maxExtensions: z.number().int().min(0).max(10),
  /** Sources whose reporter gets a call-back (回访) before closing. */
  callbackSources: z.array(z.enum(CASE_SOURCES)).max(CASE_SOURCES.length),
  /** An unsatisfied citizen: back to the same unit ('rework') or close with the complaint on record ('close'). */
  unsatisfiedCallback: z.enum(['rework', 'close']),
  /** Share of the limit used when the "near due" reminder goes out (DOMAIN §5: red from 80%). */
  nearDueShare: z.number().min(0.1).max(0.99),
  /** Possible duplicates: open cases of the same category this close, reported within this window. */
  duplicateRadiusM: z.number().min(1).max(5000),
  duplicateWindowHours: z.number().min(1).max(24 * 30),
  /**
   * New tasks for a centre pool (receivers, shift leaders, dispatchers): announced to each of them by
   * notification only when urgent ('urgent'), or always ('all'). Either way the task is in the pool's
   * queue and its change on the live stream. Named parties — a grid's supervisors, a unit's staff — are
   * always notified.
   */
  /** Groups of categories (`kind:code`) that may be merged with each other as one problem (besides the same category). */
  mergeCompatible: z.array(z.array(z.string().regex(/^(component|event):\d{5}$/, '@categoryKey')).min(2).max(50)).max(50),
  poolNewTasks: z.enum(POOL_NEW_TASKS)
    .describe('岗位池（受理员、值班长、派遣员）新任务消息：urgent 仅紧急案件，all 全部 / new-task notices to the centre pools: urgent cases only, or all'),
});
export type WorkflowSettings = z.infer<typeof workflowSettingsSchema>;
/** What a client sends: the same, with `poolNewTasks` defaulting to 'urgent' for clients that predate it. */
export const workflowSettingsBody = workflowSettingsSchema.extend({
  poolNewTasks: workflowSettingsSchema.shape.poolNewTasks.default('urgent'),
  mergeCompatible: workflowSettingsSchema.shape.mergeCompatible.default(DEFAULT_MERGE_COMPATIBLE),
});
export const districtParams = z.strictObject({ districtCode });

export const holidayYearParams = z.strictObject({ year: intQuery(2000, 2100) });
export const holidayYearResponse = z.object({
  year: z.number(),
  /** Days that differ from plain Monday–Friday, and the weekend days of a statutory holiday period, with where the answer comes from. */
  days: z.array(z.object({ day: z.string(), isWorkday: z.boolean(), name: z.string(), source: z.enum(['statutory', 'override']) })),
});
export const dayParams = z.strictObject({ day });
export const holidayOverrideBody = z.strictObject({ isWorkday: z.boolean(), name: text(40).default('') });
