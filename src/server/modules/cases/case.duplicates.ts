import type { z } from 'zod';
import type { duplicateSchema } from '../../../shared/api/cases.ts';
import { FINAL_STATUSES } from '../../../shared/cases/workflow.ts';
import { arrayLiteral } from '../../db/pg-array.ts';
import { prepared, type Queryable } from '../../db/pool.ts';
import type { Actor } from '../auth/actor.ts';
import { isVisibleTo } from './case.visibility.ts';
import type { CaseRow } from './case.queries.ts';
import { compatibleCategoryKeys } from './merge-rules.ts';
import type { WorkflowSettings } from './workflow-settings.ts';

export type PossibleDuplicate = z.output<typeof duplicateSchema>;

/** A duplicate with what deciding its visibility needs (isVisibleTo), before that is decided. */
export interface DuplicateCandidate extends PossibleDuplicate {
  gridCode: string;
  reporterUserId: number | null;
  leadUnitId: number | null;
  coUnitIds: number[];
  stepUnitIds: number[];
}

type Probe = Pick<CaseRow, 'id' | 'districtCode' | 'categoryKind' | 'categoryCode' | 'lng' | 'lat' | 'reportedAt'>;

/** Shown at most, per case, after visibility. */
const SHOWN = 20;

/** The final statuses as SQL, in FINAL_STATUSES' order: the text of the open-cases index's predicate (0007), so the planner uses it. */
const FINAL_SQL = FINAL_STATUSES.map((s) => `'${s}'`).join(', ');

/**
 * Open cases of the same category, or one the district made compatible (`mergeCompatible`: what a merge
 * accepts), near the same spot within the window (default 50 m, 72 h) — what a receiver checks before
 * merging — for many cases in one query (a batch of new reports). The 0.001°
 * cells around each point (cases.near_cell, 0007, on an index of open cases) narrow the rows; the
 * degree box and then the haversine distance decide. Visibility is left to the caller (visibleDuplicates).
 * The cells are an ARRAY(…), not IN (…): a semi-join there lets a generic plan hash the whole table.
 */
export async function findDuplicateCandidates(db: Queryable, probes: Probe[], settingsOf: (districtCode: string) => WorkflowSettings): Promise<Map<number, DuplicateCandidate[]>> {
  const out = new Map<number, DuplicateCandidate[]>(probes.map((p) => [p.id, []]));
  if (!probes.length) return out;
  const col = <T>(f: (p: Probe, s: WorkflowSettings) => T) => probes.map((p) => f(p, settingsOf(p.districtCode)));
  const { rows } = await db.query(prepared(
    `SELECT n.id AS "forId", d.*
       FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::float8[], $7::timestamptz[], $8::float8[], $9::int[])
              AS n(id, district_code, category_codes, category_keys, lng, lat, reported_at, radius_m, window_h)
      CROSS JOIN LATERAL (SELECT n.radius_m / 110574 AS dlat, n.radius_m / (111320 * cos(radians(n.lat))) AS dlng) b
      CROSS JOIN LATERAL (
        SELECT * FROM (
          SELECT c.id, c.tracking_no AS "trackingNo", c.status, c.description, c.reported_at AS "reportedAt", c.grid_code AS "gridCode",
                 c.reporter_user_id AS "reporterUserId", c.lead_unit_id AS "leadUnitId", c.co_unit_ids AS "coUnitIds",
                 ARRAY(SELECT DISTINCT s.assignee_unit_id FROM case_steps s WHERE s.case_id = c.id AND s.assignee_unit_id IS NOT NULL) AS "stepUnitIds",
                 2 * 6371008.8 * asin(sqrt(power(sin(radians(c.lat - n.lat) / 2), 2) + cos(radians(n.lat)) * cos(radians(c.lat)) * power(sin(radians(c.lng - n.lng) / 2), 2))) AS "distanceM"
            FROM cases c
           WHERE c.near_cell = ANY (ARRAY(
                   SELECT (y + 90000) * 1000000 + (x + 180000)
                     FROM generate_series(floor((n.lat - b.dlat) * 1000)::bigint, floor((n.lat + b.dlat) * 1000)::bigint) y,
                          generate_series(floor((n.lng - b.dlng) * 1000)::bigint, floor((n.lng + b.dlng) * 1000)::bigint) x))
             AND c.category_code = ANY (string_to_array(n.category_codes, ','))
             AND (c.category_kind || ':' || c.category_code) = ANY (string_to_array(n.category_keys, ','))
             AND c.status NOT IN (${FINAL_SQL})
             AND c.district_code = n.district_code AND c.id <> n.id
             AND c.lng BETWEEN n.lng - b.dlng AND n.lng + b.dlng AND c.lat BETWEEN n.lat - b.dlat AND n.lat + b.dlat
             AND c.reported_at BETWEEN n.reported_at - make_interval(hours => n.window_h) AND n.reported_at + make_interval(hours => n.window_h)
        ) near WHERE "distanceM" <= n.radius_m ORDER BY "distanceM", "reportedAt", id LIMIT 50
      ) d`,
    [col((p) => p.id), col((p) => p.districtCode),
      col((p, s) => [...new Set(compatibleCategoryKeys(p, s).map((k) => k.split(':')[1]))].join(',')), col((p, s) => compatibleCategoryKeys(p, s).join(',')),
      col((p) => p.lng), col((p) => p.lat),
      col((p) => p.reportedAt), col((_p, s) => s.duplicateRadiusM), col((_p, s) => s.duplicateWindowHours)].map(arrayLiteral),
  ));
  for (const { forId, ...r } of rows) out.get(Number(forId))!.push({ ...r, distanceM: Math.round(r.distanceM * 10) / 10 } as DuplicateCandidate);
  return out;
}

/** The candidates this actor may see (a supervisor does not learn of cases outside their grids), nearest first. */
export function visibleDuplicates(actor: Actor, candidates: DuplicateCandidate[]): PossibleDuplicate[] {
  return candidates
    .filter((d) => isVisibleTo(actor, d, d.stepUnitIds.map((u) => ({ assigneeUnitId: u }))))
    .slice(0, SHOWN)
    .map(({ id, trackingNo, status, description, reportedAt, distanceM }) => ({ id, trackingNo, status, description, reportedAt, distanceM }));
}
