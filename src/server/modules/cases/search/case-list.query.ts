/**
 * The case list: filters (case-filter.ts), two orders and a capped total. Counting every match of a
 * broad filter over a million cases costs a scan, so the total stops at TOTAL_CAP and says so
 * (`totalExact: false`, shown as "2000+"): the first page stays as fast as its own rows. The count
 * walks the same order as the page so the planner picks the same early-stopping plan for both.
 */
import type { Queryable } from '../../../db/pool.ts';
import type { Actor } from '../../auth/actor.ts';
import { CASE_SELECT, listStepsOf, type CaseRow, type StepRow } from '../case.queries.ts';
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

/** Open steps of many cases in one query (allowedActions for a page); every id gets a list. */
export async function openStepsOf(db: Queryable, caseIds: number[]): Promise<Map<number, StepRow[]>> {
  if (!caseIds.length) return new Map();
  const found = await listStepsOf(db, caseIds, true);
  return new Map(caseIds.map((id) => [id, found.get(id) ?? []]));
}
