import type { Queryable } from '../../db/pool.ts';
import type { Polygonal } from './geo.types.ts';

export interface PlaceDivisionRow {
  code: string;
  level: 'district' | 'street' | 'community';
  name: string;
  shortName: string | null;
  geometry: Polygonal | null;
}

export interface PlaceGridRow {
  code: string;
  communityCode: string;
  streetCode: string;
  bbox: [number, number, number, number];
  geometry: Polygonal;
}

/** One district's named places: its divisions (with or without a boundary) and its current grids. */
export async function placeSource(db: Queryable, districtCode: string): Promise<{ divisions: PlaceDivisionRow[]; grids: PlaceGridRow[] }> {
  const [divisions, grids] = await Promise.all([
    db.query<PlaceDivisionRow>(
      `SELECT code, level, name, short_name AS "shortName", geometry FROM divisions
        WHERE code LIKE $1 || '%' AND level IN ('district', 'street', 'community') ORDER BY code`,
      [districtCode],
    ),
    db.query<Omit<PlaceGridRow, 'bbox'> & { x0: number; y0: number; x1: number; y1: number }>(
      `SELECT code, community_code AS "communityCode", street_code AS "streetCode", min_lng AS x0, min_lat AS y0, max_lng AS x1, max_lat AS y1, geometry
         FROM grids WHERE district_code = $1 AND valid_to IS NULL ORDER BY code`,
      [districtCode],
    ),
  ]);
  return {
    divisions: divisions.rows,
    grids: grids.rows.map(({ x0, y0, x1, y1, ...g }) => ({ ...g, bbox: [x0, y0, x1, y1] })),
  };
}
