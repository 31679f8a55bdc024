/**
 * The handling units' desk (单位工作台): the unit's own overview, its members, and a unit leader's assignment of a
 * case to one of them. The desk's lists are the case list (`GET /api/cases?unit=…&mine=true`), not a copy of it.
 */
import { z } from 'zod';
import { idRef, timestamp } from './fields.ts';

const counts = z.object({
  dueToday: z.number().describe('今日（北京时间）到期、尚未超时的案件 cases whose unit step falls due later today (Asia/Shanghai), not yet overdue'),
  overdue: z.number().describe('已超时的案件（签收或处置环节计时中且已过时限） cases with a running accept or handle step past its deadline'),
  handledThisWeek: z.number().describe('本周（周一 00:00 起）处置反馈的案件 handled since Monday 00:00 Asia/Shanghai'),
  handledOnTime: z.number().describe('其中按时 of which on time'),
  handledLate: z.number().describe('其中超时 of which late'),
  dispatched: z.number().describe('待签收 awaiting acceptance'),
  handling: z.number().describe('处置中 being handled'),
  extensionRequested: z.number().describe('延期待批 extension asked'),
  returnRequested: z.number().describe('回退待批 return asked'),
  shelveRequested: z.number().describe('挂账待批 shelving asked'),
  shelved: z.number().describe('挂账 shelved'),
});
export type DeskCounts = z.output<typeof counts>;

export const deskSummaryResponse = z.object({
  unit: z.object({ id: z.number(), name: z.string() }),
  unitLead: z.boolean().describe('调用者是否为本单位负责人 whether the caller leads the unit'),
  unitCounts: counts.describe('全单位（主办） the whole unit, as lead unit'),
  mine: counts.describe('指派给本人的 assigned to the caller by name'),
  dayEnd: timestamp.describe('今日结束（北京时间 24:00） the end of today, Asia/Shanghai'),
  weekStart: timestamp.describe('本周开始（周一 00:00） the start of the ISO week, Asia/Shanghai'),
});

export const deskMembersResponse = z.object({
  items: z.array(z.object({ id: z.number(), displayName: z.string(), unitLead: z.boolean() })),
});

export const assignCaseBody = z.strictObject({
  userId: idRef.nullable().describe('本单位人员；null 退回全单位 a member of the unit; null gives it back to the whole unit'),
  version: z.number().int().min(1).max(2_147_483_647),
});
