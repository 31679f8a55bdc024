// Reads surveyed polygons from GeoJSON or a zipped Shapefile into WGS-84 features.
import type * as GeoJSON from 'geojson';
import { unzipSync } from 'fflate';
import * as shapefile from 'shapefile';
import { resolveCrs, resolvePrjWkt, type ResolvedCrs } from './crs.ts';
import { findUnstorableText } from '../../../shared/api/text.ts';
import { GeoImportError } from './geo-import-error.ts';
import type { Polygonal } from './geo.types.ts';

export interface ImportedFeature {
  /** position in the file, 0-based; every problem refers back to it */
  index: number;
  properties: Record<string, unknown>;
  geometry: Polygonal;
}

export interface FeatureFile {
  features: ImportedFeature[];
  crs: string;
}

/** A district's grids as a Shapefile are tens of megabytes; a quarter of a gigabyte unzipped is not a survey. */
const MAX_UNZIPPED_BYTES = 256 * 1024 * 1024;

export async function readFeatureFile(buffer: Buffer | Uint8Array, fileName: string, opts: { crs?: string } = {}): Promise<FeatureFile> {
  const lower = fileName.toLowerCase();
  const isZip = buffer[0] === 0x50 && buffer[1] === 0x4b;
  if (lower.endsWith('.zip') || isZip) return readZippedShapefile(buffer, opts);
  if (lower.endsWith('.geojson') || lower.endsWith('.json') || buffer[0] === 0x7b || buffer[0] === 0xef) return readGeoJson(buffer, opts);
  throw new GeoImportError('GEO_FILE_TYPE_UNSUPPORTED', { fileName, supported: '.geojson, .json, .zip (Shapefile)' });
}

function readGeoJson(buffer: Uint8Array, opts: { crs?: string }): FeatureFile {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(buffer).replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new GeoImportError('GEO_FILE_UNREADABLE', { format: 'GeoJSON', reason: (error as Error).message.slice(0, 200) });
  }
  const doc = json as { type?: unknown; features?: unknown; crs?: { properties?: { name?: unknown } } };
  let rawFeatures: unknown[];
  if (doc?.type === 'FeatureCollection' && Array.isArray(doc.features)) rawFeatures = doc.features;
  else if (doc?.type === 'Feature') rawFeatures = [doc];
  else throw new GeoImportError('GEO_NOT_FEATURE_COLLECTION', { type: typeof doc?.type === 'string' ? doc.type : typeof json });
  // RFC 7946 dropped "crs", but GDAL still writes it for projected exports; an explicit option wins.
  const legacyCrs = typeof doc.crs?.properties?.name === 'string' ? doc.crs.properties.name : undefined;
  const crs = resolveCrs(opts.crs ?? legacyCrs ?? 'EPSG:4326');
  const features = rawFeatures.map((raw, index) => {
    const f = raw as { type?: unknown; properties?: unknown; geometry?: unknown };
    if (f?.type !== 'Feature') throw new GeoImportError('GEO_NOT_FEATURE_COLLECTION', { featureIndex: index, reason: 'not a Feature' });
    return toImported(index, f.properties, f.geometry as GeoJSON.Geometry | null);
  });
  return finish(features, crs);
}

async function readZippedShapefile(buffer: Uint8Array, opts: { crs?: string }): Promise<FeatureFile> {
  let entries: Record<string, Uint8Array>;
  // What the archive says its parts inflate to, checked before inflating them: a zip bomb is refused, not expanded.
  let declared = 0;
  try {
    entries = unzipSync(buffer, {
      filter: (f) => {
        if (!/\.(shp|dbf|prj|cpg)$/i.test(f.name) || f.name.startsWith('__MACOSX/')) return false;
        declared += f.originalSize;
        if (declared > MAX_UNZIPPED_BYTES) throw new GeoImportError('GEO_FILE_UNREADABLE', { format: 'zip', reason: `more than ${MAX_UNZIPPED_BYTES} bytes unzipped` });
        return true;
      },
    });
  } catch (error) {
    if (error instanceof GeoImportError) throw error;
    throw new GeoImportError('GEO_FILE_UNREADABLE', { format: 'zip', reason: (error as Error).message.slice(0, 200) });
  }
  const shpNames = Object.keys(entries).filter((n) => /\.shp$/i.test(n));
  if (shpNames.length !== 1) {
    throw new GeoImportError('GEO_SHAPEFILE_PART_MISSING', { part: '.shp', found: shpNames.length, reason: shpNames.length ? 'several .shp files; zip one layer' : 'no .shp in zip' });
  }
  const base = shpNames[0]!.slice(0, -4).toLowerCase();
  const part = (ext: string) => Object.entries(entries).find(([n]) => n.toLowerCase() === base + ext)?.[1];
  const shp = part('.shp')!;
  const dbf = part('.dbf');
  const prj = part('.prj');
  checkShpHeader(shp);
  const crs: ResolvedCrs = opts.crs ? resolveCrs(opts.crs) : prj ? resolvePrjWkt(new TextDecoder().decode(prj)) : resolveCrs('EPSG:4326');
  const encoding = dbfEncoding(part('.cpg'), dbf);
  const features: ImportedFeature[] = [];
  try {
    const source = await shapefile.open(shp, dbf, { encoding });
    for (let result = await source.read(); !result.done; result = await source.read()) {
      features.push(toImported(features.length, withoutDbfPadding(result.value.properties), result.value.geometry));
    }
  } catch (error) {
    if (error instanceof GeoImportError) throw error;
    throw new GeoImportError('GEO_FILE_UNREADABLE', { format: 'Shapefile', reason: (error as Error).message.slice(0, 200) });
  }
  return finish(features, crs);
}

/** The header states the file length; a shorter file was cut off in transfer, and the reader would silently stop early. */
function checkShpHeader(shp: Uint8Array): void {
  const view = new DataView(shp.buffer, shp.byteOffset, shp.byteLength);
  if (shp.byteLength < 100 || view.getInt32(0, false) !== 9994) throw new GeoImportError('GEO_FILE_UNREADABLE', { format: 'Shapefile', reason: 'not a .shp file' });
  const declared = view.getInt32(24, false) * 2;
  if (declared !== shp.byteLength) {
    throw new GeoImportError('GEO_FILE_UNREADABLE', { format: 'Shapefile', reason: 'truncated .shp', declaredBytes: declared, actualBytes: shp.byteLength });
  }
}

/** .cpg names the .dbf code page; without one, the dBase language driver byte 0x4D means GB2312/936. */
function dbfEncoding(cpg: Uint8Array | undefined, dbf: Uint8Array | undefined): string {
  const name = cpg ? new TextDecoder().decode(cpg).trim().toUpperCase() : '';
  if (/^(GBK|936|CP936|GB2312|GB18030|ANSI 936)$/.test(name)) return 'gbk';
  if (name) return /^(UTF-?8|65001)$/.test(name) ? 'utf-8' : name.toLowerCase();
  return dbf && dbf[29] === 0x4d ? 'gbk' : 'utf-8';
}

/** Some writers pad .dbf text with NUL bytes instead of spaces: padding, not content. */
function withoutDbfPadding(properties: Record<string, unknown> | null | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(properties ?? {}).map(([k, v]) => [k, typeof v === 'string' ? v.replace(/\u0000+$/, '') : v]));
}

function toImported(index: number, properties: unknown, geometry: GeoJSON.Geometry | null | undefined): ImportedFeature {
  if (!geometry || (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon') || !Array.isArray(geometry.coordinates)) {
    throw new GeoImportError('GEO_GEOMETRY_NOT_POLYGON', { featureIndex: index, type: geometry?.type ?? 'null' });
  }
  const props = properties && typeof properties === 'object' ? (properties as Record<string, unknown>) : {};
  // Attributes become division names and codes: text PostgreSQL cannot store is refused, not altered.
  const bad = findUnstorableText(props);
  if (bad !== null) throw new GeoImportError('GEO_TEXT_INVALID', { featureIndex: index, property: bad });
  return { index, properties: props, geometry };
}

function finish(features: ImportedFeature[], crs: ResolvedCrs): FeatureFile {
  const round = (v: number) => Math.round(v * 1e7) / 1e7;
  const toWgs84 = crs.toWgs84;
  const mapPosition = (p: GeoJSON.Position): GeoJSON.Position => {
    const x = typeof p[0] === 'number' ? p[0] : NaN;
    const y = typeof p[1] === 'number' ? p[1] : NaN;
    const [lng, lat] = toWgs84 && Number.isFinite(x) && Number.isFinite(y) ? toWgs84(x, y) : [x, y];
    // Projected metres read as degrees land far outside the globe: the usual sign of a missing or wrong CRS.
    if (Math.abs(lng) > 180 || Math.abs(lat) > 90) throw new GeoImportError('GEO_COORDINATES_OUT_OF_RANGE', { crs: crs.crs, x, y });
    return [round(lng), round(lat)];
  };
  const mapRings = (rings: GeoJSON.Position[][]) => rings.map((ring) => (Array.isArray(ring) ? ring.map((p) => mapPosition(Array.isArray(p) ? p : [])) : []));
  return {
    crs: crs.crs,
    features: features.map((f) => ({
      ...f,
      geometry:
        f.geometry.type === 'Polygon'
          ? { type: 'Polygon', coordinates: mapRings(f.geometry.coordinates) }
          : { type: 'MultiPolygon', coordinates: f.geometry.coordinates.map(mapRings) },
    })),
  };
}
