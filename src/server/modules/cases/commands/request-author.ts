/**
 * Four eyes on requests (等保 2.0 separation of duties): whoever proposed a void, or asked for a return, an
 * extension or shelving, does not decide it, even where one account may hold both roles (a receiver who is also
 * shift leader, shared/roles.ts ROLE_SETS). The request is the latest event of its type on the case, as
 * perform-case-action.ts reads a pending extension. The decision is refused with CASE_SAME_PERSON and left out of
 * the case's allowedActions (case.policy.ts `withoutOwnDecisions`).
 */
import type { Queryable } from '../../../db/pool.ts';
import { DomainError } from '../../../errors.ts';
import type { CaseAction, CaseStatus } from '../../../../shared/cases/workflow.ts';

/** The status a request waits in for its decision, and the event that made the request. */
const REQUEST_EVENT: Partial<Record<CaseStatus, string>> = {
  voidPending: 'case.voidProposed',
  returnRequested: 'case.returnRequested',
  extensionRequested: 'case.extensionRequested',
  shelveRequested: 'case.shelveRequested',
};

const DECISIONS: ReadonlySet<CaseAction> = new Set<CaseAction>([
  'approveVoid', 'rejectVoid', 'approveReturn', 'denyReturn', 'approveExtension', 'denyExtension', 'approveShelve', 'denyShelve',
]);

/** The action decides a request someone made (and so may not be taken by them). */
export function decidesRequest(action: CaseAction): boolean {
  return DECISIONS.has(action);
}

/** Who made the request the case waits on, from its timeline (in chain order); null when it waits on none. */
export function requestAuthor(c: { status: CaseStatus }, timeline: ReadonlyArray<{ type: string; actorId: number | null }>): number | null {
  const type = REQUEST_EVENT[c.status];
  if (!type) return null;
  for (let i = timeline.length - 1; i >= 0; i--) if (timeline[i]!.type === type) return timeline[i]!.actorId;
  return null;
}

/** Refuses `action` when it decides a request `actor` made. */
export async function assertNotOwnRequest(db: Queryable, actor: { userId: number }, c: { id: number; status: CaseStatus }, action: CaseAction): Promise<void> {
  const type = REQUEST_EVENT[c.status];
  if (!type || !decidesRequest(action)) return;
  const { rows } = await db.query<{ actor_id: number | null }>(
    `SELECT actor_id FROM case_events WHERE case_id = $1 AND type = $2 ORDER BY seq DESC LIMIT 1`,
    [c.id, type],
  );
  if (rows[0]?.actor_id === actor.userId) throw new DomainError('CASE_SAME_PERSON', { action });
}
