/**
 * Acknowledging an urgent case's alarm in the command centre (监督指挥中心): once per alarm, by whoever of the
 * centre's desks gets to it first. Recorded on the case row (who, when: what every browser's alarm reads) and as
 * a case.alertAcknowledged event in the timeline, whose live message stops the alarm in the other browsers.
 * Idempotent: acknowledging an alarm already acknowledged answers that acknowledgement and records nothing.
 * The workflow state does not change: the event keeps the case's version (ANNOTATION_EVENTS), so nobody's open
 * form goes stale because the alarm was silenced.
 */
import { inTransaction } from '../../../db/pool.ts';
import { DomainError } from '../../../errors.ts';
import { FINAL_STATUSES, type CaseStatus } from '../../../../shared/cases/workflow.ts';
import { ROLE_PERMISSIONS } from '../../../../shared/roles.ts';
import { appendCaseEvent } from '../../audit/audit-chain.ts';
import type { Actor } from '../../auth/actor.ts';
import { getVisibleCase } from '../case.queries.ts';
import { announce, type CommandContext } from './command-context.ts';

export interface AlertAcknowledgement {
  caseId: number;
  trackingNo: string;
  acknowledgedAt: Date;
  acknowledgedById: number | null;
  acknowledgedBy: string | null;
  /** This call acknowledged it (false: someone had already). */
  first: boolean;
}

interface AlertRow {
  status: CaseStatus;
  version: number;
  urgency: string;
  tracking_no: string;
  alert_acknowledged_at: Date | null;
  alert_acknowledged_by: number | null;
  acknowledged_by_name: string | null;
}

export async function acknowledgeAlert(ctx: CommandContext, actor: Actor, caseId: number): Promise<AlertAcknowledgement> {
  const c = await getVisibleCase(ctx.db, actor, caseId);
  if (!actor.permissions.has('cases.acknowledgeAlert')) throw new DomainError('FORBIDDEN');
  const at = ctx.now();
  const role = actor.roles.find((r) => ROLE_PERMISSIONS[r].includes('cases.acknowledgeAlert')) ?? null;
  const done = await inTransaction(ctx.db, async (tx) => {
    // Under the row lock two desks acknowledging at once are one after the other: the second finds the first's.
    const { rows } = await tx.query<AlertRow>(
      `SELECT c.status, c.version, c.urgency, c.tracking_no, c.alert_acknowledged_at, c.alert_acknowledged_by,
              (SELECT u.display_name FROM users u WHERE u.id = c.alert_acknowledged_by) AS acknowledged_by_name
         FROM cases c WHERE c.id = $1 FOR UPDATE`,
      [c.id],
    );
    const row = rows[0]!;
    if (row.alert_acknowledged_at) return { row, event: null };
    if (row.urgency !== 'urgent' || FINAL_STATUSES.includes(row.status)) throw new DomainError('CASE_ALERT_NOT_ACTIVE', { id: c.id });
    await tx.query(`UPDATE cases SET alert_acknowledged_at = $2, alert_acknowledged_by = $3, updated_at = $2 WHERE id = $1`, [c.id, at, actor.userId]);
    const event = await appendCaseEvent(tx, {
      caseId: c.id,
      type: 'case.alertAcknowledged',
      fromStatus: row.status,
      toStatus: row.status,
      version: row.version,
      actorId: actor.userId,
      actorRole: role,
      at,
      requestId: ctx.meta.requestId,
      clientIp: ctx.meta.ip,
      payload: {},
    });
    return { row, event };
  });
  const { row, event } = done;
  if (!event) {
    return { caseId: c.id, trackingNo: row.tracking_no, acknowledgedAt: row.alert_acknowledged_at!, acknowledgedById: row.alert_acknowledged_by, acknowledgedBy: row.acknowledged_by_name, first: false };
  }
  announce(ctx, { caseId: c.id, eventId: event.id, type: 'case.alertAcknowledged', status: row.status, version: row.version }, false);
  return { caseId: c.id, trackingNo: row.tracking_no, acknowledgedAt: at, acknowledgedById: actor.userId, acknowledgedBy: actor.displayName, first: true };
}
