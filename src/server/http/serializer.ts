/**
 * Response serialization. Each route's zod response schema becomes a JSON Schema and then a
 * fast-json-stringify function: only the declared properties are written, as zod's encode writes only
 * them, without first copying the whole response through zod and then through JSON.stringify (a tenth of
 * the app's CPU under bench:intake: docs/decisions/0003-batch-statements.md).
 *
 * Under test every response is also encoded by zod (fastify-type-provider-zod's serializer) and the two
 * must hold the same JSON (optional properties may come later in the fast text), so the test suite
 * proves, route by route, that the fast path writes what zod would, and a response that does not match
 * its schema still fails there. A schema whose JSON form fast-json-stringify could write differently
 * (a transform, a default, a union other than "or null", anything JSON Schema cannot say) keeps zod's serializer.
 */
import { isDeepStrictEqual } from 'node:util';
import fastJson from 'fast-json-stringify';
import { serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { applyWire, wireOf } from './openapi-schema.ts';

type JsonSchema = Record<string, unknown>;
type CompilerInput = Parameters<typeof zodSerializerCompiler>[0];

/**
 * Zod types whose JSON Schema is exact for what fast-json-stringify writes. Not `default`: fast-json-stringify
 * would write the default for a missing value, which zod's encode need not.
 */
const PLAIN = new Set(['string', 'number', 'int', 'boolean', 'null', 'date', 'enum', 'literal', 'object', 'array', 'record', 'nullable', 'optional', 'unknown', 'any', 'readonly']);

/** The fast-json-stringify schema for a zod response schema, or null where it could differ from zod. */
export function fastSchemaOf(schema: z.ZodType): JsonSchema | null {
  let plain = true;
  const json = z.toJSONSchema(schema, {
    target: 'draft-7',
    io: 'output',
    unrepresentable: 'any',
    cycles: 'ref',
    override: (ctx) => {
      // A timestamp (shared/api/fields.ts) is a Date written as its ISO string: fast-json-stringify does that for date-time.
      if (wireOf(ctx.zodSchema)?.wire === 'timestamp') {
        applyWire(ctx as { zodSchema: unknown; jsonSchema: JsonSchema });
        return;
      }
      const type = (ctx.zodSchema as unknown as { _zod: { def: { type: string } } })._zod.def.type;
      if (!PLAIN.has(type)) plain = false;
      // z.date() encodes to the Date itself, which JSON.stringify writes as toISOString(); so does fast-json-stringify here.
      if (type === 'date') Object.assign(ctx.jsonSchema, { type: 'string', format: 'date-time' });
    },
  }) as JsonSchema;
  if (!plain) return null;
  const simplified = simplify(json);
  return simplified && typeof simplified === 'object' ? (simplified as JsonSchema) : null;
}

/**
 * `anyOf: [X, {type: 'null'}]` (zod's nullable where X carries a format) → X with `type: [X.type, 'null']`,
 * which fast-json-stringify writes directly; any other union makes the schema not plain (null).
 */
function simplify(node: unknown): unknown {
  if (Array.isArray(node)) {
    const out = node.map(simplify);
    return out.includes(null) ? null : out;
  }
  if (!node || typeof node !== 'object') return node;
  const src = node as JsonSchema;
  if ('oneOf' in src || 'allOf' in src || 'not' in src || 'if' in src) return null;
  if (Array.isArray(src.anyOf)) {
    const branches = src.anyOf as JsonSchema[];
    const other = branches.filter((b) => b.type !== 'null');
    if (branches.length !== 2 || other.length !== 1 || typeof other[0]!.type !== 'string' || 'anyOf' in other[0]!) return null;
    const { anyOf: _anyOf, ...rest } = src;
    const merged = simplify({ ...rest, ...other[0], type: [other[0]!.type, 'null'] }) as JsonSchema | null;
    if (merged && Array.isArray(merged.enum)) merged.enum = [...merged.enum, null];
    return merged;
  }
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(src)) {
    // Keywords whose values are data, not schemas: kept as they are.
    if (k === 'enum' || k === 'const' || k === 'required' || k === 'default' || k === 'examples') out[k] = v;
    else {
      const s = simplify(v);
      if (s === null && v !== null) return null;
      out[k] = s;
    }
  }
  return out;
}

/**
 * Fastify's serializer compiler. `checked` (the test suite): each response also goes through
 * zod's serializer and must come out identical.
 */
export function createSerializerCompiler(opts: { checked: boolean; slow?: string[] }) {
  return (input: CompilerInput): ((data: unknown) => string) => {
    const viaZod = zodSerializerCompiler(input);
    const zodSchema = input.schema instanceof z.ZodType ? input.schema : (input.schema as { properties?: unknown }).properties;
    const schema = zodSchema instanceof z.ZodType ? fastSchemaOf(zodSchema) : null;
    if (!schema) {
      // Which responses zod writes itself: a test holds the list to the few that must (a union).
      opts.slow?.push(`${input.method} ${input.url} ${input.httpStatus}`);
      return viaZod;
    }
    const fast = fastJson(schema as unknown as Parameters<typeof fastJson>[0]) as (data: unknown) => string;
    if (!opts.checked) return fast;
    return (data) => {
      const expected = viaZod(data);
      const written = fast(data);
      if (written !== expected && !isDeepStrictEqual(JSON.parse(written), JSON.parse(expected))) {
        throw new Error(`fast serializer differs from zod for ${input.method} ${input.url}:\n  zod:  ${expected.slice(0, 2000)}\n  fast: ${written.slice(0, 2000)}`);
      }
      return written;
    };
  };
}
