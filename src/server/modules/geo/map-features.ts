/**
 * Grids and divisions as GeoJSON for web maps, computed once per district and kept by the app (on its
 * GridIndexHolder, never in module state). Each district's features are built from one snapshot —
 * grids, streets, communities and the district outline simplified together (map-geometry.ts), so a
 * community's edge is also its grids' — and written once as JSON text per feature; a request picks the
 * features the caller may see and joins their text.
 *
 * Freshness: every request reads the districts' stamps (geo.queries.ts mapStamps: one small query), so
 * an import committed by any process is seen at once; a stamp that moved rebuilds that district. The
 * ETag is a hash of the stamps, the caller's scope and the query: a browser's If-None-Match is answered
 * 304 without building or joining anything. Bodies are kept gzipped by ETag (a few, bounded by bytes),
 * so the district's ~7,500 grids cost one compression per change, not one per request.
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { DivisionFeaturesQuery, GridFeaturesQuery } from '../../../shared/api/geo.ts';
import { inScope, touchesDivision } from '../../../shared/scope.ts';
import type { Db } from '../../db/pool.ts';
import { bboxOf, mapSource, mapStamps } from './geo.queries.ts';
import { MAP_SHAPE_DEFAULTS, simplifyShapes, type MapShapeStats } from './map-geometry.ts';

/** Part of every ETag: a change to how features are written or simplified changes them all. */
const FORMAT = `map-features/1 ${MAP_SHAPE_DEFAULTS.minAreaM2} ${MAP_SHAPE_DEFAULTS.decimals}`;
const BODY_CACHE_BYTES = 32 * 1024 * 1024;
const gzip = promisify(zlib.gzip);

type Box = [number, number, number, number];

interface Piece {
  code: string;
  bbox: Box;
  /** The Feature as JSON text, with its map geometry and with its full one. */
  map: string;
  full: string;
}
interface GridPiece extends Piece {
  communityCode: string;
  streetCode: string;
}
interface DivisionPiece extends Piece {
  level: string;
  parentCode: string;
}

export interface DistrictFeatures {
  districtCode: string;
  stamp: string | undefined;
  grids: GridPiece[];
  divisions: DivisionPiece[];
  shapes: MapShapeStats;
  buildMs: number;
}

export interface ConditionalHeaders {
  ifNoneMatch?: string | undefined;
  acceptEncoding?: string | undefined;
}

export interface FeatureAnswer {
  status: 200 | 304;
  headers: Record<string, string>;
  body?: Buffer;
}

export interface MapFeatureCache {
  grids(scopes: readonly string[] | null, q: GridFeaturesQuery, h: ConditionalHeaders): Promise<FeatureAnswer>;
  divisions(scopes: readonly string[] | null, q: DivisionFeaturesQuery, h: ConditionalHeaders): Promise<FeatureAnswer>;
  /** The district's features as last built (for benchmarks), building them if needed. */
  district(districtCode: string): Promise<DistrictFeatures>;
  /** Drops everything (a grid import's signal): the next request rebuilds. */
  clear(): void;
}

export async function buildDistrictFeatures(db: Db, districtCode: string): Promise<DistrictFeatures> {
  const t0 = performance.now();
  const src = await mapSource(db, districtCode);
  const { shapes, stats } = simplifyShapes([...src.grids, ...src.divisions].map((r) => ({ key: r.code, geometry: r.geometry })));
  const text = (id: string, properties: object, geometry: unknown) => JSON.stringify({ type: 'Feature', id, properties, geometry });
  const grids = src.grids.map((g): GridPiece => {
    const properties = { code: g.code, communityCode: g.communityCode, streetCode: g.streetCode, areaM2: Math.round(g.areaM2 * 10) / 10, isSchematic: g.isSchematic };
    return { code: g.code, communityCode: g.communityCode, streetCode: g.streetCode, bbox: g.bbox, map: text(g.code, properties, shapes.get(g.code)), full: text(g.code, properties, g.geometry) };
  });
  const divisions = src.divisions.map((d): DivisionPiece => {
    const properties = { code: d.code, level: d.level, name: d.name, parentCode: d.parentCode, isSchematic: d.isSchematic };
    return { code: d.code, level: d.level, parentCode: d.parentCode, bbox: bboxOf(d.geometry), map: text(d.code, properties, shapes.get(d.code)), full: text(d.code, properties, d.geometry) };
  });
  return { districtCode, stamp: src.stamp, grids, divisions, shapes: stats, buildMs: performance.now() - t0 };
}

export function createMapFeatureCache(db: Db): MapFeatureCache {
  const districts = new Map<string, { stamp: string | undefined; built: Promise<DistrictFeatures> }>();
  const bodies = new Map<string, { raw: Buffer; gzipped?: Promise<Buffer> }>();
  let bodyBytes = 0;

  function districtAt(code: string, stamp: string | undefined): Promise<DistrictFeatures> {
    const held = districts.get(code);
    if (held && held.stamp === stamp) return held.built;
    const built = buildDistrictFeatures(db, code);
    districts.set(code, { stamp, built });
    // A failed build is not kept: the next request tries again.
    built.catch(() => districts.get(code)?.built === built && districts.delete(code));
    return built;
  }

  function keep(etag: string, raw: Buffer) {
    const entry = { raw };
    bodies.set(etag, entry);
    bodyBytes += raw.length;
    for (const [k, v] of bodies) {
      if (bodyBytes <= BODY_CACHE_BYTES || bodies.size <= 1) break;
      bodies.delete(k);
      bodyBytes -= v.raw.length;
    }
    return entry;
  }

  async function answer<P extends Piece>(
    kind: string, scopes: readonly string[] | null, query: { detail: 'map' | 'full' }, h: ConditionalHeaders,
    touches: (districtCode: string) => boolean, pick: (d: DistrictFeatures) => P[],
  ): Promise<FeatureAnswer> {
    const stamps = [...(await mapStamps(db))].filter(([code]) => (!scopes || touchesDivision(scopes, code)) && touches(code)).sort(([a], [b]) => a.localeCompare(b));
    const etag = `W/"${createHash('sha1').update(JSON.stringify([FORMAT, kind, query, scopes ? [...scopes].sort() : null, stamps])).digest('base64url')}"`;
    const headers: Record<string, string> = { etag, 'cache-control': 'private, no-cache', vary: 'Accept-Encoding' };
    if (matchesEtag(h.ifNoneMatch, etag)) return { status: 304, headers };

    let entry = bodies.get(etag);
    if (entry) {
      bodies.delete(etag); // most recently used last
      bodies.set(etag, entry);
    } else {
      const pieces = (await Promise.all(stamps.map(([code, stamp]) => districtAt(code, stamp)))).flatMap(pick);
      entry = keep(etag, Buffer.from(collectionText(pieces, query.detail)));
    }
    headers['content-type'] = 'application/geo+json';
    if (!acceptsGzip(h.acceptEncoding)) return { status: 200, headers, body: entry.raw };
    const kept = entry;
    // Level 9: once per body, for every browser after it. A failure is not kept.
    kept.gzipped ??= gzip(kept.raw, { level: 9 }).catch((err: unknown) => {
      kept.gzipped = undefined;
      throw err;
    });
    return { status: 200, headers: { ...headers, 'content-encoding': 'gzip' }, body: await kept.gzipped };
  }

  return {
    grids(scopes, q, h) {
      const within = [q.districtCode, q.streetCode, q.communityCode];
      return answer('grids', scopes, q, h, (d) => within.every((c) => !c || c.startsWith(d)), (d) => d.grids.filter((g) =>
        (!scopes || inScope(scopes, g.code)) &&
        (!q.streetCode || g.streetCode === q.streetCode) &&
        (!q.communityCode || g.communityCode === q.communityCode) &&
        (!q.bbox || (g.bbox[2] >= q.bbox[0] && g.bbox[0] <= q.bbox[2] && g.bbox[3] >= q.bbox[1] && g.bbox[1] <= q.bbox[3]))));
    },
    divisions(scopes, q, h) {
      return answer('divisions', scopes, q, h, (d) => (!q.parentCode || touchesDivision([q.parentCode], d)) && (!q.districtCode || q.districtCode === d), (d) => d.divisions.filter((x) =>
        x.level === q.level && (!q.parentCode || x.parentCode === q.parentCode) && (!scopes || touchesDivision(scopes, x.code))));
    },
    async district(code) {
      return districtAt(code, (await mapStamps(db)).get(code));
    },
    clear() {
      districts.clear();
      bodies.clear();
      bodyBytes = 0;
    },
  };
}

function collectionText(pieces: Piece[], detail: 'map' | 'full'): string {
  if (pieces.length === 0) return '{"type":"FeatureCollection","features":[]}';
  const b: Box = [Infinity, Infinity, -Infinity, -Infinity];
  for (const p of pieces) {
    b[0] = Math.min(b[0], p.bbox[0]);
    b[1] = Math.min(b[1], p.bbox[1]);
    b[2] = Math.max(b[2], p.bbox[2]);
    b[3] = Math.max(b[3], p.bbox[3]);
  }
  const bbox = b.map((v) => Math.round(v * 1e6) / 1e6);
  return `{"type":"FeatureCollection","bbox":${JSON.stringify(bbox)},"features":[${pieces.map((p) => p[detail]).join(',')}]}`;
}

/** If-None-Match by the weak comparison (RFC 9110 §13.1.2): `*`, or any listed tag with the same opaque part. */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const opaque = etag.replace(/^W\//, '');
  return header.split(',').some((t) => {
    const tag = t.trim();
    return tag === '*' || tag.replace(/^W\//, '') === opaque;
  });
}

/** Accept-Encoding names gzip (or `*`) with a non-zero q. */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  const q = new Map<string, number>();
  for (const part of header.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    const qp = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    q.set(name!.trim(), qp ? Number(qp.slice(2)) || 0 : 1);
  }
  return (q.get('gzip') ?? q.get('x-gzip') ?? q.get('*') ?? 0) > 0;
}
