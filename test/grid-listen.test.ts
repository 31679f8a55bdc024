/**
 * Grid imports reach the index through the process's LISTEN connection (the live hub), which survives
 * being cut (database restart, pg_terminate_backend): the process does not crash, a new connection
 * listens again, and the index is reloaded for what it missed.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { GRIDS_CHANNEL } from '../src/server/db/channels.ts';
import { createGridIndexHolder, type GridIndexHolder } from '../src/server/modules/geo/grid-index.holder.ts';
import { acquireLiveHub } from '../src/server/modules/notifications/live-hub.ts';
import { testDb, type TestDb } from './support/db.ts';
import { seedMiniDistrict } from './support/factories.ts';

let t: TestDb;
before(async () => {
  t = await testDb();
  await seedMiniDistrict(t.db);
});
after(async () => t.drop());

async function until(what: string, check: () => Promise<boolean> | boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const listeners = async () =>
  (await t.db.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query LIKE $1`, [`%LISTEN ${GRIDS_CHANNEL}%`])).rows.map((r) => r.pid);

test('a terminated LISTEN connection is replaced and the index reloaded; later changes still arrive', async () => {
  const holder: GridIndexHolder = createGridIndexHolder(t.db);
  await holder.refresh();
  let refreshes = 0;
  const refresh = holder.refresh.bind(holder);
  holder.refresh = () => (refreshes++, refresh());
  // As server.ts wires it.
  const live = acquireLiveHub(t.db, { warn() {}, error() {} });
  live.hub.onSignal(GRIDS_CHANNEL, () => void holder.refresh().catch(() => {}));
  await live.hub.ready();
  try {
    const [first] = await listeners();
    assert.ok(first, 'listening');
    await t.db.query(`SELECT pg_terminate_backend($1)`, [first]);
    // Reconnected on a new backend, and reloaded once for the notifications it may have missed.
    await until('a new LISTEN backend', async () => (await listeners()).some((p) => p !== first));
    await until('a reload after reconnecting', () => refreshes >= 1);
    const before = refreshes;
    await t.db.query(`SELECT pg_notify($1, '')`, [GRIDS_CHANNEL]);
    await until('the next notification', () => refreshes > before);
    assert.equal(holder.size() > 0, true);
  } finally {
    await live.release();
  }
  // The client closes at once; its backend leaves pg_stat_activity a moment later.
  await until('the LISTEN backend to end after release', async () => (await listeners()).length === 0, 5_000);
});
