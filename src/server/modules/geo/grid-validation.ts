// Validates surveyed unit grids against the communities they claim to belong to (DOMAIN §2: closed,
// non-overlapping, never crossing a community; surveys have slivers, so overlaps have a tolerance and gaps are reported).
import * as turf from '@turf/turf';
import Flatbush from 'flatbush';
import type * as GeoJSON from 'geojson';
import type { ImportedFeature } from './feature-file.ts';
import type { GridFeature, Polygonal } from './geo.types.ts';
import { checkPolygonal, pickField } from './geometry-checks.ts';
import { parseGridCode } from './grid-code.ts';
import type { ImportProblem } from './import-problems.ts';
import { areaM2 as planarAreaM2, boundsOf, centerLat, pointInPolygons, polygonList, type PolygonList, type Rect } from './planar.ts';
import { clipPolygonsToRect } from './rect-clip.ts';

export const GRID_CODE_FIELDS = ['code', 'grid_code', 'gridcode', 'bgcode', 'dywgbm', 'wgbm', 'wgdm', 'grid_id', '网格编码', '单元网格编码', '编码'] as const;

export interface GridValidationOptions {
  codeField?: string;
  overlapToleranceM2?: number;
  gapToleranceM2?: number;
  /** a grid may stick out of its community by max(this, outsideToleranceRatio × its area) */
  outsideToleranceM2?: number;
  outsideToleranceRatio?: number;
}

export interface GridValidationResult {
  grids: GridFeature[];
  problems: ImportProblem[];
  /** what is accepted but worth a look before importing (a legacy code converted, a sliver outside the community) */
  warnings: ImportProblem[];
  gaps: { communityCode: string; areaM2: number }[];
}

interface Candidate {
  feature: ImportedFeature;
  code: string;
  communityCode: string;
  bounds: Rect;
  areaM2: number;
  outsideM2: number;
}

export function validateGridFeatures(
  features: readonly ImportedFeature[],
  communities: readonly { code: string; geometry: Polygonal }[],
  opts: GridValidationOptions = {},
): GridValidationResult {
  const { overlapToleranceM2 = 1, gapToleranceM2 = 1, outsideToleranceM2 = 1, outsideToleranceRatio = 0.005 } = opts;
  const problems: ImportProblem[] = [];
  const warnings: ImportProblem[] = [];
  const report = (f: ImportedFeature, code: ImportProblem['code'], detail: ImportProblem['detail']) => problems.push({ featureIndex: f.index, code, detail });
  const warn = (f: ImportedFeature, code: ImportProblem['code'], detail: ImportProblem['detail']) => warnings.push({ featureIndex: f.index, code, detail });
  const communityByCode = new Map(communities.map((c) => [c.code, prepareCommunity(c.geometry)]));
  const firstIndexByCode = new Map<string, number>();
  const candidates: Candidate[] = [];

  for (const f of features) {
    const picked = pickField(f.properties, opts.codeField, GRID_CODE_FIELDS);
    if (!picked) {
      report(f, 'GRID_CODE_MISSING', { triedFields: opts.codeField ?? GRID_CODE_FIELDS.join(', ') });
      continue;
    }
    const parsed = parseGridCode(picked.value);
    if (!parsed.ok) {
      report(f, 'GRID_CODE_FORMAT', { field: picked.field, ...parsed.problem.detail, value: picked.value });
      continue;
    }
    const { code, communityCode } = parsed.value;
    if (parsed.value.legacy) warn(f, 'GRID_CODE_LEGACY', { value: picked.value.trim(), code });
    const first = firstIndexByCode.get(code);
    if (first !== undefined) {
      report(f, 'GRID_CODE_DUPLICATE', { value: code, firstFeatureIndex: first });
      continue;
    }
    firstIndexByCode.set(code, f.index);
    const issue = checkPolygonal(f.geometry);
    if (issue?.kind === 'ring') {
      report(f, 'GRID_RING_INVALID', { value: code, reason: issue.reason, polygon: issue.polygon, ring: issue.ring });
      continue;
    }
    if (issue) {
      report(f, 'GRID_SELF_INTERSECTION', { value: code, lng: issue.lng, lat: issue.lat });
      continue;
    }
    const community = communityByCode.get(communityCode);
    if (!community) {
      report(f, 'GRID_COMMUNITY_UNKNOWN', { value: code, communityCode });
      continue;
    }
    const bounds = boundsOf(polygonList(f.geometry));
    const areaM2 = planarAreaM2(polygonList(f.geometry), community.lat);
    const outsideM2 = areaOutside(f.geometry, bounds, areaM2, community);
    if (outsideM2 > Math.max(outsideToleranceM2, outsideToleranceRatio * areaM2)) {
      report(f, 'GRID_OUTSIDE_COMMUNITY', { value: code, communityCode, outsideM2: round2(outsideM2), areaM2: round2(areaM2) });
      continue;
    }
    // Accepted only by the ratio: more than a sliver, though small beside the grid — the surveyor may want to see it.
    if (outsideM2 > outsideToleranceM2) warn(f, 'GRID_OUTSIDE_TOLERATED', { value: code, communityCode, outsideM2: round2(outsideM2), areaM2: round2(areaM2) });
    candidates.push({ feature: f, code, communityCode, bounds, areaM2, outsideM2 });
  }

  const overlapped = new Set<Candidate>();
  const sameCommunityOverlapM2 = new Map<string, number>();
  if (candidates.length > 0) {
    const tree = new Flatbush(candidates.length);
    for (const c of candidates) tree.add(c.bounds.minX, c.bounds.minY, c.bounds.maxX, c.bounds.maxY);
    tree.finish();
    candidates.forEach((a, i) => {
      for (const j of tree.search(a.bounds.minX, a.bounds.minY, a.bounds.maxX, a.bounds.maxY)) {
        const b = candidates[j]!;
        // Each pair once; bounding boxes that merely touch (shared edges of neighbours) cannot overlap in area.
        if (j <= i || Math.min(a.bounds.maxX, b.bounds.maxX) <= Math.max(a.bounds.minX, b.bounds.minX)) continue;
        if (Math.min(a.bounds.maxY, b.bounds.maxY) <= Math.max(a.bounds.minY, b.bounds.minY)) continue;
        const areaM2 = overlapArea(a.feature.geometry, b.feature.geometry, centerLat(a.bounds));
        if (areaM2 === 0) continue;
        if (a.communityCode === b.communityCode) sameCommunityOverlapM2.set(a.communityCode, (sameCommunityOverlapM2.get(a.communityCode) ?? 0) + areaM2);
        if (areaM2 <= overlapToleranceM2) continue;
        const [earlier, later] = a.feature.index < b.feature.index ? [a, b] : [b, a];
        overlapped.add(later);
        report(later.feature, 'GRID_OVERLAP', { value: later.code, otherFeatureIndex: earlier.feature.index, otherCode: earlier.code, areaM2: round2(areaM2) });
      }
    });
  }

  // Grids are inside their community (within tolerance) and pairwise overlaps are known, so the covered area is
  // Σ area − Σ outside − Σ overlaps: exact to the second order and far cheaper than a polygon union per community.
  const coveredM2 = new Map<string, number>();
  for (const c of candidates) coveredM2.set(c.communityCode, (coveredM2.get(c.communityCode) ?? 0) + c.areaM2 - c.outsideM2);
  const gaps: GridValidationResult['gaps'] = [];
  for (const [communityCode, covered] of coveredM2) {
    const community = communityByCode.get(communityCode)!;
    const gapM2 = community.areaM2 - covered + (sameCommunityOverlapM2.get(communityCode) ?? 0);
    if (gapM2 > gapToleranceM2) gaps.push({ communityCode, areaM2: round2(gapM2) });
  }

  problems.sort((a, b) => a.featureIndex - b.featureIndex);
  warnings.sort((a, b) => a.featureIndex - b.featureIndex);
  const grids = candidates
    .filter((c) => !overlapped.has(c))
    .map((c): GridFeature => ({ code: c.code, communityCode: c.communityCode, geometry: c.feature.geometry, areaM2: round2(c.areaM2) }));
  return { grids, problems, warnings, gaps };
}

interface PreparedCommunity {
  geometry: Polygonal;
  /** one latitude for the community and all its grids keeps their planar areas additive */
  lat: number;
  polygons: PolygonList;
  areaM2: number;
  /** per edge: minX, minY, maxX, maxY */
  edgeBoxes: Float64Array;
}

function prepareCommunity(geometry: Polygonal): PreparedCommunity {
  const polygons = polygonList(geometry);
  const boxes: number[] = [];
  for (const rings of polygons) {
    for (const ring of rings) {
      for (let k = 1; k < ring.length; k++) {
        const [ax, ay] = ring[k - 1] as [number, number];
        const [bx, by] = ring[k] as [number, number];
        boxes.push(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by));
      }
    }
  }
  const lat = centerLat(boundsOf(polygons));
  return { geometry, lat, polygons, areaM2: planarAreaM2(polygons, lat), edgeBoxes: Float64Array.from(boxes) };
}

function areaOutside(grid: Polygonal, b: Rect, gridAreaM2: number, community: PreparedCommunity): number {
  const e = community.edgeBoxes;
  let boundaryNear = false;
  for (let k = 0; k < e.length && !boundaryNear; k += 4) {
    boundaryNear = e[k]! <= b.maxX && e[k + 2]! >= b.minX && e[k + 1]! <= b.maxY && e[k + 3]! >= b.minY;
  }
  // No community edge reaches the grid's bounding box: the box, hence the grid, is wholly inside or wholly outside.
  if (!boundaryNear) return pointInPolygons(community.polygons, b.minX, b.minY) ? 0 : gridAreaM2;
  try {
    // Clipping the community to the grid's box first keeps the general clipper's input small.
    const local = clipPolygonsToRect(community.polygons, b);
    if (local.length === 0) return gridAreaM2;
    const inside = turf.intersect(turf.featureCollection([feature(grid), turf.multiPolygon(local)]));
    const insideM2 = inside ? planarAreaM2(polygonList(inside.geometry as Polygonal), community.lat) : 0;
    return Math.max(0, gridAreaM2 - insideM2);
  } catch {
    return gridAreaM2;
  }
}

function overlapArea(a: Polygonal, b: Polygonal, lat: number): number {
  try {
    const shared = turf.intersect(turf.featureCollection([feature(a), feature(b)]));
    return shared ? planarAreaM2(polygonList(shared.geometry as Polygonal), lat) : 0;
  } catch {
    return 0;
  }
}

function feature(geometry: Polygonal): GeoJSON.Feature<Polygonal> {
  return { type: 'Feature', properties: {}, geometry };
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}
