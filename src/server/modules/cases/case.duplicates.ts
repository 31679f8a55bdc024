import { prepared, type Queryable } from '../../db/pool.ts';
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

/** The 0.001° cell of a position, exactly as the generated column cases.near_cell (0007) computes it. */
export function nearCell(lng: number, lat: number): number {
  return (Math.floor(lat * 1000) + 90000) * 1_000_000 + (Math.floor(lng * 1000) + 180000);
}

/** Every cell a box touches; null when that would be too many to list (a radius over ~1 km). */
export function cellsCovering(lng0: number, lat0: number, lng1: number, lat1: number): number[] | null {
  const [x0, x1, y0, y1] = [Math.floor(lng0 * 1000), Math.floor(lng1 * 1000), Math.floor(lat0 * 1000), Math.floor(lat1 * 1000)];
  if ((x1 - x0 + 1) * (y1 - y0 + 1) > 400) return null;
  const cells: number[] = [];
  for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) cells.push((y + 90000) * 1_000_000 + (x + 180000));
  return cells;
}

/**
 * Open cases of the same category near the same spot within the window (default 50 m, 72 h) — what a
 * receiver checks before merging. The cells around the point (an index on open cases) narrow the rows;
 * the degree box and then the haversine distance decide.
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
  const cells = cellsCovering(c.lng - dLng, c.lat - dLat, c.lng + dLng, c.lat + dLat);
  const args: unknown[] = [c.districtCode, c.categoryKind, c.categoryCode, c.lng, c.lat, c.id, dLng, dLat, c.reportedAt, s.duplicateWindowHours, s.duplicateRadiusM];
  if (cells) args.push(cells);
  const visible = viewer ? `AND ${visibleToSql(viewer, args)}` : '';
  // Runs on every report: a named statement, planned once per connection (the text varies only with the viewer's kind).
  const { rows } = await db.query(prepared(
    `SELECT * FROM (
       SELECT id, tracking_no AS "trackingNo", status, description, reported_at AS "reportedAt",
              2 * 6371008.8 * asin(sqrt(power(sin(radians(lat - $5) / 2), 2) + cos(radians($5)) * cos(radians(lat)) * power(sin(radians(lng - $4) / 2), 2))) AS "distanceM"
         FROM cases c
        WHERE category_kind = $2 AND category_code = $3 ${cells ? 'AND near_cell = ANY ($12::bigint[])' : ''}
          AND status NOT IN ('closed', 'voided', 'notTrue', 'merged')
          AND district_code = $1 AND id <> $6
          AND lng BETWEEN $4::float8 - $7 AND $4::float8 + $7 AND lat BETWEEN $5::float8 - $8 AND $5::float8 + $8
          AND reported_at BETWEEN $9::timestamptz - make_interval(hours => $10) AND $9::timestamptz + make_interval(hours => $10) ${visible}
     ) d WHERE "distanceM" <= $11 ORDER BY "distanceM", "reportedAt" LIMIT 20`,
    args,
  ));
  return rows.map((r) => ({ ...r, distanceM: Math.round(r.distanceM * 10) / 10 })) as PossibleDuplicate[];
}
