import { z } from 'zod';
import { DEFAULT_MERGE_COMPATIBLE, workflowSettingsSchema, type StepLimit, type WorkflowSettings } from '../../../shared/api/settings.ts';
import type { Queryable } from '../../db/pool.ts';
import { DomainError } from '../../errors.ts';
import { cached } from '../../db/ttl-cache.ts';
import type { SettingsCaches } from '../../app-state.ts';

export type { StepLimit, WorkflowSettings } from '../../../shared/api/settings.ts';

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
  mergeCompatible: DEFAULT_MERGE_COMPATIBLE,
};

const storedSettingsSchema = z.object(workflowSettingsSchema.shape);

/** A district's settings, through the app's caches when given (app-state.ts). */
export function loadWorkflowSettings(db: Queryable, districtCode: string, caches?: SettingsCaches): Promise<WorkflowSettings> {
  return cached(caches?.workflow, districtCode, () => readWorkflowSettings(db, districtCode));
}

async function readWorkflowSettings(db: Queryable, districtCode: string): Promise<WorkflowSettings> {
  const { rows } = await db.query(`SELECT settings FROM workflow_settings WHERE district_code = $1`, [districtCode]);
  const stored = (rows[0]?.settings ?? {}) as Partial<WorkflowSettings>;
  // Read leniently (keys a later version dropped are ignored); written strictly (the route's schema).
  return storedSettingsSchema.parse({
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
}
