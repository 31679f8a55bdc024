/**
 * The import wizard's dry run (report=features): every feature of the file with its problems and its shape in
 * WGS-84, answered even when features are bad — and never a write, whatever the file holds.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import proj4 from 'proj4';
import { gaussKrugerProj4 } from '../src/server/modules/geo/crs.ts';
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

/** Community 0 (410104001001) re-surveyed as 2 × 1 grids in EPSG:4547 metres; `shift` < 0 makes the second overlap the first. */
function resurvey(codes: string[], shift = 0) {
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

/** Everything an import could change, to compare before and after. */
async function state() {
  const { rows } = await t.db.query(`SELECT
      (SELECT count(*)::int FROM grids WHERE valid_to IS NULL) AS current,
      (SELECT count(*)::int FROM grids) AS total,
      (SELECT count(*)::int FROM import_batches) AS batches,
      (SELECT md5(string_agg(code || ':' || name || ':' || coalesce(geometry::text, ''), ',' ORDER BY code)) FROM divisions) AS divisions`);
  return rows[0];
}

const post = (s: Session, url: string, body: unknown, lang = 'zh-CN') =>
  call(t.app, s, { method: 'POST', url, headers: { 'content-type': 'application/geo+json', 'accept-language': lang }, payload: JSON.stringify(body) });

test('a dry run with report=features names the bad feature, draws every feature in WGS-84, and writes nothing', async () => {
  const before = await state();
  const res = await post(admin, '/api/grids/import?fileName=survey.geojson&crs=EPSG:4547&dryRun=true&report=features', resurvey(['410104001001001', '410104001001002'], -0.0005));
  assert.equal(res.statusCode, 200, res.body);
  const { report, imported, batchId } = res.json();
  assert.equal(imported, 0);
  assert.equal(batchId, null);
  assert.deepEqual({ ok: report.ok, warnings: report.warnings, errors: report.errors }, { ok: 1, warnings: 0, errors: 1 });
  const [first, second] = report.features;
  assert.deepEqual([first.index, first.code, first.status, first.change, first.problems], [0, '410104001001001', 'ok', 'replace', []]);
  assert.equal(second.index, 1);
  assert.equal(second.status, 'error');
  assert.equal(second.change, null);
  assert.equal(second.problems[0].code, 'GRID_OVERLAP');
  assert.equal(second.problems[0].severity, 'error');
  assert.match(second.problems[0].message, /^第2个要素：与第1个要素重叠/);
  // The file was in Gauss-Krüger metres; the report's shapes are degrees, on the community they were surveyed for.
  const [x0, y0, , y1] = communityBox(0);
  const ring: number[][] = second.geometry.coordinates[0];
  assert.ok(ring.every(([lng, lat]) => Math.abs(lng! - x0) < 5 * CELL && lat! >= y0 - 1e-6 && lat! <= y1 + 1e-6), JSON.stringify(ring));
  assert.ok(Math.abs(Math.min(...ring.map((p) => p[0]!)) - (x0 + 2 * CELL - 0.0005)) < 1e-6);
  assert.deepEqual(await state(), before);
});

test('the report of a good file says what the import would change; a legacy code is a warning, not an error', async () => {
  const before = await state();
  const res = await post(admin, '/api/grids/import?fileName=survey.geojson&crs=EPSG:4547&dryRun=true&report=features', resurvey(['41010400100101', '410104001001009']));
  assert.equal(res.statusCode, 200, res.body);
  const { report, communities } = res.json();
  assert.deepEqual(communities, ['410104001001']);
  assert.deepEqual({ ok: report.ok, warnings: report.warnings, errors: report.errors }, { ok: 1, warnings: 1, errors: 0 });
  assert.deepEqual(report.features.map((f: { code: string; status: string; change: string }) => [f.code, f.status, f.change]), [
    ['410104001001001', 'warning', 'replace'],
    ['410104001001009', 'ok', 'new'],
  ]);
  assert.equal(report.features[0].problems[0].code, 'GRID_CODE_LEGACY');
  assert.equal(report.features[0].problems[0].severity, 'warning');
  // The community had 8 grids: 001 gets a new version, the other 7 end.
  assert.deepEqual(report.changes, { new: 1, replaced: 1, retired: 7 });
  const en = await post(admin, '/api/grids/import?fileName=survey.geojson&crs=EPSG:4547&dryRun=true&report=features', resurvey(['41010400100101', '410104001001009']), 'en');
  assert.match(en.json().report.features[0].problems[0].message, /^Feature #1: Legacy 14-digit code "41010400100101"/);
  assert.deepEqual(await state(), before);
});

test('report=features changes nothing for a real import: a file with problems is still refused whole', async () => {
  const before = await state();
  const res = await post(admin, '/api/grids/import?fileName=survey.geojson&crs=EPSG:4547&report=features', resurvey(['410104001001001', '410104001001002'], -0.0005));
  assert.equal(res.statusCode, 422);
  assert.equal(res.json().error.code, 'GRID_IMPORT_INVALID');
  assert.deepEqual(await state(), before);
  // Without report, the dry run keeps its old answer: a 422 naming the problems.
  const plain = await post(admin, '/api/grids/import?fileName=survey.geojson&crs=EPSG:4547&dryRun=true', resurvey(['410104001001001', '410104001001002'], -0.0005));
  assert.equal(plain.statusCode, 422);
  assert.equal(plain.json().report, undefined);
});

test('an unreadable file is still a 400 at the upload, report or not', async () => {
  const res = await call(t.app, admin, { method: 'POST', url: '/api/grids/import?fileName=x.geojson&dryRun=true&report=features', headers: { 'content-type': 'application/geo+json' }, payload: '{"type":"FeatureCollection",' });
  assert.equal(res.statusCode, 400);
  assert.equal(res.json().error.code, 'GEO_FILE_INVALID');
  const projected = await post(admin, '/api/grids/import?fileName=x.geojson&dryRun=true&report=features', resurvey(['410104001001001']));
  assert.equal(projected.statusCode, 400, 'metres read as degrees: the CRS must be named');
  const bad = await call(t.app, admin, { method: 'POST', url: '/api/grids/import?fileName=x.geojson&dryRun=true&report=all', headers: { 'content-type': 'application/geo+json' }, payload: '{}' });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().error.code, 'VALIDATION_FAILED');
});

test('division dry runs report feature by feature: new and updated divisions, and what is wrong', async () => {
  const before = await state();
  const [x0, y0, x1, y1] = communityBox(0);
  const box = [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];
  const body = {
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', properties: { code: '410104001001', name: '新华社区' }, geometry: { type: 'Polygon', coordinates: [box] } },
      { type: 'Feature', properties: { code: '410104001077', name: '新建社区' }, geometry: { type: 'Polygon', coordinates: [box] } },
      { type: 'Feature', properties: { code: '410105001001', name: '别区社区' }, geometry: { type: 'Polygon', coordinates: [box] } },
      { type: 'Feature', properties: { code: '410104009001' }, geometry: { type: 'Polygon', coordinates: [box] } },
    ],
  };
  const res = await post(admin, '/api/divisions/import?districtCode=410104&fileName=d.geojson&dryRun=true&report=features', body);
  assert.equal(res.statusCode, 200, res.body);
  const { report } = res.json();
  assert.deepEqual(report.features.map((f: { code: string; level: string; status: string; change: string; problems: { code: string }[] }) => [f.code, f.level, f.status, f.change, f.problems.map((p) => p.code)]), [
    ['410104001001', 'community', 'ok', 'replace', []],
    ['410104001077', 'community', 'ok', 'new', []],
    ['410105001001', 'community', 'error', null, ['DIVISION_OUTSIDE_DISTRICT']],
    ['410104009001', 'community', 'error', null, ['DIVISION_NAME_MISSING']],
  ]);
  assert.deepEqual(report.changes, { new: 1, replaced: 1 });
  assert.deepEqual([report.ok, report.errors], [2, 2]);
  assert.deepEqual(await state(), before);
});

test('only administrators may ask, and only for their own scope', async () => {
  const body = resurvey(['410104001001001', '410104001001002']);
  for (const who of ['dispatcher', 'leader', 'auditor', 'supervisor']) {
    const s = await login(t.app, who);
    const res = await post(s, '/api/grids/import?fileName=s.geojson&crs=EPSG:4547&dryRun=true&report=features', body);
    assert.equal(res.statusCode, 403, who);
    const div = await post(s, '/api/divisions/import?districtCode=410104&fileName=s.geojson&dryRun=true&report=features', { type: 'FeatureCollection', features: [] });
    assert.equal(div.statusCode, 403, who);
  }
  // An administrator of street 002 cannot learn through a dry run what importing street 001's grids would do.
  const made = await call(t.app, admin, { method: 'POST', url: '/api/users', payload: { username: 'streetadmin', displayName: '街道管理员', roles: ['admin'], scopes: ['410104002'], password: 'Grid-Patrol-2026' } });
  assert.equal(made.statusCode, 201, made.body);
  await t.db.query(`UPDATE users SET must_change_password = false WHERE username = 'streetadmin'`);
  const streetAdmin = await login(t.app, 'streetadmin', 'Grid-Patrol-2026');
  const res = await post(streetAdmin, '/api/grids/import?fileName=s.geojson&crs=EPSG:4547&dryRun=true&report=features', body);
  assert.equal(res.statusCode, 400, res.body);
  assert.equal(res.json().error.code, 'SCOPE_INVALID');
  const div = await post(streetAdmin, '/api/divisions/import?districtCode=410104&fileName=s.geojson&dryRun=true&report=features', { type: 'FeatureCollection', features: [] });
  assert.equal(div.json().error.code, 'SCOPE_INVALID');
});
