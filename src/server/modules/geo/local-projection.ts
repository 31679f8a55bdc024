// Local equirectangular projection: within a ~20 km district the scale error is far below survey precision,
// and because it is affine, straight edges stay straight in both directions (grid tiling survives the round trip).
const M_PER_DEG_LAT = 110574;
const M_PER_DEG_LNG_EQUATOR = 111320;

export interface LocalProjection {
  lng0: number;
  lat0: number;
  mPerDegLng: number;
  mPerDegLat: number;
}

export function createLocalProjection(lng0: number, lat0: number): LocalProjection {
  return { lng0, lat0, mPerDegLng: Math.cos((lat0 * Math.PI) / 180) * M_PER_DEG_LNG_EQUATOR, mPerDegLat: M_PER_DEG_LAT };
}

export function toLocal(p: LocalProjection, lng: number, lat: number): [number, number] {
  return [(lng - p.lng0) * p.mPerDegLng, (lat - p.lat0) * p.mPerDegLat];
}

export function toLngLat(p: LocalProjection, x: number, y: number): [number, number] {
  return [p.lng0 + x / p.mPerDegLng, p.lat0 + y / p.mPerDegLat];
}
