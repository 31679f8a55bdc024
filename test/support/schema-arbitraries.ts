/**
 * fast-check arbitraries from the OpenAPI document's JSON Schemas: values a schema accepts (to look for a
 * 5xx behind valid-looking input) and values it refuses (each must be a 400/422 naming the field).
 * Text PostgreSQL cannot store (NUL, unpaired surrogates) is always bad, whatever the schema says.
 */
import { Ajv } from 'ajv';
import formatsModule from 'ajv-formats';
import fc from 'fast-check';
import { isStorableText } from '../../src/shared/api/text.ts';

export type Schema = {
  type?: string;
  enum?: unknown[];
  nullable?: boolean;
  anyOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  pattern?: string;
  format?: string;
  additionalProperties?: boolean | Schema;
  [k: string]: unknown;
};

// CommonJS with a default export: under Node's ESM interop the plugin sits on `.default`.
const addFormats = formatsModule.default;
const ajv = new Ajv({ strict: false, allErrors: false });
addFormats(ajv);
const compiled = new WeakMap<Schema, (v: unknown) => boolean>();
export function accepts(schema: Schema, value: unknown): boolean {
  let check = compiled.get(schema);
  if (!check) compiled.set(schema, (check = ajv.compile(toDraft7(schema) as object) as (v: unknown) => boolean));
  return check(value);
}

/** OpenAPI 3.0's schema dialect → JSON Schema draft 7 for Ajv: exclusive bounds are flags beside minimum/maximum there. */
function toDraft7(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toDraft7);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = k === 'enum' || k === 'default' || k === 'example' ? v : toDraft7(v);
  if (out.exclusiveMinimum === true) [out.exclusiveMinimum, out.minimum] = [out.minimum, undefined];
  if (out.exclusiveMaximum === true) [out.exclusiveMaximum, out.maximum] = [out.maximum, undefined];
  if (out.exclusiveMinimum === false) delete out.exclusiveMinimum;
  if (out.exclusiveMaximum === false) delete out.exclusiveMaximum;
  for (const k of ['minimum', 'maximum']) if (out[k] === undefined) delete out[k];
  return out;
}

export const UNSTORABLE = ['a\u0000b', '\u0000', 'x\ud800', '\udfffy', '前\ud83d后'];

export function hasUnstorable(v: unknown): boolean {
  if (typeof v === 'string') return !isStorableText(v);
  if (Array.isArray(v)) return v.some(hasUnstorable);
  if (v && typeof v === 'object') return Object.entries(v).some(([k, x]) => !isStorableText(k) || hasUnstorable(x));
  return false;
}

const iso = (d: Date) => d.toISOString();
const day = (d: Date) => d.toISOString().slice(0, 10);
const DATES = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true });

/** Values `schema` accepts (kept small: short strings and lists). */
export function validValue(schema: Schema): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.anyOf) return fc.oneof(...schema.anyOf.map(validValue));
  const core = validCore(schema);
  return schema.nullable ? fc.oneof(fc.constant(null), core) : core;
}

function validCore(s: Schema): fc.Arbitrary<unknown> {
  switch (s.type) {
    case 'string': {
      if (s.format === 'date-time') return DATES.map(iso);
      if (s.format === 'date') return DATES.map(day);
      if (s.pattern) return fc.stringMatching(new RegExp(s.pattern)).filter((x) => accepts(s, x) && isStorableText(x));
      return fc.string({ unit: 'grapheme', minLength: Math.max(s.minLength ?? 0, s.minLength ? 1 : 0), maxLength: Math.min(s.maxLength ?? 40, 40) })
        .filter((x) => accepts(s, x) && x.trim().length >= (s.minLength ?? 0));
    }
    case 'integer':
      return fc.integer({ min: Math.max(s.minimum ?? -1000, -1e9), max: Math.min(s.maximum ?? 100_000, 1e9) });
    case 'number':
      return fc.double({ min: s.minimum ?? -1e6, max: s.maximum ?? 1e6, noNaN: true, noDefaultInfinity: true }).filter((x) => accepts(s, x));
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(s.items ? validValue(s.items) : fc.jsonValue(), { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 3, 3) });
    case 'object': {
      const props = s.properties ?? {};
      const required = new Set(s.required ?? []);
      return fc.record(Object.fromEntries(Object.entries(props).map(([k, v]) => [k, validValue(v)])), { requiredKeys: Object.keys(props).filter((k) => required.has(k)) });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** JSON values `schema` refuses (or that hold unstorable text). */
export function badValue(schema: Schema): fc.Arbitrary<unknown> {
  const candidates: fc.Arbitrary<unknown>[] = [
    fc.constantFrom(...UNSTORABLE),
    fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.string({ maxLength: 8 }), fc.array(fc.integer(), { maxLength: 2 }), fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 2 })),
  ];
  if (schema.type === 'string') {
    if (schema.maxLength !== undefined) candidates.push(fc.constant('字'.repeat(schema.maxLength + 1)));
    if (schema.pattern || schema.format) candidates.push(fc.string({ maxLength: 20 }), fc.constantFrom('0x10', '1e3', ' 1', '2026-02-30', '2026-02-30T00:00:00Z', 'yesterday'));
    if (schema.enum) candidates.push(fc.constantFrom('notAValue', 'OTHER', ''));
  }
  if (schema.type === 'integer' || schema.type === 'number') {
    if (schema.minimum !== undefined) candidates.push(fc.constant(schema.minimum - 1));
    if (schema.maximum !== undefined) candidates.push(fc.constant(schema.maximum + 1));
    if (schema.type === 'integer') candidates.push(fc.constant(1.5));
  }
  if (schema.type === 'array' && schema.items) {
    const item = validValue(schema.items);
    if (schema.maxItems !== undefined) candidates.push(fc.array(item, { minLength: schema.maxItems + 1, maxLength: schema.maxItems + 1 }));
    candidates.push(badValue(schema.items).map((x) => [x]));
  }
  if (schema.type === 'object') candidates.push(fc.constant({ zzNotAField: 1 }));
  return fc.oneof(...candidates).filter((v) => hasUnstorable(v) || !accepts(schema, v));
}

/**
 * Query-string and path values (text on the wire) the parameter's schema refuses: for a number, text that is
 * not its canonical decimal; for a list, an unknown item; for a code, text off its pattern.
 */
export function badParam(schema: Schema): fc.Arbitrary<string> {
  const candidates: fc.Arbitrary<string>[] = [fc.constantFrom(...UNSTORABLE)];
  const s = schema;
  if (s.type === 'integer' || s.type === 'number') {
    candidates.push(fc.constantFrom('abc', '0x10', '1e3', ' 7', '7 ', '+7', '', 'NaN', 'Infinity', '1,2'));
    if (s.type === 'integer') candidates.push(fc.constantFrom('1.5', '007'));
    if (s.minimum !== undefined) candidates.push(fc.constant(String(s.minimum - 1)));
    if (s.maximum !== undefined) candidates.push(fc.constant(String(s.maximum + 1)));
  } else if (s.type === 'array' && s.items?.enum) {
    candidates.push(fc.constantFrom('notAValue', `${String(s.items.enum[0])},bogus`));
  } else if (s.enum) {
    candidates.push(fc.constantFrom('notAValue', 'TRUE', '1'));
  } else if (s.type === 'string') {
    if (s.pattern || s.format) candidates.push(fc.string({ maxLength: 12 }).filter((x) => !accepts(s, x)), fc.constantFrom('2026-02-30', 'yesterday', '../etc'));
    if (s.maxLength !== undefined) candidates.push(fc.constant('字'.repeat(s.maxLength + 1)));
  } else if (s.anyOf) {
    candidates.push(fc.constantFrom('yesterday', '2026-13-01', '2026-02-30T00:00:00Z'));
  }
  return fc.oneof(...candidates).filter((v) => hasUnstorable(v) || paramRefused(s, v));
}

/** Whether text for a parameter fails its schema, reading the text as the server does (numbers in canonical decimal). */
function paramRefused(s: Schema, v: string): boolean {
  if (s.type === 'integer') return !/^(0|-?[1-9]\d*)$/.test(v) || !accepts(s, Number(v));
  if (s.type === 'number') return !/^-?(0|[1-9]\d*)(\.\d+)?$/.test(v) || !accepts(s, Number(v));
  if (s.type === 'array') return !accepts(s, v.split(',').filter(Boolean));
  return !accepts(s, v);
}

/** Text for a parameter that its schema accepts. */
export function validParam(schema: Schema): fc.Arbitrary<string> {
  if (schema.type === 'array') return fc.array(validValue(schema.items ?? {}), { minLength: 1, maxLength: 2 }).map((xs) => xs.join(','));
  return validValue(schema).map((v) => String(v));
}
