import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../../app-context.ts';
import { actorOf } from '../../../http/auth-hooks.ts';
import { presentCase, presentStep } from '../case.presenter.ts';
import { loadClockEnv, type ClockEnv } from '../step-clock.ts';
import { loadWorkflowSettings } from '../workflow-settings.ts';
import { mapCases } from './case-map.query.ts';
import { listQueue, queueCounts } from './case-queue.query.ts';
import { mapQuery, mapResponse, queueQuery, queueResponse, queueSummaryResponse } from '../../../../shared/api/cases.ts';
import { toCaseFilter } from './case-filter.ts';

/** `GET /api/cases/queue`, `GET /api/cases/queue/summary` and `GET /api/cases/map`; the list itself is `GET /api/cases` in case.routes.ts. */
export function caseSearchRoutes(ctx: AppContext): FastifyPluginAsync {
  const { db } = ctx;
  const now = () => ctx.now?.() ?? new Date();
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const tags = ['cases'];

    app.get('/api/cases/queue', {
      config: { access: 'cases.read' },
      schema: {
        tags,
        summary: '我的待办 My work queue',
        description: '当前用户须处理的未结束、未挂起步骤：受理员/值班长/派遣员按角色和范围，监督员按指派，处置单位按单位。紧急优先，再按到期时间。颜色按处理人的工作日历精确计算。',
        querystring: queueQuery,
        response: { 200: queueResponse },
      },
    }, async (req) => {
      const actor = actorOf(req);
      const t = now();
      const r = await listQueue(db, actor, req.query);
      // Colours count working time on the assignee's calendar: one clock environment per district on the page.
      const envs = new Map<string, Promise<ClockEnv>>();
      const envOf = (d: string) => envs.get(d) ?? envs.set(d, loadClockEnv(db, d, ctx.state.settings)).get(d)!;
      const items = await Promise.all(r.items.map(async (it) => {
        const env = await envOf(it.caseRow.districtCode);
        const step = presentStep(it.step, t, env);
        const limits = await loadWorkflowSettings(db, it.caseRow.districtCode, ctx.state.settings);
        return { case: presentCase(it.caseRow, actor, it.openSteps, limits, { now: t, env }), step, dueAt: it.step.dueAt, colour: step.colour };
      }));
      return { items, total: r.total, totalExact: r.totalExact };
    });

    app.get('/api/cases/queue/summary', {
      config: { access: 'cases.read' },
      schema: {
        tags,
        summary: '待办数量 My work queue, counted per step',
        description: '“我的待办”按环节计数：总数、已超时、紧急，以及最早到期时间。供待办角标使用；受理员、值班长、派遣员的普通新任务不发消息，以此和实时推送为准。',
        response: { 200: queueSummaryResponse },
      },
    }, async (req) => {
      const steps = await queueCounts(db, actorOf(req), now());
      const sum = (k: 'total' | 'overdue' | 'urgent') => steps.reduce((n, x) => n + x[k], 0);
      return { steps, total: sum('total'), overdue: sum('overdue'), urgent: sum('urgent') };
    });

    app.get('/api/cases/map', {
      config: { access: 'cases.read' },
      schema: {
        tags,
        summary: '案件地图 Cases in a map view',
        description: `范围内不超过 2000 件时返回点位，否则按缩放级别聚合为网格簇（数量、质心、最高紧急程度）。筛选条件同案件列表。`,
        querystring: mapQuery,
        response: { 200: mapResponse },
      },
    }, async (req) => {
      const { bbox, zoom, ...filter } = req.query;
      return mapCases(db, actorOf(req), toCaseFilter(filter), bbox, zoom, now());
    });
  };
}
