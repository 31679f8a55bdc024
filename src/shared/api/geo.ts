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

export const gridImportQuery = z.strictObject({
  fileName: fileName('grids.geojson'),
  crs: crs.optional(),
  codeField: text(40, { min: 1 }).optional(),
  dryRun: boolQuery.default(false),
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
});

export const divisionImportQuery = z.strictObject({
  districtCode,
  fileName: fileName('divisions.geojson'),
  crs: crs.optional(),
  dryRun: boolQuery.default(false),
});
export const divisionImportResult = z.object({ dryRun: z.boolean(), crs: z.string(), streets: z.number(), communities: z.number(), batchId: z.number().nullable() });

export const assignGridBody = z.strictObject({ username, duty: z.enum(GRID_DUTIES) });
export const assignmentParams = gridParams.extend({ id: idParam });
export const assignmentCreated = z.object({ id: z.number() });
