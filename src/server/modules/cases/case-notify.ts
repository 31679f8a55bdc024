/**
 * Turns a transition's notifications into `notify` jobs with named recipients, in the same transaction.
 * Delivery (inbox, live stream, outside channels) drains these jobs; see the operations issue.
 */
import type { Queryable } from '../../db/pool.ts';
import { enqueueJobs, type JobInput } from '../../jobs/queue.ts';
import type { CaseRow } from './case.queries.ts';
import type { NotifyOp } from './case.workflow.ts';

export const NOTIFY_JOB = 'notify';

export async function recipientsFor(db: Queryable, to: NotifyOp['to'], c: Pick<CaseRow, 'gridCode' | 'leadUnitId'>): Promise<number[]> {
  if (to === 'leadUnit') {
    if (!c.leadUnitId) return [];
    const { rows } = await db.query<{ id: number }>(`SELECT id FROM users WHERE unit_id = $1 AND disabled_at IS NULL ORDER BY id`, [c.leadUnitId]);
    return rows.map((r) => r.id);
  }
  if (to === 'gridSupervisor') {
    const { rows } = await db.query<{ user_id: number }>(
      `SELECT a.user_id FROM grid_assignments a JOIN users u ON u.id = a.user_id
        WHERE a.grid_code = $1 AND a.duty = 'supervisor' AND a.valid_to IS NULL AND u.disabled_at IS NULL ORDER BY a.user_id`,
      [c.gridCode],
    );
    return rows.map((r) => r.user_id);
  }
  const role = to === 'leaders' ? 'leader' : to;
  // Everyone holding the role whose scope covers the case's grid.
  const { rows } = await db.query<{ id: number }>(
    `SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = $1
      WHERE u.disabled_at IS NULL AND EXISTS (SELECT 1 FROM user_scopes s WHERE s.user_id = u.id AND $2 LIKE s.scope_code || '%')
      ORDER BY u.id`,
    [role, c.gridCode],
  );
  return rows.map((r) => r.id);
}

export async function enqueueNotifications(
  db: Queryable,
  c: Pick<CaseRow, 'id' | 'gridCode' | 'leadUnitId' | 'urgency' | 'trackingNo'>,
  ops: NotifyOp[],
  source: { eventId: number; eventType: string },
): Promise<number> {
  const jobs: JobInput[] = [];
  for (const op of ops) {
    const userIds = await recipientsFor(db, op.to, c);
    if (!userIds.length) continue;
    jobs.push({
      kind: NOTIFY_JOB,
      // Emergencies jump every queue: they run first.
      runAt: op.kind === 'emergency' ? new Date(0) : undefined,
      payload: { caseId: c.id, trackingNo: c.trackingNo, kind: op.kind, to: op.to, userIds, eventId: source.eventId, eventType: source.eventType, urgent: c.urgency === 'urgent' },
      dedupeKey: `notify:${source.eventId}:${op.kind}:${op.to}`,
    });
  }
  return enqueueJobs(db, jobs);
}
