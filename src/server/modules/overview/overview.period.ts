/** The overview's periods as Shanghai civil days (DOMAIN §5: time runs in Asia/Shanghai). Pure. */
import { civilOf, dayIndexOf, dayString, midnightOf, parseDayString } from '../sla/shanghai-time.ts';
import type { OverviewPeriod } from '../../../shared/api/overview.ts';
import type { Period } from './overview.queries.ts';

export interface PeriodDays {
  /** The period's instants: [from, to). */
  period: Period;
  /** The month holding the period, for the daily trend. */
  month: Period;
  /** First and last day shown (both included); a month under way ends today. */
  fromDay: string;
  toDay: string;
  /** The days of the month up to today (or the month's end). */
  monthDays: string[];
  today: string;
}

export function periodDays(kind: OverviewPeriod, date: string | undefined, now: Date): PeriodDays {
  const today = dayIndexOf(now.getTime());
  const day = (date ? parseDayString(date) : undefined) ?? today;
  const c = civilOf(day);
  const first = day - (c.day - 1);
  const nextFirst = parseDayString(`${c.month === 12 ? c.year + 1 : c.year}-${String(c.month === 12 ? 1 : c.month + 1).padStart(2, '0')}-01`)!;
  const lastShown = Math.min(nextFirst - 1, Math.max(today, first));
  const instant = (d: number) => new Date(midnightOf(d));
  const month = { from: instant(first), to: instant(nextFirst) };
  const monthDays: string[] = [];
  for (let d = first; d <= lastShown && d <= today; d++) monthDays.push(dayString(d));
  return kind === 'day'
    ? { period: { from: instant(day), to: instant(day + 1) }, month, fromDay: dayString(day), toDay: dayString(day), monthDays, today: dayString(today) }
    : { period: month, month, fromDay: dayString(first), toDay: dayString(lastShown), monthDays, today: dayString(today) };
}
