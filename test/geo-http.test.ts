/**
 * Grids through the API: listing with scope, point → grid, and imports of surveyed files in projected
 * coordinates — with every bad input rejected whole and nothing changed.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import proj4 from 'proj4';
import { strToU8, zipSync } from 'fflate';
import { gaussKrugerProj4 } from '../src/server/modules/geo/crs.ts';
import { writeShapefile } from '../src/server/modules/geo/geo.fixtures.ts';
import { call, login, testApp, type Session, type TestApp } from './support/app.ts';
import { CELL, communityBox } from './support/factories.ts';

let t: TestApp;
let admin: Session;
before(async () => {
  t = await testApp();
  admin = await login(t.app, 'admin');
});
after(async () => t.close());

const toGk = proj4('EPSG:4326', gaussKrugerProj4(4547)!);

/** Community 0 (410104001001) re-surveyed as 2 × 1 grids of 2 × 2 old cells, in EPSG:4547 metres. */
function resurvey(codes: [string, string], shift = 0) {
  const [x0, y0, , y1] = communityBox(0);
  const half = (i: number) => {
    const a = x0 + i * 2 * CELL + (i === 1 ? shift : 0);
    const b = x0 + (i + 1) * 2 * CELL;
    return [[a, y0], [b, y0], [b, y1], [a, y1], [a, y0]].map(([lng, lat]) => toGk.forward([lng!, lat!]).map((v) => Math.round(v * 1000) / 1000));
  };
  return {
    type: 'FeatureCollection',
    features: codes.map((code, i) => ({ type: 'Feature', properties: { BGCODE: code }, geometry: { type: 'Polygon', coordinates: [half(i)] } })),
  };
}

const counts = async () => (await t.db.query(`SELECT count(*) FILTER (WHERE valid_to IS NULL)::int AS current, count(*)::int AS total FROM grids`)).rows[0];

async function importGeoJson(body: unknown, query: string) {
  return call(t.app, admin, { method: 'POST', url: `/api/grids/import?${query}`, headers: { 'content-type': 'application/geo+json' }, payload: typeof body === 'string' ? body : JSON.stringify(body) });
}

test('lists current grids with valid 15-digit codes, filtered by the caller’s scope', async () => {
  const all = await call(t.app, admin, { method: 'GET', url: '/api/grids?limit=100' });
  assert.equal(all.json().total, 32);
  assert.ok(all.json().items.every((g: { code: string }) => /^\d{15}$/.test(g.code)));
  const sup = await login(t.app, 'supervisor');
  const mine = await call(t.app, sup, { method: 'GET', url: '/api/grids' });
  assert.deepEqual(mine.json().items.map((g: { code: string }) => g.code), ['410104001001001', '410104001001002']);
  const handler = await login(t.app, 'handler');
  assert.equal((await call(t.app, handler, { method: 'GET', url: '/api/grids' })).json().total, 16);
  const bbox = await call(t.app, admin, { method: 'GET', url: `/api/grids?bbox=113.7001,34.7031,113.7019,34.7039&withGeometry=true` });
  assert.deepEqual(bbox.json().items.map((g: { code: string }) => g.code), ['410104001001001', '410104001001002']);
  assert.equal(bbox.json().items[0].geometry.type, 'Polygon');
});

test('a point resolves to its grid, community and street; a point outside every grid is a clear 422', async () => {
  const hit = await call(t.app, admin, { method: 'GET', url: '/api/locate?lng=113.7055&lat=34.7005' });
  assert.equal(hit.statusCode, 200);
  assert.equal(hit.json().grid.code, '410104002002006');
  assert.equal(hit.json().street.name, '西大街街道');
  const miss = await call(t.app, admin, { method: 'GET', url: '/api/locate?lng=113.6&lat=34.7', headers: { 'accept-language': 'en' } });
  assert.equal(miss.statusCode, 422);
  assert.equal(miss.json().error.code, 'GRID_NOT_FOUND_FOR_POINT');
  assert.match(miss.json().error.message, /outside every unit grid/);
  const bad = await call(t.app, admin, { method: 'GET', url: '/api/locate?lng=abc&lat=34.7' });
  assert.equal(bad.statusCode, 400);
});

test('bad files are rejected whole with every problem named, and nothing changes', async () => {
  const before = await counts();
  const cases: Array<[string, unknown, string, number, string]> = [
    ['not JSON', '{"type":"FeatureCollection",', 'crs=EPSG:4547', 400, 'GEO_FILE_INVALID'],
    ['not a FeatureCollection', { type: 'Topology' }, '', 400, 'GEO_FILE_INVALID'],
    ['points', { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code: '410104001001001' }, geometry: { type: 'Point', coordinates: [113.7, 34.7] } }] }, '', 400, 'GEO_FILE_INVALID'],
    ['projected metres without a CRS', resurvey(['410104001001001', '410104001001002']), '', 400, 'GEO_FILE_INVALID'],
    ['unknown CRS', resurvey(['410104001001001', '410104001001002']), 'crs=EPSG:9999', 400, 'GEO_FILE_INVALID'],
    ['overlapping grids', resurvey(['410104001001001', '410104001001002'], -0.0005), 'crs=EPSG:4547', 422, 'GRID_IMPORT_INVALID'],
    ['wrong code lengths', resurvey(['4101040010010', '41010400100100012']), 'crs=EPSG:4547', 422, 'GRID_IMPORT_INVALID'],
    ['duplicate codes', resurvey(['410104001001001', '410104001001001']), 'crs=EPSG:4547', 422, 'GRID_IMPORT_INVALID'],
    ['unknown community', resurvey(['410104001009001', '410104001009002']), 'crs=EPSG:4547', 422, 'GRID_IMPORT_INVALID'],
    ['grid in the wrong community', resurvey(['410104001002001', '410104001002002']), 'crs=EPSG:4547', 422, 'GRID_IMPORT_INVALID'],
  ];
  for (const [name, body, query, status, code] of cases) {
    const res = await importGeoJson(body, query);
    assert.equal(res.statusCode, status, `${name}: ${res.body}`);
    assert.equal(res.json().error.code, code, name);
  }
  const overlap = await importGeoJson(resurvey(['410104001001001', '410104001001002'], -0.0005), 'crs=EPSG:4547');
  const problems = overlap.json().error.details;
  assert.ok(problems.some((p: { code: string; featureIndex: number; message: string }) => p.code === 'GRID_OVERLAP' && p.featureIndex === 1 && p.message.includes('第2个要素')));
  const lengths = await importGeoJson(resurvey(['4101040010010', '41010400100100012']), 'crs=EPSG:4547');
  assert.equal(lengths.json().error.details.filter((p: { code: string }) => p.code === 'GRID_CODE_FORMAT').length, 2);
  assert.deepEqual(await counts(), before);
  assert.equal((await t.db.query(`SELECT count(*)::int AS n FROM import_batches`)).rows[0].n, 0);
});

test('an import in EPSG:4547 replaces the community’s grids as a new version and the index follows', async () => {
  const dry = await importGeoJson(resurvey(['410104001001001', '410104001001002']), 'crs=EPSG:4547&dryRun=true&fileName=survey.geojson');
  assert.equal(dry.statusCode, 200);
  assert.equal(dry.json().dryRun, true);
  assert.deepEqual(await counts(), { current: 32, total: 32 });

  const res = await importGeoJson(resurvey(['410104001001001', '410104001001002']), 'crs=epsg:4547&fileName=survey.geojson');
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual({ ...(res.json() as object), batchId: 0 }, { dryRun: false, crs: 'EPSG:4547', features: 2, imported: 2, communities: ['410104001001'], retired: 8, gaps: [], batchId: 0 });
  assert.deepEqual(await counts(), { current: 26, total: 34 });
  // The old version is kept, ended, never deleted.
  const { rows } = await t.db.query(`SELECT valid_to IS NULL AS current FROM grids WHERE code = '410104001001001' ORDER BY valid_from`);
  assert.deepEqual(rows.map((r) => r.current), [false, true]);
  // A point that used to fall in grid 005 (second row) now falls in the new grid 001 (west half).
  const hit = await call(t.app, admin, { method: 'GET', url: '/api/locate?lng=113.7005&lat=34.7025' });
  assert.equal(hit.json().grid.code, '410104001001001');
  const detail = await call(t.app, admin, { method: 'GET', url: '/api/grids/410104001001001' });
  assert.equal(detail.json().versions.length, 2);
  assert.equal(detail.json().assignments[0].username, 'supervisor');
  assert.ok(Math.abs(detail.json().areaM2 - 4 * 91.4 * 111) / (4 * 91.4 * 111) < 0.02);
});

test('a zipped Shapefile import takes its CRS from the .prj; truncated or incomplete archives are refused', async () => {
  const [x0, y0, , y1] = communityBox(1);
  const ring = (i: number) => {
    const a = x0 + i * 2 * CELL;
    const b = a + 2 * CELL;
    return [[a, y0], [b, y0], [b, y1], [a, y1], [a, y0]].map(([lng, lat]) => toGk.forward([lng!, lat!]));
  };
  const { shp, shx, dbf } = writeShapefile([ring(0), ring(1)], [{ BGCODE: '410104001002001' }, { BGCODE: '410104001002002' }]);
  const prj = 'PROJCS["CGCS2000_3_Degree_GK_CM_114E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",114.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';
  const zip = zipSync({ 'grids/grids.shp': shp, 'grids/grids.shx': shx, 'grids/grids.dbf': dbf, 'grids/grids.prj': strToU8(prj) });
  const res = await call(t.app, admin, { method: 'POST', url: '/api/grids/import?fileName=grids.zip', headers: { 'content-type': 'application/zip' }, payload: Buffer.from(zip) });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.json().imported, 2);
  const hit = await call(t.app, admin, { method: 'GET', url: '/api/locate?lng=113.7035&lat=34.7015' });
  assert.equal(hit.json().grid.code, '410104001002002');

  const truncated = await call(t.app, admin, { method: 'POST', url: '/api/grids/import?fileName=bad.zip', headers: { 'content-type': 'application/zip' }, payload: Buffer.from(zipSync({ 'g.shp': shp.slice(0, 150), 'g.dbf': dbf, 'g.prj': strToU8(prj) })) });
  assert.equal(truncated.statusCode, 400);
  assert.equal(truncated.json().error.code, 'GEO_FILE_INVALID');
  const noShp = await call(t.app, admin, { method: 'POST', url: '/api/grids/import?fileName=bad.zip', headers: { 'content-type': 'application/zip' }, payload: Buffer.from(zipSync({ 'readme.txt': strToU8('hi') })) });
  assert.equal(noShp.statusCode, 400);
});

test('people are assigned to grids and the assignment ends without being deleted', async () => {
  const res = await call(t.app, admin, { method: 'POST', url: '/api/grids/410104002001002/assignments', payload: { username: 'supervisor2', duty: 'supervisor' } });
  assert.equal(res.statusCode, 201);
  const unknown = await call(t.app, admin, { method: 'POST', url: '/api/grids/410104002001002/assignments', payload: { username: 'ghost', duty: 'supervisor' } });
  assert.equal(unknown.statusCode, 404);
  const missingGrid = await call(t.app, admin, { method: 'POST', url: '/api/grids/410104009001001/assignments', payload: { username: 'supervisor2', duty: 'supervisor' } });
  assert.equal(missingGrid.statusCode, 404);
  assert.equal((await call(t.app, admin, { method: 'DELETE', url: `/api/grids/410104002001002/assignments/${res.json().id}` })).statusCode, 204);
  const { rows } = await t.db.query(`SELECT valid_to FROM grid_assignments WHERE id = $1`, [res.json().id]);
  assert.ok(rows[0].valid_to);
});

test('divisions are listed by level, and a scoped user sees only their part of the tree', async () => {
  const streets = await call(t.app, admin, { method: 'GET', url: '/api/divisions?level=street' });
  assert.deepEqual(streets.json().items.map((d: { code: string }) => d.code), ['410104001', '410104002']);
  const sup = await login(t.app, 'supervisor');
  const seen = await call(t.app, sup, { method: 'GET', url: '/api/divisions' });
  assert.deepEqual(seen.json().items.map((d: { code: string }) => d.code), ['4101', '410104', '410104001', '410104001001']);
  assert.equal((await call(t.app, sup, { method: 'GET', url: '/api/divisions/410104002' })).statusCode, 404);
  // Each division counts the current grids under its code, and a scoped user's counts only those in scope.
  const { rows } = await t.db.query<{ code: string }>(`SELECT code FROM grids WHERE valid_to IS NULL`);
  const under = (prefix: string, codes: string[]) => codes.filter((c) => c.startsWith(prefix)).length;
  const all = (await call(t.app, admin, { method: 'GET', url: '/api/divisions' })).json().items as Array<{ code: string; gridCount: number }>;
  assert.ok(all.some((d) => d.gridCount > 0));
  for (const d of all) assert.equal(d.gridCount, under(d.code, rows.map((r) => r.code)), d.code);
  const supScopes: string[] = (await call(t.app, sup, { method: 'GET', url: '/api/auth/session' })).json().user.scopes;
  const inScope = rows.map((r) => r.code).filter((c) => supScopes.some((s) => c.startsWith(s)));
  for (const d of seen.json().items as Array<{ code: string; gridCount: number }>) assert.equal(d.gridCount, under(d.code, inScope), d.code);
});
