import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runAllBranches } from '../scripts/scenario.ts';
import { testDb } from './support/db.ts';

test('the all-branches scenario passes on this database, with hand-computed deadlines', async () => {
  const t = await testDb();
  try {
    const { transitions } = await runAllBranches(t.db);
    assert.ok(transitions >= 35, `${transitions} transitions`);
  } finally {
    await t.drop();
  }
});
