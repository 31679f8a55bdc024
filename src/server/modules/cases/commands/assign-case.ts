/**
 * 指派: a unit's leader (单位负责人) gives the lead unit's open step of a case — to accept, to handle — to one of the
 * unit's members, or back to the whole unit (userId null). From then on only that member and the unit's leaders
 * act on it (case.policy.ts canAct, the queue's assignedToSql). The workflow state is unchanged but who may act is
 * not, so it is a compare-and-set on `version` like any action: a member's form opened before the assignment gets
 * a 409 rather than acting on a case no longer theirs. Recorded as a case.assigned event (who gave it to whom),
 * and the member is told in their inbox.
 */
import { inTransaction } from '../../../db/pool.ts';
import { DomainError } from '../../../errors.ts';
import { appendCaseEvent } from '../../audit/audit-chain.ts';
import type { Actor } from '../../auth/actor.ts';
import { enqueueJobs } from '../../../jobs/queue.ts';
import { recordSecurityEvent } from '../../security/security-log.ts';
import { notificationJobs } from '../case-notify.ts';
import { canAssign, unitStepsOf } from '../case.policy.ts';
import { getCaseById, getVisibleCase, listSteps, type CaseRow } from '../case.queries.ts';
import { claimKey } from '../../idempotency/idempotency.ts';
import { announce, type CommandContext } from './command-context.ts';

interface Member {
  id: number;
  display_name: string;
  unit_id: number | null;
  disabled: boolean;
  handles: boolean;
}

export async function assignCase(ctx: CommandContext, actor: Actor, caseId: number, expectedVersion: number, userId: number | null): Promise<CaseRow> {
  const { db } = ctx;
  const c = await getVisibleCase(db, actor, caseId);
  if (!canAssign(actor, c)) {
    await recordSecurityEvent(db, { kind: 'permission.denied', userId: actor.userId, username: actor.username, ip: ctx.meta.ip, requestId: ctx.meta.requestId, detail: { caseId, action: 'assign' } });
    throw new DomainError('CASE_ASSIGN_NOT_LEAD');
  }
  if (c.version !== expectedVersion) throw new DomainError('CASE_VERSION_CONFLICT', { current: c.version });
  const steps = unitStepsOf(c, await listSteps(db, caseId, true));
  if (!steps.length) throw new DomainError('CASE_ASSIGN_NOT_OPEN', { status: c.status });
  let member: Member | null = null;
  if (userId !== null) {
    const { rows } = await db.query<Member>(
      `SELECT u.id, u.display_name, u.unit_id, u.disabled_at IS NOT NULL AS disabled,
              EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role IN ('handler', 'officer')) AS handles
         FROM users u WHERE u.id = $1`,
      [userId],
    );
    member = rows[0] ?? null;
    // Someone outside the unit is "not a member" whether or not the account exists: the leader learns nothing of others.
    const reason = !member || Number(member.unit_id) !== c.leadUnitId ? 'otherUnit' : member.disabled ? 'disabled' : !member.handles ? 'notHandler' : null;
    if (reason) throw new DomainError('CASE_ASSIGNEE_INVALID', { user: userId, reason });
  }
  const userIds = member ? [Number(member.id)] : [];
  const now = ctx.now();
  const ev = await inTransaction(db, async (tx) => {
    if (ctx.idempotency) await claimKey(tx, ctx.idempotency, c.id, now);
    const { rowCount } = await tx.query(`UPDATE cases SET version = version + 1, updated_at = $3 WHERE id = $1 AND version = $2`, [c.id, c.version, now]);
    if (!rowCount) throw new DomainError('CASE_VERSION_CONFLICT', { current: c.version + 1 });
    await tx.query(`UPDATE case_steps SET assignee_user_ids = $2 WHERE id = ANY($1::bigint[]) AND ended_at IS NULL`, [steps.map((s) => s.id), userIds]);
    const ev = await appendCaseEvent(tx, {
      caseId: c.id,
      type: 'case.assigned',
      fromStatus: c.status,
      toStatus: c.status,
      version: c.version + 1,
      actorId: actor.userId,
      actorRole: actor.roles.find((r) => r === 'handler' || r === 'officer') ?? null,
      at: now,
      requestId: ctx.meta.requestId,
      clientIp: ctx.meta.ip,
      payload: { userId: member ? Number(member.id) : null, userName: member?.display_name ?? null, steps: steps.map((s) => s.step) },
    });
    if (member && member.id !== actor.userId) {
      await enqueueJobs(tx, notificationJobs(c, [{ kind: 'newTask', to: 'leadUnit' }], [[Number(member.id)]], { eventId: ev.id, eventType: 'case.assigned' }));
    }
    return ev;
  });
  announce(ctx, { caseId: c.id, eventId: ev.id, type: 'case.assigned', status: c.status, version: c.version + 1 }, !!member && member.id !== actor.userId);
  return (await getCaseById(db, c.id))!;
}
