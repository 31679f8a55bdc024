/**
 * One label point per polygon, computed here: MapLibre would place a polygon's label once per tile the
 * polygon crosses. The point is inside the polygon — on the horizontal line through the ring's centroid,
 * the middle of the widest stretch inside it — so an L-shaped community is not labelled in its neighbour.
 */
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon, Position } from 'geojson';

type Ring = Position[];

function ringArea(r: Ring): number {
  let a = 0;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) a += (r[j]![0]! - r[i]![0]!) * (r[j]![1]! + r[i]![1]!);
  return a / 2;
}

function centroid(r: Ring): Position {
  let x = 0;
  let y = 0;
  let a = 0;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
    const [x0, y0] = r[j]! as [number, number];
    const [x1, y1] = r[i]! as [number, number];
    const f = x0 * y1 - x1 * y0;
    a += f;
    x += (x0 + x1) * f;
    y += (y0 + y1) * f;
  }
  return a === 0 ? r[0]! : [x / (3 * a), y / (3 * a)];
}

/** The widest inside stretch of the polygon (outer ring and holes) on the line of latitude y. */
function insideOnLine(rings: Ring[], y: number): Position | null {
  const xs: number[] = [];
  for (const r of rings) {
    for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
      const [xa, ya] = r[j]! as [number, number];
      const [xb, yb] = r[i]! as [number, number];
      if ((ya > y) !== (yb > y)) xs.push(xa + ((y - ya) / (yb - ya)) * (xb - xa));
    }
  }
  xs.sort((a, b) => a - b);
  let best: Position | null = null;
  let width = 0;
  for (let i = 0; i + 1 < xs.length; i += 2) {
    const w = xs[i + 1]! - xs[i]!;
    if (w > width) {
      width = w;
      best = [(xs[i]! + xs[i + 1]!) / 2, y];
    }
  }
  return best;
}

export function labelPoint(g: Polygon | MultiPolygon): Position | null {
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  const largest = polygons.reduce<Ring[] | null>((m, p) => (!m || Math.abs(ringArea(p[0]!)) > Math.abs(ringArea(m[0]!)) ? p : m), null);
  if (!largest?.[0]?.length) return null;
  const c = centroid(largest[0]);
  return insideOnLine(largest, c[1]!) ?? c;
}

/** Points for the labels of a polygon collection, with the properties kept. */
export function labelPoints<P>(fc: FeatureCollection<Polygon | MultiPolygon, P>): FeatureCollection<Point, P> {
  const features: Feature<Point, P>[] = [];
  for (const f of fc.features) {
    const p = labelPoint(f.geometry);
    if (p) features.push({ type: 'Feature', id: f.id, properties: f.properties, geometry: { type: 'Point', coordinates: p } });
  }
  return { type: 'FeatureCollection', features };
}
