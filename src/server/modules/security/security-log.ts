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

export async function listSecurityEvents(
  db: Queryable,
  scopes: readonly string[],
  filter: { kind?: string; username?: string; from?: Date; to?: Date; beforeId?: number; limit: number },
): Promise<SecurityEventRow[]> {
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
  if (filter.kind) add('kind = ?', filter.kind);
  if (filter.username) add('username = ?', filter.username);
  if (filter.from) add('at >= ?', filter.from);
  if (filter.to) add('at < ?', filter.to);
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
