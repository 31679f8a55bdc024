import type { nav as zh } from '../zh-CN/nav.ts';

export const nav: Record<keyof typeof zh, string> = {
  workbench: 'Workbench',
  cases: 'Cases',
  intake: 'Hotline intake',
  map: 'Map',
  inbox: 'Inbox',
  myQueue: 'My tasks',
  profile: 'Settings',
};
