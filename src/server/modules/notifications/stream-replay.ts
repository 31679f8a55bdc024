/**
 * Catching up a live stream that was away. Each message of `GET /api/stream` carries an SSE `id:` that
 * names where the stream is — the last case event and the last inbox row it has sent, `<eventId>.<notificationId>`.
 * A browser's EventSource sends it back as `Last-Event-ID` when it reconnects (after a dropped connection,
 * or the stream's own 10-minute re-authentication), and the stream first sends what happened meanwhile:
 * case events the user may see now (the live rule, visibleToSql) and their own new inbox rows.
 * A gap too long to replay is answered with `resync` (refetch what you show), as before.
 *
 * Ids are not commit order. A transaction takes its ids before it commits, and the wake-up that carries
 * a change to the streams is sent after the commit, batched, by whichever process committed — so a stream
 * can pass id 101 before id 100 arrives. A client that left in between would never get 100 from "after 101".
 * The replay therefore also looks a little behind the cursor: rows below it written up to LATE_WINDOW_MS
 * before the cursor's own row (at most LOOK_BEHIND ids back). Delivery across a reconnect is at least once:
 * a client may get again a message it already had, and tells by its eventId or notification id.
 */
import type { Queryable } from '../../db/pool.ts';
import type { Actor } from '../auth/actor.ts';
import { visibleToSql } from '../cases/case.visibility.ts';
import type { CaseChange } from './live-hub.ts';
import { notificationsAfter, type NotificationRow } from './notification.queries.ts';

export interface StreamCursor {
  eventId: number;
  notificationId: number;
}

/** At most this many case events or inbox rows are replayed; a longer gap is a resync. */
export const REPLAY_MAX = 500;
/** Event ids scanned for the user's cases at most: a reconnect storm stays cheap (docs/decisions/0006-stream-replay-scan.md). */
const REPLAY_SCAN = 5_000;

/** How long a write may take from its row's time to its wake-up and still be caught up after a reconnect. */
export const LATE_WINDOW_MS = 10_000;
/** How far below the cursor, in ids, the replay looks for such late rows (so the look stays on the index). */
export const LOOK_BEHIND = 500;

export const formatCursor = (c: StreamCursor): string => `${c.eventId}.${c.notificationId}`;

export function parseCursor(s: string | undefined): StreamCursor | null {
  const m = s ? /^(\d{1,15})\.(\d{1,15})$/.exec(s.trim()) : null;
  return m ? { eventId: Number(m[1]), notificationId: Number(m[2]) } : null;
}

/** Where a stream opened now starts: the newest case event, and the user's newest inbox row. */
export async function streamHead(db: Queryable, userId: number): Promise<StreamCursor> {
  const { rows } = await db.query<{ e: number; n: number }>(
    `SELECT (SELECT coalesce(max(id), 0) FROM case_events) AS e, (SELECT coalesce(max(id), 0) FROM notifications WHERE user_id = $1) AS n`,
    [userId],
  );
  return { eventId: rows[0]!.e, notificationId: rows[0]!.n };
}

export type Replay =
  | { kind: 'replay'; changes: CaseChange[]; notifications: NotificationRow[] }
  /** Too much happened, or the cursor is not one this database gave out: refetch, then go on from `head`. */
  | { kind: 'gap'; head: StreamCursor };

/** What `actor` missed after `from`, oldest first. */
export async function replaySince(db: Queryable, actor: Actor, from: StreamCursor): Promise<Replay> {
  const head = await streamHead(db, actor.userId);
  if (from.eventId > head.eventId || from.notificationId > head.notificationId || head.eventId - from.eventId > REPLAY_SCAN) return { kind: 'gap', head };
  const args: unknown[] = [from.eventId, head.eventId, REPLAY_MAX + 1, LOOK_BEHIND, `${LATE_WINDOW_MS} milliseconds`];
  const [events, inbox] = await Promise.all([
    db.query<CaseChange>(
      `SELECT e.case_id AS "caseId", e.id AS "eventId", e.type, e.to_status AS status, e.version
         FROM case_events e JOIN cases c ON c.id = e.case_id
        WHERE e.id > $1::bigint - $4 AND e.id <= $2
          AND (e.id > $1 OR (e.id < $1 AND e.at >= (SELECT at FROM case_events WHERE id = $1) - $5::interval))
          AND coalesce(${visibleToSql(actor, args)}, false)
        ORDER BY e.id LIMIT $3`,
      args,
    ),
    notificationsAfter(db, actor.userId, from.notificationId, REPLAY_MAX + 1, { ids: LOOK_BEHIND, ms: LATE_WINDOW_MS }),
  ]);
  if (events.rows.length > REPLAY_MAX || inbox.length > REPLAY_MAX) return { kind: 'gap', head };
  return { kind: 'replay', changes: events.rows, notifications: inbox };
}
