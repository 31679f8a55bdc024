/**
 * The leaders' overview (领导总览): a period's figures for a district and each of its streets, the
 * month's daily trend and the period's sources. Every figure is the total of a case list: `figureFilters`
 * says which filters of GET /api/cases give it, so the web links each number to its cases and a test
 * holds the two equal. Rates and scores (综合评价, DOMAIN §6) come with the evaluation and extend this
 * response with sections of their own.
 */
import { z } from 'zod';
import { CASE_SOURCES, FINAL_STATUSES, CASE_STATUSES, type CaseStatus } from '../cases/workflow.ts';
import type { Role } from '../roles.ts';
import { day, districtCode, timestamp } from './fields.ts';

/**
 * Who sees the overview: the leaders it is made for and the centre's desks, who see every case of their area
 * anyway. Supervisors and handling units see only their grids' or unit's cases: counts of their area would
 * tell them about cases they may not open, and theirs is the workbench.
 */
export const OVERVIEW_ROLES: readonly Role[] = ['leader', 'shiftLeader', 'dispatcher', 'receiver'];

export const OVERVIEW_PERIODS = ['day', 'month'] as const;
export type OverviewPeriod = (typeof OVERVIEW_PERIODS)[number];

/** The figures, in the order the page shows them. */
export const OVERVIEW_FIGURES = ['reported', 'filed', 'closed', 'overdue', 'urgentReported', 'urgentOpen'] as const;
export type OverviewFigure = (typeof OVERVIEW_FIGURES)[number];

/** Statuses of a case not yet finished: an emergency "in progress". */
export const OPEN_STATUSES: readonly CaseStatus[] = CASE_STATUSES.filter((s) => !FINAL_STATUSES.includes(s));

export const overviewQuery = z.strictObject({
  period: z.enum(OVERVIEW_PERIODS).default('day').describe('day：当日；month：当月 the day or its month'),
  date: day.optional().describe('所看的日期（北京时间），默认今天；month 时取其所在月 the day (Asia/Shanghai), default today; for month, its month'),
  district: districtCode.optional().describe('区县，默认范围内的第一个 the district, default the first in scope'),
});

const figures = z.object({
  reported: z.number().describe('上报数：期内上报 reported in the period'),
  filed: z.number().describe('立案数：期内立案 filed in the period'),
  closed: z.number().describe('结案数：期内结案 closed in the period'),
  overdue: z.number().describe('超期未处置（当前）：有已超时的未结束步骤 open now with an overdue open step'),
  urgentReported: z.number().describe('紧急案件：期内上报 urgent, reported in the period'),
  urgentOpen: z.number().describe('紧急案件：当前在办 urgent and open now'),
});
export type OverviewFigures = z.output<typeof figures>;

export const overviewResponse = z.object({
  period: z.enum(OVERVIEW_PERIODS),
  from: day.describe('期初（含） first day'),
  to: day.describe('期末（含） last day'),
  today: day.describe('今天（北京时间） today in Asia/Shanghai'),
  asOf: timestamp.describe('统计时刻：“当前”类数字以此为准 the moment the figures of the present state are taken'),
  districts: z.array(z.object({ code: z.string(), name: z.string() })).describe('范围内的区县 districts in scope'),
  district: z.object({ code: z.string(), name: z.string() }).nullable().describe('所看的区县；范围内没有区县时为 null the district shown'),
  totals: figures,
  streets: z.array(figures.extend({ code: z.string(), name: z.string() })).describe('按街道（范围内的全部街道，含无案件的） per street in scope, also those without cases'),
  daily: z.array(z.object({ day, reported: z.number(), filed: z.number(), closed: z.number() })).describe('所在月逐日（到今天为止） each day of the month, up to today'),
  sources: z.array(z.object({ source: z.enum(CASE_SOURCES), count: z.number() })).describe('期内上报按来源 reports of the period by source'),
});
export type OverviewResponse = z.output<typeof overviewResponse>;

/** The day after `d` (YYYY-MM-DD). */
export function nextDay(d: string): string {
  const [y, m, dd] = d.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, dd + 1)).toISOString().slice(0, 10);
}

const TO_KEYS = ['reportedTo', 'filedTo', 'closedTo'] as const;

/**
 * The case list's filters whose total is `figure` for the district (or one street) over [from, to], as
 * the case list's URL holds them: days, both included, as its date pickers show them. `toApiQuery`
 * turns them into GET /api/cases's query.
 */
export function figureFilters(figure: OverviewFigure, where: { districtCode: string; streetCode?: string; from: string; to: string }): Record<string, string> {
  const place: Record<string, string> = { districtCode: where.districtCode, ...(where.streetCode ? { streetCode: where.streetCode } : {}) };
  const { from, to } = where;
  switch (figure) {
    case 'reported': return { ...place, reportedFrom: from, reportedTo: to };
    case 'filed': return { ...place, filedFrom: from, filedTo: to };
    case 'closed': return { ...place, closedFrom: from, closedTo: to };
    case 'overdue': return { ...place, overdue: 'true' };
    case 'urgentReported': return { ...place, urgency: 'urgent', reportedFrom: from, reportedTo: to };
    case 'urgentOpen': return { ...place, urgency: 'urgent', status: OPEN_STATUSES.join(',') };
  }
}

/** The API reads a bare date as its midnight in Asia/Shanghai, so an included last day is sent as the next day. */
export function toApiQuery(filters: Record<string, string>): Record<string, string> {
  const out = { ...filters };
  for (const k of TO_KEYS) if (out[k] && /^\d{4}-\d{2}-\d{2}$/.test(out[k])) out[k] = nextDay(out[k]);
  return out;
}
