import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { DomainError } from '../../errors.ts';
import { CASE_STATUSES } from '../../../shared/cases/workflow.ts';
import { createIpLimiter } from '../auth/ip-limiter.ts';
import { reportCase } from '../cases/commands/report-case.ts';
import { newTrackingToken, publicCaseView, trackerDigest } from './citizen.service.ts';
import { rateCaseByCitizen } from './rate-case.ts';

/** Categories a citizen picks from: the common 城管 problems, in plain words. */
const PUBLIC_CATEGORIES = ['06010', '06042', '06036', '06014', '09006', '09001', '09005', '09009', '06029', '06027', '07001', '07003', '06001', '08004', '01002', '06013'];

export function publicRoutes(ctx: AppContext): FastifyPluginAsync {
  const limiter = createIpLimiter(ctx.config.publicReportLimitPerHour, 3_600_000);
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const tags = ['public'];

    app.get('/api/public/categories', {
      config: { access: 'public' },
      schema: { tags, summary: '市民可选的问题类别 Categories a citizen can choose', response: { 200: z.object({ items: z.array(z.object({ code: z.string(), name: z.string() })) }) } },
    }, async () => {
      const { rows } = await ctx.db.query<{ code: string; name: string }>(`SELECT code, name FROM categories WHERE kind = 'event' AND active AND code = ANY($1) ORDER BY code`, [PUBLIC_CATEGORIES]);
      return { items: rows };
    });

    app.post('/api/public/reports', {
      config: { access: 'public' },
      schema: {
        tags,
        summary: '市民反映问题（无需注册） A citizen reports a problem (no account)',
        description: '返回受理号和私密跟踪链接（请妥善保存，凭链接查看进度和评价）。电话可不填，但回访需要电话。',
        body: z.object({
          categoryCode: z.string().regex(/^\d{5}$/),
          lng: z.number().min(-180).max(180),
          lat: z.number().min(-90).max(90),
          address: z.string().trim().max(200).optional(),
          description: z.string().trim().min(2).max(1000),
          phone: z.string().regex(/^1\d{10}$|^0\d{2,3}-?\d{7,8}$/, '手机号或固定电话').optional(),
          name: z.string().trim().max(30).optional(),
          /** A citizen may only ask for urgency; the receiver decides. */
          urgent: z.boolean().optional(),
        }),
        response: { 201: z.object({ trackingNo: z.string(), trackingToken: z.string(), trackingPath: z.string() }) },
      },
    }, async (req, reply) => {
      if (!limiter.take(req.ip)) throw new DomainError('TOO_MANY_REQUESTS');
      const b = req.body;
      const token = newTrackingToken();
      const c = await reportCase(
        { db: ctx.db, now: () => ctx.now?.() ?? new Date(), meta: { requestId: String(req.id), ip: req.ip }, grids: ctx.grids, notify: ctx.notify },
        null,
        { source: 'citizen', categoryKind: 'event', categoryCode: b.categoryCode, lng: b.lng, lat: b.lat, address: b.address, description: b.description, reporterPhone: b.phone, reporterName: b.name, urgency: b.urgent ? 'urgent' : undefined },
        { trackerDigest: trackerDigest(token) },
      );
      return reply.status(201).send({ trackingNo: c.case.trackingNo, trackingToken: token, trackingPath: `/track/${token}` });
    });

    app.get('/api/public/track/:token', {
      config: { access: 'public' },
      schema: {
        tags,
        summary: '凭私密链接查看进度 Follow a report by its private link',
        params: z.object({ token: z.string().max(100) }),
        response: {
          200: z.object({
            trackingNo: z.string(),
            status: z.string(),
            statusCode: z.enum(CASE_STATUSES),
            category: z.string(),
            address: z.string(),
            description: z.string(),
            reportedAt: z.date(),
            closedAt: z.date().nullable(),
            mergedInto: z.string().nullable(),
            timeline: z.array(z.object({ at: z.date(), text: z.string() })),
            canRate: z.boolean(),
            rating: z.string().nullable(),
          }),
        },
      },
    }, async (req) => publicCaseView(ctx.db, req.params.token));

    app.post('/api/public/track/:token/rating', {
      config: { access: 'public' },
      schema: {
        tags,
        summary: '评价处置结果 Rate the result',
        description: '案件处置并核查通过后（状态“待评价”）可评价；不满意将按规定重新处置。',
        params: z.object({ token: z.string().max(100) }),
        body: z.object({ satisfaction: z.enum(['satisfied', 'basicallySatisfied', 'unsatisfied']), comment: z.string().trim().max(500).optional() }),
        response: { 204: z.null() },
      },
    }, async (req, reply) => {
      await rateCaseByCitizen({ db: ctx.db, now: () => ctx.now?.() ?? new Date(), meta: { requestId: String(req.id), ip: req.ip }, notify: ctx.notify }, req.params.token, req.body.satisfaction, req.body.comment);
      return reply.status(204).send(null);
    });
  };
}
