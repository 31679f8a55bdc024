import type { Queryable } from '../../db/pool.ts';
import type { Actor } from '../auth/auth.service.ts';
import { visibleToSql, type CaseRow } from './case.queries.ts';
import type { WorkflowSettings } from './workflow-settings.ts';

export interface PossibleDuplicate {
  id: number;
  trackingNo: string;
  status: string;
  description: string;
  reportedAt: Date;
  distanceM: number;
}

/**
 * Open cases of the same category near the same spot within the window (default 50 m, 72 h) — what a
 * receiver checks before merging. A degree box narrows the rows; the haversine distance decides.
 */
export async function findPossibleDuplicates(
  db: Queryable,
  c: Pick<CaseRow, 'id' | 'districtCode' | 'categoryKind' | 'categoryCode' | 'lng' | 'lat' | 'reportedAt'>,
  s: WorkflowSettings,
  /** Only cases this actor may see (a supervisor does not learn of cases outside their grids). */
  viewer?: Actor,
): Promise<PossibleDuplicate[]> {
  const dLat = s.duplicateRadiusM / 110_574;
  const dLng = s.duplicateRadiusM / (111_320 * Math.cos((c.lat * Math.PI) / 180));
  const args: unknown[] = [c.districtCode, c.categoryKind, c.categoryCode, c.lng, c.lat, c.id, dLng, dLat, c.reportedAt, s.duplicateWindowHours, s.duplicateRadiusM];
  const visible = viewer ? `AND ${visibleToSql(viewer, args)}` : '';
  const { rows } = await db.query(
    `SELECT * FROM (
       SELECT id, tracking_no AS "trackingNo", status, description, reported_at AS "reportedAt",
              2 * 6371008.8 * asin(sqrt(power(sin(radians(lat - $5) / 2), 2) + cos(radians($5)) * cos(radians(lat)) * power(sin(radians(lng - $4) / 2), 2))) AS "distanceM"
         FROM cases c
        WHERE district_code = $1 AND category_kind = $2 AND category_code = $3 AND id <> $6
          AND status NOT IN ('closed', 'voided', 'notTrue', 'merged')
          AND lng BETWEEN $4::float8 - $7 AND $4::float8 + $7 AND lat BETWEEN $5::float8 - $8 AND $5::float8 + $8
          AND reported_at BETWEEN $9::timestamptz - make_interval(hours => $10) AND $9::timestamptz + make_interval(hours => $10) ${visible}
     ) d WHERE "distanceM" <= $11 ORDER BY "distanceM", "reportedAt" LIMIT 20`,
    args,
  );
  return rows.map((r) => ({ ...r, distanceM: Math.round(r.distanceM * 10) / 10 })) as PossibleDuplicate[];
}
