/**
 * Grids and divisions as GeoJSON for web maps: one FeatureCollection per request, simplified without
 * tearing shared edges apart, filtered by the caller's scope, computed once and revalidated by ETag.
 */
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { after, before, test } from 'node:test';
import type * as GeoJSON from 'geojson';
import { call, login, testApp, type Session, type TestApp } from './support/app.ts';
import { CELL, communityBox, LAT0, LNG0 } from './support/factories.ts';

let t: TestApp;
let admin: Session;
before(async () => {
  t = await testApp();
  admin = await login(t.app, 'admin');
});
after(async () => t.close());

type Fc = { type: 'FeatureCollection'; bbox?: number[]; features: Array<{ type: 'Feature'; id: string; properties: Record<string, unknown>; geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon }> };
const get = (s: Session, url: string, headers: Record<string, string> = {}) => call(t.app, s, { method: 'GET', url, headers });
const codes = (fc: Fc) => fc.features.map((f) => f.id);
const rings = (g: GeoJSON.Polygon | GeoJSON.MultiPolygon) => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates).flat();

/** Segment ab and cd cross or overlap (beyond touching at a shared end). */
function segmentsMeet(a: GeoJSON.Position, b: GeoJSON.Position, c: GeoJSON.Position, d: GeoJSON.Position): boolean {
  const o = (p: GeoJSON.Position, q: GeoJSON.Position, r: GeoJSON.Position) => Math.sign((q[0]! - p[0]!) * (r[1]! - p[1]!) - (q[1]! - p[1]!) * (r[0]! - p[0]!));
  const on = (p: GeoJSON.Position, q: GeoJSON.Position, r: GeoJSON.Position) => Math.min(p[0]!, q[0]!) <= r[0]! && r[0]! <= Math.max(p[0]!, q[0]!) && Math.min(p[1]!, q[1]!) <= r[1]! && r[1]! <= Math.max(p[1]!, q[1]!);
  const [o1, o2, o3, o4] = [o(a, b, c), o(a, b, d), o(c, d, a), o(c, d, b)];
  if (o1 !== o2 && o3 !== o4 && o1 && o2 && o3 && o4) return true;
  return (o1 === 0 && on(a, b, c)) || (o2 === 0 && on(a, b, d)) || (o3 === 0 && on(c, d, a)) || (o4 === 0 && on(c, d, b));
}

/** Closed, at least 4 positions, no two non-adjacent edges meeting. */
function assertValidRing(ring: GeoJSON.Position[], what: string) {
  assert.ok(ring.length >= 4, `${what}: ${ring.length} positions`);
  assert.deepEqual(ring[0], ring[ring.length - 1], `${what}: not closed`);
  const n = ring.length - 1;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (j === i + 1 || (i === 0 && j === n - 1)) continue;
      assert.ok(!segmentsMeet(ring[i]!, ring[i + 1]!, ring[j]!, ring[j + 1]!), `${what}: edges ${i} and ${j} meet`);
    }
  }
}

const edgeKeys = (g: GeoJSON.Polygon | GeoJSON.MultiPolygon) => {
  const out = new Set<string>();
  for (const r of rings(g)) for (let i = 0; i + 1 < r.length; i++) out.add(JSON.stringify([r[i], r[i + 1]]));
  return out;
};
const reversed = (key: string) => JSON.stringify((JSON.parse(key) as unknown[]).reverse());

test('grids come as a GeoJSON FeatureCollection: id = code, properties, neighbours sharing identical edges, every ring valid', async () => {
  const res = await get(admin, '/api/grids/features');
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.headers['content-type'], 'application/geo+json');
  const fc = res.json() as Fc;
  assert.equal(fc.type, 'FeatureCollection');
  assert.equal(fc.features.length, 32);
  assert.deepEqual(fc.bbox, [LNG0, LAT0, LNG0 + 8 * CELL, LAT0 + 4 * CELL].map((v) => Math.round(v * 1e6) / 1e6));
  const one = fc.features.find((f) => f.id === '410104001001001')!;
  assert.deepEqual(one.properties, { code: '410104001001001', communityCode: '410104001001', streetCode: '410104001', areaM2: 10_000, isSchematic: true });
  for (const f of fc.features) {
    assert.equal(f.type, 'Feature');
    assert.equal(f.properties.code, f.id);
    for (const r of rings(f.geometry)) assertValidRing(r, f.id);
  }
  // 001 and 002 are side by side (x = LNG0 + CELL): the edge between them is the same two positions, walked both ways.
  const a = edgeKeys(one.geometry);
  const b = edgeKeys(fc.features.find((f) => f.id === '410104001001002')!.geometry);
  const shared = [...a].filter((k) => b.has(reversed(k)));
  assert.equal(shared.length, 1);
  assert.deepEqual(JSON.parse(shared[0]!).map((p: number[]) => p[0]), [LNG0 + CELL, LNG0 + CELL].map((v) => Math.round(v * 1e6) / 1e6));
  // Computed once: the district's features are the same object until something changes.
  assert.equal(await t.grids.features.district('410104'), await t.grids.features.district('410104'));
});

test('each caller sees the features their scope reaches, as in the lists', async () => {
  const sup = await login(t.app, 'supervisor');
  const handler = await login(t.app, 'handler');
  assert.deepEqual(codes((await get(sup, '/api/grids/features')).json()), ['410104001001001', '410104001001002']);
  const street = codes((await get(handler, '/api/grids/features')).json());
  assert.equal(street.length, 16);
  assert.ok(street.every((c) => c.startsWith('410104001')));
  assert.deepEqual(codes((await get(handler, '/api/grids/features?streetCode=410104002')).json()), []);
  assert.equal(codes((await get(admin, '/api/grids/features?districtCode=410104')).json()).length, 32);
  assert.deepEqual(codes((await get(admin, '/api/grids/features?districtCode=410105&streetCode=410104001')).json()), []);
  assert.deepEqual(codes((await get(admin, '/api/grids/features?communityCode=410104002002&bbox=113.7055,34.7005,113.7056,34.7006')).json()), ['410104002002006']);

  assert.deepEqual(codes((await get(sup, '/api/divisions/features?level=community')).json()), ['410104001001']);
  assert.deepEqual(codes((await get(sup, '/api/divisions/features?level=street')).json()), ['410104001']);
  assert.deepEqual(codes((await get(handler, '/api/divisions/features?level=community')).json()), ['410104001001', '410104001002']);
  assert.deepEqual(codes((await get(admin, '/api/divisions/features?level=community&parentCode=410104002')).json()), ['410104002001', '410104002002']);
  const district = (await get(sup, '/api/divisions/features?level=district')).json() as Fc;
  assert.deepEqual(codes(district), ['410104']);
  assert.deepEqual(district.features[0]!.properties, { code: '410104', level: 'district', name: '管城回族区', parentCode: '4101', isSchematic: false });
  // The same data, another scope: another ETag, so one browser never mixes two users' answers.
  assert.notEqual((await get(sup, '/api/grids/features')).headers.etag, (await get(admin, '/api/grids/features')).headers.etag);
});

test('a strict query: unknown parameters, a missing level or an unknown detail are 400s', async () => {
  for (const url of ['/api/grids/features?limit=10', '/api/grids/features?detail=tiny', '/api/divisions/features', '/api/divisions/features?level=city']) {
    const res = await get(admin, url);
    assert.equal(res.statusCode, 400, `${url}: ${res.body}`);
    assert.equal(res.json().error.code, 'VALIDATION_FAILED');
  }
});

test('gzip when the browser accepts it, the same collection inside', async () => {
  const plain = await get(admin, '/api/grids/features');
  const zipped = await get(admin, '/api/grids/features', { 'accept-encoding': 'gzip, deflate, br' });
  assert.equal(zipped.headers['content-encoding'], 'gzip');
  assert.equal(zipped.headers.vary, 'Accept-Encoding');
  assert.equal(zipped.headers.etag, plain.headers.etag);
  assert.deepEqual(JSON.parse(gunzipSync(zipped.rawPayload).toString('utf8')), plain.json());
  assert.equal((await get(admin, '/api/grids/features', { 'accept-encoding': 'gzip;q=0, identity' })).headers['content-encoding'], undefined);
});

/** Community 1 (410104001002) re-surveyed as two grids split by a seam a surveyor walked: a 10 m bulge, a 0.2 m zigzag every 2 m. */
function seamSurvey(): { type: 'FeatureCollection'; features: unknown[] } {
  const [x0, y0, x1, y1] = communityBox(1);
  const m = 1 / (111_320 * Math.cos((34.7 * Math.PI) / 180));
  const xm = (x0 + x1) / 2;
  const steps = 110; // ≈ 2 m apart along the 222 m seam
  const seam: number[][] = [];
  for (let i = 0; i <= steps; i++) {
    const bulge = 10 * (1 - Math.abs(i - steps / 2) / (steps / 2));
    const zig = i === 0 || i === steps || i === steps / 2 ? 0 : i % 2 ? 0.2 : -0.2;
    seam.push([Math.round((xm + (bulge + zig) * m) * 1e7) / 1e7, i === steps ? y1 : Math.round((y0 + (i * (y1 - y0)) / steps) * 1e7) / 1e7]);
  }
  const west = [[x0, y0], ...seam, [x0, y1], [x0, y0]];
  const east = [[x1, y0], [x1, y1], ...[...seam].reverse(), [x1, y0]];
  return {
    type: 'FeatureCollection',
    features: [['410104001002001', west], ['410104001002002', east]].map(([code, ring]) => ({ type: 'Feature', properties: { code }, geometry: { type: 'Polygon', coordinates: [ring] } })),
  };
}

async function importGrids(body: unknown) {
  const res = await call(t.app, admin, { method: 'POST', url: '/api/grids/import?fileName=survey.geojson', headers: { 'content-type': 'application/geo+json' }, payload: JSON.stringify(body) });
  assert.equal(res.statusCode, 200, res.body);
}

test('ETag and If-None-Match: 304 while nothing changed; a grid import changes the answer; a surveyed seam stays shared', async () => {
  const first = await get(admin, '/api/grids/features');
  const etag = first.headers.etag as string;
  assert.match(etag, /^W\/"[\w-]+"$/);
  assert.equal(first.headers['cache-control'], 'private, no-cache');
  const same = await get(admin, '/api/grids/features', { 'if-none-match': etag });
  assert.equal(same.statusCode, 304);
  assert.equal(same.rawPayload.length, 0);
  assert.equal((await get(admin, '/api/divisions/features?level=street', { 'if-none-match': etag })).statusCode, 200);
  const built = await t.grids.features.district('410104');

  await importGrids(seamSurvey());
  const after = await get(admin, '/api/grids/features', { 'if-none-match': etag });
  assert.equal(after.statusCode, 200);
  assert.notEqual(after.headers.etag, etag);
  assert.equal((after.json() as Fc).features.length, 26);
  assert.notEqual(await t.grids.features.district('410104'), built);
  assert.equal((await get(admin, '/api/grids/features', { 'if-none-match': `"x", ${after.headers.etag}` })).statusCode, 304);

  // The seam lost most of its zigzag but not its bulge, and both grids hold the very same positions along it.
  const map = (await get(admin, '/api/grids/features?communityCode=410104001002')).json() as Fc;
  const full = (await get(admin, '/api/grids/features?communityCode=410104001002&detail=full')).json() as Fc;
  assert.deepEqual(codes(map), ['410104001002001', '410104001002002']);
  const [x0, , x1] = communityBox(1);
  const onSeam = (f: Fc['features'][number]) => rings(f.geometry).flat().filter((p) => p[0]! > x0 + CELL && p[0]! < x1 - CELL).map((p) => JSON.stringify(p));
  const [west, east] = map.features.map(onSeam) as [string[], string[]];
  assert.deepEqual(new Set(west), new Set(east));
  const fullSeam = onSeam(full.features[0]!).length;
  assert.ok(fullSeam > 100 && new Set(west).size < fullSeam / 4, `seam positions: full ${fullSeam}, map ${new Set(west).size}`);
  const bulge = Math.max(...west.map((p) => JSON.parse(p)[0] as number)) - (x0 + x1) / 2;
  assert.ok(Math.abs(bulge * 111_320 * Math.cos((34.7 * Math.PI) / 180) - 10) < 1, `bulge ${bulge}`);
  for (const f of map.features) for (const r of rings(f.geometry)) assertValidRing(r, f.id);
});
