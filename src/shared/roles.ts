/**
 * Roles (DOMAIN §1) and what each may do. IO-free: imported by the server and the web app.
 * Permissions gate routes; scope (division-code prefixes, see scope.ts) limits which records a user sees.
 */
export const ROLES = [
  'supervisor',
  'receiver',
  'shiftLeader',
  'dispatcher',
  'handler',
  'officer',
  'leader',
  'admin',
  'auditor',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  supervisor: { zh: '监督员', en: 'Supervisor' },
  receiver: { zh: '受理员', en: 'Receiver' },
  shiftLeader: { zh: '值班长', en: 'Shift leader' },
  dispatcher: { zh: '派遣员', en: 'Dispatcher' },
  handler: { zh: '处置单位人员', en: 'Handling-unit staff' },
  officer: { zh: '执法队员', en: 'Enforcement officer' },
  leader: { zh: '领导', en: 'Leader' },
  admin: { zh: '系统管理员', en: 'Administrator' },
  auditor: { zh: '审计员', en: 'Auditor' },
};

export const PERMISSIONS = [
  'divisions.read',
  'divisions.manage',
  'grids.read',
  'grids.manage',
  'categories.read',
  'categories.manage',
  'units.read',
  'units.manage',
  'calendars.read',
  'calendars.manage',
  'users.read',
  'users.manage',
  'securityLog.read',
  'apiTokens.manageOwn',
  'cases.read',
  'cases.report',
  /** See a reporter's full phone number and name, with a reason that is recorded (回访: DOMAIN §1, PIPL §10). */
  'cases.revealContact',
  /** Receive and acknowledge the command centre's emergency alarm. */
  'cases.acknowledgeAlert',
  'audit.verify',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READ_ORG: Permission[] = ['divisions.read', 'grids.read', 'categories.read', 'units.read', 'calendars.read'];
const CASES: Permission[] = [...READ_ORG, 'cases.read'];

/**
 * 等保 2.0 separation of duties: the admin manages the system but neither reads the security log nor
 * works cases; the auditor reads the security log and verifies the audit trail, and nothing else.
 */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  supervisor: [...CASES, 'cases.report'],
  // Whoever calls citizens back (the receiver's 回访, the shift leader's before closing) may reveal their number;
  // the centre's three desks get the emergency alarm.
  receiver: [...CASES, 'cases.report', 'cases.revealContact', 'cases.acknowledgeAlert'],
  shiftLeader: [...CASES, 'cases.report', 'cases.revealContact', 'cases.acknowledgeAlert'],
  dispatcher: [...CASES, 'users.read', 'cases.acknowledgeAlert'],
  handler: CASES,
  officer: CASES,
  leader: [...CASES, 'cases.report', 'users.read'],
  admin: [
    ...READ_ORG,
    'divisions.manage',
    'grids.manage',
    'categories.manage',
    'units.manage',
    'calendars.manage',
    'users.read',
    'users.manage',
    'apiTokens.manageOwn',
  ],
  auditor: ['securityLog.read', 'audit.verify'],
};

/**
 * Separation of duties: the roles one account may hold together. An account's roles must all lie in one of
 * these sets; the web offers only such combinations, and the server refuses others (ROLES_INCOMPATIBLE) and
 * refuses sign-in to accounts that break the rule (ACCOUNT_ROLES_INCOMPATIBLE, listed by `guancheng user check`).
 * - `system` and `audit` stand alone: 等保 2.0 wants the system, security and audit administrators to be different
 *   people, and neither works cases.
 * - The centre's roles (监督中心 and 指挥中心) combine freely: a small district runs both in one room, with a receiver
 *   who is also shift leader or a dispatcher who also takes calls. The four-eyes rule on requests
 *   (CASE_SAME_PERSON: whoever proposed a void or asked for a return, extension or shelving does not decide it)
 *   still applies within one account.
 * - The handling units' roles combine with each other only (监督、指挥与处置分离): whoever fixes a problem never
 *   verifies, checks, closes, calls back or decides on their own work, and a leader ranks the units, so is none of them.
 */
export const ROLE_SETS = {
  system: ['admin'],
  audit: ['auditor'],
  centre: ['supervisor', 'receiver', 'shiftLeader', 'dispatcher', 'leader'],
  handling: ['handler', 'officer'],
} as const satisfies Record<string, readonly Role[]>;
export type RoleSet = keyof typeof ROLE_SETS;

/**
 * The sets an integration account's roles may come from (an account that signs in only with API tokens, which an
 * admin may mint): case work only, so no token ever carries the administrator's or the auditor's powers.
 */
export const INTEGRATION_ROLE_SETS: readonly RoleSet[] = ['centre', 'handling'];

/** Roles that work for one unit (the lead unit acts on a case) and so need one on their account. */
export const ROLES_NEEDING_UNIT: readonly Role[] = ['handler', 'officer'];

/** Why roles cannot share an account (the `{reason}` of ROLES_INCOMPATIBLE and ACCOUNT_ROLES_INCOMPATIBLE). */
export type RoleConflict = 'admin' | 'auditor' | 'handling' | 'integration';

/** Null when one account may hold all of `roles`, else why not. */
export function roleConflict(roles: readonly Role[], opts: { integration?: boolean } = {}): RoleConflict | null {
  const sets = opts.integration ? INTEGRATION_ROLE_SETS : (Object.keys(ROLE_SETS) as RoleSet[]);
  if (sets.some((set) => roles.every((r) => (ROLE_SETS[set] as readonly Role[]).includes(r)))) return null;
  if (opts.integration && roles.some((r) => r === 'admin' || r === 'auditor')) return 'integration';
  if (roles.includes('admin')) return 'admin';
  if (roles.includes('auditor')) return 'auditor';
  return 'handling';
}

export function needsUnit(roles: readonly Role[]): boolean {
  return roles.some((r) => ROLES_NEEDING_UNIT.includes(r));
}

export function permissionsOf(roles: readonly Role[]): Set<Permission> {
  const out = new Set<Permission>();
  for (const r of roles) for (const p of ROLE_PERMISSIONS[r]) out.add(p);
  return out;
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
