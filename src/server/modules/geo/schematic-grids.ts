// Unit grids for one community: squares on a lattice in local metres, edge cells clipped to the community.
import * as turf from '@turf/turf';
import type * as GeoJSON from 'geojson';
import { MAX_GRIDS_PER_COMMUNITY } from './grid-code.ts';
import { boundsOf, pointInPolygons, polygonList, polygonListArea, segmentTouchesRect, type PolygonList, type Rect } from './planar.ts';
import { clipPolygonsToRect, rectRing } from './rect-clip.ts';

export interface LatticeCell {
  /** counts southward: GB/T 30428.1 numbers north→south */
  row: number;
  col: number;
  polygons: PolygonList;
  areaM2: number;
}

export const SLIVER_M2 = 1;

/** Cells for the community at `size` metres, growing the size until at most 999 cells remain. */
export function rasterizeCommunity(polygons: PolygonList, size: number): { size: number; cells: LatticeCell[] } {
  for (let s = size; ; s *= 1.1) {
    const cells = rasterizeAt(polygons, s);
    if (cells.length <= MAX_GRIDS_PER_COMMUNITY) return { size: s, cells };
  }
}

function rasterizeAt(polygons: PolygonList, size: number): LatticeCell[] {
  const b = boundsOf(polygons);
  const col0 = Math.floor(b.minX / size);
  const row0 = Math.floor(b.minY / size);
  const nx = Math.floor(b.maxX / size) - col0 + 1;
  const ny = Math.floor(b.maxY / size) - row0 + 1;
  const rectOf = (i: number, j: number): Rect => ({
    minX: (col0 + i) * size,
    minY: (row0 + j) * size,
    maxX: (col0 + i + 1) * size,
    maxY: (row0 + j + 1) * size,
  });
  // Cells no boundary edge touches are wholly inside or wholly outside: one centre test decides, no clipping.
  const touched = new Uint8Array(nx * ny);
  for (const rings of polygons) {
    for (const ring of rings) {
      for (let k = 1; k < ring.length; k++) {
        const [ax, ay] = ring[k - 1] as [number, number];
        const [bx, by] = ring[k] as [number, number];
        const i0 = Math.max(0, Math.floor(Math.min(ax, bx) / size) - col0);
        const i1 = Math.min(nx - 1, Math.floor(Math.max(ax, bx) / size) - col0);
        const j0 = Math.max(0, Math.floor(Math.min(ay, by) / size) - row0);
        const j1 = Math.min(ny - 1, Math.floor(Math.max(ay, by) / size) - row0);
        for (let j = j0; j <= j1; j++) {
          for (let i = i0; i <= i1; i++) {
            if (!touched[j * nx + i] && segmentTouchesRect(ax, ay, bx, by, rectOf(i, j))) touched[j * nx + i] = 1;
          }
        }
      }
    }
  }
  const cells: LatticeCell[] = [];
  const byKey = new Map<number, LatticeCell>();
  const slivers: { i: number; j: number; cell: LatticeCell }[] = [];
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const r = rectOf(i, j);
      let pieces: PolygonList;
      if (!touched[j * nx + i]) {
        if (!pointInPolygons(polygons, (r.minX + r.maxX) / 2, (r.minY + r.maxY) / 2)) continue;
        pieces = [[rectRing(r)]];
      } else {
        pieces = clipPolygonsToRect(polygons, r);
        if (pieces.length === 0) continue;
      }
      const cell = { row: ny - 1 - j, col: i, polygons: pieces, areaM2: polygonListArea(pieces) };
      if (cell.areaM2 < SLIVER_M2) slivers.push({ i, j, cell });
      else {
        cells.push(cell);
        byKey.set(j * nx + i, cell);
      }
    }
  }
  for (const { i, j, cell } of slivers) mergeSliver(cell, [byKey.get(j * nx + i - 1), byKey.get(j * nx + i + 1), byKey.get((j - 1) * nx + i), byKey.get((j + 1) * nx + i)]);
  return cells;
}

/** A sub-m² clip remnant joins a lattice neighbour when they share an edge; otherwise its area is negligible and dropped. */
function mergeSliver(sliver: LatticeCell, neighbours: (LatticeCell | undefined)[]): void {
  for (const n of neighbours) {
    if (!n) continue;
    const merged = turf.union(turf.featureCollection([turf.multiPolygon(n.polygons), turf.multiPolygon(sliver.polygons)]));
    const geometry = merged?.geometry as GeoJSON.Polygon | GeoJSON.MultiPolygon | undefined;
    if (geometry?.type === 'Polygon') {
      n.polygons = polygonList(geometry);
      n.areaM2 = polygonListArea(n.polygons);
      return;
    }
  }
}

