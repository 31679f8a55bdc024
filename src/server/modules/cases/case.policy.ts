/**
 * Who may do what to one case (the per-record layer; the route gate checks roles first).
 * Pure: takes the case, its open steps and the actor.
 */
import { CASE_ACTIONS, FINAL_STATUSES, TRANSITIONS, type CaseAction } from '../../../shared/cases/workflow.ts';
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

/**
 * Whoever calls citizens back may see a reporter's full number and name (cases.revealContact: receivers and
 * shift leaders), on a case they can see, when there is something to reveal; everyone else sees it masked.
 */
export function canRevealContact(actor: Pick<Actor, 'permissions'>, c: Pick<CaseRow, 'reporterPhone' | 'reporterName'>): boolean {
  return actor.permissions.has('cases.revealContact') && !!(c.reporterPhone || c.reporterName);
}

/** The command centre's alarm sounds for an urgent case until someone acknowledges it or the case ends. */
export function alertActive(c: Pick<CaseRow, 'urgency' | 'alertAcknowledgedAt' | 'status'>): boolean {
  return c.urgency === 'urgent' && c.alertAcknowledgedAt === null && !FINAL_STATUSES.includes(c.status);
}

/** The centre's desks (cases.acknowledgeAlert) acknowledge an alarm that is sounding, on a case they can see. */
export function canAcknowledgeAlert(actor: Pick<Actor, 'permissions'>, c: Pick<CaseRow, 'urgency' | 'alertAcknowledgedAt' | 'status'>): boolean {
  return actor.permissions.has('cases.acknowledgeAlert') && alertActive(c);
}
