import { inScopeSql, touchesScopeSql } from '../../db/scope-sql.ts';
import type { DIVISION_LEVELS } from '../../../shared/api/geo.ts';
import type { Queryable } from '../../db/pool.ts';
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
 * (a supervisor of two grids sees their community, street and district, but not the neighbours).
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
  const { rows } = await db.query(
    `SELECT d.code, d.level, d.name, d.short_name AS "shortName", d.kind, d.parent_code AS "parentCode", d.is_schematic AS "isSchematic"
            ${f.withGeometry ? ', d.geometry' : ''},
            (SELECT count(*)::int FROM grids g WHERE g.valid_to IS NULL AND g.code LIKE d.code || '%') AS "gridCount"
       FROM divisions d ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY d.code`,
    args,
  );
  return rows as DivisionRow[];
}

export async function divisionNames(db: Queryable, codes: string[]): Promise<Map<string, string>> {
  const { rows } = await db.query<{ code: string; name: string }>(`SELECT code, name FROM divisions WHERE code = ANY($1)`, [codes]);
  return new Map(rows.map((r) => [r.code, r.name]));
}
