import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Config } from '../../config.ts';
import { prepared, type Db, type Queryable } from '../../db/pool.ts';
import { DomainError } from '../../errors.ts';
import { isRole, permissionsOf, roleConflict, type RoleConflict } from '../../../shared/roles.ts';
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
const dummy = () => (dummyHash ??= hashPassword(randomBytes(16).toString('hex')));

/** The user columns an Actor is built from, over alias `u`: one query with whatever found the user. */
const ACTOR_COLUMNS = `u.id, u.username, u.display_name, u.unit_id, u.unit_lead, u.password_changed_at, u.must_change_password, u.disabled_at, u.is_integration,
            COALESCE((SELECT array_agg(role ORDER BY role) FROM user_roles r WHERE r.user_id = u.id), '{}') AS roles,
            COALESCE((SELECT array_agg(scope_code ORDER BY scope_code) FROM user_scopes s WHERE s.user_id = u.id), '{}') AS scopes,
            (SELECT p.document->>'language' FROM user_preferences p WHERE p.user_id = u.id) AS language`;

export async function loadActor(db: Queryable, userId: number, cfg: Config, via: Actor['via']): Promise<Actor | null> {
  const { rows } = await db.query(`SELECT ${ACTOR_COLUMNS} FROM users u WHERE u.id = $1`, [userId]);
  return actorFromRow(rows[0], cfg, via);
}

interface ActorRow {
  id: number;
  username: string;
  display_name: string;
  unit_id: number | null;
  unit_lead: boolean;
  password_changed_at: Date;
  must_change_password: boolean;
  disabled_at: Date | null;
  is_integration: boolean;
  roles: string[];
  scopes: string[];
  language: string | null;
}

/**
 * Why an account that exists and is enabled may still not be signed in: roles that cannot share one account
 * (created before the rule, or by SQL: `guancheng user check` lists them) until an admin splits it.
 */
function signInRefusal(u: ActorRow): RoleConflict | null {
  return roleConflict(u.roles.filter(isRole), { integration: u.is_integration });
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
    // Only meaningful with a unit: a leader of no unit leads nothing.
    unitLead: u.unit_lead && u.unit_id !== null,
    roles,
    permissions: permissionsOf(roles),
    scopes: u.scopes,
    via,
    passwordExpired: expired,
    language: u.language === 'zh-CN' || u.language === 'en' ? u.language : null,
  };
}

export interface LoginResult {
  token: string;
  csrfToken: string;
  actor: Actor;
  expiresAt: Date;
}

/**
 * The account a sign-in names and its lockout; when no account has the name, the lockout kept under the name
 * itself (login_failures), so that an unknown username is answered exactly as a known one.
 */
const SIGN_IN_LOOKUP = `
  SELECT u.id, u.password_hash, u.is_integration, u.disabled_at,
         CASE WHEN u.id IS NULL THEN f.locked_until ELSE u.locked_until END AS locked_until
    FROM (SELECT $1::text AS name) n
    LEFT JOIN users u ON u.username = n.name
    LEFT JOIN login_failures f ON f.username = n.name AND u.id IS NULL`;

// One atomic statement decides the lockout, so concurrent wrong guesses cannot slip past the limit.
const LOCK_AFTER = `CASE WHEN failed_login_count + 1 >= $2 THEN now() + make_interval(mins => $3) ELSE locked_until END`;
const COUNT_ACCOUNT_FAILURE = `UPDATE users SET failed_login_count = failed_login_count + 1, locked_until = ${LOCK_AFTER}
  WHERE id = $1 RETURNING failed_login_count, locked_until`;
const COUNT_NAME_FAILURE = `
  INSERT INTO login_failures AS f (username, failed_login_count, locked_until)
  VALUES ($1, 1, CASE WHEN 1 >= $2 THEN now() + make_interval(mins => $3) END)
  ON CONFLICT (username) DO UPDATE SET failed_login_count = f.failed_login_count + 1, last_failed_at = now(),
    locked_until = CASE WHEN f.failed_login_count + 1 >= $2 THEN now() + make_interval(mins => $3) ELSE f.locked_until END
  RETURNING failed_login_count, locked_until`;

/**
 * 等保 2.0 sign-in. Whether the username exists never shows: an unknown name costs the same argon2 check, gets the
 * same INVALID_CREDENTIALS, and is locked after the same number of failures with the same ACCOUNT_LOCKED. What
 * does depend on the account (disabled, incompatible roles) is said only to whoever gave its password.
 * Integration accounts have no password and never sign in.
 */
export async function login(db: Db, cfg: Config, input: { username: string; password: string }, meta: RequestMeta): Promise<LoginResult> {
  const username = input.username.trim().toLowerCase();
  const { rows } = await db.query(SIGN_IN_LOOKUP, [username]);
  const u = rows[0] as { id: number | null; password_hash: string | null; is_integration: boolean | null; disabled_at: Date | null; locked_until: Date | null };
  const base = { username, userId: u.id, ip: meta.ip, requestId: meta.requestId };
  if (u.locked_until && new Date(u.locked_until) > new Date()) {
    await recordSecurityEvent(db, { ...base, kind: 'login.failed', detail: { reason: 'locked' } });
    throw new DomainError('ACCOUNT_LOCKED', { until: formatShanghai(new Date(u.locked_until)) });
  }
  const matches = await verifyPassword(u.password_hash ?? (await dummy()), input.password);
  if (!matches || u.id === null || u.is_integration) {
    const counted = u.id === null ? COUNT_NAME_FAILURE : COUNT_ACCOUNT_FAILURE;
    const { rows: upd } = await db.query(counted, [u.id ?? username, cfg.security.loginMaxFailures, cfg.security.loginLockMinutes]);
    const after = upd[0];
    const reason = u.id === null ? 'unknownUser' : u.is_integration ? 'integrationAccount' : 'wrongPassword';
    await recordSecurityEvent(db, { ...base, kind: 'login.failed', detail: { reason, failures: after.failed_login_count } });
    if (after.failed_login_count >= cfg.security.loginMaxFailures) {
      await recordSecurityEvent(db, { ...base, kind: 'login.locked', detail: { until: after.locked_until } });
      throw new DomainError('ACCOUNT_LOCKED', { until: formatShanghai(new Date(after.locked_until)) });
    }
    throw new DomainError('INVALID_CREDENTIALS');
  }
  const userId = u.id;
  if (u.disabled_at) {
    await recordSecurityEvent(db, { ...base, kind: 'login.failed', detail: { reason: 'disabled' } });
    throw new DomainError('ACCOUNT_DISABLED');
  }
  const { rows: found } = await db.query(`SELECT ${ACTOR_COLUMNS} FROM users u WHERE u.id = $1`, [userId]);
  const refusal = found[0] ? signInRefusal(found[0]) : null;
  if (refusal) {
    await recordSecurityEvent(db, { ...base, kind: 'login.failed', detail: { reason: 'rolesIncompatible', conflict: refusal } });
    throw new DomainError('ACCOUNT_ROLES_INCOMPATIBLE', { reason: refusal });
  }
  const actor = actorFromRow(found[0], cfg, 'session');
  if (!actor) throw new DomainError('ACCOUNT_DISABLED');
  await db.query(`UPDATE users SET failed_login_count = 0, locked_until = NULL, last_login_at = now() WHERE id = $1`, [userId]);
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(Date.now() + cfg.security.sessionMaxHours * 3_600_000);
  await db.query(
    `INSERT INTO sessions (id, user_id, csrf_token, expires_at, ip, user_agent) VALUES ($1, $2, $3, $4, $5, $6)`,
    [digest(token), userId, csrfToken, expiresAt, meta.ip, meta.userAgent?.slice(0, 300) ?? null],
  );
  await recordSecurityEvent(db, { ...base, kind: 'login.succeeded' });
  return { token, csrfToken, actor: { ...actor, sessionId: digest(token), csrfToken }, expiresAt };
}

/**
 * Session cookie → actor, enforcing the idle timeout and the absolute lifetime. Only the user's own actions
 * restart the idle clock (等保: an unattended screen must time out): a `background` request — the live stream,
 * a page's periodic refresh (`X-GC-Background: 1`) — is signed in as usual but leaves `last_seen_at` alone.
 */
export async function resolveSession(
  db: Db,
  cfg: Config,
  token: string,
  actors?: ActorCache,
  opts: { background?: boolean } = {},
): Promise<{ actor: Actor } | { error: 'invalid' | 'expired'; userId?: number }> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { error: 'invalid' };
  const id = digest(token);
  // Two cache entries per session: one read by a foreground request (the idle clock was restarted, or is under
  // 30 s old, when it was read) and one read in the background. A foreground request uses only the first, so its
  // action always reaches the idle clock; a background one takes whichever is there.
  const key = `session:${id}`;
  const backgroundKey = `session-bg:${id}`;
  const known = actors?.get(key) ?? (opts.background ? actors?.get(backgroundKey) : undefined);
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
  if (s.stale && !opts.background) await db.query(`UPDATE sessions SET last_seen_at = now() WHERE id = $1`, [id]);
  const actor = actorFromRow(s, cfg, 'session');
  if (!actor) return { error: 'invalid' };
  const refusal = signInRefusal(s);
  if (refusal) {
    await recordSecurityEvent(db, { kind: 'session.invalid', userId: actor.userId, username: actor.username, detail: { reason: 'rolesIncompatible', conflict: refusal } });
    return { error: 'invalid' };
  }
  const full: Actor = { ...actor, sessionId: id, csrfToken: s.csrf_token };
  actors?.remember(opts.background ? backgroundKey : key, full, cacheUntil(cfg, s.expires_at), readAt);
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
/** How long a token lives when nothing else is configured (config.security.apiTokenDays, GUANCHENG_TOKEN_DAYS). */
export const DEFAULT_API_TOKEN_DAYS = 90;

/** Whose token it is, or who acts on it. */
export interface TokenParty {
  userId: number | null;
  username: string;
}

/**
 * Mints a token for `owner`; the callers decide who may (an owner for themselves; an admin for integration
 * accounts only: users/integration-tokens.ts). The security log names who minted it (`by`) and for whom.
 */
export async function createApiToken(
  db: Queryable,
  owner: TokenParty & { userId: number },
  input: { name: string; expiresInDays?: number },
  meta: RequestMeta,
  opts: { by?: TokenParty; maxDays?: number } = {},
): Promise<{ id: number; token: string; prefix: string; expiresAt: Date }> {
  const maxDays = opts.maxDays ?? DEFAULT_API_TOKEN_DAYS;
  const days = input.expiresInDays ?? maxDays;
  if (days > maxDays) throw new DomainError('API_TOKEN_TOO_LONG', { max: maxDays });
  const by = opts.by ?? owner;
  const secret = API_TOKEN_PREFIX + randomBytes(30).toString('base64url');
  const prefix = secret.slice(0, 10);
  const expiresAt = new Date(Date.now() + days * 86_400_000);
  const { rows } = await db.query(
    `INSERT INTO api_tokens (user_id, name, token_hash, prefix, expires_at, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [owner.userId, input.name, digest(secret), prefix, expiresAt, by.userId],
  );
  await recordSecurityEvent(db, { kind: 'apiToken.created', userId: by.userId, username: by.username, ip: meta.ip, requestId: meta.requestId, detail: { tokenId: rows[0].id, name: input.name, target: owner.username, expiresAt } });
  return { id: rows[0].id, token: secret, prefix, expiresAt };
}

/** A user's tokens not revoked (expired ones too, until revoked), with who minted each. */
export async function listApiTokens(db: Queryable, userId: number) {
  const { rows } = await db.query(
    `SELECT t.id, t.name, t.prefix, t.created_at AS "createdAt", t.expires_at AS "expiresAt", t.last_used_at AS "lastUsedAt", c.username AS "createdBy"
       FROM api_tokens t LEFT JOIN users c ON c.id = t.created_by
      WHERE t.user_id = $1 AND t.revoked_at IS NULL ORDER BY t.id`,
    [userId],
  );
  return rows as { id: number; name: string; prefix: string; createdAt: Date; expiresAt: Date; lastUsedAt: Date | null; createdBy: string | null }[];
}

export async function revokeApiToken(db: Queryable, by: TokenParty, owner: TokenParty & { userId: number }, tokenId: number, meta: RequestMeta): Promise<void> {
  const { rowCount } = await db.query(
    `UPDATE api_tokens SET revoked_at = now() WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL`,
    [tokenId, owner.userId],
  );
  if (!rowCount) throw new DomainError('NOT_FOUND');
  await recordSecurityEvent(db, { kind: 'apiToken.revoked', userId: by.userId, username: by.username, ip: meta.ip, requestId: meta.requestId, detail: { tokenId, target: owner.username } });
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
      WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND t.expires_at > now()`,
    [digest(secret)],
  ));
  if (!rows[0]) return null;
  // One integration token may carry hundreds of requests a second: record its use once a minute, not per request.
  if (rows[0].stale) await db.query(`UPDATE api_tokens SET last_used_at = now() WHERE id = $1`, [rows[0].token_id]);
  const actor = actorFromRow(rows[0], cfg, 'token');
  if (!actor) return null;
  const refusal = signInRefusal(rows[0]);
  if (refusal) {
    await recordSecurityEvent(db, { kind: 'apiToken.invalid', userId: actor.userId, username: actor.username, detail: { reason: 'rolesIncompatible', conflict: refusal, tokenId: rows[0].token_id } });
    return null;
  }
  // Integration tokens are not subject to interactive password expiry.
  const full: Actor = { ...actor, passwordExpired: false };
  actors?.remember(key, full, cacheUntil(cfg, rows[0].token_expires_at), readAt);
  return full;
}

export function formatShanghai(d: Date): string {
  return d.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
}
