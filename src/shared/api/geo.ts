/** Divisions (district → street → community), unit grids, locating a point, and importing surveyed polygons. */
import { z } from 'zod';
import { GRID_DUTIES } from '../org.ts';
import { boolQuery, communityCode, crs, districtCode, fileName, gridCode, idParam, intQuery, numberQuery, streetCode, text, timestamp, username } from './fields.ts';

export const DIVISION_LEVELS = ['city', 'district', 'street', 'community'] as const;

const polygonal = z.object({ type: z.enum(['Polygon', 'MultiPolygon']), coordinates: z.array(z.any()) });

export const divisionSchema = z.object({
  code: z.string(),
  level: z.enum(DIVISION_LEVELS),
  name: z.string(),
  shortName: z.string().nullable(),
  kind: z.string().nullable(),
  parentCode: z.string().nullable(),
  isSchematic: z.boolean().describe('示意范围，非官方边界 a schematic boundary, not an official one'),
  gridCount: z.number(),
  geometry: polygonal.nullable().optional(),
});
export type DivisionDto = z.input<typeof divisionSchema>;

const anyDivisionCode = z.string().regex(/^(\d{4}|\d{6}|\d{9}|\d{12})$/, '@anyDivisionCode');
export const divisionListQuery = z.strictObject({
  level: z.enum(DIVISION_LEVELS).optional(),
  parentCode: anyDivisionCode.optional(),
  withGeometry: boolQuery.default(false),
});
export const divisionListResponse = z.object({ items: z.array(divisionSchema) });
export const divisionParams = z.strictObject({ code: anyDivisionCode });

export const gridSchema = z.object({
  code: z.string(),
  communityCode: z.string(),
  communityName: z.string(),
  streetCode: z.string(),
  streetName: z.string(),
  areaM2: z.number(),
  isSchematic: z.boolean(),
  validFrom: timestamp,
  supervisors: z.array(z.object({ username: z.string(), displayName: z.string() })),
  geometry: polygonal.optional(),
});
export type GridDto = z.input<typeof gridSchema>;

const bbox = z
  .string()
  .regex(/^-?\d{1,3}(\.\d{1,15})?(,-?\d{1,3}(\.\d{1,15})?){3}$/, '@bbox')
  .transform((s) => s.split(',').map(Number) as [number, number, number, number]);

export const gridListQuery = z.strictObject({
  streetCode: streetCode.optional(),
  communityCode: communityCode.optional(),
  bbox: bbox.optional().describe('minLng,minLat,maxLng,maxLat (WGS-84)'),
  withGeometry: boolQuery.default(false),
  limit: intQuery(1, 5000).default(100),
  offset: intQuery(0, 1_000_000).default(0),
});
export const gridListResponse = z.object({ items: z.array(gridSchema), total: z.number() });
export const gridParams = z.strictObject({ code: gridCode });

/**
 * Map features: GeoJSON FeatureCollections (RFC 7946, application/geo+json), `id` = code. `map` geometry
 * is simplified for web maps (zoom 14–16) with every shared boundary kept identical on both sides and
 * positions to 1e-6°; `full` is the boundary as imported.
 */
export const MAP_DETAILS = ['map', 'full'] as const;
const mapDetail = z.enum(MAP_DETAILS).default('map')
  .describe('map：网页地图用的简化边界（相邻边界完全一致，精度 1e-6°）；full：导入时的原始边界 map: simplified for web maps, shared edges identical; full: as imported');
const featureBbox = z.array(z.number()).describe('[minLng, minLat, maxLng, maxLat] (WGS-84)');

export const gridFeaturesQuery = z.strictObject({
  districtCode: districtCode.optional(),
  streetCode: streetCode.optional(),
  communityCode: communityCode.optional(),
  bbox: bbox.optional().describe('minLng,minLat,maxLng,maxLat (WGS-84)'),
  detail: mapDetail,
});
export type GridFeaturesQuery = z.output<typeof gridFeaturesQuery>;
export const gridFeature = z.object({
  type: z.literal('Feature'),
  id: z.string(),
  properties: z.object({ code: z.string(), communityCode: z.string(), streetCode: z.string(), areaM2: z.number(), isSchematic: z.boolean() }),
  geometry: polygonal,
});
export const gridFeatureCollection = z.object({ type: z.literal('FeatureCollection'), bbox: featureBbox.optional(), features: z.array(gridFeature) });

/** A map request whose If-None-Match holds the current ETag: no body, the browser keeps what it has. */
export const notModified = z.null().describe('未修改（与 If-None-Match 相同） Not modified');

export const MAP_DIVISION_LEVELS = ['district', 'street', 'community'] as const;
export const divisionFeaturesQuery = z.strictObject({
  level: z.enum(MAP_DIVISION_LEVELS),
  districtCode: districtCode.optional(),
  parentCode: anyDivisionCode.optional(),
  detail: mapDetail,
});
export type DivisionFeaturesQuery = z.output<typeof divisionFeaturesQuery>;
export const divisionFeature = z.object({
  type: z.literal('Feature'),
  id: z.string(),
  properties: z.object({ code: z.string(), level: z.enum(MAP_DIVISION_LEVELS), name: z.string(), parentCode: z.string(), isSchematic: z.boolean() }),
  geometry: polygonal,
});
export const divisionFeatureCollection = z.object({ type: z.literal('FeatureCollection'), bbox: featureBbox.optional(), features: z.array(divisionFeature) });
export const gridDetailSchema = gridSchema.omit({ supervisors: true }).extend({
  geometry: polygonal,
  assignments: z.array(z.object({ id: z.number(), duty: z.enum(GRID_DUTIES), validFrom: timestamp, username: z.string(), displayName: z.string(), phone: z.string().nullable() })),
  versions: z.array(z.object({ id: z.number(), validFrom: timestamp, validTo: timestamp.nullable(), areaM2: z.number(), importBatchId: z.number().nullable() })),
});

export const locateQuery = z.strictObject({ lng: numberQuery(-180, 180), lat: numberQuery(-90, 90) });
export const locateResponse = z.object({
  lng: z.number(),
  lat: z.number(),
  grid: z.object({ code: z.string() }),
  community: z.object({ code: z.string(), name: z.string() }),
  street: z.object({ code: z.string(), name: z.string() }),
  district: z.object({ code: z.string(), name: z.string() }),
});

/**
 * `report=features` with `dryRun=true`: the answer is 200 even when features have problems, and carries every
 * feature of the file — its problems and warnings, and its geometry in WGS-84 (the file's CRS converted) — so an
 * import can be reviewed on a map before anything is written. Without dryRun it changes nothing: an import with
 * problems is still refused whole (422).
 */
export const IMPORT_REPORTS = ['features'] as const;
const importReport = z.enum(IMPORT_REPORTS).optional()
  .describe('features：试导入（dryRun=true）时逐要素返回问题与 WGS-84 几何，有问题也返回 200 per-feature report with WGS-84 geometry; dry runs only');

export const IMPORT_FEATURE_STATUSES = ['ok', 'warning', 'error'] as const;
export type ImportFeatureStatus = (typeof IMPORT_FEATURE_STATUSES)[number];
export const importFeatureProblem = z.object({
  code: z.string().describe('GRID_OVERLAP, GRID_CODE_FORMAT, DIVISION_NAME_MISSING, …'),
  severity: z.enum(['error', 'warning']).describe('error：不能导入；warning：可以导入，但值得核对 error blocks the import; warning does not'),
  message: z.string(),
});
const importFeatureBase = {
  index: z.number().describe('文件中的序号，从 0 起 position in the file, 0-based'),
  code: z.string().nullable().describe('文件中的编码（网格为换算后的15位编码）；读不出时为 null'),
  status: z.enum(IMPORT_FEATURE_STATUSES),
  change: z.enum(['new', 'replace']).nullable().describe('new：新增；replace：替换现有同编码的记录；有错误时为 null'),
  problems: z.array(importFeatureProblem),
  geometry: polygonal.nullable().describe('WGS-84；坐标不是有效数字时为 null'),
};
const importCounts = { ok: z.number(), warnings: z.number(), errors: z.number() };

export const gridImportReport = z.object({
  features: z.array(z.object({ ...importFeatureBase, communityCode: z.string().nullable() })),
  ...importCounts,
  changes: z.object({
    new: z.number().describe('新编码的网格'),
    replaced: z.number().describe('现有网格的新版本（同编码）'),
    retired: z.number().describe('所涉社区中文件里没有、将被停用的现有网格 current grids of the covered communities that the file does not have: they end'),
  }),
});
export const gridImportQuery = z.strictObject({
  fileName: fileName('grids.geojson'),
  crs: crs.optional(),
  codeField: text(40, { min: 1 }).optional(),
  dryRun: boolQuery.default(false),
  report: importReport,
});
export const gridImportResult = z.object({
  dryRun: z.boolean(),
  crs: z.string(),
  features: z.number(),
  imported: z.number(),
  communities: z.array(z.string()),
  retired: z.number(),
  gaps: z.array(z.object({ communityCode: z.string(), areaM2: z.number() })),
  batchId: z.number().nullable(),
  report: gridImportReport.optional(),
});
export type GridImportResult = z.output<typeof gridImportResult>;

export const divisionImportReport = z.object({
  features: z.array(z.object({ ...importFeatureBase, level: z.enum(['street', 'community']).nullable(), name: z.string().nullable() })),
  ...importCounts,
  changes: z.object({ new: z.number(), replaced: z.number() }),
});
export const divisionImportQuery = z.strictObject({
  districtCode,
  fileName: fileName('divisions.geojson'),
  crs: crs.optional(),
  dryRun: boolQuery.default(false),
  report: importReport,
});
export const divisionImportResult = z.object({
  dryRun: z.boolean(),
  crs: z.string(),
  streets: z.number(),
  communities: z.number(),
  batchId: z.number().nullable(),
  report: divisionImportReport.optional(),
});
export type DivisionImportResult = z.output<typeof divisionImportResult>;

export const assignGridBody = z.strictObject({ username, duty: z.enum(GRID_DUTIES) });
export const assignmentParams = gridParams.extend({ id: idParam });
export const assignmentCreated = z.object({ id: z.number() });

/** What a place search finds (the hotline intake form's address search): divisions and unit grids. */
export const PLACE_KINDS = ['district', 'street', 'community', 'grid'] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];

export const placeQuery = z.strictObject({
  q: text(40, { min: 1 }).describe('名称中的连续文字（如“北下街”“城隍庙”），或区划、网格编码的一段数字 part of a name, or digits of a division or grid code'),
  limit: intQuery(1, 50).default(20),
});
export const placeSchema = z.object({
  kind: z.enum(PLACE_KINDS).describe('区、街道、社区或单元网格 district, street, community or unit grid'),
  code: z.string(),
  name: z.string().describe('名称；网格为“社区名 + 序号号网格” the name; a grid’s is its community’s and its sequence'),
  parentName: z.string().nullable().describe('所属上级（社区所属街道、网格所属社区与街道） what it belongs to: a community’s street, a grid’s community and street'),
  point: z.tuple([z.number(), z.number()]).describe('[lng, lat]（WGS-84）：范围内部的代表点，可直接作为上报位置 a representative point inside it (WGS-84), fit for a report’s position'),
  gridCode: z.string().nullable().describe('代表点所在的单元网格 the unit grid the point lies in'),
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).describe('[minLng, minLat, maxLng, maxLat]（WGS-84）'),
});
export type PlaceDto = z.input<typeof placeSchema>;
export const placeListResponse = z.object({ items: z.array(placeSchema) });
