import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { noContent } from '../../../shared/api/fields.ts';
import { publicCategoriesResponse, publicReportBody, publicReportResponse, ratingBody, trackingParams, trackingView } from '../../../shared/api/public.ts';
import type { AppContext } from '../../app-context.ts';
import { DomainError } from '../../errors.ts';
import { createIpLimiter } from '../auth/ip-limiter.ts';
import { reportCase } from '../cases/commands/report-case.ts';
import { listPublicCategories, newTrackingToken, publicCaseView, trackerDigest, trackingNoOf } from './citizen.service.ts';
import { idempotencyClaim, oncePerKey } from '../../http/idempotency.ts';
import { rateCaseByCitizen } from './rate-case.ts';


const tracking = (trackingNo: string, token: string) => ({ trackingNo, trackingToken: token, trackingPath: `/track/${token}` });

export function publicRoutes(ctx: AppContext): FastifyPluginAsync {
  const now = () => ctx.now?.() ?? new Date();
  const limiter = createIpLimiter(ctx.config.publicReportLimitPerHour, 3_600_000);
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const tags = ['public'];

    app.get('/api/public/categories', {
      config: { access: 'public' },
      schema: { tags, summary: '市民可选的问题类别 Categories a citizen can choose', response: { 200: publicCategoriesResponse } },
    }, async () => ({ items: await listPublicCategories(ctx.db) }));

    app.post('/api/public/reports', {
      config: { access: 'public', idempotent: true, errors: ['TOO_MANY_REQUESTS', 'GRID_NOT_FOUND_FOR_POINT', 'CATEGORY_NOT_FOUND'] },
      schema: {
        tags,
        summary: '市民反映问题（无需注册） A citizen reports a problem (no account)',
        description: '返回受理号和私密跟踪链接（请妥善保存，凭链接查看进度和评价）。电话可不填，但回访需要电话。',
        body: publicReportBody,
        response: { 201: publicReportResponse },
      },
    }, async (req, reply) => {
      const claim = idempotencyClaim(req, 'public', 201);
      // A retry of a report already made is answered, not counted against the address's limit.
      return oncePerKey(ctx.db, reply, claim, now(), async () => {
        if (!limiter.take(req.ip)) throw new DomainError('TOO_MANY_REQUESTS');
        const b = req.body;
        const token = newTrackingToken();
        const c = await reportCase(
          { db: ctx.db, now, meta: { requestId: String(req.id), ip: req.ip }, grids: ctx.grids, notify: ctx.notify, state: ctx.state },
          null,
          { source: 'citizen', categoryKind: 'event', categoryCode: b.categoryCode, lng: b.lng, lat: b.lat, address: b.address, description: b.description, reporterPhone: b.phone, reporterName: b.name, urgency: b.urgent ? 'urgent' : undefined },
          { trackerDigest: trackerDigest(token), idempotency: claim && { ...claim, secret: token } },
        );
        return reply.status(201).send(tracking(c.case.trackingNo, token));
      }, async (o) => tracking(await trackingNoOf(ctx.db, o.caseId!), o.secret!), { precheck: false });
    });

    app.get('/api/public/track/:token', {
      config: { access: 'public', errors: ['CASE_NOT_FOUND'] },
      schema: {
        tags,
        summary: '凭私密链接查看进度 Follow a report by its private link',
        params: trackingParams,
        response: { 200: trackingView },
      },
    }, async (req) => publicCaseView(ctx.db, req.params.token));

    app.post('/api/public/track/:token/rating', {
      config: { access: 'public', idempotent: true, errors: ['CASE_NOT_FOUND', 'CASE_TRANSITION_NOT_ALLOWED', 'CASE_VERSION_CONFLICT'] },
      schema: {
        tags,
        summary: '评价处置结果 Rate the result',
        description: '案件处置并核查通过后（状态“待评价”）可评价；不满意将按规定重新处置。',
        params: trackingParams,
        body: ratingBody,
        response: { 204: noContent },
      },
    }, async (req, reply) => {
      const claim = idempotencyClaim(req, 'public', 204);
      return oncePerKey(ctx.db, reply, claim, now(), async () => {
        await rateCaseByCitizen({ db: ctx.db, now, meta: { requestId: String(req.id), ip: req.ip }, notify: ctx.notify, idempotency: claim, state: ctx.state }, req.params.token, req.body.satisfaction, req.body.comment);
        return reply.status(204).send(null);
      }, async () => null);
    });
  };
}
