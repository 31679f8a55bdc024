import type { Queryable } from '../../db/pool.ts';
import { inScopeSql } from '../../db/scope-sql.ts';

export { SECURITY_EVENT_KINDS, type SecurityEventKind } from '../../../shared/api/vocabulary.ts';
import type { SecurityEventKind } from '../../../shared/api/vocabulary.ts';

export interface SecurityEvent {
  kind: SecurityEventKind;
  userId?: number | null;
  username?: string | null;
  ip?: string | null;
  requestId?: string | null;
  detail?: Record<string, unknown>;
}

export async function recordSecurityEvent(db: Queryable, e: SecurityEvent): Promise<void> {
  await db.query(
    `INSERT INTO security_events (kind, user_id, username, ip, request_id, detail) VALUES ($1, $2, $3, $4, $5, $6)`,
    [e.kind, e.userId ?? null, e.username ?? null, e.ip ?? null, e.requestId ?? null, JSON.stringify(e.detail ?? {})],
  );
}

export interface SecurityEventRow {
  id: number;
  at: Date;
  kind: SecurityEventKind;
  userId: number | null;
  username: string | null;
  ip: string | null;
  requestId: string | null;
  detail: Record<string, unknown>;
}

export interface SecurityEventListFilter {
  kind?: readonly string[];
  username?: string;
  from?: Date;
  to?: Date;
  ip?: string;
  requestId?: string;
  beforeId?: number;
  limit: number;
}

export async function listSecurityEvents(db: Queryable, scopes: readonly string[], filter: SecurityEventListFilter): Promise<SecurityEventRow[]> {
  const where: string[] = [];
  const args: unknown[] = [];
  const add = (sql: string, v: unknown) => {
    args.push(v);
    where.push(sql.replace('?', `$${args.length}`));
  };
  // An auditor reads the records of users in their scope, and those no user's scope places (unknown names, bad tokens).
  args.push(scopes);
  const s = `$${args.length}`;
  where.push(`((user_id IS NULL AND NOT EXISTS (SELECT 1 FROM users x WHERE x.username = e.username))
               OR EXISTS (SELECT 1 FROM users x JOIN user_scopes us ON us.user_id = x.id
                           WHERE (x.id = e.user_id OR (e.user_id IS NULL AND x.username = e.username)) AND ${inScopeSql('us.scope_code', s)}))`);
  if (filter.kind?.length) add('kind = ANY(?::text[])', filter.kind);
  if (filter.username) add('username = ?', filter.username);
  if (filter.from) add('at >= ?', filter.from);
  if (filter.to) add('at < ?', filter.to);
  // The schema allows only hex digits, dots and colons: nothing LIKE would read as a wildcard.
  if (filter.ip) add(`ip LIKE ? || '%'`, filter.ip);
  if (filter.requestId) add('request_id = ?', filter.requestId);
  if (filter.beforeId) add('id < ?', filter.beforeId);
  args.push(filter.limit);
  const { rows } = await db.query(
    `SELECT id, at, kind, user_id AS "userId", username, ip, request_id AS "requestId", detail
       FROM security_events e ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY id DESC LIMIT $${args.length}`,
    args,
  );
  return rows as SecurityEventRow[];
}

/** The newest record's id: an export reads up to it, so the record of the export itself is not in it. */
export async function lastSecurityEventId(db: Queryable): Promise<number> {
  const { rows } = await db.query(`SELECT coalesce(max(id), 0)::float8 AS id FROM security_events`);
  return (rows[0] as { id: number }).id;
}

const EXPORT_PAGE = 1000;

/** Every record the filter selects up to `uptoId`, newest first, a page at a time (memory stays at one page). */
export async function* streamSecurityEvents(db: Queryable, scopes: readonly string[], filter: Omit<SecurityEventListFilter, 'beforeId' | 'limit'>, uptoId: number): AsyncGenerator<SecurityEventRow> {
  for (let before = uptoId + 1; ; ) {
    const page = await listSecurityEvents(db, scopes, { ...filter, beforeId: before, limit: EXPORT_PAGE });
    yield* page;
    if (page.length < EXPORT_PAGE) return;
    before = page.at(-1)!.id;
  }
}
