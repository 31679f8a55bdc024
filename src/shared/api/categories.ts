/** The component and event categories (GB/T 47678.5-2026 + local extensions) and legacy code mappings. */
import { z } from 'zod';
import { CATEGORY_KINDS, CLOCK_TYPES, UNIT_TYPES, URGENCIES } from '../org.ts';
import { boolQuery, categoryCode, fileName, majorCode, text, timestamp, limitAmount } from './fields.ts';

export const categorySchema = z.object({
  kind: z.enum(CATEGORY_KINDS),
  code: z.string(),
  name: z.string(),
  majorCode: z.string(),
  majorName: z.string(),
  source: z.string(),
  isExtension: z.boolean(),
  defaultUnitType: z.enum(UNIT_TYPES).nullable(),
  timeLimit: z.number().nullable(),
  clockType: z.enum(CLOCK_TYPES),
  urgency: z.enum(URGENCIES),
  filingConditions: z.string(),
  closingConditions: z.string(),
  requiresAfterPhoto: z.boolean(),
  isPublic: z.boolean().describe('公众上报可选 a citizen may pick it on the public channel'),
  active: z.boolean(),
  updatedAt: timestamp,
});
export type CategoryDto = z.input<typeof categorySchema>;

export const categoryListQuery = z.strictObject({
  kind: z.enum(CATEGORY_KINDS).optional(),
  majorCode: majorCode.optional(),
  q: text(40).optional(),
  active: boolQuery.optional(),
  isPublic: boolQuery.optional(),
});
export const categoryListResponse = z.object({ items: z.array(categorySchema), notice: z.string() });
export const categoryParams = z.strictObject({ kind: z.enum(CATEGORY_KINDS), code: categoryCode });

export const categorySettingsBody = z.strictObject({
  name: text(100, { min: 1 }).optional(),
  defaultUnitType: z.enum(UNIT_TYPES).nullable().optional(),
  timeLimit: limitAmount(99999).nullable().optional(),
  clockType: z.enum(CLOCK_TYPES).optional(),
  urgency: z.enum(URGENCIES).optional(),
  filingConditions: text(2000).optional(),
  closingConditions: text(2000).optional(),
  requiresAfterPhoto: z.boolean().optional(),
  isPublic: z.boolean().optional(),
  active: z.boolean().optional(),
});
export const createCategoryBody = categorySettingsBody.extend({
  kind: z.enum(CATEGORY_KINDS),
  code: z.string().regex(/^(1[1-9]|[2-9]\d)\d{3}$/, '@localCategoryCode'),
  name: text(100, { min: 1 }),
  majorName: text(60, { min: 1 }),
});

export const categoryImportQuery = z.strictObject({
  fileName: fileName('upload.csv'),
  dryRun: boolQuery.default(false).describe('只检查并预览，不导入 check and preview only, import nothing'),
});
export const categoryImportResult = z.object({
  dryRun: z.boolean(),
  imported: z.number(),
  /** The file has settings columns (time_limit, clock_type, …): they replace existing categories' settings. */
  replacesSettings: z.boolean(),
  rows: z.array(z.object({
    kind: z.enum(CATEGORY_KINDS), code: z.string(), name: z.string(), majorName: z.string(),
    timeLimit: z.number().nullable(), clockType: z.enum(CLOCK_TYPES), isNew: z.boolean(),
  })),
});
/** The columns a category CSV may have (the first five required); `GET` a template from the web. */
export const CATEGORY_CSV_COLUMNS = [
  'kind', 'major_code', 'major_name', 'code', 'name', 'time_limit', 'clock_type', 'default_unit_type', 'urgency',
  'requires_after_photo', 'is_public', 'filing_conditions', 'closing_conditions', 'source',
] as const;

export const LEGACY_SCHEMES = ['CJ/T 214-2007', 'GB/T 30428.2-2013'] as const;
export const mappingListQuery = z.strictObject({ scheme: z.enum(LEGACY_SCHEMES).optional() });
export const mappingListResponse = z.object({
  items: z.array(z.object({ scheme: z.string(), legacyKind: z.string(), legacyCode: z.string(), legacyName: z.string(), kind: z.string().nullable(), code: z.string().nullable(), method: z.string() })),
});
export const setMappingBody = z
  .strictObject({
    scheme: z.enum(LEGACY_SCHEMES),
    legacyKind: z.enum(CATEGORY_KINDS),
    legacyCode: z.string().regex(/^\d{4,6}$/, '@legacyCategoryCode'),
    legacyName: text(100, { min: 1 }),
    kind: z.enum(CATEGORY_KINDS).nullable(),
    code: categoryCode.nullable(),
  })
  .refine((b) => (b.kind === null) === (b.code === null), { message: '@kindCodeTogether', path: ['code'] });
