/**
 * Our data is WGS-84; a GCJ-02 basemap (AMap) is drawn shifted. Coordinates are converted for display
 * only — to draw them and back for clicks and the view's bounds sent to the API.
 */
import gcoord from 'gcoord';
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';

export type Crs = 'wgs84' | 'gcj02';
export type LngLat = [number, number];
/** [minLng, minLat, maxLng, maxLat] */
export type Box = [number, number, number, number];

export interface Projector {
  crs: Crs;
  toDisplay(p: LngLat): LngLat;
  fromDisplay(p: LngLat): LngLat;
  box(b: Box): Box;
  /** A copy of the collection in display coordinates (the same object when nothing changes). */
  collection<G extends Geometry, P>(fc: FeatureCollection<G, P>): FeatureCollection<G, P>;
}

const identity = <T>(x: T) => x;

function mapPositions(c: unknown, f: (p: LngLat) => LngLat): unknown {
  if (Array.isArray(c) && typeof c[0] === 'number') return f([c[0], c[1] as number]);
  return Array.isArray(c) ? c.map((x) => mapPositions(x, f)) : c;
}

export function projector(crs: Crs): Projector {
  if (crs === 'wgs84') return { crs, toDisplay: identity, fromDisplay: identity, box: identity, collection: identity };
  const toDisplay = (p: LngLat) => gcoord.transform(p, gcoord.WGS84, gcoord.GCJ02) as LngLat;
  const fromDisplay = (p: LngLat) => gcoord.transform(p, gcoord.GCJ02, gcoord.WGS84) as LngLat;
  return {
    crs,
    toDisplay,
    fromDisplay,
    box: (b) => {
      const [x0, y0] = toDisplay([b[0], b[1]]);
      const [x1, y1] = toDisplay([b[2], b[3]]);
      return [x0, y0, x1, y1];
    },
    collection: (fc) => ({
      ...fc,
      bbox: undefined,
      features: fc.features.map((f) => ({ ...f, geometry: { ...f.geometry, coordinates: mapPositions((f.geometry as { coordinates: Position[] }).coordinates, toDisplay) } as typeof f.geometry })),
    }),
  };
}

/** The bounding box of a polygonal feature (WGS-84). */
export function featureBox(f: Feature): Box {
  const b: Box = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (c: unknown) => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      const [x, y] = c as number[];
      b[0] = Math.min(b[0], x!);
      b[1] = Math.min(b[1], y!);
      b[2] = Math.max(b[2], x!);
      b[3] = Math.max(b[3], y!);
    } else if (Array.isArray(c)) c.forEach(visit);
  };
  visit((f.geometry as { coordinates?: unknown }).coordinates);
  return b;
}

/** A box widened outward to a lattice of `step` degrees (so small pans ask the same question twice). */
export function snapBox(b: Box, step: number): Box {
  const d = (v: number, up: boolean) => Math.round((up ? Math.ceil(v / step) : Math.floor(v / step)) * step * 1e6) / 1e6;
  return [d(b[0], false), d(b[1], false), d(b[2], true), d(b[3], true)];
}

export function boxParam(b: Box): string {
  return b.map((v) => v.toFixed(6).replace(/\.?0+$/, '')).join(',');
}
