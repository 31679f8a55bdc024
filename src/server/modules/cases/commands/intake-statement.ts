/**
 * The one statement report intake writes a batch with (intake-writer.ts): every row of every new case,
 * by column name through BatchParams, each column one array parameter.
 */
import { arrayLiteral } from '../../../db/pg-array.ts';
import { BatchParams } from '../../../db/unnest.ts';
import type { JobInput } from '../../../jobs/queue.ts';
import { GENESIS } from '../../audit/audit-chain.ts';
import { claimCutoff } from '../../idempotency/idempotency.ts';
import type { InboxEntry } from '../../notifications/notification.text.ts';
import { searchColumns } from '../search/search-text.ts';
import type { PlannedStart } from '../step-clock.ts';
import type { PreparedReport } from './intake-writer.ts';

export interface BatchRows {
  reports: PreparedReport[];
  ids: number[];
  stepIds: number[];
  trackingNos: string[];
  eventIds: number[];
  globalSeqs: number[];
  hashes: string[];
  payloads: string[];
  jobs: JobInput[];
  inbox: InboxEntry[];
}

/**
 * Cases (with their search columns, search-text.ts), their first steps, their first events, notification
 * jobs or inbox rows, citizens' trackers and the reports' idempotency keys in one statement. Foreign keys to
 * the new cases are checked at the end of the statement, when they exist. Answers one row: how many keys it
 * claimed (`keyed` were asked for) and the inbox rows written, per recipient and case.
 */
export function insertAll(b: BatchRows): { text: string; values: unknown[]; keyed: number } {
  const p = new BatchParams();
  const { reports, ids } = b;
  const col = <T>(f: (r: PreparedReport, i: number) => T) => reports.map(f);
  const steps = reports.flatMap((r, i) => r.steps.map((s) => ({ s, caseId: ids[i]! })));
  const sc = <T>(f: (s: PlannedStart) => T) => steps.map((x) => f(x.s));
  const search = reports.map((r) => searchColumns(r.row.description, r.row.address));
  const tracked = reports.flatMap((r, i) => (r.trackerDigest ? [{ h: r.trackerDigest, id: ids[i]! }] : []));
  const keyed = reports.flatMap((r, i) => (r.idempotency ? [{ k: r.idempotency, id: ids[i]!, at: r.event.at }] : []));
  const at = new Map(reports.map((r, i) => [ids[i]!, r.event.at.toISOString()]));
  const now = reports[0]!.event.at;

  const cases = p.unnest('t', {
    id: ['bigint', ids], district_code: ['text', col((r) => r.districtCode)], tracking_no: ['text', b.trackingNos], source: ['text', col((r) => r.row.source)],
    reporter_user_id: ['bigint', col((r) => r.row.reporterUserId)], reporter_name: ['text', col((r) => r.row.reporterName)],
    reporter_phone: ['text', col((r) => r.row.reporterPhone)], category_kind: ['text', col((r) => r.row.categoryKind)],
    category_code: ['text', col((r) => r.row.categoryCode)], lng: ['float8', col((r) => r.row.lng)], lat: ['float8', col((r) => r.row.lat)],
    grid_code: ['text', col((r) => r.row.gridCode)], community_code: ['text', col((r) => r.row.communityCode)], street_code: ['text', col((r) => r.row.streetCode)],
    address: ['text', col((r) => r.row.address)], description: ['text', col((r) => r.row.description)], urgency: ['text', col((r) => r.row.urgency)],
    urgency_requested: ['boolean', col((r) => r.row.urgencyRequested)], status: ['text', col((r) => r.row.status)],
    self_handled: ['boolean', col((r) => r.row.selfHandled)], handling_result: ['text', col((r) => r.row.handlingResult)],
    public_reply: ['text', col((r) => r.row.publicReply)],
    photos: ['text', col((r) => JSON.stringify(r.row.photos))], reported_at: ['timestamptz', col((r) => r.row.reportedAt.toISOString())],
    search_text: ['text', search.map((x) => x.text)], search_bigrams: ['text', search.map((x) => arrayLiteral(x.bigrams))],
  });
  const stepRows = p.unnest('t', {
    id: ['bigint', b.stepIds], case_id: ['bigint', steps.map((x) => x.caseId)], step: ['text', sc((s) => s.step)], assignee_role: ['text', sc((s) => s.assigneeRole)],
    assignee_unit_id: ['bigint', sc((s) => s.assigneeUnitId)], assignee_user_ids: ['text', sc((s) => arrayLiteral(s.assigneeUserIds))],
    clock_type: ['text', sc((s) => s.clockType)], limit_amount: ['numeric', sc((s) => s.limitAmount)], limit_unit: ['text', sc((s) => s.limitUnit)],
    calendar_id: ['bigint', sc((s) => s.calendarId)], started_at: ['timestamptz', sc((s) => s.startedAt.toISOString())], due_at: ['timestamptz', sc((s) => s.dueAt.toISOString())],
  });
  const events = p.unnest('t', {
    id: ['bigint', b.eventIds], global_seq: ['bigint', b.globalSeqs], case_id: ['bigint', ids], type: ['text', col((r) => r.event.type)],
    to_status: ['text', col((r) => r.event.toStatus)], actor_id: ['bigint', col((r) => r.event.actorId)], actor_role: ['text', col((r) => r.event.actorRole)],
    at: ['timestamptz', col((r) => r.event.at.toISOString())], request_id: ['text', col((r) => r.event.requestId)], client_ip: ['text', col((r) => r.event.clientIp)],
    payload: ['text', b.payloads], hash: ['text', b.hashes],
  });
  const genesis = p.value(GENESIS);
  const jobs = p.unnest('t', {
    k: ['text', b.jobs.map((j) => j.kind)], p: ['text', b.jobs.map((j) => JSON.stringify(j.payload))], d: ['text', b.jobs.map((j) => j.dedupeKey ?? null)],
    r: ['timestamptz', b.jobs.map((j) => j.runAt?.toISOString() ?? null)],
  });
  const trackers = p.unnest('t', { h: ['text', tracked.map((x) => x.h)], cid: ['bigint', tracked.map((x) => x.id)] });
  const inbox = p.unnest('t', {
    user_id: ['bigint', b.inbox.map((x) => x.userId)], kind: ['text', b.inbox.map((x) => x.kind)], case_id: ['bigint', b.inbox.map((x) => x.caseId)],
    title: ['text', b.inbox.map((x) => x.title)], body: ['text', b.inbox.map((x) => x.body)], payload: ['text', b.inbox.map((x) => x.payload)],
    created_at: ['timestamptz', b.inbox.map((x) => at.get(x.caseId)!)],
  }, { ordinality: 'n' });
  const keys = p.unnest('t', {
    principal: ['text', keyed.map((x) => x.k.principal)], key: ['text', keyed.map((x) => x.k.key)], request_hash: ['text', keyed.map((x) => x.k.hash)],
    status: ['smallint', keyed.map((x) => x.k.status)], case_id: ['bigint', keyed.map((x) => x.id)], secret: ['text', keyed.map((x) => x.k.secret ?? null)],
    created_at: ['timestamptz', keyed.map((x) => x.at.toISOString())],
  });
  const expired = p.value(claimCutoff(now).toISOString(), 'timestamptz');

  const text = `
  WITH c AS (
    INSERT INTO cases (id, district_code, tracking_no, source, reporter_user_id, reporter_name, reporter_phone, category_kind, category_code,
                       lng, lat, grid_code, community_code, street_code, address, description, urgency, urgency_requested, status,
                       self_handled, handling_result, public_reply, photos, reported_at, updated_at, search_text, search_bigrams)
    SELECT id, district_code, tracking_no, source, reporter_user_id, reporter_name, reporter_phone, category_kind, category_code,
           lng, lat, grid_code, community_code, street_code, address, description, urgency, urgency_requested, status,
           self_handled, handling_result, public_reply, photos::jsonb, reported_at, reported_at, search_text, search_bigrams::text[]
      FROM ${cases}
    RETURNING id
  ), s AS (
    INSERT INTO case_steps (id, case_id, step, assignee_role, assignee_unit_id, assignee_user_ids, clock_type, limit_amount, limit_unit,
                            calendar_id, started_at, due_at)
    SELECT id, case_id, step, assignee_role, assignee_unit_id, assignee_user_ids::bigint[], clock_type, limit_amount, limit_unit, calendar_id, started_at, due_at
      FROM ${stepRows}
     ORDER BY id
  ), e AS (
    INSERT INTO case_events (id, global_seq, case_id, seq, type, from_status, to_status, version, actor_id, actor_role, at, request_id, client_ip,
                             payload, prev_hash, hash)
    SELECT id, global_seq, case_id, 1, type, NULL, to_status, 1, actor_id, actor_role, at, request_id, client_ip, payload::jsonb, ${genesis}, hash
      FROM ${events}
     ORDER BY global_seq
  ), j AS (
    INSERT INTO jobs (kind, payload, dedupe_key, run_at)
    SELECT k, p::jsonb, d, COALESCE(r, now()) FROM ${jobs}
    ON CONFLICT (dedupe_key) DO NOTHING
  ), k AS (
    INSERT INTO case_trackers (token_hash, case_id) SELECT h, cid FROM ${trackers}
  ), n AS (
    -- Inbox rows, when written with the case (IntakeOptions): as the delivery worker writes them, to enabled users only.
    INSERT INTO notifications (user_id, kind, case_id, title, body, payload, created_at)
    SELECT t.user_id, t.kind, t.case_id, t.title, t.body, t.payload::jsonb, t.created_at
      FROM ${inbox}
     WHERE EXISTS (SELECT 1 FROM users u WHERE u.id = t.user_id AND u.disabled_at IS NULL)
     ORDER BY t.n
    RETURNING id, user_id, case_id
  ), ik AS (
    -- Idempotency keys (modules/idempotency): in key order, so two batches never wait on each other's keys crosswise.
    INSERT INTO idempotency_keys (principal, key, request_hash, status, case_id, secret, created_at)
    SELECT principal, key, request_hash, status, case_id, secret, created_at FROM ${keys} ORDER BY principal, key
    ON CONFLICT (principal, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, status = EXCLUDED.status, case_id = EXCLUDED.case_id,
           secret = EXCLUDED.secret, response = NULL, created_at = EXCLUDED.created_at
     WHERE idempotency_keys.created_at < ${expired}
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM ik)::int AS claimed,
         COALESCE((SELECT json_agg(x) FROM (SELECT user_id AS "userId", case_id AS "caseId", array_agg(id ORDER BY id) AS ids FROM n GROUP BY user_id, case_id) x), '[]') AS inbox`;
  return { text, values: p.values, keyed: keyed.length };
}
