/**
 * Turns a transition's notifications into `notify` jobs with named recipients, in the same transaction.
 * Delivery (inbox, live stream, outside channels) drains these jobs; see the operations issue.
 */
import { prepared, type Queryable } from '../../db/pool.ts';
import type { TtlCache } from '../../db/ttl-cache.ts';
import { inScope } from '../../../shared/scope.ts';
import { enqueueJobs, type JobInput } from '../../jobs/queue.ts';
import type { CaseRow } from './case.queries.ts';
import type { NotifyOp } from './case.workflow.ts';
import type { WorkflowSettings } from './workflow-settings.ts';
import type { Urgency } from '../../../shared/org.ts';

export const NOTIFY_JOB = 'notify';

/**
 * The parties that are named people rather than a role — a unit's staff, a grid's supervisors — for many
 * units and grids at once: one query for each kind, whatever the number of asks.
 */
async function namedRecipients(db: Queryable, unitIds: number[], gridCodes: string[]): Promise<{ units: Map<number, number[]>; grids: Map<string, number[]> }> {
  const units = new Map<number, number[]>();
  const grids = new Map<string, number[]>();
  if (unitIds.length) {
    const { rows } = await db.query<{ unit_id: number; ids: number[] }>(
      `SELECT unit_id, array_agg(id ORDER BY id) AS ids FROM users WHERE unit_id = ANY($1::bigint[]) AND disabled_at IS NULL GROUP BY unit_id`,
      [unitIds],
    );
    for (const r of rows) units.set(Number(r.unit_id), r.ids.map(Number));
  }
  if (gridCodes.length) {
    const { rows } = await db.query<{ grid_code: string; ids: number[] }>(
      `SELECT a.grid_code, array_agg(a.user_id ORDER BY a.user_id) AS ids FROM grid_assignments a JOIN users u ON u.id = a.user_id
        WHERE a.grid_code = ANY($1::text[]) AND a.duty = 'supervisor' AND a.valid_to IS NULL AND u.disabled_at IS NULL GROUP BY a.grid_code`,
      [gridCodes],
    );
    for (const r of rows) grids.set(r.grid_code, r.ids.map(Number));
  }
  return { units, grids };
}

export type Holders = Map<string, Array<{ id: number; scopes: string[] }>>;

async function readHolders(db: Queryable, roles: string[]): Promise<Holders> {
  const holders: Holders = new Map();
  const { rows } = await db.query<{ id: number; role: string; scopes: string[] }>(prepared(
    `SELECT u.id, r.role, array_agg(s.scope_code) AS scopes
       FROM users u JOIN user_roles r ON r.user_id = u.id JOIN user_scopes s ON s.user_id = u.id
      WHERE u.disabled_at IS NULL AND r.role = ANY($1::text[]) GROUP BY u.id, r.role ORDER BY u.id`,
    [roles],
  ));
  for (const r of rows) holders.set(r.role, [...(holders.get(r.role) ?? []), { id: r.id, scopes: r.scopes }]);
  return holders;
}


/**
 * Recipients for many (party, case) pairs at once: one query for every role-held party — everyone holding
 * the role whose scope (a division-code prefix) covers the case's grid — and one for each kind of named party.
 * `holders`: role holders may come from the app's short-lived cache (app-state.ts; outside transactions only):
 * report intake asks on every batch, and a change to users, roles or scopes in any process empties it.
 */
export async function recipientsForMany(
  db: Queryable,
  asks: Array<{ to: NotifyOp['to']; c: Pick<CaseRow, 'gridCode' | 'leadUnitId'> }>,
  opts: { holders?: TtlCache<string, Holders> } = {},
): Promise<number[][]> {
  const roleOf = (to: NotifyOp['to']) => (to === 'leaders' ? 'leader' : to);
  const roles = [...new Set(asks.filter((a) => a.to !== 'leadUnit' && a.to !== 'gridSupervisor').map((a) => roleOf(a.to)))].sort();
  let holders: Holders = new Map();
  if (roles.length && opts.holders) {
    holders = await opts.holders.get(roles.join(','), () => readHolders(db, roles));
  } else if (roles.length) {
    holders = await readHolders(db, roles);
  }
  const unitIds = [...new Set(asks.flatMap((a) => (a.to === 'leadUnit' && a.c.leadUnitId ? [a.c.leadUnitId] : [])))];
  const gridCodes = [...new Set(asks.flatMap((a) => (a.to === 'gridSupervisor' ? [a.c.gridCode] : [])))];
  const named = await namedRecipients(db, unitIds, gridCodes);
  return asks.map((a) => {
    if (a.to === 'leadUnit') return a.c.leadUnitId ? named.units.get(a.c.leadUnitId) ?? [] : [];
    if (a.to === 'gridSupervisor') return named.grids.get(a.c.gridCode) ?? [];
    return (holders.get(roleOf(a.to)) ?? []).filter((h) => inScope(h.scopes, a.c.gridCode)).map((h) => h.id);
  });
}

const POOLS: ReadonlySet<NotifyOp['to']> = new Set(['receiver', 'shiftLeader', 'dispatcher']);

/**
 * The transition's notifications that go out, by the district's settings: a centre pool's new task only
 * when the case is urgent, unless `poolNewTasks` is 'all' (the pool works from its queue and the live stream).
 */
export function announcedOps(ops: NotifyOp[], urgency: Urgency, settings: Pick<WorkflowSettings, 'poolNewTasks'>): NotifyOp[] {
  if (settings.poolNewTasks === 'all' || urgency === 'urgent') return ops;
  return ops.filter((op) => op.kind !== 'newTask' || !POOLS.has(op.to));
}

/** The notify jobs for one event, given each op's recipients (ops without any are dropped). */
export function notificationJobs(
  c: Pick<CaseRow, 'id' | 'urgency' | 'trackingNo'>,
  ops: NotifyOp[],
  recipients: number[][],
  source: { eventId: number; eventType: string },
): JobInput[] {
  const jobs: JobInput[] = [];
  ops.forEach((op, i) => {
    const userIds = recipients[i]!;
    if (!userIds.length) return;
    jobs.push({
      kind: NOTIFY_JOB,
      // Emergencies jump every queue: they run first.
      runAt: op.kind === 'emergency' ? new Date(0) : undefined,
      payload: { caseId: c.id, trackingNo: c.trackingNo, kind: op.kind, to: op.to, userIds, eventId: source.eventId, eventType: source.eventType, urgent: c.urgency === 'urgent' },
      dedupeKey: `notify:${source.eventId}:${op.kind}:${op.to}`,
    });
  });
  return jobs;
}

export async function enqueueNotifications(
  db: Queryable,
  c: Pick<CaseRow, 'id' | 'gridCode' | 'leadUnitId' | 'urgency' | 'trackingNo'>,
  ops: NotifyOp[],
  source: { eventId: number; eventType: string },
): Promise<number> {
  const recipients = await recipientsForMany(db, ops.map((op) => ({ to: op.to, c })));
  return enqueueJobs(db, notificationJobs(c, ops, recipients, source));
}
