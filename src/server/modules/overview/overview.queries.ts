/**
 * The overview's counts. Each figure is counted with the very conditions the case list applies for its
 * filters (caseFilterSql: visibility first), so a number and the list it links to cannot disagree. All
 * counts travel in one statement of UNION ALL branches, each grouped by street, so every branch keeps its
 * own index: reported_at (cases_reported_idx), filed_at and closed_at (0023), the open steps by deadline
 * (case_steps_open_due_case_idx) for the overdue backlog, the open cases (cases_open_reported_idx).
 */
import type { Queryable } from '../../db/pool.ts';
import { touchesScopeSql } from '../../db/scope-sql.ts';
import type { Actor } from '../auth/actor.ts';
import { caseFilterSql, type CaseFilter } from '../cases/search/case-filter.ts';
import { OPEN_STATUSES, OVERVIEW_FIGURES, type OverviewFigure, type OverviewFigures } from '../../../shared/api/overview.ts';
import type { CaseSource } from '../../../shared/cases/workflow.ts';

export interface Division {
  code: string;
  name: string;
}

/** Districts the actor's scope touches (a street-level scope still names its district). */
export async function districtsInScope(db: Queryable, actor: Actor): Promise<Division[]> {
  const { rows } = await db.query<Division>(
    `SELECT d.code, d.name FROM divisions d WHERE d.level = 'district' AND ${touchesScopeSql('d.code', '$1')} ORDER BY d.code`,
    [actor.scopes],
  );
  return rows;
}

/** The district's streets the actor's scope touches. */
export async function streetsInScope(db: Queryable, actor: Actor, districtCode: string): Promise<Division[]> {
  const { rows } = await db.query<Division>(
    `SELECT d.code, d.name FROM divisions d WHERE d.level = 'street' AND d.parent_code = $2 AND ${touchesScopeSql('d.code', '$1')} ORDER BY d.code`,
    [actor.scopes, districtCode],
  );
  return rows;
}

export interface Period {
  /** First instant, included. */
  from: Date;
  /** Last instant, excluded. */
  to: Date;
}

/** The case-list filter whose total is `figure` (shared/api/overview.ts figureFilters says the same as a URL). */
export function figureFilter(figure: OverviewFigure, districtCode: string, p: Period): CaseFilter {
  switch (figure) {
    case 'reported': return { districtCode, reportedFrom: p.from, reportedTo: p.to };
    case 'filed': return { districtCode, filedFrom: p.from, filedTo: p.to };
    case 'closed': return { districtCode, closedFrom: p.from, closedTo: p.to };
    case 'overdue': return { districtCode, overdue: true };
    case 'urgentReported': return { districtCode, urgency: 'urgent', reportedFrom: p.from, reportedTo: p.to };
    case 'urgentOpen': return { districtCode, urgency: 'urgent', status: [...OPEN_STATUSES] };
  }
}

export interface OverviewCounts {
  streets: Map<string, OverviewFigures>;
  daily: Map<string, { reported: number; filed: number; closed: number }>;
  sources: Map<CaseSource, number>;
}

const DAILY = { reported: 'reported_at', filed: 'filed_at', closed: 'closed_at' } as const;

export const emptyFigures = (): OverviewFigures => ({ reported: 0, filed: 0, closed: 0, overdue: 0, urgentReported: 0, urgentOpen: 0 });

/**
 * Every count of one district in one round trip: the figures per street for `period`, the days of `month`
 * (reported / filed / closed per Shanghai day) and the period's reports by source.
 */
export async function overviewCounts(db: Queryable, actor: Actor, districtCode: string, period: Period, month: Period, now: Date): Promise<OverviewCounts> {
  const args: unknown[] = [];
  const where = (f: CaseFilter) => caseFilterSql(actor, f, now, args).join(' AND ');
  const branches: string[] = [];
  for (const figure of OVERVIEW_FIGURES) {
    branches.push(`SELECT '${figure}' AS k, c.street_code AS g, count(*)::int AS n FROM cases c WHERE ${where(figureFilter(figure, districtCode, period))} GROUP BY c.street_code`);
  }
  for (const [k, column] of Object.entries(DAILY) as [keyof typeof DAILY, string][]) {
    const f = figureFilter(k, districtCode, month);
    branches.push(
      `SELECT 'day:${k}' AS k, to_char(c.${column} AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS g, count(*)::int AS n FROM cases c WHERE ${where(f)} GROUP BY 2`,
    );
  }
  branches.push(`SELECT 'source' AS k, c.source AS g, count(*)::int AS n FROM cases c WHERE ${where(figureFilter('reported', districtCode, period))} GROUP BY c.source`);
  const { rows } = await db.query<{ k: string; g: string; n: number }>(branches.map((b) => `(${b})`).join(' UNION ALL '), args);

  const out: OverviewCounts = { streets: new Map(), daily: new Map(), sources: new Map() };
  for (const r of rows) {
    if (r.k === 'source') out.sources.set(r.g as CaseSource, r.n);
    else if (r.k.startsWith('day:')) {
      const d = out.daily.get(r.g) ?? { reported: 0, filed: 0, closed: 0 };
      d[r.k.slice(4) as keyof typeof DAILY] = r.n;
      out.daily.set(r.g, d);
    } else {
      const s = out.streets.get(r.g) ?? emptyFigures();
      s[r.k as OverviewFigure] = r.n;
      out.streets.set(r.g, s);
    }
  }
  return out;
}
