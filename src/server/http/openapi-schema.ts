/**
 * zod → JSON Schema for the OpenAPI document and the response serializer. Fields whose zod form cannot
 * say how they travel carry `wire` metadata (shared/api/fields.ts): a query-string id is text holding a
 * canonical decimal, so the document calls it an integer; a timestamp is a Date in code and an ISO
 * string on the wire. Otherwise this does what fastify-type-provider-zod's own override does
 * (nullable unions for OpenAPI 3.0, dates as date-time strings in responses).
 */
import { createJsonSchemaTransform } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Wire } from '../../shared/api/fields.ts';

type JsonSchema = Record<string, unknown>;
interface OverrideContext {
  zodSchema: unknown;
  jsonSchema: JsonSchema;
}

export function wireOf(schema: unknown): Wire | null {
  const meta = z.globalRegistry.get(schema as z.ZodType) as Partial<Wire> | undefined;
  if (meta && typeof meta.wire === 'string') return meta as Wire;
  return isDateCodec(schema) ? { wire: 'timestamp' } : null;
}

/** A codec from text to a Date (shared/api/fields.ts `timestamp`, or the clone under its metadata): a timestamp on the wire. */
function isDateCodec(schema: unknown): boolean {
  const def = (schema as { _zod?: { def?: { type?: string; reverseTransform?: unknown; out?: { _zod?: { def?: { type?: string } } } } } })._zod?.def;
  return def?.type === 'pipe' && typeof def.reverseTransform === 'function' && def.out?._zod?.def?.type === 'date';
}

/** Rewrites a `wire` node in place; true when it was one. */
export function applyWire(ctx: OverrideContext): boolean {
  const w = wireOf(ctx.zodSchema);
  if (!w) return false;
  const j = ctx.jsonSchema;
  const { description, default: fallback } = j;
  for (const k of Object.keys(j)) delete j[k];
  switch (w.wire) {
    case 'id':
      Object.assign(j, { type: 'integer', minimum: 1, maximum: 999_999_999_999_999, description: description ?? '十进制正整数 canonical decimal' });
      break;
    case 'int':
      Object.assign(j, { type: 'integer', minimum: w.minimum, maximum: w.maximum });
      break;
    case 'number':
      Object.assign(j, { type: 'number', minimum: w.minimum, maximum: w.maximum });
      break;
    case 'list':
      Object.assign(j, { type: 'array', items: { type: 'string', enum: [...w.values] } });
      break;
    case 'timestamp':
      Object.assign(j, { type: 'string', format: 'date-time' });
      break;
  }
  if (description !== undefined && j.description === undefined) j.description = description;
  if (fallback !== undefined) j.default = fallback;
  return true;
}

const typeOf = (s: unknown) => (s as { _zod?: { def?: { type?: string } } })._zod?.def?.type;
const isNullBranch = (s: JsonSchema) => s.nullable === true && Array.isArray(s.enum) && s.enum.length === 1 && s.enum[0] === null;

/** The override for the OpenAPI document (request and response schemas alike: the context does not say which). */
export function openApiOverride() {
  return (ctx: OverrideContext): void => {
    if (applyWire(ctx)) return;
    const type = typeOf(ctx.zodSchema);
    if (type === 'union' && Array.isArray(ctx.jsonSchema.anyOf)) {
      const anyOf = (ctx.jsonSchema.anyOf as JsonSchema[]).filter((s) => Object.keys(s).length > 0);
      const others = anyOf.filter((s) => !isNullBranch(s));
      ctx.jsonSchema.anyOf = anyOf;
      if (others.length < anyOf.length && others.length === 1) {
        delete ctx.jsonSchema.anyOf;
        Object.assign(ctx.jsonSchema, others[0], { nullable: true });
        // OpenAPI 3.0.3: an enum lists every allowed value, null too, or nullable does not admit it.
        if (Array.isArray(ctx.jsonSchema.enum) && !ctx.jsonSchema.enum.includes(null)) ctx.jsonSchema.enum = [...ctx.jsonSchema.enum, null];
      } else if (others.length < anyOf.length && others.length > 1) {
        ctx.jsonSchema.anyOf = others;
        ctx.jsonSchema.nullable = true;
      }
    }
    if (ctx.jsonSchema.nullable === true && Array.isArray(ctx.jsonSchema.enum) && !ctx.jsonSchema.enum.includes(null)) ctx.jsonSchema.enum = [...ctx.jsonSchema.enum, null];
    // Only responses hold dates (requests take timestamps as text, fields.ts) and undefined.
    if (type === 'date') Object.assign(ctx.jsonSchema, { type: 'string', format: 'date-time' });
    if (type === 'undefined') ctx.jsonSchema.type = 'null';
  };
}

const zodTransform = createJsonSchemaTransform({ zodToJsonConfig: { override: openApiOverride() } });

/**
 * @fastify/swagger's transform: zod → JSON Schema with the override above; lists in a query string are
 * comma-separated (`status=a,b`: form style, not exploded; repeating the parameter is accepted too).
 */
export const openApiTransform: typeof zodTransform = (doc) => {
  const out = zodTransform(doc);
  const query = (out.schema as { querystring?: JsonSchema } | undefined)?.querystring;
  if (query && typeof query === 'object' && !('$ref' in query)) Object.assign(query, { style: 'form', explode: false });
  return out;
};
