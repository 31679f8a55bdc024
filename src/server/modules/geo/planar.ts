// Planar helpers on [x, y] positions (local metres or degrees; all affine-invariant).
import type * as GeoJSON from 'geojson';

export type Ring = GeoJSON.Position[];
/** A list of polygons, each a list of rings (exterior first) — the MultiPolygon coordinate shape. */
export type PolygonList = GeoJSON.Position[][][];

export function polygonList(geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon): PolygonList {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

/** Shoelace area, positive when counter-clockwise; works for closed or open rings. */
export function ringSignedArea(ring: Ring): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[j]!;
    const b = ring[i]!;
    sum += (a[0]! - b[0]!) * (a[1]! + b[1]!);
  }
  return sum / 2;
}

export function polygonListArea(polygons: PolygonList): number {
  let total = 0;
  for (const rings of polygons) rings.forEach((ring, i) => (total += i === 0 ? Math.abs(ringSignedArea(ring)) : -Math.abs(ringSignedArea(ring))));
  return total;
}

/** Area in m² of lng/lat polygons, planar in a local equirectangular frame: unlike turf.area it is additive when
 * a straight edge is split by extra vertices, so a community and its grids sum up exactly. */
export function areaM2(polygons: PolygonList, atLat: number): number {
  return polygonListArea(polygons) * Math.cos((atLat * Math.PI) / 180) * 111320 * 110574;
}

export function centerLat(r: Rect): number {
  return (r.minY + r.maxY) / 2;
}

/** Even-odd crossing test over every ring, so holes and multiple parts need no special case. */
export function pointInPolygons(polygons: PolygonList, x: number, y: number): boolean {
  let inside = false;
  for (const rings of polygons) {
    for (const ring of rings) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const xi = ring[i]![0]!, yi = ring[i]![1]!, xj = ring[j]![0]!, yj = ring[j]![1]!;
        if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
      }
    }
  }
  return inside;
}

export interface Rect {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export function boundsOf(polygons: PolygonList): Rect {
  const r = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  for (const rings of polygons) for (const ring of rings) for (const p of ring) extend(r, p[0]!, p[1]!);
  return r;
}

function extend(r: Rect, x: number, y: number): void {
  if (x < r.minX) r.minX = x;
  if (y < r.minY) r.minY = y;
  if (x > r.maxX) r.maxX = x;
  if (y > r.maxY) r.maxY = y;
}

/** Does segment (ax,ay)-(bx,by) touch the closed rectangle? Liang–Barsky. */
export function segmentTouchesRect(ax: number, ay: number, bx: number, by: number, r: Rect): boolean {
  let t0 = 0;
  let t1 = 1;
  const dx = bx - ax;
  const dy = by - ay;
  const edges: [number, number][] = [
    [-dx, ax - r.minX],
    [dx, r.maxX - ax],
    [-dy, ay - r.minY],
    [dy, r.maxY - ay],
  ];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return false;
    } else {
      const t = q / p;
      if (p < 0) {
        if (t > t1) return false;
        if (t > t0) t0 = t;
      } else {
        if (t < t0) return false;
        if (t < t1) t1 = t;
      }
    }
  }
  return true;
}

/** Clips a convex polygon (open ring) to the half-plane a·x + b·y <= c. */
export function clipConvexByHalfPlane(ring: Ring, a: number, b: number, c: number): Ring {
  const out: Ring = [];
  for (let i = 0; i < ring.length; i++) {
    const p = ring[i]!;
    const q = ring[(i + 1) % ring.length]!;
    const dp = a * p[0]! + b * p[1]! - c;
    const dq = a * q[0]! + b * q[1]! - c;
    if (dp <= 0) out.push(p);
    if ((dp < 0 && dq > 0) || (dp > 0 && dq < 0)) {
      const t = dp / (dp - dq);
      out.push([p[0]! + t * (q[0]! - p[0]!), p[1]! + t * (q[1]! - p[1]!)]);
    }
  }
  return out;
}

/**
 * Sutherland–Hodgman clip of a ring (open or closed) to an axis-aligned rectangle. Returns an open ring.
 * When the true result has several pieces the output joins them with zero-width bridges along the rectangle;
 * `hasRectBridges` detects that so the caller can fall back to a general clipper.
 */
export function clipRingToRect(ring: Ring, r: Rect): Ring {
  let pts = ring;
  if (pts.length > 1 && samePoint(pts[0]!, pts[pts.length - 1]!)) pts = pts.slice(0, -1);
  pts = clipAxis(pts, 0, r.minX, 1);
  pts = clipAxis(pts, 0, r.maxX, -1);
  pts = clipAxis(pts, 1, r.minY, 1);
  pts = clipAxis(pts, 1, r.maxY, -1);
  return dropRepeatedPoints(pts);
}

/** Consecutive repeated positions (open ring) — clipping yields them when a vertex sits on the rectangle edge. */
export function dropRepeatedPoints(ring: Ring, tolerance = 0): Ring {
  const out: Ring = [];
  for (const p of ring) {
    const last = out[out.length - 1];
    if (!last || Math.abs(last[0]! - p[0]!) > tolerance || Math.abs(last[1]! - p[1]!) > tolerance) out.push(p);
  }
  while (out.length > 1 && Math.abs(out[0]![0]! - out[out.length - 1]![0]!) <= tolerance && Math.abs(out[0]![1]! - out[out.length - 1]![1]!) <= tolerance) out.pop();
  return out;
}

function clipAxis(ring: Ring, axis: 0 | 1, bound: number, sign: 1 | -1): Ring {
  const out: Ring = [];
  const other = axis === 0 ? 1 : 0;
  for (let i = 0; i < ring.length; i++) {
    const p = ring[i]!;
    const q = ring[(i + 1) % ring.length]!;
    const dp = sign * (p[axis]! - bound);
    const dq = sign * (q[axis]! - bound);
    if (dp >= 0) out.push(p);
    if ((dp > 0 && dq < 0) || (dp < 0 && dq > 0)) {
      const t = dp / (dp - dq);
      const v = p[other]! + t * (q[other]! - p[other]!);
      // Exact bound on the clipped axis keeps shared cell edges bit-identical between neighbours.
      out.push(axis === 0 ? [bound, v] : [v, bound]);
    }
  }
  return out;
}

export function hasRectBridges(ring: Ring, r: Rect): boolean {
  const sides: [0 | 1, number][] = [
    [0, r.minX],
    [0, r.maxX],
    [1, r.minY],
    [1, r.maxY],
  ];
  for (const [axis, value] of sides) {
    const other = axis === 0 ? 1 : 0;
    const spans: [number, number][] = [];
    for (let i = 0; i < ring.length; i++) {
      const p = ring[i]!;
      const q = ring[(i + 1) % ring.length]!;
      if (p[axis] === value && q[axis] === value && p[other] !== q[other]) {
        spans.push([Math.min(p[other]!, q[other]!), Math.max(p[other]!, q[other]!)]);
      }
    }
    spans.sort((a, b) => a[0] - b[0]);
    let reach = -Infinity;
    for (const [start, end] of spans) {
      if (start < reach - 1e-9) return true;
      reach = Math.max(reach, end);
    }
  }
  return false;
}

export function samePoint(a: GeoJSON.Position, b: GeoJSON.Position): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

export function closeRing(ring: Ring): Ring {
  if (ring.length === 0 || samePoint(ring[0]!, ring[ring.length - 1]!)) return ring;
  return [...ring, ring[0]!];
}

/** RFC 7946: exterior rings counter-clockwise, holes clockwise. */
export function orientRings(rings: Ring[]): Ring[] {
  return rings.map((ring, i) => {
    const ccw = ringSignedArea(ring) > 0;
    return (i === 0) === ccw ? ring : [...ring].reverse();
  });
}

/**
 * Union of polygons whose interiors are disjoint and which meet along axis-parallel boundary stretches with
 * bit-identical coordinates — lattice cells clipped by `clipRingToRect` meet that way along grid lines. Every edge
 * is split at the vertices lying on it, coincident opposite edges cancel and the rest chains into rings: linear in
 * the edges, no general clipping. Returns null when that does not give a clean result (no edge cancelled, the
 * boundary pinches at a vertex, same-direction duplicate edges, a degenerate ring) so the caller can fall back to
 * a general clipper.
 */
export function unionTouchingPolygons(a: PolygonList, b: PolygonList): PolygonList | null {
  const rings: Ring[] = [];
  for (const rings0 of [...a, ...b]) {
    for (const ring of orientRings(rings0.map((r) => dropRepeatedPoints(r)))) if (ring.length >= 3) rings.push(ring);
  }
  // Vertices by the axis-parallel line they lie on, to split axis-parallel edges at them.
  const onVertical = new Map<number, number[]>();
  const onHorizontal = new Map<number, number[]>();
  for (const ring of rings) {
    for (const [x, y] of ring as [number, number][]) {
      pushTo(onVertical, x, y);
      pushTo(onHorizontal, y, x);
    }
  }
  // Number-to-string conversion dominates here: one key per position object.
  const keys = new Map<GeoJSON.Position, string>();
  const pointKey = (p: GeoJSON.Position): string => {
    let k = keys.get(p);
    if (k === undefined) keys.set(p, (k = p[0] + ',' + p[1]));
    return k;
  };
  const edges = new Map<string, { from: GeoJSON.Position; to: GeoJSON.Position; count: number }>();
  const addEdge = (p: GeoJSON.Position, q: GeoJSON.Position): boolean => {
    const pk = pointKey(p);
    const qk = pointKey(q);
    const key = pk + '>' + qk;
    const reverse = qk + '>' + pk;
    const r = edges.get(reverse);
    if (r) {
      if (--r.count === 0) edges.delete(reverse);
      cancelled++;
      return true;
    }
    if (edges.has(key)) return false;
    edges.set(key, { from: p, to: q, count: 1 });
    return true;
  };
  let cancelled = 0;
  for (const ring of rings) {
    for (let i = 0; i < ring.length; i++) {
      const p = ring[i]!;
      const q = ring[(i + 1) % ring.length]!;
      const vertical = p[0] === q[0];
      const horizontal = p[1] === q[1];
      if (!vertical && !horizontal) {
        if (!addEdge(p, q)) return null;
        continue;
      }
      const axis = vertical ? 1 : 0;
      const from = p[axis]!;
      const to = q[axis]!;
      const lo = Math.min(from, to);
      const hi = Math.max(from, to);
      const cuts = (vertical ? onVertical.get(p[0]!) : onHorizontal.get(p[1]!))!.filter((v) => v > lo && v < hi);
      cuts.sort((u, v) => (from < to ? u - v : v - u));
      let prev = p;
      for (const c of cuts) {
        if (c === prev[axis]) continue;
        const point = vertical ? [p[0]!, c] : [c, p[1]!];
        if (!addEdge(prev, point)) return null;
        prev = point;
      }
      if (!addEdge(prev, q)) return null;
    }
  }
  if (cancelled === 0) return null;
  const outgoing = new Map<string, GeoJSON.Position>();
  for (const { from, to } of edges.values()) {
    const k = pointKey(from);
    if (outgoing.has(k)) return null; // the boundary pinches here: not a set of simple rings
    outgoing.set(k, to);
  }
  const visited = new Set<string>();
  const exteriors: Ring[] = [];
  const holes: Ring[] = [];
  // Deterministic start points: edge insertion order follows the input rings.
  for (const { from } of edges.values()) {
    if (visited.has(pointKey(from))) continue;
    const ring: Ring = [];
    for (let p: GeoJSON.Position | undefined = from; p && !visited.has(pointKey(p)); p = outgoing.get(pointKey(p))) {
      visited.add(pointKey(p));
      ring.push(p);
    }
    if (ring.length === 0 || pointKey(outgoing.get(pointKey(ring[ring.length - 1]!))!) !== pointKey(ring[0]!)) return null;
    const simple = dropAxisCollinear(ring);
    const area = ringSignedArea(simple);
    if (simple.length < 3 || area === 0) return null;
    (area > 0 ? exteriors : holes).push(closeRing(simple));
  }
  if (exteriors.length === 0) return null;
  const out: PolygonList = exteriors.map((ring) => [ring]);
  for (const hole of holes) {
    // A hole belongs to the smallest exterior holding its first vertex (vertices never touch other rings here).
    let best = -1;
    let bestArea = Infinity;
    exteriors.forEach((ext, i) => {
      const area = ringSignedArea(ext);
      if (area < bestArea && pointInPolygons([[ext]], hole[0]![0]!, hole[0]![1]!)) [best, bestArea] = [i, area];
    });
    if (best < 0) return null;
    out[best]!.push(hole);
  }
  return out;
}

function pushTo(map: Map<number, number[]>, key: number, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Drops vertices in the middle of a straight axis-parallel run (left over where a shared edge ended at a corner). */
function dropAxisCollinear(ring: Ring): Ring {
  const out = ring.filter((cur, i) => {
    const prev = ring[(i + ring.length - 1) % ring.length]!;
    const next = ring[(i + 1) % ring.length]!;
    // Same direction on both sides: a mid-run vertex. (A reversal would be a spike; it is kept and fails later checks.)
    if (prev[0] === cur[0] && cur[0] === next[0]) return (cur[1]! - prev[1]!) * (next[1]! - cur[1]!) <= 0;
    if (prev[1] === cur[1] && cur[1] === next[1]) return (cur[0]! - prev[0]!) * (next[0]! - cur[0]!) <= 0;
    return true;
  });
  return out;
}
