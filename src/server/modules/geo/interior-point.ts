/**
 * A point strictly inside a polygon, near its middle: where a place search puts a division or a grid, so that a
 * report made at that point lands in it (a centroid can fall outside a concave shape, and turf's pointOnFeature
 * then falls back to a vertex, which lies on the boundary and so may resolve to the neighbour). Horizontal lines
 * across the shape's middle are cut by its rings (even-odd, so holes and parts need no special case); the widest
 * inside stretch wins and its midpoint is the point.
 */
import type { Polygonal } from './geo.types.ts';
import { boundsOf, polygonList } from './planar.ts';

/** Scan lines as shares of the height, in order of preference (a tie keeps the earlier: the middle first). */
const SCAN_SHARES = [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.1, 0.9];

export function interiorPoint(geometry: Polygonal): [number, number] {
  const polygons = polygonList(geometry);
  const b = boundsOf(polygons);
  let best: { x: number; y: number; width: number } | null = null;
  for (const share of SCAN_SHARES) {
    const y = b.minY + (b.maxY - b.minY) * share;
    const xs: number[] = [];
    for (const rings of polygons) {
      for (const ring of rings) {
        for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
          const xi = ring[i]![0]!, yi = ring[i]![1]!, xj = ring[j]![0]!, yj = ring[j]![1]!;
          // Half-open on y, as the point-in-polygon test: a vertex on the line counts once.
          if (yi > y !== yj > y) xs.push(((xj - xi) * (y - yi)) / (yj - yi) + xi);
        }
      }
    }
    xs.sort((p, q) => p - q);
    for (let k = 0; k + 1 < xs.length; k += 2) {
      const width = xs[k + 1]! - xs[k]!;
      if (width > 0 && (!best || width > best.width * (1 + 1e-9))) best = { x: (xs[k]! + xs[k + 1]!) / 2, y, width };
    }
  }
  // A degenerate shape (no area): the middle of its bounds.
  return best ? [best.x, best.y] : [(b.minX + b.maxX) / 2, (b.minY + b.maxY) / 2];
}
