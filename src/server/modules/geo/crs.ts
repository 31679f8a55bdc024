// Coordinate reference systems met in Chinese survey deliveries, resolved to a converter into WGS-84 [lng, lat].
import proj4 from 'proj4';
import { GeoImportError } from './geo-import-error.ts';

export interface ResolvedCrs {
  /** 'EPSG:nnnn', or 'WKT:<name>' for a .prj proj4 understood but we could not name */
  crs: string;
  /** null when coordinates are already WGS-84-compatible longitude/latitude */
  toWgs84: ((x: number, y: number) => [number, number]) | null;
}

/** CGCS2000 3-degree Gauss-Krüger: EPSG:4513–4533 are zones 25–45 with the zone number prefixed to the false easting, EPSG:4534–4554 the same meridians without it. */
export function gaussKrugerProj4(epsg: number): string | null {
  let centralMeridian: number, falseEasting: number;
  if (epsg >= 4513 && epsg <= 4533) {
    const zone = 25 + (epsg - 4513);
    centralMeridian = zone * 3;
    falseEasting = zone * 1_000_000 + 500_000;
  } else if (epsg >= 4534 && epsg <= 4554) {
    centralMeridian = 75 + 3 * (epsg - 4534);
    falseEasting = 500_000;
  } else return null;
  return `+proj=tmerc +lat_0=0 +lon_0=${centralMeridian} +k=1 +x_0=${falseEasting} +y_0=0 +ellps=GRS80 +units=m +no_defs`;
}

// EPSG:4490 (CGCS2000) differs from WGS-84 by centimetres, below survey precision for unit grids.
const GEOGRAPHIC = new Set([4326, 4490]);

export function resolveCrs(name: string): ResolvedCrs {
  const trimmed = name.trim();
  const epsg = /^(?:urn:ogc:def:crs:)?EPSG:{1,2}(?:[\d.]*:)?(\d{4,5})$/i.exec(trimmed)?.[1] ?? /^\d{4,5}$/.exec(trimmed)?.[0];
  if (/^(?:urn:ogc:def:crs:OGC:1\.3:)?CRS84$/i.test(trimmed)) return { crs: 'EPSG:4326', toWgs84: null };
  if (epsg === undefined) throw new GeoImportError('GEO_CRS_UNKNOWN', { crs: name });
  const code = Number(epsg);
  if (GEOGRAPHIC.has(code)) return { crs: `EPSG:${code}`, toWgs84: null };
  const def = gaussKrugerProj4(code);
  if (!def) throw new GeoImportError('GEO_CRS_UNKNOWN', { crs: name, supported: 'EPSG:4326, EPSG:4490, EPSG:4513-4554' });
  return { crs: `EPSG:${code}`, toWgs84: converter(def) };
}

/** Reads a .prj: a known EPSG authority or Esri CGCS2000 name wins, otherwise proj4 parses the WKT itself. */
export function resolvePrjWkt(wkt: string): ResolvedCrs {
  const text = wkt.trim();
  const authorities = [...text.matchAll(/AUTHORITY\s*\[\s*"EPSG"\s*,\s*"?(\d+)"?\s*\]/gi)];
  const outer = authorities[authorities.length - 1]?.[1];
  if (outer && (GEOGRAPHIC.has(Number(outer)) || gaussKrugerProj4(Number(outer)))) return resolveCrs(`EPSG:${outer}`);
  const name = /^(?:PROJCS|GEOGCS)\s*\[\s*"([^"]*)"/i.exec(text)?.[1] ?? '';
  const cm = /CGCS2000_3_Degree_GK_CM_(\d+)E/i.exec(name)?.[1];
  if (cm) return resolveCrs(`EPSG:${4534 + (Number(cm) - 75) / 3}`);
  const zone = /CGCS2000_3_Degree_GK_Zone_(\d+)/i.exec(name)?.[1];
  if (zone) return resolveCrs(`EPSG:${4513 + Number(zone) - 25}`);
  if (/^GEOGCS/i.test(text) && /China_Geodetic_Coordinate_System_2000|CGCS2000/i.test(name)) return resolveCrs('EPSG:4490');
  if (/^GEOGCS/i.test(text) && /WGS[_ ]?(19)?84/i.test(name)) return resolveCrs('EPSG:4326');
  try {
    return { crs: `WKT:${name || 'custom'}`, toWgs84: converter(text) };
  } catch {
    throw new GeoImportError('GEO_CRS_UNKNOWN', { crs: name || text.slice(0, 80) });
  }
}

function converter(def: string): (x: number, y: number) => [number, number] {
  const c = proj4(def, 'EPSG:4326');
  return (x, y) => {
    const [lng, lat] = c.forward([x, y]) as [number, number];
    return [lng, lat];
  };
}
