/**
 * The case list: filters (case-filter.ts), two orders and a capped total. Counting every match of a
 * broad filter over a million cases costs a scan, so the total stops at TOTAL_CAP and says so
 * (`totalExact: false`, shown as "2000+"): the first page stays as fast as its own rows. Newest first,
 * the page is a slice of the counted rows; by deadline those rows are ordered when they are all the
 * matches, else the open steps are walked (pageByDue).
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

const BY_REPORTED = 'c.reported_at DESC, c.id DESC';

/** `capOverride` stands in for the caps in tests, so a handful of rows takes every path. */
export async function searchCases(db: Queryable, actor: Actor, f: CaseListFilter, now: Date, capOverride?: number): Promise<CaseListPage> {
  const args: unknown[] = [];
  const conditions = caseFilterSql(actor, f, now, args);
  const where = `WHERE ${conditions.join(' AND ')}`;
  const cap = capOverride ?? (isScanOnlyText(f.q) ? SCAN_TOTAL_CAP : TOTAL_CAP);
  // Newest first, the first cap + 1 matches are both the total (their number) and the page (a slice):
  // one plan for both. A page of its own (LIMIT 50) let the planner walk reported_at expecting matches
  // soon, and for a rare word it walked all million rows. By deadline the total needs no order at all:
  // ordered, it read every match of a broad filter to sort them.
  const first = db.query<{ id: number }>(`SELECT c.id FROM cases c ${where} ${f.sort === 'dueAt' ? '' : `ORDER BY ${BY_REPORTED}`} LIMIT ${cap + 1}`, args);
  let ids: Promise<number[]>;
  if (f.sort === 'dueAt') {
    // Every match in hand (no more than the cap): order just those. Walking the open steps for a filter
    // few cases pass — closed ones have none — would read most of them to fill a page.
    ids = first.then(({ rows }) => (rows.length <= cap ? byDueAmong(db, rows.map((r) => r.id), f.limit, f.offset) : pageByDue(db, conditions, args, f.limit, f.offset)));
  } else {
    ids = first.then(async ({ rows }) => {
      if (rows.length <= cap || f.offset + f.limit <= rows.length) return rows.slice(f.offset, f.offset + f.limit).map((r) => r.id);
      const page = await db.query<{ id: number }>(`SELECT c.id FROM cases c ${where} ORDER BY ${BY_REPORTED} LIMIT $${args.length + 1} OFFSET $${args.length + 2}`, [...args, f.limit, f.offset]);
      return page.rows.map((r) => r.id);
    });
  }
  const [n, items] = await Promise.all([first.then((r) => r.rows.length), ids.then((x) => casesInOrder(db, x))]);
  return { items, total: Math.min(n, cap), totalExact: n <= cap };
}

/** The cases of `ids` in that order; a case gone between the reads simply drops out. */
async function casesInOrder(db: Queryable, ids: number[]): Promise<CaseRow[]> {
  if (!ids.length) return [];
  const { rows } = await db.query(`${CASE_SELECT} WHERE c.id = ANY($1::bigint[])`, [ids]);
  const byId = new Map((rows as CaseRow[]).map((c) => [c.id, c]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/**
 * A page by deadline: the cases with an open step by their earliest one (ties by id), then the cases
 * without one by id — the order `min(open due_at) ASC NULLS LAST, id`. Sorting every match by a
 * per-case min() cost a second at a million cases; instead the first part walks the open steps in
 * deadline order (case_steps_open_due_case_idx), keeps each case's earliest step, and stops at the
 * page's end. The second part is read only when the first runs out before it.
 */
async function pageByDue(db: Queryable, conditions: string[], args: unknown[], limit: number, offset: number): Promise<number[]> {
  const n = args.length;
  const { rows: running } = await db.query<{ id: number }>(
    `SELECT d.case_id AS id FROM case_steps d JOIN cases c ON c.id = d.case_id
      WHERE d.ended_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM case_steps e WHERE e.case_id = d.case_id AND e.ended_at IS NULL
                         AND (e.due_at < d.due_at OR (e.due_at = d.due_at AND e.id < d.id)))
        AND ${conditions.join(' AND ')}
      ORDER BY d.due_at, d.case_id LIMIT $${n + 1}`,
    [...args, offset + limit],
  );
  let ids = running.slice(offset).map((r) => r.id);
  if (running.length < offset + limit) {
    const { rows: rest } = await db.query<{ id: number }>(
      `SELECT c.id FROM cases c
        WHERE NOT EXISTS (SELECT 1 FROM case_steps s WHERE s.case_id = c.id AND s.ended_at IS NULL) AND ${conditions.join(' AND ')}
        ORDER BY c.id LIMIT $${n + 1} OFFSET $${n + 2}`,
      [...args, limit - ids.length, Math.max(0, offset - running.length)],
    );
    ids = [...ids, ...rest.map((r) => r.id)];
  }
  return ids;
}

/** `ids` in the deadline order (as pageByDue), one page of them. */
async function byDueAmong(db: Queryable, ids: number[], limit: number, offset: number): Promise<number[]> {
  if (!ids.length) return [];
  const { rows } = await db.query<{ id: number }>(
    `SELECT c.id FROM cases c WHERE c.id = ANY($1::bigint[])
      ORDER BY (SELECT min(s.due_at) FROM case_steps s WHERE s.case_id = c.id AND s.ended_at IS NULL) ASC NULLS LAST, c.id LIMIT $2 OFFSET $3`,
    [ids, limit, offset],
  );
  return rows.map((r) => r.id);
}

/** Open steps of many cases in one query (allowedActions for a page); every id gets a list. */
export async function openStepsOf(db: Queryable, caseIds: number[]): Promise<Map<number, StepRow[]>> {
  if (!caseIds.length) return new Map();
  const found = await listStepsOf(db, caseIds, true);
  return new Map(caseIds.map((id) => [id, found.get(id) ?? []]));
}
