/**
 * The district isolation walk (district-isolation.test.ts): what a district's records are, how to spot any of
 * them in an answer, and the requests for one OpenAPI operation with its parameters pointed at each district.
 */
import assert from 'node:assert/strict';
import type { Driver, CaseJson } from './driver.ts';
import { CELL, LAT0, LNG0, SECOND_LNG0, type MiniDistrict } from './factories.ts';

/** The two districts of the walk. */
export type Pair = readonly [District, District];

export type Side = 'A' | 'B';
export interface District {
  side: Side;
  code: string;
  prefix: string;
  /** In every text this district's users write, so a leaked text is recognisable. */
  tag: string;
  /** A name in this district's places (its first street's), which the other district's never contains. */
  placeName: string;
  d: MiniDistrict;
  drive: Driver;
  point: { lng: number; lat: number };
  bbox: string;
  street: string;
  community: string;
  grids: string[];
  cases: CaseJson[];
  photos: string[];
  trackingTokens: string[];
  /** Exact strings that name this district's records: names of divisions, units, calendars, people, tokens. */
  names: Set<string>;
  /** Its people's display names, which no other text may even contain. */
  people: string[];
  userIds: Set<number>;
  unitIds: Set<number>;
  calendarIds: Set<number>;
}

/** Every trace of `x` in an answer: its codes, texts, names, tokens, photo ids, and its case, user, unit and calendar ids. */
export function tracesOf(x: District, json: unknown): string[] {
  const caseIds = new Set(x.cases.map((c) => c.id));
  const found: string[] = [];
  const walk = (v: unknown, key: string, parent: Record<string, unknown> | null, at: string) => {
    if (typeof v === 'string') {
      if (v.startsWith(x.code) || v.includes(x.tag) || x.names.has(v)) found.push(`${at} = ${JSON.stringify(v).slice(0, 80)}`);
      for (const n of x.people) if (v !== n && v.includes(n)) found.push(`${at} mentions ${n}`);
      if (key === 'username' && Object.values(x.d.users).some((u) => u.username === v)) found.push(`${at} = ${v}`);
      return;
    }
    if (typeof v === 'number') {
      // A case's own id: in a case (tracking number and status) or a map point (urgency and category).
      const isCaseObject = parent !== null && (('trackingNo' in parent && 'status' in parent) || ('urgency' in parent && 'categoryCode' in parent));
      const isCase = ['caseId', 'originalId', 'mergedIntoId'].includes(key) || (key === 'id' && isCaseObject);
      if (isCase && caseIds.has(v)) found.push(`${at} = case ${v}`);
      if (['userId', 'actorId', 'reporterUserId'].includes(key) && x.userIds.has(v)) found.push(`${at} = user ${v}`);
      if (['unitId', 'leadUnitId', 'assigneeUnitId', 'coUnitIds'].includes(key) && x.unitIds.has(v)) found.push(`${at} = unit ${v}`);
      if (key === 'calendarId' && x.calendarIds.has(v)) found.push(`${at} = calendar ${v}`);
      return;
    }
    if (Array.isArray(v)) v.forEach((item, i) => walk(item, key, parent, `${at}[${i}]`));
    else if (v && typeof v === 'object') for (const [k, item] of Object.entries(v)) walk(item, k, v as Record<string, unknown>, `${at}.${k}`);
  };
  walk(json, '', null, '$');
  return found;
}

export interface Operation {
  path: string;
  permission: string | null;
  params: Array<{ in: 'path' | 'query'; name: string; required?: boolean }>;
}

export function getOperations(doc: { paths: Record<string, Record<string, Record<string, unknown>>> }): Operation[] {
  const out: Operation[] = [];
  for (const [p, methods] of Object.entries(doc.paths)) {
    const op = methods.get;
    if (!op || p === '/api/stream') continue;
    const isPublic = Array.isArray(op.security) && op.security.length === 0;
    out.push({ path: p, permission: isPublic ? null : String(op['x-permission'] ?? 'authenticated'), params: (op.parameters as Operation['params'] | undefined) ?? [] });
  }
  return out;
}

/** A parameter value, and the district whose record it names (null: shared, like a category or a year). */
export interface Val {
  v: string;
  of: District | null;
}

/** Values for a path parameter: each district's records of that kind. */
function pathValues(pair: Pair, p: string, name: string): Val[] {
  const each = (f: (x: District) => Array<string | number>): Val[] => pair.flatMap((x) => f(x).map((v) => ({ v: String(v), of: x })));
  if (name === 'id' && p.startsWith('/api/cases/')) return each((x) => x.cases.map((c) => c.id));
  if (name === 'id' && p.startsWith('/api/units/')) return each((x) => [x.d.unitIds.streetOffice, x.d.unitIds.sanitation, x.d.unitIds.commandCenter]);
  if (name === 'id' && p.startsWith('/api/calendars/')) return each((x) => [x.d.calendarId, x.d.centreCalendarId]);
  if ((name === 'id' && p.startsWith('/api/photos/')) || name === 'photoId') return each((x) => x.photos);
  if (name === 'username') return each((x) => ['receiver', 'handler', 'supervisor2', 'admin'].map((n) => x.prefix + n));
  if (name === 'code' && p.startsWith('/api/grids/')) return each((x) => x.grids);
  if (name === 'code' && p.startsWith('/api/divisions/')) return each((x) => [x.code, x.street, x.community]);
  if (name === 'districtCode') return each((x) => [x.code]);
  if (name === 'token') return each((x) => x.trackingTokens);
  if (name === 'code' && p.startsWith('/api/categories/')) return [{ v: '06010', of: null }];
  if (name === 'kind') return [{ v: 'event', of: null }];
  if (name === 'year') return [{ v: '2026', of: null }];
  throw new Error(`district isolation: no values for ${p} {${name}} — add the records it names to pathValues`);
}

/** Values for a query parameter pointing at each district (required ones also get a shared value, first). */
function queryValues(pair: Pair, p: string, name: string): Val[] {
  const each = (f: (x: District) => string): Val[] => pair.map((x) => ({ v: f(x), of: x }));
  switch (name) {
    case 'streetCode': return each((x) => x.street);
    case 'communityCode': return each((x) => x.community);
    case 'gridCode': return each((x) => x.grids[0]!);
    case 'districtCode': case 'areaCode': return each((x) => x.code);
    case 'parentCode': return [...each((x) => x.code), ...each((x) => x.street)];
    case 'unit': case 'unitId': return each((x) => String(x.d.unitIds.streetOffice));
    case 'username': return each((x) => `${x.prefix}receiver`);
    // Users are searched by username or display name: a display name, which the other district's never contains.
    case 'q': return p === '/api/users' ? each((x) => x.people.find((n) => n.endsWith('handler'))!) : p === '/api/places' ? each((x) => x.placeName) : each((x) => x.tag);
    case 'bbox': return [{ v: `${LNG0},${LAT0},${(SECOND_LNG0 + 8 * CELL).toFixed(4)},${(LAT0 + 4 * CELL).toFixed(4)}`, of: null }, ...each((x) => x.bbox)];
    case 'level': return [{ v: 'street', of: null }, { v: 'district', of: null }];
    case 'lng': case 'lat': return each((x) => String(x.point[name]));
    default: return [];
  }
}

export interface Variant {
  url: string;
  /** The districts whose records the parameters name. */
  of: Set<District>;
}

/**
 * The requests for one operation: every combination of values for its path parameters and required query
 * parameters (lng and lat together), then each optional query parameter with a rule set to each district's value.
 */
export function variantsOf(op: Operation, pair: Pair): Variant[] {
  const required = op.params.filter((x) => x.in === 'path' || x.required);
  let combos: Array<Array<[string, Val, 'path' | 'query']>> = [[]];
  for (const prm of required) {
    if (prm.name === 'lat') continue;
    const vals = prm.in === 'path' ? pathValues(pair, op.path, prm.name) : queryValues(pair, op.path, prm.name);
    if (!vals.length) throw new Error(`district isolation: no values for required ${op.path} ?${prm.name}`);
    combos = combos.flatMap((c) => vals.map((v) => {
      const next = [...c, [prm.name, v, prm.in] as [string, Val, 'path' | 'query']];
      if (prm.name === 'lng') next.push(['lat', queryValues(pair, op.path, 'lat').find((l) => l.of === v.of)!, 'query']);
      return next;
    }));
  }
  const build = (c: Array<[string, Val, 'path' | 'query']>): Variant => {
    let url = op.path;
    const query: string[] = [];
    for (const [name, val, where] of c) {
      if (where === 'path') url = url.replace(`{${name}}`, encodeURIComponent(val.v));
      else query.push(`${name}=${encodeURIComponent(val.v)}`);
    }
    return { url: query.length ? `${url}?${query.join('&')}` : url, of: new Set(c.map(([, v]) => v.of).filter((x): x is District => x !== null)) };
  };
  const out = combos.map(build);
  for (const prm of op.params.filter((x) => x.in === 'query' && !x.required)) {
    for (const v of queryValues(pair, op.path, prm.name)) if (v.of) out.push(build([...combos[0]!, [prm.name, v, 'query']]));
  }
  return out;
}


export const GRIDS_PER_DISTRICT = 32;

/** gridCount of every city-level division in an answer. */
export function cityGridCounts(json: unknown): number[] {
  const out: number[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.level === 'city' && typeof o.gridCount === 'number') out.push(o.gridCount);
      Object.values(o).forEach(walk);
    }
  };
  walk(json);
  return out;
}

/** Answers that say how many of something there are: a foreign filter must find none. */
export function counts(json: unknown): number[] {
  if (!json || typeof json !== 'object') return [];
  const o = json as Record<string, unknown>;
  const out = ['total', 'count'].filter((k) => typeof o[k] === 'number').map((k) => o[k] as number);
  for (const k of ['items', 'points', 'clusters', 'features']) if (Array.isArray(o[k])) out.push((o[k] as unknown[]).length);
  return out;
}


export interface Sse { events: Array<{ event: string; data: any }>; close(): void }

export async function openStream(base: string, cookie: string): Promise<Sse> {
  const ac = new AbortController();
  const res = await fetch(`${base}/api/stream`, { headers: { cookie, accept: 'text/event-stream' }, signal: ac.signal });
  assert.equal(res.status, 200);
  const events: Sse['events'] = [];
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    let buf = '';
    for (;;) {
      const r = await reader.read().catch(() => ({ done: true as const, value: undefined }));
      if (r.done) return;
      buf += r.value;
      for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event) events.push({ event, data: data ? JSON.parse(data) : null });
      }
    }
  })();
  return { events, close: () => ac.abort() };
}

export async function waitFor(what: string, ok: () => boolean, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
