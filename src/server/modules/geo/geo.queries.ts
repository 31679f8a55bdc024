import { inScopeSql, touchesScopeSql } from '../../db/scope-sql.ts';
import type { DIVISION_LEVELS } from '../../../shared/api/geo.ts';
import { inTransaction, prepared, type Db, type Queryable } from '../../db/pool.ts';
import { DomainError } from '../../errors.ts';
import type { Polygonal } from './geo.types.ts';

export function bboxOf(g: Polygonal): [number, number, number, number] {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  for (const poly of polys) for (const ring of poly) for (const p of ring) {
    const x = p[0]!, y = p[1]!;
    if (x < x0) x0 = x;
    if (y < y0) y0 = y;
    if (x > x1) x1 = x;
    if (y > y1) y1 = y;
  }
  return [x0, y0, x1, y1];
}


export interface GridRow {
  code: string;
  communityCode: string;
  communityName: string;
  streetCode: string;
  streetName: string;
  areaM2: number;
  isSchematic: boolean;
  validFrom: Date;
  supervisors: { username: string; displayName: string }[];
  geometry?: Polygonal;
}

export interface GridFilter {
  streetCode?: string;
  communityCode?: string;
  bbox?: [number, number, number, number];
  withGeometry: boolean;
  limit: number;
  offset: number;
}

export async function listGrids(db: Queryable, scopes: string[] | null, f: GridFilter): Promise<{ items: GridRow[]; total: number }> {
  const args: unknown[] = [];
  const where = ['g.valid_to IS NULL'];
  const add = (sql: string, ...v: unknown[]) => {
    let s = sql;
    for (const x of v) {
      args.push(x);
      s = s.replace('?', `$${args.length}`);
    }
    where.push(s);
  };
  if (scopes) add(inScopeSql('g.code', '?'), scopes);
  if (f.streetCode) add('g.street_code = ?', f.streetCode);
  if (f.communityCode) add('g.community_code = ?', f.communityCode);
  if (f.bbox) add('g.max_lng >= ? AND g.min_lng <= ? AND g.max_lat >= ? AND g.min_lat <= ?', f.bbox[0], f.bbox[2], f.bbox[1], f.bbox[3]);
  const w = `WHERE ${where.join(' AND ')}`;
  const total = (await db.query(`SELECT count(*)::int AS n FROM grids g ${w}`, args)).rows[0].n as number;
  args.push(f.limit, f.offset);
  const { rows } = await db.query(
    `SELECT g.code, g.community_code AS "communityCode", c.name AS "communityName", g.street_code AS "streetCode", s.name AS "streetName",
            g.area_m2 AS "areaM2", g.is_schematic AS "isSchematic", g.valid_from AS "validFrom"
            ${f.withGeometry ? ', g.geometry' : ''},
            COALESCE((SELECT json_agg(json_build_object('username', u.username, 'displayName', u.display_name) ORDER BY u.username)
                        FROM grid_assignments a JOIN users u ON u.id = a.user_id
                       WHERE a.grid_code = g.code AND a.valid_to IS NULL AND a.duty = 'supervisor'), '[]') AS supervisors
       FROM grids g JOIN divisions c ON c.code = g.community_code JOIN divisions s ON s.code = g.street_code
       ${w} ORDER BY g.code LIMIT $${args.length - 1} OFFSET $${args.length}`,
    args,
  );
  return { items: rows as GridRow[], total };
}

export async function getGrid(db: Queryable, scopes: string[] | null, code: string) {
  const { rows } = await db.query(
    `SELECT g.code, g.community_code AS "communityCode", c.name AS "communityName", g.street_code AS "streetCode", s.name AS "streetName",
            g.area_m2 AS "areaM2", g.is_schematic AS "isSchematic", g.valid_from AS "validFrom", g.geometry
       FROM grids g JOIN divisions c ON c.code = g.community_code JOIN divisions s ON s.code = g.street_code
      WHERE g.code = $1 AND g.valid_to IS NULL ${scopes ? `AND ${inScopeSql('g.code', '$2')}` : ''}`,
    scopes ? [code, scopes] : [code],
  );
  if (!rows[0]) throw new DomainError('GRID_NOT_FOUND', { code });
  const [assignments, versions] = await Promise.all([
    db.query(
      `SELECT a.id, a.duty, a.valid_from AS "validFrom", u.username, u.display_name AS "displayName", u.phone
         FROM grid_assignments a JOIN users u ON u.id = a.user_id
        WHERE a.grid_code = $1 AND a.valid_to IS NULL ORDER BY a.duty, u.username`,
      [code],
    ),
    db.query(
      `SELECT id, valid_from AS "validFrom", valid_to AS "validTo", area_m2 AS "areaM2", import_batch_id AS "importBatchId"
         FROM grids WHERE code = $1 ORDER BY valid_from`,
      [code],
    ),
  ]);
  return { ...rows[0], assignments: assignments.rows, versions: versions.rows };
}

export interface DivisionRow {
  code: string;
  level: (typeof DIVISION_LEVELS)[number];
  name: string;
  shortName: string | null;
  kind: string | null;
  parentCode: string | null;
  isSchematic: boolean;
  gridCount: number;
  geometry?: Polygonal | null;
}

/**
 * Divisions a scoped user may see: those inside the scope and those containing part of it
 * (a supervisor of two grids sees their community, street and district, but not the neighbours). A row's
 * grid count counts only grids in the scope: the city row shared by two districts tells neither of the other.
 */
export async function listDivisions(db: Queryable, scopes: string[] | null, f: { level?: string; parentCode?: string; withGeometry: boolean }): Promise<DivisionRow[]> {
  const args: unknown[] = [];
  const where: string[] = [];
  if (scopes) {
    args.push(scopes);
    where.push(touchesScopeSql('d.code', `$${args.length}`));
  }
  if (f.level) {
    args.push(f.level);
    where.push(`d.level = $${args.length}`);
  }
  if (f.parentCode) {
    args.push(f.parentCode);
    where.push(`d.parent_code = $${args.length}`);
  }
  // Grid counts in one pass: each current grid counted under its code's prefix of every division code length
  // (a grid is in a division when its code starts with the division's), not one scan of the grids per division.
  const { rows } = await db.query(
    `WITH counts AS (
       SELECT left(g.code, l.len) AS prefix, count(*)::int AS n
         FROM grids g CROSS JOIN (SELECT DISTINCT length(code) AS len FROM divisions) l
        WHERE g.valid_to IS NULL${scopes ? ` AND ${inScopeSql('g.code', '$1')}` : ''}
        GROUP BY 1)
     SELECT d.code, d.level, d.name, d.short_name AS "shortName", d.kind, d.parent_code AS "parentCode", d.is_schematic AS "isSchematic"
            ${f.withGeometry ? ', d.geometry' : ''},
            coalesce(c.n, 0) AS "gridCount"
       FROM divisions d LEFT JOIN counts c ON c.prefix = d.code
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY d.code`,
    args,
  );
  return rows as DivisionRow[];
}

export async function divisionNames(db: Queryable, codes: string[]): Promise<Map<string, string>> {
  const { rows } = await db.query<{ code: string; name: string }>(`SELECT code, name FROM divisions WHERE code = ANY($1)`, [codes]);
  return new Map(rows.map((r) => [r.code, r.name]));
}

/**
 * What each district's map features are built from, as one value per district that changes whenever a
 * grid import or a division import commits: the newest grid row (an import ends grids only in the
 * transaction that inserts their successors, so a new id marks every change — in any district, which
 * costs the others one rebuild), and the district's divisions (inserted, or upserted with updated_at).
 * Read on every map request, so only index and small-table reads: the cache key and the ETag.
 */
export async function mapStamps(db: Queryable): Promise<Map<string, string>> {
  const { rows } = await db.query<{ code: string; stamp: string }>(prepared(
    `SELECT d.code, concat_ws('.', (SELECT max(id) FROM grids), x.n, x.changed) AS stamp
       FROM divisions d
       CROSS JOIN LATERAL (SELECT count(*) AS n, (extract(epoch FROM max(updated_at)) * 1e6)::bigint AS changed
                             FROM divisions WHERE code LIKE d.code || '%') x
      WHERE d.level = 'district'`,
    [],
  ));
  return new Map(rows.map((r) => [r.code, r.stamp]));
}

export interface MapGridRow {
  code: string;
  communityCode: string;
  streetCode: string;
  areaM2: number;
  isSchematic: boolean;
  bbox: [number, number, number, number];
  geometry: Polygonal;
}

export interface MapDivisionRow {
  code: string;
  level: 'district' | 'street' | 'community';
  name: string;
  parentCode: string;
  isSchematic: boolean;
  geometry: Polygonal;
}

/** One district's current grids and its divisions with a boundary, with their stamp, from one snapshot. */
export async function mapSource(db: Db, districtCode: string): Promise<{ stamp: string | undefined; grids: MapGridRow[]; divisions: MapDivisionRow[] }> {
  return inTransaction(db, async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    const stamp = (await mapStamps(tx)).get(districtCode);
    const grids = await tx.query<Omit<MapGridRow, 'bbox'> & { x0: number; y0: number; x1: number; y1: number }>(
      `SELECT code, community_code AS "communityCode", street_code AS "streetCode", area_m2 AS "areaM2", is_schematic AS "isSchematic",
              min_lng AS x0, min_lat AS y0, max_lng AS x1, max_lat AS y1, geometry
         FROM grids WHERE district_code = $1 AND valid_to IS NULL ORDER BY code`,
      [districtCode],
    );
    const divisions = await tx.query<MapDivisionRow>(
      `SELECT code, level, name, parent_code AS "parentCode", is_schematic AS "isSchematic", geometry
         FROM divisions WHERE code LIKE $1 || '%' AND level IN ('district', 'street', 'community') AND geometry IS NOT NULL ORDER BY code`,
      [districtCode],
    );
    return {
      stamp,
      grids: grids.rows.map(({ x0, y0, x1, y1, ...g }) => ({ ...g, bbox: [x0, y0, x1, y1] as [number, number, number, number] })),
      divisions: divisions.rows,
    };
  });
}
