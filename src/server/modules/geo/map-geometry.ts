/**
 * Polygons simplified for web maps without tearing them apart: every boundary two shapes share is held
 * once (topojson-server cuts the input into arcs at the points where shapes meet), Visvalingam removes
 * a point from an arc only where the triangle it makes with its neighbours is under `minAreaM2`
 * (topojson-simplify, arc endpoints always kept), and topojson-client rebuilds each polygon from the
 * same simplified arcs — so two neighbours' common edge has the same positions on both sides, and a
 * community's outline the same as its grids' along it.
 *
 * Positions are first rounded to `decimals` (1e-6° ≈ 0.1 m): the output's precision, and what makes
 * shared vertices that differ by float noise meet exactly. A shape whose simplified form is not a valid
 * polygon (too few positions, zero or reversed area, a ring crossing itself) gets its arcs back whole
 * and the simplification runs again, so no neighbour sharing one of those arcs is left with a gap.
 */
import type * as GeoJSON from 'geojson';
import { topology } from 'topojson-server';
import { planarTriangleArea, presimplify, simplify } from 'topojson-simplify';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { checkPolygonal } from './geometry-checks.ts';
import type { Polygonal } from './geo.types.ts';
import { dropRepeatedPoints, polygonList, ringSignedArea, type PolygonList } from './planar.ts';

export interface MapShapeOptions {
  /**
   * Visvalingam's effective area below which a point goes, in m². 10 m²: a 1 m bump along 20 m of edge,
   * half a pixel at zoom 16 (≈ 2 m a pixel at this latitude), so a ~100 m grid keeps its shape at 14–16.
   */
  minAreaM2: number;
  /** Decimal places kept in lng/lat (6 ≈ 0.1 m). */
  decimals: number;
}

export const MAP_SHAPE_DEFAULTS: MapShapeOptions = { minAreaM2: 10, decimals: 6 };

export interface MapShapeStats {
  shapes: number;
  positionsIn: number;
  positionsOut: number;
  arcs: number;
  /** Shapes whose arcs were kept whole because simplifying them gave an invalid polygon. */
  keptWhole: number;
  ms: number;
}

/** Shapes by key → their map geometry, simplified together. */
export function simplifyShapes(inputs: ReadonlyArray<{ key: string; geometry: Polygonal }>, opts: MapShapeOptions = MAP_SHAPE_DEFAULTS): { shapes: Map<string, Polygonal>; stats: MapShapeStats } {
  const t0 = performance.now();
  const shapes = new Map<string, Polygonal>();
  const rounded: GeoJSON.Feature<Polygonal>[] = [];
  const stats: MapShapeStats = { shapes: inputs.length, positionsIn: 0, positionsOut: 0, arcs: 0, keptWhole: 0, ms: 0 };
  for (const s of inputs) {
    stats.positionsIn += countPositions(s.geometry);
    const g = roundGeometry(s.geometry, opts.decimals);
    // Rounding that collapses a ring (a shape under a decimetre) leaves the shape as it came, outside the topology.
    if (g) rounded.push({ type: 'Feature', id: s.key, properties: null, geometry: g });
    else shapes.set(s.key, s.geometry);
  }
  if (rounded.length === 0) return { shapes, stats: { ...stats, positionsOut: stats.positionsIn, ms: performance.now() - t0 } };

  const collection: GeoJSON.FeatureCollection<Polygonal> = { type: 'FeatureCollection', features: rounded };
  const topo = topology({ shapes: collection }) as unknown as Topology<{ shapes: GeometryCollection }>;
  stats.arcs = topo.arcs.length;
  // Triangle areas in m²: degrees² scaled at the shapes' middle latitude (a district spans a few km).
  const [, y0, , y1] = topo.bbox ?? [0, 0, 0, 0];
  const m2PerDeg2 = 111_320 * 110_574 * Math.cos((((y0 + y1) / 2) * Math.PI) / 180);
  const weighted = presimplify(topo, (t) => planarTriangleArea(t) * m2PerDeg2);
  const geometries = weighted.objects.shapes.geometries;
  const byKey = new Map(rounded.map((f) => [String(f.id), f.geometry]));

  let pending = geometries;
  for (let pass = 0; pending.length > 0; pass++) {
    const simplified = simplify(weighted, opts.minAreaM2);
    const invalid: typeof geometries = [];
    for (const g of pending) {
      const key = String(g.id);
      const out = (feature(simplified, g) as GeoJSON.Feature<Polygonal>).geometry;
      shapes.set(key, out);
      // Only a shape that lost positions can have gone wrong. Restoring arcs can, rarely, upset a neighbour
      // in turn; past three rounds of that the shape is kept as it comes.
      const before = byKey.get(key)!;
      if (pass < 3 && countPositions(out) < countPositions(before) && !isSound(out, before)) invalid.push(g);
    }
    if (invalid.length === 0) break;
    stats.keptWhole += invalid.length;
    // Keep every point of their arcs, and rebuild them and every shape sharing one of those arcs.
    const restored = new Set(invalid.flatMap(arcsOf));
    for (const arc of restored) for (const p of weighted.arcs[arc]!) p[2] = Infinity;
    pending = geometries.filter((g) => arcsOf(g).some((a) => restored.has(a)));
  }
  for (const g of shapes.values()) stats.positionsOut += countPositions(g);
  stats.ms = performance.now() - t0;
  return { shapes, stats };
}

function arcsOf(g: object): number[] {
  const out: number[] = [];
  const walk = (a: unknown) => {
    if (typeof a === 'number') out.push(a < 0 ? ~a : a);
    else if (Array.isArray(a)) a.forEach(walk);
  };
  walk((g as { arcs?: unknown }).arcs);
  return out;
}

/** Every ring still a ring (≥ 4 positions, no crossing) and turning the way it did, with area. */
function isSound(out: Polygonal, before: Polygonal): boolean {
  const a = polygonList(out);
  const b = polygonList(before);
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i]!.length !== b[i]!.length) return false;
    for (let j = 0; j < a[i]!.length; j++) {
      const ring = a[i]![j]!;
      if (ring.length < 4) return false;
      const s = ringSignedArea(ring);
      if (s === 0 || Math.sign(s) !== Math.sign(ringSignedArea(b[i]![j]!))) return false;
    }
  }
  return checkPolygonal(out) === null;
}

function roundGeometry(g: Polygonal, decimals: number): Polygonal | null {
  const k = 10 ** decimals;
  const polygons: PolygonList = [];
  for (const rings of polygonList(g)) {
    const out = [];
    for (const ring of rings) {
      const open = dropRepeatedPoints(ring.map((p) => [Math.round(p[0]! * k) / k, Math.round(p[1]! * k) / k]));
      if (open.length < 3) return null;
      out.push([...open, open[0]!]);
    }
    polygons.push(out);
  }
  return g.type === 'Polygon' ? { type: 'Polygon', coordinates: polygons[0]! } : { type: 'MultiPolygon', coordinates: polygons };
}

export function countPositions(g: Polygonal): number {
  let n = 0;
  for (const rings of polygonList(g)) for (const ring of rings) n += ring.length;
  return n;
}
