import type { settings as zh } from '../zh-CN/settings.ts';

export const settings: Record<keyof typeof zh, string> = {};
