/**
 * Report intake as group commits. Reports that arrive while a write is in flight are written together
 * in the next transaction — ids, numbers and global order taken in one statement, each new case's
 * hash chain computed as appendCaseEvent would, then one statement inserting every row — and each
 * caller is answered only after that transaction commits, with the rows as written (built here from
 * what was inserted, not read back). At low load a report is written alone at once; under load a batch
 * costs a handful of round trips instead of a dozen per report.
 *
 * A batch that fails before COMMIT is retried one report per transaction, so a bad report fails alone.
 * A failed COMMIT is not retried: its outcome is unknown and a retry could write a report twice.
 */
import { nextIdSql, prepared, type Db, type Tx } from '../../../db/pool.ts';
import { IdempotencyRace, keyOf, takenKeys, type IdempotencyClaim } from '../../idempotency/idempotency.ts';
import { insertAll } from './intake-statement.ts';
import type { JobInput } from '../../../jobs/queue.ts';
import { APPEND_LOCK_KEY, GENESIS, canonicalJson, hashEvent, type NewCaseEvent } from '../../audit/audit-chain.ts';
import { notificationJobs, recipientsForMany, type Holders } from '../case-notify.ts';
import type { SettingsCaches } from '../../../app-state.ts';
import type { TtlCache } from '../../../db/ttl-cache.ts';
import { ensureNumberSequences, formatNumber, sequenceName } from '../case-numbers.ts';
import type { CaseStatus } from '../../../../shared/cases/workflow.ts';
import type { CaseRow, EventRow, StepRow } from '../case.queries.ts';
import type { NotifyOp } from '../case.workflow.ts';
import type { PlannedStart } from '../step-clock.ts';
import { inboxEntries, type NotifyPayload } from '../../notifications/notification.text.ts';
import { findDuplicateCandidates, type DuplicateCandidate } from '../case.duplicates.ts';
import { loadWorkflowSettings, type WorkflowSettings } from '../workflow-settings.ts';

/** Everything about a new case that is known before it has an id. */
export interface PreparedReport {
  districtCode: string;
  year: number;
  row: Pick<CaseRow, 'source' | 'reporterUserId' | 'reporterName' | 'reporterPhone' | 'categoryKind' | 'categoryCode' | 'categoryName' | 'lng' | 'lat' | 'gridCode'
    | 'communityCode' | 'streetCode' | 'address' | 'description' | 'urgency' | 'urgencyRequested' | 'status' | 'selfHandled' | 'handlingResult' | 'publicReply'
    | 'photos' | 'reportedAt'>;
  steps: PlannedStart[];
  /** The report's event: the first of its chain (no prior status, version 1). */
  event: Omit<NewCaseEvent, 'caseId' | 'fromStatus' | 'version' | 'toStatus'> & { toStatus: CaseStatus };
  /** The actor's display name, as the timeline shows it (null for a citizen without an account). */
  actorName: string | null;
  notify: NotifyOp[];
  /** SM3 digest of a citizen's private tracking token, stored with the case. */
  trackerDigest?: string;
  /** The request's idempotency key, claimed with the case (and a citizen's token, to answer a retry). */
  idempotency?: IdempotencyClaim & { secret?: string };
}

export interface WrittenReport {
  case: CaseRow;
  steps: StepRow[];
  /** The report's event (one: it opens the case's chain). */
  events: EventRow[];
  /** Open cases of the same category nearby (visibility not yet applied: see visibleDuplicates). */
  duplicateCandidates: DuplicateCandidate[];
  /** Inbox rows written with the case, per recipient, to announce after commit (see IntakeOptions). */
  inbox: InboxWritten[];
  /** Notify jobs were queued instead: the delivery workers should be woken. */
  jobsQueued: boolean;
}

export interface InboxWritten {
  userId: number;
  ids: number[];
}

export interface IntakeOptions {
  /**
   * Write the report's in-app inbox rows in its own transaction rather than queueing notify jobs for the
   * delivery worker (docs/decisions/0007-intake-group-commit.md). Only when no outside channel (webhook, log)
   * is configured, as those need a job to retry; the rows are the ones the worker would write
   * (notification.text.ts inboxEntries). `guancheng start` decides.
   */
  inboxInTransaction: boolean;
}

interface Pending {
  report: PreparedReport;
  resolve: (w: WrittenReport) => void;
  reject: (err: unknown) => void;
}

const MAX_IN_FLIGHT = 2;
const MAX_BATCH = 200;
/** A second transaction beside one in flight only for this many waiting reports, or the two split into a convoy (decision 0007). */
const MIN_SECOND_BATCH = 32;

class CommitOutcomeUnknown extends Error {}

export class IntakeWriter {
  private readonly queue: Pending[] = [];
  private inFlight = 0;

  /** How this app delivers notifications (IntakeOptions), and the app's caches (app-state.ts); without them, uncached. */
  constructor(
    private readonly db: Db,
    public options: IntakeOptions & { settings?: SettingsCaches; holders?: TtlCache<string, Holders> } = { inboxInTransaction: false },
  ) {}

  submit(report: PreparedReport): Promise<WrittenReport> {
    return new Promise((resolve, reject) => {
      this.queue.push({ report, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < MAX_IN_FLIGHT && this.queue.length && (this.inFlight === 0 || this.queue.length >= MIN_SECOND_BATCH)) {
      const batch = this.queue.splice(0, MAX_BATCH);
      this.inFlight++;
      void this.flush(batch)
        // Only a bug could get here; every caller still gets an answer (settled promises ignore it).
        .catch((err: unknown) => batch.forEach((b) => b.reject(err)))
        .finally(() => {
          this.inFlight--;
          this.pump();
        });
    }
  }

  /**
   * Reports whose key a request within the day already took — or a report earlier in this batch — are not
   * written: each learns it lost (IdempotencyRace) once the rest have committed, and its route answers
   * with the first request's outcome. One query for the batch, and only when some report has a key.
   */
  private async withoutTakenKeys(all: Pending[]): Promise<{ batch: Pending[]; twins: Pending[] }> {
    const keyed = all.filter((b) => b.report.idempotency);
    if (!keyed.length) return { batch: all, twins: [] };
    const taken = await takenKeys(this.db, keyed.map((b) => b.report.idempotency!), all[0]!.report.event.at).catch(() => new Set<string>());
    const batch: Pending[] = [];
    const twins: Pending[] = [];
    for (const b of all) {
      const k = b.report.idempotency && keyOf(b.report.idempotency);
      if (k && taken.has(k)) twins.push(b);
      else {
        if (k) taken.add(k);
        batch.push(b);
      }
    }
    return { batch, twins };
  }

  private async flush(all: Pending[]): Promise<void> {
    const { batch, twins } = await this.withoutTakenKeys(all);
    try {
      if (batch.length) await this.write(batch);
    } finally {
      for (const b of twins) b.reject(new IdempotencyRace());
    }
  }

  private async write(batch: Pending[]): Promise<void> {
    let written: Array<Written | Error>;
    try {
      written = await writeReports(this.db, batch.map((b) => b.report), this.options);
    } catch (err) {
      if (batch.length === 1 || err instanceof CommitOutcomeUnknown) {
        for (const b of batch) b.reject(err instanceof CommitOutcomeUnknown ? err.cause : err);
        return;
      }
      written = [];
      for (const b of batch) {
        written.push(await writeReports(this.db, [b.report], this.options).then((w) => w[0]!, (e: unknown) => (e instanceof Error ? e : new Error(String(e)))));
      }
    }
    let duplicates: Map<number, DuplicateCandidate[]>;
    try {
      const districts = [...new Set(batch.map((b) => b.report.districtCode))];
      const settings = new Map<string, WorkflowSettings>(await Promise.all(districts.map(async (d) => [d, await loadWorkflowSettings(this.db, d, this.options.settings)] as const)));
      const probes = batch.flatMap((b, i) => {
        const w = written[i]!;
        if (w instanceof Error) return [];
        const r = b.report;
        return [{ id: w.id, districtCode: r.districtCode, categoryKind: r.row.categoryKind, categoryCode: r.row.categoryCode, lng: r.row.lng, lat: r.row.lat, reportedAt: r.row.reportedAt }];
      });
      duplicates = await findDuplicateCandidates(this.db, probes, (d) => settings.get(d)!);
    } catch (err) {
      // Committed, but the duplicates could not be looked up: the reports exist; the callers learn of an error.
      batch.forEach((b) => b.reject(err));
      return;
    }
    batch.forEach((b, i) => {
      const w = written[i]!;
      if (w instanceof Error) return b.reject(w instanceof CommitOutcomeUnknown ? w.cause : w);
      b.resolve({ case: w.case, steps: w.steps, events: w.events, duplicateCandidates: duplicates.get(w.id) ?? [], inbox: w.inbox, jobsQueued: w.jobsQueued });
    });
  }
}


const ascending = (rows: Array<Record<string, string>>, col: string) => rows.map((r) => Number(r[col])).sort((a, b) => a - b);

export interface Written {
  id: number;
  case: CaseRow;
  steps: StepRow[];
  events: EventRow[];
  inbox: InboxWritten[];
  jobsQueued: boolean;
}

/** One transaction for all `reports`; returns each one's case id (and inbox rows, or whether jobs were queued), in order. */
export async function writeReports(
  db: Db,
  reports: PreparedReport[],
  options: IntakeOptions & { holders?: TtlCache<string, Holders> } = { inboxInTransaction: false },
): Promise<Written[]> {
  const n = reports.length;
  const keys = [...new Set(reports.map((r) => `${r.districtCode}:${r.year}`))];
  for (const k of keys) await ensureNumberSequences(db, k.slice(0, 6), Number(k.slice(7)));
  // Recipients are read before the transaction: it then holds its locks for as short a time as possible.
  const asks = reports.flatMap((r) => r.notify.map((op) => ({ to: op.to, c: { gridCode: r.row.gridCode, leadUnitId: null } })));
  const recipients = await recipientsForMany(db, asks, { holders: options.holders });

  const stepCount = reports.reduce((k, r) => k + r.steps.length, 0);
  const tx = await db.connect();
  let written: Written[];
  try {
    const seqOf = (k: string) => sequenceName('tracking', k.slice(0, 6), Number(k.slice(7)));
    // One round trip: begin, take the shared append lock before any global_seq (as appendCaseEvent does),
    // then every id and number. Several statements need the simple protocol: no parameters, so the only
    // values spliced in are the lock key and the count, both integers of ours.
    const opened = (await tx.query(
      `BEGIN; SELECT pg_advisory_xact_lock_shared(${BigInt(APPEND_LOCK_KEY)}::bigint);
       SELECT ${nextIdSql('cases')}::text AS id, ${nextIdSql('case_events')}::text AS eid,
              nextval('case_events_global_seq')::text AS gs ${keys.length === 1 ? `, nextval('${seqOf(keys[0]!)}')::text AS tn` : ''}
         FROM generate_series(1, ${Math.trunc(n)});
       SELECT ${nextIdSql('case_steps')}::text AS sid FROM generate_series(1, ${Math.trunc(stepCount)})`,
    )) as unknown as Array<{ rows: Array<Record<string, string>> }>;
    const rows = opened[2]!.rows;
    const [ids, eventIds, globalSeqs] = [ascending(rows, 'id'), ascending(rows, 'eid'), ascending(rows, 'gs')];
    const stepIds = ascending(opened[3]!.rows, 'sid');
    const trackingNos = await takeTrackingNumbers(tx, reports, keys, keys.length === 1 ? ascending(rows, 'tn') : null, seqOf);
    const payloads = reports.map((r) => canonicalJson(r.event.payload));
    const hashes = reports.map((r, i) => hashEvent(GENESIS, { ...r.event, fromStatus: null, version: 1, caseId: ids[i]!, seq: 1, globalSeq: globalSeqs[i]! }, payloads[i]));
    const jobs: JobInput[] = [];
    let asked = 0;
    reports.forEach((r, i) => {
      const mine = recipients.slice(asked, (asked += r.notify.length));
      for (const j of notificationJobs({ id: ids[i]!, urgency: r.row.urgency, trackingNo: trackingNos[i]! }, r.notify, mine, { eventId: eventIds[i]!, eventType: r.event.type })) {
        jobs.push(j);
      }
    });
    const direct = options.inboxInTransaction;
    const inbox = direct ? jobs.flatMap((j) => inboxEntries(j.payload as NotifyPayload)) : [];
    const statement = insertAll({ reports, ids, stepIds, trackingNos, eventIds, globalSeqs, hashes, payloads, jobs: direct ? [] : jobs, inbox });
    const { rows: [result] } = await tx.query<{ claimed: number; inbox: Array<{ userId: number; caseId: number; ids: number[] }> }>(prepared(statement.text, statement.values));
    // A key another request holds (or two reports of this batch with one key): none of this batch is written;
    // alone, the report learns it lost the race, and its route answers with the winner's outcome.
    if (result!.claimed < statement.keyed) throw new IdempotencyRace();
    const made = result!.inbox;
    const inboxOf = new Map<number, InboxWritten[]>();
    for (const m of made) inboxOf.set(Number(m.caseId), [...(inboxOf.get(Number(m.caseId)) ?? []), { userId: Number(m.userId), ids: m.ids.map(Number) }]);
    const queuedFor = new Set(direct ? [] : jobs.map((j) => (j.payload as NotifyPayload).caseId));
    let stepAt = 0;
    written = reports.map((r, i) => {
      const id = ids[i]!;
      const steps = r.steps.map((st) => writtenStep(stepIds[stepAt++]!, st));
      return { id, case: writtenCase(id, trackingNos[i]!, r), steps, events: [writtenEvent(eventIds[i]!, r, payloads[i]!)], inbox: inboxOf.get(id) ?? [], jobsQueued: queuedFor.has(id) };
    });
  } catch (err) {
    await tx.query('ROLLBACK').catch(() => {});
    tx.release();
    throw err;
  }
  try {
    await tx.query('COMMIT');
  } catch (err) {
    tx.release(err instanceof Error ? err : true);
    throw new CommitOutcomeUnknown('commit failed', { cause: err });
  }
  tx.release();
  return written;
}

async function takeTrackingNumbers(tx: Tx, reports: PreparedReport[], keys: string[], single: number[] | null, seqOf: (k: string) => string): Promise<string[]> {
  const out: string[] = new Array(reports.length);
  for (const k of keys) {
    const idx = reports.flatMap((r, i) => (`${r.districtCode}:${r.year}` === k ? [i] : []));
    const nums = single ?? ascending((await tx.query<Record<string, string>>(`SELECT nextval('${seqOf(k)}')::text AS n FROM generate_series(1, $1)`, [idx.length])).rows, 'n');
    idx.forEach((ri, j) => (out[ri] = formatNumber('tracking', Number(k.slice(7)), nums[j]!)));
  }
  return out;
}

/** The new case's row as getCasesByIds would read it back: what was inserted and the columns' defaults. */
function writtenCase(id: number, trackingNo: string, r: PreparedReport): CaseRow {
  const w = r.row;
  return {
    id, districtCode: r.districtCode, trackingNo, caseNo: null, source: w.source, reporterUserId: w.reporterUserId, reporterName: w.reporterName,
    reporterPhone: w.reporterPhone, categoryKind: w.categoryKind, categoryCode: w.categoryCode, categoryName: w.categoryName, lng: w.lng, lat: w.lat,
    gridCode: w.gridCode, communityCode: w.communityCode, streetCode: w.streetCode, address: w.address, description: w.description, urgency: w.urgency,
    urgencyRequested: w.urgencyRequested, status: w.status, priorStatus: null, leadUnitId: null, coUnitIds: [], handlingDueAt: null, extensionCount: 0,
    reworkCount: 0, urgeCount: 0, mergedIntoId: null, selfHandled: w.selfHandled, citizenRating: null, handlingResult: w.handlingResult, publicReply: w.publicReply,
    photos: w.photos, version: 1, reportedAt: w.reportedAt, filedAt: null, closedAt: null, updatedAt: w.reportedAt,
    alertAcknowledgedAt: null, alertAcknowledgedById: null, alertAcknowledgedBy: null,
  };
}

/** A first step's row as listStepsOf would read it back. */
function writtenStep(id: number, s: PlannedStart): StepRow {
  return {
    id, step: s.step, assigneeRole: s.assigneeRole, assigneeUnitId: s.assigneeUnitId, assigneeUserIds: s.assigneeUserIds, clockType: s.clockType,
    limitAmount: Math.round(s.limitAmount * 100) / 100 /* numeric(10, 2) */, limitUnit: s.limitUnit, calendarId: s.calendarId,
    startedAt: s.startedAt, dueAt: s.dueAt, suspendedAt: null, suspendedSeconds: 0, endedAt: null, endedBy: null, outcome: null, onTime: null, overdueAt: null,
  };
}

/** The report's event as listEventsOf would read it back (the payload as stored: its canonical JSON). */
function writtenEvent(id: number, r: PreparedReport, payloadJson: string): EventRow {
  const e = r.event;
  return {
    id, seq: 1, type: e.type, fromStatus: null, toStatus: e.toStatus, version: 1, actorId: e.actorId, actorName: r.actorName, actorRole: e.actorRole,
    at: e.at, payload: JSON.parse(payloadJson) as Record<string, unknown>,
  };
}
