/**
 * Who may do what to one case (the per-record layer; the route gate checks roles first).
 * Pure: takes the case, its open steps and the actor.
 */
import { CASE_ACTIONS, TRANSITIONS, type CaseAction } from '../../../shared/cases/workflow.ts';
import { inScope } from '../../../shared/scope.ts';
import type { Actor } from '../auth/actor.ts';
import type { CaseRow, StepRow } from './case.queries.ts';
import { decidesRequest } from './commands/request-author.ts';

/** District settings that decide whether an action would succeed (workflow-settings.ts). */
export interface ActionLimits {
  maxExtensions: number;
}

export function canAct(actor: Pick<Actor, 'userId' | 'unitId' | 'roles' | 'scopes'>, action: CaseAction, c: CaseRow, openSteps: StepRow[], limits?: ActionLimits): boolean {
  const t = TRANSITIONS[action];
  if (!t.from.includes(c.status)) return false;
  // Offered only when it would succeed: no extension request once the district's limit is used up.
  if (action === 'requestExtension' && limits && c.extensionCount >= limits.maxExtensions) return false;
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

export function allowedActions(actor: Pick<Actor, 'userId' | 'unitId' | 'roles' | 'scopes'>, c: CaseRow, openSteps: StepRow[], limits?: ActionLimits): CaseAction[] {
  return CASE_ACTIONS.filter((a) => canAct(actor, a, c, openSteps, limits));
}

/** Four eyes (commands/request-author.ts): whoever made the request a case waits on is not offered its decision. */
export function withoutOwnDecisions(actions: CaseAction[], actor: Pick<Actor, 'userId'>, requestedBy: number | null): CaseAction[] {
  return requestedBy !== null && requestedBy === actor.userId ? actions.filter((a) => !decidesRequest(a)) : actions;
}
