/**
 * Place search for the hotline intake form (GET /api/places): a receiver types part of a name — a street, a
 * community, a grid — or digits of a code, and gets places with a point to report at. Built per district in
 * memory from its divisions and current grids, once per change (the districts' map stamps, read on every search
 * as map-features.ts does, so an import in any process is seen at once), and searched by a scan: ~7,700 places a
 * district, well under a millisecond.
 *
 * Every place's point lies strictly inside it (interior-point.ts); a division's also inside one of its own grids,
 * so a report made there lands in that division. A grid's name is its community's and its sequence
 * (“新华社区3号网格”): grids have no names of their own.
 */
import type { PlaceKind } from '../../../shared/api/geo.ts';
import { inScope, touchesDivision } from '../../../shared/scope.ts';
import type { Db } from '../../db/pool.ts';
import { bboxOf, mapStamps } from './geo.queries.ts';
import { buildGridIndex } from './grid-index.ts';
import { interiorPoint } from './interior-point.ts';
import { placeSource, type PlaceDivisionRow, type PlaceGridRow } from './places.queries.ts';

type Box = [number, number, number, number];

export interface Place {
  kind: PlaceKind;
  code: string;
  name: string;
  parentName: string | null;
  point: [number, number];
  gridCode: string | null;
  bbox: Box;
  /** What a query is matched against: the names (and short name) in lower case, and the code. */
  keys: string[];
}

const KIND_ORDER: Record<PlaceKind, number> = { district: 0, street: 1, community: 2, grid: 3 };
const COMMITTEE = /(居民委员会|居委会|村民委员会|村委会)$/;

const round6 = (v: number) => Math.round(v * 1e6) / 1e6;
const roundBox = (b: Box): Box => [round6(b[0]), round6(b[1]), round6(b[2]), round6(b[3])];

/** One district's places, in kind then code order. */
export function buildPlaces(src: { divisions: PlaceDivisionRow[]; grids: PlaceGridRow[] }): Place[] {
  const index = buildGridIndex(src.grids.map((g) => ({ code: g.code, communityCode: g.communityCode, geometry: g.geometry })));
  const division = new Map(src.divisions.map((d) => [d.code, d]));
  const nameOf = (code: string) => division.get(code)?.name ?? null;
  const shortOf = (code: string) => {
    const d = division.get(code);
    return d ? (d.shortName ?? d.name.replace(COMMITTEE, '')) : code;
  };
  const out: Place[] = [];
  const gridPoints: Array<{ code: string; point: [number, number] }> = [];
  for (const g of src.grids) {
    const point = interiorPoint(g.geometry);
    gridPoints.push({ code: g.code, point });
    const name = `${shortOf(g.communityCode)}${Number(g.code.slice(12))}号网格`;
    const parentName = [nameOf(g.streetCode), nameOf(g.communityCode)].filter(Boolean).join(' ') || null;
    out.push({ kind: 'grid', code: g.code, name, parentName, point: [round6(point[0]), round6(point[1])], gridCode: g.code, bbox: roundBox(g.bbox), keys: [name.toLowerCase(), g.code] });
  }
  const gridBoxes = new Map(src.grids.map((g) => [g.code, g.bbox]));
  for (const d of src.divisions) {
    const own = gridPoints.filter((g) => g.code.startsWith(d.code));
    let point: [number, number];
    let gridCode: string | null = null;
    let bbox: Box;
    const nearestOwn = (p: [number, number]) => own.reduce((best, g) => (dist2(g.point, p) < dist2(best.point, p) ? g : best));
    if (d.geometry) {
      bbox = bboxOf(d.geometry);
      point = interiorPoint(d.geometry);
      // The point of the own grid there (or the nearest own grid): strictly inside one grid, never on an edge two
      // grids share (the middle of a district of square grids is a corner of four), so a report lands in it.
      const hit = index.lookup(point[0], point[1]);
      const there = hit?.code.startsWith(d.code) ? own.find((g) => g.code === hit.code) : undefined;
      if (there) ({ point, code: gridCode } = there);
      else if (own.length) ({ point, code: gridCode } = nearestOwn(point));
    } else if (own.length) {
      // No boundary of its own: where its grids are.
      bbox = own.reduce<Box>((b, g) => union(b, gridBoxes.get(g.code)!), [Infinity, Infinity, -Infinity, -Infinity]);
      ({ point, code: gridCode } = nearestOwn([(bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2]));
    } else continue;
    const parentName = d.level === 'district' ? null : nameOf(d.level === 'street' ? d.code.slice(0, 6) : d.code.slice(0, 9));
    const keys = [d.name.toLowerCase(), ...(d.shortName ? [d.shortName.toLowerCase()] : []), d.code];
    out.push({ kind: d.level, code: d.code, name: d.name, parentName, point: [round6(point[0]), round6(point[1])], gridCode, bbox: roundBox(bbox), keys });
  }
  return out.sort(byKindAndCode);
}

const byKindAndCode = (a: Place, b: Place) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

const dist2 = (a: [number, number], b: [number, number]) => (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2;
const union = (a: Box, b: Box): Box => [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])];

/** How well a place matches: 0 exactly, 1 at the start, 2 anywhere; -1 not at all. */
function matchRank(p: Place, q: string): number {
  let rank = -1;
  for (const k of p.keys) {
    if (k === q) return 0;
    if (k.startsWith(q)) rank = 1;
    else if (rank < 0 && k.includes(q)) rank = 2;
  }
  return rank;
}

/** The text a query is matched as: full-width digits and letters folded (NFKC), trimmed, lower case. */
export function normalizeQuery(q: string): string {
  return q.normalize('NFKC').trim().toLowerCase();
}

/**
 * Places the caller may see matching `q`: exact matches, then those starting with it, then those containing it;
 * within each, districts, streets, communities, grids, by code. Divisions are seen as /api/divisions shows them
 * (those inside the scope and those holding part of it), grids inside the scope.
 */
export function searchPlaces(places: readonly Place[], scopes: readonly string[] | null, q: string, limit: number): Place[] {
  const query = normalizeQuery(q);
  if (!query) return [];
  const ranks: Place[][] = [[], [], []];
  for (const p of places) {
    if (scopes && !(p.kind === 'grid' ? inScope(scopes, p.code) : touchesDivision(scopes, p.code))) continue;
    const r = matchRank(p, query);
    if (r >= 0) ranks[r]!.push(p);
  }
  // Each district's places come in kind and code order: across districts (a city leader's) they are merged here.
  return ranks.flatMap((list) => list.sort(byKindAndCode)).slice(0, limit);
}

export interface PlaceCache {
  search(scopes: readonly string[] | null, q: string, limit: number): Promise<Place[]>;
  /** Drops every district's places (a grid import's signal): the next search rebuilds. */
  clear(): void;
}

export function createPlaceCache(db: Db): PlaceCache {
  const districts = new Map<string, { stamp: string | undefined; built: Promise<Place[]> }>();
  function districtAt(code: string, stamp: string | undefined): Promise<Place[]> {
    const held = districts.get(code);
    if (held && held.stamp === stamp) return held.built;
    const built = placeSource(db, code).then(buildPlaces);
    districts.set(code, { stamp, built });
    // A failed build is not kept: the next search tries again.
    built.catch(() => districts.get(code)?.built === built && districts.delete(code));
    return built;
  }
  return {
    async search(scopes, q, limit) {
      const stamps = [...(await mapStamps(db))].filter(([code]) => !scopes || touchesDivision(scopes, code)).sort(([a], [b]) => a.localeCompare(b));
      const all = (await Promise.all(stamps.map(([code, stamp]) => districtAt(code, stamp)))).flat();
      return searchPlaces(all, scopes, q, limit);
    },
    clear() {
      districts.clear();
    },
  };
}
