import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app-context.ts';
import { DomainError } from '../../errors.ts';
import { actorOf, recordPermissionDenied } from '../../http/auth-hooks.ts';
import { overviewQuery, overviewResponse } from '../../../shared/api/overview.ts';
import { mayReadOverview } from './overview.policy.ts';
import { readOverview } from './overview.service.ts';

/** `GET /api/overview`: the leaders' overview (领导总览). */
export function overviewRoutes(ctx: AppContext): FastifyPluginAsync {
  const { db } = ctx;
  const now = () => ctx.now?.() ?? new Date();
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    app.get('/api/overview', {
      config: { access: 'cases.read', errors: ['DIVISION_NOT_FOUND'] },
      schema: {
        tags: ['overview'],
        summary: '领导总览 Overview for leaders',
        description: '一个区县及其各街道在当日或当月的上报、立案、结案数，当前超期未处置数，紧急案件（期内上报、当前在办），所在月逐日趋势和上报来源；'
          + '只统计调用者可见的案件（与案件列表相同）。每个数字等于案件列表按相应条件筛选的总数（districtCode、reportedFrom/To、filedFrom/To、closedFrom/To、overdue、urgency、status）。'
          + '角色：领导、受理员、值班长、派遣员。 Figures of a district and its streets for a day or a month; each equals the total of GET /api/cases with the matching filters.',
        querystring: overviewQuery,
        response: { 200: overviewResponse },
      },
    }, async (req) => {
      const actor = actorOf(req);
      if (!mayReadOverview(actor)) {
        await recordPermissionDenied(db, req, 'overview');
        throw new DomainError('FORBIDDEN');
      }
      return readOverview(db, actor, req.query, now());
    });
  };
}
