/**
 * Which of a case's open steps a list row shows as "the" step (caseSchema.openStep). Pure: the open steps
 * are already loaded for allowedActions, so choosing one costs no query.
 */
import type { Role } from '../../../shared/roles.ts';
import type { Actor } from '../auth/actor.ts';
import type { StepRow } from './case.queries.ts';

const CENTRE_ROLES: readonly string[] = ['receiver', 'shiftLeader', 'dispatcher'];

type UnitActor = Pick<Actor, 'userId' | 'unitId' | 'roles'> & Partial<Pick<Actor, 'unitLead'>>;

/**
 * Whether a unit's step is the actor's to work: a member of the unit when the step names nobody (the whole unit
 * has it) or names them; the unit's leader always (单位负责人 sees and may act on all the unit's work).
 */
export function isUnitStepFor(actor: UnitActor, s: Pick<StepRow, 'assigneeUnitId' | 'assigneeUserIds'>): boolean {
  if (!(actor.roles.includes('handler') || actor.roles.includes('officer')) || actor.unitId === null || s.assigneeUnitId !== actor.unitId) return false;
  return !!actor.unitLead || s.assigneeUserIds.length === 0 || s.assigneeUserIds.includes(actor.userId);
}

/** Whether an open step is the actor's task: the twin of assignedToSql (search/case-queue.query.ts) on one row. */
export function isAssignedTo(actor: UnitActor, s: Pick<StepRow, 'assigneeRole' | 'assigneeUnitId' | 'assigneeUserIds'>): boolean {
  if (CENTRE_ROLES.includes(s.assigneeRole) && actor.roles.includes(s.assigneeRole as Role)) return true;
  if (actor.roles.includes('supervisor') && s.assigneeUserIds.includes(actor.userId)) return true;
  return isUnitStepFor(actor, s);
}

/**
 * The step the actor would act on: their own before anyone else's, a running one before a suspended one
 * (a unit's handling step waiting on a return decision, say), then the earliest deadline. Null when no
 * step is open.
 */
export function pickOpenStep<S extends Pick<StepRow, 'id' | 'assigneeRole' | 'assigneeUnitId' | 'assigneeUserIds' | 'dueAt' | 'suspendedAt' | 'endedAt'>>(
  actor: UnitActor,
  steps: readonly S[],
): S | null {
  let best: S | null = null;
  let bestRank = 0;
  for (const s of steps) {
    if (s.endedAt) continue;
    const rank = (isAssignedTo(actor, s) ? 0 : 2) + (s.suspendedAt ? 1 : 0);
    if (!best || rank < bestRank || (rank === bestRank && (s.dueAt.getTime() < best.dueAt.getTime() || (s.dueAt.getTime() === best.dueAt.getTime() && s.id < best.id)))) {
      best = s;
      bestRank = rank;
    }
  }
  return best;
}
