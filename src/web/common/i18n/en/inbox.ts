import type { inbox as zh } from '../zh-CN/inbox.ts';

export const inbox: Record<keyof typeof zh, string> = {};
