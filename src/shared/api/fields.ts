/**
 * The building blocks of the API's schemas: text that PostgreSQL can store, ids in canonical decimal,
 * timestamps as ISO strings on the wire, comma lists in query strings, codes of divisions, grids and
 * categories. Messages starting with '@' are keys of the format catalogue (validation.ts), shown in
 * the caller's language.
 *
 * A few fields travel differently from what zod alone can describe (a query-string id is text that is a
 * number; a timestamp is a Date in code and a string on the wire): their `wire` metadata tells the
 * server's OpenAPI generator and response serializer what they are (src/server/http/openapi-schema.ts).
 */
import { z } from 'zod';
import { isStorableText } from './text.ts';

export type Wire =
  | { wire: 'id' }
  | { wire: 'int'; minimum: number; maximum: number }
  | { wire: 'number'; minimum: number; maximum: number }
  | { wire: 'list'; values: readonly string[] }
  | { wire: 'timestamp' };

const wire = <T extends z.ZodType>(schema: T, w: Wire): T => schema.meta(w as Record<string, unknown>);

/** Free text: trimmed, at most `max` characters, storable (no NUL, no unpaired surrogate). */
export function text(max: number, opts: { min?: number } = {}) {
  const base = z.string().trim();
  return (opts.min ? base.min(opts.min) : base).max(max).refine(isStorableText, '@text');
}

/** Text as given (passwords, tokens, keys): not trimmed, storable. */
export function rawText(max: number, min = 1) {
  return z.string().min(min).max(max).refine(isStorableText, '@text');
}

/** A record id in a path or query: canonical decimal only (`/api/cases/0x10` or `016` is a 400, not case 16). */
export const idParam = wire(z.string().regex(/^[1-9]\d{0,14}$/, '@id').transform(Number), { wire: 'id' });

/** A record id in a JSON body. */
export const idRef = z.number().int().min(1).max(999_999_999_999_999);

/** An integer in a query string, canonical decimal, within bounds. */
export function intQuery(minimum: number, maximum: number) {
  return wire(
    z.string().regex(/^(0|-?[1-9]\d{0,14})$/, '@integer').transform(Number).pipe(z.number().min(minimum).max(maximum)),
    { wire: 'int', minimum, maximum },
  );
}

/** A decimal number in a query string (coordinates), within bounds; no exponent, hex or blank. */
export function numberQuery(minimum: number, maximum: number) {
  return wire(
    z.string().regex(/^-?(0|[1-9]\d{0,14})(\.\d{1,15})?$/, '@number').transform(Number).pipe(z.number().min(minimum).max(maximum)),
    { wire: 'number', minimum, maximum },
  );
}

/** `true` or `false` in a query string. */
export const boolQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

/**
 * A list of values in a query string: `status=a,b` or `status=a&status=b`. An empty value is an empty
 * list. Each item must be one of `values`.
 */
export function listQuery<T extends readonly [string, ...string[]]>(values: T) {
  return wire(
    z
      .union([z.string(), z.array(z.string())])
      .transform((v) => (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).filter(Boolean))
      .pipe(z.array(z.enum(values)).max(values.length * 4)),
    { wire: 'list', values },
  );
}

/** A moment in a response: a Date in code, an ISO 8601 string on the wire. */
export const timestamp = wire(
  z.codec(z.iso.datetime({ offset: true }), z.date(), { decode: (s) => new Date(s), encode: (d) => d.toISOString() }),
  { wire: 'timestamp' },
);

/** A moment in a query: ISO 8601 with an offset, or a date (YYYY-MM-DD, midnight in Asia/Shanghai). */
export const dateTimeQuery = z
  .union([z.iso.date('@date'), z.iso.datetime({ offset: true, message: '@dateTime' })], { error: '@dateTime' })
  .transform((s) => new Date(s.length === 10 ? `${s}T00:00:00+08:00` : s));

/** A calendar day, YYYY-MM-DD (a real one: no 02-30). */
export const day = z.iso.date('@date');

// Codes (GB/T 2260 district 6 digits → street 9 → community 12 → grid 15; category 5 = 2 major + 3 minor).
export const districtCode = z.string().regex(/^\d{6}$/, '@districtCode');
export const streetCode = z.string().regex(/^\d{9}$/, '@streetCode');
export const communityCode = z.string().regex(/^\d{12}$/, '@communityCode');
export const gridCode = z.string().regex(/^\d{15}$/, '@gridCode');
/** Grid codes as a filter also take the older 14-digit CJ/T 213-2005 form. */
export const gridCodeFilter = z.string().regex(/^\d{14,15}$/, '@gridCode');
export const divisionCode = z.string().regex(/^(\d{6}|\d{9}|\d{12})$/, '@divisionCode');
export const scopeCode = z.string().regex(/^(\d{4}|\d{6}|\d{9}|\d{12}|\d{15})$/, '@scopeCode');
export const categoryCode = z.string().regex(/^\d{5}$/, '@categoryCode');
export const majorCode = z.string().regex(/^\d{2}$/, '@majorCode');
/** A photo is named by the SHA-256 of its bytes. */
export const photoId = z.string().regex(/^[0-9a-f]{64}$/, '@photoId');
export const phone = z.string().regex(/^[0-9+-]{5,20}$/, '@phone');
export const username = z.string().min(1).max(40).refine(isStorableText, '@text');
export const code40 = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, '@code40');
export const crs = z.string().regex(/^EPSG:\d{4,5}$/i, '@crs');
export const fileName = (fallback: string) => text(200).default(fallback);

/** A time limit's amount (hours or days): stored to two decimals, so finer is refused rather than rounded. */
export const limitAmount = (max: number) => z.number().min(0.01).max(max).multipleOf(0.01);

/** WGS-84 coordinates in a JSON body. */
export const lng = z.number().min(-180).max(180);
export const lat = z.number().min(-90).max(90);

/** Paging in a query string. */
export const limitQuery = (max: number, fallback: number) => intQuery(1, max).default(fallback);
export const offsetQuery = intQuery(0, 100_000).default(0);

/** A 204's (empty) body. */
export const noContent = z.null().describe('无内容 No content');
