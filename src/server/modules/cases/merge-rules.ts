/**
 * Whether a report may be merged into an original (DOMAIN §4: a merged duplicate ends as merged and its
 * reporter follows the original). The original must be open — merging into a closed, voided or merged case
 * would hand the reporter someone else's finished case and leave their problem unhandled. It must also be the
 * same problem: the same category (or one the district configured as compatible), within the duplicate radius
 * and window. A receiver who knows better may override those three, never openness, with a reason on record.
 */
import { distance, point } from '@turf/turf';
import { FINAL_STATUSES } from '../../../shared/cases/workflow.ts';
import { DomainError } from '../../errors.ts';
import type { CaseRow } from './case.queries.ts';
import type { WorkflowSettings } from './workflow-settings.ts';

type Placed = Pick<CaseRow, 'id' | 'status' | 'trackingNo' | 'categoryKind' | 'categoryCode' | 'lng' | 'lat' | 'reportedAt' | 'districtCode'>;

type Categorised = Pick<CaseRow, 'categoryKind' | 'categoryCode'>;

/** `kind:code`, as the district's compatible groups name categories. */
export const categoryKey = (c: Categorised): string => `${c.categoryKind}:${c.categoryCode}`;

/** The categories a report of this one may be the same problem as: itself and every one sharing a compatible group. */
export function compatibleCategoryKeys(c: Categorised, settings: Pick<WorkflowSettings, 'mergeCompatible'>): string[] {
  const key = categoryKey(c);
  return [...new Set([key, ...settings.mergeCompatible.filter((group) => group.includes(key)).flat()])];
}

export function sameProblemCategory(a: Categorised, b: Categorised, settings: Pick<WorkflowSettings, 'mergeCompatible'>): boolean {
  return compatibleCategoryKeys(a, settings).includes(categoryKey(b));
}

/** Throws CASE_MERGE_INVALID with the reason, unless the duplicate may go into the original (with `override`, bar openness). */
export function assertMergeable(duplicate: Placed, original: Placed, settings: WorkflowSettings, override: boolean): void {
  if (original.id === duplicate.id) throw new DomainError('CASE_MERGE_INVALID', { reason: 'sameCase' });
  if (original.districtCode !== duplicate.districtCode) throw new DomainError('CASE_MERGE_INVALID', { reason: 'notFound' });
  if (FINAL_STATUSES.includes(original.status)) throw new DomainError('CASE_MERGE_INVALID', { reason: 'originalEnded', details: { original: original.trackingNo, status: original.status } });
  if (override) return;
  if (!sameProblemCategory(duplicate, original, settings)) throw new DomainError('CASE_MERGE_INVALID', { reason: 'otherCategory', details: { original: original.trackingNo } });
  const metres = distance(point([duplicate.lng, duplicate.lat]), point([original.lng, original.lat]), { units: 'meters' });
  if (metres > settings.duplicateRadiusM) throw new DomainError('CASE_MERGE_INVALID', { reason: 'tooFar', details: { distanceM: Math.round(metres), radiusM: settings.duplicateRadiusM } });
  const hours = Math.abs(duplicate.reportedAt.getTime() - original.reportedAt.getTime()) / 3_600_000;
  if (hours > settings.duplicateWindowHours) throw new DomainError('CASE_MERGE_INVALID', { reason: 'tooOld', details: { hoursApart: Math.round(hours), windowHours: settings.duplicateWindowHours } });
}
