/**
 * The words of a time left: "2小时15分", "45分08秒" in the last hour, "4天3小时" past 99 h, and
 * "已超时 2小时15分" once overdue. Pure (the catalogue's `t` is passed in) so it can be tested.
 */
import { splitSeconds } from './time-left.ts';

type T = (key: 'timeLeft.days' | 'timeLeft.hm' | 'timeLeft.ms' | 'timeLeft.overdue' | 'timeLeft.left', params?: Record<string, string | number>) => string;

export function formatDuration(total: number, t: T): string {
  const p = splitSeconds(total);
  if (p.days > 0) return t('timeLeft.days', { d: p.days, h: p.hours });
  if (p.hours > 0) return t('timeLeft.hm', { h: p.hours, m: p.minutes });
  return t('timeLeft.ms', { m: p.minutes, s: String(p.seconds).padStart(2, '0') });
}

export function formatTimeLeft(total: number, t: T): string {
  const d = formatDuration(total, t);
  return total < 0 ? t('timeLeft.overdue', { d }) : t('timeLeft.left', { d });
}
