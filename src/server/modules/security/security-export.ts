/**
 * The security log as CSV for the auditor: UTF-8 with a BOM (Excel then reads the Chinese), CRLF lines (RFC 4180),
 * times in Beijing time, the kind in words beside its code, a readable summary and the full detail as JSON.
 * Cells an attacker chose (a username typed at the sign-in form, a URL) are neutralised against spreadsheet
 * formula injection.
 */
import type { Lang } from '../../errors.ts';
import { SECURITY_EVENT_LABELS } from '../../../shared/api/vocabulary.ts';
import { securityEventSummary } from '../../../shared/api/security-summary.ts';
import type { SecurityEventRow } from './security-log.ts';

export const CSV_BOM = '\uFEFF';

const HEADERS: Record<Lang, string[]> = {
  'zh-CN': ['编号', '时间（北京时间）', '类型', '类型代码', '用户', '用户编号', 'IP 地址', '请求编号', '摘要', '详情（JSON）'],
  en: ['ID', 'Time (Beijing)', 'Kind', 'Kind code', 'User', 'User ID', 'IP address', 'Request ID', 'Summary', 'Detail (JSON)'],
};

/** A cell: quoted when it must be; a leading = + - @ (or tab/CR) would make Excel or WPS evaluate it. */
export function csvCell(value: string | number | null | undefined): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function beijingTime(d: Date): string {
  return d.toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai', hour12: false });
}

export function csvHeader(lang: Lang): string {
  return `${CSV_BOM}${HEADERS[lang].map(csvCell).join(',')}\r\n`;
}

export function csvRow(e: SecurityEventRow, lang: Lang): string {
  const label = SECURITY_EVENT_LABELS[e.kind];
  return `${[
    e.id,
    beijingTime(e.at),
    label ? (lang === 'en' ? label.en : label.zh) : e.kind,
    e.kind,
    e.username,
    e.userId,
    e.ip,
    e.requestId,
    securityEventSummary(e.kind, e.detail, lang),
    JSON.stringify(e.detail),
  ].map(csvCell).join(',')}\r\n`;
}
