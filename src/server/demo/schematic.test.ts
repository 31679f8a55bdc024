import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { before, describe, it } from 'node:test';
import { loadDefaultDistrictSource, parseCsv } from '../modules/geo/district-source.ts';
import type { DistrictSource, GridFeature, Polygonal } from '../modules/geo/geo.types.ts';
import { validateGridFeatures } from '../modules/geo/grid-validation.ts';
import { areaM2, boundsOf, centerLat, pointInPolygons, polygonList } from '../modules/geo/planar.ts';
import { generateSchematicDistrict, summarizeGrids, type SchematicResult } from './schematic.ts';

const dataDir = fileURLToPath(new URL('../../../data', import.meta.url));
const BUILT_UP = /^410104(00\d|570)/;

describe('parseCsv', () => {
  it('handles quotes, doubled quotes, CRLF and a BOM', () => {
    assert.deepEqual(parseCsv('\uFEFFcode,name\r\n1,"a, ""b"""\r\n2,c\n'), [
      { code: '1', name: 'a, "b"' },
      { code: '2', name: 'c' },
    ]);
  });
});

describe('generateSchematicDistrict (Guancheng 410104)', () => {
  let source: DistrictSource;
  let result: SchematicResult;
  let elapsedMs = 0;
  let unmergedResult: SchematicResult | undefined;
  const unmerged = () => (unmergedResult ??= generateSchematicDistrict(source, { mergeBelowRatio: 0 }));
  before(async () => {
    source = await loadDefaultDistrictSource(dataDir);
    const start = performance.now();
    result = generateSchematicDistrict(source);
    elapsedMs = performance.now() - start;
  });

  it('loads the division lists', () => {
    assert.equal(source.streets.length, 14);
    assert.equal(source.communities.length, 155);
  });

  it('is deterministic for a seed and varies with it', () => {
    const again = generateSchematicDistrict(source);
    assert.deepEqual(again.grids, result.grids);
    assert.deepEqual(again.communities, result.communities);
    const other = generateSchematicDistrict(source, { seed: 99 });
    assert.notDeepEqual(other.communities.map((c) => c.geometry), result.communities.map((c) => c.geometry));
  });

  it('finishes well inside the 10 s budget', () => {
    assert.ok(elapsedMs < 10_000, `took ${elapsedMs} ms`);
  });

  it('gives every street a zone that contains its anchor and the streets tile the outline', () => {
    assert.equal(result.streets.length, 14);
    const outlineM2 = areaM2([source.outline.coordinates], centerLat(boundsOf([source.outline.coordinates])));
    const lat = centerLat(boundsOf([source.outline.coordinates]));
    const streetsM2 = result.streets.reduce((sum, s) => sum + areaM2(polygonList(s.geometry), lat), 0);
    assert.ok(Math.abs(streetsM2 - outlineM2) / outlineM2 < 1e-6);
    for (const street of result.streets) {
      const anchor = source.anchors.find((a) => a.code === street.code)!;
      if (pointInPolygons([source.outline.coordinates], anchor.lng, anchor.lat)) assert.ok(pointInPolygons(polygonList(street.geometry), anchor.lng, anchor.lat), street.code);
    }
  });

  it('splits each street into exactly its communities, which tile it', () => {
    const lat = centerLat(boundsOf([source.outline.coordinates]));
    for (const street of source.streets) {
      const communities = result.communities.filter((c) => c.streetCode === street.code);
      assert.equal(communities.length, street.communityCount, street.code);
      const streetGeometry = result.streets.find((s) => s.code === street.code)!.geometry;
      const streetM2 = areaM2(polygonList(streetGeometry), lat);
      const sum = communities.reduce((s, c) => s + areaM2(polygonList(c.geometry), lat), 0);
      assert.ok(Math.abs(sum - streetM2) / streetM2 < 1e-6, `${street.code}: ${sum} vs ${streetM2}`);
      for (const c of communities) assert.ok(areaM2(polygonList(c.geometry), lat) > 1000, c.code);
    }
  });

  it('numbers grids 001… per community, north→south then west→east, at most 999', () => {
    for (const [run, grids] of [['unmerged', unmerged().grids], ['merged', result.grids]] as const) {
      const byCommunity = new Map<string, GridFeature[]>();
      for (const g of grids) byCommunity.set(g.communityCode, [...(byCommunity.get(g.communityCode) ?? []), g]);
      assert.equal(byCommunity.size, 155);
      for (const [communityCode, list] of byCommunity) {
        assert.ok(list.length <= 999);
        list.forEach((g, i) => assert.equal(g.code, `${communityCode}${String(i + 1).padStart(3, '0')}`));
        for (let i = 1; i < list.length; i++) {
          const prev = boundsOf(polygonList(list[i - 1]!.geometry));
          const cur = boundsOf(polygonList(list[i]!.geometry));
          const at = `${run}: ${list[i]!.code} after ${list[i - 1]!.code}`;
          if (run === 'unmerged') {
            // Each grid lies in one lattice cell: the next one is east of it in the same row, or wholly in a row further south.
            assert.ok(cur.maxY <= prev.minY + 1e-9 || cur.minX >= prev.maxX - 1e-9, at);
          } else {
            // A merged grid also covers neighbouring slivers, so compare centres; it never lies wholly further north.
            assert.ok((cur.minX + cur.maxX) / 2 > (prev.minX + prev.maxX) / 2 || (cur.minY + cur.maxY) / 2 < (prev.minY + prev.maxY) / 2, at);
            assert.ok(cur.minY < prev.maxY, at);
          }
        }
      }
    }
  });

  it('merges clipped slivers: no grid under 15% of a full cell unless no grid of its community shares an edge with it', () => {
    const before = unmerged();
    const isolated: string[] = [];
    for (const g of result.grids) {
      const fullM2 = BUILT_UP.test(g.communityCode) ? 110 ** 2 : 300 ** 2;
      if (g.areaM2 >= 0.15 * fullM2) continue;
      const shares = result.grids.some((o) => o !== g && o.communityCode === g.communityCode && sharedEdgeLength(g.geometry, o.geometry) > 0);
      assert.ok(!shares, `${g.code}: ${g.areaM2} m² has a same-community neighbour`);
      isolated.push(g.code);
    }
    assert.ok(isolated.length <= 3, `isolated small grids: ${isolated.join(', ')}`);
    assert.ok(before.grids.filter((g) => g.areaM2 < 1000).length > 500, 'the unmerged lattice has many slivers');
    assert.ok(result.grids.length < before.grids.length);
    // Merging keeps grids in one piece except where a remnant touches nothing but its own cell.
    assert.ok(summarizeGrids(result.grids).multiPolygons <= 3);
  });

  it('sizes grids ~100–150 m in built-up streets and larger in sparse ones, several thousand in total', () => {
    const stats = summarizeGrids(result.grids);
    assert.ok(stats.total >= 3000 && stats.total <= 15000, `total ${stats.total}`);
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1]!;
    const builtUp = median(result.grids.filter((g) => BUILT_UP.test(g.communityCode)).map((g) => g.areaM2));
    const sparse = median(result.grids.filter((g) => !BUILT_UP.test(g.communityCode)).map((g) => g.areaM2));
    assert.ok(builtUp >= 100 ** 2 && builtUp <= 150 ** 2, `built-up median ${builtUp}`);
    assert.ok(sparse >= 250 ** 2 && sparse <= 400 ** 2, `sparse median ${sparse}`);
    assert.ok(stats.minAreaM2 >= 1);
  });

  it('passes import validation: each grid inside its community, no overlaps, coverage gap < 0.1%', () => {
    const features = result.grids.map((g, index) => ({ index, properties: { code: g.code }, geometry: g.geometry }));
    const v = validateGridFeatures(features, result.communities, { gapToleranceM2: 0 });
    assert.deepEqual(v.problems, []);
    assert.equal(v.grids.length, result.grids.length);
    // With zero tolerance only floating-point noise may show up as a gap.
    assert.deepEqual(v.gaps.filter((g) => g.areaM2 > 0), []);
    const lat = centerLat(boundsOf([source.outline.coordinates]));
    const outlineM2 = areaM2([source.outline.coordinates], lat);
    const gapM2 = v.gaps.reduce((s, g) => s + g.areaM2, 0);
    assert.ok(gapM2 / outlineM2 < 0.001, `gap ${gapM2} m²`);
    const gridsM2 = result.grids.reduce((s, g) => s + g.areaM2, 0);
    assert.ok(Math.abs(gridsM2 - outlineM2) / outlineM2 < 0.001);
  });
});

/** Length (in degrees) of boundary two grids share along axis-parallel edges — lattice grid lines stay axis-parallel in lng/lat. */
function sharedEdgeLength(a: Polygonal, b: Polygonal): number {
  const edges = (g: Polygonal) =>
    polygonList(g).flatMap((rings) => rings.flatMap((ring) => ring.slice(1).map((q, k) => [ring[k]!, q] as const)));
  const eb = edges(b);
  let total = 0;
  for (const [p, q] of edges(a)) {
    for (const axis of [0, 1] as const) {
      if (p[axis] !== q[axis]) continue;
      const o = 1 - axis;
      for (const [r, s] of eb) {
        if (r[axis] !== p[axis] || s[axis] !== p[axis]) continue;
        total += Math.max(0, Math.min(Math.max(p[o]!, q[o]!), Math.max(r[o]!, s[o]!)) - Math.max(Math.min(p[o]!, q[o]!), Math.min(r[o]!, s[o]!)));
      }
    }
  }
  return total;
}
