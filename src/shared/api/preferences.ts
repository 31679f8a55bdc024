/**
 * A signed-in person's preferences for the web workspace, kept on the server so they follow the person from
 * one browser to the next: the language, saved filters, the columns of each list and stock phrases for the
 * descriptions a receiver types. One document per user; `GET /api/me/preferences` answers the defaults
 * until the first save. The language is also the one the server answers that person's errors in.
 */
import { z } from 'zod';
import { text } from './fields.ts';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The lists a filter or a column choice belongs to: the case list, the work queue, the map. */
export const PREFERENCE_LISTS = ['cases', 'queue', 'map'] as const;
export type PreferenceList = (typeof PREFERENCE_LISTS)[number];

export const PREFERENCE_LIMITS = { savedFilters: 30, filterName: 40, queryKeys: 30, queryValues: 50, queryValue: 200, columns: 40, stockPhrases: 100, stockPhrase: 200 } as const;

/** A name the web chose: a filter's id, a query parameter, a column key. */
const key = z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]{0,39}$/, '@preferenceKey');

const queryValue = text(PREFERENCE_LIMITS.queryValue);

export const savedFilterSchema = z.strictObject({
  id: key.describe('网页生成的编号（同一用户内唯一） an id the web chose, unique among the user’s filters'),
  name: text(PREFERENCE_LIMITS.filterName, { min: 1 }).describe('名称（1–40 字） its name'),
  list: z.enum(PREFERENCE_LISTS).describe('所属列表 the list it filters'),
  query: z
    .record(key, z.union([queryValue, z.array(queryValue).max(PREFERENCE_LIMITS.queryValues)]))
    .refine((q) => Object.keys(q).length <= PREFERENCE_LIMITS.queryKeys, '@queryKeys')
    .describe('列表的查询参数，与 GET /api/cases 的查询字符串相同（多值为数组） the list’s query parameters as GET /api/cases takes them (several values: an array)'),
});
export type SavedFilter = z.output<typeof savedFilterSchema>;

/** Each item's `id` once. */
const uniqueIds = (items: ReadonlyArray<{ id: string }>, ctx: z.core.$RefinementCtx<ReadonlyArray<{ id: string }>>) => {
  const seen = new Set<string>();
  items.forEach((f, i) => {
    if (seen.has(f.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: '@duplicate' });
    seen.add(f.id);
  });
};

const fields = {
  language: z.enum(LANGUAGES).describe('界面语言，也是服务器回复此用户错误信息所用的语言 the interface language, and the language the server answers this user’s errors in'),
  savedFilters: z.array(savedFilterSchema).max(PREFERENCE_LIMITS.savedFilters).superRefine(uniqueIds).describe('保存的筛选（至多 30 个） saved filters (at most 30)'),
  columns: z
    .partialRecord(z.enum(PREFERENCE_LISTS), z.array(key).max(PREFERENCE_LIMITS.columns))
    .describe('各列表显示的列（按顺序，每个列表至多 40 列） the columns each list shows, in order (at most 40 a list)'),
  stockPhrases: z.array(text(PREFERENCE_LIMITS.stockPhrase, { min: 1 })).max(PREFERENCE_LIMITS.stockPhrases).describe('常用语（每条至多 200 字，至多 100 条） stock phrases (at most 100 of 200 characters each)'),
};

/** The whole document: what `PUT /api/me/preferences` takes and every read answers. */
export const preferencesSchema = z.strictObject(fields);
export type Preferences = z.output<typeof preferencesSchema>;

/** `PATCH /api/me/preferences`: the parts given replace the stored ones whole (a list replaces the list). */
export const preferencesPatchSchema = z.strictObject({
  language: fields.language.optional(),
  savedFilters: fields.savedFilters.optional(),
  columns: fields.columns.optional(),
  stockPhrases: fields.stockPhrases.optional(),
});
export type PreferencesPatch = z.output<typeof preferencesPatchSchema>;

export const DEFAULT_PREFERENCES: Preferences = { language: 'zh-CN', savedFilters: [], columns: {}, stockPhrases: [] };

/**
 * A stored document as it reads now: each part that still passes the schema as stored, the default for any
 * part missing or no longer valid (a stored document never breaks a read after the schema changes).
 */
export function preferencesFrom(stored: unknown): Preferences {
  const doc = stored && typeof stored === 'object' ? (stored as Record<string, unknown>) : {};
  const read = <K extends keyof Preferences>(k: K): Preferences[K] => {
    const r = fields[k].safeParse(doc[k]);
    return r.success ? (r.data as Preferences[K]) : DEFAULT_PREFERENCES[k];
  };
  return { language: read('language'), savedFilters: read('savedFilters'), columns: read('columns'), stockPhrases: read('stockPhrases') };
}

/** The language a stored document names, or null when none was saved (then the caller's Accept-Language decides). */
export function languageOf(stored: unknown): Language | null {
  const v = stored && typeof stored === 'object' ? (stored as Record<string, unknown>).language : undefined;
  return v === 'zh-CN' || v === 'en' ? v : null;
}
