/**
 * Citizens report without an account and follow their case by a private link; the public view shows
 * progress but no staff names, units or notes; duplicates are found and merged, and the duplicate's
 * reporter follows the original.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { call, testApp, type Session, type TestApp } from './support/app.ts';
import { driver, type Driver } from './support/driver.ts';
import { photoId, seedPhotos } from './support/factories.ts';

let t: TestApp;
let drive: Driver;
let clock = new Date('2026-06-01T09:00:00+08:00');
const s: Record<string, Session> = {};
const SPOT = { lng: 113.7005, lat: 34.7035 };

before(async () => {
  t = await testApp({ GUANCHENG_PUBLIC_REPORTS_PER_HOUR: '6' }, { now: () => clock });
  drive = driver(t);
  for (const u of ['receiver', 'supervisor', 'supervisor2', 'handler']) s[u] = await drive.session(u);
});
after(async () => t.close());

const publicReport = (body: Record<string, unknown>, ip = '198.51.100.7') =>
  t.app.inject({ method: 'POST', url: '/api/public/reports', remoteAddress: ip, payload: { categoryCode: '06010', ...SPOT, description: '小区门口垃圾没人清理', ...body } });

test('a citizen reports without an account, gets a tracking number and a private link', async () => {
  const res = await publicReport({ phone: '13512345678', name: '张先生', urgent: true });
  assert.equal(res.statusCode, 201, res.body);
  const { trackingNo, trackingToken, trackingPath } = res.json();
  assert.match(trackingNo, /^2026-T\d{6}$/);
  assert.equal(trackingPath, `/p/track/${trackingToken}`);
  const view = await t.app.inject({ method: 'GET', url: `/api/public/track/${trackingToken}` });
  assert.equal(view.statusCode, 200);
  assert.equal(view.json().status, '已受理');
  assert.deepEqual(view.json().timeline.map((e: { text: string }) => e.text), ['已受理您的反映']);
  const { rows } = await t.db.query(`SELECT source, urgency, urgency_requested, reporter_user_id FROM cases WHERE tracking_no = $1`, [trackingNo]);
  assert.deepEqual(rows[0], { source: 'citizen', urgency: 'normal', urgency_requested: true, reporter_user_id: null });
  const { rows: tr } = await t.db.query(`SELECT token_hash FROM case_trackers`);
  assert.ok(tr.every((r) => r.token_hash !== trackingToken), 'only a digest of the link is stored');
});

test('the public timeline shows progress but never a staff name, unit or note', async () => {
  const res = await publicReport({ phone: '13600000000' });
  const { trackingToken, trackingNo } = res.json();
  const { rows } = await t.db.query(`SELECT id FROM cases WHERE tracking_no = $1`, [trackingNo]);
  const id = rows[0].id;
  await drive.act('receiver', id, 'sendToVerify', { note: '请刘监督尽快核实（内部备注）' });
  await drive.act('supervisor', id, 'verify', { isTrue: true, note: '现场确认' });
  const view = await t.app.inject({ method: 'GET', url: `/api/public/track/${trackingToken}` });
  const body = view.body;
  assert.deepEqual(view.json().timeline.map((e: { text: string }) => e.text), ['已受理您的反映', '已安排监督员现场核实', '现场核实属实']);
  for (const secret of ['测试receiver', '测试supervisor', '内部备注', '现场确认', 'actor', '13600000000']) assert.ok(!body.includes(secret), `public view leaks ${secret}`);
  const other = await t.app.inject({ method: 'GET', url: `/api/public/track/${'x'.repeat(32)}` });
  assert.equal(other.statusCode, 404);
  // Not a token at all: a 400 that names the parameter (it says nothing about any case).
  const garbage = await t.app.inject({ method: 'GET', url: '/api/public/track/%3Cscript%3E' });
  assert.equal(garbage.statusCode, 400);
  assert.deepEqual(garbage.json().error.fields.map((f: { field: string }) => f.field), ['params.token']);
});

test('bad citizen input is refused clearly and stores nothing; one address cannot flood intake', async () => {
  const before = (await t.db.query(`SELECT count(*)::int AS n FROM cases`)).rows[0].n;
  const noText = await publicReport({ description: '' });
  assert.equal(noText.statusCode, 400);
  const outside = await publicReport({ lng: 116.4, lat: 39.9 });
  assert.equal(outside.statusCode, 422);
  assert.equal(outside.json().error.code, 'GRID_NOT_FOUND_FOR_POINT');
  const phone = await publicReport({ phone: '12345' });
  assert.equal(phone.statusCode, 400);
  const unknown = await publicReport({ categoryCode: '99999' });
  assert.equal(unknown.statusCode, 404);
  assert.equal((await t.db.query(`SELECT count(*)::int AS n FROM cases`)).rows[0].n, before);
  const answers = [];
  for (let i = 0; i < 8; i++) answers.push(await publicReport({}, '203.0.113.9'));
  assert.deepEqual(answers.slice(0, 6).map((r) => r.statusCode), Array(6).fill(201));
  assert.deepEqual(answers.slice(6).map((r) => r.statusCode), [429, 429]);
  // When to come back, in seconds, and the refusal in plain words.
  assert.ok(Number(answers[6]!.headers['retry-after']) >= 1, String(answers[6]!.headers['retry-after']));
  assert.equal(answers[6]!.json().error.message, '提交太频繁了，请稍后再试');
});

test('possible duplicates are offered, merged, and the duplicate’s reporter follows the original', async () => {
  clock = new Date('2026-06-02T09:00:00+08:00');
  const first = (await publicReport({ description: '路口垃圾堆', lng: 113.7012, lat: 34.7032 }, '198.51.100.20')).json();
  clock = new Date('2026-06-02T10:00:00+08:00');
  const staff = await drive.report('supervisor', { lng: 113.70125, lat: 34.70322, description: '同一处垃圾' });
  const dups = staff.possibleDuplicates;
  assert.ok(dups.length >= 1);
  assert.ok(dups.every((d: { distanceM: number }) => d.distanceM <= 50));
  const { rows } = await t.db.query(`SELECT id FROM cases WHERE tracking_no = $1`, [first.trackingNo]);
  const firstId = rows[0].id;
  assert.ok(dups.some((d: { id: number }) => d.id === firstId));
  // Different category, or 100 m away, or 4 days later: not a duplicate.
  const other = await drive.report('supervisor', { categoryCode: '07001', lng: 113.70125, lat: 34.70322, description: '小广告' });
  assert.deepEqual(other.possibleDuplicates, []);
  // A category the district made compatible (垃圾箱满溢 with 暴露垃圾, in the default groups) may be the same problem: offered, as a merge would accept it.
  const compatible = await drive.report('supervisor', { categoryCode: '06042', lng: 113.70125, lat: 34.70322, description: '垃圾箱满溢' });
  assert.ok(compatible.possibleDuplicates.some((d: { id: number }) => d.id === staff.id), JSON.stringify(compatible.possibleDuplicates));
  assert.ok(!compatible.possibleDuplicates.some((d: { id: number }) => d.id === other.id));
  const far = await call(t.app, s.receiver!, { method: 'GET', url: `/api/cases/${firstId}/duplicates` });
  assert.ok(far.json().items.some((d: { id: number }) => d.id === staff.id));
  clock = new Date('2026-06-06T10:00:00+08:00');
  const late = await drive.report('supervisor', { lng: 113.70125, lat: 34.70322, description: '又有垃圾' });
  assert.ok(!late.possibleDuplicates.some((d: { id: number }) => d.id === firstId));

  // Across the corner of the 0.001° cells the search reads (113.702, 34.702): ~15 m apart, still found.
  const sw = await drive.report('supervisor', { lng: 113.70195, lat: 34.70195, description: '西南角' });
  const ne = await drive.report('supervisor', { lng: 113.70205, lat: 34.70205, description: '东北角' });
  assert.deepEqual(ne.possibleDuplicates.map((d: { id: number }) => d.id), [sw.id]);

  // The receiver merges the citizen's report into the supervisor's case.
  await drive.act('receiver', firstId, 'merge', { originalId: staff.id });
  const view = (await t.app.inject({ method: 'GET', url: `/api/public/track/${first.trackingToken}` })).json();
  assert.equal(view.mergedInto, staff.trackingNo);
  assert.equal(view.trackingNo, first.trackingNo);
  assert.ok(view.timeline.some((e: { text: string }) => e.text.includes('合并办理')));
  const { rows: stats } = await t.db.query(`SELECT status, case_no, closed_at FROM cases WHERE id = $1`, [firstId]);
  assert.deepEqual(stats[0], { status: 'merged', case_no: null, closed_at: null }, 'a merged duplicate is neither filed nor closed');
});

test('the citizen rates the result through their link; unsatisfied sends it back to the same unit', async () => {
  clock = new Date('2026-06-08T09:00:00+08:00');
  await seedPhotos(t.db, ['rate-after-1', 'rate-after-2']);
  const r = (await publicReport({ phone: '13811112222', description: '楼下垃圾桶满了' }, '198.51.100.50')).json();
  const { rows } = await t.db.query(`SELECT id FROM cases WHERE tracking_no = $1`, [r.trackingNo]);
  const id = rows[0].id;
  const rate = (satisfaction: string) => t.app.inject({ method: 'POST', url: `/api/public/track/${r.trackingToken}/rating`, payload: { satisfaction, comment: '还是有味道' } });
  assert.equal((await rate('satisfied')).statusCode, 409, 'nothing to rate yet');
  await drive.act('receiver', id, 'sendToVerify');
  await drive.act('supervisor', id, 'verify', { isTrue: true });
  await drive.act('shiftleader', id, 'file');
  await drive.act('dispatcher', id, 'dispatch', { leadUnitId: t.district.unitIds.streetOffice });
  await drive.act('handler', id, 'accept');
  await drive.act('handler', id, 'handle', { result: '已清运', photoIds: [photoId('rate-after-1')] });
  await drive.act('receiver', id, 'sendToCheck');
  await drive.act('supervisor', id, 'check', { passed: true });
  let view = (await t.app.inject({ method: 'GET', url: `/api/public/track/${r.trackingToken}` })).json();
  assert.equal(view.canRate, true);
  assert.equal((await rate('unsatisfied')).statusCode, 204);
  const { rows: after } = await t.db.query(`SELECT status, rework_count, citizen_rating FROM cases WHERE id = $1`, [id]);
  assert.deepEqual(after[0], { status: 'handling', rework_count: 1, citizen_rating: 'unsatisfied' });
  const { rows: ev } = await t.db.query(`SELECT actor_id, actor_role FROM case_events WHERE case_id = $1 AND type = 'case.callbackUnsatisfied'`, [id]);
  assert.deepEqual(ev[0], { actor_id: null, actor_role: 'citizen' });
  await drive.act('handler', id, 'handle', { result: '已冲洗', photoIds: [photoId('rate-after-2')] });
  await drive.act('receiver', id, 'sendToCheck');
  await drive.act('supervisor', id, 'check', { passed: true });
  assert.equal((await rate('satisfied')).statusCode, 204);
  view = (await t.app.inject({ method: 'GET', url: `/api/public/track/${r.trackingToken}` })).json();
  assert.deepEqual([view.statusCode, view.rating, view.canRate], ['pendingClose', 'satisfied', false]);
  assert.equal((await rate('unsatisfied')).statusCode, 409, 'one rating per round');
  const bad = await t.app.inject({ method: 'POST', url: `/api/public/track/${r.trackingToken}/rating`, payload: { satisfaction: 'meh' } });
  assert.equal(bad.statusCode, 400);
});

test('reports written in one batch find each other, as the lookup of committed cases finds them afterwards', async () => {
  clock = new Date('2026-07-01T09:00:00+08:00');
  const post = (lng: number, lat: number, categoryCode = '06010') => drive.raw.report('receiver', { source: 'hotline', categoryCode, lng, lat, description: '热线反映垃圾堆放' });
  const earlier = (await post(SPOT.lng, SPOT.lat)).json();
  // Sent together: the first is written alone, the rest queue behind it and are written as one batch.
  // Points up to ~45 m east-west and north-south of SPOT: some pairs within the 50 m radius, some beyond it.
  const offsets = [[0, 0], [0.0002, 0.0001], [-0.0003, 0.0002], [0.0004, -0.0002], [-0.0001, -0.0004], [0.0005, 0.0003], [-0.0005, -0.0001], [0.0001, 0.0004]];
  const group = await Promise.all([
    ...offsets.map(([dx, dy]) => post(SPOT.lng + dx!, SPOT.lat + dy!)),
    post(SPOT.lng, SPOT.lat, '07001'), // another category
    post(SPOT.lng + 0.0012, SPOT.lat), // ~110 m east
  ]);
  for (const r of group) assert.equal(r.statusCode, 201, r.body);
  const made = group.map((r) => r.json() as { id: number; possibleDuplicates: Array<{ id: number; distanceM: number }> });
  const ids = new Set(made.map((c) => c.id));
  const sees = (a: (typeof made)[number], b: (typeof made)[number]) => a.possibleDuplicates.some((d) => d.id === b.id);
  // Two that list each other were written in one batch: neither was committed when the other's lookup ran.
  assert.ok(made.some((a) => made.some((b) => a !== b && sees(a, b) && sees(b, a))), 'reports of one batch see each other');
  assert.deepEqual(made[8]!.possibleDuplicates.filter((d) => ids.has(d.id)), [], 'another category is no duplicate');
  assert.deepEqual(made[9]!.possibleDuplicates, [], '110 m away is no duplicate');
  let complete = 0;
  for (const c of made) {
    const now = (await call(t.app, s.receiver!, { method: 'GET', url: `/api/cases/${c.id}/duplicates` })).json().items as typeof c.possibleDuplicates;
    // What intake answered is what the query over committed cases finds, less reports written after it.
    assert.deepEqual(c.possibleDuplicates, now.filter((d) => c.possibleDuplicates.some((x) => x.id === d.id)), `case ${c.id}: same distances, same order`);
    if (now.filter((d) => ids.has(d.id)).every((d) => sees(c, made.find((m) => m.id === d.id)!))) {
      assert.deepEqual(c.possibleDuplicates, now, `case ${c.id}: written last, it was offered everything the query finds`);
      complete++;
    }
    // The report committed before them all is found by every one it is near.
    assert.equal(sees(c, earlier), now.some((d) => d.id === earlier.id), `case ${c.id} and the earlier report ${earlier.id}`);
  }
  assert.ok(complete >= 2, `${complete} reports were offered the full list`);
});
