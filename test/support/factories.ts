import { createHash } from 'node:crypto';
import type { Db } from '../../src/server/db/pool.ts';
import { insertGrids } from '../../src/server/modules/geo/commands/import-grids.ts';
import { hashPassword } from '../../src/server/modules/auth/password.ts';
import { CENTRE_CALENDAR, OFFICE_CALENDAR } from '../../src/shared/calendar.ts';
import type { Role } from '../../src/shared/roles.ts';
import type { Polygonal } from '../../src/server/modules/geo/geo.types.ts';

export const TEST_PASSWORD = 'Test-Passw0rd!';
export const LNG0 = 113.7;
export const LAT0 = 34.7;
/** Grid cell side in degrees (~91 m × 111 m at this latitude). */
export const CELL = 0.001;

export function rect(x0: number, y0: number, x1: number, y1: number): Polygonal {
  return { type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] };
}

/** Community c (0..3): street 001 holds 0 (north) and 1 (south), street 002 holds 2 and 3; each is 4 × 2 cells. */
export function communityBox(c: number, lng0 = LNG0): [number, number, number, number] {
  const x0 = lng0 + (c < 2 ? 0 : 4 * CELL);
  const y0 = LAT0 + (c % 2 === 0 ? 2 * CELL : 0);
  return [x0, y0, x0 + 4 * CELL, y0 + 2 * CELL];
}

export const COMMUNITIES = ['410104001001', '410104001002', '410104002001', '410104002002'];

export function communityGrids(c: number, communities: readonly string[] = COMMUNITIES, lng0 = LNG0): { code: string; communityCode: string; geometry: Polygonal; areaM2: number }[] {
  const [x0, , , y1] = communityBox(c, lng0);
  const out = [];
  let seq = 1;
  for (let row = 0; row < 2; row++) {
    for (let col = 0; col < 4; col++) {
      const gx = x0 + col * CELL;
      const gy = y1 - (row + 1) * CELL;
      out.push({ code: communities[c] + String(seq++).padStart(3, '0'), communityCode: communities[c]!, geometry: rect(gx, gy, gx + CELL, gy + CELL), areaM2: 10_000 });
    }
  }
  return out;
}

let hashed: Promise<string> | undefined;

export interface MiniDistrict {
  users: Record<string, { id: number; username: string; roles: Role[]; scopes: string[] }>;
  unitIds: { streetOffice: number; squad: number; sanitation: number; supervisionCenter: number; commandCenter: number };
  calendarId: number;
  centreCalendarId: number;
}

/** What differs between the mini districts: codes, names, where they lie, and whose users they hold. */
interface MiniDistrictSpec {
  code: string;
  name: string;
  streets: [string, string];
  communityNames: [string, string, string, string];
  units: { streetOffice: string; squad: string; sanitation: string; supervisionCenter: string; commandCenter: string };
  calendars: { office: string; centre: string };
  lng0: number;
  /** Before every username ('' for the first), and before every display name. */
  prefix: string;
  displayPrefix: string;
}

const GUANCHENG_MINI: MiniDistrictSpec = {
  code: '410104', name: '管城回族区', streets: ['北下街街道', '西大街街道'], communityNames: ['新华社区居委会', '北下街社区居委会', '西大街社区居委会', '城隍庙社区居委会'],
  units: { streetOffice: '北下街街道办事处', squad: '北下街执法中队', sanitation: '区环卫处', supervisionCenter: '监督中心', commandCenter: '指挥中心' },
  calendars: { office: '机关作息', centre: '监督指挥中心' }, lng0: LNG0, prefix: '', displayPrefix: '测试',
};

/** The second mini district (isolation tests): 410105, east of the first with a two-cell gap, the same shape. */
export const SECOND_DISTRICT = '410105';
export const SECOND_LNG0 = LNG0 + 10 * CELL;
export const SECOND_COMMUNITIES = COMMUNITIES.map((c) => SECOND_DISTRICT + c.slice(6));
/** Usernames of the second mini district: the first's with this prefix (`js-receiver`, …). */
export const SECOND_PREFIX = 'js-';
const JINSHUI_MINI: MiniDistrictSpec = {
  code: SECOND_DISTRICT, name: '金水区', streets: ['经八路街道', '花园路街道'], communityNames: ['经八路社区居委会', '省委社区居委会', '花园路社区居委会', '黄河路社区居委会'],
  units: { streetOffice: '经八路街道办事处', squad: '经八路执法中队', sanitation: '金水区环卫处', supervisionCenter: '金水区监督中心', commandCenter: '金水区指挥中心' },
  calendars: { office: '金水区机关作息', centre: '金水区监督指挥中心' }, lng0: SECOND_LNG0, prefix: SECOND_PREFIX, displayPrefix: '金水测试',
};

/**
 * A small district (410104) with 2 streets × 2 communities × 8 grids and one user per role:
 * every test file builds its own, so tests never share rows.
 */
export async function seedMiniDistrict(db: Db): Promise<MiniDistrict> {
  return seedDistrict(db, GUANCHENG_MINI);
}

/**
 * A second mini district in the same database, for isolation tests: 410105 (金水区), shaped like
 * seedMiniDistrict's (streets 410105001/002, communities SECOND_COMMUNITIES, 32 grids, the same units and
 * calendars under its own names) two cells east of it, with its own users: the same roles and scopes
 * under `js-` usernames (`js-receiver`, `js-handler`, …). Seed the first one before it.
 */
export async function seedSecondMiniDistrict(db: Db): Promise<MiniDistrict> {
  return seedDistrict(db, JINSHUI_MINI);
}

/** A city-level leader (scope 4101): sees every district of the city. */
export async function seedCityLeader(db: Db, username = 'cityleader'): Promise<{ id: number; username: string; roles: Role[]; scopes: string[] }> {
  hashed ??= hashPassword(TEST_PASSWORD);
  const { rows } = await db.query(`INSERT INTO users (username, display_name, password_hash) VALUES ($1, '测试市级领导', $2) RETURNING id`, [username, await hashed]);
  const id = rows[0].id as number;
  await db.query(`INSERT INTO user_roles (user_id, role) VALUES ($1, 'leader')`, [id]);
  await db.query(`INSERT INTO user_scopes (user_id, scope_code) VALUES ($1, '4101')`, [id]);
  return { id, username, roles: ['leader'], scopes: ['4101'] };
}

async function seedDistrict(db: Db, d: MiniDistrictSpec): Promise<MiniDistrict> {
  hashed ??= hashPassword(TEST_PASSWORD);
  const hash = await hashed;
  const x0 = d.lng0;
  const communities = COMMUNITIES.map((c) => d.code + c.slice(6));
  await db.query(`INSERT INTO divisions (code, level, name) VALUES ('4101', 'city', '郑州市') ON CONFLICT DO NOTHING`);
  await db.query(`INSERT INTO divisions (code, level, name, parent_code, geometry) VALUES ($1, 'district', $2, '4101', $3)`, [d.code, d.name, JSON.stringify(rect(x0, LAT0, x0 + 8 * CELL, LAT0 + 4 * CELL))]);
  await db.query(`INSERT INTO divisions (code, level, name, parent_code, geometry) VALUES ($1, 'street', $2, $3, $4), ($5, 'street', $6, $3, $7)`,
    [`${d.code}001`, d.streets[0], d.code, JSON.stringify(rect(x0, LAT0, x0 + 4 * CELL, LAT0 + 4 * CELL)), `${d.code}002`, d.streets[1], JSON.stringify(rect(x0 + 4 * CELL, LAT0, x0 + 8 * CELL, LAT0 + 4 * CELL))]);
  for (let c = 0; c < 4; c++) {
    await db.query(`INSERT INTO divisions (code, level, name, parent_code, geometry) VALUES ($1, 'community', $2, $3, $4)`,
      [communities[c], d.communityNames[c], communities[c]!.slice(0, 9), JSON.stringify(rect(...communityBox(c, x0)))]);
  }
  await insertGrids(db, [0, 1, 2, 3].flatMap((c) => communityGrids(c, communities, x0)), { batchId: null, validFrom: new Date('2026-01-01T00:00:00Z'), isSchematic: true });
  const { rows: cal } = await db.query(`INSERT INTO calendars (district_code, code, name, definition) VALUES ($1, 'office', $2, $3) RETURNING id`, [d.code, d.calendars.office, JSON.stringify(OFFICE_CALENDAR)]);
  const calendarId = cal[0].id as number;
  const { rows: cc } = await db.query(`INSERT INTO calendars (district_code, code, name, definition) VALUES ($1, 'centre', $2, $3) RETURNING id`, [d.code, d.calendars.centre, JSON.stringify(CENTRE_CALENDAR)]);
  const centreCalendarId = cc[0].id as number;
  const unit = async (code: string, name: string, type: string, area: string, cal = calendarId) =>
    (await db.query(`INSERT INTO units (district_code, code, name, type, area_code, calendar_id) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, [d.code, code, name, type, area, cal])).rows[0].id as number;
  const unitIds = {
    streetOffice: await unit('JD001', d.units.streetOffice, 'streetOffice', `${d.code}001`),
    squad: await unit('ZD001', d.units.squad, 'enforcementSquad', `${d.code}001`),
    sanitation: await unit('HW', d.units.sanitation, 'sanitation', d.code),
    supervisionCenter: await unit('JDZX', d.units.supervisionCenter, 'supervisionCenter', d.code, centreCalendarId),
    commandCenter: await unit('ZHZX', d.units.commandCenter, 'commandCenter', d.code, centreCalendarId),
  };
  const specs: Array<[string, Role, string[], number | null]> = [
    ['admin', 'admin', [d.code], null],
    ['auditor', 'auditor', [d.code], null],
    ['leader', 'leader', [d.code], null],
    ['receiver', 'receiver', [d.code], null],
    ['shiftleader', 'shiftLeader', [d.code], null],
    ['dispatcher', 'dispatcher', [d.code], null],
    ['supervisor', 'supervisor', [`${d.code}001001001`, `${d.code}001001002`], unitIds.supervisionCenter],
    ['supervisor2', 'supervisor', [`${d.code}002001001`], unitIds.supervisionCenter],
    ['handler', 'handler', [`${d.code}001`], unitIds.streetOffice],
    ['officer', 'officer', [`${d.code}001`], unitIds.squad],
  ];
  const users: MiniDistrict['users'] = {};
  for (const [name, role, scopes, unitId] of specs) {
    const username = d.prefix + name;
    const { rows } = await db.query(`INSERT INTO users (username, display_name, unit_id, password_hash) VALUES ($1, $2, $3, $4) RETURNING id`, [username, `${d.displayPrefix}${username}`, unitId, hash]);
    const id = rows[0].id as number;
    await db.query(`INSERT INTO user_roles (user_id, role) VALUES ($1, $2)`, [id, role]);
    await db.query(`INSERT INTO user_scopes (user_id, scope_code) SELECT $1, unnest($2::text[])`, [id, scopes]);
    if (role === 'supervisor') await db.query(`INSERT INTO grid_assignments (grid_code, user_id, duty) SELECT unnest($1::text[]), $2, 'supervisor'`, [scopes, id]);
    users[username] = { id, username, roles: [role], scopes };
  }
  return { users, unitIds, calendarId, centreCalendarId };
}

/** A photo id for a label (the SHA-256 hex a real upload would have): tests that only attach photos need no image. */
export function photoId(label: string): string {
  return createHash('sha256').update(`test photo ${label}`).digest('hex');
}

/** Photo rows (no bytes in any store) so case actions accept `photoId(label)`; idempotent. */
export async function seedPhotos(db: Db, labels: string[]): Promise<string[]> {
  const ids = labels.map(photoId);
  await db.query(
    `INSERT INTO photos (id, is_citizen, mime, bytes, width, height) SELECT unnest($1::text[]), false, 'image/jpeg', 1, 1, 1 ON CONFLICT (id) DO NOTHING`,
    [ids],
  );
  return ids;
}
