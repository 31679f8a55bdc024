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
import { cityGridCounts, counts, getOperations, GRIDS_PER_DISTRICT, openStream, tracesOf, variantsOf, waitFor, type District, type Pair, type Side, type Sse } from './support/isolation-walk.ts';
import { multipart } from './support/multipart.ts';

let t: TestApp;
let filesDir: string;
let A: District;
let B: District;
const CITY = 'cityleader';

function district(side: Side, d: MiniDistrict, drive: Driver, lng0: number): District {
  const code = side === 'A' ? '410104' : '410105';
  return {
    side, code, prefix: side === 'A' ? '' : 'js-', tag: side === 'A' ? '【管城】' : '【金水】', placeName: side === 'A' ? '北下街' : '经八路', d, drive,
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
    const variants = variantsOf(op, [A, B] as Pair);
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
          // A CSV export (the security log's) answers its header alone when the filter selects nothing of theirs.
          const csvRows = /text\/csv/.test(String(res.headers['content-type'])) ? res.body.split('\r\n').filter(Boolean).length - 1 : null;
          if (csvRows !== null) {
            if (csvRows > 0) leaks.push(`${label}: 200 with ${csvRows} CSV row(s) for the other district's records`);
          } else if (json === null) leaks.push(`${label}: 200 (${res.headers['content-type']}) for the other district's record`);
          else if (counts(json).some((n) => n > 0)) leaks.push(`${label}: 200 with ${JSON.stringify(counts(json))} for the other district's records`);
        }
        if (json !== null && res.statusCode === 200) {
          for (const trace of tracesOf(foreign, json).slice(0, 3)) leaks.push(`${label}: ${trace}`);
          for (const n of cityGridCounts(json)) if (n > GRIDS_PER_DISTRICT) leaks.push(`${label}: the city's gridCount ${n} counts the other district's grids`);
        }
      }
    }
  }
  console.log(`# district isolation: ${ops.length} GET operations, ${pairs} operation × caller pairs (${callers.length} users + anonymous), ${requests} requests; ${leaks.length} leaks`);
  for (const l of leaks) console.log(`#   leak: ${l}`);
  // Each operation answered its own district's callers at least once: the walk reached real data, not only refusals.
  for (const op of ops) if (!UNREACHED[op.path]) assert.ok(reachable.get(op.path), `${op.path}: no caller got a 200 for their own district`);
  assert.deepEqual(leaks, []);
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
