/**
 * Case lists, text search, work queues and the map over HTTP on real PostgreSQL: Chinese two-character
 * words through the bigram index, every list filter, who gets which task, points vs clusters.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { call, testApp, type Session, type TestApp } from './support/app.ts';
import { driver, type Driver } from './support/driver.ts';
import { searchColumns } from '../src/server/modules/cases/search/search-text.ts';

let t: TestApp;
let drive: Driver;
let clock = new Date('2026-03-02T09:00:00+08:00'); // a Monday
const at = (iso: string) => (clock = new Date(iso));
const s: Record<string, Session> = {};
// Reports default to the driver's POINT: grid 410104001001001 (street 001, supervisor's).
const WEST = { lng: 113.7045, lat: 34.7035 }; // grid 410104002001001 (street 002, supervisor2's)
const ids: Record<string, number> = {};

async function list(who: string, query: string) {
  const res = await call(t.app, s[who]!, { method: 'GET', url: `/api/cases?${query}` });
  assert.equal(res.statusCode, 200, res.body);
  return res.json() as { items: Array<{ id: number; status: string; allowedActions: string[] }>; total: number; totalExact: boolean };
}
const idsOf = async (who: string, query: string) => (await list(who, query)).items.map((c) => c.id).sort((a, b) => a - b);
const sorted = (...xs: number[]) => xs.sort((a, b) => a - b);

before(async () => {
  t = await testApp({}, { now: () => clock });
  drive = driver(t);
  for (const u of ['receiver', 'shiftleader', 'dispatcher', 'supervisor', 'supervisor2', 'handler', 'officer', 'leader']) s[u] = await drive.session(u);
  ids.garbage = (await drive.report('receiver', { description: '路边有暴露垃圾，气味难闻', address: '北下街 12 号' })).id;
  at('2026-03-02T09:05:00+08:00');
  ids.stall = (await drive.report('receiver', { categoryCode: '09006', description: '占道经营，影响通行', address: 'A区3号', source: 'hotline', ...WEST })).id;
  at('2026-03-02T09:10:00+08:00');
  // 垃 and 圾 both occur, but never side by side; 占道 and 经营 too, but not 占道经营.
  ids.apart = (await drive.report('receiver', { categoryCode: '09006', description: '道口经营部门前有人垃，', address: '圾山路 占道口', urgency: 'urgent' })).id;
  at('2026-03-02T09:15:00+08:00');
  ids.fullwidth = (await drive.report('supervisor', { source: 'supervisor', description: '井盖缺失（Ａ区３号楼）', address: '' })).id;
});
after(async () => t.close());

test('a two-character Chinese word matches only where its characters stand together', async () => {
  assert.deepEqual(await idsOf('receiver', `q=${encodeURIComponent('垃圾')}`), [ids.garbage]);
  assert.deepEqual(await idsOf('receiver', `q=${encodeURIComponent('暴露垃圾')}`), [ids.garbage]);
  assert.deepEqual(await idsOf('receiver', `q=${encodeURIComponent('占道经营')}`), [ids.stall]);
  assert.deepEqual(await idsOf('receiver', `q=${encodeURIComponent('占道')}`), sorted(ids.stall!, ids.apart!));
  // One character: the scan fallback finds it anywhere, in the description or the address.
  assert.deepEqual(await idsOf('receiver', `q=${encodeURIComponent('垃')}`), sorted(ids.garbage!, ids.apart!));
  assert.deepEqual(await idsOf('receiver', `q=${encodeURIComponent('圾')}`), sorted(ids.garbage!, ids.apart!));
});

test('mixed letters and digits fold width and case; several words must all match', async () => {
  assert.deepEqual(await idsOf('receiver', `q=${encodeURIComponent('A区3号')}`), sorted(ids.stall!, ids.fullwidth!));
  assert.deepEqual(await idsOf('receiver', `q=${encodeURIComponent('ａ区３号')}`), sorted(ids.stall!, ids.fullwidth!));
  assert.deepEqual(await idsOf('receiver', `q=${encodeURIComponent('3号 井盖')}`), [ids.fullwidth]);
  assert.deepEqual(await idsOf('receiver', `q=${encodeURIComponent('12号')}`), []); // "12 号" in the address is two words
  assert.deepEqual(await idsOf('receiver', `q=${encodeURIComponent('北下街 12')}`), [ids.garbage]);
  assert.deepEqual(await idsOf('receiver', `q=${encodeURIComponent('，。')}`), []);
});

test('text search respects visibility: a supervisor finds only what their grids hold', async () => {
  assert.deepEqual(await idsOf('supervisor2', `q=${encodeURIComponent('占道')}`), [ids.stall]);
  assert.deepEqual(await idsOf('handler', `q=${encodeURIComponent('垃圾')}`), []);
});

test('list filters narrow by place, category, source, urgency, status, time; totals count what matches', async () => {
  const all = await list('receiver', '');
  assert.equal(all.total, 4);
  assert.equal(all.totalExact, true);
  assert.deepEqual(all.items.map((c) => c.id), [ids.fullwidth, ids.apart, ids.stall, ids.garbage]); // newest first
  assert.deepEqual(await idsOf('receiver', 'streetCode=410104002'), [ids.stall]);
  assert.deepEqual(await idsOf('receiver', 'communityCode=410104001001'), sorted(ids.garbage!, ids.apart!, ids.fullwidth!));
  assert.deepEqual(await idsOf('receiver', 'gridCode=410104002001001'), [ids.stall]);
  assert.deepEqual(await idsOf('receiver', 'categoryKind=event&categoryCode=09006'), sorted(ids.stall!, ids.apart!));
  assert.deepEqual(await idsOf('receiver', 'source=hotline,supervisor'), sorted(ids.stall!, ids.fullwidth!));
  assert.deepEqual(await idsOf('receiver', 'urgency=urgent'), [ids.apart]);
  assert.deepEqual(await idsOf('receiver', 'status=pendingFiling'), [ids.fullwidth]);
  assert.deepEqual(await idsOf('receiver', 'step=file'), [ids.fullwidth]);
  assert.deepEqual(await idsOf('receiver', 'step=sendToVerify&streetCode=410104001'), sorted(ids.garbage!, ids.apart!));
  assert.deepEqual(await idsOf('receiver', `reportedFrom=${encodeURIComponent('2026-03-02T09:05:00+08:00')}&reportedTo=${encodeURIComponent('2026-03-02T09:15:00+08:00')}`), sorted(ids.stall!, ids.apart!));
  const page = await list('receiver', 'limit=2&offset=1');
  assert.deepEqual(page.items.map((c) => c.id), [ids.apart, ids.stall]);
  assert.equal(page.total, 4);
  assert.deepEqual(page.items[0]!.allowedActions, ['sendToVerify', 'proposeVoid', 'setUrgency', 'merge']);
  assert.equal((await call(t.app, s.receiver!, { method: 'GET', url: '/api/cases?colour=purple' })).statusCode, 400);
  assert.deepEqual(await idsOf('supervisor2', ''), [ids.stall]);
});

test('the queue gives each role its own running steps, urgent first, with colours on the right calendar', async () => {
  at('2026-03-02T09:20:00+08:00');
  type Q = { items: Array<{ case: { id: number; allowedActions: string[] }; step: { step: string }; colour: string | null }>; total: number };
  const queue = async (who: string, query = '') => {
    const res = await call(t.app, s[who]!, { method: 'GET', url: `/api/cases/queue${query}` });
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as Q;
  };
  let r = await queue('receiver');
  // The urgent report jumps the queue; then by deadline (sendToVerify: 0.5 working hour on the centre calendar).
  assert.deepEqual(r.items.map((i) => i.case.id), [ids.apart, ids.garbage, ids.stall]);
  assert.deepEqual(r.items.map((i) => i.step.step), ['sendToVerify', 'sendToVerify', 'sendToVerify']);
  assert.ok(r.items[0]!.case.allowedActions.includes('sendToVerify'));
  // Reported 09:00 with 30 minutes: at 09:20, 2/3 used → yellow; 09:05 → 15/30 → yellow; urgent from 09:10 runs continuously.
  assert.deepEqual(r.items.map((i) => i.colour), ['green', 'yellow', 'yellow']);
  assert.deepEqual((await queue('shiftleader')).items.map((i) => i.case.id), [ids.fullwidth]);
  assert.equal((await queue('dispatcher')).total, 0);
  assert.equal((await queue('leader')).total, 0);

  await drive.act('receiver', ids.garbage!, 'sendToVerify');
  r = await queue('supervisor');
  assert.deepEqual(r.items.map((i) => [i.case.id, i.step.step]), [[ids.garbage, 'verify']]);
  assert.equal((await queue('supervisor2')).total, 0);
  assert.equal((await queue('receiver', '?step=sendToVerify')).total, 2);
  assert.equal((await queue('receiver', '?step=verify')).total, 0);

  await drive.act('shiftleader', ids.fullwidth!, 'file');
  assert.deepEqual((await queue('dispatcher')).items.map((i) => [i.case.id, i.step.step]), [[ids.fullwidth, 'dispatch']]);
  await drive.act('dispatcher', ids.fullwidth!, 'dispatch', { leadUnitId: t.district.unitIds.streetOffice, coUnitIds: [t.district.unitIds.sanitation] });
  r = await queue('handler');
  assert.deepEqual(r.items.map((i) => i.step.step).sort(), ['accept', 'handle']);
  assert.equal((await queue('officer')).total, 0); // the squad was not given the case
  // The unit filter finds lead and co-handling units.
  assert.deepEqual(await idsOf('dispatcher', `unit=${t.district.unitIds.sanitation}`), [ids.fullwidth]);
  assert.deepEqual(await idsOf('dispatcher', `unit=${t.district.unitIds.streetOffice}`), [ids.fullwidth]);
  assert.deepEqual(await idsOf('handler', ''), [ids.fullwidth]);
});

test('colour and overdue filters follow the open step against the clock', async () => {
  at('2026-03-02T09:36:00+08:00'); // the two remaining sendToVerify steps: 09:05→09:35 and (urgent, continuous) 09:10→09:40
  assert.deepEqual(await idsOf('receiver', 'overdue=true&step=sendToVerify'), [ids.stall]);
  assert.deepEqual(await idsOf('receiver', 'colour=red&step=sendToVerify'), [ids.apart]);
  assert.deepEqual(await idsOf('receiver', 'colour=red,overdue&step=sendToVerify'), sorted(ids.stall!, ids.apart!));
  assert.deepEqual(await idsOf('receiver', 'colour=green&step=sendToVerify'), []);
  const byDue = await list('receiver', 'sort=dueAt&step=sendToVerify');
  assert.deepEqual(byDue.items.map((c) => c.id), [ids.stall, ids.apart]);
});

test('the queue summary counts my queue per step: in all, overdue, urgent, and the next deadline', async () => {
  at('2026-03-02T09:36:00+08:00');
  type S = { steps: Array<{ step: string; total: number; overdue: number; urgent: number; nextDueAt: string }>; total: number; overdue: number; urgent: number };
  const summary = async (who: string) => {
    const res = await call(t.app, s[who]!, { method: 'GET', url: '/api/cases/queue/summary' });
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as S;
  };
  const r = await summary('receiver');
  // stall (09:05→09:35) is late; apart is urgent (09:10→09:40, continuous).
  assert.deepEqual(r.steps, [{ step: 'sendToVerify', total: 2, overdue: 1, urgent: 1, nextDueAt: new Date('2026-03-02T09:35:00+08:00').toISOString() }]);
  assert.deepEqual([r.total, r.overdue, r.urgent], [2, 1, 1]);
  // The handler's unit has the dispatched case's accept and handle steps, in workflow order.
  assert.deepEqual((await summary('handler')).steps.map((x) => [x.step, x.total]), [['accept', 1], ['handle', 1]]);
  assert.deepEqual((await summary('leader')), { steps: [], total: 0, overdue: 0, urgent: 0 });
  // Every role's summary agrees with its queue.
  for (const who of ['receiver', 'shiftleader', 'dispatcher', 'supervisor', 'supervisor2', 'handler', 'officer']) {
    const q = await call(t.app, s[who]!, { method: 'GET', url: '/api/cases/queue?limit=200' });
    assert.equal((await summary(who)).total, q.json().total, who);
  }
});

test('the map returns points in a small view and clusters over the limit', async () => {
  const view = '113.699,34.699,113.709,34.705';
  let res = await call(t.app, s.receiver!, { method: 'GET', url: `/api/cases/map?bbox=${view}&zoom=17` });
  assert.equal(res.statusCode, 200, res.body);
  let m = res.json();
  assert.equal(m.kind, 'points');
  assert.deepEqual(m.points.map((p: { id: number }) => p.id).sort((a: number, b: number) => a - b), sorted(ids.garbage!, ids.stall!, ids.apart!, ids.fullwidth!));
  m = (await call(t.app, s.receiver!, { method: 'GET', url: `/api/cases/map?bbox=113.704,34.702,113.706,34.704&q=${encodeURIComponent('占道')}` })).json();
  assert.deepEqual(m.points.map((p: { id: number }) => p.id), [ids.stall]);
  assert.equal((await call(t.app, s.receiver!, { method: 'GET', url: `/api/cases/map?bbox=113.71,34.7,113.70,34.71` })).statusCode, 400);

  // 2,100 more cases spread over street 001's north community (copies of the first report).
  await t.db.query(
    `INSERT INTO cases (district_code, tracking_no, source, category_kind, category_code, lng, lat, grid_code, community_code, street_code,
                        address, description, urgency, status, reported_at, updated_at)
     SELECT district_code, 'M' || i, source, category_kind, category_code, 113.7001 + (i % 40) * 0.0001, 34.7021 + (i / 40) * 0.00003,
            grid_code, community_code, street_code, address, description, CASE WHEN i = 7 THEN 'urgent' ELSE 'normal' END, status, reported_at, updated_at
       FROM cases, generate_series(1, 2100) i WHERE id = $1`,
    [ids.garbage],
  );
  res = await call(t.app, s.receiver!, { method: 'GET', url: `/api/cases/map?bbox=${view}&zoom=16` });
  m = res.json();
  assert.equal(m.kind, 'clusters');
  assert.equal(m.count, 2104);
  assert.equal(m.clusters.reduce((n: number, c: { count: number }) => n + c.count, 0), 2104);
  assert.ok(m.clusters.some((c: { maxUrgency: string }) => c.maxUrgency === 'urgent'));
  for (const c of m.clusters) {
    assert.ok(c.lng >= c.bounds[0] && c.lng <= c.bounds[2] && c.lat >= c.bounds[1] && c.lat <= c.bounds[3], 'centroid inside its cell');
  }
  // supervisor2 sees none of those: the same view is points for them.
  m = (await call(t.app, s.supervisor2!, { method: 'GET', url: `/api/cases/map?bbox=${view}` })).json();
  assert.deepEqual(m.points.map((p: { id: number }) => p.id), [ids.stall]);
  // The text index covers bulk-inserted rows (generated columns); totals stop at the cap and say so.
  const found = await list('receiver', `q=${encodeURIComponent('暴露垃圾')}&limit=1`);
  assert.equal(found.total, 2000);
  assert.equal(found.totalExact, false);
  const exact = await list('receiver', `q=${encodeURIComponent('暴露垃圾')}&urgency=urgent`);
  assert.deepEqual([exact.total, exact.totalExact], [1, true]);
});

test('the app writes the search columns exactly as the SQL functions compute them (edits and other writers use the SQL)', async () => {
  const texts: Array<[string, string]> = [
    ['路边有暴露垃圾，气味难闻', '北下街 12 号'], ['井盖缺失（Ａ区３号楼）', ''], ['ＡＢＣ　ｄｅｆ１２３ Mixed CASE', 'Ⅻ路②号'],
    ['emoji 😀 and 𠀀 ext-B, 㐀 ext-A', '  spaced   out  '], ['', ''], ['单', '字'], ['重复重复重复', '重复'], ['a-b_c.d/e', 'ｶﾀｶﾅ ﹏ 〇'],
  ];
  const { rows: demo } = await t.db.query(`SELECT description, address FROM cases ORDER BY id LIMIT 200`);
  for (const r of demo) texts.push([r.description, r.address]);
  const { rows } = await t.db.query(
    `SELECT d, a, case_search_normalise(d) || ' ' || case_search_normalise(a) AS text, case_search_bigrams(case_search_normalise(d) || ' ' || case_search_normalise(a)) AS bigrams
       FROM unnest($1::text[], $2::text[]) AS x(d, a)`,
    [texts.map((x) => x[0]), texts.map((x) => x[1])],
  );
  for (const r of rows) {
    const js = searchColumns(r.d, r.a);
    assert.equal(js.text, r.text, `text of ${JSON.stringify([r.d, r.a])}`);
    assert.deepEqual([...js.bigrams].sort(), [...r.bigrams].sort(), `bigrams of ${JSON.stringify([r.d, r.a])}`);
  }
  // Reports store what the SQL would; an edit by SQL recomputes them whatever it sets; a row written without them gets them.
  const { rows: stored } = await t.db.query(
    `SELECT id FROM cases WHERE search_text IS DISTINCT FROM case_search_normalise(description) || ' ' || case_search_normalise(address)
        OR NOT (search_bigrams @> case_search_bigrams(search_text) AND search_bigrams <@ case_search_bigrams(search_text))`,
  );
  assert.deepEqual(stored, []);
  await t.db.query(`UPDATE cases SET description = '新的描述', search_bigrams = '{假的}' WHERE id = $1`, [ids.fullwidth]);
  assert.deepEqual(await idsOf('supervisor', `q=${encodeURIComponent('描述')}`), [ids.fullwidth]);
  assert.deepEqual(await idsOf('supervisor', `q=${encodeURIComponent('假的')}`), []);
  await t.db.query(`UPDATE cases SET description = '井盖缺失（Ａ区３号楼）' WHERE id = $1`, [ids.fullwidth]);
});

test('reference rows cases point at cannot be deleted or re-keyed', async () => {
  for (const sql of [`DELETE FROM categories WHERE code = '06010'`, `UPDATE categories SET code = '06099' WHERE code = '06010'`,
    `DELETE FROM users WHERE username = 'receiver'`, `DELETE FROM units WHERE id = (SELECT min(id) FROM units)`,
    `DELETE FROM calendars WHERE id = (SELECT min(id) FROM calendars)`, `DELETE FROM divisions WHERE code = '410104'`]) {
    await assert.rejects(t.db.query(sql), (e: { code?: string }) => e.code === '23001', sql);
  }
  await t.db.query(`UPDATE categories SET name = name WHERE code = '06010'`);
});
