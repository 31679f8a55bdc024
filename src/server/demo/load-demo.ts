/**
 * The demo district: 管城回族区 (410104) with schematic street/community zones, unit grids, the
 * bureau's units and calendars, and a realistic roster — every grid has a supervisor, every street an
 * enforcement squad — with one sign-in per staff role.
 */
import path from 'node:path';
import { repoRoot, type Config } from '../config.ts';
import { createGridIndexHolder } from '../modules/geo/grid-index.holder.ts';
import { generateBulkHistory } from './bulk-history.ts';
import { inTransaction, type Db, type Tx } from '../db/pool.ts';
import { CENTRE_CALENDAR, EVERY_DAY_CALENDAR, OFFICE_CALENDAR, type CalendarDefinition } from '../../shared/calendar.ts';
import type { Role } from '../../shared/roles.ts';
import type { UnitType } from '../../shared/org.ts';
import { hashPassword } from '../modules/auth/password.ts';
import { seedStandardCategories } from '../modules/categories/category.service.ts';
import { insertGrids } from '../modules/geo/commands/import-grids.ts';
import { loadDefaultDistrictSource } from '../modules/geo/district-source.ts';
import { createPrng } from '../modules/geo/prng.ts';
import { generateSchematicDistrict } from './schematic.ts';
import { personName } from './names.ts';

export const DEMO_PASSWORD = 'Guancheng@2026';

export interface DemoLogin {
  username: string;
  role: Role;
  displayName: string;
  note: string;
}

export const DEMO_LOGINS: DemoLogin[] = [
  { username: 'admin', role: 'admin', displayName: '系统管理员', note: '管理网格、类别、单位、用户' },
  { username: 'auditor', role: 'auditor', displayName: '安全审计员', note: '只读安全日志' },
  { username: 'leader', role: 'leader', displayName: '王局长', note: '区城管局领导' },
  { username: 'receiver', role: 'receiver', displayName: '李受理', note: '监督中心受理员' },
  { username: 'shiftleader', role: 'shiftLeader', displayName: '张值班', note: '监督中心值班长' },
  { username: 'dispatcher', role: 'dispatcher', displayName: '赵派遣', note: '指挥中心派遣员' },
  { username: 'supervisor', role: 'supervisor', displayName: '刘监督', note: '北下街街道新华社区网格监督员' },
  { username: 'handler', role: 'handler', displayName: '陈处置', note: '北下街街道办事处处置人员' },
  { username: 'officer', role: 'officer', displayName: '孙队员', note: '北下街执法中队队员' },
];

const DISTRICT = { code: '410104', name: '管城回族区', city: { code: '4101', name: '郑州市' } };
/** Grids one supervisor patrols; real rosters range from ~30 to ~100 unit grids per person. */
const GRIDS_PER_SUPERVISOR = 60;

interface UnitSpec {
  code: string;
  name: string;
  type: UnitType;
  areaCode: string;
  calendar: 'office' | 'everyDay' | 'centre';
  staff: number;
  role: Role;
}

function departmentUnits(): UnitSpec[] {
  const d = DISTRICT.code;
  return [
    { code: 'JDZX', name: '管城回族区数字化城市管理监督中心', type: 'supervisionCenter', areaCode: d, calendar: 'centre', staff: 0, role: 'receiver' },
    { code: 'ZHZX', name: '管城回族区数字化城市管理指挥中心', type: 'commandCenter', areaCode: d, calendar: 'centre', staff: 0, role: 'dispatcher' },
    { code: 'SZ', name: '区市政工程管理处', type: 'municipal', areaCode: d, calendar: 'office', staff: 3, role: 'handler' },
    { code: 'HW', name: '区环境卫生管理处', type: 'sanitation', areaCode: d, calendar: 'everyDay', staff: 4, role: 'handler' },
    { code: 'YL', name: '区园林绿化管理处', type: 'landscaping', areaCode: d, calendar: 'office', staff: 2, role: 'handler' },
    { code: 'ZJ', name: '区住房和城乡建设局', type: 'housing', areaCode: d, calendar: 'office', staff: 2, role: 'handler' },
    { code: 'GS', name: '郑州自来水管城营业所', type: 'water', areaCode: d, calendar: 'office', staff: 2, role: 'handler' },
    { code: 'GD', name: '国网郑州供电公司管城供电部', type: 'power', areaCode: d, calendar: 'office', staff: 2, role: 'handler' },
    { code: 'RQ', name: '郑州华润燃气管城分公司', type: 'gas', areaCode: d, calendar: 'everyDay', staff: 2, role: 'handler' },
    { code: 'TX', name: '管城区通信管线联合办公室', type: 'telecom', areaCode: d, calendar: 'office', staff: 2, role: 'handler' },
    { code: 'JJ', name: '郑州市公安局交警支队管城大队', type: 'traffic', areaCode: d, calendar: 'everyDay', staff: 2, role: 'handler' },
  ];
}

export interface DemoSummary {
  streets: number;
  communities: number;
  grids: number;
  units: number;
  users: number;
  categories: number;
  cases: number;
  events: number;
  ms: number;
}

export interface DemoOptions {
  seed?: number;
  /** Days of case history before now, and cases reported per day. */
  days?: number;
  perDay?: number;
  now?: Date;
}

export const DEFAULT_DEMO_DAYS = 60;
export const DEFAULT_DEMO_PER_DAY = 200;

export async function loadDemo(db: Db, cfg: Config, opts: DemoOptions = {}): Promise<DemoSummary> {
  const t0 = Date.now();
  const seed = opts.seed ?? 410104;
  const source = await loadDefaultDistrictSource(path.join(repoRoot, 'data'));
  const geo = generateSchematicDistrict(source, { seed });
  const categories = await seedStandardCategories(db);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const rand = createPrng(seed + 1);

  const summary = await inTransaction(db, async (tx) => {
    await tx.query(`INSERT INTO divisions (code, level, name) VALUES ($1, 'city', $2) ON CONFLICT DO NOTHING`, [DISTRICT.city.code, DISTRICT.city.name]);
    await tx.query(
      `INSERT INTO divisions (code, level, name, kind, parent_code, geometry, managed_by) VALUES ($1, 'district', $2, '市辖区', $3, $4, $5)`,
      [DISTRICT.code, DISTRICT.name, DISTRICT.city.code, JSON.stringify(geo.district.geometry), '管城回族区城市管理局'],
    );
    for (const s of geo.streets) {
      const meta = source.streets.find((x) => x.code === s.code)!;
      await tx.query(
        `INSERT INTO divisions (code, level, name, kind, parent_code, geometry, is_schematic) VALUES ($1, 'street', $2, $3, $4, $5, true)`,
        [s.code, meta.name, meta.name.endsWith('乡') ? '乡' : '街道', DISTRICT.code, JSON.stringify(s.geometry)],
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
      [geo.grids.length, JSON.stringify({ seed, note: '示意范围，非官方边界 / schematic, not official boundaries' })],
    );
    await insertGrids(tx, geo.grids, { batchId: batch[0].id, validFrom: new Date(Date.now() - 400 * 86_400_000), isSchematic: true });

    const calendars = await insertCalendars(tx);
    const units: UnitSpec[] = departmentUnits();
    for (const s of source.streets) {
      const n = s.code.slice(6);
      units.push({ code: `JD${n}`, name: `${s.name}办事处`, type: 'streetOffice', areaCode: s.code, calendar: 'office', staff: 2, role: 'handler' });
      units.push({ code: `ZD${n}`, name: `${s.name.replace(/街道|乡/, '')}执法中队`, type: 'enforcementSquad', areaCode: s.code, calendar: 'everyDay', staff: 6, role: 'officer' });
    }
    const unitIds = new Map<string, number>();
    for (const u of units) {
      const { rows } = await tx.query(
        `INSERT INTO units (district_code, code, name, type, area_code, calendar_id, phone) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [DISTRICT.code, u.code, u.name, u.type, u.areaCode, calendars[u.calendar], `0371-${String(66000000 + Math.floor(rand() * 999999)).slice(0, 8)}`],
      );
      unitIds.set(u.code, rows[0].id);
    }

    let users = 0;
    const addUser = async (username: string, displayName: string, roles: Role[], scopes: string[], unitCode: string | null) => {
      const { rows } = await tx.query(
        `INSERT INTO users (username, display_name, phone, unit_id, password_hash, must_change_password) VALUES ($1, $2, $3, $4, $5, false) RETURNING id`,
        [username, displayName, `1${String(3500000000 + Math.floor(rand() * 499999999))}`, unitCode ? unitIds.get(unitCode)! : null, passwordHash],
      );
      const id = rows[0].id as number;
      await tx.query(`INSERT INTO user_roles (user_id, role) SELECT $1, unnest($2::text[])`, [id, roles]);
      await tx.query(`INSERT INTO user_scopes (user_id, scope_code) SELECT $1, unnest($2::text[])`, [id, scopes]);
      users++;
      return id;
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
        const username = demo ? 'supervisor' : `jd${String(supervisorNo).padStart(4, '0')}`;
        const id = await addUser(username, demo ? DEMO_LOGINS.find((l) => l.username === 'supervisor')!.displayName : personName(rand), ['supervisor'], beat, 'JDZX');
        await assign(id, beat, 'supervisor');
        supervisorNo++;
      }
    }

    // Centre staff, leaders, admin and auditor (district scope).
    for (const l of DEMO_LOGINS.filter((x) => !['supervisor', 'handler', 'officer'].includes(x.username))) {
      const unit = l.role === 'dispatcher' ? 'ZHZX' : ['receiver', 'shiftLeader'].includes(l.role) ? 'JDZX' : null;
      await addUser(l.username, l.displayName, [l.role], [DISTRICT.code], unit);
    }
    for (let i = 1; i <= 3; i++) await addUser(`slz${i}`, personName(rand), ['receiver'], [DISTRICT.code], 'JDZX');
    for (let i = 1; i <= 2; i++) await addUser(`zbz${i}`, personName(rand), ['shiftLeader'], [DISTRICT.code], 'JDZX');
    for (let i = 1; i <= 2; i++) await addUser(`pqy${i}`, personName(rand), ['dispatcher'], [DISTRICT.code], 'ZHZX');

    // Handling units and squads; squad officers take the grids of their street in turn (网格化执法).
    for (const u of units) {
      for (let i = 1; i <= u.staff; i++) {
        const first = u.code === 'JD001' && i === 1 ? 'handler' : u.code === 'ZD001' && i === 1 ? 'officer' : null;
        const username = first ?? `${u.code.toLowerCase()}-${i}`;
        const name = first ? DEMO_LOGINS.find((l) => l.username === first)!.displayName : personName(rand);
        const id = await addUser(username, name, [u.role], [u.areaCode], u.code);
        if (u.type === 'enforcementSquad') {
          const streetGrids = geo.grids.filter((g) => g.code.startsWith(u.areaCode)).map((g) => g.code);
          await assign(id, streetGrids.filter((_, k) => k % u.staff === i - 1), 'officer');
        }
      }
    }
    return { streets: geo.streets.length, communities: geo.communities.length, grids: geo.grids.length, units: units.length, users };
  });
  const grids = createGridIndexHolder(db);
  await grids.refresh();
  const history = await generateBulkHistory(db, cfg, grids, {
    days: opts.days ?? DEFAULT_DEMO_DAYS,
    perDay: opts.perDay ?? DEFAULT_DEMO_PER_DAY,
    seed,
    now: opts.now ?? new Date(),
  });
  return { ...summary, categories, cases: history.cases, events: history.events, ms: Date.now() - t0 };
}

async function insertCalendars(tx: Tx): Promise<Record<'office' | 'everyDay' | 'centre', number>> {
  const defs: Array<[key: 'office' | 'everyDay' | 'centre', code: string, name: string, def: CalendarDefinition]> = [
    ['office', 'office', '机关作息（夏季/冬季）', OFFICE_CALENDAR],
    ['everyDay', 'shifts-24h', '全天轮班（每天 24 小时）', EVERY_DAY_CALENDAR],
    ['centre', 'centre', '监督指挥中心（每天 07:30–22:30）', CENTRE_CALENDAR],
  ];
  const out = {} as Record<'office' | 'everyDay' | 'centre', number>;
  for (const [key, code, name, def] of defs) {
    const { rows } = await tx.query(`INSERT INTO calendars (district_code, code, name, definition) VALUES ($1, $2, $3, $4) RETURNING id`, [DISTRICT.code, code, name, JSON.stringify(def)]);
    out[key] = rows[0].id;
  }
  return out;
}

/** Removes every row of every application table (schema stays), for `guancheng demo --reset`. */
export async function wipeAll(db: Db): Promise<void> {
  const { rows } = await db.query<{ tablename: string }>(
    `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'schema_migrations'`,
  );
  if (rows.length) await db.query(`TRUNCATE ${rows.map((r) => `"${r.tablename}"`).join(', ')} RESTART IDENTITY CASCADE`);
}

export async function isEmpty(db: Db): Promise<boolean> {
  const { rows } = await db.query(`SELECT NOT EXISTS (SELECT 1 FROM divisions) AS empty`);
  return rows[0].empty as boolean;
}
