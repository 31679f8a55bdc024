import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Config } from '../../config.ts';
import { prepared, type Db, type Queryable } from '../../db/pool.ts';
import { DomainError } from '../../errors.ts';
import { isRole, permissionsOf } from '../../../shared/roles.ts';
import { recordSecurityEvent } from '../security/security-log.ts';
import type { ActorCache } from './actor-cache.ts';
import type { Actor, RequestMeta } from './actor.ts';
import { checkPasswordPolicy, hashPassword, verifyPassword, type PasswordRule } from './password.ts';


/** SM3 (GB/T 32905) of a bearer secret: what we store instead of the secret. */
export function digest(secret: string): string {
  return createHash('sm3').update(secret).digest('hex');
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

// Verifying against a dummy hash keeps the timing of "no such user" close to "wrong password".
let dummyHash: Promise<string> | undefined;

/** The user columns an Actor is built from, over alias `u`: one query with whatever found the user. */
const ACTOR_COLUMNS = `u.id, u.username, u.display_name, u.unit_id, u.password_changed_at, u.must_change_password, u.disabled_at,
            COALESCE((SELECT array_agg(role ORDER BY role) FROM user_roles r WHERE r.user_id = u.id), '{}') AS roles,
            COALESCE((SELECT array_agg(scope_code ORDER BY scope_code) FROM user_scopes s WHERE s.user_id = u.id), '{}') AS scopes`;

export async function loadActor(db: Queryable, userId: number, cfg: Config, via: Actor['via']): Promise<Actor | null> {
  const { rows } = await db.query(`SELECT ${ACTOR_COLUMNS} FROM users u WHERE u.id = $1`, [userId]);
  return actorFromRow(rows[0], cfg, via);
}

interface ActorRow {
  id: number;
  username: string;
  display_name: string;
  unit_id: number | null;
  password_changed_at: Date;
  must_change_password: boolean;
  disabled_at: Date | null;
  roles: string[];
  scopes: string[];
}

function actorFromRow(u: ActorRow | undefined, cfg: Config, via: Actor['via']): Actor | null {
  if (!u || u.disabled_at) return null;
  const roles = u.roles.filter(isRole);
  const maxAge = cfg.security.passwordMaxAgeDays;
  const expired =
    u.must_change_password === true ||
    (maxAge > 0 && Date.now() - new Date(u.password_changed_at).getTime() > maxAge * 86_400_000);
  return {
    userId: u.id,
    username: u.username,
    displayName: u.display_name,
    unitId: u.unit_id,
    roles,
    permissions: permissionsOf(roles),
    scopes: u.scopes,
    via,
    passwordExpired: expired,
  };
}

export interface LoginResult {
  token: string;
  csrfToken: string;
  actor: Actor;
  expiresAt: Date;
}

export async function login(db: Db, cfg: Config, input: { username: string; password: string }, meta: RequestMeta): Promise<LoginResult> {
  const username = input.username.trim().toLowerCase();
  const { rows } = await db.query(
    `SELECT id, password_hash, failed_login_count, locked_until, disabled_at FROM users WHERE username = $1`,
    [username],
  );
  const u = rows[0];
  const base = { username, ip: meta.ip, requestId: meta.requestId };
  if (!u) {
    dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
    await verifyPassword(await dummyHash, input.password);
    await recordSecurityEvent(db, { ...base, kind: 'login.failed', detail: { reason: 'unknownUser' } });
    throw new DomainError('INVALID_CREDENTIALS');
  }
  if (u.locked_until && new Date(u.locked_until) > new Date()) {
    await recordSecurityEvent(db, { ...base, userId: u.id, kind: 'login.failed', detail: { reason: 'locked' } });
    throw new DomainError('ACCOUNT_LOCKED', { until: formatShanghai(new Date(u.locked_until)) });
  }
  const ok = await verifyPassword(u.password_hash, input.password);
  if (!ok) {
    // One atomic UPDATE decides the lockout, so concurrent wrong guesses cannot slip past the limit.
    const { rows: upd } = await db.query(
      `UPDATE users SET failed_login_count = failed_login_count + 1,
              locked_until = CASE WHEN failed_login_count + 1 >= $2 THEN now() + make_interval(mins => $3) ELSE locked_until END
        WHERE id = $1 RETURNING failed_login_count, locked_until`,
      [u.id, cfg.security.loginMaxFailures, cfg.security.loginLockMinutes],
    );
    const after = upd[0];
    await recordSecurityEvent(db, { ...base, userId: u.id, kind: 'login.failed', detail: { reason: 'wrongPassword', failures: after.failed_login_count } });
    if (after.failed_login_count >= cfg.security.loginMaxFailures) {
      await recordSecurityEvent(db, { ...base, userId: u.id, kind: 'login.locked', detail: { until: after.locked_until } });
      throw new DomainError('ACCOUNT_LOCKED', { until: formatShanghai(new Date(after.locked_until)) });
    }
    throw new DomainError('INVALID_CREDENTIALS');
  }
  if (u.disabled_at) {
    await recordSecurityEvent(db, { ...base, userId: u.id, kind: 'login.failed', detail: { reason: 'disabled' } });
    throw new DomainError('ACCOUNT_DISABLED');
  }
  await db.query(`UPDATE users SET failed_login_count = 0, locked_until = NULL, last_login_at = now() WHERE id = $1`, [u.id]);
  const actor = await loadActor(db, u.id, cfg, 'session');
  if (!actor) throw new DomainError('ACCOUNT_DISABLED');
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(Date.now() + cfg.security.sessionMaxHours * 3_600_000);
  await db.query(
    `INSERT INTO sessions (id, user_id, csrf_token, expires_at, ip, user_agent) VALUES ($1, $2, $3, $4, $5, $6)`,
    [digest(token), u.id, csrfToken, expiresAt, meta.ip, meta.userAgent?.slice(0, 300) ?? null],
  );
  await recordSecurityEvent(db, { ...base, userId: u.id, kind: 'login.succeeded' });
  return { token, csrfToken, actor: { ...actor, sessionId: digest(token), csrfToken }, expiresAt };
}

/** Session cookie → actor, enforcing the idle timeout and the absolute lifetime. */
export async function resolveSession(
  db: Db,
  cfg: Config,
  token: string,
  actors?: ActorCache,
): Promise<{ actor: Actor } | { error: 'invalid' | 'expired'; userId?: number }> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { error: 'invalid' };
  const id = digest(token);
  const key = `session:${id}`;
  const known = actors?.get(key);
  if (known) return { actor: known };
  const readAt = actors?.generation() ?? 0;
  // The session and its user in one round trip: this runs before every signed-in request.
  const { rows } = await db.query(prepared(
    `SELECT s.user_id AS session_user_id, s.csrf_token, s.expires_at, s.last_seen_at < now() - interval '30 seconds' AS stale, ${ACTOR_COLUMNS}
       FROM sessions s JOIN users u ON u.id = s.user_id
      WHERE s.id = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND s.last_seen_at > now() - make_interval(mins => $2)`,
    [id, cfg.security.sessionIdleMinutes],
  ));
  const s = rows[0];
  if (!s) {
    const { rows: old } = await db.query(`SELECT user_id FROM sessions WHERE id = $1`, [id]);
    return old[0] ? { error: 'expired', userId: old[0].user_id } : { error: 'invalid' };
  }
  // The idle clock restarts at most every 30 s: a write per request would turn every read into WAL.
  if (s.stale) await db.query(`UPDATE sessions SET last_seen_at = now() WHERE id = $1`, [id]);
  const actor = actorFromRow(s, cfg, 'session');
  if (!actor) return { error: 'invalid' };
  const full: Actor = { ...actor, sessionId: id, csrfToken: s.csrf_token };
  actors?.remember(key, full, cacheUntil(cfg, s.expires_at), readAt);
  return { actor: full };
}

/** How long a resolved caller may be reused: the configured seconds, never past the session's or token's expiry. */
function cacheUntil(cfg: Config, expiresAt: Date | null): number {
  const until = Date.now() + cfg.security.authCacheSeconds * 1000;
  return expiresAt ? Math.min(until, new Date(expiresAt).getTime()) : until;
}

export function csrfMatches(actor: Actor, presented: string | undefined): boolean {
  return !!actor.csrfToken && !!presented && safeEqual(actor.csrfToken, presented);
}

export async function logout(db: Queryable, sessionId: string): Promise<void> {
  await db.query(`UPDATE sessions SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL`, [sessionId]);
}

export async function changePassword(
  db: Db,
  cfg: Config,
  actor: Actor,
  input: { currentPassword: string; newPassword: string },
  meta: RequestMeta,
): Promise<void> {
  const { rows } = await db.query(`SELECT password_hash FROM users WHERE id = $1`, [actor.userId]);
  if (!rows[0] || !(await verifyPassword(rows[0].password_hash, input.currentPassword))) {
    await recordSecurityEvent(db, { kind: 'login.failed', userId: actor.userId, username: actor.username, ip: meta.ip, requestId: meta.requestId, detail: { reason: 'passwordChangeWrongCurrent' } });
    throw new DomainError('INVALID_CREDENTIALS');
  }
  assertPasswordPolicy(cfg, input.newPassword, actor.username);
  if (input.newPassword === input.currentPassword) throw new DomainError('PASSWORD_REUSED');
  await db.query(
    `UPDATE users SET password_hash = $2, password_changed_at = now(), must_change_password = false, updated_at = now() WHERE id = $1`,
    [actor.userId, await hashPassword(input.newPassword)],
  );
  // Other sessions of this user end; the current one stays signed in.
  await db.query(`UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND id <> $2 AND revoked_at IS NULL`, [actor.userId, actor.sessionId ?? '']);
  await recordSecurityEvent(db, { kind: 'password.changed', userId: actor.userId, username: actor.username, ip: meta.ip, requestId: meta.requestId });
}

export function assertPasswordPolicy(cfg: Config, password: string, username: string): void {
  const broken: PasswordRule[] = checkPasswordPolicy(password, username, cfg.security.passwordMinLength);
  if (broken.length) throw new DomainError('PASSWORD_WEAK', { rules: broken, minLength: cfg.security.passwordMinLength });
}

export const API_TOKEN_PREFIX = 'gct_';

export async function createApiToken(
  db: Queryable,
  actor: Actor,
  input: { name: string; expiresInDays?: number },
  meta: RequestMeta,
): Promise<{ id: number; token: string; prefix: string; expiresAt: Date | null }> {
  const secret = API_TOKEN_PREFIX + randomBytes(30).toString('base64url');
  const prefix = secret.slice(0, 10);
  const expiresAt = input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null;
  const { rows } = await db.query(
    `INSERT INTO api_tokens (user_id, name, token_hash, prefix, expires_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [actor.userId, input.name, digest(secret), prefix, expiresAt],
  );
  await recordSecurityEvent(db, { kind: 'apiToken.created', userId: actor.userId, username: actor.username, ip: meta.ip, requestId: meta.requestId, detail: { tokenId: rows[0].id, name: input.name } });
  return { id: rows[0].id, token: secret, prefix, expiresAt };
}

export async function listApiTokens(db: Queryable, userId: number) {
  const { rows } = await db.query(
    `SELECT id, name, prefix, created_at AS "createdAt", expires_at AS "expiresAt", last_used_at AS "lastUsedAt"
       FROM api_tokens WHERE user_id = $1 AND revoked_at IS NULL ORDER BY id`,
    [userId],
  );
  return rows as { id: number; name: string; prefix: string; createdAt: Date; expiresAt: Date | null; lastUsedAt: Date | null }[];
}

export async function revokeApiToken(db: Queryable, actor: Actor, tokenId: number, meta: RequestMeta): Promise<void> {
  const { rowCount } = await db.query(
    `UPDATE api_tokens SET revoked_at = now() WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL`,
    [tokenId, actor.userId],
  );
  if (!rowCount) throw new DomainError('NOT_FOUND');
  await recordSecurityEvent(db, { kind: 'apiToken.revoked', userId: actor.userId, username: actor.username, ip: meta.ip, requestId: meta.requestId, detail: { tokenId } });
}

export async function resolveApiToken(db: Db, cfg: Config, secret: string, actors?: ActorCache): Promise<Actor | null> {
  if (!secret.startsWith(API_TOKEN_PREFIX) || secret.length > 100) return null;
  const key = `token:${digest(secret)}`;
  const known = actors?.get(key);
  if (known) return known;
  const readAt = actors?.generation() ?? 0;
  // The token and its user in one round trip: this runs before every integration request.
  const { rows } = await db.query(prepared(
    `SELECT t.id AS token_id, t.expires_at AS token_expires_at, t.last_used_at IS NULL OR t.last_used_at < now() - interval '60 seconds' AS stale, ${ACTOR_COLUMNS}
       FROM api_tokens t JOIN users u ON u.id = t.user_id
      WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now())`,
    [digest(secret)],
  ));
  if (!rows[0]) return null;
  // One integration token may carry hundreds of requests a second: record its use once a minute, not per request.
  if (rows[0].stale) await db.query(`UPDATE api_tokens SET last_used_at = now() WHERE id = $1`, [rows[0].token_id]);
  const actor = actorFromRow(rows[0], cfg, 'token');
  if (!actor) return null;
  // Integration tokens are not subject to interactive password expiry.
  const full: Actor = { ...actor, passwordExpired: false };
  actors?.remember(key, full, cacheUntil(cfg, rows[0].token_expires_at), readAt);
  return full;
}

export function formatShanghai(d: Date): string {
  return d.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
}
