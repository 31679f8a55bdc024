import { DomainError } from '../../errors.ts';
import type { CommandContext } from '../cases/commands/command-context.ts';
import { executeTransition } from '../cases/commands/perform-case-action.ts';
import { getCaseById, listSteps } from '../cases/case.queries.ts';
import { caseIdForToken } from './citizen.service.ts';

export type Satisfaction = 'satisfied' | 'basicallySatisfied' | 'unsatisfied';

/**
 * The citizen rates the result through their own link: the same call-back transition a receiver records
 * from a phone call (an unsatisfied citizen sends the case back per the district's policy), recorded as
 * the citizen's. Only the case's own reporter link may rate, and only while the case waits for it.
 */
export async function rateCaseByCitizen(ctx: CommandContext, token: string, satisfaction: Satisfaction, comment: string | undefined) {
  const id = await caseIdForToken(ctx.db, token);
  const c = await getCaseById(ctx.db, id);
  if (!c) throw new DomainError('CASE_NOT_FOUND', { id: '—' });
  if (c.status !== 'pendingCallback') throw new DomainError('CASE_TRANSITION_NOT_ALLOWED', { action: 'rate', status: c.status });
  const open = await listSteps(ctx.db, id, true);
  return executeTransition(ctx, { userId: null, roles: ['receiver'], eventRole: 'citizen' }, c, open, {
    action: 'recordCallback',
    reached: true,
    satisfaction,
    note: comment ? `市民评价：${comment}` : '市民通过跟踪链接评价',
  });
}
