import type { z } from 'zod';
import type { mapResponse } from '../../../../shared/api/cases.ts';
/**
 * Cases in a map view. Up to MAP_POINT_LIMIT matches come back as points; beyond that the server
 * groups them into square cells snapped to a fixed lattice (so clusters stay put while panning):
 * a cell is a quarter of a web-map tile at the requested zoom, never smaller than 1/64 of the view.
 */
import type { Queryable } from '../../../db/pool.ts';
import type { Actor } from '../../auth/actor.ts';
import { caseFilterSql, type CaseFilter } from './case-filter.ts';

export const MAP_POINT_LIMIT = 2000;
const CELLS_ACROSS = 64;

export interface Bbox {
  minLng: number;
  minLat: number;
  maxLng: number;
  maxLat: number;
}

export type MapResult = z.output<typeof mapResponse>;
type MapPoint = Extract<MapResult, { kind: 'points' }>['points'][number];

export function clusterCellDegrees(b: Bbox, zoom: number | undefined): number {
  const span = Math.max(b.maxLng - b.minLng, b.maxLat - b.minLat);
  const fromView = span / CELLS_ACROSS;
  const fromZoom = zoom === undefined ? 0 : 360 / 2 ** zoom / 4;
  return Math.max(fromView, fromZoom, 1e-6);
}

export async function mapCases(db: Queryable, actor: Actor, f: CaseFilter, bbox: Bbox, zoom: number | undefined, now: Date): Promise<MapResult> {
  const args: unknown[] = [bbox.minLng, bbox.maxLng, bbox.minLat, bbox.maxLat];
  const where = ['c.lng BETWEEN $1 AND $2', 'c.lat BETWEEN $3 AND $4', ...caseFilterSql(actor, f, now, args)].join(' AND ');
  // Fetch one more point than allowed: more than the limit means clustering, decided in one query.
  const { rows } = await db.query(
    `SELECT c.id, c.lng, c.lat, c.status, c.urgency, c.category_kind AS "categoryKind", c.category_code AS "categoryCode"
       FROM cases c WHERE ${where} LIMIT ${MAP_POINT_LIMIT + 1}`,
    args,
  );
  if (rows.length <= MAP_POINT_LIMIT) return { kind: 'points', count: rows.length, points: rows as MapPoint[] };
  const cell = clusterCellDegrees(bbox, zoom);
  args.push(cell);
  const k = `$${args.length}::float8`;
  // The cells are grouped from a fenced subquery (OFFSET 0): over the columns themselves the planner takes
  // every case for a cell of its own, sorts 100,000s of rows on disk to group them and never hashes the
  // few dozen cells there are.
  const { rows: cells } = await db.query<{ gx: number; gy: number; count: number; lng: number; lat: number; urgent: boolean }>(
    `SELECT gx, gy, count(*)::int AS count, avg(lng) AS lng, avg(lat) AS lat, bool_or(urgent) AS urgent
       FROM (SELECT floor(c.lng / ${k})::int AS gx, floor(c.lat / ${k})::int AS gy, c.lng, c.lat, c.urgency = 'urgent' AS urgent
               FROM cases c WHERE ${where} OFFSET 0) x
      GROUP BY gx, gy`,
    args,
  );
  return {
    kind: 'clusters',
    count: cells.reduce((n, x) => n + x.count, 0),
    cellDegrees: cell,
    clusters: cells.map((x) => ({
      lng: x.lng,
      lat: x.lat,
      count: x.count,
      maxUrgency: x.urgent ? 'urgent' : 'normal',
      bounds: [x.gx * cell, x.gy * cell, (x.gx + 1) * cell, (x.gy + 1) * cell],
    })),
  };
}
