import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Polygonal } from './geo.types.ts';
import { interiorPoint } from './interior-point.ts';
import { pointInPolygons, polygonList } from './planar.ts';

const inside = (g: Polygonal, p: [number, number]) => pointInPolygons(polygonList(g), p[0], p[1]);

test('a rectangle’s point is its centre', () => {
  assert.deepEqual(interiorPoint({ type: 'Polygon', coordinates: [[[0, 0], [4, 0], [4, 2], [0, 2], [0, 0]]] }), [2, 1]);
});

test('a U shape, whose centroid and bounds centre lie in the gap, gets a point inside an arm', () => {
  const u: Polygonal = { type: 'Polygon', coordinates: [[[0, 0], [3, 0], [3, 3], [2, 3], [2, 1], [1, 1], [1, 3], [0, 3], [0, 0]]] };
  assert.equal(inside(u, [1.5, 1.5]), false, 'the middle of the bounds is in the gap');
  const p = interiorPoint(u);
  assert.equal(inside(u, p), true, JSON.stringify(p));
});

test('a ring with a hole in the middle, and a multipolygon, get points inside', () => {
  const donut: Polygonal = { type: 'Polygon', coordinates: [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]], [[3, 3], [7, 3], [7, 7], [3, 7], [3, 3]]] };
  const p = interiorPoint(donut);
  assert.equal(inside(donut, p), true, JSON.stringify(p));
  const multi: Polygonal = { type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]], [[[5, 0], [9, 0], [9, 1], [5, 1], [5, 0]]]] };
  const q = interiorPoint(multi);
  assert.equal(inside(multi, q), true);
  assert.deepEqual(q, [7, 0.5], 'the widest part');
});

test('a thin diagonal sliver still gets a point inside', () => {
  const sliver: Polygonal = { type: 'Polygon', coordinates: [[[0, 0], [10, 9.9], [10, 10], [0, 0.1], [0, 0]]] };
  assert.equal(inside(sliver, interiorPoint(sliver)), true);
});
