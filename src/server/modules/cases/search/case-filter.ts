/**
 * The filters shared by the case list and the map, as SQL over alias `c`. Visibility is always the
 * first condition (visibleToSql), so a filter can only narrow what the actor may see.
 */
import type { CaseSource, CaseStatus, StepKind } from '../../../../shared/cases/workflow.ts';
import type { CategoryKind, Urgency } from '../../../../shared/org.ts';
import type { Actor } from '../../auth/actor.ts';
import type { ColourState } from '../../sla/clock.ts';
import { visibleToSql } from '../case.visibility.ts';
import { parseTextQuery } from './search-text.ts';

export interface CaseFilter {
  status?: CaseStatus[];
  /** The kind of a currently open step. */
  step?: StepKind[];
  categoryKind?: CategoryKind;
  categoryCode?: string;
  districtCode?: string;
  streetCode?: string;
  communityCode?: string;
  gridCode?: string;
  /** Lead or co-handling unit. */
  unitId?: number;
  source?: CaseSource[];
  urgency?: Urgency;
  colour?: ColourState[];
  overdue?: boolean;
  /** A unit step open to accept or handle names the actor (given to them by their unit's leader). */
  mine?: boolean;
  reportedFrom?: Date;
  reportedTo?: Date;
  /** Filing time (立案): a case voided after filing keeps it, so it counts as filed, as 立案数 does (DOMAIN §6). */
  filedFrom?: Date;
  filedTo?: Date;
  /** Closing time (结案): set only by the close action, so only closed cases have one. */
  closedFrom?: Date;
  closedTo?: Date;
  q?: string;
  /** A tracking number (受理号, 2026-T000123) or case number (案卷号, 2026-A000045); `q` holding one is read as one. */
  number?: string;
}

/**
 * Colour of a running step in SQL, approximated by the share of wall-clock time from started_at to
 * due_at (the exact colour counts working time on the assignee's calendar: sla/clock.ts colourState).
 * Over a night or a weekend the approximation runs ahead of the exact one. Bounds as in DOMAIN §5.
 */
const COLOUR_SQL: Record<ColourState, (now: string) => string> = {
  green: (n) => `${n} < s.started_at + (s.due_at - s.started_at) * 0.5`,
  yellow: (n) => `${n} >= s.started_at + (s.due_at - s.started_at) * 0.5 AND ${n} < s.started_at + (s.due_at - s.started_at) * 0.8`,
  red: (n) => `${n} >= s.started_at + (s.due_at - s.started_at) * 0.8 AND ${n} < s.due_at`,
  overdue: (n) => `${n} >= s.due_at`,
};

/** A tracking or case number as the API writes them (case-numbers.ts formatNumber). */
export const NUMBER = /^\d{4}-[TAta]\d{6,}$/;

const RUNNING_STEP = `SELECT 1 FROM case_steps s WHERE s.case_id = c.id AND s.ended_at IS NULL`;

/** WHERE conditions (joined with AND) for `f`; parameters are appended to `args`. */
export function caseFilterSql(actor: Actor, f: CaseFilter, now: Date, args: unknown[]): string[] {
  const p = (v: unknown) => {
    args.push(v);
    return `$${args.length}`;
  };
  // coalesce() keeps the planner from turning visibility into a semi-join it estimates at 0.5 % of rows,
  // an underestimate that made it sort every text match instead of walking reported_at and stopping early.
  const where = [`coalesce(${visibleToSql(actor, args)}, false)`];
  // One status as plain equality: PostgreSQL before 17 reads (status, reported_at DESC) in order only for
  // an equality, and a walk of every case's reported_at past the newest (mostly open) ones to find closed
  // ones cost half a second on 15.
  if (f.status?.length === 1) where.push(`c.status = ${p(f.status[0])}`);
  else if (f.status?.length) where.push(`c.status = ANY(${p(f.status)}::text[])`);
  if (f.step?.length) where.push(`EXISTS (${RUNNING_STEP} AND s.step = ANY(${p(f.step)}::text[]))`);
  if (f.categoryKind) where.push(`c.category_kind = ${p(f.categoryKind)}`);
  if (f.categoryCode) where.push(`c.category_code = ${p(f.categoryCode)}`);
  if (f.districtCode) where.push(`c.district_code = ${p(f.districtCode)}`);
  if (f.streetCode) where.push(`c.street_code = ${p(f.streetCode)}`);
  if (f.communityCode) where.push(`c.community_code = ${p(f.communityCode)}`);
  if (f.gridCode) where.push(`c.grid_code = ${p(f.gridCode)}`);
  if (f.unitId !== undefined) {
    const u = p(f.unitId);
    where.push(`(c.lead_unit_id = ${u} OR (c.co_unit_ids <> '{}' AND c.co_unit_ids @> ARRAY[${u}::bigint]))`);
  }
  if (f.source?.length) where.push(`c.source = ANY(${p(f.source)}::text[])`);
  if (f.urgency) where.push(`c.urgency = ${p(f.urgency)}`);
  if (f.colour?.length || f.overdue !== undefined) {
    const n = `${p(now)}::timestamptz`;
    if (f.colour?.length) where.push(`EXISTS (${RUNNING_STEP} AND s.suspended_at IS NULL AND (${f.colour.map((k) => `(${COLOUR_SQL[k](n)})`).join(' OR ')}))`);
    if (f.overdue !== undefined) where.push(`${f.overdue ? '' : 'NOT '}EXISTS (${RUNNING_STEP} AND s.suspended_at IS NULL AND s.due_at <= ${n})`);
  }
  if (f.mine !== undefined) {
    const named = `EXISTS (${RUNNING_STEP} AND s.step IN ('accept', 'handle') AND s.assignee_user_ids <> '{}' AND s.assignee_user_ids @> ARRAY[${p(actor.userId)}::bigint])`;
    where.push(f.mine ? named : `NOT ${named}`);
  }
  if (f.reportedFrom) where.push(`c.reported_at >= ${p(f.reportedFrom)}`);
  if (f.reportedTo) where.push(`c.reported_at < ${p(f.reportedTo)}`);
  if (f.filedFrom) where.push(`c.filed_at >= ${p(f.filedFrom)}`);
  if (f.filedTo) where.push(`c.filed_at < ${p(f.filedTo)}`);
  if (f.closedFrom) where.push(`c.closed_at >= ${p(f.closedFrom)}`);
  if (f.closedTo) where.push(`c.closed_at < ${p(f.closedTo)}`);
  const number = f.number ?? (f.q && NUMBER.test(f.q.trim()) ? f.q.trim().toUpperCase() : undefined);
  if (number) {
    // By the per-district unique indexes on (district_code, tracking_no / case_no), one probe per district.
    const column = number.charAt(5) === 'T' ? 'tracking_no' : 'case_no';
    where.push(`c.${column} = ${p(number.toUpperCase())} AND c.district_code = ANY (ARRAY(SELECT d.code FROM divisions d WHERE d.level = 'district'))`);
  } else if (f.q) {
    const text = parseTextQuery(f.q);
    if (!text) where.push('false');
    else {
      // The GIN index finds rows holding every bigram; position() rechecks each word of three or more
      // characters in order (a two-character word is its one bigram). A one-character word has no bigram:
      // the character index (0019) finds it, and holding the character is holding the word. Fewer
      // rechecks also keep the planner's estimate of the matches near the truth.
      const chars = text.words.filter((w) => [...w].length === 1);
      if (text.bigrams.length) where.push(`c.search_bigrams @> ${p(text.bigrams)}::text[]`);
      if (chars.length) where.push(`string_to_array(c.search_text, NULL) @> ${p(chars)}::text[]`);
      for (const w of text.words) if ([...w].length > 2) where.push(`position(${p(w)}::text IN c.search_text) > 0`);
    }
  }
  return where;
}

/** True when a text query can only be answered by scanning (every word one character long). */
export function isScanOnlyText(q: string | undefined): boolean {
  const t = q ? parseTextQuery(q) : null;
  return !!t && t.bigrams.length === 0;
}

/** Query-string names → the filter the queries take. */
export function toCaseFilter<Q extends { unit?: number }>({ unit, ...q }: Q) {
  return { ...q, unitId: unit };
}
