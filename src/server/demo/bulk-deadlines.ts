/**
 * The deadline sweep's marks on the generated history, as if it had run all along (it runs every 30 s):
 * near-due reminders, overdue at the deadline, escalation to the leaders at twice the limit — for every
 * step that was still running at those moments — and the inbox rows those sent in the past day (read but
 * for the last two hours, like the demo's other notifications). Without this, the first sweep after a demo
 * start would mark a month's backlog at once and date every notice "now".
 */
import type { Tx } from '../db/pool.ts';
import { noticeJobs, overdueNotices, type DueRow, type SweepNotice } from '../modules/cases/commands/sweep-deadlines.ts';
import type { NotifyOp } from '../modules/cases/case.workflow.ts';
import { inboxEntries, type NotifyPayload } from '../modules/notifications/notification.text.ts';
import { demoReadAt, type DemoInbox, type DemoInboxRow } from './bulk-history-write.ts';

interface Marked extends DueRow {
  near_at: Date;
  overdue: boolean;
  escalate_at: Date | null;
}

export async function markPastDeadlines(tx: Tx, o: DemoInbox, nearDueShare: number): Promise<DemoInboxRow[]> {
  // A step ran until it ended, was suspended, or now — whichever came first.
  const { rows } = await tx.query<Marked>(
    `WITH m AS (
       SELECT s.id, s.case_id, s.step, s.started_at, s.due_at, s.assignee_role, s.assignee_user_ids, c.grid_code, c.lead_unit_id, c.urgency, c.tracking_no,
              s.started_at + (s.due_at - s.started_at) * $2::float8 AS near_at, s.due_at + (s.due_at - s.started_at) AS escalate_at,
              least(coalesce(s.ended_at, 'infinity'), coalesce(s.suspended_at, 'infinity'), $1::timestamptz) AS ran_until
         FROM case_steps s JOIN cases c ON c.id = s.case_id
     ), marked AS (
       SELECT m.*, m.due_at <= m.ran_until AS overdue FROM m WHERE m.near_at <= m.ran_until
     ), u AS (
       UPDATE case_steps s SET near_due_notified = true, overdue_at = CASE WHEN k.overdue THEN k.due_at END,
              escalated_at = CASE WHEN k.overdue AND k.escalate_at <= k.ran_until THEN k.escalate_at END
         FROM marked k WHERE s.id = k.id
     )
     SELECT id, case_id, step, started_at, due_at, assignee_role, assignee_user_ids, grid_code, lead_unit_id, urgency, tracking_no, near_at, overdue,
            CASE WHEN overdue AND escalate_at <= ran_until THEN escalate_at END AS escalate_at
       FROM marked
      WHERE near_at >= $3 OR (overdue AND due_at >= $3) OR (overdue AND escalate_at >= $3)
      ORDER BY id`,
    [o.now, nearDueShare, o.since],
  );
  // The notices the sweep would have sent, each when its moment passed; those of the past day reach the inbox.
  const notices: Array<SweepNotice & { at: Date }> = [];
  const send = (r: Marked, at: Date, kind: NotifyOp['kind'], to: NotifyOp['to'] | 'assignee') => {
    if (at >= o.since && at <= o.now) notices.push({ r, kind, to, key: '', at });
  };
  for (const r of rows) {
    send(r, r.near_at, 'nearDue', 'assignee');
    if (r.overdue) for (const to of overdueNotices(r)) send(r, r.due_at, 'overdue', to);
    if (r.escalate_at) send(r, r.escalate_at, 'overdue', 'leaders');
  }
  const jobs = await noticeJobs(tx, notices);
  return notices.flatMap(({ r, at }, i) => {
    const job = jobs[i];
    if (!job) return [];
    return inboxEntries(job.payload as NotifyPayload).map((entry) => ({ ...entry, at, readAt: demoReadAt(o, at, r.id * 13 + entry.userId * 7) }));
  });
}
