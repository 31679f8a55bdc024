// Unit grids for one community: squares on a lattice in local metres, edge cells clipped to the community.
import * as turf from '@turf/turf';
import type * as GeoJSON from 'geojson';
import { MAX_GRIDS_PER_COMMUNITY } from '../modules/geo/grid-code.ts';
import { boundsOf, orientRings, pointInPolygons, polygonList, polygonListArea, segmentTouchesRect, unionTouchingPolygons, type PolygonList, type Rect } from '../modules/geo/planar.ts';
import { clipPolygonsToRect, rectRing } from '../modules/geo/rect-clip.ts';

export interface LatticeCell {
  /** counts southward: GB/T 30428.1 numbers north→south */
  row: number;
  col: number;
  polygons: PolygonList;
  areaM2: number;
}

/** Clipped edge cells smaller than this share of a full cell merge into a neighbour: real unit grids are never slivers. */
export const MERGE_BELOW_RATIO = 0.4;

/**
 * Cells for the community at `size` metres, growing the size until at most 999 cells remain. Clipped edge cells
 * under `mergeBelowRatio` of a full cell are merged into a neighbour (0 keeps every clip remnant as its own cell).
 */
export function rasterizeCommunity(polygons: PolygonList, size: number, mergeBelowRatio = MERGE_BELOW_RATIO): { size: number; cells: LatticeCell[] } {
  for (let s = size; ; s *= 1.1) {
    const cells = rasterizeAt(polygons, s, mergeBelowRatio);
    if (cells.length <= MAX_GRIDS_PER_COMMUNITY) return { size: s, cells };
  }
}

function rasterizeAt(polygons: PolygonList, size: number, mergeBelowRatio: number): LatticeCell[] {
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
  const slots: Slot[] = [];
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const r = rectOf(i, j);
      let pieces: PolygonList;
      const clipped = touched[j * nx + i] === 1;
      if (!clipped) {
        if (!pointInPolygons(polygons, (r.minX + r.maxX) / 2, (r.minY + r.maxY) / 2)) continue;
        pieces = [[rectRing(r)]];
      } else {
        pieces = clipPolygonsToRect(polygons, r);
        if (pieces.length === 0) continue;
      }
      slots.push({ key: j * nx + i, rect: r, clipped, cell: { row: ny - 1 - j, col: i, polygons: pieces, areaM2: polygonListArea(pieces) } });
    }
  }
  return mergeBelowRatio > 0 ? mergeSmallCells(slots, nx, mergeBelowRatio * size * size) : slots.map((s) => s.cell);
}

/** One lattice position with its (clipped) cell; `key` = j·nx + i. */
interface Slot {
  key: number;
  rect: Rect;
  clipped: boolean;
  cell: LatticeCell;
}

/** One polygon of a slot's cell: the unit adjacency is measured between. */
interface Piece {
  slot: Slot;
  polygons: PolygonList;
  areaM2: number;
  /** same-community pieces across the slot's sides and the grid-line length shared with each */
  neighbours: { piece: Piece; length: number }[];
  group?: Group;
}

interface Group {
  cell: LatticeCell;
  pieces: Piece[];
  /** lowest slot key: the deterministic tie-break */
  order: number;
  stuck: boolean;
  /** a piece split off a cell: its row/col is the cell's, which another group already holds */
  borrowed: boolean;
}

/**
 * Clipped edge cells under `minAreaM2` join the same-community lattice neighbour they share the longest grid-line
 * edge with, smallest first, until none is left that has a neighbour. The merged cell keeps the row/col of the larger
 * part. A cell the boundary cut into several polygons first sheds its small polygons that touch a neighbour, so they
 * merge on their own instead of leaving a MultiPolygon. Neighbours meet on grid lines with identical coordinates, so
 * the union is an edge splice (unionTouchingPolygons); the general clipper is only the fallback.
 */
function mergeSmallCells(slots: Slot[], nx: number, minAreaM2: number): LatticeCell[] {
  const piecesBySlot = new Map<number, Piece[]>();
  for (const slot of slots) {
    const polys = slot.clipped && slot.cell.polygons.length > 1 ? slot.cell.polygons.map((p) => [p]) : [slot.cell.polygons];
    piecesBySlot.set(slot.key, polys.map((polygons) => ({ slot, polygons, areaM2: polys.length > 1 ? polygonListArea(polygons) : slot.cell.areaM2, neighbours: [] })));
  }
  for (const slot of slots) {
    const i = slot.key % nx;
    const east = i + 1 < nx ? piecesBySlot.get(slot.key + 1) : undefined;
    const north = piecesBySlot.get(slot.key + nx);
    for (const a of piecesBySlot.get(slot.key)!) {
      for (const [others, side, otherSide] of [[east, 'maxX', 'minX'], [north, 'maxY', 'minY']] as const) {
        for (const b of others ?? []) {
          const length = overlapLength(sideSpans(a, side), sideSpans(b, otherSide));
          if (length <= 0) continue;
          a.neighbours.push({ piece: b, length });
          b.neighbours.push({ piece: a, length });
        }
      }
    }
  }
  // Pieces that reach no more than a sliver's worth of area through shared edges cannot become a proper grid on
  // their own: they stay with their cell, which merges as a whole if small (a MultiPolygon then is unavoidable).
  const canLeave = new Set<Piece>();
  const seen = new Set<Piece>();
  for (const pieces of piecesBySlot.values()) {
    for (const start of pieces) {
      if (seen.has(start)) continue;
      const component = [start];
      seen.add(start);
      let areaM2 = 0;
      for (let k = 0; k < component.length; k++) {
        areaM2 += component[k]!.areaM2;
        for (const { piece } of component[k]!.neighbours) {
          if (seen.has(piece)) continue;
          seen.add(piece);
          component.push(piece);
        }
      }
      if (areaM2 >= minAreaM2) for (const p of component) canLeave.add(p);
    }
  }
  const groups: Group[] = [];
  const newGroup = (slot: Slot, pieces: Piece[], borrowed: boolean): void => {
    if (pieces.length === 0) return;
    const polygons = pieces.flatMap((p) => p.polygons);
    const cell = { row: slot.cell.row, col: slot.cell.col, polygons, areaM2: pieces.length > 1 ? polygonListArea(polygons) : pieces[0]!.areaM2 };
    const g: Group = { cell, pieces, order: slot.key, stuck: false, borrowed };
    for (const p of pieces) p.group = g;
    groups.push(g);
  };
  for (const slot of slots) {
    const pieces = piecesBySlot.get(slot.key)!;
    if (pieces.length === 1) {
      newGroup(slot, pieces, false);
      continue;
    }
    const detached = pieces.filter((p) => p.areaM2 < minAreaM2 && canLeave.has(p));
    const kept = pieces.filter((p) => !detached.includes(p));
    // Pieces that cannot leave travel with their cell: keep the largest piece that can take them to a neighbour.
    if (kept.length > 0 && kept.every((p) => !canLeave.has(p)) && detached.length > 0) {
      const largest = detached.reduce((a, b) => (b.areaM2 > a.areaM2 ? b : a));
      detached.splice(detached.indexOf(largest), 1);
      kept.push(largest);
    }
    newGroup(slot, pieces.filter((p) => kept.includes(p)), false);
    detached.forEach((p, k) => newGroup(slot, [p], kept.length > 0 || k > 0));
  }

  const alive = new Set(groups);
  for (;;) {
    let g: Group | undefined;
    for (const c of alive) {
      if (c.stuck || c.cell.areaM2 >= minAreaM2) continue;
      if (!g || c.cell.areaM2 < g.cell.areaM2 || (c.cell.areaM2 === g.cell.areaM2 && c.order < g.order)) g = c;
    }
    if (!g) break;
    const shared = new Map<Group, number>();
    for (const p of g.pieces) for (const n of p.neighbours) if (n.piece.group !== g) shared.set(n.piece.group!, (shared.get(n.piece.group!) ?? 0) + n.length);
    let target: Group | undefined;
    let best = 0;
    for (const [h, length] of shared) {
      const better = length > best || (length === best && target && (h.cell.areaM2 > target.cell.areaM2 || (h.cell.areaM2 === target.cell.areaM2 && h.order < target.order)));
      if (better) [target, best] = [h, length];
    }
    if (!target) {
      g.stuck = true; // no neighbour in the community: it stays as it is
      continue;
    }
    // The larger part's row/col, unless only the other one holds its position alone.
    const keep = target.borrowed !== g.borrowed ? (target.borrowed ? g : target) : target.cell.areaM2 >= g.cell.areaM2 ? target : g;
    const polygons = unionCells(target.cell.polygons, g.cell.polygons);
    target.cell = { row: keep.cell.row, col: keep.cell.col, polygons, areaM2: polygonListArea(polygons) };
    target.borrowed = keep.borrowed;
    target.order = Math.min(target.order, g.order);
    for (const p of g.pieces) {
      target.pieces.push(p);
      p.group = target;
    }
    alive.delete(g);
  }
  return [...alive].map((g) => g.cell);
}

function unionCells(a: PolygonList, b: PolygonList): PolygonList {
  const spliced = unionTouchingPolygons(a, b);
  if (spliced) return spliced;
  const merged = turf.union(turf.featureCollection([turf.multiPolygon(a), turf.multiPolygon(b)]));
  if (!merged) return [...a, ...b];
  return polygonList(merged.geometry as GeoJSON.Polygon | GeoJSON.MultiPolygon).map((rings) => orientRings(rings));
}

/** Spans [lo, hi] of the piece's boundary lying on one side of its lattice square (a full cell: the whole side). */
function sideSpans(piece: Piece, side: keyof Rect): [number, number][] {
  const s = piece.slot;
  const r = s.rect;
  const vertical = side === 'minX' || side === 'maxX';
  if (!s.clipped) return [vertical ? [r.minY, r.maxY] : [r.minX, r.maxX]];
  const axis = vertical ? 0 : 1;
  const value = r[side];
  // The rectangle clipper writes grid-line coordinates exactly; the general clipper may be off in the last bits.
  const eps = 1e-9 * Math.max(1, Math.abs(value));
  const spans: [number, number][] = [];
  for (const rings of piece.polygons) {
    for (const ring of rings) {
      for (let k = 1; k < ring.length; k++) {
        const p = ring[k - 1]!;
        const q = ring[k]!;
        if (Math.abs(p[axis]! - value) <= eps && Math.abs(q[axis]! - value) <= eps) {
          const u = p[1 - axis]!, v = q[1 - axis]!;
          if (u !== v) spans.push([Math.min(u, v), Math.max(u, v)]);
        }
      }
    }
  }
  return spans;
}

function overlapLength(a: [number, number][], b: [number, number][]): number {
  let total = 0;
  for (const [a0, a1] of a) for (const [b0, b1] of b) total += Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
  return total;
}
