/**
 * The demo with two districts (`guancheng demo --districts 2`, GUANCHENG_DEMO_DISTRICTS=2): a schematic
 * 金水区 (410105) beside 管城回族区, generated the same way, with its own units, calendars, roster, demo
 * sign-ins (all with work waiting) and history; each district's staff see only their district, the city
 * leader (scope 4101) sees both.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as turf from '@turf/turf';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { JINSHUI } from '../src/server/demo/demo-districts.ts';
import { DEMO_PASSWORD, demoLogins, loadDemo, type DemoSummary } from '../src/server/demo/load-demo.ts';
import { createGridIndexHolder } from '../src/server/modules/geo/grid-index.holder.ts';
import { testDb, type TestDb } from './support/db.ts';

let t: TestDb;
let summary: DemoSummary;
let app: FastifyInstance;
before(async () => {
  t = await testDb();
  summary = await loadDemo(t.db, loadConfig({ NODE_ENV: 'test' }), { districts: 2, days: 2, perDay: 20, now: new Date('2026-05-12T12:00:00+08:00') });
  console.log(`# two-district demo loaded in ${summary.ms} ms: ${JSON.stringify(summary)}`);
  const grids = createGridIndexHolder(t.db);
  await grids.refresh();
  app = await buildApp({ db: t.db, config: loadConfig({ NODE_ENV: 'test' }), grids }, { logger: false });
});
after(async () => {
  await app?.close();
  await t.drop();
});

let ip = 0;
async function get(username: string, url: string) {
  const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD }, remoteAddress: `10.0.3.${++ip}` });
  assert.equal(login.statusCode, 200, `${username}: ${login.body}`);
  const res = await app.inject({ method: 'GET', url, headers: { cookie: `gc_session=${login.cookies.find((c) => c.name === 'gc_session')!.value}` } });
  assert.equal(res.statusCode, 200, `${username} ${url}: ${res.body}`);
  return res.json();
}

test('金水区 (410105) is a second schematic district beside 管城回族区: its own outline, streets, communities and valid grids', async () => {
  assert.equal(summary.districts, 2);
  const { rows: d } = await t.db.query(`SELECT code, name, parent_code, is_schematic, geometry FROM divisions WHERE level = 'district' ORDER BY code`);
  assert.deepEqual(d.map((r) => [r.code, r.name, r.parent_code]), [['410104', '管城回族区', '4101'], ['410105', '金水区', '4101']]);
  assert.equal(d[1].is_schematic, true, 'the made-up outline is marked schematic');
  assert.equal(turf.intersect(turf.featureCollection([turf.feature(d[0].geometry), turf.feature(d[1].geometry)])), null, 'the outlines do not overlap');

  const { rows: zones } = await t.db.query(`
    SELECT level, count(*)::int AS n, bool_and(is_schematic) AS schematic,
           bool_and(CASE level WHEN 'street' THEN code ~ '^410105\\d{3}$' AND parent_code = '410105' ELSE code ~ '^410105\\d{6}$' AND parent_code = left(code, 9) END) AS valid
      FROM divisions WHERE code LIKE '410105%' AND level IN ('street', 'community') GROUP BY level ORDER BY level`);
  assert.deepEqual(zones, [{ level: 'community', n: 42, schematic: true, valid: true }, { level: 'street', n: 8, schematic: true, valid: true }]);
  const { rows: g } = await t.db.query(`
    SELECT count(*)::int AS n, count(DISTINCT community_code)::int AS communities, bool_and(code ~ '^410105\\d{9}$' AND left(code, 12) = community_code) AS valid,
           bool_and(is_schematic) AS schematic,
           bool_and(EXISTS (SELECT 1 FROM grid_assignments a WHERE a.grid_code = g.code AND a.duty = 'supervisor' AND a.valid_to IS NULL)) AS supervised
      FROM grids g WHERE valid_to IS NULL AND code LIKE '410105%'`);
  assert.ok(g[0].n > 3000, `${g[0].n} grids`);
  assert.deepEqual({ ...g[0], n: 0 }, { n: 0, communities: 42, valid: true, schematic: true, supervised: true });
  assert.equal(summary.grids, g[0].n + (await t.db.query(`SELECT count(*)::int AS n FROM grids WHERE code LIKE '410104%'`)).rows[0].n);
});

test('金水区 has its own units, calendars and staff, each inside 410105; the city leader is the only cross-district account', async () => {
  const { rows: units } = await t.db.query(`SELECT count(*)::int AS n, bool_and(area_code LIKE '410105%') AS inside, bool_and(c.district_code = '410105') AS own_calendar
                                              FROM units u JOIN calendars c ON c.id = u.calendar_id WHERE u.district_code = '410105'`);
  assert.deepEqual(units[0], { n: 11 + 2 * 8, inside: true, own_calendar: true });
  const { rows: staff } = await t.db.query(`
    SELECT u.username, array_agg(s.scope_code) AS scopes FROM users u JOIN user_scopes s ON s.user_id = u.id GROUP BY u.username`);
  const jinshui = staff.filter((u) => u.username.startsWith(JINSHUI.prefix));
  assert.ok(jinshui.length > 80, `${jinshui.length} 金水 staff`);
  for (const u of staff) {
    if (u.username === 'cityleader') assert.deepEqual(u.scopes, ['4101']);
    else assert.ok(u.scopes.every((s: string) => s.startsWith(u.username.startsWith(JINSHUI.prefix) ? '410105' : '410104')), `${u.username}: ${u.scopes}`);
  }
  const { rows: cases } = await t.db.query(`SELECT district_code, count(*)::int AS n FROM cases GROUP BY district_code ORDER BY district_code`);
  assert.deepEqual(cases.map((r) => r.district_code), ['410104', '410105']);
  // A case's people are its district's: reporter and every actor of its history.
  const { rows: crossed } = await t.db.query(`
    SELECT c.id, u.username FROM cases c JOIN case_events e ON e.case_id = c.id JOIN users u ON u.id = e.actor_id
     WHERE (c.district_code = '410105') <> (u.username LIKE 'js-%') LIMIT 5`);
  assert.deepEqual(crossed, []);
});

test('every demo sign-in of both districts with a work queue finds work waiting', async () => {
  const sizes: Record<string, number> = {};
  for (const l of demoLogins(2).filter((x) => ['receiver', 'shiftLeader', 'dispatcher', 'supervisor', 'handler', 'officer'].includes(x.role))) {
    const queue = await get(l.username, '/api/cases/queue');
    sizes[l.username] = queue.total;
    assert.ok(queue.items.length > 0, `${l.username}'s queue is empty`);
    const district = l.username.startsWith(JINSHUI.prefix) ? '410105' : '410104';
    assert.ok(queue.items.every((it: { case: { districtCode: string } }) => it.case.districtCode === district), `${l.username} works only ${district}`);
  }
  console.log(`# queues: ${JSON.stringify(sizes)}`);
});

test('each district leader sees their district only; the city leader sees both in lists, search and the map', async () => {
  const { rows: byDistrict } = await t.db.query(`SELECT district_code, count(*)::int AS n FROM cases GROUP BY district_code ORDER BY district_code`);
  const [gc, js] = byDistrict.map((r) => r.n as number);
  const list = async (who: string, q = '') => get(who, `/api/cases?limit=200${q}`);
  assert.equal((await list('leader')).total, gc);
  assert.equal((await list('js-leader')).total, js);
  const city = await list('cityleader');
  assert.equal(city.total, gc! + js!);
  assert.deepEqual([...new Set(city.items.map((c: { districtCode: string }) => c.districtCode))].sort(), ['410104', '410105']);
  // Search: the same words are reported in both districts.
  const search = await list('cityleader', `&q=${encodeURIComponent('垃圾')}`);
  assert.deepEqual([...new Set(search.items.map((c: { districtCode: string }) => c.districtCode))].sort(), ['410104', '410105']);
  const jsSearch = await list('js-leader', `&q=${encodeURIComponent('垃圾')}`);
  assert.ok(jsSearch.total > 0 && jsSearch.items.every((c: { districtCode: string }) => c.districtCode === '410105'));
  // The map over both outlines: the city leader's points are every case, a district leader's their own.
  const bbox = '113.6,34.6,113.9,34.85';
  const cityMap = await get('cityleader', `/api/cases/map?bbox=${bbox}&zoom=18`);
  assert.equal(cityMap.count, gc! + js!);
  assert.equal((await get('js-leader', `/api/cases/map?bbox=${bbox}&zoom=18`)).count, js);
  // Divisions and grids: the city leader's reach both districts.
  const divisions = await get('cityleader', '/api/divisions?level=district');
  assert.deepEqual(divisions.items.map((d: { code: string }) => d.code), ['410104', '410105']);
  assert.deepEqual((await get('js-leader', '/api/divisions?level=district')).items.map((d: { code: string }) => d.code), ['410105']);
});
