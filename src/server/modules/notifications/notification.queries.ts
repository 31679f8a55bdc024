/** The inbox: a user's own rows only — every query takes the user id, none takes it from the row. */
import type { Queryable } from '../../db/pool.ts';
import { DomainError } from '../../errors.ts';

export interface NotificationRow {
  id: number;
  userId: number;
  kind: string;
  caseId: number | null;
  title: string;
  body: string;
  payload: Record<string, unknown>;
  createdAt: Date;
  readAt: Date | null;
}

const SELECT = `SELECT id, user_id AS "userId", kind, case_id AS "caseId", title, body, payload, created_at AS "createdAt", read_at AS "readAt"
                  FROM notifications`;

export async function listNotifications(db: Queryable, userId: number, o: { unreadOnly: boolean; limit: number; beforeId?: number }): Promise<NotificationRow[]> {
  const { rows } = await db.query(
    `${SELECT} WHERE user_id = $1 AND ($2::boolean IS FALSE OR read_at IS NULL) AND ($3::bigint IS NULL OR id < $3)
      ORDER BY id DESC LIMIT $4`,
    [userId, o.unreadOnly, o.beforeId ?? null, o.limit],
  );
  return rows as NotificationRow[];
}

/** The user's own rows among `ids`, oldest first (others' ids are skipped). */
export async function getNotifications(db: Queryable, userId: number, ids: number[]): Promise<NotificationRow[]> {
  const { rows } = await db.query(`${SELECT} WHERE id = ANY($1::bigint[]) AND user_id = $2 ORDER BY id`, [ids, userId]);
  return rows as NotificationRow[];
}

/**
 * The user's rows after `afterId`, oldest first, at most `limit` (a live stream catching up). `lookBehind`:
 * also rows below `afterId` (at most `ids` back) created up to `ms` before that row (stream-replay.ts).
 */
export async function notificationsAfter(
  db: Queryable, userId: number, afterId: number, limit: number, lookBehind: { ids: number; ms: number } = { ids: 0, ms: 0 },
): Promise<NotificationRow[]> {
  const { rows } = await db.query(
    `${SELECT} WHERE user_id = $1 AND id > $2::bigint - $4 AND (id > $2 OR (id < $2 AND created_at >= (
                   SELECT n.created_at FROM notifications n WHERE n.id = $2 AND n.user_id = $1) - $5::interval))
      ORDER BY id LIMIT $3`,
    [userId, afterId, limit, lookBehind.ids, `${lookBehind.ms} milliseconds`],
  );
  return rows as NotificationRow[];
}

export async function unreadCount(db: Queryable, userId: number): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL`, [userId]);
  return rows[0]?.n ?? 0;
}

/** Someone else's notification answers 404 like a missing one: ids reveal nothing. */
export async function markRead(db: Queryable, userId: number, id: number, now: Date): Promise<NotificationRow> {
  const { rows } = await db.query(
    `UPDATE notifications SET read_at = COALESCE(read_at, $3) WHERE id = $1 AND user_id = $2
     RETURNING id, user_id AS "userId", kind, case_id AS "caseId", title, body, payload, created_at AS "createdAt", read_at AS "readAt"`,
    [id, userId, now],
  );
  if (!rows[0]) throw new DomainError('NOT_FOUND');
  return rows[0] as NotificationRow;
}

export async function markAllRead(db: Queryable, userId: number, now: Date): Promise<number> {
  const { rowCount } = await db.query(`UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL`, [userId, now]);
  return rowCount ?? 0;
}
