/** arrayLiteral() round-trips through PostgreSQL's own array parser as node-postgres's arrays do. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { arrayLiteral } from './pg-array.ts';

let client: pg.Client;
before(async () => {
  client = new pg.Client({ connectionString: process.env.GC_TEST_ADMIN_URL });
  await client.connect();
});
after(() => client.end());

const TEXTS = ['', 'plain', '市民来电反映路边有暴露垃圾', 'say "hi"', 'back\\slash', '\\"', 'a,b', '{1,2}', ' padded ', 'NULL', 'null', 'line\nbreak\ttab', '😀 emoji', null, undefined];

test('text elements come back exactly, NULL and the word "NULL" apart', async () => {
  const { rows } = await client.query<{ v: string | null }>('SELECT v FROM unnest($1::text[]) WITH ORDINALITY AS t(v, n) ORDER BY n', [arrayLiteral(TEXTS)]);
  assert.deepEqual(rows.map((r) => r.v), TEXTS.map((t) => t ?? null));
  // The same literal node-postgres sends for the JS array parses to the same values.
  const { rows: theirs } = await client.query<{ v: string | null }>('SELECT v FROM unnest($1::text[]) WITH ORDINALITY AS t(v, n) ORDER BY n', [TEXTS]);
  assert.deepEqual(rows, theirs);
});

test('numbers, booleans, dates and nested literals keep their values', async () => {
  const at = new Date('2026-11-28T03:04:05.678Z');
  const { rows } = await client.query(
    `SELECT $1::bigint[] AS ids, $2::float8[] AS xs, $3::boolean[] AS bs, $4::timestamptz[] AS ts, ($5::text[])[1]::bigint[] AS nested, $6::text[] AS empty`,
    [arrayLiteral([1, 9007199254740991n, null]), arrayLiteral([113.6812345678901, -0.5, 1e-7]), arrayLiteral([true, false, null]),
      arrayLiteral([at, null]), arrayLiteral(['{3,4}']), arrayLiteral([])],
  );
  assert.deepEqual(rows[0].ids, ['1', '9007199254740991', null]);
  assert.deepEqual(rows[0].xs, [113.6812345678901, -0.5, 1e-7]);
  assert.deepEqual(rows[0].bs, [true, false, null]);
  assert.deepEqual(rows[0].ts.map((d: Date | null) => d?.toISOString() ?? null), [at.toISOString(), null]);
  assert.deepEqual(rows[0].nested, ['3', '4']);
  assert.deepEqual(rows[0].empty, []);
});

test('an element it cannot write is refused, not sent as something else', () => {
  assert.throws(() => arrayLiteral([{ a: 1 }]), TypeError);
  assert.throws(() => arrayLiteral([[1, 2]]), TypeError);
});
