/**
 * The leaders' overview (GET /api/overview) over HTTP on real PostgreSQL: a seeded day around midnight in
 * Shanghai, an overdue case, a closed one, an emergency and a case of another district; who may read it;
 * and every figure's click-through — GET /api/cases with the figure's filters totals the figure.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { figureFilters, OVERVIEW_FIGURES, toApiQuery, type OverviewResponse } from '../src/shared/api/overview.ts';
import { testApp, type TestApp } from './support/app.ts';
import { driver, type CaseJson, type Driver } from './support/driver.ts';
import { CELL, LAT0, SECOND_LNG0, seedCityLeader, seedSecondMiniDistrict } from './support/factories.ts';

let t: TestApp;
let drive: Driver;
let clock = new Date('2026-03-02T09:00:00+08:00'); // a Monday
const at = (iso: string) => (clock = new Date(iso));
const NOW = '2026-03-10T10:00:00+08:00'; // the Tuesday of the next week
const WEST = { lng: 113.7045, lat: 34.7035 }; // grid 410104002001001, street 410104002
const JINSHUI = { lng: SECOND_LNG0 + 0.5 * CELL, lat: LAT0 + 3.5 * CELL };
const c: Record<string, CaseJson> = {};

async function overview(who: string, query = ''): Promise<OverviewResponse> {
  const res = await drive.call(who, { method: 'GET', url: `/api/overview?${query}` });
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
}
async function listTotal(who: string, query: Record<string, string>): Promise<{ total: number; ids: number[] }> {
  const res = await drive.call(who, { method: 'GET', url: `/api/cases?${new URLSearchParams({ ...query, limit: '500' })}` });
  assert.equal(res.statusCode, 200, `${JSON.stringify(query)}: ${res.body}`);
  const body = res.json() as { total: number; totalExact: boolean; items: { id: number }[] };
  assert.equal(body.totalExact, true);
  return { total: body.total, ids: body.items.map((x) => x.id).sort((a, b) => a - b) };
}

before(async () => {
  t = await testApp({}, { now: () => clock });
  await seedSecondMiniDistrict(t.db);
  await seedCityLeader(t.db);
  await t.grids.refresh();
  drive = driver(t);
  // Filed and dispatched a week ago, never accepted: its accept step is long overdue.
  c.old = await drive.caseAt('dispatched');
  at('2026-03-09T23:59:00+08:00');
  c.late = await drive.report('receiver', { source: 'citizen', description: '昨晚23:59的来电' });
  at('2026-03-10T00:01:00+08:00');
  c.early = await drive.report('receiver', { source: 'citizen', description: '今天00:01的来电', ...WEST });
  at('2026-03-10T09:00:00+08:00');
  c.urgent = await drive.report('receiver', { source: 'hotline', categoryCode: '06014', description: '道路遗撒，影响通行', urgency: 'urgent' });
  at('2026-03-10T09:30:00+08:00');
  c.closed = await drive.caseAt('closed');
  at('2026-03-10T09:45:00+08:00');
  c.other = await drive.report('js-receiver', { source: 'citizen', description: '金水区的案件', urgency: 'urgent', ...JINSHUI });
  at(NOW);
});
after(async () => t.close());

/** Cases of `ids` with an open, running step past its deadline now, read from each case's own steps. */
async function overdueAmong(who: string, cases: CaseJson[]): Promise<number> {
  let n = 0;
  for (const x of cases) {
    const d = await drive.get(who, x.id);
    if ((d.steps as { endedAt: string | null; suspended: boolean; dueAt: string }[]).some((s) => s.endedAt === null && !s.suspended && Date.parse(s.dueAt) <= clock.getTime())) n++;
  }
  return n;
}

test("today: the district's and each street's figures count the Shanghai day, only the caller's district", async () => {
  const o = await overview('leader');
  assert.equal(o.period, 'day');
  assert.deepEqual([o.from, o.to, o.today], ['2026-03-10', '2026-03-10', '2026-03-10']);
  assert.deepEqual(o.districts.map((d) => d.code), ['410104']);
  assert.equal(o.district?.code, '410104');
  const overdue = await overdueAmong('leader', [c.old!, c.late!, c.early!, c.urgent!, c.closed!]);
  assert.ok(overdue >= 1, 'the week-old dispatched case is overdue');
  // 23:59 yesterday is not today; 00:01 is. The other district's emergency counts nowhere here.
  assert.deepEqual(o.totals, { reported: 3, filed: 1, closed: 1, overdue, urgentReported: 1, urgentOpen: 1 });
  assert.deepEqual(o.streets.map((s) => [s.code, s.reported, s.filed, s.closed, s.urgentOpen]), [['410104001', 2, 1, 1, 1], ['410104002', 1, 0, 0, 0]]);
  assert.equal(o.streets.reduce((n, s) => n + s.overdue, 0), overdue);
  assert.deepEqual(o.sources, [{ source: 'supervisor', count: 1 }, { source: 'citizen', count: 1 }, { source: 'hotline', count: 1 }]);
});

test('the month: totals and the daily trend from the 1st to today', async () => {
  const o = await overview('leader', 'period=month');
  assert.deepEqual([o.from, o.to], ['2026-03-01', '2026-03-10']);
  assert.equal(o.totals.reported, 5);
  assert.equal(o.totals.filed, 2);
  assert.equal(o.totals.closed, 1);
  assert.equal(o.daily.length, 10);
  const day = (d: string) => o.daily.find((x) => x.day === d);
  assert.deepEqual(day('2026-03-02'), { day: '2026-03-02', reported: 1, filed: 1, closed: 0 });
  assert.deepEqual(day('2026-03-09'), { day: '2026-03-09', reported: 1, filed: 0, closed: 0 });
  assert.deepEqual(day('2026-03-10'), { day: '2026-03-10', reported: 3, filed: 1, closed: 1 });
  assert.equal(o.daily.reduce((n, d) => n + d.reported, 0), o.totals.reported);
});

test('a chosen day: yesterday holds the 23:59 report; a past month runs to its last day', async () => {
  const y = await overview('leader', 'date=2026-03-09');
  assert.deepEqual([y.from, y.to], ['2026-03-09', '2026-03-09']);
  assert.equal(y.totals.reported, 1);
  const feb = await overview('leader', 'period=month&date=2026-02-14');
  assert.deepEqual([feb.from, feb.to, feb.daily.length, feb.totals.reported], ['2026-02-01', '2026-02-28', 28, 0]);
});

test('every figure, for the district and each street, is the total of the case list it links to', async () => {
  const check = async (who: string, o: OverviewResponse) => {
    const district = o.district!.code;
    let checked = 0;
    for (const f of OVERVIEW_FIGURES) {
      assert.equal((await listTotal(who, toApiQuery(figureFilters(f, { districtCode: district, from: o.from, to: o.to })))).total, o.totals[f], `${who} ${o.period} ${district} ${f}`);
      for (const s of o.streets) {
        assert.equal((await listTotal(who, toApiQuery(figureFilters(f, { districtCode: district, streetCode: s.code, from: o.from, to: o.to })))).total, s[f], `${who} ${o.period} ${s.code} ${f}`);
      }
      checked += o.totals[f];
    }
    return checked;
  };
  assert.ok((await check('leader', await overview('leader'))) > 0);
  assert.ok((await check('leader', await overview('leader', 'period=month'))) > 0);
  assert.ok((await check('dispatcher', await overview('dispatcher', 'date=2026-03-09'))) > 0);
  assert.ok((await check('cityleader', await overview('cityleader', 'district=410105'))) > 0);
});

test('the new list filters: filed and closed between days, and the district', async () => {
  assert.deepEqual((await listTotal('leader', { closedFrom: '2026-03-10', closedTo: '2026-03-11' })).ids, [c.closed!.id]);
  assert.deepEqual((await listTotal('leader', { filedFrom: '2026-03-02', filedTo: '2026-03-03' })).ids, [c.old!.id]);
  assert.deepEqual((await listTotal('leader', { filedFrom: '2026-03-03' })).ids, [c.closed!.id]);
  assert.deepEqual((await listTotal('leader', { filedTo: '2026-03-02' })).ids, []);
  assert.deepEqual((await listTotal('cityleader', { districtCode: '410105' })).ids, [c.other!.id]);
  assert.equal((await listTotal('cityleader', { districtCode: '410104' })).total, 5);
  assert.deepEqual((await listTotal('leader', { districtCode: '410105' })).ids, []);
  const bad = await drive.call('leader', { method: 'GET', url: '/api/cases?closedFrom=yesterday' });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().error.fields[0].field, 'query.closedFrom');
});

test('a city leader picks either district; the others of the city are not theirs to name', async () => {
  const city = await overview('cityleader');
  assert.deepEqual(city.districts.map((d) => d.code), ['410104', '410105']);
  assert.equal(city.district?.code, '410104');
  assert.equal(city.totals.reported, 3);
  const js = await overview('cityleader', 'district=410105');
  assert.deepEqual(js.totals, { reported: 1, filed: 0, closed: 0, overdue: js.totals.overdue, urgentReported: 1, urgentOpen: 1 });
  assert.deepEqual(js.streets.map((s) => s.code), ['410105001', '410105002']);
  const other = await drive.call('leader', { method: 'GET', url: '/api/overview?district=410105' });
  assert.equal(other.statusCode, 404);
  assert.equal(other.json().error.code, 'DIVISION_NOT_FOUND');
  // The second district's leader sees its own district only.
  const jsLeader = await overview('js-leader');
  assert.deepEqual([jsLeader.districts.map((d) => d.code), jsLeader.totals.reported], [['410105'], 1]);
});

test('who may read it: leaders and the centre desks; supervisors, units, the admin and the auditor may not', async () => {
  for (const who of ['leader', 'receiver', 'shiftleader', 'dispatcher']) await overview(who);
  for (const who of ['supervisor', 'supervisor2', 'handler', 'officer', 'admin', 'auditor']) {
    const res = await drive.call(who, { method: 'GET', url: '/api/overview' });
    assert.equal(res.statusCode, 403, `${who}: ${res.body}`);
    assert.equal(res.json().error.code, 'FORBIDDEN');
  }
  const { rows } = await t.db.query(`SELECT username FROM security_events WHERE kind = 'permission.denied' AND detail->>'route' = '/api/overview' ORDER BY id`);
  assert.deepEqual(rows.map((r) => r.username).sort(), ['admin', 'auditor', 'handler', 'officer', 'supervisor', 'supervisor2']);
  assert.equal((await drive.call(null, { method: 'GET', url: '/api/overview' })).statusCode, 401);
  const bad = await drive.call('leader', { method: 'GET', url: '/api/overview?period=week&date=2026-02-30' });
  assert.equal(bad.statusCode, 400);
  assert.deepEqual(bad.json().error.fields.map((f: { field: string }) => f.field).sort(), ['query.date', 'query.period']);
});
