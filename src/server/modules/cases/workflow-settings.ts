import { z } from 'zod';
import type { Queryable } from '../../db/pool.ts';
import { DomainError } from '../../errors.ts';
import { invalidateSettingsCaches, poolKey, registerCache, ttlCache } from '../../db/ttl-cache.ts';
import { CLOCK_TYPES } from '../../../shared/org.ts';
import { CASE_SOURCES, STEP_KINDS } from '../../../shared/cases/workflow.ts';

const limitSchema = z.object({
  amount: z.number().positive().max(10000),
  unit: z.enum(['hours', 'days']),
  clockType: z.enum(CLOCK_TYPES),
});
export type StepLimit = z.infer<typeof limitSchema>;

/**
 * Per-district workflow configuration (DOMAIN §5 defaults). Stored as JSON in workflow_settings and
 * validated on read, so a bad edit can never reach the clocks.
 */
export const workflowSettingsSchema = z.object({
  /** Limits of every step except 'handle' (that one comes from the category). */
  stepLimits: z.record(z.enum(STEP_KINDS), limitSchema),
  /** Used when a category has no handling limit of its own. */
  defaultHandleLimit: limitSchema,
  maxExtensions: z.number().int().min(0).max(10),
  /** Sources whose reporter gets a call-back (回访) before closing. */
  callbackSources: z.array(z.enum(CASE_SOURCES)),
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
  poolNewTasks: z.enum(['urgent', 'all']).default('urgent')
    .describe('岗位池（受理员、值班长、派遣员）新任务消息：urgent 仅紧急案件，all 全部 / new-task notices to the centre pools: urgent cases only, or all'),
});
export type WorkflowSettings = z.infer<typeof workflowSettingsSchema>;

const wh = (amount: number): StepLimit => ({ amount, unit: 'hours', clockType: 'workingHours' });

export const DEFAULT_WORKFLOW_SETTINGS: WorkflowSettings = {
  stepLimits: {
    sendToVerify: wh(0.5),
    verify: wh(1),
    file: wh(0.5),
    approveVoid: wh(0.5),
    dispatch: wh(0.5),
    accept: wh(1),
    handle: { amount: 1, unit: 'days', clockType: 'workingDays' },
    approveRequest: wh(0.5),
    sendToCheck: wh(0.5),
    check: wh(1),
    callback: { amount: 1, unit: 'days', clockType: 'workingDays' },
    close: wh(1),
  },
  defaultHandleLimit: { amount: 1, unit: 'days', clockType: 'workingDays' },
  maxExtensions: 2,
  callbackSources: ['citizen', 'hotline'],
  unsatisfiedCallback: 'rework',
  nearDueShare: 0.8,
  duplicateRadiusM: 50,
  duplicateWindowHours: 72,
  // A centre operator would otherwise get a message for nearly every case of the day (docs/decisions/0005-pool-task-announcements.md).
  poolNewTasks: 'urgent',
};

const settingsCache = registerCache(ttlCache<string, WorkflowSettings>(2000));

export function loadWorkflowSettings(db: Queryable, districtCode: string): Promise<WorkflowSettings> {
  return settingsCache.get(poolKey(db, districtCode), () => readWorkflowSettings(db, districtCode));
}

async function readWorkflowSettings(db: Queryable, districtCode: string): Promise<WorkflowSettings> {
  const { rows } = await db.query(`SELECT settings FROM workflow_settings WHERE district_code = $1`, [districtCode]);
  const stored = (rows[0]?.settings ?? {}) as Partial<WorkflowSettings>;
  return workflowSettingsSchema.parse({
    ...DEFAULT_WORKFLOW_SETTINGS,
    ...stored,
    stepLimits: { ...DEFAULT_WORKFLOW_SETTINGS.stepLimits, ...(stored.stepLimits ?? {}) },
  });
}

export async function saveWorkflowSettings(db: Queryable, districtCode: string, settings: WorkflowSettings, userId: number): Promise<void> {
  const { rowCount } = await db.query(`SELECT 1 FROM divisions WHERE code = $1 AND level = 'district'`, [districtCode]);
  if (!rowCount) throw new DomainError('DIVISION_NOT_FOUND', { code: districtCode });
  await db.query(
    `INSERT INTO workflow_settings (district_code, settings, updated_by) VALUES ($1, $2, $3)
     ON CONFLICT (district_code) DO UPDATE SET settings = EXCLUDED.settings, updated_by = EXCLUDED.updated_by, updated_at = now()`,
    [districtCode, JSON.stringify(workflowSettingsSchema.parse(settings)), userId],
  );
  invalidateSettingsCaches();
}
