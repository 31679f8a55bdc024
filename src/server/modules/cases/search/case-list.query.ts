/**
 * The case list: filters (case-filter.ts), two orders and a capped total. Counting every match of a
 * broad filter over a million cases costs a scan, so the total stops at TOTAL_CAP and says so
 * (`totalExact: false`, shown as "2000+"): the first page stays as fast as its own rows. The count
 * walks the same order as the page so the planner picks the same early-stopping plan for both.
 */
import type { Queryable } from '../../../db/pool.ts';
import type { Actor } from '../../auth/auth.service.ts';
import { CASE_SELECT, type CaseRow, type StepRow } from '../case.queries.ts';
import { caseFilterSql, isScanOnlyText, type CaseFilter } from './case-filter.ts';

export const TOTAL_CAP = 2_000;
/** A one-character text query scans rows; its total stops earlier. */
export const SCAN_TOTAL_CAP = 1_000;

export type CaseSort = 'reportedAt' | 'dueAt';

export interface CaseListFilter extends CaseFilter {
  sort?: CaseSort;
  limit: number;
  offset: number;
}

export interface CaseListPage {
  items: CaseRow[];
  total: number;
  totalExact: boolean;
}

const ORDER: Record<CaseSort, string> = {
  reportedAt: 'c.reported_at DESC, c.id DESC',
  // The deadline the case is running against now: its earliest open step; cases with none last.
  dueAt: '(SELECT min(s.due_at) FROM case_steps s WHERE s.case_id = c.id AND s.ended_at IS NULL) ASC NULLS LAST, c.id',
};

export async function searchCases(db: Queryable, actor: Actor, f: CaseListFilter, now: Date): Promise<CaseListPage> {
  const args: unknown[] = [];
  const where = `WHERE ${caseFilterSql(actor, f, now, args).join(' AND ')}`;
  const cap = isScanOnlyText(f.q) ? SCAN_TOTAL_CAP : TOTAL_CAP;
  const pageArgs = [...args, f.limit, f.offset];
  const order = ORDER[f.sort ?? 'reportedAt'];
  const [count, page] = await Promise.all([
    db.query(`SELECT count(*)::int AS n FROM (SELECT 1 FROM cases c ${where} ORDER BY ${order} LIMIT ${cap + 1}) x`, args),
    db.query(`${CASE_SELECT} ${where} ORDER BY ${order} LIMIT $${args.length + 1} OFFSET $${args.length + 2}`, pageArgs),
  ]);
  const n = count.rows[0].n as number;
  return { items: page.rows as CaseRow[], total: Math.min(n, cap), totalExact: n <= cap };
}

/** Open steps of many cases in one query (allowedActions for a page). */
export async function openStepsOf(db: Queryable, caseIds: number[]): Promise<Map<number, StepRow[]>> {
  const out = new Map<number, StepRow[]>(caseIds.map((id) => [id, []]));
  if (!caseIds.length) return out;
  const { rows } = await db.query(
    `SELECT case_id AS "caseId", id, step, assignee_role AS "assigneeRole", assignee_unit_id AS "assigneeUnitId", assignee_user_ids AS "assigneeUserIds",
            clock_type AS "clockType", limit_amount AS "limitAmount", limit_unit AS "limitUnit", calendar_id AS "calendarId",
            started_at AS "startedAt", due_at AS "dueAt", suspended_at AS "suspendedAt", suspended_seconds AS "suspendedSeconds",
            ended_at AS "endedAt", ended_by AS "endedBy", outcome, on_time AS "onTime", overdue_at AS "overdueAt"
       FROM case_steps WHERE case_id = ANY($1::bigint[]) AND ended_at IS NULL ORDER BY id`,
    [caseIds],
  );
  for (const { caseId, ...s } of rows as Array<StepRow & { caseId: number }>) out.get(caseId)?.push(s);
  return out;
}
