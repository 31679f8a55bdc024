/**
 * Drains `notify` jobs: claim with SKIP LOCKED (several processes share the work), write one inbox row
 * per recipient — committed before any outside channel is tried, so a failing webhook never loses it —
 * then hand each row to every channel. (job_id, user_id) is unique, so a job claimed again after a crash
 * or a channel failure never doubles the inbox; channels that already took a row are skipped on retry.
 */
import { NOTIFICATIONS_CHANNEL } from '../../../db/channels.ts';
import type { Db, Queryable } from '../../../db/pool.ts';
import { claimJobs, completeJobs, failJob, type ClaimedJob } from '../../../jobs/queue.ts';
import { NOTIFY_JOB } from '../../cases/case-notify.ts';
import type { NotificationChannel, OutgoingNotification } from '../channels/notification-channel.ts';
import { inboxEntries, notifyPayloadSchema, type NotifyPayload } from '../notification.text.ts';


export interface DeliveryOptions {
  channels: NotificationChannel[];
  now: Date;
  maxAttempts: number;
  batch?: number;
  log: { warn(o: object, msg: string): void; error(o: object, msg: string): void };
}

export interface DeliveryResult {
  jobs: number;
  inboxRows: number;
  channelSends: number;
  retries: number;
  abandoned: number;
}

export async function deliverNotifications(db: Db, o: DeliveryOptions): Promise<DeliveryResult> {
  const result: DeliveryResult = { jobs: 0, inboxRows: 0, channelSends: 0, retries: 0, abandoned: 0 };
  const jobs = await claimJobs(db, [NOTIFY_JOB], o.batch ?? 50, o.now);
  result.jobs = jobs.length;
  const valid: InboxJob[] = [];
  for (const job of jobs) {
    const parsed = notifyPayloadSchema.safeParse(job.payload);
    if (parsed.success) {
      valid.push({ job, p: parsed.data });
      continue;
    }
    o.log.error({ jobId: job.id, issues: parsed.error.issues }, 'notify job payload invalid; dropped');
    await abandonJob(db, job.id, `invalid payload: ${parsed.error.message}`, o.now);
    result.abandoned++;
  }
  // Every claimed job's inbox rows in one statement; should it fail, each job on its own, so one cannot block the rest.
  let written = valid;
  try {
    result.inboxRows += await writeInbox(db, valid, o.now);
  } catch {
    written = [];
    for (const j of valid) {
      try {
        result.inboxRows += await writeInbox(db, [j], o.now);
        written.push(j);
      } catch (err) {
        // A database error: left for the next attempt after the backoff.
        await settleFailure(db, j.job, o, result, (err as Error).message);
      }
    }
  }
  const done: number[] = [];
  for (const { job } of written) {
    try {
      const failures = await sendToChannels(db, job.id, o, result);
      if (failures.length) await settleFailure(db, job, o, result, failures.join('; '));
      else done.push(job.id);
    } catch (err) {
      await settleFailure(db, job, o, result, (err as Error).message);
    }
  }
  await completeJobs(db, done, o.now);
  return result;
}

/** 30 s, 1 min, 2 min … capped at one hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

interface InboxJob {
  job: ClaimedJob;
  p: NotifyPayload;
}

/**
 * One inbox row per (job, enabled recipient), committed before any outside channel is tried. One NOTIFY
 * per recipient fires on this statement's commit; (job_id, user_id) is unique, so a job claimed again
 * never doubles the inbox.
 */
async function writeInbox(db: Queryable, jobs: InboxJob[], now: Date): Promise<number> {
  const rows = jobs.flatMap(({ job, p }) => inboxEntries(p).map((entry) => ({ jobId: job.id, ...entry })));
  if (!rows.length) return 0;
  const col = <T>(f: (r: (typeof rows)[number]) => T) => rows.map(f);
  const { rows: inserted } = await db.query(
    `WITH ins AS (
       INSERT INTO notifications (user_id, kind, case_id, title, body, payload, job_id, created_at)
       SELECT t.user_id, t.kind, (SELECT c.id FROM cases c WHERE c.id = t.case_id), t.title, t.body, t.payload::jsonb, t.job_id, $8
         FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[]) WITH ORDINALITY
                AS t(job_id, user_id, kind, case_id, title, body, payload, n)
        -- Lookups per row, not joins: a join may be planned as a hash over the whole cases table.
        WHERE EXISTS (SELECT 1 FROM users u WHERE u.id = t.user_id AND u.disabled_at IS NULL)
        ORDER BY t.n
       ON CONFLICT (job_id, user_id) WHERE job_id IS NOT NULL DO NOTHING
       RETURNING id, user_id),
     -- One NOTIFY per recipient with all their new rows (a drain writes hundreds of rows for a handful of people).
     sent AS (
       SELECT pg_notify('${NOTIFICATIONS_CHANNEL}', json_build_object('userId', user_id, 'ids', json_agg(id ORDER BY id))::text), count(*) AS n
         FROM ins GROUP BY user_id)
     SELECT coalesce(sum(n), 0)::int AS n FROM sent`,
    [col((r) => r.jobId), col((r) => r.userId), col((r) => r.kind), col((r) => r.caseId), col((r) => r.title), col((r) => r.body), col((r) => r.payload), now],
  );
  return inserted[0].n as number;
}

async function sendToChannels(db: Queryable, jobId: number, o: DeliveryOptions, result: DeliveryResult): Promise<string[]> {
  if (!o.channels.length) return [];
  const { rows } = await db.query(
    `SELECT n.id, n.kind, n.case_id AS "caseId", n.payload->>'trackingNo' AS "trackingNo", n.title, n.body,
            coalesce((n.payload->>'urgent')::boolean, false) AS urgent, n.created_at AS "createdAt", n.channels_done AS "channelsDone",
            u.id AS "userId", u.username, u.display_name AS "displayName", u.phone
       FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.job_id = $1 ORDER BY n.id`,
    [jobId],
  );
  const failures: string[] = [];
  for (const channel of o.channels) {
    const pending = rows.filter((r) => !(r.channelsDone as string[]).includes(channel.name));
    const outcomes = await Promise.allSettled(
      pending.map(async (r) => {
        const n: OutgoingNotification = {
          id: r.id, kind: r.kind, caseId: r.caseId, trackingNo: r.trackingNo, title: r.title, body: r.body, urgent: r.urgent, createdAt: r.createdAt,
          recipient: { userId: r.userId, username: r.username, displayName: r.displayName, phone: r.phone },
        };
        await channel.send(n);
        await db.query(`UPDATE notifications SET channels_done = array_append(channels_done, $2) WHERE id = $1 AND NOT ($2 = ANY (channels_done))`, [r.id, channel.name]);
        result.channelSends++;
      }),
    );
    outcomes.forEach((x, i) => {
      if (x.status === 'rejected') failures.push(`${channel.name} #${pending[i]?.id}: ${(x.reason as Error)?.message ?? x.reason}`);
    });
  }
  return failures;
}

async function settleFailure(db: Db, job: ClaimedJob, o: DeliveryOptions, result: DeliveryResult, error: string): Promise<void> {
  if (job.attempts >= o.maxAttempts) {
    o.log.error({ jobId: job.id, attempts: job.attempts, error }, 'notification channel delivery given up (inbox rows are kept)');
    await abandonJob(db, job.id, error, o.now);
    result.abandoned++;
    return;
  }
  o.log.warn({ jobId: job.id, attempts: job.attempts, error }, 'notification channel delivery failed; will retry');
  await failJob(db, job.id, error, new Date(o.now.getTime() + retryDelayMs(job.attempts)));
  result.retries++;
}

/** Done, with the last error kept for operators: the job is not retried again. */
async function abandonJob(db: Queryable, id: number, error: string, now: Date): Promise<void> {
  await db.query(`UPDATE jobs SET done_at = $3, locked_at = NULL, last_error = $2 WHERE id = $1`, [id, error.slice(0, 1000), now]);
}
