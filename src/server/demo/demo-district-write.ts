/**
 * One demo district into the database (load-demo.ts), in the caller's transaction: its divisions and
 * schematic grids, calendars, units, and a realistic roster — every grid has a supervisor, every street
 * an office and an enforcement squad — with the district's demo sign-ins among the staff.
 */
import type { Tx } from '../db/pool.ts';
import { CENTRE_CALENDAR, EVERY_DAY_CALENDAR, OFFICE_CALENDAR, type CalendarDefinition } from '../../shared/calendar.ts';
import type { Role } from '../../shared/roles.ts';
import { insertGrids } from '../modules/geo/commands/import-grids.ts';
import type { DistrictSource } from '../modules/geo/geo.types.ts';
import { DEMO_CITY, GRIDS_PER_SUPERVISOR, type DemoDistrict, type DemoLogin, type UnitSpec } from './demo-districts.ts';
import { personName } from './names.ts';
import type { SchematicResult } from './schematic.ts';

export interface DistrictCounts {
  streets: number;
  communities: number;
  grids: number;
  units: number;
  users: number;
}

type Calendars = Record<UnitSpec['calendar'], number>;

export async function insertDemoDistrict(tx: Tx, d: DemoDistrict, source: DistrictSource, geo: SchematicResult, seed: number, passwordHash: string, rand: () => number): Promise<DistrictCounts> {
  await insertDivisions(tx, d, source, geo, seed);
  const calendars = await insertCalendars(tx, d.code);
  const units: UnitSpec[] = [...d.departments];
  for (const s of source.streets) {
    const n = s.code.slice(6);
    // The first street office has its leader (单位负责人, the demo's unitleader) beside two members.
    units.push({ code: `JD${n}`, name: `${s.name}办事处`, type: 'streetOffice', areaCode: s.code, calendar: 'office', staff: n === '001' ? 3 : 2, role: 'handler' });
    units.push({ code: `ZD${n}`, name: `${s.name.replace(/街道|乡/, '')}执法中队`, type: 'enforcementSquad', areaCode: s.code, calendar: 'everyDay', staff: 6, role: 'officer' });
  }
  const unitIds = new Map<string, number>();
  for (const u of units) {
    const { rows } = await tx.query(
      `INSERT INTO units (district_code, code, name, type, area_code, calendar_id, phone) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [d.code, u.code, u.name, u.type, u.areaCode, calendars[u.calendar], `0371-${String(66000000 + Math.floor(rand() * 999999)).slice(0, 8)}`],
    );
    unitIds.set(u.code, rows[0].id);
  }
  const users = await insertRoster(tx, d, geo, units, unitIds, passwordHash, rand);
  return { streets: geo.streets.length, communities: geo.communities.length, grids: geo.grids.length, units: units.length, users };
}

async function insertDivisions(tx: Tx, d: DemoDistrict, source: DistrictSource, geo: SchematicResult, seed: number): Promise<void> {
  await tx.query(`INSERT INTO divisions (code, level, name) VALUES ($1, 'city', $2) ON CONFLICT DO NOTHING`, [DEMO_CITY.code, DEMO_CITY.name]);
  // The outline of a district that is schematic as a whole (not only its zones) is marked so too.
  await tx.query(
    `INSERT INTO divisions (code, level, name, kind, parent_code, geometry, managed_by, is_schematic) VALUES ($1, 'district', $2, '市辖区', $3, $4, $5, $6)`,
    [d.code, d.name, DEMO_CITY.code, JSON.stringify(geo.district.geometry), d.bureau, d.prefix !== ''],
  );
  for (const s of geo.streets) {
    const meta = source.streets.find((x) => x.code === s.code)!;
    await tx.query(
      `INSERT INTO divisions (code, level, name, kind, parent_code, geometry, is_schematic) VALUES ($1, 'street', $2, $3, $4, $5, true)`,
      [s.code, meta.name, meta.name.endsWith('乡') ? '乡' : '街道', d.code, JSON.stringify(s.geometry)],
    );
  }
  for (const c of geo.communities) {
    const meta = source.communities.find((x) => x.code === c.code)!;
    await tx.query(
      `INSERT INTO divisions (code, level, name, short_name, kind, parent_code, geometry, is_schematic) VALUES ($1, 'community', $2, $3, $4, $5, $6, true)`,
      [c.code, meta.name, meta.name.replace(/(居委会|村委会)$/, ''), meta.name.endsWith('村委会') ? '村委会' : '居委会', c.streetCode, JSON.stringify(c.geometry)],
    );
  }
  const { rows: batch } = await tx.query(
    `INSERT INTO import_batches (kind, file_name, feature_count, summary) VALUES ('demo', 'schematic', $1, $2) RETURNING id`,
    [geo.grids.length, JSON.stringify({ seed, district: d.code, note: '示意范围，非官方边界 / schematic, not official boundaries' })],
  );
  await insertGrids(tx, geo.grids, { batchId: batch[0].id, validFrom: new Date(Date.now() - 400 * 86_400_000), isSchematic: true });
}

async function insertRoster(tx: Tx, d: DemoDistrict, geo: SchematicResult, units: UnitSpec[], unitIds: Map<string, number>, passwordHash: string, rand: () => number): Promise<number> {
  const p = d.prefix;
  const login = (username: string): DemoLogin => d.logins.find((l) => l.username === p + username)!;
  let users = 0;
  const addUser = async (username: string, displayName: string, roles: Role[], scopes: string[], unitCode: string | null) => {
    users++;
    return insertUser(tx, username, displayName, roles, scopes, unitCode ? unitIds.get(unitCode)! : null, passwordHash, rand);
  };
  const assign = async (userId: number, gridCodes: string[], duty: 'supervisor' | 'officer') => {
    await tx.query(`INSERT INTO grid_assignments (grid_code, user_id, duty) SELECT unnest($1::text[]), $2, $3`, [gridCodes, userId, duty]);
  };

  // Supervisors: every grid has one. Communities are split into patrol beats in code order.
  const gridsByCommunity = new Map<string, string[]>();
  for (const g of geo.grids) gridsByCommunity.set(g.communityCode, [...(gridsByCommunity.get(g.communityCode) ?? []), g.code]);
  let supervisorNo = 0;
  for (const [, codes] of [...gridsByCommunity].sort(([a], [b]) => a.localeCompare(b))) {
    const beats = Math.max(1, Math.ceil(codes.length / GRIDS_PER_SUPERVISOR));
    for (let b = 0; b < beats; b++) {
      const beat = codes.filter((_, i) => i % beats === b);
      const demo = supervisorNo === 0;
      const username = demo ? `${p}supervisor` : `${p}jd${String(supervisorNo).padStart(4, '0')}`;
      const id = await addUser(username, demo ? login('supervisor').displayName : personName(rand), ['supervisor'], beat, 'JDZX');
      await assign(id, beat, 'supervisor');
      supervisorNo++;
    }
  }

  // Centre staff, leaders, admin and auditor (district scope).
  for (const l of d.logins.filter((x) => ![`${p}supervisor`, `${p}handler`, `${p}unitleader`, `${p}officer`].includes(x.username))) {
    const unit = l.role === 'dispatcher' ? 'ZHZX' : ['receiver', 'shiftLeader'].includes(l.role) ? 'JDZX' : null;
    await addUser(l.username, l.displayName, [l.role], [d.code], unit);
  }
  for (let i = 1; i <= 3; i++) await addUser(`${p}slz${i}`, personName(rand), ['receiver'], [d.code], 'JDZX');
  for (let i = 1; i <= 2; i++) await addUser(`${p}zbz${i}`, personName(rand), ['shiftLeader'], [d.code], 'JDZX');
  for (let i = 1; i <= 2; i++) await addUser(`${p}pqy${i}`, personName(rand), ['dispatcher'], [d.code], 'ZHZX');

  // Handling units and squads; squad officers take the grids of their street in turn (网格化执法).
  for (const u of units) {
    for (let i = 1; i <= u.staff; i++) {
      const first = u.code === 'JD001' && i === 1 ? 'handler' : u.code === 'JD001' && i === 3 ? 'unitleader' : u.code === 'ZD001' && i === 1 ? 'officer' : null;
      const username = first ? p + first : `${p}${u.code.toLowerCase()}-${i}`;
      const name = first ? login(first).displayName : personName(rand);
      const id = await addUser(username, name, [u.role], [u.areaCode], u.code);
      if (first === 'unitleader') await tx.query(`UPDATE users SET unit_lead = true WHERE id = $1`, [id]);
      if (u.type === 'enforcementSquad') {
        const streetGrids = geo.grids.filter((g) => g.code.startsWith(u.areaCode)).map((g) => g.code);
        await assign(id, streetGrids.filter((_, k) => k % u.staff === i - 1), 'officer');
      }
    }
  }
  return users;
}

export async function insertUser(tx: Tx, username: string, displayName: string, roles: Role[], scopes: string[], unitId: number | null, passwordHash: string, rand: () => number): Promise<number> {
  const { rows } = await tx.query(
    `INSERT INTO users (username, display_name, phone, unit_id, password_hash, must_change_password) VALUES ($1, $2, $3, $4, $5, false) RETURNING id`,
    [username, displayName, `1${String(3500000000 + Math.floor(rand() * 499999999))}`, unitId, passwordHash],
  );
  const id = rows[0].id as number;
  await tx.query(`INSERT INTO user_roles (user_id, role) SELECT $1, unnest($2::text[])`, [id, roles]);
  await tx.query(`INSERT INTO user_scopes (user_id, scope_code) SELECT $1, unnest($2::text[])`, [id, scopes]);
  return id;
}

async function insertCalendars(tx: Tx, districtCode: string): Promise<Calendars> {
  const defs: Array<[key: UnitSpec['calendar'], code: string, name: string, def: CalendarDefinition]> = [
    ['office', 'office', '机关作息（夏季/冬季）', OFFICE_CALENDAR],
    ['everyDay', 'shifts-24h', '全天轮班（每天 24 小时）', EVERY_DAY_CALENDAR],
    ['centre', 'centre', '监督指挥中心（每天 07:30–22:30）', CENTRE_CALENDAR],
  ];
  const out = {} as Calendars;
  for (const [key, code, name, def] of defs) {
    const { rows } = await tx.query(`INSERT INTO calendars (district_code, code, name, definition) VALUES ($1, $2, $3, $4) RETURNING id`, [districtCode, code, name, JSON.stringify(def)]);
    out[key] = rows[0].id;
  }
  return out;
}
