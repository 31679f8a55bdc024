import type { nav as zh } from '../zh-CN/nav.ts';

export const nav: Record<keyof typeof zh, string> = {
  workbench: 'Workbench',
  cases: 'Cases',
  intake: 'Hotline intake',
  map: 'Map',
  inbox: 'Inbox',
  myQueue: 'My tasks',
  profile: 'Settings',
  admin: 'Administration',
  audit: 'Security audit',
  desk: 'Unit desk',
  overview: 'Overview',
  users: 'Users & accounts',
  units: 'Units & calendars',
  categories: 'Categories',
  holidays: 'Holidays',
  workflow: 'Workflow settings',
  geo: 'Divisions & grids import',
  phrases: 'Shared stock phrases',
  securityLog: 'Security log',
  auditChain: 'Audit chain',
};
