import * as turf from '@turf/turf';
import type * as GeoJSON from 'geojson';
import { clipRingToRect, closeRing, hasRectBridges, orientRings, polygonList, polygonListArea, type PolygonList, type Rect } from './planar.ts';

export function rectRing(r: Rect): GeoJSON.Position[] {
  return [
    [r.minX, r.minY],
    [r.maxX, r.minY],
    [r.maxX, r.maxY],
    [r.minX, r.maxY],
    [r.minX, r.minY],
  ];
}

export function clipPolygonsToRect(polygons: PolygonList, r: Rect): PolygonList {
  const out: PolygonList = [];
  for (const rings of polygons) {
    const exterior = rings[0];
    if (!exterior) continue;
    const clipped = rings.length === 1 ? clipRingToRect(exterior, r) : null;
    if (clipped && clipped.length < 3) continue;
    if (clipped && !hasRectBridges(clipped, r)) {
      const ring = closeRing(clipped);
      if (polygonListArea([[ring]]) > 0) out.push(orientRings([ring]));
      continue;
    }
    // Holes or a clip that splits into several pieces: the general (slower) clipper.
    const result = turf.intersect(turf.featureCollection([turf.polygon([rectRing(r)]), turf.polygon(rings)]));
    if (result) out.push(...polygonList(result.geometry as GeoJSON.Polygon | GeoJSON.MultiPolygon));
  }
  return out;
}
