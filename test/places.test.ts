/**
 * Place search (GET /api/places) for the hotline intake form: streets, communities and unit grids by part of a
 * name or digits of a code, best matches first; each with a point inside it that a report there lands in (its
 * own grid); scoped as /api/divisions; quick.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { testApp, type TestApp } from './support/app.ts';
import { driver, type Driver } from './support/driver.ts';

let t: TestApp;
let drive: Driver;
before(async () => {
  t = await testApp();
  drive = driver(t);
});
after(async () => t.close());

interface PlaceJson { kind: string; code: string; name: string; parentName: string | null; point: [number, number]; gridCode: string | null; bbox: [number, number, number, number] }
const search = async (who: string, q: string, extra = '') => {
  const res = await drive.call(who, { method: 'GET', url: `/api/places?q=${encodeURIComponent(q)}${extra}` });
  assert.equal(res.statusCode, 200, res.body);
  return res.json().items as PlaceJson[];
};

test('part of a name finds streets, communities and grids, exact and leading matches first, each with its parent and a point inside it', async () => {
  const found = await search('receiver', '北下街');
  // 北下街街道 (street 001) and 北下街社区居委会 (community 410104001002) both start with it; the street comes first.
  assert.deepEqual(found.slice(0, 2).map((p) => [p.kind, p.code, p.name]), [['street', '410104001', '北下街街道'], ['community', '410104001002', '北下街社区居委会']]);
  assert.equal(found[0]!.parentName, '管城回族区');
  assert.equal(found[1]!.parentName, '北下街街道');
  // Then that community's eight grids, named after it.
  const grids = found.filter((p) => p.kind === 'grid');
  assert.equal(grids.length, 8);
  assert.deepEqual(grids[0], {
    kind: 'grid', code: '410104001002001', name: '北下街社区1号网格', parentName: '北下街街道 北下街社区居委会',
    point: [113.7005, 34.7015], gridCode: '410104001002001', bbox: [113.7, 34.701, 113.701, 34.702],
  });
  // A substring anywhere: 城隍庙社区居委会 (community 410104002002).
  const [temple] = await search('receiver', '城隍');
  assert.deepEqual([temple!.kind, temple!.code, temple!.parentName], ['community', '410104002002', '西大街街道']);
  // Exact first: the street named exactly ranks above what merely starts with the text.
  assert.equal((await search('receiver', '北下街街道'))[0]!.code, '410104001');
});

test('every place’s point lies inside it and in one of its own grids, so a report there lands in it', async () => {
  const all = [...(await search('receiver', '管城', '&limit=50')), ...(await search('receiver', '街道', '&limit=50')), ...(await search('receiver', '社区', '&limit=50'))];
  assert.ok(all.length >= 7 + 32, `${all.length} places`);
  for (const p of all) {
    const hit = t.grids.locate(p.point[0], p.point[1]);
    assert.ok(hit, `${p.name}: its point is in no grid`);
    assert.ok(hit.code.startsWith(p.code) || p.kind === 'district', `${p.name} (${p.code}): its point is in grid ${hit.code}`);
    assert.ok(hit.code.startsWith(p.code.slice(0, 6)));
    assert.equal(p.gridCode, hit.code, p.name);
    assert.ok(p.point[0] > p.bbox[0] && p.point[0] < p.bbox[2] && p.point[1] > p.bbox[1] && p.point[1] < p.bbox[3], `${p.name}: point within its bbox`);
  }
  // Reporting at a grid's point lands in that grid.
  const [grid] = (await search('receiver', '城隍庙社区3号')).filter((p) => p.kind === 'grid');
  const c = await drive.report('receiver', { source: 'hotline', lng: grid!.point[0], lat: grid!.point[1] });
  assert.equal(c.location.gridCode, grid!.code);
});

test('digits of a code find the division or grid; full-width digits and spaces are folded', async () => {
  assert.deepEqual((await search('receiver', '410104002001005')).map((p) => p.code), ['410104002001005']);
  assert.deepEqual((await search('receiver', '４１０１０４００２００１００５ ')).map((p) => p.code), ['410104002001005']);
  const byPrefix = await search('receiver', '410104002001', '&limit=50');
  assert.equal(byPrefix[0]!.code, '410104002001', 'the community itself first');
  assert.equal(byPrefix.length, 1 + 8);
  assert.deepEqual(await search('receiver', '不存在的地名'), []);
});

test('the search is scoped like /api/divisions: a supervisor finds their own grids and the divisions holding them, nothing else', async () => {
  // The supervisor holds grids 410104001001001 and 410104001001002 (新华社区居委会, 北下街街道).
  const grids = (await search('supervisor', '网格', '&limit=50')).filter((p) => p.kind === 'grid');
  assert.deepEqual(grids.map((p) => p.code), ['410104001001001', '410104001001002']);
  assert.deepEqual((await search('supervisor', '新华')).map((p) => p.code), ['410104001001', '410104001001001', '410104001001002']);
  assert.deepEqual(await search('supervisor', '城隍庙'), [], 'another street’s community');
  assert.deepEqual((await search('supervisor', '北下街')).map((p) => p.code), ['410104001'], 'the street that holds their grids, not its other community');
  // The auditor has no divisions.read: 403; anonymous: 401.
  assert.equal((await drive.call('auditor', { method: 'GET', url: '/api/places?q=北下街' })).statusCode, 403);
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/places?q=%E5%8C%97' })).statusCode, 401);
});

test('q is required, 1–40 characters; limit 1–50', async () => {
  for (const url of ['/api/places', '/api/places?q=', '/api/places?q=%20%20', `/api/places?q=${encodeURIComponent('街'.repeat(41))}`, '/api/places?q=x&limit=0', '/api/places?q=x&limit=51']) {
    const res = await drive.call('receiver', { method: 'GET', url });
    assert.equal(res.statusCode, 400, `${url}: ${res.body}`);
    assert.equal(res.json().error.code, 'VALIDATION_FAILED');
  }
  assert.equal((await search('receiver', '社区', '&limit=3')).length, 3);
});

test('a change to the divisions is found at once', async () => {
  await t.db.query(`UPDATE divisions SET name = '新华里社区居委会', updated_at = now() WHERE code = '410104001001'`);
  assert.equal((await search('receiver', '新华里'))[0]!.code, '410104001001');
  assert.equal((await search('receiver', '新华里社区1号网格'))[0]!.code, '410104001001001');
});
