/**
 * The catalogues' shape and the lookup. The zh-CN catalogue is the reference: every other language
 * must have exactly its sections and keys (the type says so; a test checks placeholders match).
 */
import type { zhCN } from './zh-CN/index.ts';

export type Catalogue = { [S in keyof typeof zhCN]: Record<keyof (typeof zhCN)[S], string> };
export type MessageKey = { [S in keyof Catalogue]: `${S & string}.${keyof Catalogue[S] & string}` }[keyof Catalogue];
export type Lang = 'zh-CN' | 'en';
export const LANGS: readonly Lang[] = ['zh-CN', 'en'];

export function format(template: string, params?: Record<string, string | number>): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

export function lookup(cat: Catalogue, key: MessageKey, params?: Record<string, string | number>): string {
  const dot = key.indexOf('.');
  const section = cat[key.slice(0, dot) as keyof Catalogue] as Record<string, string> | undefined;
  return format(section?.[key.slice(dot + 1)] ?? key, params);
}
