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
  receiver: [...CASES, 'cases.report'],
  shiftLeader: [...CASES, 'cases.report'],
  dispatcher: [...CASES, 'users.read'],
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

export function permissionsOf(roles: readonly Role[]): Set<Permission> {
  const out = new Set<Permission>();
  for (const r of roles) for (const p of ROLE_PERMISSIONS[r]) out.add(p);
  return out;
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
