/**
 * The handling unit's own overview (单位工作台): what falls due today, what is overdue, what it handled this week
 * and how much of that on time, and its cases per status — for the whole unit and for what its leader gave the
 * caller. Counts, not rates: a unit of three reads "7 on time, 1 late" better than 87.5 %.
 */
import type { Queryable } from '../../db/pool.ts';
import type { DeskCounts } from '../../../shared/api/desk.ts';
import { dayIndexOf, DAY_MS, midnightOf } from '../sla/shanghai-time.ts';

/** The end of the Shanghai day holding `now`, and the Monday 00:00 that starts its ISO week. */
export function deskPeriods(now: Date): { dayEnd: Date; weekStart: Date } {
  const day = dayIndexOf(now.getTime());
  // Day 0 (1970-01-01) was a Thursday: (day + 3) mod 7 counts days since Monday.
  const sinceMonday = (((day + 3) % 7) + 7) % 7;
  return { dayEnd: new Date(midnightOf(day) + DAY_MS), weekStart: new Date(midnightOf(day - sinceMonday)) };
}

const STATUSES = ['dispatched', 'handling', 'extensionRequested', 'returnRequested', 'shelveRequested', 'shelved'] as const;

const empty = (): DeskCounts => ({
  dueToday: 0, overdue: 0, handledThisWeek: 0, handledOnTime: 0, handledLate: 0,
  dispatched: 0, handling: 0, extensionRequested: 0, returnRequested: 0, shelveRequested: 0, shelved: 0,
});

export async function deskCounts(db: Queryable, unitId: number, userId: number, now: Date): Promise<{ unit: DeskCounts; mine: DeskCounts }> {
  const { dayEnd, weekStart } = deskPeriods(now);
  const unit = empty();
  const mine = empty();
  const me = `s.assignee_user_ids <> '{}' AND s.assignee_user_ids @> ARRAY[$2::bigint]`;
  const [open, handled, statuses] = await Promise.all([
    // Per case, its earliest running unit step: overdue once past it, due today when it falls before midnight.
    db.query<{ overdue: boolean; due_today: boolean; mine: boolean }>(
      `SELECT min(s.due_at) <= $3 AS overdue, min(s.due_at) > $3 AND min(s.due_at) < $4 AS due_today, bool_or(${me}) AS mine
         FROM case_steps s
        WHERE s.assignee_unit_id = $1 AND s.step IN ('accept', 'handle') AND s.ended_at IS NULL AND s.suspended_at IS NULL
        GROUP BY s.case_id`,
      [unitId, userId, now, dayEnd],
    ),
    db.query<{ on_time: boolean; mine: boolean; n: number }>(
      `SELECT s.on_time, (${me}) AS mine, count(*)::int AS n
         FROM case_steps s
        WHERE s.assignee_unit_id = $1 AND s.ended_at IS NOT NULL AND s.ended_at >= $3 AND s.ended_at <= $4 AND s.step = 'handle' AND s.outcome = 'handled'
        GROUP BY 1, 2`,
      [unitId, userId, weekStart, now],
    ),
    db.query<{ status: (typeof STATUSES)[number]; n: number; mine: number }>(
      `SELECT c.status, count(*)::int AS n,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM case_steps s WHERE s.case_id = c.id AND s.ended_at IS NULL AND s.step IN ('accept', 'handle') AND ${me}))::int AS mine
         FROM cases c WHERE c.lead_unit_id = $1 AND c.status = ANY($3::text[]) GROUP BY c.status`,
      [unitId, userId, STATUSES],
    ),
  ]);
  for (const r of open.rows) {
    for (const x of r.mine ? [unit, mine] : [unit]) {
      if (r.overdue) x.overdue++;
      else if (r.due_today) x.dueToday++;
    }
  }
  for (const r of handled.rows) {
    for (const x of r.mine ? [unit, mine] : [unit]) {
      x.handledThisWeek += r.n;
      if (r.on_time) x.handledOnTime += r.n;
      else x.handledLate += r.n;
    }
  }
  for (const r of statuses.rows) {
    unit[r.status] = r.n;
    mine[r.status] = r.mine;
  }
  return { unit, mine };
}

/** The unit's active members who work cases (handlers, officers), leaders first, then by name. */
export async function deskMembers(db: Queryable, unitId: number): Promise<Array<{ id: number; displayName: string; unitLead: boolean }>> {
  const { rows } = await db.query<{ id: number; displayName: string; unitLead: boolean }>(
    `SELECT u.id, u.display_name AS "displayName", u.unit_lead AS "unitLead" FROM users u
      WHERE u.unit_id = $1 AND u.disabled_at IS NULL AND NOT u.is_integration
        AND EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role IN ('handler', 'officer'))
      ORDER BY u.unit_lead DESC, u.display_name, u.id`,
    [unitId],
  );
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

export async function unitName(db: Queryable, unitId: number): Promise<string> {
  const { rows } = await db.query<{ name: string }>(`SELECT name FROM units WHERE id = $1`, [unitId]);
  return rows[0]?.name ?? '';
}
