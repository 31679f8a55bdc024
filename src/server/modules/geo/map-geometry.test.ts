import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type * as GeoJSON from 'geojson';
import { checkPolygonal } from './geometry-checks.ts';
import type { Polygonal } from './geo.types.ts';
import { simplifyShapes } from './map-geometry.ts';
import { polygonList } from './planar.ts';

// ~1 m in degrees at 34.7° N.
const M_LNG = 1 / (111_320 * Math.cos((34.7 * Math.PI) / 180));
const M_LAT = 1 / 110_574;
const X0 = 113.7, Y0 = 34.7, XM = X0 + 100 * M_LNG, X1 = X0 + 200 * M_LNG, Y1 = Y0 + 100 * M_LAT;

/** The shared boundary x ≈ XM from south to north: a 10 m bulge peaking at the middle, with a 0.1 m zigzag every 2 m. */
function seam(): GeoJSON.Position[] {
  const out: GeoJSON.Position[] = [];
  for (let i = 0; i <= 50; i++) {
    const wiggle = 10 * (1 - Math.abs(i - 25) / 25) + (i === 0 || i === 25 || i === 50 ? 0 : i % 2 ? 0.1 : -0.1);
    out.push([XM + wiggle * M_LNG, Y0 + i * 2 * M_LAT]);
  }
  return out;
}

function pair(noise: number): { west: Polygonal; east: Polygonal } {
  const s = seam();
  const west = [[X0, Y0], ...s, [X0, Y1], [X0, Y0]];
  // The east side's copy of the seam as another survey might write it: reversed, with float noise.
  const east = [[X1, Y0], [X1, Y1], ...[...s].reverse().map(([x, y]) => [x! + noise, y! - noise]), [X1, Y0]];
  return { west: { type: 'Polygon', coordinates: [west] }, east: { type: 'Polygon', coordinates: [east.reverse()] } };
}

const near = (g: Polygonal) => new Set(polygonList(g).flat(1).flat(1).filter((p) => Math.abs(p[0]! - XM) < 20 * M_LNG).map((p) => `${p[0]},${p[1]}`));

describe('simplifyShapes', () => {
  it('simplifies a shared edge once, so both neighbours keep identical positions along it', () => {
    const { west, east } = pair(1e-12);
    const { shapes, stats } = simplifyShapes([{ key: 'w', geometry: west }, { key: 'e', geometry: east }]);
    const w = shapes.get('w')!, e = shapes.get('e')!;
    assert.ok(stats.positionsOut < stats.positionsIn / 4, JSON.stringify(stats));
    // The zigzag is gone, the bend and the seam's ends stay — the same positions on both sides.
    assert.deepEqual([...near(w)].sort(), [...near(e)].sort());
    assert.equal(near(w).size, 3);
    assert.ok(near(w).has(`${Math.round((XM + 10 * M_LNG) * 1e6) / 1e6},${Math.round((Y0 + 50 * M_LAT) * 1e6) / 1e6}`));
    for (const g of [w, e]) {
      assert.equal(checkPolygonal(g), null);
      for (const p of polygonList(g).flat(1).flat(1)) assert.ok(Math.round(p[0]! * 1e6) / 1e6 === p[0] && Math.round(p[1]! * 1e6) / 1e6 === p[1]);
    }
    assert.equal(stats.keptWhole, 0);
  });

  it('keeps a shape whole when simplifying would collapse it, and MultiPolygons stay multi', () => {
    const tiny: Polygonal = { type: 'Polygon', coordinates: [[[X0, Y0], [X0 + 2 * M_LNG, Y0], [X0 + 2 * M_LNG, Y0 + 2 * M_LAT], [X0, Y0 + 2 * M_LAT], [X0, Y0]]] };
    const far = (dx: number): GeoJSON.Position[][] => [[[X1 + dx, Y0], [X1 + dx + 0.001, Y0], [X1 + dx + 0.001, Y1], [X1 + dx, Y1], [X1 + dx, Y0]]];
    const multi: Polygonal = { type: 'MultiPolygon', coordinates: [far(0.01), far(0.02)] };
    const { shapes, stats } = simplifyShapes([{ key: 't', geometry: tiny }, { key: 'm', geometry: multi }]);
    assert.equal(stats.keptWhole, 1);
    assert.equal(polygonList(shapes.get('t')!)[0]![0]!.length, 5);
    assert.equal(checkPolygonal(shapes.get('t')!), null);
    assert.equal(shapes.get('m')!.type, 'MultiPolygon');
    assert.equal(polygonList(shapes.get('m')!).length, 2);
  });
});
