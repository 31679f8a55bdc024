// Point → grid lookup. Every reported location is assigned to exactly one grid (DOMAIN §2), millions of times a day
// in replays and imports, so lookups allocate nothing: a uniform bucket grid over the extent holds either
// "wholly inside grid g" or a short candidate list, and candidates are tested by ray casting on flat coordinates.
import type { Polygonal } from './geo.types.ts';
import { polygonList } from './planar.ts';

export interface GridIndexInput {
  id?: number | string;
  code: string;
  communityCode: string;
  geometry: Polygonal;
}

export interface GridHit {
  readonly id: number | string | undefined;
  readonly code: string;
  readonly communityCode: string;
  readonly streetCode: string;
  readonly districtCode: string;
}

export interface GridIndex {
  readonly size: number;
  /** The grid containing the point, or null. Returns the same object for the same grid; a point on a shared edge resolves to one grid. */
  lookup(lng: number, lat: number): GridHit | null;
}

export interface GridIndexOptions {
  /** bucket side as a fraction of the median grid extent; smaller → more "wholly inside" buckets, more memory */
  bucketFraction?: number;
  maxBuckets?: number;
}

export function buildGridIndex(grids: readonly GridIndexInput[], opts: GridIndexOptions = {}): GridIndex {
  const { bucketFraction = 0.3, maxBuckets = 4_000_000 } = opts;
  const n = grids.length;
  const hits: GridHit[] = grids.map((g) =>
    Object.freeze({ id: g.id, code: g.code, communityCode: g.communityCode, streetCode: g.communityCode.slice(0, 9), districtCode: g.communityCode.slice(0, 6) }),
  );
  if (n === 0) return { size: 0, lookup: () => null };

  // Flat layout: grid g owns rings ringStart[gridRing[g]..gridRing[g+1]), ring r owns coords[2*ringStart[r]..2*ringStart[r+1]).
  let ringCount = 0, pointCount = 0;
  for (const g of grids) for (const rings of polygonList(g.geometry)) for (const ring of rings) (ringCount++, (pointCount += ring.length));
  const coords = new Float64Array(pointCount * 2);
  const ringStart = new Int32Array(ringCount + 1);
  const gridRing = new Int32Array(n + 1);
  const bbox = new Float64Array(n * 4);
  let r = 0, p = 0;
  grids.forEach((g, gi) => {
    gridRing[gi] = r;
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (const rings of polygonList(g.geometry)) {
      for (const ring of rings) {
        ringStart[r++] = p;
        for (const pos of ring) {
          const x = pos[0]!, y = pos[1]!;
          coords[2 * p] = x;
          coords[2 * p + 1] = y;
          p++;
          if (x < minX) minX = x;
          if (y < minY) minY = y;
          if (x > maxX) maxX = x;
          if (y > maxY) maxY = y;
        }
      }
    }
    bbox.set([minX, minY, maxX, maxY], gi * 4);
  });
  ringStart[r] = p;
  gridRing[n] = r;

  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  const widths: number[] = [], heights: number[] = [];
  for (let g = 0; g < n; g++) {
    minX = Math.min(minX, bbox[g * 4]!);
    minY = Math.min(minY, bbox[g * 4 + 1]!);
    maxX = Math.max(maxX, bbox[g * 4 + 2]!);
    maxY = Math.max(maxY, bbox[g * 4 + 3]!);
    widths.push(bbox[g * 4 + 2]! - bbox[g * 4]!);
    heights.push(bbox[g * 4 + 3]! - bbox[g * 4 + 1]!);
  }
  let sx = Math.max(median(widths) * bucketFraction, (maxX - minX) / 1e5, 1e-9);
  let sy = Math.max(median(heights) * bucketFraction, (maxY - minY) / 1e5, 1e-9);
  let nx = Math.floor((maxX - minX) / sx) + 1, ny = Math.floor((maxY - minY) / sy) + 1;
  while (nx * ny > maxBuckets) {
    sx *= 1.5;
    sy *= 1.5;
    nx = Math.floor((maxX - minX) / sx) + 1;
    ny = Math.floor((maxY - minY) / sy) + 1;
  }
  const invSx = 1 / sx, invSy = 1 / sy;

  const pointInGrid = (g: number, x: number, y: number): boolean => {
    let inside = false;
    for (let ri = gridRing[g]!, rEnd = gridRing[g + 1]!; ri < rEnd; ri++) {
      const end = ringStart[ri + 1]!;
      for (let i = ringStart[ri]!, j = end - 1; i < end; j = i++) {
        const yi = coords[2 * i + 1]!, yj = coords[2 * j + 1]!;
        if (yi > y !== yj > y) {
          const xi = coords[2 * i]!, xj = coords[2 * j]!;
          if (x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
        }
      }
    }
    return inside;
  };
  const boundaryTouchesRect = (g: number, x0: number, y0: number, x1: number, y1: number): boolean => {
    for (let ri = gridRing[g]!, rEnd = gridRing[g + 1]!; ri < rEnd; ri++) {
      for (let i = ringStart[ri]! + 1, end = ringStart[ri + 1]!; i < end; i++) {
        if (segmentTouchesBox(coords[2 * i - 2]!, coords[2 * i - 1]!, coords[2 * i]!, coords[2 * i + 1]!, x0, y0, x1, y1)) return true;
      }
    }
    return false;
  };

  // full[b] = g + 1 when the closed bucket lies strictly inside grid g; otherwise candidates are listed in CSR form.
  const full = new Int32Array(nx * ny);
  const counts = new Int32Array(nx * ny + 1);
  const pairs: number[] = [];
  for (let g = 0; g < n; g++) {
    const i0 = Math.floor((bbox[g * 4]! - minX) * invSx), i1 = Math.min(nx - 1, Math.floor((bbox[g * 4 + 2]! - minX) * invSx));
    const j0 = Math.floor((bbox[g * 4 + 1]! - minY) * invSy), j1 = Math.min(ny - 1, Math.floor((bbox[g * 4 + 3]! - minY) * invSy));
    for (let j = j0; j <= j1; j++) {
      for (let i = i0; i <= i1; i++) {
        const b = j * nx + i;
        const x0 = minX + i * sx, y0 = minY + j * sy, x1 = x0 + sx, y1 = y0 + sy;
        if (i > i0 && i < i1 && j > j0 && j < j1 && !boundaryTouchesRect(g, x0, y0, x1, y1) && pointInGrid(g, (x0 + x1) / 2, (y0 + y1) / 2)) {
          full[b] = g + 1;
        } else {
          pairs.push(b, g);
          counts[b + 1]!++;
        }
      }
    }
  }
  for (let b = 0; b < nx * ny; b++) counts[b + 1]! += counts[b]!;
  const candidates = new Int32Array(pairs.length / 2);
  const fill = counts.slice(0, nx * ny);
  // Grids were visited in input order, so each candidate list is ascending: ties resolve to the earliest grid.
  for (let k = 0; k < pairs.length; k += 2) candidates[fill[pairs[k]!]!++] = pairs[k + 1]!;

  return {
    size: n,
    lookup(lng: number, lat: number): GridHit | null {
      const fx = (lng - minX) * invSx, fy = (lat - minY) * invSy;
      if (!(fx >= 0 && fx < nx && fy >= 0 && fy < ny)) return null;
      const b = (fy | 0) * nx + (fx | 0);
      const f = full[b]!;
      if (f !== 0) return hits[f - 1]!;
      for (let k = counts[b]!, end = counts[b + 1]!; k < end; k++) {
        const g = candidates[k]!;
        const o = g * 4;
        if (lng < bbox[o]! || lat < bbox[o + 1]! || lng > bbox[o + 2]! || lat > bbox[o + 3]!) continue;
        if (pointInGrid(g, lng, lat)) return hits[g]!;
      }
      return null;
    },
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1] ?? 0;
}

function segmentTouchesBox(ax: number, ay: number, bx: number, by: number, x0: number, y0: number, x1: number, y1: number): boolean {
  let t0 = 0, t1 = 1;
  const dx = bx - ax, dy = by - ay;
  const ps = [-dx, dx, -dy, dy], qs = [ax - x0, x1 - ax, ay - y0, y1 - ay];
  for (let k = 0; k < 4; k++) {
    const pk = ps[k]!, qk = qs[k]!;
    if (pk === 0) {
      if (qk < 0) return false;
    } else if (pk < 0) {
      const t = qk / pk;
      if (t > t1) return false;
      if (t > t0) t0 = t;
    } else {
      const t = qk / pk;
      if (t < t0) return false;
      if (t < t1) t1 = t;
    }
  }
  return true;
}
