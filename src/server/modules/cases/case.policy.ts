/**
 * Who may do what to one case (the per-record layer; the route gate checks roles first).
 * Pure: takes the case, its open steps and the actor.
 */
import { CASE_ACTIONS, FINAL_STATUSES, TRANSITIONS, type CaseAction } from '../../../shared/cases/workflow.ts';
import { inScope } from '../../../shared/scope.ts';
import type { Actor } from '../auth/actor.ts';
import type { CaseRow, StepRow } from './case.queries.ts';
import { decidesRequest } from './commands/request-author.ts';
import { isUnitStepFor } from './open-step.ts';

/** District settings that decide whether an action would succeed (workflow-settings.ts). */
export interface ActionLimits {
  maxExtensions: number;
}

type PolicyActor = Pick<Actor, 'userId' | 'unitId' | 'roles' | 'scopes'> & Partial<Pick<Actor, 'unitLead'>>;

/** The lead unit's open steps to accept or handle (a handling step waiting on a return or shelving decision included). */
export function unitStepsOf(c: Pick<CaseRow, 'leadUnitId'>, openSteps: StepRow[]): StepRow[] {
  return openSteps.filter((s) => !s.endedAt && (s.step === 'accept' || s.step === 'handle') && s.assigneeUnitId !== null && s.assigneeUnitId === c.leadUnitId);
}

export function canAct(actor: PolicyActor, action: CaseAction, c: CaseRow, openSteps: StepRow[], limits?: ActionLimits): boolean {
  const t = TRANSITIONS[action];
  if (!t.from.includes(c.status)) return false;
  // Offered only when it would succeed: no extension request once the district's limit is used up.
  if (action === 'requestExtension' && limits && c.extensionCount >= limits.maxExtensions) return false;
  if (!t.roles.some((r) => actor.roles.includes(r))) return false;
  switch (t.party) {
    case 'centre':
      return inScope(actor.scopes, c.gridCode);
    case 'leadUnit': {
      if (actor.unitId === null || actor.unitId !== c.leadUnitId) return false;
      // Once the unit's leader has given the case to a member, only they and the unit's leaders act on it.
      const steps = unitStepsOf(c, openSteps);
      return steps.length === 0 || steps.every((s) => isUnitStepFor(actor, s));
    }
    case 'gridSupervisor': {
      // The verify/check task went to the grid's supervisors when it was sent.
      const step = openSteps.find((s) => s.step === (action === 'verify' ? 'verify' : 'check'));
      return !!step && step.assigneeUserIds.includes(actor.userId);
    }
  }
}

export function allowedActions(actor: PolicyActor, c: CaseRow, openSteps: StepRow[], limits?: ActionLimits): CaseAction[] {
  return CASE_ACTIONS.filter((a) => canAct(actor, a, c, openSteps, limits));
}

/**
 * A unit's leader (单位负责人) gives the lead unit's open step to one member, or back to the whole unit. Only while the
 * unit has a step to accept or handle; the case and the leader's own unit decide, the target is checked in the command.
 */
export function canAssign(actor: PolicyActor, c: Pick<CaseRow, 'leadUnitId'>): boolean {
  return !!actor.unitLead && (actor.roles.includes('handler') || actor.roles.includes('officer')) && actor.unitId !== null && actor.unitId === c.leadUnitId;
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
