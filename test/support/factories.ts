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
export function communityBox(c: number): [number, number, number, number] {
  const x0 = LNG0 + (c < 2 ? 0 : 4 * CELL);
  const y0 = LAT0 + (c % 2 === 0 ? 2 * CELL : 0);
  return [x0, y0, x0 + 4 * CELL, y0 + 2 * CELL];
}

export const COMMUNITIES = ['410104001001', '410104001002', '410104002001', '410104002002'];

export function communityGrids(c: number): { code: string; communityCode: string; geometry: Polygonal; areaM2: number }[] {
  const [x0, , , y1] = communityBox(c);
  const out = [];
  let seq = 1;
  for (let row = 0; row < 2; row++) {
    for (let col = 0; col < 4; col++) {
      const gx = x0 + col * CELL;
      const gy = y1 - (row + 1) * CELL;
      out.push({ code: COMMUNITIES[c] + String(seq++).padStart(3, '0'), communityCode: COMMUNITIES[c]!, geometry: rect(gx, gy, gx + CELL, gy + CELL), areaM2: 10_000 });
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

/**
 * A small district (410104) with 2 streets × 2 communities × 8 grids and one user per role:
 * every test file builds its own, so tests never share rows.
 */
export async function seedMiniDistrict(db: Db): Promise<MiniDistrict> {
  hashed ??= hashPassword(TEST_PASSWORD);
  const hash = await hashed;
  await db.query(`INSERT INTO divisions (code, level, name) VALUES ('4101', 'city', '郑州市')`);
  await db.query(`INSERT INTO divisions (code, level, name, parent_code, geometry) VALUES ('410104', 'district', '管城回族区', '4101', $1)`, [JSON.stringify(rect(LNG0, LAT0, LNG0 + 8 * CELL, LAT0 + 4 * CELL))]);
  await db.query(`INSERT INTO divisions (code, level, name, parent_code, geometry) VALUES ('410104001', 'street', '北下街街道', '410104', $1), ('410104002', 'street', '西大街街道', '410104', $2)`,
    [JSON.stringify(rect(LNG0, LAT0, LNG0 + 4 * CELL, LAT0 + 4 * CELL)), JSON.stringify(rect(LNG0 + 4 * CELL, LAT0, LNG0 + 8 * CELL, LAT0 + 4 * CELL))]);
  const names = ['新华社区居委会', '北下街社区居委会', '西大街社区居委会', '城隍庙社区居委会'];
  for (let c = 0; c < 4; c++) {
    await db.query(`INSERT INTO divisions (code, level, name, parent_code, geometry) VALUES ($1, 'community', $2, $3, $4)`,
      [COMMUNITIES[c], names[c], COMMUNITIES[c]!.slice(0, 9), JSON.stringify(rect(...communityBox(c)))]);
  }
  await insertGrids(db, [0, 1, 2, 3].flatMap(communityGrids), { batchId: null, validFrom: new Date('2026-01-01T00:00:00Z'), isSchematic: true });
  const { rows: cal } = await db.query(`INSERT INTO calendars (district_code, code, name, definition) VALUES ('410104', 'office', '机关作息', $1) RETURNING id`, [JSON.stringify(OFFICE_CALENDAR)]);
  const calendarId = cal[0].id as number;
  const { rows: cc } = await db.query(`INSERT INTO calendars (district_code, code, name, definition) VALUES ('410104', 'centre', '监督指挥中心', $1) RETURNING id`, [JSON.stringify(CENTRE_CALENDAR)]);
  const centreCalendarId = cc[0].id as number;
  const unit = async (code: string, name: string, type: string, area: string, cal = calendarId) =>
    (await db.query(`INSERT INTO units (district_code, code, name, type, area_code, calendar_id) VALUES ('410104', $1, $2, $3, $4, $5) RETURNING id`, [code, name, type, area, cal])).rows[0].id as number;
  const unitIds = {
    streetOffice: await unit('JD001', '北下街街道办事处', 'streetOffice', '410104001'),
    squad: await unit('ZD001', '北下街执法中队', 'enforcementSquad', '410104001'),
    sanitation: await unit('HW', '区环卫处', 'sanitation', '410104'),
    supervisionCenter: await unit('JDZX', '监督中心', 'supervisionCenter', '410104', centreCalendarId),
    commandCenter: await unit('ZHZX', '指挥中心', 'commandCenter', '410104', centreCalendarId),
  };
  const specs: Array<[string, Role, string[], number | null]> = [
    ['admin', 'admin', ['410104'], null],
    ['auditor', 'auditor', ['410104'], null],
    ['leader', 'leader', ['410104'], null],
    ['receiver', 'receiver', ['410104'], null],
    ['shiftleader', 'shiftLeader', ['410104'], null],
    ['dispatcher', 'dispatcher', ['410104'], null],
    ['supervisor', 'supervisor', ['410104001001001', '410104001001002'], unitIds.supervisionCenter],
    ['supervisor2', 'supervisor', ['410104002001001'], unitIds.supervisionCenter],
    ['handler', 'handler', ['410104001'], unitIds.streetOffice],
    ['officer', 'officer', ['410104001'], unitIds.squad],
  ];
  const users: MiniDistrict['users'] = {};
  for (const [username, role, scopes, unitId] of specs) {
    const { rows } = await db.query(`INSERT INTO users (username, display_name, unit_id, password_hash) VALUES ($1, $2, $3, $4) RETURNING id`, [username, `测试${username}`, unitId, hash]);
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
