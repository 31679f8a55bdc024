import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { generateOpenApi, OPENAPI_FILE } from '../scripts/openapi.ts';

test('the committed OpenAPI document matches the routes (run `npm run openapi` after changing an API)', async () => {
  const generated = await generateOpenApi();
  const committed = fs.readFileSync(OPENAPI_FILE, 'utf8');
  assert.ok(generated === committed, 'docs/openapi.json is out of date: run `npm run openapi` and commit it');
  const doc = JSON.parse(generated);
  assert.equal(doc.openapi, '3.0.3');
  assert.ok(Object.keys(doc.paths).length >= 30);
});
