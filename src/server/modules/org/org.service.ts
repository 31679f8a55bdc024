import type { z } from 'zod';
import type { calendarSchema, unitSchema } from '../../../shared/api/org.ts';
import type { Queryable } from '../../db/pool.ts';
import { touchesScopeSql } from '../../db/scope-sql.ts';
import { DomainError } from '../../errors.ts';
import type { CalendarDefinition } from '../../../shared/calendar.ts';
import type { UnitType } from '../../../shared/org.ts';
import { inScope } from '../../../shared/scope.ts';

export type UnitView = z.output<typeof unitSchema>;
export type CalendarView = z.output<typeof calendarSchema>;

// Units and calendars a scoped user may see: those serving an area that overlaps the user's scope
// (a supervisor of grids in 北下街 sees the district's departments and 北下街's street office): touchesScopeSql.

const UNIT_SELECT = `
  SELECT u.id, u.district_code AS "districtCode", u.code, u.name, u.type, u.area_code AS "areaCode",
         u.calendar_id AS "calendarId", c.name AS "calendarName", u.parent_id AS "parentId", u.phone, u.active,
         (SELECT count(*)::int FROM users s WHERE s.unit_id = u.id AND s.disabled_at IS NULL) AS "staffCount"
    FROM units u JOIN calendars c ON c.id = u.calendar_id`;

export async function listUnits(db: Queryable, scopes: string[] | null, f: { type?: string; areaCode?: string }): Promise<UnitView[]> {
  const args: unknown[] = [];
  const where: string[] = [];
  if (scopes) {
    args.push(scopes);
    where.push(touchesScopeSql('u.area_code', `$${args.length}`));
  }
  if (f.type) {
    args.push(f.type);
    where.push(`u.type = $${args.length}`);
  }
  if (f.areaCode) {
    args.push(f.areaCode);
    where.push(`u.area_code LIKE $${args.length} || '%'`);
  }
  const { rows } = await db.query(`${UNIT_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY u.district_code, u.type, u.code`, args);
  return rows as UnitView[];
}

export async function getUnit(db: Queryable, scopes: string[] | null, id: number): Promise<UnitView> {
  const args: unknown[] = [id];
  let extra = '';
  if (scopes) {
    args.push(scopes);
    extra = ` AND ${touchesScopeSql('u.area_code', '$2')}`;
  }
  const { rows } = await db.query(`${UNIT_SELECT} WHERE u.id = $1${extra}`, args);
  if (!rows[0]) throw new DomainError('UNIT_NOT_FOUND', { unit: id });
  return rows[0] as UnitView;
}

async function assertCalendar(db: Queryable, calendarId: number, districtCode: string): Promise<void> {
  const { rowCount } = await db.query(`SELECT 1 FROM calendars WHERE id = $1 AND district_code = $2`, [calendarId, districtCode]);
  if (!rowCount) throw new DomainError('CALENDAR_NOT_FOUND', { calendar: calendarId });
}

/** A parent unit must exist in the same district, and a unit cannot be its own ancestor. */
async function assertParent(db: Queryable, parentId: number, districtCode: string, self?: number): Promise<void> {
  const { rows } = await db.query<{ id: number }>(
    `WITH RECURSIVE up AS (SELECT id, parent_id FROM units WHERE id = $1 AND district_code = $2
                           UNION SELECT u.id, u.parent_id FROM units u JOIN up ON u.id = up.parent_id)
     SELECT id FROM up`,
    [parentId, districtCode],
  );
  if (!rows.length) throw new DomainError('UNIT_NOT_FOUND', { unit: parentId });
  if (self !== undefined && rows.some((r) => r.id === self)) throw new DomainError('UNIT_PARENT_INVALID', { unit: parentId });
}

async function assertDivision(db: Queryable, code: string): Promise<void> {
  const { rowCount } = await db.query(`SELECT 1 FROM divisions WHERE code = $1`, [code]);
  if (!rowCount) throw new DomainError('DIVISION_NOT_FOUND', { code });
}

export interface UnitInput {
  code: string;
  name: string;
  type: UnitType;
  areaCode: string;
  calendarId: number;
  parentId?: number | null;
  phone?: string | null;
}

export async function createUnit(db: Queryable, scopes: string[] | null, input: UnitInput): Promise<UnitView> {
  if (scopes && !inScope(scopes, input.areaCode)) throw new DomainError('SCOPE_INVALID', { code: input.areaCode });
  await assertDivision(db, input.areaCode);
  const districtCode = input.areaCode.slice(0, 6);
  await assertCalendar(db, input.calendarId, districtCode);
  if (input.parentId) await assertParent(db, input.parentId, districtCode);
  const { rows } = await db.query(
    `INSERT INTO units (district_code, code, name, type, area_code, calendar_id, parent_id, phone)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (district_code, code) DO NOTHING RETURNING id`,
    [districtCode, input.code, input.name, input.type, input.areaCode, input.calendarId, input.parentId ?? null, input.phone ?? null],
  );
  if (!rows[0]) throw new DomainError('UNIT_CODE_TAKEN', { code: input.code });
  return getUnit(db, null, rows[0].id);
}

export async function updateUnit(db: Queryable, scopes: string[] | null, id: number, patch: Partial<Omit<UnitInput, 'code'>> & { active?: boolean }): Promise<UnitView> {
  const current = await getUnit(db, scopes, id);
  if (scopes && !inScope(scopes, current.areaCode)) throw new DomainError('UNIT_NOT_FOUND', { unit: id });
  if (patch.areaCode) {
    if (scopes && !inScope(scopes, patch.areaCode)) throw new DomainError('SCOPE_INVALID', { code: patch.areaCode });
    await assertDivision(db, patch.areaCode);
  }
  if (patch.calendarId) await assertCalendar(db, patch.calendarId, current.districtCode);
  if (patch.parentId) await assertParent(db, patch.parentId, current.districtCode, id);
  await db.query(
    `UPDATE units SET name = COALESCE($2, name), type = COALESCE($3, type), area_code = COALESCE($4, area_code),
            calendar_id = COALESCE($5, calendar_id), phone = CASE WHEN $6::boolean THEN $7 ELSE phone END,
            active = COALESCE($8, active), parent_id = CASE WHEN $9::boolean THEN $10 ELSE parent_id END, updated_at = now() WHERE id = $1`,
    [id, patch.name ?? null, patch.type ?? null, patch.areaCode ?? null, patch.calendarId ?? null, patch.phone !== undefined, patch.phone ?? null, patch.active ?? null,
      patch.parentId !== undefined, patch.parentId ?? null],
  );
  return getUnit(db, null, id);
}

const CAL_SELECT = `SELECT id, district_code AS "districtCode", code, name, definition FROM calendars`;

export async function listCalendars(db: Queryable, scopes: string[] | null): Promise<CalendarView[]> {
  if (!scopes) return (await db.query(`${CAL_SELECT} ORDER BY id`)).rows as CalendarView[];
  const { rows } = await db.query(`${CAL_SELECT} WHERE ${touchesScopeSql('district_code', '$1')} ORDER BY id`, [scopes]);
  return rows as CalendarView[];
}

export async function getCalendar(db: Queryable, scopes: string[] | null, id: number): Promise<CalendarView> {
  const { rows } = await db.query(`${CAL_SELECT} WHERE id = $1${scopes ? ` AND ${touchesScopeSql('district_code', '$2')}` : ''}`, scopes ? [id, scopes] : [id]);
  if (!rows[0]) throw new DomainError('CALENDAR_NOT_FOUND', { calendar: id });
  return rows[0] as CalendarView;
}

export async function createCalendar(db: Queryable, scopes: string[] | null, input: { districtCode: string; code: string; name: string; definition: CalendarDefinition }): Promise<CalendarView> {
  if (scopes && !inScope(scopes, input.districtCode)) throw new DomainError('SCOPE_INVALID', { code: input.districtCode });
  await assertDivision(db, input.districtCode);
  const { rows } = await db.query(
    `INSERT INTO calendars (district_code, code, name, definition) VALUES ($1, $2, $3, $4)
     ON CONFLICT (district_code, code) DO NOTHING RETURNING id`,
    [input.districtCode, input.code, input.name, JSON.stringify(input.definition)],
  );
  if (!rows[0]) throw new DomainError('CALENDAR_CODE_TAKEN', { code: input.code });
  return getCalendar(db, null, rows[0].id);
}

export async function updateCalendar(db: Queryable, scopes: string[] | null, id: number, patch: { name?: string; definition?: CalendarDefinition }): Promise<CalendarView> {
  const current = await getCalendar(db, scopes, id);
  if (scopes && !inScope(scopes, current.districtCode)) throw new DomainError('CALENDAR_NOT_FOUND', { calendar: id });
  await db.query(
    `UPDATE calendars SET name = COALESCE($2, name), definition = COALESCE($3, definition), updated_at = now() WHERE id = $1`,
    [id, patch.name ?? null, patch.definition ? JSON.stringify(patch.definition) : null],
  );
  return getCalendar(db, null, id);
}
