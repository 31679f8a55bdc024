import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { polygonListArea, unionTouchingPolygons, type PolygonList } from './planar.ts';

const box = (x0: number, y0: number, x1: number, y1: number): PolygonList => [[[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]];

describe('unionTouchingPolygons', () => {
  it('splices two squares sharing a full edge into one rectangle without leftover vertices', () => {
    const u = unionTouchingPolygons(box(0, 0, 10, 10), box(10, 0, 20, 10))!;
    assert.equal(u.length, 1);
    assert.equal(u[0]!.length, 1);
    assert.equal(u[0]![0]!.length, 5);
    assert.equal(polygonListArea(u), 200);
  });

  it('handles a partly shared edge (T-junctions) and a clipped, sloped sliver', () => {
    const sliver: PolygonList = [[[[10, 2], [13, 5], [10, 7], [10, 2]]]];
    const u = unionTouchingPolygons(box(0, 0, 10, 10), sliver)!;
    assert.equal(u.length, 1);
    assert.equal(polygonListArea(u), 100 + polygonListArea(sliver));
    assert.deepEqual(new Set(u[0]![0]!.map((p) => p.join())), new Set(['0,0', '10,0', '10,2', '13,5', '10,7', '10,10', '0,10']));
    // Exterior stays counter-clockwise and closed.
    const ring = u[0]![0]!;
    assert.deepEqual(ring[0], ring[ring.length - 1]);
  });

  it('keeps an enclosed hole as a hole', () => {
    const u: PolygonList = [[[[0, 0], [30, 0], [30, 30], [20, 30], [20, 10], [10, 10], [10, 30], [0, 30], [0, 0]]]];
    const capped = unionTouchingPolygons(u, box(10, 20, 20, 30))!;
    assert.equal(capped.length, 1);
    assert.equal(capped[0]!.length, 2);
    assert.equal(polygonListArea(capped), 900 - 100);
  });

  it('returns null when nothing is shared or the boundary would pinch at a vertex', () => {
    assert.equal(unionTouchingPolygons(box(0, 0, 10, 10), box(20, 0, 30, 10)), null);
    assert.equal(unionTouchingPolygons(box(0, 0, 10, 10), box(10, 10, 20, 20)), null);
    // Shares the square's east edge and also touches its north-west corner: the union's boundary pinches there.
    const wrap: PolygonList = [[[[10, 0], [20, 0], [20, 20], [-10, 20], [-10, 10], [0, 10], [5, 18], [10, 10], [10, 0]]]];
    assert.equal(unionTouchingPolygons(box(0, 0, 10, 10), wrap), null);
  });
});
