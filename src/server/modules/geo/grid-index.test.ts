import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Polygonal } from './geo.types.ts';
import { buildGridIndex } from './grid-index.ts';
import { pointInPolygons, polygonList } from './planar.ts';
import { createPrng } from './prng.ts';

const square = (x: number, y: number, s: number): number[][] => [
  [x, y],
  [x + s, y],
  [x + s, y + s],
  [x, y + s],
  [x, y],
];

function lattice(): { code: string; communityCode: string; geometry: Polygonal }[] {
  const grids: { code: string; communityCode: string; geometry: Polygonal }[] = [];
  let seq = 1;
  for (let j = 0; j < 6; j++) {
    for (let i = 0; i < 8; i++) {
      grids.push({ code: `410104001002${String(seq++).padStart(3, '0')}`, communityCode: '410104001002', geometry: { type: 'Polygon', coordinates: [square(113.6 + i * 0.001, 34.7 + j * 0.001, 0.001)] } });
    }
  }
  // A grid with a hole, and a two-part grid, east of the lattice.
  grids.push({
    code: '410104002001001',
    communityCode: '410104002001',
    geometry: { type: 'Polygon', coordinates: [square(113.61, 34.7, 0.004), square(113.611, 34.701, 0.001).reverse()] },
  });
  grids.push({ code: '410104002001002', communityCode: '410104002001', geometry: { type: 'MultiPolygon', coordinates: [[square(113.616, 34.7, 0.001)], [square(113.618, 34.702, 0.001)]] } });
  return grids;
}

describe('buildGridIndex', () => {
  const grids = lattice();
  const index = buildGridIndex(grids);

  it('agrees with brute-force point-in-polygon on random points, including holes and multi-part grids', () => {
    const rand = createPrng(7);
    let hits = 0;
    for (let k = 0; k < 50_000; k++) {
      const lng = 113.598 + rand() * 0.024;
      const lat = 34.698 + rand() * 0.01;
      const expected = grids.filter((g) => pointInPolygons(polygonList(g.geometry), lng, lat)).map((g) => g.code);
      const got = index.lookup(lng, lat);
      assert.ok(expected.length <= 1, 'fixture grids do not overlap');
      assert.equal(got?.code ?? null, expected[0] ?? null, `at ${lng},${lat}`);
      if (got) hits++;
    }
    assert.ok(hits > 10_000);
  });

  it('returns null inside a hole, in the gap between parts and outside the extent', () => {
    assert.equal(index.lookup(113.6115, 34.7015), null);
    assert.equal(index.lookup(113.6175, 34.7005), null);
    assert.equal(index.lookup(113.6185, 34.7025)?.code, '410104002001002');
    assert.equal(index.lookup(0, 0), null);
    assert.equal(index.lookup(Number.NaN, 34.7), null);
  });

  it('fills street and district codes and returns the same object on every hit', () => {
    const a = index.lookup(113.6005, 34.7005);
    assert.deepEqual(a && { ...a }, { id: undefined, code: '410104001002001', communityCode: '410104001002', streetCode: '410104001', districtCode: '410104' });
    assert.equal(index.lookup(113.6006, 34.7004), a);
    assert.equal(index.size, grids.length);
  });

  it('resolves a point on a shared edge or corner to exactly one grid, the same every time', () => {
    const onEdge = index.lookup(113.601, 34.7005);
    const onCorner = index.lookup(113.601, 34.701);
    assert.ok(onEdge && onCorner);
    assert.equal(index.lookup(113.601, 34.7005), onEdge);
    const rebuilt = buildGridIndex([...grids].reverse());
    assert.equal(rebuilt.lookup(113.601, 34.7005)?.code, onEdge.code);
    assert.equal(rebuilt.lookup(113.601, 34.701)?.code, onCorner.code);
  });

  it('handles an empty grid set', () => {
    assert.equal(buildGridIndex([]).lookup(113.6, 34.7), null);
  });
});
