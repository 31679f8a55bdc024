// A deterministic schematic district: plausible streets, communities and unit grids built from the public outline,
// street anchors and division lists, for demos and benchmarks until surveyed data is imported.
import type * as GeoJSON from 'geojson';
import type { DistrictSource, GridFeature, Polygonal, SchematicCommunity, SchematicDistrict, SchematicStreet } from '../modules/geo/geo.types.ts';
import { assignGridSequence } from '../modules/geo/grid-code.ts';
import { createLocalProjection, toLngLat, toLocal, type LocalProjection } from '../modules/geo/local-projection.ts';
import { boundsOf, type PolygonList } from '../modules/geo/planar.ts';
import { createPrng } from '../modules/geo/prng.ts';
import { buildCommunityZones, buildStreetZones } from './schematic-divisions.ts';
import { MERGE_BELOW_RATIO, rasterizeCommunity } from './schematic-grids.ts';

export interface SchematicOptions {
  seed?: number;
  /** grid side in metres for streets not listed in sparseStreetCodes */
  builtUpCellM?: number;
  sparseCellM?: number;
  sparseStreetCodes?: readonly string[];
  /** clipped edge cells under this share of a full cell merge into a same-community neighbour; 0 keeps them */
  mergeBelowRatio?: number;
}

export interface SchematicResult {
  district: SchematicDistrict;
  streets: SchematicStreet[];
  communities: SchematicCommunity[];
  grids: GridFeature[];
}

// 十八里河, 南曹, 金岱 and 圃田乡 are largely farmland and villages in Guancheng.
export const GUANCHENG_SPARSE_STREETS = ['410104010', '410104011', '410104012', '410104202'] as const;

export function generateSchematicDistrict(source: DistrictSource, opts: SchematicOptions = {}): SchematicResult {
  const { seed = 410104, builtUpCellM = 110, sparseCellM = 300, sparseStreetCodes = GUANCHENG_SPARSE_STREETS, mergeBelowRatio = MERGE_BELOW_RATIO } = opts;
  const rand = createPrng(seed);
  const outlineBounds = boundsOf([source.outline.coordinates]);
  const proj = createLocalProjection((outlineBounds.minX + outlineBounds.maxX) / 2, (outlineBounds.minY + outlineBounds.maxY) / 2);
  const local = (polygons: PolygonList): PolygonList => mapPolygons(polygons, ([lng, lat]) => toLocal(proj, lng!, lat!));

  const anchorsByCode = new Map(source.anchors.map((a) => [a.code, a]));
  const anchors = source.streets.map(({ code }) => {
    const a = anchorsByCode.get(code);
    if (!a) throw new Error(`no anchor for street ${code}`);
    const [x, y] = toLocal(proj, a.lng, a.lat);
    return { code, x, y };
  });
  const streetZones = buildStreetZones(local([source.outline.coordinates]), anchors, rand);

  const streets: SchematicStreet[] = [];
  const communities: SchematicCommunity[] = [];
  const grids: GridFeature[] = [];
  for (const street of streetZones) {
    streets.push({ code: street.code, geometry: toGeometry(proj, street.polygons) });
    const codes = source.communities.filter((c) => c.streetCode === street.code).map((c) => c.code).sort();
    const cellM = sparseStreetCodes.includes(street.code) ? sparseCellM : builtUpCellM;
    for (const zone of buildCommunityZones(street, codes, rand)) {
      communities.push({ code: zone.code, streetCode: street.code, geometry: toGeometry(proj, zone.polygons) });
      for (const cell of assignGridSequence(zone.code, rasterizeCommunity(zone.polygons, cellM, mergeBelowRatio).cells)) {
        grids.push({ code: cell.code, communityCode: zone.code, geometry: toGeometry(proj, cell.polygons), areaM2: cell.areaM2 });
      }
    }
  }
  return { district: { code: source.districtCode, geometry: source.outline }, streets, communities, grids };
}

function mapPolygons(polygons: PolygonList, f: (p: GeoJSON.Position) => GeoJSON.Position): PolygonList {
  return polygons.map((rings) => rings.map((ring) => ring.map(f)));
}

function toGeometry(proj: LocalProjection, polygons: PolygonList): Polygonal {
  const coordinates = mapPolygons(polygons, ([x, y]) => toLngLat(proj, x!, y!));
  return coordinates.length === 1 ? { type: 'Polygon', coordinates: coordinates[0]! } : { type: 'MultiPolygon', coordinates };
}

export interface GridStats {
  total: number;
  minPerCommunity: number;
  maxPerCommunity: number;
  minAreaM2: number;
  maxAreaM2: number;
  totalAreaM2: number;
  multiPolygons: number;
}

export function summarizeGrids(grids: readonly GridFeature[]): GridStats {
  const perCommunity = new Map<string, number>();
  let minAreaM2 = Infinity, maxAreaM2 = 0, totalAreaM2 = 0, multiPolygons = 0;
  for (const g of grids) {
    perCommunity.set(g.communityCode, (perCommunity.get(g.communityCode) ?? 0) + 1);
    minAreaM2 = Math.min(minAreaM2, g.areaM2);
    maxAreaM2 = Math.max(maxAreaM2, g.areaM2);
    totalAreaM2 += g.areaM2;
    if (g.geometry.type === 'MultiPolygon') multiPolygons++;
  }
  const counts = [...perCommunity.values()];
  return { total: grids.length, minPerCommunity: Math.min(...counts), maxPerCommunity: Math.max(...counts), minAreaM2, maxAreaM2, totalAreaM2, multiPolygons };
}
