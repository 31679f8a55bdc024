/**
 * Who may see a case, said twice side by side: as SQL for lists, streams and lookups (visibleToSql) and
 * as a function of a case already in hand (isVisibleTo). Centre staff and leaders see their area,
 * supervisors their grids, whoever reports their own reports, units the cases they were given. A test
 * holds the two equal over the demo district.
 */
import { REPORTING_ROLES } from '../../../shared/api/vocabulary.ts';
import type { Role } from '../../../shared/roles.ts';
import { inScope } from '../../../shared/scope.ts';
import { inScopeSql } from '../../db/scope-sql.ts';
import type { Actor } from '../auth/actor.ts';
import type { CaseRow, StepRow } from './case.queries.ts';

/** Roles that see every case in their area. */
export const CENTRE_ROLES: readonly Role[] = ['receiver', 'shiftLeader', 'dispatcher', 'leader'];
/** Whether the actor reports cases (shared/api/vocabulary.ts), and so follows their own reports wherever they are. */
export const reportsCases = (actor: Pick<Actor, 'roles'>): boolean => actor.roles.some((r) => REPORTING_ROLES.includes(r));

/**
 * Which cases an actor may see, as SQL over alias `c` (params appended to `args`). Centre staff and
 * leaders: their area; supervisors: their grids; whoever reports: their own reports; units: cases they were given.
 */
export function visibleToSql(actor: Actor, args: unknown[]): string {
  const parts: string[] = [];
  const centre = actor.roles.some((r) => CENTRE_ROLES.includes(r));
  if (centre || actor.roles.includes('supervisor')) {
    args.push(actor.scopes);
    parts.push(inScopeSql('c.grid_code', `$${args.length}`));
  }
  // Staff follow what they reported, wherever it is: a supervisor's own reports, or those of a receiver
  // whose area is one street registering a hotline call about another.
  if (reportsCases(actor)) {
    args.push(actor.userId);
    parts.push(`c.reporter_user_id = $${args.length}`);
  }
  if ((actor.roles.includes('handler') || actor.roles.includes('officer')) && actor.unitId) {
    args.push(actor.unitId);
    const u = `$${args.length}`;
    parts.push(`(c.lead_unit_id = ${u} OR ${u} = ANY (c.co_unit_ids) OR EXISTS (SELECT 1 FROM case_steps s WHERE s.case_id = c.id AND s.assignee_unit_id = ${u}))`);
  }
  return parts.length ? `(${parts.join(' OR ')})` : 'false';
}

/**
 * visibleToSql for one case already in hand with all its steps: the same rules
 * without a query. A test holds the two equal over the demo district.
 */
export function isVisibleTo(
  actor: Pick<Actor, 'userId' | 'unitId' | 'roles' | 'scopes'>,
  c: Pick<CaseRow, 'gridCode' | 'reporterUserId' | 'leadUnitId' | 'coUnitIds'>,
  steps: Pick<StepRow, 'assigneeUnitId'>[],
): boolean {
  const supervisor = actor.roles.includes('supervisor');
  if ((supervisor || actor.roles.some((r) => CENTRE_ROLES.includes(r))) && inScope(actor.scopes, c.gridCode)) return true;
  if (c.reporterUserId === actor.userId && reportsCases(actor)) return true;
  const u = actor.unitId;
  if ((actor.roles.includes('handler') || actor.roles.includes('officer')) && u) {
    return c.leadUnitId === u || c.coUnitIds.includes(u) || steps.some((s) => s.assigneeUnitId === u);
  }
  return false;
}
