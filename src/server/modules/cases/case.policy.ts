/**
 * Who may do what to one case (the per-record layer; the route gate checks roles first).
 * Pure: takes the case, its open steps and the actor.
 */
import { CASE_ACTIONS, TRANSITIONS, type CaseAction } from '../../../shared/cases/workflow.ts';
import { inScope } from '../../../shared/scope.ts';
import type { Actor } from '../auth/actor.ts';
import type { CaseRow, StepRow } from './case.queries.ts';
import { CENTRE_ROLES, reportsCases } from './case.queries.ts';

export function canAct(actor: Pick<Actor, 'userId' | 'unitId' | 'roles' | 'scopes'>, action: CaseAction, c: CaseRow, openSteps: StepRow[]): boolean {
  const t = TRANSITIONS[action];
  if (!t.from.includes(c.status)) return false;
  if (!t.roles.some((r) => actor.roles.includes(r))) return false;
  switch (t.party) {
    case 'centre':
      return inScope(actor.scopes, c.gridCode);
    case 'leadUnit':
      return actor.unitId !== null && actor.unitId === c.leadUnitId;
    case 'gridSupervisor': {
      // The verify/check task went to the grid's supervisors when it was sent.
      const step = openSteps.find((s) => s.step === (action === 'verify' ? 'verify' : 'check'));
      return !!step && step.assigneeUserIds.includes(actor.userId);
    }
  }
}

export function allowedActions(actor: Pick<Actor, 'userId' | 'unitId' | 'roles' | 'scopes'>, c: CaseRow, openSteps: StepRow[]): CaseAction[] {
  return CASE_ACTIONS.filter((a) => canAct(actor, a, c, openSteps));
}

/**
 * visibleToSql (case.queries.ts) for one case already in hand with all its steps: the same rules
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
