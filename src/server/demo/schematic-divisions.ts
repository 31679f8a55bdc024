// Street and community zones for the schematic district, in local metres.
import * as turf from '@turf/turf';
import type * as GeoJSON from 'geojson';
import { boundsOf, clipConvexByHalfPlane, pointInPolygons, polygonList, type PolygonList, type Rect, type Ring } from '../modules/geo/planar.ts';

export interface LocalZone {
  code: string;
  polygons: PolygonList;
}

type Point = [number, number];

/** Voronoi cells by clipping the bounds with one half-plane per other site: O(n²), fine for tens of sites. */
export function voronoiCells(sites: readonly Point[], bounds: Rect): Ring[] {
  return sites.map(([sx, sy], i) => {
    let cell: Ring = [
      [bounds.minX, bounds.minY],
      [bounds.maxX, bounds.minY],
      [bounds.maxX, bounds.maxY],
      [bounds.minX, bounds.maxY],
    ];
    sites.forEach(([tx, ty], j) => {
      if (j === i) return;
      // Points closer to s than to t: (t - s)·p <= (|t|² - |s|²) / 2
      cell = clipConvexByHalfPlane(cell, tx - sx, ty - sy, (tx * tx + ty * ty - sx * sx - sy * sy) / 2);
    });
    return cell;
  });
}

export function intersectPolygons(a: PolygonList, b: PolygonList): PolygonList {
  const result = turf.intersect(turf.featureCollection([turf.multiPolygon(a), turf.multiPolygon(b)]));
  return result ? polygonList(result.geometry as GeoJSON.Polygon | GeoJSON.MultiPolygon) : [];
}

export function samplePointsInside(polygons: PolygonList, count: number, rand: () => number): Point[] {
  const b = boundsOf(polygons);
  const points: Point[] = [];
  for (let attempts = 0; points.length < count && attempts < count * 200; attempts++) {
    const x = b.minX + rand() * (b.maxX - b.minX);
    const y = b.minY + rand() * (b.maxY - b.minY);
    if (pointInPolygons(polygons, x, y)) points.push([x, y]);
  }
  if (points.length === 0) throw new Error('cannot sample points inside a zone (empty or degenerate polygon)');
  return points;
}

/**
 * k well-spread seeds: k-means++ start, Lloyd iterations on the samples, then each seed snaps to the closest
 * member of its cluster — a centroid may fall outside a concave zone, a sample never does.
 */
export function spreadSeeds(samples: readonly Point[], k: number, rand: () => number, iterations = 12): Point[] {
  const seeds: Point[] = [samples[Math.floor(rand() * samples.length)]!];
  const nearest = new Float64Array(samples.length).fill(Infinity);
  while (seeds.length < k) {
    const last = seeds[seeds.length - 1]!;
    let total = 0;
    samples.forEach((p, i) => {
      nearest[i] = Math.min(nearest[i]!, dist2(p, last));
      total += nearest[i]!;
    });
    let target = rand() * total;
    let pick = samples.length - 1;
    for (let i = 0; i < samples.length; i++) {
      target -= nearest[i]!;
      if (target <= 0) {
        pick = i;
        break;
      }
    }
    seeds.push(samples[pick]!);
  }
  const owner = new Int32Array(samples.length);
  for (let it = 0; it <= iterations; it++) {
    samples.forEach((p, i) => (owner[i] = closestIndex(seeds, p)));
    if (it === iterations) break;
    const sx = new Float64Array(k), sy = new Float64Array(k), n = new Float64Array(k);
    samples.forEach((p, i) => {
      const o = owner[i]!;
      sx[o]! += p[0];
      sy[o]! += p[1];
      n[o]! += 1;
    });
    for (let c = 0; c < k; c++) if (n[c]! > 0) seeds[c] = [sx[c]! / n[c]!, sy[c]! / n[c]!];
  }
  return seeds.map((seed, c) => {
    let best: Point = seed;
    let bestD = Infinity;
    samples.forEach((p, i) => {
      if (owner[i] !== c) return;
      const d = dist2(p, seed);
      if (d < bestD) [best, bestD] = [p, d];
    });
    return best;
  });
}

function dist2(a: Point, b: Point): number {
  return (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2;
}

function closestIndex(seeds: readonly Point[], p: Point): number {
  let best = 0;
  let bestD = Infinity;
  seeds.forEach((s, i) => {
    const d = dist2(s, p);
    if (d < bestD) [best, bestD] = [i, d];
  });
  return best;
}

function expand(r: Rect, by: number): Rect {
  return { minX: r.minX - by, minY: r.minY - by, maxX: r.maxX + by, maxY: r.maxY + by };
}

export function buildStreetZones(outline: PolygonList, anchors: readonly { code: string; x: number; y: number }[], rand: () => number): LocalZone[] {
  const inside = samplePointsInside(outline, 4000, rand);
  const sites = anchors.map(({ x, y }): Point => {
    if (pointInPolygons(outline, x, y)) return [x, y];
    // An approximate anchor outside the outline moves to the closest interior sample.
    return inside.reduce((best, p) => (dist2(p, [x, y]) < dist2(best, [x, y]) ? p : best));
  });
  const cells = voronoiCells(sites, expand(boundsOf(outline), 1000));
  return anchors.map(({ code }, i) => ({ code, polygons: intersectPolygons([[closed(cells[i]!)]], outline) }));
}

/** Splits a street zone into one zone per community code; the zones tile the street. */
export function buildCommunityZones(street: LocalZone, communityCodes: readonly string[], rand: () => number): LocalZone[] {
  const k = communityCodes.length;
  if (k === 0) return [];
  if (k === 1) return [{ code: communityCodes[0]!, polygons: street.polygons }];
  const samples = samplePointsInside(street.polygons, Math.max(600, 120 * k), rand);
  // Seeds sorted north→south, west→east so community codes read roughly like the map.
  const seeds = spreadSeeds(samples, k, rand).sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const cells = voronoiCells(seeds, expand(boundsOf(street.polygons), 1000));
  return communityCodes.map((code, i) => ({ code, polygons: intersectPolygons([[closed(cells[i]!)]], street.polygons) }));
}

function closed(ring: Ring): Ring {
  return [...ring, ring[0]!];
}
