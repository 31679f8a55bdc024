import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { DEMO_LOGINS, DEMO_PASSWORD, loadDemo, type DemoSummary } from '../src/server/demo/load-demo.ts';
import { createGridIndexHolder } from '../src/server/modules/geo/grid-index.holder.ts';
import { ROLES } from '../src/shared/roles.ts';
import { loadActor } from '../src/server/modules/auth/auth.service.ts';
import { CASE_SELECT, listStepsOf, type CaseRow } from '../src/server/modules/cases/case.queries.ts';
import { isVisibleTo, visibleToSql } from '../src/server/modules/cases/case.visibility.ts';
import { testDb, type TestDb } from './support/db.ts';

let t: TestDb;
let summary: DemoSummary;
before(async () => {
  t = await testDb();
  summary = await loadDemo(t.db, loadConfig({ NODE_ENV: 'test' }), { days: 2, perDay: 20, now: new Date('2026-05-12T12:00:00+08:00') });
  console.log(`# demo loaded in ${summary.ms} ms: ${JSON.stringify(summary)}`);
});
after(async () => t.drop());

test('the demo district has every street and community of 410104 and thousands of valid grids', async () => {
  assert.deepEqual([summary.streets, summary.communities], [14, 155]);
  assert.ok(summary.grids > 5000, `${summary.grids} grids`);
  const { rows } = await t.db.query(`
    SELECT community_code, count(*)::int AS n, min(code) AS first, max(code) AS last,
           bool_and(code ~ '^\\d{15}$' AND left(code, 12) = community_code) AS valid
      FROM grids WHERE valid_to IS NULL GROUP BY community_code`);
  assert.equal(rows.length, 155, 'every community has grids');
  for (const r of rows) {
    assert.ok(r.valid, r.community_code);
    assert.ok(r.n <= 999);
    assert.equal(r.first, `${r.community_code}001`);
    assert.equal(r.last, `${r.community_code}${String(r.n).padStart(3, '0')}`, 'sequence has no holes');
  }
  const { rows: schematic } = await t.db.query(`SELECT bool_and(is_schematic) AS s FROM divisions WHERE level IN ('street', 'community')`);
  assert.equal(schematic[0].s, true, 'schematic zones are labelled as such');
});

test('every grid has a supervisor, every street an office and a squad, every staff role a demo login', async () => {
  const { rows: orphan } = await t.db.query(`
    SELECT count(*)::int AS n FROM grids g WHERE valid_to IS NULL
       AND NOT EXISTS (SELECT 1 FROM grid_assignments a WHERE a.grid_code = g.code AND a.duty = 'supervisor' AND a.valid_to IS NULL)`);
  assert.equal(orphan[0].n, 0);
  const { rows: streets } = await t.db.query(`
    SELECT d.code, array_agg(u.type ORDER BY u.type) AS types FROM divisions d JOIN units u ON u.area_code = d.code
     WHERE d.level = 'street' GROUP BY d.code`);
  assert.equal(streets.length, 14);
  for (const s of streets) assert.deepEqual(s.types, ['enforcementSquad', 'streetOffice'], s.code);
  const covered = new Set(DEMO_LOGINS.map((l) => l.role));
  for (const r of ROLES) assert.ok(covered.has(r), `demo login for ${r}`);
  const { rows: officers } = await t.db.query(`SELECT count(DISTINCT grid_code)::int AS n FROM grid_assignments WHERE duty = 'officer'`);
  assert.equal(officers[0].n, summary.grids, 'every grid also has an enforcement officer');
});

test('through the API: the demo admin lists the grids and a point in 北下街 resolves to its grid', async () => {
  const grids = createGridIndexHolder(t.db);
  await grids.refresh();
  const app = await buildApp({ db: t.db, config: loadConfig({ NODE_ENV: 'test' }), grids }, { logger: false });
  try {
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: DEMO_PASSWORD } });
    assert.equal(login.statusCode, 200);
    const cookie = `gc_session=${login.cookies.find((c) => c.name === 'gc_session')!.value}`;
    const list = await app.inject({ method: 'GET', url: '/api/grids?limit=5000', headers: { cookie } });
    assert.equal(list.json().total, summary.grids);
    assert.equal(list.json().items.length, 5000);
    // 北下街街道's approximate centre (shared/geo/street_anchors_410104.approx.wgs84.json).
    const hit = await app.inject({ method: 'GET', url: '/api/locate?lng=113.6659&lat=34.75411', headers: { cookie } });
    assert.equal(hit.statusCode, 200);
    assert.equal(hit.json().street.name, '北下街街道');
    assert.match(hit.json().grid.code, /^410104001\d{6}$/);
    for (const l of DEMO_LOGINS) {
      const r = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: l.username, password: DEMO_PASSWORD }, remoteAddress: `10.0.1.${DEMO_LOGINS.indexOf(l) + 1}` });
      assert.equal(r.statusCode, 200, l.username);
      assert.deepEqual(r.json().user.roles, [l.role]);
    }
  } finally {
    await app.close();
  }
});

test('every demo sign-in with a work queue finds work waiting in it (GET /api/cases/queue)', async () => {
  const grids = createGridIndexHolder(t.db);
  await grids.refresh();
  const app = await buildApp({ db: t.db, config: loadConfig({ NODE_ENV: 'test' }), grids }, { logger: false });
  try {
    const sizes: Record<string, number> = {};
    for (const [i, username] of ['receiver', 'shiftleader', 'dispatcher', 'supervisor', 'handler', 'officer'].entries()) {
      const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD }, remoteAddress: `10.0.2.${i + 1}` });
      assert.equal(login.statusCode, 200, login.body);
      const cookie = `gc_session=${login.cookies.find((c) => c.name === 'gc_session')!.value}`;
      const queue = await app.inject({ method: 'GET', url: '/api/cases/queue', headers: { cookie } });
      assert.equal(queue.statusCode, 200, queue.body);
      sizes[username] = queue.json().total;
      assert.ok(queue.json().items.length > 0, `${username}'s queue is empty`);
    }
    console.log(`# demo queues: ${JSON.stringify(sizes)}`);
  } finally {
    await app.close();
  }
});

test('isVisibleTo (a case in hand) agrees with visibleToSql (the lists) for every staff member of the demo', async () => {
  const cfg = loadConfig({ NODE_ENV: 'test' });
  const { rows: all } = await t.db.query(`${CASE_SELECT}`);
  const cases = all as CaseRow[];
  const steps = await listStepsOf(t.db, cases.map((c) => c.id));
  const { rows: staff } = await t.db.query<{ id: number }>(
    `SELECT id FROM users u WHERE EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id) ORDER BY id`,
  );
  let compared = 0;
  let seenSomething = 0;
  for (const { id } of staff) {
    const actor = (await loadActor(t.db, id, cfg, 'session'))!;
    const args: unknown[] = [];
    const { rows } = await t.db.query<{ id: number }>(`SELECT c.id FROM cases c WHERE ${visibleToSql(actor, args)}`, args);
    const bySql = new Set(rows.map((r) => r.id));
    for (const c of cases) {
      assert.equal(isVisibleTo(actor, c, steps.get(c.id) ?? []), bySql.has(c.id), `user ${actor.username} (${actor.roles}) case ${c.id}`);
      compared++;
    }
    if (bySql.size) seenSomething++;
  }
  assert.ok(compared > 10_000 && seenSomething > 50, `${compared} pairs, ${seenSomething} users seeing cases`);
});
