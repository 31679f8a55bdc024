import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FeatureCollection, Polygon } from 'geojson';
import { boxParam, featureBox, projector, snapBox } from './coords.ts';
import { labelPoint, labelPoints } from './labels.ts';
import { OPEN_STATUSES, STAGE_OF, statusesOf } from './case-stages.ts';
import { caseMapQuery } from './map-api.ts';

const square = (x0: number, y0: number, x1: number, y1: number): Polygon => ({ type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] });

function inside(p: number[], ring: number[][]): boolean {
  let c = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if ((yi! > p[1]!) !== (yj! > p[1]!) && p[0]! < ((xj! - xi!) * (p[1]! - yi!)) / (yj! - yi!) + xi!) c = !c;
  }
  return c;
}

test('a label point lies inside the polygon, also for a U-shape whose centroid is in the gap', () => {
  assert.deepEqual(labelPoint(square(0, 0, 2, 2)), [1, 1]);
  const u: Polygon = { type: 'Polygon', coordinates: [[[0, 0], [3, 0], [3, 3], [2, 3], [2, 1], [1, 1], [1, 3], [0, 3], [0, 0]]] };
  const p = labelPoint(u)!;
  assert.ok(inside(p, u.coordinates[0]!), `label ${p} outside the U`);
});

test('a multipolygon is labelled in its largest part, once', () => {
  const fc: FeatureCollection<Polygon | { type: 'MultiPolygon'; coordinates: number[][][][] }, { name: string }> = {
    type: 'FeatureCollection',
    features: [{ type: 'Feature', id: 'a', properties: { name: 'A' }, geometry: { type: 'MultiPolygon', coordinates: [square(0, 0, 1, 1).coordinates, square(5, 5, 9, 9).coordinates] } }],
  };
  const pts = labelPoints(fc as never);
  assert.equal(pts.features.length, 1);
  assert.deepEqual(pts.features[0]!.geometry.coordinates, [7, 7]);
  assert.equal(pts.features[0]!.id, 'a');
});

test('boxes snap outward to a lattice and print without trailing zeros', () => {
  assert.deepEqual(snapBox([113.6712, 34.7201, 113.7089, 34.7488], 0.01), [113.67, 34.72, 113.71, 34.75]);
  assert.equal(boxParam([113.67, 34.72, 113.71, 34.75]), '113.67,34.72,113.71,34.75');
  assert.deepEqual(featureBox({ type: 'Feature', properties: {}, geometry: square(1, 2, 3, 4) }), [1, 2, 3, 4]);
});

test('GCJ-02 display shifts our WGS-84 data a few hundred metres and back', () => {
  const p = projector('gcj02');
  const wgs: [number, number] = [113.7, 34.73];
  const shown = p.toDisplay(wgs);
  assert.ok(Math.abs(shown[0] - wgs[0]) > 0.001 && Math.abs(shown[0] - wgs[0]) < 0.01);
  const back = p.fromDisplay(shown);
  assert.ok(Math.abs(back[0] - wgs[0]) < 1e-5 && Math.abs(back[1] - wgs[1]) < 1e-5);
  const fc = p.collection({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: square(113.7, 34.73, 113.71, 34.74) }] });
  assert.deepEqual((fc.features[0]!.geometry as Polygon).coordinates[0]![0], shown);
  const same = projector('wgs84');
  assert.deepEqual(same.toDisplay(wgs), wgs);
});

test('every status has a stage; open statuses are the non-final ones', () => {
  assert.equal(STAGE_OF.pendingDispatch, 'dispatch');
  assert.ok(!OPEN_STATUSES.includes('closed'));
  assert.deepEqual(statusesOf('paused'), ['shelved']);
});

test('the cases-map query joins lists and says booleans as the API reads them', () => {
  const q = caseMapQuery({ bbox: [113.6, 34.6, 113.9, 34.8], zoom: 12 }, { status: ['handling', 'dispatched'], overdue: true, urgency: 'urgent' });
  assert.equal(q.bbox, '113.6,34.6,113.9,34.8');
  assert.equal(q.status, 'handling,dispatched');
  assert.equal(q.overdue, 'true');
  assert.equal(q.step, undefined);
});
