import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { zipSync } from 'fflate';
import proj4 from 'proj4';
import type * as GeoJSON from 'geojson';
import { squareRing, writeShapefile } from './geo.fixtures.ts';
import { describeProblem, gaussKrugerProj4, GeoImportError, readFeatureFile, validateGridFeatures, type ImportedFeature } from './grid-import.ts';

const CGCS2000_GK_114E_WKT =
  'PROJCS["CGCS2000_3_Degree_GK_CM_114E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",114.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';
const toGk = proj4('EPSG:4326', gaussKrugerProj4(4547)!);

const json = (doc: unknown) => Buffer.from(JSON.stringify(doc));
const collection = (features: { properties: Record<string, unknown>; ring: GeoJSON.Position[] }[]) => ({
  type: 'FeatureCollection',
  features: features.map((f) => ({ type: 'Feature', properties: f.properties, geometry: { type: 'Polygon', coordinates: [f.ring] } })),
});

async function rejects(promise: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(promise, (e: unknown) => e instanceof GeoImportError && e.code === code);
}

describe('readFeatureFile: GeoJSON', () => {
  it('reads WGS-84 features, rounding to 7 decimals', async () => {
    const file = await readFeatureFile(json(collection([{ properties: { code: 'x' }, ring: squareRing(113.123456789, 34.7, 0.001) }])), 'a.geojson', {});
    assert.equal(file.crs, 'EPSG:4326');
    assert.equal(file.features.length, 1);
    assert.deepEqual(file.features[0]!.properties, { code: 'x' });
    assert.deepEqual((file.features[0]!.geometry as GeoJSON.Polygon).coordinates[0]![0], [113.1234568, 34.7]);
  });

  it('converts EPSG:4547 (CGCS2000 GK, CM 114°E) back to the original WGS-84 positions within 1e-6°', async () => {
    const original = squareRing(113.6612, 34.7481, 0.0013);
    const projected = original.map(([lng, lat]) => toGk.forward([lng!, lat!]));
    assert.ok(projected[0]![0]! > 400_000 && projected[0]![0]! < 500_000, 'easting west of the central meridian');
    for (const source of [
      { buffer: json(collection([{ properties: {}, ring: projected }])), opts: { crs: 'EPSG:4547' } },
      { buffer: json({ ...collection([{ properties: {}, ring: projected }]), crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4547' } } }), opts: {} },
    ]) {
      const file = await readFeatureFile(source.buffer, 'gk.json', source.opts);
      assert.equal(file.crs, 'EPSG:4547');
      const ring = (file.features[0]!.geometry as GeoJSON.Polygon).coordinates[0]!;
      ring.forEach((p, i) => {
        assert.ok(Math.abs(p[0]! - original[i]![0]!) < 1e-6 && Math.abs(p[1]! - original[i]![1]!) < 1e-6, `${p} vs ${original[i]}`);
      });
    }
  });

  it('defines the zone-prefixed GK systems too (EPSG:4513 = zone 25)', () => {
    assert.match(gaussKrugerProj4(4513)!, /\+lon_0=75 .*\+x_0=25500000 /);
    assert.match(gaussKrugerProj4(4525)!, /\+lon_0=111 .*\+x_0=37500000 /);
    assert.equal(gaussKrugerProj4(4555), null);
  });

  it('rejects unreadable, non-collection, non-polygon, unknown-CRS and projected-without-CRS input', async () => {
    await rejects(readFeatureFile(Buffer.from('{"type": "FeatureCollection", "features": ['), 'a.geojson', {}), 'GEO_FILE_UNREADABLE');
    await rejects(readFeatureFile(json({ type: 'Polygon', coordinates: [] }), 'a.geojson', {}), 'GEO_NOT_FEATURE_COLLECTION');
    await rejects(readFeatureFile(json({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [113, 34] } }] }), 'a.geojson', {}), 'GEO_GEOMETRY_NOT_POLYGON');
    await rejects(readFeatureFile(json(collection([])), 'a.geojson', { crs: 'EPSG:3857' }), 'GEO_CRS_UNKNOWN');
    await rejects(readFeatureFile(json(collection([{ properties: {}, ring: squareRing(472000, 3845000, 100) }])), 'a.geojson', {}), 'GEO_COORDINATES_OUT_OF_RANGE');
    await rejects(readFeatureFile(Buffer.from('hello'), 'a.kml', {}), 'GEO_FILE_TYPE_UNSUPPORTED');
  });
});

describe('readFeatureFile: zipped Shapefile', () => {
  const original = [squareRing(113.6612, 34.7481, 0.0013), squareRing(113.6625, 34.7481, 0.0013)];
  const projected = original.map((ring) => ring.map(([lng, lat]) => toGk.forward([lng!, lat!])));
  const guancheng = new Uint8Array([0xb9, 0xdc, 0xb3, 0xc7]); // 管城 in GBK
  const { shp, shx, dbf } = writeShapefile(projected, [
    { CODE: '410104001002001', NAME: guancheng },
    { CODE: '410104001002002', NAME: guancheng },
  ]);

  it('reads a zip with the layer in a subfolder, its .prj WKT and a GBK .cpg', async () => {
    const zip = zipSync({ 'survey/grids.shp': shp, 'survey/grids.shx': shx, 'survey/grids.dbf': dbf, 'survey/grids.prj': new TextEncoder().encode(CGCS2000_GK_114E_WKT), 'survey/grids.cpg': new TextEncoder().encode('GBK') });
    const file = await readFeatureFile(Buffer.from(zip), 'grids.zip', {});
    assert.equal(file.crs, 'EPSG:4547');
    assert.deepEqual(file.features.map((f) => f.properties), [
      { CODE: '410104001002001', NAME: '管城' },
      { CODE: '410104001002002', NAME: '管城' },
    ]);
    file.features.forEach((f, k) => {
      const ring = (f.geometry as GeoJSON.Polygon).coordinates[0]!;
      const expected = [...original[k]!].reverse(); // written clockwise
      assert.equal(ring.length, 5);
      for (const p of ring) assert.ok(expected.some((q) => Math.abs(p[0]! - q[0]!) < 1e-6 && Math.abs(p[1]! - q[1]!) < 1e-6), `${p}`);
    });
  });

  it('lets opts.crs override the .prj, and falls back to proj4 for an unnamed WKT', async () => {
    const wgs = writeShapefile(original, [{ CODE: 'a' }, { CODE: 'b' }]);
    const overridden = await readFeatureFile(Buffer.from(zipSync({ 'g.shp': wgs.shp, 'g.dbf': wgs.dbf, 'g.prj': new TextEncoder().encode(CGCS2000_GK_114E_WKT) })), 'g.zip', { crs: 'EPSG:4490' });
    assert.equal(overridden.crs, 'EPSG:4490');
    assert.equal((overridden.features[0]!.geometry as GeoJSON.Polygon).coordinates[0]![0]![1], 34.7481);
    const customWkt = CGCS2000_GK_114E_WKT.replace('CGCS2000_3_Degree_GK_CM_114E', 'Local_Survey_TM');
    const custom = await readFeatureFile(Buffer.from(zipSync({ 'g.shp': shp, 'g.dbf': dbf, 'g.prj': new TextEncoder().encode(customWkt) })), 'g.zip', {});
    assert.equal(custom.crs, 'WKT:Local_Survey_TM');
    const p = (custom.features[0]!.geometry as GeoJSON.Polygon).coordinates[0]![0]!;
    assert.ok(Math.abs(p[0]! - 113.6612) < 1e-5 && Math.abs(p[1]! - 34.7481) < 1e-5, `${p}`);
  });

  it('rejects a zip without .shp and a truncated .shp', async () => {
    await rejects(readFeatureFile(Buffer.from(zipSync({ 'g.dbf': dbf })), 'g.zip', {}), 'GEO_SHAPEFILE_PART_MISSING');
    await rejects(readFeatureFile(Buffer.from(zipSync({ 'g.shp': shp.slice(0, shp.length - 20), 'g.dbf': dbf })), 'g.zip', {}), 'GEO_FILE_UNREADABLE');
    await rejects(readFeatureFile(Buffer.from('PK\u0003\u0004garbage'), 'g.zip', {}), 'GEO_FILE_UNREADABLE');
  });
});

// Community 410104001002: 0.003° square; grids: a 3×3 lattice of 0.001° squares covering it exactly.
const X0 = 113.66, Y0 = 34.75, S = 0.001;
const communities = [{ code: '410104001002', geometry: { type: 'Polygon', coordinates: [squareRing(X0, Y0, 3 * S)] } as GeoJSON.Polygon }];
function latticeFeatures(): ImportedFeature[] {
  const features: ImportedFeature[] = [];
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 3; c++) {
      const code = `410104001002${String(r * 3 + c + 1).padStart(3, '0')}`;
      features.push({ index: features.length, properties: { BGCODE: code }, geometry: { type: 'Polygon', coordinates: [squareRing(X0 + c * S, Y0 + (2 - r) * S, S)] } });
    }
  }
  return features;
}
const withFeature = (index: number, patch: Partial<ImportedFeature>) => latticeFeatures().map((f) => (f.index === index ? { ...f, ...patch } : f));
const codes = (problems: { featureIndex: number; code: string }[]) => problems.map((p) => [p.featureIndex, p.code]);

describe('validateGridFeatures', () => {
  it('accepts a clean lattice: 9 grids, no problems, no gaps, areas in m²', () => {
    const v = validateGridFeatures(latticeFeatures(), communities);
    assert.deepEqual(v.problems, []);
    assert.deepEqual(v.gaps, []);
    assert.equal(v.grids.length, 9);
    assert.ok(Math.abs(v.grids[0]!.areaM2 - 0.001 * 111320 * Math.cos((34.7515 * Math.PI) / 180) * 0.001 * 110574) < 5);
  });

  it('reports missing, malformed and duplicate codes, and normalises legacy 14-digit codes', () => {
    const features = latticeFeatures();
    features[0]!.properties = { name: 'no code' };
    features[1]!.properties = { BGCODE: '4101040010020' };
    features[2]!.properties = { BGCODE: '41010400100203' };
    features[3]!.properties = { BGCODE: '410104001002003' };
    const v = validateGridFeatures(features, communities);
    assert.deepEqual(codes(v.problems), [
      [0, 'GRID_CODE_MISSING'],
      [1, 'GRID_CODE_FORMAT'],
      [3, 'GRID_CODE_DUPLICATE'],
    ]);
    assert.equal(v.problems[2]!.detail.firstFeatureIndex, 2);
    assert.ok(v.grids.some((g) => g.code === '410104001002003'));
    assert.equal(v.gaps[0]?.communityCode, '410104001002');
    assert.ok(Math.abs(v.gaps[0]!.areaM2 - 3 * v.grids[0]!.areaM2) < 5, 'the three rejected squares are uncovered');
  });

  it('uses opts.codeField', () => {
    const features = latticeFeatures().map((f) => ({ ...f, properties: { MY_ID: f.properties.BGCODE, BGCODE: 'junk' } }));
    assert.deepEqual(validateGridFeatures(features, communities, { codeField: 'my_id' }).problems, []);
  });

  it('flags an unknown community and a grid crossing its community boundary', () => {
    const unknown = withFeature(0, { properties: { BGCODE: '410104001009001' } });
    assert.deepEqual(codes(validateGridFeatures(unknown, communities).problems), [[0, 'GRID_COMMUNITY_UNKNOWN']]);
    const crossing = withFeature(2, { geometry: { type: 'Polygon', coordinates: [squareRing(X0 + 2.5 * S, Y0 + 2 * S, S)] } });
    const v = validateGridFeatures(crossing, communities);
    assert.deepEqual(codes(v.problems), [[2, 'GRID_OUTSIDE_COMMUNITY']]);
    assert.ok(Number(v.problems[0]!.detail.outsideM2) > 4000);
  });

  it('tolerates a sliver outside the community', () => {
    const sliver = withFeature(2, { geometry: { type: 'Polygon', coordinates: [squareRing(X0 + 2 * S, Y0 + 2 * S, S + 1e-7, S)] } });
    assert.deepEqual(validateGridFeatures(sliver, communities).problems, []);
  });

  it('flags overlapping grids on the later feature, naming the earlier one and the area', () => {
    const features = [...latticeFeatures(), { index: 9, properties: { BGCODE: '410104001002010' }, geometry: { type: 'Polygon', coordinates: [squareRing(X0 + 0.5 * S, Y0 + 0.5 * S, S)] } as GeoJSON.Polygon }];
    const v = validateGridFeatures(features, communities);
    assert.deepEqual(codes(v.problems), [[9, 'GRID_OVERLAP'], [9, 'GRID_OVERLAP'], [9, 'GRID_OVERLAP'], [9, 'GRID_OVERLAP']]);
    assert.deepEqual(v.problems.map((p) => p.detail.otherFeatureIndex).sort(), [3, 4, 6, 7]);
    for (const p of v.problems) assert.ok(Math.abs(Number(p.detail.areaM2) - v.grids[0]!.areaM2 / 4) < 5);
    assert.equal(v.grids.length, 9);
    const tiny = validateGridFeatures(features, communities, { overlapToleranceM2: 10_000 });
    assert.deepEqual(tiny.problems, []);
  });

  it('flags a self-intersecting bowtie and invalid rings', () => {
    const bowtie = withFeature(4, { geometry: { type: 'Polygon', coordinates: [[[X0 + S, Y0 + S], [X0 + 2 * S, Y0 + 2 * S], [X0 + 2 * S, Y0 + S], [X0 + S, Y0 + 2 * S], [X0 + S, Y0 + S]]] } });
    assert.deepEqual(codes(validateGridFeatures(bowtie, communities).problems), [[4, 'GRID_SELF_INTERSECTION']]);
    const open = withFeature(4, { geometry: { type: 'Polygon', coordinates: [squareRing(X0 + S, Y0 + S, S).slice(0, 4).concat([[X0 + S, Y0 + S + 1e-4]])] } });
    const few = withFeature(4, { geometry: { type: 'Polygon', coordinates: [[[X0, Y0], [X0 + S, Y0], [X0, Y0]]] } });
    const flat = withFeature(4, { geometry: { type: 'Polygon', coordinates: [[[X0, Y0], [X0 + S, Y0], [X0 + 2 * S, Y0], [X0, Y0]]] } });
    const nan = withFeature(4, { geometry: { type: 'Polygon', coordinates: [[[X0, Y0], [Number.NaN, Y0], [X0 + S, Y0 + S], [X0, Y0]]] } });
    for (const [features, reason] of [[open, 'not closed'], [few, 'too few positions'], [flat, 'zero area'], [nan, 'non-finite coordinate']] as const) {
      const v = validateGridFeatures(features, communities);
      assert.equal(v.problems[0]?.code, 'GRID_RING_INVALID');
      assert.equal(v.problems[0]?.detail.reason, reason);
    }
  });

  it('reports a coverage gap per community above the tolerance, not as a problem', () => {
    const features = latticeFeatures().filter((f) => f.index !== 4);
    const v = validateGridFeatures(features, communities);
    assert.deepEqual(v.problems, []);
    assert.equal(v.gaps.length, 1);
    assert.ok(Math.abs(v.gaps[0]!.areaM2 - v.grids[0]!.areaM2) < 5);
    assert.deepEqual(validateGridFeatures(features, communities, { gapToleranceM2: 20_000 }).gaps, []);
  });
});

describe('describeProblem', () => {
  it('speaks Chinese and English, numbering features from 1', () => {
    const problem = { featureIndex: 9, code: 'GRID_OVERLAP' as const, detail: { otherFeatureIndex: 3, areaM2: 2500.5, value: '410104001002010' } };
    assert.equal(describeProblem(problem, 'zh-CN'), '第10个要素：与第4个要素重叠2500.5平方米');
    assert.equal(describeProblem(problem, 'en'), 'Feature #10: Overlaps feature #4 by 2500.5 m²');
    const format = { featureIndex: 0, code: 'GRID_CODE_FORMAT' as const, detail: { value: '123' } };
    assert.match(describeProblem(format, 'zh-CN'), /15位数字/);
  });
});
