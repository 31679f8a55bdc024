/** The fast response serializer writes what zod's would, keeps undeclared fields out, and knows its limits. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { createSerializerCompiler, fastSchemaOf } from './serializer.ts';

const schema = z.object({
  id: z.number(),
  name: z.string(),
  note: z.string().nullable(),
  at: z.date(),
  dueAt: z.date().nullable(),
  colour: z.enum(['green', 'red']).nullable(),
  thumbId: z.string().optional(),
  tags: z.array(z.object({ k: z.string(), v: z.number() })),
  payload: z.record(z.string(), z.unknown()),
});
const compile = (checked: boolean, s: z.ZodType = schema) => createSerializerCompiler({ checked })({ schema: s, method: 'GET', url: '/x', httpStatus: '200' } as never);
const row = {
  id: 7, name: '东大街 "quoted" \\ back', note: null, at: new Date('2026-11-28T03:04:05.678Z'), dueAt: null, colour: 'red', thumbId: 'abc',
  tags: [{ k: '垃圾', v: 1.5, secret: 'x' }], payload: { nested: { a: [1, null] } }, password: 'never written',
};

test('the fast text holds the same JSON as zod writes, without undeclared fields', () => {
  const fast = compile(false)(row);
  const viaZod = JSON.parse(compile(true)(row));
  assert.deepEqual(JSON.parse(fast), viaZod);
  assert.equal(JSON.parse(fast).at, '2026-11-28T03:04:05.678Z');
  assert.ok(!fast.includes('never written') && !fast.includes('secret'));
  assert.deepEqual(JSON.parse(compile(false)({ ...row, thumbId: undefined, dueAt: row.at, note: '备注' })).dueAt, '2026-11-28T03:04:05.678Z');
});

test('under test a response that breaks its schema still fails', () => {
  assert.throws(() => compile(true)({ ...row, colour: 'blue' }));
  assert.throws(() => compile(true)({ ...row, id: 'seven' }));
});

test('schemas it could write differently keep zod', () => {
  assert.ok(fastSchemaOf(schema));
  assert.equal(fastSchemaOf(z.object({ a: z.union([z.string(), z.number()]) })), null);
  assert.equal(fastSchemaOf(z.object({ a: z.string().transform((s) => s.length) })), null);
  assert.equal(fastSchemaOf(z.object({ a: z.enum(['x', 'y']).default('x') })), null);
  assert.equal(fastSchemaOf(z.discriminatedUnion('t', [z.object({ t: z.literal('a') }), z.object({ t: z.literal('b'), n: z.number() })])), null);
  // …and still serialize, through zod.
  assert.equal(compile(false, z.object({ a: z.union([z.string(), z.number()]) }))({ a: 1, b: 2 }), '{"a":1}');
});

test('every route’s responses are written by the compiled serializer, timestamps included; only the map’s union, the places’ tuples and the preferences’ keyed records are not', async () => {
  const { testApp } = await import('../../../test/support/app.ts');
  const t = await testApp();
  try {
    await t.app.ready();
    const slow = t.app.slowResponses.filter((r) => /\s2\d\d$/.test(r));
    // Small, rarely read answers whose shapes fast-json-stringify cannot say (tuples, records keyed by a pattern).
    assert.deepEqual([...new Set(slow.map((r) => r.replace(/^HEAD /, 'GET ')))].sort(), ['GET /api/cases/map 200', 'GET /api/me/preferences 200', 'GET /api/places 200', 'PATCH /api/me/preferences 200', 'PUT /api/me/preferences 200']);
  } finally {
    await t.close();
  }
});
