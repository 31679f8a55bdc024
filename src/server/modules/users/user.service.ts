import type { z } from 'zod';
import { inScopeSql } from '../../db/scope-sql.ts';
import type { userSchema } from '../../../shared/api/users.ts';
import type { Config } from '../../config.ts';
import { inTransaction, type Db, type Queryable } from '../../db/pool.ts';
import { DomainError } from '../../errors.ts';
import { randomBytes } from 'node:crypto';
import { isRole, needsUnit, roleConflict, type Role, type RoleConflict } from '../../../shared/roles.ts';
import { inScope, SCOPE_CODE } from '../../../shared/scope.ts';
import type { Actor } from '../auth/actor.ts';
import { assertPasswordPolicy } from '../auth/auth.service.ts';
import { hashPassword } from '../auth/password.ts';
import { recordSecurityEvent } from '../security/security-log.ts';

/** Who performs an admin action: a signed-in admin, or the CLI on the server itself (full scope). */
export type AdminActor = Pick<Actor, 'userId' | 'username' | 'scopes'> | { userId: null; username: 'cli'; scopes: null };
export const CLI_ACTOR: AdminActor = { userId: null, username: 'cli', scopes: null };

export interface UserInput {
  username: string;
  displayName: string;
  phone?: string | null;
  unitId?: number | null;
  /** The leader of their unit (单位负责人); only with a unit and a handling role. */
  unitLead?: boolean;
  roles: Role[];
  scopes: string[];
  /** A person's first password; none for an integration account. */
  password?: string;
  /** Only the CLI (the server's operator) may give false: through the API a person always changes it first. */
  mustChangePassword?: boolean;
  isIntegration?: boolean;
}

/** A user as the API shows it (shared/api/users.ts). */
export type UserView = z.output<typeof userSchema>;

function assertScopes(by: AdminActor, scopes: string[]): void {
  for (const s of scopes) {
    if (!SCOPE_CODE.test(s) || (by.scopes && !inScope(by.scopes, s))) throw new DomainError('SCOPE_INVALID', { code: s });
  }
}

async function assertUnit(db: Queryable, unitId: number | null | undefined): Promise<void> {
  if (unitId == null) return;
  const { rowCount } = await db.query(`SELECT 1 FROM units WHERE id = $1`, [unitId]);
  if (!rowCount) throw new DomainError('UNIT_NOT_FOUND', { unit: unitId });
}

/** Separation of duties (shared/roles.ts ROLE_SETS) and a unit for those who work for one. */
function assertRolesAndUnit(roles: Role[], unitId: number | null | undefined, isIntegration: boolean): void {
  const conflict = roleConflict(roles, { integration: isIntegration });
  if (conflict) throw new DomainError('ROLES_INCOMPATIBLE', { reason: conflict, details: { roles } });
  if (needsUnit(roles) && unitId == null) throw new DomainError('UNIT_REQUIRED', { details: { roles } });
}

/** A unit's leader works for it: a handling role and a unit (shared/roles.ts ROLES_NEEDING_UNIT). */
function assertUnitLead(unitLead: boolean, roles: Role[], unitId: number | null | undefined): void {
  if (unitLead && (unitId == null || !needsUnit(roles))) throw new DomainError('UNIT_LEAD_INVALID');
}

/** Through the API a person's password, chosen by the admin, works once: for setting their own. */
function mustChange(by: AdminActor, asked: boolean | undefined): boolean {
  return by.userId !== null || (asked ?? true);
}

export function normaliseUsername(u: string): string {
  return u.trim().toLowerCase();
}

export async function createUser(db: Db, cfg: Config, by: AdminActor, input: UserInput, meta: { ip?: string; requestId?: string } = {}): Promise<UserView> {
  const username = normaliseUsername(input.username);
  for (const r of input.roles) if (!isRole(r)) throw new DomainError('VALIDATION_FAILED', { detail: `role ${r}` });
  const isIntegration = input.isIntegration ?? false;
  assertRolesAndUnit(input.roles, input.unitId, isIntegration);
  assertUnitLead(input.unitLead ?? false, input.roles, input.unitId);
  assertScopes(by, input.scopes);
  if (isIntegration && input.password !== undefined) throw new DomainError('USER_IS_INTEGRATION', { username });
  if (!isIntegration && input.password === undefined) throw new DomainError('VALIDATION_FAILED', { fields: [{ field: 'body.password', key: 'required' }] });
  if (input.password !== undefined) assertPasswordPolicy(cfg, input.password, username);
  // An integration account's hash is of a secret nobody keeps: it verifies (and so fails) as slowly as any other.
  const hash = await hashPassword(input.password ?? randomBytes(32).toString('base64url'));
  const id = await inTransaction(db, async (tx) => {
    await assertUnit(tx, input.unitId);
    const { rows } = await tx.query(
      `INSERT INTO users (username, display_name, phone, unit_id, password_hash, must_change_password, is_integration, unit_lead)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (username) DO NOTHING RETURNING id`,
      [username, input.displayName, input.phone ?? null, input.unitId ?? null, hash, !isIntegration && mustChange(by, input.mustChangePassword), isIntegration, input.unitLead ?? false],
    );
    if (!rows[0]) throw new DomainError('USERNAME_TAKEN', { username });
    const userId = rows[0].id as number;
    await setRolesAndScopes(tx, userId, input.roles, input.scopes);
    // Failures counted under the name while no account had it (auth.service.ts) do not pass to the new account.
    await tx.query(`DELETE FROM login_failures WHERE username = $1`, [username]);
    await recordSecurityEvent(tx, { kind: 'user.created', userId: by.userId, username: by.username, ip: meta.ip, requestId: meta.requestId, detail: { target: username, roles: input.roles, scopes: input.scopes, isIntegration } });
    return userId;
  });
  return (await getUserById(db, id))!;
}

async function setRolesAndScopes(tx: Queryable, userId: number, roles: Role[] | undefined, scopes: string[] | undefined) {
  if (roles) {
    await tx.query(`DELETE FROM user_roles WHERE user_id = $1`, [userId]);
    await tx.query(`INSERT INTO user_roles (user_id, role) SELECT $1, unnest($2::text[])`, [userId, [...new Set(roles)]]);
  }
  if (scopes) {
    await tx.query(`DELETE FROM user_scopes WHERE user_id = $1`, [userId]);
    await tx.query(`INSERT INTO user_scopes (user_id, scope_code) SELECT $1, unnest($2::text[])`, [userId, [...new Set(scopes)]]);
  }
}

export async function updateUser(
  db: Db,
  by: AdminActor,
  username: string,
  patch: { displayName?: string; phone?: string | null; unitId?: number | null; unitLead?: boolean; roles?: Role[]; scopes?: string[] },
  meta: { ip?: string; requestId?: string } = {},
): Promise<UserView> {
  if (patch.scopes) assertScopes(by, patch.scopes);
  const id = await inTransaction(db, async (tx) => {
    const target = await findVisibleUser(tx, by, username);
    const unitId = patch.unitId !== undefined ? patch.unitId : target.unitId;
    assertRolesAndUnit(patch.roles ?? target.roles, unitId, target.isIntegration);
    assertUnitLead(patch.unitLead ?? target.unitLead, patch.roles ?? target.roles, unitId);
    await assertUnit(tx, patch.unitId);
    await tx.query(
      `UPDATE users SET display_name = COALESCE($2, display_name),
              phone = CASE WHEN $3::boolean THEN $4 ELSE phone END,
              unit_id = CASE WHEN $5::boolean THEN $6::bigint ELSE unit_id END,
              unit_lead = COALESCE($7, unit_lead), updated_at = now()
        WHERE id = $1`,
      [target.id, patch.displayName ?? null, patch.phone !== undefined, patch.phone ?? null, patch.unitId !== undefined, patch.unitId ?? null, patch.unitLead ?? null],
    );
    await setRolesAndScopes(tx, target.id, patch.roles, patch.scopes);
    // Leading a unit widens what the account sees (the whole unit's cases): recorded like a change of roles.
    if (patch.roles || patch.scopes || (patch.unitLead !== undefined && patch.unitLead !== target.unitLead)) {
      await recordSecurityEvent(tx, { kind: 'user.rolesChanged', userId: by.userId, username: by.username, ip: meta.ip, requestId: meta.requestId, detail: { target: target.username, roles: patch.roles, scopes: patch.scopes, unitLead: patch.unitLead } });
    }
    return target.id;
  });
  return (await getUserById(db, id))!;
}

/** A password for a person (an integration account has none); through the API it must be changed at the next sign-in. */
export async function resetPassword(db: Db, cfg: Config, by: AdminActor, username: string, password: string, temporary: boolean, meta: { ip?: string; requestId?: string } = {}): Promise<void> {
  const target = await findVisibleUser(db, by, username);
  if (target.isIntegration) throw new DomainError('USER_IS_INTEGRATION', { username: target.username });
  assertPasswordPolicy(cfg, password, target.username);
  const hash = await hashPassword(password);
  await inTransaction(db, async (tx) => {
    await tx.query(
      `UPDATE users SET password_hash = $2, password_changed_at = now(), must_change_password = $3,
              failed_login_count = 0, locked_until = NULL, updated_at = now() WHERE id = $1`,
      [target.id, hash, mustChange(by, temporary)],
    );
    await tx.query(`UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [target.id]);
    await recordSecurityEvent(tx, { kind: 'password.reset', userId: by.userId, username: by.username, ip: meta.ip, requestId: meta.requestId, detail: { target: target.username } });
  });
}

export async function setUserDisabled(db: Db, by: AdminActor, username: string, disabled: boolean, meta: { ip?: string; requestId?: string } = {}): Promise<UserView> {
  const target = await findVisibleUser(db, by, username);
  await inTransaction(db, async (tx) => {
    await tx.query(`UPDATE users SET disabled_at = ${disabled ? 'COALESCE(disabled_at, now())' : 'NULL'}, updated_at = now() WHERE id = $1`, [target.id]);
    if (disabled) {
      await tx.query(`UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [target.id]);
      await tx.query(`UPDATE api_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [target.id]);
    }
    await recordSecurityEvent(tx, { kind: disabled ? 'user.disabled' : 'user.enabled', userId: by.userId, username: by.username, ip: meta.ip, requestId: meta.requestId, detail: { target: target.username } });
  });
  return (await getUserById(db, target.id))!;
}

/**
 * A user is visible to a scoped actor when one of the user's scopes lies inside the actor's scope.
 * Unseen users are reported as not found, never as forbidden.
 */
export function visibleUsersSql(scopes: string[] | null, param: string): string {
  if (!scopes) return 'true';
  return `EXISTS (SELECT 1 FROM user_scopes vs WHERE vs.user_id = u.id AND ${inScopeSql('vs.scope_code', param)})`;
}

export interface VisibleUser {
  id: number;
  username: string;
  unitId: number | null;
  unitLead: boolean;
  isIntegration: boolean;
  disabled: boolean;
  roles: Role[];
}

export async function findVisibleUser(db: Queryable, by: AdminActor, username: string): Promise<VisibleUser> {
  const { rows } = await db.query(
    `SELECT u.id, u.username, u.unit_id AS "unitId", u.unit_lead AS "unitLead", u.is_integration AS "isIntegration", u.disabled_at IS NOT NULL AS disabled,
            COALESCE((SELECT array_agg(role ORDER BY role) FROM user_roles r WHERE r.user_id = u.id), '{}') AS roles
       FROM users u WHERE u.username = $1 AND ${visibleUsersSql(by.scopes, '$2')}`,
    by.scopes ? [normaliseUsername(username), by.scopes] : [normaliseUsername(username)],
  );
  if (!rows[0]) throw new DomainError('USER_NOT_FOUND', { username });
  return rows[0];
}

const USER_SELECT = `
  SELECT u.id, u.username, u.display_name AS "displayName", u.phone, u.unit_id AS "unitId", un.name AS "unitName", u.unit_lead AS "unitLead",
         COALESCE((SELECT array_agg(role ORDER BY role) FROM user_roles r WHERE r.user_id = u.id), '{}') AS roles,
         COALESCE((SELECT array_agg(scope_code ORDER BY scope_code) FROM user_scopes s WHERE s.user_id = u.id), '{}') AS scopes,
         u.is_integration AS "isIntegration", u.disabled_at IS NOT NULL AS disabled, COALESCE(u.locked_until > now(), false) AS locked,
         u.must_change_password AS "mustChangePassword", u.last_login_at AS "lastLoginAt", u.created_at AS "createdAt"
    FROM users u LEFT JOIN units un ON un.id = u.unit_id`;

export async function getUserById(db: Queryable, id: number): Promise<UserView | undefined> {
  const { rows } = await db.query(`${USER_SELECT} WHERE u.id = $1`, [id]);
  return rows[0] as UserView | undefined;
}

export async function getVisibleUser(db: Queryable, by: AdminActor, username: string): Promise<UserView> {
  const { id } = await findVisibleUser(db, by, username);
  return (await getUserById(db, id))!;
}

export async function listUsers(
  db: Queryable,
  by: AdminActor,
  f: { role?: string; unitId?: number; q?: string; limit: number; offset: number },
): Promise<{ items: UserView[]; total: number }> {
  const args: unknown[] = [];
  const where: string[] = [];
  if (by.scopes) {
    args.push(by.scopes);
    where.push(visibleUsersSql(by.scopes, `$${args.length}`));
  }
  if (f.role) {
    args.push(f.role);
    where.push(`EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = $${args.length})`);
  }
  if (f.unitId) {
    args.push(f.unitId);
    where.push(`u.unit_id = $${args.length}`);
  }
  if (f.q) {
    args.push(`%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    where.push(`(u.username ILIKE $${args.length} OR u.display_name ILIKE $${args.length})`);
  }
  const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = (await db.query(`SELECT count(*)::int AS n FROM users u ${w}`, args)).rows[0].n as number;
  args.push(f.limit, f.offset);
  const { rows } = await db.query(`${USER_SELECT} ${w} ORDER BY u.id LIMIT $${args.length - 1} OFFSET $${args.length}`, args);
  return { items: rows as UserView[], total };
}

export interface RoleConflictRow {
  username: string;
  roles: Role[];
  isIntegration: boolean;
  disabled: boolean;
  conflict: RoleConflict;
}

/**
 * Accounts whose roles may not share one account (made before the rule, or by SQL): refused sign-in until an
 * admin splits them. Listed at start and by `guancheng user check`.
 */
export async function findRoleConflicts(db: Queryable): Promise<RoleConflictRow[]> {
  const { rows } = await db.query<Omit<RoleConflictRow, 'conflict'>>(
    `SELECT u.username, array_agg(r.role ORDER BY r.role) AS roles, u.is_integration AS "isIntegration", u.disabled_at IS NOT NULL AS disabled
       FROM users u JOIN user_roles r ON r.user_id = u.id GROUP BY u.id HAVING count(*) > 1 OR bool_or(u.is_integration) ORDER BY u.username`,
  );
  return rows.flatMap((u) => {
    const conflict = roleConflict(u.roles.filter(isRole), { integration: u.isIntegration });
    return conflict ? [{ ...u, conflict }] : [];
  });
}
