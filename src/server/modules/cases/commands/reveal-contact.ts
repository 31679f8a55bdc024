/**
 * A reporter's full phone number and name, for whoever calls citizens back (PIPL, DOMAIN §10: masked unless
 * needed). Every reveal is recorded with who, when and why — in the case's timeline (the SM3-chained audit
 * trail) and in the security log the auditor reads — in one transaction with the read, so no number is ever
 * shown without its record. The case itself does not change: the event keeps its version (ANNOTATION_EVENTS).
 */
import { inTransaction } from '../../../db/pool.ts';
import { DomainError } from '../../../errors.ts';
import { ROLE_PERMISSIONS } from '../../../../shared/roles.ts';
import { appendCaseEvent } from '../../audit/audit-chain.ts';
import type { Actor } from '../../auth/actor.ts';
import { recordSecurityEvent } from '../../security/security-log.ts';
import { getVisibleCase } from '../case.queries.ts';
import { announce, type CommandContext } from './command-context.ts';

export interface RevealedContact {
  phone: string | null;
  name: string | null;
  revealedAt: Date;
}

export async function revealContact(ctx: CommandContext, actor: Actor, caseId: number, reason: string): Promise<RevealedContact> {
  // The case as GET /api/cases/:id would show it to this actor, or a 404.
  const c = await getVisibleCase(ctx.db, actor, caseId);
  if (!actor.permissions.has('cases.revealContact')) throw new DomainError('FORBIDDEN');
  if (!c.reporterPhone && !c.reporterName) throw new DomainError('CASE_CONTACT_NONE');
  const at = ctx.now();
  const role = actor.roles.find((r) => ROLE_PERMISSIONS[r].includes('cases.revealContact')) ?? null;
  const done = await inTransaction(ctx.db, async (tx) => {
    // The row lock orders this event among the case's transitions; what is revealed is what is stored now.
    const { rows } = await tx.query<{ status: string; version: number; tracking_no: string; reporter_phone: string | null; reporter_name: string | null }>(
      `SELECT status, version, tracking_no, reporter_phone, reporter_name FROM cases WHERE id = $1 FOR UPDATE`,
      [c.id],
    );
    const row = rows[0]!;
    const ev = await appendCaseEvent(tx, {
      caseId: c.id,
      type: 'case.contactRevealed',
      fromStatus: row.status,
      toStatus: row.status,
      version: row.version,
      actorId: actor.userId,
      actorRole: role,
      at,
      requestId: ctx.meta.requestId,
      clientIp: ctx.meta.ip,
      payload: { reason },
    });
    await recordSecurityEvent(tx, {
      kind: 'case.contactRevealed',
      userId: actor.userId,
      username: actor.username,
      ip: ctx.meta.ip,
      requestId: ctx.meta.requestId,
      detail: { caseId: c.id, trackingNo: row.tracking_no, districtCode: c.districtCode, reason, eventId: ev.id },
    });
    return { row, ev };
  });
  announce(ctx, { caseId: c.id, eventId: done.ev.id, type: 'case.contactRevealed', status: done.row.status, version: done.row.version }, false);
  return { phone: done.row.reporter_phone, name: done.row.reporter_name, revealedAt: at };
}
