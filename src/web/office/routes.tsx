/**
 * The back office's screens, one table for routes and menu: each says who may see it (roles or a
 * permission, as the server decides them) and loads its code only when opened (code split by route:
 * the first screen never waits for the map or charts).
 */
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { MessageKey } from '../common/i18n/catalogue.ts';
import type { Me } from '../common/session/session.tsx';
import type { Permission, Role } from '../../shared/roles.ts';
import { OVERVIEW_ROLES } from '../../shared/api/overview.ts';

export type ScreenIcon =
  | 'workbench' | 'cases' | 'intake' | 'map' | 'inbox' | 'settings' | 'desk' | 'overview'
  | 'users' | 'units' | 'categories' | 'holidays' | 'workflow' | 'geo' | 'phrases' | 'securityLog' | 'auditChain';

export interface Screen {
  path: string;
  /** Menu label; screens without one are reached by links (a case's detail). */
  menu?: MessageKey;
  icon?: ScreenIcon;
  /** Menu section: the administration's and the auditor's screens sit under one heading each. */
  group?: 'admin' | 'audit';
  /** Whose landing screen this is after sign-in (the first match wins; otherwise the first screen they may see). */
  home?: readonly Role[];
  roles?: readonly Role[];
  permission?: Permission;
  component: LazyExoticComponent<ComponentType>;
}

const CENTRE: readonly Role[] = ['receiver', 'shiftLeader', 'dispatcher'];
/** The handling units work from their desk (/desk), not the centre's workbench. */
const WORKBENCH_ROLES: readonly Role[] = ['supervisor', ...CENTRE, 'leader'];

export const SCREENS: readonly Screen[] = [
  { path: '/', menu: 'nav.workbench', icon: 'workbench', roles: WORKBENCH_ROLES, permission: 'cases.read', component: lazy(() => import('./features/workbench/WorkbenchPage.tsx')) },
  { path: '/desk', menu: 'nav.desk', icon: 'desk', home: ['handler', 'officer'], roles: ['handler', 'officer'], component: lazy(() => import('./features/cases/DeskPage.tsx')) },
  { path: '/cases', menu: 'nav.cases', icon: 'cases', permission: 'cases.read', component: lazy(() => import('./features/cases/CaseListPage.tsx')) },
  { path: '/cases/:id', permission: 'cases.read', component: lazy(() => import('./features/cases/CaseDetailPage.tsx')) },
  { path: '/cases/:id/print', permission: 'cases.read', component: lazy(() => import('./features/cases/CasePrintPage.tsx')) },
  { path: '/intake', menu: 'nav.intake', icon: 'intake', roles: ['receiver'], component: lazy(() => import('./features/intake/IntakePage.tsx')) },
  { path: '/overview', menu: 'nav.overview', icon: 'overview', home: ['leader'], roles: OVERVIEW_ROLES, permission: 'cases.read', component: lazy(() => import('./features/overview/OverviewPage.tsx')) },
  { path: '/map', menu: 'nav.map', icon: 'map', permission: 'cases.read', component: lazy(() => import('./features/map/MapPage.tsx')) },
  { path: '/inbox', menu: 'nav.inbox', icon: 'inbox', permission: 'cases.read', component: lazy(() => import('./features/inbox/InboxPage.tsx')) },
  { path: '/admin/users', menu: 'nav.users', icon: 'users', group: 'admin', home: ['admin'], permission: 'users.manage', component: lazy(() => import('./features/admin-users/UsersPage.tsx')) },
  { path: '/admin/units', menu: 'nav.units', icon: 'units', group: 'admin', permission: 'units.manage', component: lazy(() => import('./features/admin-units/UnitsPage.tsx')) },
  { path: '/admin/categories', menu: 'nav.categories', icon: 'categories', group: 'admin', permission: 'categories.manage', component: lazy(() => import('./features/catalog/CategoriesPage.tsx')) },
  { path: '/admin/holidays', menu: 'nav.holidays', icon: 'holidays', group: 'admin', permission: 'calendars.manage', component: lazy(() => import('./features/catalog/HolidaysPage.tsx')) },
  { path: '/admin/workflow', menu: 'nav.workflow', icon: 'workflow', group: 'admin', permission: 'categories.manage', component: lazy(() => import('./features/catalog/WorkflowPage.tsx')) },
  { path: '/admin/geo', menu: 'nav.geo', icon: 'geo', group: 'admin', permission: 'grids.manage', component: lazy(() => import('./features/admin-geo/GeoImportPage.tsx')) },
  { path: '/admin/phrases', menu: 'nav.phrases', icon: 'phrases', group: 'admin', permission: 'categories.manage', component: lazy(() => import('./features/catalog/PhrasesPage.tsx')) },
  { path: '/audit/security-log', menu: 'nav.securityLog', icon: 'securityLog', group: 'audit', home: ['auditor'], permission: 'securityLog.read', component: lazy(() => import('./features/audit/SecurityLogPage.tsx')) },
  { path: '/audit/chain', menu: 'nav.auditChain', icon: 'auditChain', group: 'audit', permission: 'audit.verify', component: lazy(() => import('./features/audit/AuditChainPage.tsx')) },
  { path: '/settings', menu: 'nav.profile', icon: 'settings', component: lazy(() => import('./features/settings/SettingsPage.tsx')) },
];

export function allowed(me: Me, s: Pick<Screen, 'roles' | 'permission'>): boolean {
  if (s.roles && !s.roles.some((r) => me.roles.includes(r))) return false;
  if (s.permission && !(me.permissions as readonly string[]).includes(s.permission)) return false;
  return true;
}

export function isCentre(me: Me): boolean {
  return CENTRE.some((r) => me.roles.includes(r));
}

/** Where a user lands after sign-in: the screen made for one of their roles, else the first they may see. */
export function homeOf(me: Me): string {
  const mine = SCREENS.find((s) => s.home?.some((r) => me.roles.includes(r)) && allowed(me, s));
  return (mine ?? SCREENS.find((s) => s.menu && allowed(me, s)))?.path ?? '/settings';
}
