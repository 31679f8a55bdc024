/**
 * What the case commands would read per action, read once for the bulk demo history (bulk-history.ts):
 * the district's grids and the demo supervisor's beat, people and their roles, units and calendars,
 * categories, grid supervisors, workflow settings and clocks — and a handful of stored photos to reuse.
 */
import sharp from 'sharp';
import type { Config } from '../config.ts';
import type { Db } from '../db/pool.ts';
import type { Urgency } from '../../shared/org.ts';
import type { Role } from '../../shared/roles.ts';
import { loadActor } from '../modules/auth/auth.service.ts';
import { loadClockEnv, type ClockEnv } from '../modules/cases/step-clock.ts';
import { loadWorkflowSettings, type WorkflowSettings } from '../modules/cases/workflow-settings.ts';
import type { GridIndexHolder } from '../modules/geo/grid-index.holder.ts';
import { storeStaffPhoto } from '../modules/photos/commands/store-staff-photo.ts';
import { createPhotoStore } from '../modules/photos/photo-store.ts';
import type { Person } from './bulk-case-sim.ts';

export interface DemoGrid {
  code: string;
  min_lng: number;
  min_lat: number;
  max_lng: number;
  max_lat: number;
}

export interface DemoUnit {
  id: number;
  type: string;
  area_code: string;
  calendar_id: number | null;
  /** The unit's first enabled user, who acts for it. */
  user_id: number | null;
}

export interface DemoCategory {
  code: string;
  default_unit_type: string | null;
  urgency: Urgency;
  time_limit: number | null;
  clock_type: string;
  requires_after_photo: boolean;
  active: boolean;
}

export type SupervisorsOf = Map<string, { userIds: number[]; calendarId: number | null }>;

export interface DemoPhotos {
  after: string[];
  check: string[];
}

export interface DemoWorld {
  now: Date;
  districtCode: string;
  grids: GridIndexHolder;
  gridRows: DemoGrid[];
  hotspots: DemoGrid[];
  beatCodes: Set<string>;
  demoBeat: DemoGrid[];
  person: (userId: number) => Person;
  centre: { receiver: Person; shiftLeader: Person; dispatcher: Person };
  /** The units of the demo `handler` and `officer` sign-ins (the first user of each), when the roster has them. */
  demoUnits: { handler: DemoUnit | undefined; officer: DemoUnit | undefined };
  units: DemoUnit[];
  unitCalendar: Map<number, number | null>;
  catOf: Map<string, DemoCategory>;
  supervisorsOf: SupervisorsOf;
  /** The grid's first supervisor by assignment: who reports there. */
  reporterOf: Map<string, number>;
  settings: WorkflowSettings;
  env: ClockEnv;
  photos: DemoPhotos;
}

/** The current grids (of one district, when `districtCode` is given). */
export async function readDemoGrids(db: Db, districtCode?: string): Promise<DemoGrid[]> {
  const { rows } = await db.query<DemoGrid>(
    `SELECT code, min_lng, min_lat, max_lng, max_lat FROM grids WHERE valid_to IS NULL AND code LIKE $1 || '%' ORDER BY code`,
    [districtCode ?? ''],
  );
  return rows;
}

/**
 * Everything the commands would read per action, read once, for the district of `gridRows` (not empty);
 * its demo sign-ins are named `prefix` + supervisor, receiver, … (demo-districts.ts).
 */
export async function loadDemoWorld(db: Db, cfg: Config, grids: GridIndexHolder, gridRows: DemoGrid[], now: Date, prefix = ''): Promise<DemoWorld> {
  const hotspots = gridRows.filter((_, i) => i % 20 === 7);
  const beatCodes = await readDemoBeat(db, `${prefix}supervisor`);
  const demoBeat = gridRows.filter((g) => beatCodes.has(g.code));
  const person = await readPeople(db);
  const byName = async (username: string): Promise<Person> => person(await userIdOf(db, prefix + username));
  const centre = { receiver: await byName('receiver'), shiftLeader: await byName('shiftleader'), dispatcher: await byName('dispatcher') };
  const districtCode = grids.locate((gridRows[0]!.min_lng + gridRows[0]!.max_lng) / 2, (gridRows[0]!.min_lat + gridRows[0]!.max_lat) / 2)?.districtCode ?? gridRows[0]!.code.slice(0, 6);
  const { units, unitCalendar } = await readUnits(db, districtCode);
  const demoUnits = { handler: await unitOf(db, units, `${prefix}handler`), officer: await unitOf(db, units, `${prefix}officer`) };
  const catOf = await readCategories(db);
  const { supervisorsOf, reporterOf } = await readSupervisors(db);

  const [settings, env] = await Promise.all([loadWorkflowSettings(db, districtCode), loadClockEnv(db, districtCode)]);
  const handlerId = units.find((u) => u.user_id && !['supervisionCenter', 'commandCenter'].includes(u.type))?.user_id ?? centre.receiver.userId;
  const firstSupervisorId = gridRows.map((g) => supervisorsOf.get(g.code)?.userIds[0]).find((id) => id !== undefined);
  const photos = await demoPhotos(db, cfg, handlerId, firstSupervisorId ?? centre.receiver.userId, now);
  return { now, districtCode, grids, gridRows, hotspots, beatCodes, demoBeat, person, centre, demoUnits, units, unitCalendar, catOf, supervisorsOf, reporterOf, settings, env, photos };
}

/**
 * The demo supervisor's beat is one of the district's busiest, so whoever signs in as them (or as the
 * street's handler and officer, who get its cases) finds a working day's queue, not an empty one.
 */
async function readDemoBeat(db: Db, username: string): Promise<Set<string>> {
  const { rows } = await db.query<{ grid_code: string }>(
    `SELECT a.grid_code FROM grid_assignments a JOIN users u ON u.id = a.user_id
      WHERE u.username = $1 AND a.duty = 'supervisor' AND a.valid_to IS NULL`,
    [username],
  );
  return new Set(rows.map((r) => r.grid_code));
}

/** The unit a demo sign-in works for, if the roster has that user and the unit acts through them (its first user). */
async function unitOf(db: Db, units: DemoUnit[], username: string): Promise<DemoUnit | undefined> {
  const { rows } = await db.query<{ id: number; unit_id: number | null }>(`SELECT id, unit_id FROM users WHERE username = $1`, [username]);
  const u = rows[0];
  return u ? units.find((x) => Number(x.id) === Number(u.unit_id) && Number(x.user_id) === Number(u.id)) : undefined;
}

async function readPeople(db: Db): Promise<(userId: number) => Person> {
  const { rows } = await db.query<{ user_id: number; roles: Role[] }>(`SELECT user_id, array_agg(role ORDER BY role) AS roles FROM user_roles GROUP BY user_id`);
  const rolesOf = new Map(rows.map((r) => [Number(r.user_id), r.roles]));
  return (userId) => ({ userId, roles: rolesOf.get(userId) ?? [] });
}

async function userIdOf(db: Db, username: string): Promise<number> {
  const { rows } = await db.query<{ id: number }>(`SELECT id FROM users WHERE username = $1`, [username]);
  if (!rows[0]) throw new Error(`demo history needs a user named ${username}`);
  return Number(rows[0].id);
}

async function readUnits(db: Db, districtCode: string): Promise<{ units: DemoUnit[]; unitCalendar: Map<number, number | null> }> {
  const { rows: units } = await db.query<DemoUnit>(
    `SELECT u.id, u.type, u.area_code, u.calendar_id, (SELECT min(s.id) FROM users s WHERE s.unit_id = u.id AND s.disabled_at IS NULL) AS user_id
       FROM units u WHERE u.active AND u.district_code = $1 ORDER BY u.id`,
    [districtCode],
  );
  const { rows: allUnits } = await db.query<{ id: number; calendar_id: number | null }>(`SELECT id, calendar_id FROM units`);
  const unitCalendar = new Map(allUnits.map((u) => [Number(u.id), u.calendar_id === null ? null : Number(u.calendar_id)]));
  return { units, unitCalendar };
}

async function readCategories(db: Db): Promise<Map<string, DemoCategory>> {
  const { rows } = await db.query<DemoCategory>(
    `SELECT code, default_unit_type, urgency, time_limit, clock_type, requires_after_photo, active FROM categories WHERE kind = 'event'`,
  );
  return new Map(rows.map((c) => [c.code, c]));
}

async function readSupervisors(db: Db): Promise<{ supervisorsOf: SupervisorsOf; reporterOf: Map<string, number> }> {
  const { rows: sups } = await db.query<{ grid_code: string; user_id: number; calendar_id: number | null }>(
    `SELECT a.grid_code, a.user_id, un.calendar_id FROM grid_assignments a JOIN users u ON u.id = a.user_id LEFT JOIN units un ON un.id = u.unit_id
      WHERE a.duty = 'supervisor' AND a.valid_to IS NULL AND u.disabled_at IS NULL ORDER BY a.grid_code, a.user_id`,
  );
  const supervisorsOf: SupervisorsOf = new Map();
  for (const s of sups) {
    const e = supervisorsOf.get(s.grid_code) ?? { userIds: [], calendarId: s.calendar_id === null ? null : Number(s.calendar_id) };
    e.userIds.push(Number(s.user_id));
    supervisorsOf.set(s.grid_code, e);
  }
  const { rows: firstSup } = await db.query<{ grid_code: string; user_id: number }>(
    `SELECT DISTINCT ON (grid_code) grid_code, user_id FROM grid_assignments WHERE duty = 'supervisor' AND valid_to IS NULL ORDER BY grid_code, user_id`,
  );
  const reporterOf = new Map(firstSup.map((r) => [r.grid_code, Number(r.user_id)]));
  return { supervisorsOf, reporterOf };
}

/** A handful of real, tiny, schematic JPEGs (stored like any staff upload) that handling and check steps reuse. */
async function demoPhotos(db: Db, cfg: Config, handlerId: number, supervisorId: number, now: Date): Promise<DemoPhotos> {
  const store = createPhotoStore(cfg.filesDir);
  const make = async (userId: number, label: string, shade: number): Promise<string> => {
    const actor = await loadActor(db, userId, cfg, 'session');
    if (!actor) throw new Error(`demo photo uploader ${userId} not found`);
    const local = new Date(now.getTime() + 8 * 3_600_000).toISOString();
    const bytes = await sharp({ create: { width: 160, height: 120, channels: 3, background: { r: shade, g: 120, b: 255 - shade } } })
      .jpeg({ quality: 70 })
      .withExif({ IFD0: { ImageDescription: `guancheng demo ${label}` }, IFD2: { DateTimeOriginal: `${local.slice(0, 10).replace(/-/g, ':')} ${local.slice(11, 19)}` } })
      .toBuffer();
    return (await storeStaffPhoto({ db, now: () => now }, store, actor, bytes, { capturedAt: now })).id;
  };
  const after: string[] = [];
  const check: string[] = [];
  for (let i = 0; i < 4; i++) after.push(await make(handlerId, `after ${i}`, 20 + i * 50));
  for (let i = 0; i < 4; i++) check.push(await make(supervisorId, `check ${i}`, 40 + i * 50));
  return { after, check };
}
