export type GeoImportErrorCode =
  | 'GEO_FILE_UNREADABLE'
  | 'GEO_FILE_TYPE_UNSUPPORTED'
  | 'GEO_NOT_FEATURE_COLLECTION'
  | 'GEO_SHAPEFILE_PART_MISSING'
  | 'GEO_CRS_UNKNOWN'
  | 'GEO_COORDINATES_OUT_OF_RANGE'
  | 'GEO_GEOMETRY_NOT_POLYGON'
  | 'GEO_TEXT_INVALID';

/** A file that cannot be read as polygons at all; per-feature problems are reported by the validators instead. */
export class GeoImportError extends Error {
  readonly code: GeoImportErrorCode;
  readonly detail: Record<string, string | number>;

  constructor(code: GeoImportErrorCode, detail: Record<string, string | number> = {}) {
    super(`${code}: ${JSON.stringify(detail)}`);
    this.name = 'GeoImportError';
    this.code = code;
    this.detail = detail;
  }
}
