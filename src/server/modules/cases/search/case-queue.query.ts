/**
 * "My tasks": the open, running steps the actor must act on. Centre roles take the steps addressed to
 * their role inside their scope; a supervisor the verify/check tasks naming them; handling-unit staff
 * their unit's steps. Urgent cases first (DOMAIN §4: emergencies jump queues), then by deadline.
 */
import type { Queryable } from '../../../db/pool.ts';
import { STEP_KINDS, type StepKind } from '../../../../shared/cases/workflow.ts';
import type { Actor } from '../../auth/actor.ts';
import { CASE_SELECT, type CaseRow, type StepRow } from '../case.queries.ts';
import { visibleToSql } from '../case.visibility.ts';
import { openStepsOf, TOTAL_CAP } from './case-list.query.ts';

const CENTRE_ROLES = ['receiver', 'shiftLeader', 'dispatcher'] as const;

export interface QueueFilter {
  step?: StepKind[];
  limit: number;
  offset: number;
}

export interface QueueItem {
  caseRow: CaseRow;
  step: StepRow;
  openSteps: StepRow[];
}

/** Which open steps are the actor's, as SQL over alias `s`; 'false' for roles with no queue. */
export function assignedToSql(actor: Actor, args: unknown[]): string {
  const parts: string[] = [];
  const roles = CENTRE_ROLES.filter((r) => actor.roles.includes(r));
  if (roles.length) {
    // One role (the usual case) as plain equality, so the queue index yields rows already in order.
    args.push(roles.length === 1 ? roles[0] : roles);
    parts.push(roles.length === 1 ? `s.assignee_role = $${args.length}` : `s.assignee_role = ANY($${args.length}::text[])`);
  }
  if (actor.roles.includes('supervisor')) {
    args.push([actor.userId]);
    // The non-empty test matches the partial index (0011); an array holding the user is never empty.
    parts.push(`(s.assignee_user_ids <> '{}' AND s.assignee_user_ids @> $${args.length}::bigint[])`);
  }
  if ((actor.roles.includes('handler') || actor.roles.includes('officer')) && actor.unitId) {
    args.push(actor.unitId);
    const unit = `s.assignee_unit_id = $${args.length}`;
    if (actor.unitLead) parts.push(unit);
    else {
      // A step the unit's leader gave to someone else is theirs (open-step.ts isUnitStepFor).
      args.push([actor.userId]);
      parts.push(`(${unit} AND (s.assignee_user_ids = '{}' OR s.assignee_user_ids @> $${args.length}::bigint[]))`);
    }
  }
  return parts.length ? `(${parts.join(' OR ')})` : 'false';
}

/** The WHERE of the actor's queue (running steps assigned to them, on cases they may see), over `s` and `c`. */
function queueWhere(actor: Actor, args: unknown[]): string[] {
  return [
    's.ended_at IS NULL',
    's.suspended_at IS NULL',
    assignedToSql(actor, args),
    // Visibility as everywhere (a task outside the actor's scope would open as 404); coalesce() as in case-filter.ts.
    `coalesce(${visibleToSql(actor, args)}, false)`,
  ];
}

export interface QueueCount {
  step: StepKind;
  total: number;
  /** Past their deadline at `now`. */
  overdue: number;
  /** On the emergency clock: urgent cases. */
  urgent: number;
  nextDueAt: Date;
}

/** The actor's queue counted per step — the badges a work list shows — in the queue's step order. */
export async function queueCounts(db: Queryable, actor: Actor, now: Date): Promise<QueueCount[]> {
  const args: unknown[] = [now];
  const where = queueWhere(actor, args);
  const { rows } = await db.query<QueueCount>(
    `SELECT s.step, count(*)::int AS total, count(*) FILTER (WHERE s.due_at <= $1)::int AS overdue,
            count(*) FILTER (WHERE s.clock_type = 'emergency')::int AS urgent, min(s.due_at) AS "nextDueAt"
       FROM case_steps s JOIN cases c ON c.id = s.case_id WHERE ${where.join(' AND ')} GROUP BY s.step`,
    args,
  );
  return rows.sort((a, b) => STEP_KINDS.indexOf(a.step) - STEP_KINDS.indexOf(b.step));
}

export async function listQueue(db: Queryable, actor: Actor, f: QueueFilter): Promise<{ items: QueueItem[]; total: number; totalExact: boolean }> {
  const args: unknown[] = [];
  const where = queueWhere(actor, args);
  if (f.step?.length) {
    // One step (a tab) as plain equality, so case_steps_queue_role_step_idx yields the tab in order.
    args.push(f.step.length === 1 ? f.step[0] : f.step);
    where.push(f.step.length === 1 ? `s.step = $${args.length}` : `s.step = ANY($${args.length}::text[])`);
  }
  const from = `FROM case_steps s JOIN cases c ON c.id = s.case_id WHERE ${where.join(' AND ')}`;
  // Urgent first without reading cases.urgency: an urgent case's steps run on the emergency clock
  // (step-clock.ts; setUrgency retimes open steps), which keeps the order inside the step index.
  const order = `(s.clock_type = 'emergency') DESC, s.due_at, s.id`;
  const [count, page] = await Promise.all([
    // The count needs no order: ordered, the planner sorted every step of a tab to count the first 2,001.
    db.query(`SELECT count(*)::int AS n FROM (SELECT 1 ${from} LIMIT ${TOTAL_CAP + 1}) x`, args),
    db.query<{ stepId: number; caseId: number }>(
      `SELECT s.id AS "stepId", s.case_id AS "caseId" ${from} ORDER BY ${order} LIMIT $${args.length + 1} OFFSET $${args.length + 2}`,
      [...args, f.limit, f.offset],
    ),
  ]);
  const n = count.rows[0].n as number;
  const caseIds = [...new Set(page.rows.map((r) => r.caseId))];
  const [cases, steps] = await Promise.all([
    caseIds.length ? db.query(`${CASE_SELECT} WHERE c.id = ANY($1::bigint[])`, [caseIds]) : Promise.resolve({ rows: [] }),
    openStepsOf(db, caseIds),
  ]);
  const byId = new Map((cases.rows as CaseRow[]).map((c) => [c.id, c]));
  const items: QueueItem[] = [];
  for (const r of page.rows) {
    const caseRow = byId.get(r.caseId);
    const openSteps = steps.get(r.caseId) ?? [];
    const step = openSteps.find((s) => s.id === r.stepId);
    // A step closed between the two reads simply drops out of this page.
    if (caseRow && step) items.push({ caseRow, step, openSteps });
  }
  return { items, total: Math.min(n, TOTAL_CAP), totalExact: n <= TOTAL_CAP };
}
