import { z } from 'zod';
import { CASE_SOURCES, CASE_STATUSES, STEP_KINDS } from '../../../../shared/cases/workflow.ts';
import { CATEGORY_KINDS, URGENCIES } from '../../../../shared/org.ts';
import { caseSchema, stepSchema } from '../case.presenter.ts';

const COLOURS = ['green', 'yellow', 'red', 'overdue'] as const;

/** `a,b,c` in a query string → a checked list. */
const list = <T extends readonly [string, ...string[]]>(values: T) =>
  z.string().optional().transform((s) => s?.split(',').filter(Boolean)).pipe(z.array(z.enum(values)).max(values.length).optional());
const bool = z.enum(['true', 'false']).optional().transform((v) => (v === undefined ? undefined : v === 'true'));

/** Filters shared by the list and the map. */
export const caseFilterQuery = z.object({
  status: list(CASE_STATUSES),
  step: list(STEP_KINDS).describe('当前未结束步骤 kind of a currently open step'),
  categoryKind: z.enum(CATEGORY_KINDS).optional(),
  categoryCode: z.string().regex(/^\d{5}$/).optional(),
  streetCode: z.string().regex(/^\d{9}$/).optional(),
  communityCode: z.string().regex(/^\d{12}$/).optional(),
  gridCode: z.string().regex(/^\d{14,15}$/).optional(),
  unit: z.coerce.number().int().positive().optional().describe('主办或协办单位 lead or co-handling unit id'),
  source: list(CASE_SOURCES),
  urgency: z.enum(URGENCIES).optional(),
  colour: list(COLOURS).describe('按当前步骤已用时限比例（墙钟近似） by the share of the open step limit used (wall-clock approximation)'),
  overdue: bool,
  reportedFrom: z.coerce.date().optional(),
  reportedTo: z.coerce.date().optional(),
  q: z.string().trim().min(1).max(100).optional().describe('描述和地址全文（两字及以上走索引） text in description and address'),
});

export const caseListQuery = caseFilterQuery.extend({
  sort: z.enum(['reportedAt', 'dueAt']).default('reportedAt'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

export const caseListResponse = z.object({
  items: z.array(caseSchema),
  total: z.number(),
  totalExact: z.boolean().describe('false: more matches than counted (total is the cap)'),
});

export const queueQuery = z.object({
  step: list(STEP_KINDS),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

export const queueResponse = z.object({
  items: z.array(z.object({ case: caseSchema, step: stepSchema, dueAt: z.date(), colour: z.enum(COLOURS).nullable() })),
  total: z.number(),
  totalExact: z.boolean(),
});

export const queueSummaryResponse = z.object({
  steps: z.array(z.object({
    step: z.enum(STEP_KINDS),
    total: z.number(),
    overdue: z.number(),
    urgent: z.number(),
    nextDueAt: z.date(),
  })),
  total: z.number(),
  overdue: z.number(),
  urgent: z.number(),
});

const bboxParam = z
  .string()
  .transform((s) => s.split(',').map(Number))
  .pipe(z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90), z.number().min(-180).max(180), z.number().min(-90).max(90)]))
  .refine(([x0, y0, x1, y1]) => x0 < x1 && y0 < y1, 'bbox must be minLng,minLat,maxLng,maxLat')
  .transform(([minLng, minLat, maxLng, maxLat]) => ({ minLng, minLat, maxLng, maxLat }));

export const mapQuery = caseFilterQuery.extend({
  bbox: bboxParam.describe('minLng,minLat,maxLng,maxLat (WGS-84)'),
  zoom: z.coerce.number().int().min(0).max(22).optional(),
});

export const mapResponse = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('points'),
    count: z.number(),
    points: z.array(z.object({ id: z.number(), lng: z.number(), lat: z.number(), status: z.string(), urgency: z.string(), categoryKind: z.string(), categoryCode: z.string() })),
  }),
  z.object({
    kind: z.literal('clusters'),
    count: z.number(),
    cellDegrees: z.number(),
    clusters: z.array(z.object({ lng: z.number(), lat: z.number(), count: z.number(), maxUrgency: z.string(), bounds: z.tuple([z.number(), z.number(), z.number(), z.number()]) })),
  }),
]);

type FilterQuery = z.infer<typeof caseFilterQuery>;
/** Query-string names → the filter the queries take. */
export function toCaseFilter({ unit, ...q }: FilterQuery) {
  return { ...q, unitId: unit };
}
