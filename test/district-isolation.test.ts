/**
 * Two districts in one deployment see nothing of each other. Two mini districts (410104 and 410105,
 * factories.ts) with their own users report and work cases — with photos, a citizen's tracking link, an API
 * token and the notifications all that sends — then every read (GET) operation of the OpenAPI document is
 * called as every user of both districts allowed to call it (and anonymously where public), with its path and
 * query parameters pointed at each district's records in turn: case ids, unit and calendar ids, usernames,
 * grid and division codes, photo ids, tracking tokens, bounding boxes and points. Whatever points at the other
 * district must be a 404 or empty; no answer may carry the other district's codes, names, texts, ids or
 * tokens. The live stream and the inbox are checked the same way, and the city leader (scope 4101) sees both.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import { ROLE_PERMISSIONS, type Permission, type Role } from '../src/shared/roles.ts';
import { deliverNotifications } from '../src/server/modules/notifications/commands/deliver-notifications.ts';
import { testApp, type TestApp } from './support/app.ts';
import { driver, type CaseJson, type Driver } from './support/driver.ts';
import { CELL, LAT0, LNG0, SECOND_LNG0, seedCityLeader, seedSecondMiniDistrict, type MiniDistrict } from './support/factories.ts';
import { multipart } from './support/multipart.ts';

type Side = 'A' | 'B';
interface District {
  side: Side;
  code: string;
  prefix: string;
  /** In every text this district's users write, so a leaked text is recognisable. */
  tag: string;
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

let t: TestApp;
let filesDir: string;
let A: District;
let B: District;
const CITY = 'cityleader';

function district(side: Side, d: MiniDistrict, drive: Driver, lng0: number): District {
  const code = side === 'A' ? '410104' : '410105';
  return {
    side, code, prefix: side === 'A' ? '' : 'js-', tag: side === 'A' ? '【管城】' : '【金水】', d, drive,
    point: { lng: lng0 + 0.5 * CELL, lat: LAT0 + 3.5 * CELL },
    bbox: `${lng0},${LAT0},${(lng0 + 8 * CELL).toFixed(4)},${(LAT0 + 4 * CELL).toFixed(4)}`,
    street: `${code}001`, community: `${code}001001`, grids: [`${code}001001001`, `${code}002002008`],
    cases: [], photos: [], trackingTokens: [], names: new Set(), people: [], userIds: new Set(Object.values(d.users).map((u) => u.id)),
    unitIds: new Set(Object.values(d.unitIds)), calendarIds: new Set([d.calendarId, d.centreCalendarId]),
  };
}

async function uploadPhoto(x: District, who: string, shade: number): Promise<{ id: string; thumbId: string }> {
  const bytes = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: shade, g: 120, b: 255 - shade } } }).jpeg().toBuffer();
  const body = multipart({ bytes, name: 'after.jpg', type: 'image/jpeg' });
  const res = await x.drive.call(who, { method: 'POST', url: '/api/photos', payload: body.payload, headers: body.headers });
  assert.equal(res.statusCode, 201, res.body);
  return res.json();
}

/** A district's records: three cases at three stages (one with a handling photo), a citizen's report, an API token. */
async function populate(x: District): Promise<void> {
  const u = (name: string) => x.prefix + name;
  const { drive, point, tag } = x;
  x.cases.push(await drive.report(u('supervisor'), { source: 'supervisor', ...point, description: `${tag}路边有暴露垃圾` }));
  x.cases.push(await drive.report(u('receiver'), { source: 'citizen', reporterPhone: '13800000001', ...point, description: `${tag}市民来电反映垃圾堆放` }));
  let h = await drive.report(u('supervisor'), { source: 'supervisor', ...point, description: `${tag}商铺占道经营` });
  h = await drive.act(u('shiftleader'), h.id, 'file');
  h = await drive.act(u('dispatcher'), h.id, 'dispatch', { leadUnitId: x.d.unitIds.streetOffice });
  h = await drive.act(u('handler'), h.id, 'accept');
  const photo = await uploadPhoto(x, u('handler'), x.side === 'A' ? 30 : 200);
  x.photos.push(photo.id, photo.thumbId);
  h = await drive.act(u('handler'), h.id, 'handle', { result: `${tag}已清理完毕`, photoIds: [photo.id] });
  x.cases.push(await drive.act(u('receiver'), h.id, 'sendToCheck'));
  const citizen = await t.app.inject({ method: 'POST', url: '/api/public/reports', payload: { categoryCode: '06010', ...point, description: `${tag}市民网上反映` }, remoteAddress: x.side === 'A' ? '10.201.0.1' : '10.201.0.2' });
  assert.equal(citizen.statusCode, 201, citizen.body);
  x.trackingTokens.push(citizen.json().trackingToken);
  const { rows: [tracked] } = await t.db.query(`SELECT id FROM cases WHERE tracking_no = $1 AND district_code = $2`, [citizen.json().trackingNo, x.code]);
  x.cases.push(await drive.get(u('receiver'), Number(tracked.id)));
  const token = await drive.call(u('admin'), { method: 'POST', url: '/api/auth/tokens', payload: { name: `${tag}接口令牌` } });
  assert.equal(token.statusCode, 201, token.body);
  x.names.add(`${tag}接口令牌`).add(x.trackingTokens[0]!);
  for (const p of x.photos) x.names.add(p);
  const names = await t.db.query<{ name: string }>(
    `SELECT name FROM divisions WHERE code LIKE $1 || '%' UNION SELECT name FROM units WHERE district_code = $1
     UNION SELECT name FROM calendars WHERE district_code = $1 UNION SELECT display_name FROM users WHERE id = ANY($2::bigint[])
     UNION SELECT username FROM users WHERE id = ANY($2::bigint[]) AND username LIKE 'js-%'`,
    [x.code, [...x.userIds]],
  );
  for (const r of names.rows) x.names.add(r.name);
  const people = await t.db.query<{ display_name: string }>(`SELECT display_name FROM users WHERE id = ANY($1::bigint[])`, [[...x.userIds]]);
  x.people = people.rows.map((r) => r.display_name);
}

before(async () => {
  filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gc-isolation-'));
  t = await testApp({ GUANCHENG_FILES_DIR: filesDir });
  const second = await seedSecondMiniDistrict(t.db);
  await seedCityLeader(t.db, CITY);
  await t.grids.refresh();
  const driveA = driver(t);
  A = district('A', t.district, driveA, LNG0);
  B = district('B', second, driver({ ...t, district: second }), SECOND_LNG0);
  await populate(A);
  await populate(B);
  await drain();
});
after(async () => {
  await t?.close();
  fs.rmSync(filesDir, { recursive: true, force: true });
});

const other = (x: District): District => (x === A ? B : A);
const sideOf = (username: string | null): District | null => (username === null || username === CITY ? null : username.startsWith('js-') ? B : A);

/** Every trace of `x` in an answer: its codes, texts, names, tokens, photo ids, and its case, user, unit and calendar ids. */
function tracesOf(x: District, json: unknown): string[] {
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

interface Operation {
  path: string;
  permission: string | null;
  params: Array<{ in: 'path' | 'query'; name: string; required?: boolean }>;
}

function getOperations(doc: { paths: Record<string, Record<string, Record<string, unknown>>> }): Operation[] {
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
interface Val {
  v: string;
  of: District | null;
}

/** Values for a path parameter: each district's records of that kind. */
function pathValues(p: string, name: string): Val[] {
  const each = (f: (x: District) => Array<string | number>): Val[] => [A, B].flatMap((x) => f(x).map((v) => ({ v: String(v), of: x })));
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
function queryValues(p: string, name: string): Val[] {
  const each = (f: (x: District) => string): Val[] => [A, B].map((x) => ({ v: f(x), of: x }));
  switch (name) {
    case 'streetCode': return each((x) => x.street);
    case 'communityCode': return each((x) => x.community);
    case 'gridCode': return each((x) => x.grids[0]!);
    case 'districtCode': case 'areaCode': return each((x) => x.code);
    case 'parentCode': return [...each((x) => x.code), ...each((x) => x.street)];
    case 'unit': case 'unitId': return each((x) => String(x.d.unitIds.streetOffice));
    case 'username': return each((x) => `${x.prefix}receiver`);
    // Users are searched by username or display name: a display name, which the other district's never contains.
    case 'q': return p === '/api/users' ? each((x) => x.people.find((n) => n.endsWith('handler'))!) : each((x) => x.tag);
    case 'bbox': return [{ v: `${LNG0},${LAT0},${(SECOND_LNG0 + 8 * CELL).toFixed(4)},${(LAT0 + 4 * CELL).toFixed(4)}`, of: null }, ...each((x) => x.bbox)];
    case 'level': return [{ v: 'street', of: null }, { v: 'district', of: null }];
    case 'lng': case 'lat': return each((x) => String(x.point[name]));
    default: return [];
  }
}

interface Variant {
  url: string;
  /** The districts whose records the parameters name. */
  of: Set<District>;
}

/**
 * The requests for one operation: every combination of values for its path parameters and required query
 * parameters (lng and lat together), then each optional query parameter with a rule set to each district's value.
 */
function variantsOf(op: Operation): Variant[] {
  const required = op.params.filter((x) => x.in === 'path' || x.required);
  let combos: Array<Array<[string, Val, 'path' | 'query']>> = [[]];
  for (const prm of required) {
    if (prm.name === 'lat') continue;
    const vals = prm.in === 'path' ? pathValues(op.path, prm.name) : queryValues(op.path, prm.name);
    if (!vals.length) throw new Error(`district isolation: no values for required ${op.path} ?${prm.name}`);
    combos = combos.flatMap((c) => vals.map((v) => {
      const next = [...c, [prm.name, v, prm.in] as [string, Val, 'path' | 'query']];
      if (prm.name === 'lng') next.push(['lat', queryValues(op.path, 'lat').find((l) => l.of === v.of)!, 'query']);
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
    for (const v of queryValues(op.path, prm.name)) if (v.of) out.push(build([...combos[0]!, [prm.name, v, 'query']]));
  }
  return out;
}

/** Operations the fixture has no record for that they would show (their refusals are still checked). */
const UNREACHED: Record<string, string> = {
  '/api/public/track/{token}/photos/{photoId}': 'a result photo is shown to the citizen only on a case handled with one; the tracked cases here are not',
  '/api/users/{username}/tokens': 'integration accounts only; the mini districts have none',
};

/** What the delivery worker would do by now: the notify jobs the actions queued become inbox rows (and stream messages). */
async function drain(): Promise<void> {
  const quiet = { warn() {}, error() {} };
  while ((await deliverNotifications(t.db, { channels: [], now: new Date(Date.now() + 5), maxAttempts: 5, log: quiet })).jobs) { /* until none are left */ }
}

function mayCall(username: string, permission: string | null): boolean {
  if (permission === null || permission === 'authenticated') return true;
  const roles: Role[] = username === CITY ? ['leader'] : sideOf(username)!.d.users[username]!.roles;
  return roles.some((r) => (ROLE_PERMISSIONS[r] as readonly string[]).includes(permission as Permission));
}

const GRIDS_PER_DISTRICT = 32;

/** gridCount of every city-level division in an answer. */
function cityGridCounts(json: unknown): number[] {
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
function counts(json: unknown): number[] {
  if (!json || typeof json !== 'object') return [];
  const o = json as Record<string, unknown>;
  const out = ['total', 'count'].filter((k) => typeof o[k] === 'number').map((k) => o[k] as number);
  for (const k of ['items', 'points', 'clusters', 'features']) if (Array.isArray(o[k])) out.push((o[k] as unknown[]).length);
  return out;
}

test('every GET operation, as every user of either district, shows nothing of the other district', { timeout: 300_000 }, async () => {
  await t.app.ready();
  const ops = getOperations(t.app.swagger() as never);
  const callers = [...Object.keys(A.d.users), ...Object.keys(B.d.users), CITY];
  const leaks: string[] = [];
  const reachable = new Map<string, number>();
  let requests = 0;
  let pairs = 0;
  for (const op of ops) {
    const who: Array<string | null> = op.permission === null ? [null] : callers.filter((u) => mayCall(u, op.permission));
    const variants = variantsOf(op);
    pairs += who.length;
    for (const username of who) {
      const home = sideOf(username);
      for (const v of variants) {
        const res = await (home ?? A).drive.call(username, { method: 'GET', url: v.url, remoteAddress: `10.99.${requests % 250}.${(requests >> 8) % 250}` });
        requests++;
        const label = `${username ?? 'anonymous'} GET ${v.url}`;
        assert.ok(res.statusCode < 500, `${label}: ${res.statusCode} ${res.body.slice(0, 300)}`);
        const json = /json/.test(String(res.headers['content-type'])) ? res.json() : null;
        // Whose data may this answer hold? A district user's: their district's. Anyone's through a tracking link: that case's district.
        const mine = home ?? (username === null && v.of.size === 1 ? [...v.of][0]! : null);
        if (res.statusCode === 200 && (home ? v.of.has(home) || v.of.size === 0 : true)) reachable.set(op.path, (reachable.get(op.path) ?? 0) + 1);
        if (!mine) {
          // Anonymous with another district's photo under a tracking link: never.
          if (username === null && v.of.size > 1 && res.statusCode === 200) leaks.push(`${label}: 200 for records of two districts`);
          continue;
        }
        const foreign = other(mine);
        if (v.of.has(foreign) && res.statusCode === 200) {
          if (json === null) leaks.push(`${label}: 200 (${res.headers['content-type']}) for the other district's record`);
          else if (counts(json).some((n) => n > 0)) leaks.push(`${label}: 200 with ${JSON.stringify(counts(json))} for the other district's records`);
        }
        if (json !== null && res.statusCode === 200) {
          for (const trace of tracesOf(foreign, json).slice(0, 3)) leaks.push(`${label}: ${trace}`);
          for (const n of cityGridCounts(json)) if (n > GRIDS_PER_DISTRICT) leaks.push(`${label}: the city's gridCount ${n} counts the other district's grids`);
        }
      }
    }
  }
  const known = leaks.filter((l) => KNOWN_LEAKS.some(([re]) => re.test(l)));
  knownLeaks.push(...known);
  console.log(`# district isolation: ${ops.length} GET operations, ${pairs} operation × caller pairs (${callers.length} users + anonymous), ${requests} requests; ${leaks.length} leaks, ${known.length} of them known`);
  for (const l of leaks) console.log(`#   leak: ${l}`);
  // Each operation answered its own district's callers at least once: the walk reached real data, not only refusals.
  for (const op of ops) if (!UNREACHED[op.path]) assert.ok(reachable.get(op.path), `${op.path}: no caller got a 200 for their own district`);
  assert.deepEqual(leaks.filter((l) => !known.includes(l)), []);
});

/**
 * Leaks this test found in code outside its change, left to the owners (see the report of issue 16): a
 * todo test, so the run stays green while they stand and says so when they are gone.
 */
const KNOWN_LEAKS: Array<[RegExp, string]> = [
  [/ GET \/api\/locate\?/, 'geo: /api/locate resolves any point to its grid, community and street, whoever asks (grid.routes.ts does not check the scope)'],
  [/ GET \/api\/security-events/, 'security: an auditor reads every district\'s security log (security-log.ts has no scope)'],
  [/: the city's gridCount /, 'geo: a division row counts every grid under its code, so the shared city row tells a district user the other district\'s grid count (geo.queries.ts listDivisions)'],
];
const knownLeaks: string[] = [];

test('known leaks, left to their owners', { todo: KNOWN_LEAKS.map(([, why]) => why).join('; ') }, () => {
  assert.deepEqual(knownLeaks, []);
});

test('the city leader (scope 4101) sees both districts: cases, map, search, grids, divisions, units and users', async () => {
  const get = async (url: string) => {
    const res = await A.drive.call(CITY, { method: 'GET', url });
    assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
    return res.json();
  };
  const all = [...A.cases, ...B.cases];
  for (const c of all) assert.equal((await get(`/api/cases/${c.id}`)).id, c.id);
  const list = await get('/api/cases?limit=100');
  assert.deepEqual(list.items.map((c: CaseJson) => c.id).sort((a: number, b: number) => a - b), all.map((c) => c.id).sort((a, b) => a - b));
  // The walk's detector recognises each district in an answer that holds it.
  for (const x of [A, B]) assert.ok(tracesOf(x, list).length >= x.cases.length, `traces of ${x.code} in the city leader's list`);
  const bothTags = await Promise.all([A, B].map(async (x) => (await get(`/api/cases?q=${encodeURIComponent(x.tag)}`)).total));
  assert.deepEqual(bothTags, [A.cases.length, B.cases.length]);
  const map = await get(`/api/cases/map?bbox=${LNG0},${LAT0},${(SECOND_LNG0 + 8 * CELL).toFixed(4)},${(LAT0 + 4 * CELL).toFixed(4)}&zoom=18`);
  assert.equal(map.count, all.length);
  for (const x of [A, B]) {
    assert.equal((await get(`/api/grids/${x.grids[0]}`)).code, x.grids[0]);
    assert.equal((await get(`/api/divisions/${x.code}`)).code, x.code);
    assert.equal((await get(`/api/units/${x.d.unitIds.streetOffice}`)).id, x.d.unitIds.streetOffice);
    assert.equal((await get(`/api/users/${x.prefix}handler`)).username, `${x.prefix}handler`);
    assert.equal((await get(`/api/locate?lng=${x.point.lng}&lat=${x.point.lat}`)).grid.code, x.grids[0]);
  }
  assert.equal((await get('/api/grids?limit=100')).total, 64);
  // A district leader, for contrast: their own district only.
  const res = await B.drive.call('js-leader', { method: 'GET', url: '/api/cases?limit=100' });
  assert.deepEqual(res.json().items.map((c: CaseJson) => c.id).sort((a: number, b: number) => a - b), B.cases.map((c) => c.id).sort((a, b) => a - b));
});

interface Sse { events: Array<{ event: string; data: any }>; close(): void }

async function openStream(base: string, cookie: string): Promise<Sse> {
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

async function waitFor(what: string, ok: () => boolean, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

test('the live stream and the inbox: a case change in one district reaches its users and the city leader, never the other district', { timeout: 60_000 }, async () => {
  const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  const watchers = ['receiver', 'supervisor', 'leader', 'handler'];
  const streams = new Map<string, Sse>();
  try {
    for (const username of [...watchers, ...watchers.map((w) => `js-${w}`), CITY]) {
      streams.set(username, await openStream(base, (await (sideOf(username) ?? A).drive.session(username)).cookie));
    }
    for (const s of streams.values()) await waitFor('ready', () => s.events.some((e) => e.event === 'ready'));
    const before = new Map([...streams].map(([u, s]) => [u, s.events.length]));
    // In each district: the citizen's case goes to its supervisor for verification (the supervisor is notified).
    const moved = new Map<District, number>();
    for (const x of [A, B]) {
      const c = x.cases.find((k) => k.status === 'reported')!;
      await x.drive.act(`${x.prefix}receiver`, c.id, 'sendToVerify');
      moved.set(x, c.id);
    }
    await drain();
    const sawCase = (username: string, id: number) => streams.get(username)!.events.some((e) => e.event === 'case' && e.data.caseId === id);
    for (const x of [A, B]) {
      for (const w of ['receiver', 'supervisor', 'leader']) await waitFor(`${x.prefix}${w} sees case ${moved.get(x)}`, () => sawCase(`${x.prefix}${w}`, moved.get(x)!));
      await waitFor(`${x.prefix}supervisor's notification`, () => streams.get(`${x.prefix}supervisor`)!.events.some((e) => e.event === 'notification' && e.data.caseId === moved.get(x)));
      await waitFor(`the city leader sees case ${moved.get(x)}`, () => sawCase(CITY, moved.get(x)!));
    }
    await new Promise((r) => setTimeout(r, 300)); // anything stray would have arrived by now
    const cityFresh = streams.get(CITY)!.events.slice(before.get(CITY)).map((e) => e.data);
    for (const x of [A, B]) assert.ok(tracesOf(x, cityFresh).length > 0, `the city leader's stream carries ${x.code}`);
    for (const [username, s] of streams) {
      const home = sideOf(username);
      if (!home) continue;
      const fresh = s.events.slice(before.get(username));
      for (const e of fresh) assert.deepEqual(tracesOf(other(home), e.data), [], `${username} got ${e.event} ${JSON.stringify(e.data)}`);
    }
    // The inbox: each district's notifications name only their own cases.
    for (const x of [A, B]) {
      for (const name of Object.keys(x.d.users)) {
        const res = await x.drive.call(name, { method: 'GET', url: '/api/notifications?limit=200' });
        if (res.statusCode !== 200) continue;
        assert.deepEqual(tracesOf(other(x), res.json()), [], `${name}'s inbox`);
      }
    }
    const supInbox = (await B.drive.call('js-supervisor', { method: 'GET', url: '/api/notifications' })).json();
    assert.ok(supInbox.items.some((n: { caseId: number }) => n.caseId === moved.get(B)), 'the inbox check looked at real notifications');
  } finally {
    for (const s of streams.values()) s.close();
  }
});
