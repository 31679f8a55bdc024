/**
 * The deadline sweep: marks running steps overdue, reminds when one is near due, and escalates to
 * leaders when a step has run twice its limit. Any number of app processes may run it at once: rows
 * are claimed with FOR UPDATE SKIP LOCKED, marked in the same transaction, and every notification
 * carries a dedupe key — so each step is reminded, marked and escalated exactly once in effect.
 */
import { inTransaction, type Db, type Queryable } from '../../../db/pool.ts';
import { enqueueJobs, type JobInput } from '../../../jobs/queue.ts';
import { NOTIFY_JOB, recipientsForMany } from '../case-notify.ts';
import type { NotifyOp } from '../case.workflow.ts';
import { DEFAULT_WORKFLOW_SETTINGS } from '../workflow-settings.ts';

export interface SweepResult {
  nearDue: number;
  overdue: number;
  escalated: number;
  /** Open steps nobody answers for (a unit without active members, a grid without a supervisor): the shift leader is told once. */
  unattended: number;
}

export interface DueRow {
  id: number;
  case_id: number;
  step: string;
  started_at: Date;
  due_at: Date;
  assignee_role: string;
  assignee_user_ids: number[];
  grid_code: string;
  lead_unit_id: number | null;
  urgency: string;
  tracking_no: string;
}

const BATCH = 500;

function partyOf(role: string): NotifyOp['to'] | null {
  switch (role) {
    case 'receiver':
    case 'shiftLeader':
    case 'dispatcher':
      return role;
    case 'handlingUnit':
      return 'leadUnit';
    default:
      return null; // supervisors: the step names them
  }
}

/**
 * Who answers for a late step besides whoever must act: the command centre (指挥中心, the dispatchers) urges
 * the handling units; the supervision centre's shift leader (值班长) oversees its receivers and the grid
 * supervisors. Centre steps of the shift leaders and dispatchers have no one else — their lateness goes to
 * the leaders when it doubles (the escalation phase).
 */
function overseerOf(role: string): NotifyOp['to'] | null {
  switch (role) {
    case 'handlingUnit':
      return 'dispatcher';
    case 'receiver':
    case 'supervisor':
      return 'shiftLeader';
    default:
      return null;
  }
}

/** The notices a step's passing its deadline sends: whoever must act, their overseer, and for an urgent case the leaders. */
export function overdueNotices(r: Pick<DueRow, 'assignee_role' | 'urgency'>): Array<NotifyOp['to'] | 'assignee'> {
  const overseer = overseerOf(r.assignee_role);
  return ['assignee', ...(overseer ? [overseer] : []), ...(r.urgency === 'urgent' ? (['leaders'] as const) : [])];
}

/** One notice a sweep phase sends about one step. */
export interface SweepNotice {
  r: DueRow;
  kind: NotifyOp['kind'];
  to: NotifyOp['to'] | 'assignee';
  key: string;
}

/**
 * The notify job of each notice (null when it reaches no one), every recipient read in one go
 * (recipientsForMany). The demo history sends the same notices (demo/bulk-deadlines.ts).
 */
export async function noticeJobs(db: Queryable, notices: SweepNotice[]): Promise<Array<JobInput | null>> {
  const parties = notices.map((n) => (n.to === 'assignee' ? partyOf(n.r.assignee_role) : n.to));
  const found = await recipientsForMany(db, notices.flatMap((n, i) => (parties[i] ? [{ to: parties[i]!, c: { gridCode: n.r.grid_code, leadUnitId: n.r.lead_unit_id } }] : [])));
  let k = 0;
  return notices.map(({ r, kind, key }, i) => {
    const party = parties[i];
    const userIds = party ? found[k++]! : r.assignee_user_ids;
    if (!userIds.length) return null;
    return {
      kind: NOTIFY_JOB,
      payload: { caseId: r.case_id, trackingNo: r.tracking_no, kind, to: party ?? 'gridSupervisor', userIds, stepId: r.id, step: r.step, dueAt: r.due_at.toISOString(), urgent: r.urgency === 'urgent' },
      dedupeKey: key,
    };
  });
}

const SELECT = `SELECT s.id, s.case_id, s.step, s.started_at, s.due_at, s.assignee_role, s.assignee_user_ids,
                       c.grid_code, c.lead_unit_id, c.urgency, c.tracking_no
                  FROM case_steps s JOIN cases c ON c.id = s.case_id`;

export async function sweepDeadlines(db: Db, now: Date, nearDueShare = DEFAULT_WORKFLOW_SETTINGS.nearDueShare): Promise<SweepResult> {
  const result: SweepResult = { nearDue: 0, overdue: 0, escalated: 0, unattended: 0 };
  const phases: Array<{ key: keyof SweepResult; where: string; mark: string; notify: (r: DueRow) => Array<[NotifyOp['kind'], NotifyOp['to'] | 'assignee']> }> = [
    {
      key: 'nearDue',
      // Wall-clock share is close enough for a reminder; the deadline itself was computed on the right calendar.
      where: `s.ended_at IS NULL AND s.suspended_at IS NULL AND NOT s.near_due_notified AND s.due_at > $1
              AND s.started_at + (s.due_at - s.started_at) * $2::float8 <= $1`,
      mark: `near_due_notified = true`,
      notify: () => [['nearDue', 'assignee']],
    },
    {
      key: 'overdue',
      where: `s.ended_at IS NULL AND s.suspended_at IS NULL AND s.overdue_at IS NULL AND s.due_at <= $1`,
      mark: `overdue_at = $2, near_due_notified = true`,
      notify: (r) => overdueNotices(r).map((to) => ['overdue', to]),
    },
    {
      key: 'escalated',
      where: `s.ended_at IS NULL AND s.suspended_at IS NULL AND s.overdue_at IS NOT NULL AND s.escalated_at IS NULL
              AND $1 - s.due_at >= s.due_at - s.started_at`,
      mark: `escalated_at = $2`,
      notify: () => [['overdue', 'leaders']],
    },
    {
      key: 'unattended',
      // Nobody to act: the step's supervisors are none or all disabled, or its unit has no active member.
      where: `s.ended_at IS NULL AND s.suspended_at IS NULL AND s.unattended_notified_at IS NULL AND s.started_at <= $1
              AND ((s.assignee_role = 'supervisor' AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = ANY (s.assignee_user_ids) AND u.disabled_at IS NULL))
                OR (s.assignee_role = 'handlingUnit' AND NOT EXISTS (SELECT 1 FROM users u WHERE u.unit_id = s.assignee_unit_id AND u.disabled_at IS NULL)))`,
      mark: `unattended_notified_at = $2`,
      notify: () => [['unattended', 'shiftLeader']],
    },
  ];
  for (const phase of phases) {
    for (;;) {
      const n = await inTransaction(db, async (tx) => {
        const { rows } = await tx.query<DueRow>(`${SELECT} WHERE ${phase.where} ORDER BY s.due_at LIMIT ${BATCH} FOR UPDATE OF s SKIP LOCKED`, phase.key === 'nearDue' ? [now, nearDueShare] : [now]);
        if (!rows.length) return 0;
        const ids = rows.map((r) => r.id);
        await tx.query(`UPDATE case_steps SET ${phase.mark} WHERE id = ANY($1)`, phase.key === 'nearDue' ? [ids] : [ids, now]);
        const notices: SweepNotice[] = rows.flatMap((r) => phase.notify(r).map(([kind, to]) => ({ r, kind, to, key: `${phase.key}:${r.id}:${to}` })));
        await enqueueJobs(tx, (await noticeJobs(tx, notices)).filter((j): j is JobInput => j !== null));
        return rows.length;
      });
      result[phase.key] += n;
      if (n < BATCH) break;
    }
  }
  return result;
}
