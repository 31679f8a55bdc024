import { prepared, type Queryable } from '../../db/pool.ts';
import { DomainError } from '../../errors.ts';
import { FINAL_STATUSES, type CaseSource, type CaseStatus, type StepKind } from '../../../shared/cases/workflow.ts';
import type { ClockType, Urgency } from '../../../shared/org.ts';
import type { Actor } from '../auth/actor.ts';
import { visibleToSql } from './case.visibility.ts';

export interface CaseRow {
  id: number;
  districtCode: string;
  trackingNo: string;
  caseNo: string | null;
  source: CaseSource;
  reporterUserId: number | null;
  reporterName: string | null;
  reporterPhone: string | null;
  categoryKind: 'component' | 'event';
  categoryCode: string;
  categoryName: string;
  lng: number;
  lat: number;
  gridCode: string;
  communityCode: string;
  streetCode: string;
  address: string;
  description: string;
  urgency: Urgency;
  urgencyRequested: boolean;
  status: CaseStatus;
  priorStatus: CaseStatus | null;
  leadUnitId: number | null;
  coUnitIds: number[];
  handlingDueAt: Date | null;
  extensionCount: number;
  reworkCount: number;
  urgeCount: number;
  mergedIntoId: number | null;
  selfHandled: boolean;
  citizenRating: string | null;
  handlingResult: string | null;
  /** The unit's reply for the public (公开答复), beside the internal result. */
  publicReply: string | null;
  photos: { role: string; id: string }[];
  version: number;
  reportedAt: Date;
  filedAt: Date | null;
  closedAt: Date | null;
  updatedAt: Date;
  /** The emergency alarm's acknowledgement (urgent cases): when, by whom (id and display name). */
  alertAcknowledgedAt: Date | null;
  alertAcknowledgedById: number | null;
  alertAcknowledgedBy: string | null;
}

export const CASE_SELECT = `
  SELECT c.id, c.district_code AS "districtCode", c.tracking_no AS "trackingNo", c.case_no AS "caseNo", c.source,
         c.reporter_user_id AS "reporterUserId", c.reporter_name AS "reporterName", c.reporter_phone AS "reporterPhone",
         c.category_kind AS "categoryKind", c.category_code AS "categoryCode", cat.name AS "categoryName",
         c.lng, c.lat, c.grid_code AS "gridCode", c.community_code AS "communityCode", c.street_code AS "streetCode",
         c.address, c.description, c.urgency, c.urgency_requested AS "urgencyRequested", c.status, c.prior_status AS "priorStatus",
         c.lead_unit_id AS "leadUnitId", c.co_unit_ids AS "coUnitIds", c.handling_due_at AS "handlingDueAt",
         c.extension_count AS "extensionCount", c.rework_count AS "reworkCount", c.urge_count AS "urgeCount",
         c.merged_into_id AS "mergedIntoId", c.self_handled AS "selfHandled", c.citizen_rating AS "citizenRating",
         c.handling_result AS "handlingResult", c.public_reply AS "publicReply", c.photos, c.version, c.reported_at AS "reportedAt", c.filed_at AS "filedAt",
         c.closed_at AS "closedAt", c.updated_at AS "updatedAt", c.alert_acknowledged_at AS "alertAcknowledgedAt",
         c.alert_acknowledged_by AS "alertAcknowledgedById", (SELECT au.display_name FROM users au WHERE au.id = c.alert_acknowledged_by) AS "alertAcknowledgedBy"
    FROM cases c JOIN categories cat ON cat.kind = c.category_kind AND cat.code = c.category_code`;

export async function getVisibleCase(db: Queryable, actor: Actor, id: number): Promise<CaseRow> {
  const args: unknown[] = [id];
  const { rows } = await db.query(`${CASE_SELECT} WHERE c.id = $1 AND ${visibleToSql(actor, args)}`, args);
  if (!rows[0]) throw new DomainError('CASE_NOT_FOUND', { id });
  return rows[0] as CaseRow;
}

/** Alarms sounding (case.policy.ts alertActive) as SQL over alias `c`: the partial index cases_alert_open_idx's predicate. */
const ALERT_ACTIVE_SQL = `c.urgency = 'urgent' AND c.alert_acknowledged_at IS NULL AND c.status NOT IN (${FINAL_STATUSES.map((s) => `'${s}'`).join(', ')})`;

/** The urgent cases whose alarm sounds that the actor may see, newest first (at most `limit`), and how many there are. */
export async function listActiveAlerts(db: Queryable, actor: Actor, limit: number): Promise<{ items: CaseRow[]; total: number }> {
  const args: unknown[] = [];
  const where = `WHERE ${ALERT_ACTIVE_SQL} AND ${visibleToSql(actor, args)}`;
  const [page, count] = await Promise.all([
    db.query(`${CASE_SELECT} ${where} ORDER BY c.reported_at DESC, c.id DESC LIMIT $${args.length + 1}`, [...args, limit]),
    db.query<{ n: number }>(`SELECT count(*)::int AS n FROM cases c ${where}`, args),
  ]);
  return { items: page.rows as CaseRow[], total: count.rows[0]!.n };
}

export async function getCaseById(db: Queryable, id: number): Promise<CaseRow | undefined> {
  const { rows } = await db.query(`${CASE_SELECT} WHERE c.id = $1`, [id]);
  return rows[0] as CaseRow | undefined;
}

export async function getCasesByIds(db: Queryable, ids: number[]): Promise<Map<number, CaseRow>> {
  const { rows } = await db.query(prepared(`${CASE_SELECT} WHERE c.id = ANY($1::bigint[])`, [ids]));
  return new Map((rows as CaseRow[]).map((r) => [r.id, r]));
}

export interface StepRow {
  id: number;
  step: StepKind;
  assigneeRole: string;
  assigneeUnitId: number | null;
  assigneeUserIds: number[];
  clockType: ClockType;
  limitAmount: number;
  limitUnit: 'hours' | 'days';
  calendarId: number | null;
  startedAt: Date;
  dueAt: Date;
  suspendedAt: Date | null;
  suspendedSeconds: number;
  endedAt: Date | null;
  endedBy: number | null;
  outcome: string | null;
  onTime: boolean | null;
  overdueAt: Date | null;
}

export async function listSteps(db: Queryable, caseId: number, openOnly = false): Promise<StepRow[]> {
  return (await listStepsOf(db, [caseId], openOnly)).get(caseId) ?? [];
}

/** Steps of many cases in one query, per case in creation order. */
export async function listStepsOf(db: Queryable, caseIds: number[], openOnly = false): Promise<Map<number, StepRow[]>> {
  const { rows } = await db.query(prepared(
    `SELECT case_id AS "caseId", id, step, assignee_role AS "assigneeRole", assignee_unit_id AS "assigneeUnitId", assignee_user_ids AS "assigneeUserIds",
            clock_type AS "clockType", limit_amount AS "limitAmount", limit_unit AS "limitUnit", calendar_id AS "calendarId",
            started_at AS "startedAt", due_at AS "dueAt", suspended_at AS "suspendedAt", suspended_seconds AS "suspendedSeconds",
            ended_at AS "endedAt", ended_by AS "endedBy", outcome, on_time AS "onTime", overdue_at AS "overdueAt"
       FROM case_steps WHERE case_id = ANY($1::bigint[]) ${openOnly ? 'AND ended_at IS NULL' : ''} ORDER BY id`,
    [caseIds],
  ));
  return groupByCase(rows as Array<StepRow & { caseId: number }>);
}

function groupByCase<T extends { caseId: number }>(rows: T[]): Map<number, Omit<T, 'caseId'>[]> {
  const out = new Map<number, Omit<T, 'caseId'>[]>();
  for (const { caseId, ...row } of rows) {
    const list = out.get(caseId);
    if (list) list.push(row);
    else out.set(caseId, [row]);
  }
  return out;
}

export interface EventRow {
  id: number;
  seq: number;
  type: string;
  fromStatus: CaseStatus | null;
  toStatus: CaseStatus;
  version: number;
  actorId: number | null;
  actorName: string | null;
  actorRole: string | null;
  at: Date;
  payload: Record<string, unknown>;
}

export async function listEvents(db: Queryable, caseId: number): Promise<EventRow[]> {
  return (await listEventsOf(db, [caseId])).get(caseId) ?? [];
}

/** Timelines of many cases in one query, each in chain order. */
export async function listEventsOf(db: Queryable, caseIds: number[]): Promise<Map<number, EventRow[]>> {
  const { rows } = await db.query(prepared(
    `SELECT e.case_id AS "caseId", e.id, e.seq, e.type, e.from_status AS "fromStatus", e.to_status AS "toStatus", e.version, e.actor_id AS "actorId",
            u.display_name AS "actorName", e.actor_role AS "actorRole", e.at, e.payload
       FROM case_events e LEFT JOIN users u ON u.id = e.actor_id WHERE e.case_id = ANY($1::bigint[]) ORDER BY e.case_id, e.seq`,
    [caseIds],
  ));
  return groupByCase(rows as Array<EventRow & { caseId: number }>);
}


/**
 * The unit a dispatcher would most likely pick (DOMAIN §4: default from category and place): of the
 * category's default unit type, active and with someone in it, serving the most specific area that holds
 * the case's grid (a street office over the district's department of the same type). Null when none fits.
 */
export async function suggestedUnit(db: Queryable, c: Pick<CaseRow, 'districtCode' | 'categoryKind' | 'categoryCode' | 'gridCode'>): Promise<{ id: number; name: string } | null> {
  const { rows } = await db.query<{ id: number; name: string }>(prepared(
    `SELECT u.id, u.name FROM units u JOIN categories cat ON cat.kind = $1 AND cat.code = $2 AND u.type = cat.default_unit_type
      WHERE u.district_code = $3 AND u.active AND $4 LIKE u.area_code || '%'
        AND EXISTS (SELECT 1 FROM users m WHERE m.unit_id = u.id AND m.disabled_at IS NULL)
      ORDER BY length(u.area_code) DESC, u.id LIMIT 1`,
    [c.categoryKind, c.categoryCode, c.districtCode, c.gridCode],
  ));
  return rows[0] ? { id: Number(rows[0].id), name: rows[0].name } : null;
}
