import * as turf from '@turf/turf';
import type { Polygonal } from './geo.types.ts';
import { closeRing, dropRepeatedPoints, polygonList, ringSignedArea } from './planar.ts';

export type GeometryIssue =
  | { kind: 'ring'; reason: 'not closed' | 'too few positions' | 'non-finite coordinate' | 'zero area'; polygon: number; ring: number }
  | { kind: 'self-intersection'; lng: number; lat: number };

/** Ring validity in the OGC simple-features sense, as far as an import needs it. Returns the first issue. */
export function checkPolygonal(geometry: Polygonal): GeometryIssue | null {
  const polygons = polygonList(geometry);
  if (polygons.length === 0) return { kind: 'ring', reason: 'too few positions', polygon: 0, ring: 0 };
  for (const [pi, rings] of polygons.entries()) {
    if (rings.length === 0) return { kind: 'ring', reason: 'too few positions', polygon: pi, ring: 0 };
    for (const [ri, ring] of rings.entries()) {
      const at = { polygon: pi, ring: ri };
      if (ring.length < 4) return { kind: 'ring', reason: 'too few positions', ...at };
      if (ring.some((p) => !Number.isFinite(p[0]) || !Number.isFinite(p[1]))) return { kind: 'ring', reason: 'non-finite coordinate', ...at };
      const first = ring[0]!, last = ring[ring.length - 1]!;
      if (first[0] !== last[0] || first[1] !== last[1]) return { kind: 'ring', reason: 'not closed', ...at };
    }
  }
  // Per ring: turf kinks across rings would also flag parts that legitimately touch at a vertex.
  for (const rings of polygons) {
    for (const ring of rings) {
      // Repeated consecutive positions are legal (OGC) but turf reports them as kinks.
      const distinct = dropRepeatedPoints(ring);
      if (distinct.length < 3) continue;
      const kink = turf.kinks(turf.polygon([closeRing(distinct)])).features[0];
      if (kink) {
        const [lng, lat] = kink.geometry.coordinates as [number, number];
        return { kind: 'self-intersection', lng: Math.round(lng * 1e7) / 1e7, lat: Math.round(lat * 1e7) / 1e7 };
      }
    }
  }
  // After the kink test: a symmetric bowtie also has zero signed area, but "self-intersection" is the useful diagnosis.
  for (const [pi, rings] of polygons.entries()) {
    for (const [ri, ring] of rings.entries()) if (ringSignedArea(ring) === 0) return { kind: 'ring', reason: 'zero area', polygon: pi, ring: ri };
  }
  return null;
}

/** Finds the code-like property: an explicit field name first, then common names case-insensitively. */
export function pickField(properties: Record<string, unknown>, explicit: string | undefined, candidates: readonly string[]): { field: string; value: string } | null {
  const keys = Object.keys(properties);
  for (const wanted of explicit ? [explicit] : candidates) {
    const key = keys.find((k) => k.toLowerCase() === wanted.toLowerCase());
    if (key === undefined) continue;
    const raw = properties[key];
    if (raw === null || raw === undefined) continue;
    const value = (typeof raw === 'number' ? raw.toFixed(0) : String(raw)).trim();
    if (value !== '') return { field: key, value };
  }
  return null;
}
