import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { polygonListArea, type PolygonList } from '../modules/geo/planar.ts';
import { MERGE_BELOW_RATIO, rasterizeCommunity } from './schematic-grids.ts';

// A slanted, off-lattice quadrilateral: its edges leave clip remnants of every size along the boundary.
const community: PolygonList = [[[[13, 7], [1042, 151], [987, 1033], [-31, 871], [13, 7]]]];

describe('rasterizeCommunity', () => {
  it('merges clipped cells under 40% of a full cell into a neighbour, keeping the area and one polygon per grid', () => {
    const raw = rasterizeCommunity(community, 100, 0).cells;
    const { size, cells } = rasterizeCommunity(community, 100);
    assert.equal(size, 100);
    assert.ok(raw.some((c) => c.areaM2 < 0.05 * size ** 2), 'the lattice leaves slivers to merge');
    assert.ok(cells.length < raw.length);
    for (const c of cells) {
      assert.ok(c.areaM2 >= MERGE_BELOW_RATIO * size ** 2, `cell ${c.row}/${c.col}: ${c.areaM2}`);
      assert.equal(c.polygons.length, 1);
    }
    const total = (list: { areaM2: number }[]) => list.reduce((s, c) => s + c.areaM2, 0);
    assert.ok(Math.abs(total(cells) - polygonListArea(community)) < 1e-6);
    assert.ok(Math.abs(total(raw) - polygonListArea(community)) < 1e-6);
    // A merged cell keeps the lattice position of one of its parts, so positions stay unique.
    assert.equal(new Set(cells.map((c) => `${c.row}/${c.col}`)).size, cells.length);
  });

  it('is deterministic', () => {
    assert.deepEqual(rasterizeCommunity(community, 100), rasterizeCommunity(community, 100));
  });

  it('leaves a sliver that no cell of the community touches as it is', () => {
    const withIsland: PolygonList = [...community, [[[1500, 1500], [1510, 1500], [1500, 1510], [1500, 1500]]]];
    const { cells } = rasterizeCommunity(withIsland, 100);
    const island = cells.filter((c) => c.areaM2 < 100);
    assert.equal(island.length, 1);
    assert.equal(island[0]!.areaM2, 50);
  });

  it('merges the small piece of a cell the boundary cut in two on its own, not the whole cell', () => {
    // A 2 m slot from the south edge up to y = 150 cuts lattice cell (0..100 row, 100..200 col) into 85 m and 12 m wide pieces.
    const slotted: PolygonList = [[[[0, 0], [185, 0], [185, 150], [187, 150], [187, 0], [199, 0], [199, 300], [0, 300], [0, 0]]]];
    const raw = rasterizeCommunity(slotted, 100, 0).cells;
    assert.ok(raw.some((c) => c.polygons.length === 2));
    const { cells } = rasterizeCommunity(slotted, 100);
    assert.equal(cells.length, raw.length);
    for (const c of cells) assert.equal(c.polygons.length, 1, JSON.stringify(c.polygons));
    const split = cells.find((c) => c.col === 1 && c.polygons[0]!.some((ring) => ring.some((p) => p[1] === 0)))!;
    assert.equal(split.areaM2, 8500);
    assert.ok(cells.some((c) => c.areaM2 === 9800 + 1200), 'the 12 m piece joined the cell north of it');
    assert.ok(Math.abs(cells.reduce((s, c) => s + c.areaM2, 0) - polygonListArea(slotted)) < 1e-6);
  });
});
