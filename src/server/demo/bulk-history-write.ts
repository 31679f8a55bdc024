/**
 * Writes one simulated day of bulk demo history (bulk-history.ts) in the caller's transaction: case ids,
 * tracking and case numbers and a block of global_seq numbers taken in one statement each, the per-case
 * hash chains computed as appendCaseEvent would, then one multi-row INSERT per table.
 */
import { arrayLiteral } from '../db/pg-array.ts';
import { nextIdSql, type Db, type Tx } from '../db/pool.ts';
import { APPEND_LOCK_KEY, GENESIS, canonicalJson, hashEvent } from '../modules/audit/audit-chain.ts';
import { ensureNumberSequences, formatNumber, sequenceName, shanghaiYear } from '../modules/cases/case-numbers.ts';
import { notificationJobs, recipientsForMany } from '../modules/cases/case-notify.ts';
import { inboxEntries, type InboxEntry, type NotifyPayload } from '../modules/notifications/notification.text.ts';
import { searchColumns } from '../modules/cases/search/search-text.ts';
import { planVersion, type PlanCase, type PlanEvent, type PlanStep } from './bulk-case-sim.ts';

async function takeNumbers(tx: Tx, sql: string, n: number): Promise<number[]> {
  if (n === 0) return [];
  const { rows } = await tx.query<{ n: string }>(`${sql.replace('$N', 'generate_series(1, $1)')}`, [n]);
  return rows.map((r) => Number(r.n)).sort((a, b) => a - b);
}

/**
 * The inbox a working district has: what the past day's events notified, as the delivery worker writes it
 * (one row per recipient, inboxEntries), created when the event happened and read within the next one and
 * a half hours — but for the last two hours, which are still unread. Older events notified no one here:
 * nobody should open a month of stale reminders.
 */
export interface DemoInbox {
  since: Date;
  unreadAfter: Date;
  now: Date;
}

export function demoInbox(now: Date): DemoInbox {
  return { since: new Date(now.getTime() - 24 * 3_600_000), unreadAfter: new Date(now.getTime() - 2 * 3_600_000), now };
}

/** When a demo notification was read: 5–95 minutes later (the same delay for the same `salt`), none in the last two hours. */
export function demoReadAt(o: DemoInbox, at: Date, salt: number): Date | null {
  if (at > o.unreadAfter) return null;
  return new Date(Math.min(at.getTime() + (5 + (salt % 90)) * 60_000, o.now.getTime()));
}

export type DemoInboxRow = InboxEntry & { at: Date; readAt: Date | null };

/**
 * Numbers, ids, the global order and the hash chains for one day's cases, then a multi-row INSERT per table.
 * Returns the inbox rows their recent events made (written by writeInbox once every day is in, in time order).
 */
export async function writeDay(db: Db, tx: Tx, planned: PlanCase[], inbox?: DemoInbox): Promise<DemoInboxRow[]> {
  await ensureSequencesFor(db, planned);
  // As appendCaseEvent: the shared append lock before any global_seq is taken.
  await tx.query(`SELECT pg_advisory_xact_lock_shared($1::bigint)`, [APPEND_LOCK_KEY]);
  const ids = await takeNumbers(tx, `SELECT ${nextIdSql('cases')}::text AS n FROM $N`, planned.length);
  const { trackingNos, caseNos } = await takeCaseNumbers(tx, planned);
  await takeGlobalOrder(tx, planned);
  const events = chainEvents(planned, ids, caseNos);
  await insertCases(tx, planned, ids, trackingNos, caseNos);
  await insertSteps(tx, planned, ids);
  const eventIdOf = await insertEvents(tx, events);
  return inbox ? inboxRows(tx, planned, ids, trackingNos, eventIdOf, inbox) : [];
}

/** Number sequences exist before the transaction uses them (created outside it, as the commands do). */
async function ensureSequencesFor(db: Db, planned: PlanCase[]): Promise<void> {
  const years = new Set<string>();
  for (const c of planned) {
    years.add(`${c.districtCode}:${shanghaiYear(c.reportedAt)}`);
    if (c.filedAt) years.add(`${c.districtCode}:${shanghaiYear(c.filedAt)}`);
  }
  for (const k of years) {
    const [d, y] = k.split(':');
    await ensureNumberSequences(db, d!, Number(y));
  }
}

/** Tracking numbers in report order, case numbers in filing order: one statement per district, year and kind. */
async function takeCaseNumbers(tx: Tx, planned: PlanCase[]): Promise<{ trackingNos: string[]; caseNos: (string | null)[] }> {
  const trackingNos: string[] = new Array(planned.length);
  const caseNos: (string | null)[] = new Array(planned.length).fill(null);
  const byKey = new Map<string, number[]>();
  planned.forEach((c, i) => {
    const k = `tracking:${c.districtCode}:${shanghaiYear(c.reportedAt)}`;
    byKey.set(k, [...(byKey.get(k) ?? []), i]);
  });
  planned
    .map((c, i) => [c, i] as const)
    .filter(([c]) => c.filedAt)
    .sort(([a], [b]) => a.filedAt!.getTime() - b.filedAt!.getTime())
    .forEach(([c, i]) => {
      const k = `case:${c.districtCode}:${shanghaiYear(c.filedAt!)}`;
      byKey.set(k, [...(byKey.get(k) ?? []), i]);
    });
  for (const [k, idx] of byKey) {
    const [kind, d, y] = k.split(':') as ['tracking' | 'case', string, string];
    const nums = await takeNumbers(tx, `SELECT nextval('${sequenceName(kind, d, Number(y))}')::text AS n FROM $N`, idx.length);
    idx.forEach((ci, j) => {
      const no = formatNumber(kind, Number(y), nums[j]!);
      if (kind === 'tracking') trackingNos[ci] = no;
      else caseNos[ci] = no;
    });
  }
  return { trackingNos, caseNos };
}

/** Sets each event's global_seq: by time across the day's cases. */
async function takeGlobalOrder(tx: Tx, planned: PlanCase[]): Promise<void> {
  const all: Array<{ e: PlanEvent; ci: number }> = [];
  planned.forEach((c, ci) => c.events.forEach((e) => all.push({ e, ci })));
  all.sort((a, b) => a.e.at.getTime() - b.e.at.getTime() || a.ci - b.ci || a.e.version - b.e.version);
  const gs = await takeNumbers(tx, `SELECT nextval('case_events_global_seq')::text AS n FROM $N`, all.length);
  all.forEach((x, i) => (x.e.globalSeq = gs[i]));
}

/** case_events rows as parallel columns, in case order. */
interface EventColumns {
  gs: number[]; caseId: number[]; seq: number[]; type: string[]; from: (string | null)[]; to: string[]; version: number[];
  actor: (number | null)[]; role: (string | null)[]; at: string[]; payload: string[]; prev: string[]; hash: string[];
}

/** Each case's hash chain, as appendCaseEvent computes it; the filing event's payload gets the case number. */
function chainEvents(planned: PlanCase[], ids: number[], caseNos: (string | null)[]): EventColumns {
  const ev: EventColumns = { gs: [], caseId: [], seq: [], type: [], from: [], to: [], version: [], actor: [], role: [], at: [], payload: [], prev: [], hash: [] };
  planned.forEach((c, ci) => {
    let prev = GENESIS;
    c.events.forEach((e, k) => {
      const payload = e.filing ? { ...e.payload, ...(caseNos[ci] ? { caseNo: caseNos[ci] } : {}) } : e.payload;
      const seq = k + 1;
      const hash = hashEvent(prev, {
        caseId: ids[ci]!, seq, globalSeq: e.globalSeq!, type: e.type, fromStatus: e.fromStatus, toStatus: e.toStatus, version: e.version,
        actorId: e.actorId, actorRole: e.actorRole, at: e.at, requestId: 'demo', clientIp: null, payload,
      });
      ev.gs.push(e.globalSeq!); ev.caseId.push(ids[ci]!); ev.seq.push(seq); ev.type.push(e.type); ev.from.push(e.fromStatus); ev.to.push(e.toStatus);
      ev.version.push(e.version); ev.actor.push(e.actorId); ev.role.push(e.actorRole); ev.at.push(e.at.toISOString()); ev.payload.push(canonicalJson(payload));
      ev.prev.push(prev); ev.hash.push(hash);
      prev = hash;
    });
  });
  return ev;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

async function insertCases(tx: Tx, planned: PlanCase[], ids: number[], trackingNos: string[], caseNos: (string | null)[]): Promise<void> {
  const col = <T>(f: (c: PlanCase, i: number) => T) => planned.map(f);
  const search = planned.map((c) => searchColumns(c.description, ''));
  await tx.query(
    `INSERT INTO cases (id, district_code, tracking_no, case_no, source, reporter_user_id, reporter_name, reporter_phone, category_kind, category_code,
                        lng, lat, grid_code, community_code, street_code, address, description, urgency, urgency_requested, status, prior_status,
                        lead_unit_id, co_unit_ids, handling_due_at, extension_count, rework_count, self_handled, citizen_rating, urge_count,
                        handling_result, photos, version, reported_at, filed_at, closed_at, updated_at, search_text, search_bigrams,
                        alert_acknowledged_at, alert_acknowledged_by)
     SELECT id, district_code, tracking_no, case_no, source, reporter_user_id, reporter_name, reporter_phone, 'event', category_code,
            lng, lat, grid_code, community_code, street_code, '', description, urgency, false, status, prior_status,
            lead_unit_id, co_unit_ids::bigint[], handling_due_at, extension_count, rework_count, false, citizen_rating, urge_count,
            handling_result, photos::jsonb, version, reported_at, filed_at, closed_at, updated_at, search_text, search_bigrams::text[],
            alert_acknowledged_at, alert_acknowledged_by
       FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::text[], $8::text[], $9::text[],
                   $10::float8[], $11::float8[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[], $18::text[],
                   $19::bigint[], $20::text[], $21::timestamptz[], $22::int[], $23::int[], $24::text[], $25::int[], $26::text[], $27::text[],
                   $28::int[], $29::timestamptz[], $30::timestamptz[], $31::timestamptz[], $32::timestamptz[], $33::text[], $34::text[],
                   $35::timestamptz[], $36::bigint[])
         AS t(id, district_code, tracking_no, case_no, source, reporter_user_id, reporter_name, reporter_phone, category_code,
              lng, lat, grid_code, community_code, street_code, description, urgency, status, prior_status,
              lead_unit_id, co_unit_ids, handling_due_at, extension_count, rework_count, citizen_rating, urge_count, handling_result, photos,
              version, reported_at, filed_at, closed_at, updated_at, search_text, search_bigrams, alert_acknowledged_at, alert_acknowledged_by)`,
    [
      ids, col((c) => c.districtCode), trackingNos, caseNos, col((c) => c.state.source), col((c) => c.reporterUserId), col((c) => c.reporterName),
      col((c) => c.state.reporterPhone), col((c) => c.categoryCode), col((c) => c.lng), col((c) => c.lat), col((c) => c.gridCode),
      col((c) => c.communityCode), col((c) => c.streetCode), col((c) => c.description), col((c) => c.state.urgency), col((c) => c.state.status),
      col((c) => c.state.priorStatus), col((c) => c.state.leadUnitId), col((c) => arrayLiteral(c.state.coUnitIds)),
      col((c) => {
        // Set by every action after the report (never by the report itself): the newest handle step's deadline.
        const h = c.steps.filter((s) => s.step === 'handle').at(-1);
        return planVersion(c) > 1 && h ? h.dueAt.toISOString() : null;
      }),
      col((c) => c.state.extensionCount), col((c) => c.state.reworkCount), col((c) => c.citizenRating), col((c) => c.state.urgeCount),
      col((c) => c.handlingResult), col((c) => JSON.stringify(c.photos)), col((c) => planVersion(c)), col((c) => c.reportedAt.toISOString()),
      col((c) => iso(c.filedAt)), col((c) => iso(c.closedAt)), col((c) => c.updatedAt.toISOString()),
      search.map((x) => x.text), search.map((x) => arrayLiteral(x.bigrams)),
      col((c) => iso(c.alertAcknowledged?.at ?? null)), col((c) => c.alertAcknowledged?.by ?? null),
    ].map(arrayLiteral),
  );
}

async function insertSteps(tx: Tx, planned: PlanCase[], ids: number[]): Promise<void> {
  const st: PlanStep[] = [];
  const stCase: number[] = [];
  planned.forEach((c, ci) => c.steps.forEach((s) => (st.push(s), stCase.push(ids[ci]!))));
  const sc = <T>(f: (s: PlanStep) => T) => st.map(f);
  await tx.query(
    `INSERT INTO case_steps (case_id, step, assignee_role, assignee_unit_id, assignee_user_ids, clock_type, limit_amount, limit_unit, calendar_id,
                             started_at, due_at, suspended_at, suspended_seconds, ended_at, ended_by, outcome, on_time)
     SELECT case_id, step, assignee_role, assignee_unit_id, assignee_user_ids::bigint[], clock_type, limit_amount, limit_unit, calendar_id,
            started_at, due_at, suspended_at, suspended_seconds, ended_at, ended_by, outcome, on_time
       FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::numeric[], $8::text[], $9::bigint[],
                   $10::timestamptz[], $11::timestamptz[], $12::timestamptz[], $13::bigint[], $14::timestamptz[], $15::bigint[], $16::text[], $17::boolean[])
            WITH ORDINALITY AS t(case_id, step, assignee_role, assignee_unit_id, assignee_user_ids, clock_type, limit_amount, limit_unit, calendar_id,
                                 started_at, due_at, suspended_at, suspended_seconds, ended_at, ended_by, outcome, on_time, n)
      ORDER BY n`,
    [
      stCase, sc((s) => s.step), sc((s) => s.assigneeRole), sc((s) => s.assigneeUnitId), sc((s) => arrayLiteral(s.assigneeUserIds)), sc((s) => s.clockType),
      sc((s) => s.limitAmount), sc((s) => s.limitUnit), sc((s) => s.calendarId), sc((s) => s.startedAt.toISOString()), sc((s) => s.dueAt.toISOString()),
      sc((s) => iso(s.suspendedAt)), sc((s) => s.suspendedSeconds), sc((s) => iso(s.endedAt)), sc((s) => s.endedBy), sc((s) => s.outcome), sc((s) => s.onTime),
    ].map(arrayLiteral),
  );
}

/** Returns each event's id by its global_seq. */
async function insertEvents(tx: Tx, ev: EventColumns): Promise<Map<number, number>> {
  const { rows: eventIds } = await tx.query<{ id: number; global_seq: number }>(
    `INSERT INTO case_events (global_seq, case_id, seq, type, from_status, to_status, version, actor_id, actor_role, at, request_id, client_ip, payload, prev_hash, hash)
     SELECT global_seq, case_id, seq, type, from_status, to_status, version, actor_id, actor_role, at, 'demo', NULL, payload::jsonb, prev_hash, hash
       FROM unnest($1::bigint[], $2::bigint[], $3::int[], $4::text[], $5::text[], $6::text[], $7::int[], $8::bigint[], $9::text[], $10::timestamptz[],
                   $11::text[], $12::text[], $13::text[])
         AS t(global_seq, case_id, seq, type, from_status, to_status, version, actor_id, actor_role, at, payload, prev_hash, hash)
      ORDER BY global_seq
     RETURNING id, global_seq`,
    [ev.gs, ev.caseId, ev.seq, ev.type, ev.from, ev.to, ev.version, ev.actor, ev.role, ev.at, ev.payload, ev.prev, ev.hash].map(arrayLiteral),
  );
  return new Map(eventIds.map((r) => [r.global_seq, r.id]));
}

async function inboxRows(tx: Tx, planned: PlanCase[], ids: number[], trackingNos: string[], eventIdOf: Map<number, number>, o: DemoInbox): Promise<DemoInboxRow[]> {
  const recent = planned.flatMap((c, ci) => c.events.filter((e) => e.at >= o.since && e.at <= o.now && e.notify.length).map((e) => ({ c, ci, e })));
  if (!recent.length) return [];
  const asks = recent.flatMap(({ c, e }) => e.notify.map((op) => ({ to: op.to, c: { gridCode: c.gridCode, leadUnitId: e.leadUnitId } })));
  const recipients = await recipientsForMany(tx, asks);
  const rows: DemoInboxRow[] = [];
  let asked = 0;
  for (const { c, ci, e } of recent) {
    const mine = recipients.slice(asked, (asked += e.notify.length));
    const jobs = notificationJobs({ id: ids[ci]!, urgency: c.state.urgency, trackingNo: trackingNos[ci]! }, e.notify, mine, { eventId: eventIdOf.get(e.globalSeq!)!, eventType: e.type });
    for (const entry of jobs.flatMap((job) => inboxEntries(job.payload as NotifyPayload))) {
      rows.push({ ...entry, at: e.at, readAt: demoReadAt(o, e.at, entry.caseId * 31 + entry.userId * 17 + e.version) });
    }
  }
  return rows;
}

/** The demo's inbox rows, oldest first: ids follow time, as they would have been delivered. */
export async function writeInbox(tx: Tx, rows: DemoInboxRow[]): Promise<void> {
  if (!rows.length) return;
  const sorted = [...rows].sort((a, b) => a.at.getTime() - b.at.getTime());
  const col = <T>(f: (r: DemoInboxRow) => T) => sorted.map(f);
  await tx.query(
    `INSERT INTO notifications (user_id, kind, case_id, title, body, payload, created_at, read_at)
     SELECT user_id, kind, case_id, title, body, payload::jsonb, created_at, read_at
       FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::timestamptz[]) WITH ORDINALITY
         AS t(user_id, kind, case_id, title, body, payload, created_at, read_at, n)
      ORDER BY n`,
    [col((r) => r.userId), col((r) => r.kind), col((r) => r.caseId), col((r) => r.title), col((r) => r.body), col((r) => r.payload),
      col((r) => r.at.toISOString()), col((r) => r.readAt?.toISOString() ?? null)],
  );
}
