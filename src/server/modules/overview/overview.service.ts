/** GET /api/overview composed: the districts in scope, the one asked for, its counts per street and per day. */
import type { Queryable } from '../../db/pool.ts';
import { DomainError } from '../../errors.ts';
import type { Actor } from '../auth/actor.ts';
import { OVERVIEW_FIGURES, type OverviewFigures, type OverviewPeriod, type OverviewResponse } from '../../../shared/api/overview.ts';
import { CASE_SOURCES } from '../../../shared/cases/workflow.ts';
import { districtsInScope, emptyFigures, overviewCounts, streetsInScope } from './overview.queries.ts';
import { periodDays } from './overview.period.ts';

export async function readOverview(db: Queryable, actor: Actor, q: { period: OverviewPeriod; date?: string; district?: string }, now: Date): Promise<OverviewResponse> {
  const days = periodDays(q.period, q.date, now);
  const districts = await districtsInScope(db, actor);
  const head = { period: q.period, from: days.fromDay, to: days.toDay, today: days.today, asOf: now, districts };
  // A district outside the scope is answered as one that does not exist: unseen is not found.
  const district = q.district ? districts.find((d) => d.code === q.district) : districts[0];
  if (q.district && !district) throw new DomainError('DIVISION_NOT_FOUND', { code: q.district });
  if (!district) return { ...head, district: null, totals: emptyFigures(), streets: [], daily: [], sources: [] };

  const [streets, counts] = await Promise.all([
    streetsInScope(db, actor, district.code),
    overviewCounts(db, actor, district.code, days.period, days.month, now),
  ]);
  // A case whose street is not a division in scope (its own report elsewhere) still counts in the totals.
  const rows = streets.map((s) => ({ ...s, ...(counts.streets.get(s.code) ?? emptyFigures()) }));
  const totals = emptyFigures();
  for (const f of counts.streets.values()) for (const k of OVERVIEW_FIGURES) totals[k] += f[k];
  return {
    ...head,
    district,
    totals: totals satisfies OverviewFigures,
    streets: rows,
    daily: days.monthDays.map((day) => ({ day, ...(counts.daily.get(day) ?? { reported: 0, filed: 0, closed: 0 }) })),
    sources: CASE_SOURCES.flatMap((source) => (counts.sources.get(source) ? [{ source, count: counts.sources.get(source)! }] : [])),
  };
}
