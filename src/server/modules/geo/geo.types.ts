import type * as GeoJSON from 'geojson';

export type Polygonal = GeoJSON.Polygon | GeoJSON.MultiPolygon;

export interface SchematicDistrict {
  code: string;
  geometry: GeoJSON.Polygon;
}

export interface SchematicStreet {
  code: string;
  geometry: Polygonal;
}

export interface SchematicCommunity {
  code: string;
  streetCode: string;
  geometry: Polygonal;
}

export interface GridFeature {
  /** 15 digits: community code (12) + sequence (3), GB/T 30428.1 */
  code: string;
  communityCode: string;
  geometry: Polygonal;
  areaM2: number;
}

/** Everything the schematic generator needs about one district; see loadDefaultDistrictSource. */
export interface DistrictSource {
  districtCode: string;
  outline: GeoJSON.Polygon;
  streets: { code: string; name: string; communityCount: number }[];
  communities: { code: string; name: string; streetCode: string }[];
  anchors: { code: string; lng: number; lat: number }[];
}
