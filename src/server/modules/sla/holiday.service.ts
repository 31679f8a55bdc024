import type { Queryable } from '../../db/pool.ts';
import { DomainError } from '../../errors.ts';
import { createHolidayCalendar, statutoryDay } from './holidays.ts';

/**
 * The year's days that differ from plain Monday–Friday — statutory holidays, make-up days and admin overrides — and
 * the weekend days of a statutory holiday period (so a calendar shows the whole period), named as the notice names them.
 */
export async function listHolidayYear(db: Queryable, year: number) {
  const { rows } = await db.query<{ day: string; is_workday: boolean; name: string }>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, is_workday, name FROM holiday_overrides WHERE extract(year FROM day) = $1 ORDER BY day`,
    [year],
  );
  const overrides = new Map(rows.map((r) => [r.day, r]));
  const official = createHolidayCalendar();
  const days: { day: string; isWorkday: boolean; name: string; source: 'statutory' | 'override' }[] = [];
  for (let t = Date.UTC(year, 0, 1); new Date(t).getUTCFullYear() === year; t += 86_400_000) {
    const d = new Date(t);
    const key = d.toISOString().slice(0, 10);
    const o = overrides.get(key);
    if (o) {
      days.push({ day: key, isWorkday: o.is_workday, name: o.name, source: 'override' });
      continue;
    }
    const weekday = d.getUTCDay() >= 1 && d.getUTCDay() <= 5;
    const work = official.isOfficialWorkday(key);
    const notice = statutoryDay(key);
    if (work !== weekday || notice) {
      const name = notice?.name ? (work ? `${notice.name}调休上班` : notice.name) : work ? '调休上班' : '法定节假日';
      days.push({ day: key, isWorkday: work, name, source: 'statutory' });
    }
  }
  return { year, days };
}

export async function setHolidayOverride(db: Queryable, day: string, isWorkday: boolean, name: string, userId: number): Promise<void> {
  await db.query(
    `INSERT INTO holiday_overrides (day, is_workday, name, updated_by) VALUES ($1, $2, $3, $4)
     ON CONFLICT (day) DO UPDATE SET is_workday = EXCLUDED.is_workday, name = EXCLUDED.name, updated_by = EXCLUDED.updated_by, updated_at = now()`,
    [day, isWorkday, name, userId],
  );
}

export async function deleteHolidayOverride(db: Queryable, day: string): Promise<void> {
  const { rowCount } = await db.query(`DELETE FROM holiday_overrides WHERE day = $1`, [day]);
  if (!rowCount) throw new DomainError('NOT_FOUND');
}
