import multipart from '@fastify/multipart';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { noContent } from '../../../shared/api/fields.ts';
import {
  publicCategoriesResponse, publicPhotoResponse, publicReportBody, publicReportResponse, ratingBody, resultPhotoParams, trackingParams, trackingView,
} from '../../../shared/api/public.ts';
import type { AppContext } from '../../app-context.ts';
import { DomainError } from '../../errors.ts';
import { idempotencyClaim, oncePerKey } from '../../http/idempotency.ts';
import { readUpload } from '../../http/upload.ts';
import { createIpLimiter } from '../auth/ip-limiter.ts';
import { reportCase } from '../cases/commands/report-case.ts';
import { storeCitizenPhoto } from '../photos/commands/store-citizen-photo.ts';
import { stripMetadata } from '../photos/photo-image.ts';
import { createPhotoStore } from '../photos/photo-store.ts';
import type { PhotoMime } from '../photos/photo-image.ts';
import { assertCitizenPhotos, isPublicCategory, listPublicCategories, newTrackingToken, publicCaseView, publicResultPhoto, trackerDigest, trackingNoOf } from './citizen.service.ts';
import { rateCaseByCitizen } from './rate-case.ts';
import { notFoundPage, trackingPage } from './tracking-page.ts';

/** The tracking page lives in the public portal's path (/p/…); with GUANCHENG_PUBLIC_URL the link is absolute. */
export const trackingPathOf = (token: string) => `/p/track/${token}`;

export function publicRoutes(ctx: AppContext): FastifyPluginAsync {
  const now = () => ctx.now?.() ?? new Date();
  const reports = createIpLimiter(ctx.config.publicReportLimitPerHour, 3_600_000);
  const photos = createIpLimiter(ctx.config.publicPhotoLimitPerHour, 3_600_000);
  const store = createPhotoStore(ctx.config.filesDir);
  const tracking = (trackingNo: string, token: string) => ({
    trackingNo,
    trackingToken: token,
    trackingPath: trackingPathOf(token),
    trackingUrl: ctx.config.publicUrl ? `${ctx.config.publicUrl}${trackingPathOf(token)}` : null,
  });
  const command = (req: { id: unknown; ip: string }) => ({ db: ctx.db, now, meta: { requestId: String(req.id), ip: req.ip }, notify: ctx.notify, state: ctx.state });

  return async (base) => {
    // Only this plugin's photo route takes multipart bodies.
    await base.register(multipart, { limits: { fileSize: ctx.config.photoMaxBytes, files: 1, fields: 0, parts: 1, headerPairs: 50 } });
    const app = base.withTypeProvider<ZodTypeProvider>();
    const tags = ['public'];

    app.get('/api/public/categories', {
      config: { access: 'public', audience: 'citizen' },
      schema: { tags, summary: '市民可选的问题类别 Categories a citizen can choose', response: { 200: publicCategoriesResponse } },
    }, async () => ({ items: await listPublicCategories(ctx.db) }));

    app.post('/api/public/photos', {
      config: { access: 'public', audience: 'citizen', maxBodyBytes: ctx.config.photoMaxBytes + 64 * 1024, errors: ['TOO_MANY_REQUESTS', 'PHOTO_FILE_MISSING', 'PHOTO_TYPE_UNSUPPORTED', 'PHOTO_TOO_LARGE', 'PHOTO_CORRUPT', 'PHOTO_PIXELS_TOO_MANY', 'PHOTO_METADATA_TOO_LARGE'] },
      schema: {
        tags,
        summary: '市民上传照片（无需注册） A citizen uploads a photo (no account)',
        description: 'multipart/form-data，字段 file（JPEG、PNG、WebP）。保存前去除全部元数据（位置、时间、设备）；返回的 id 可用于反映问题的 photoIds。',
        consumes: ['multipart/form-data'],
        response: { 201: publicPhotoResponse },
      },
    }, async (req, reply) => {
      if (!photos.take(req.ip)) {
        reply.header('retry-after', String(photos.retryAfter(req.ip)));
        throw new DomainError('TOO_MANY_REQUESTS');
      }
      const { bytes } = await readUpload(req, ctx.config.photoMaxBytes);
      const stored = await storeCitizenPhoto(ctx.db, store, bytes, { maxBytes: ctx.config.photoMaxBytes, now });
      return reply.status(201).send(stored);
    });

    app.post('/api/public/reports', {
      config: { access: 'public', audience: 'citizen', idempotent: true, errors: ['TOO_MANY_REQUESTS', 'GRID_NOT_FOUND_FOR_POINT', 'CATEGORY_NOT_FOUND', 'PHOTO_NOT_FOUND'] },
      schema: {
        tags,
        summary: '市民反映问题（无需注册） A citizen reports a problem (no account)',
        description: '返回受理号和私密跟踪链接（请妥善保存，凭链接查看进度和评价）。电话可不填，但回访需要电话。类别须为 /api/public/categories 所列。',
        body: publicReportBody,
        response: { 201: publicReportResponse },
      },
    }, async (req, reply) => {
      const claim = idempotencyClaim(req, 'public', 201);
      // A retry of a report already made is answered, not counted against the address's limit.
      return oncePerKey(ctx.db, reply, claim, now(), async () => {
        const b = req.body;
        if (!(await isPublicCategory(ctx.db, b.categoryCode))) throw new DomainError('CATEGORY_NOT_FOUND', { kind: 'event', code: b.categoryCode });
        await assertCitizenPhotos(ctx.db, b.photoIds ?? []);
        if (!reports.take(req.ip)) {
          reply.header('retry-after', String(reports.retryAfter(req.ip)));
          throw new DomainError('TOO_MANY_REQUESTS');
        }
        const token = newTrackingToken();
        const c = await reportCase(
          { ...command(req), grids: ctx.grids },
          null,
          {
            source: 'citizen', categoryKind: 'event', categoryCode: b.categoryCode, lng: b.lng, lat: b.lat, address: b.address, description: b.description,
            reporterPhone: b.phone, reporterName: b.name, urgency: b.urgent ? 'urgent' : undefined, photoIds: b.photoIds,
          },
          { trackerDigest: trackerDigest(token), idempotency: claim && { ...claim, secret: token } },
        );
        return reply.status(201).send(tracking(c.case.trackingNo, token));
      }, async (o) => tracking(await trackingNoOf(ctx.db, o.caseId!), o.secret!), { precheck: false });
    });

    app.get('/api/public/track/:token', {
      config: { access: 'public', audience: 'citizen', errors: ['CASE_NOT_FOUND'] },
      schema: { tags, summary: '凭私密链接查看进度 Follow a report by its private link', params: trackingParams, response: { 200: trackingView } },
    }, async (req) => publicCaseView(ctx.db, req.params.token));

    app.get('/api/public/track/:token/photos/:photoId', {
      config: { access: 'public', audience: 'citizen', errors: ['NOT_FOUND', 'CASE_NOT_FOUND'] },
      schema: { tags, summary: '处置结果照片（无元数据） A result photo of the report, without metadata', params: resultPhotoParams },
    }, async (req, reply) => {
      const photo = await publicResultPhoto(ctx.db, req.params.token, req.params.photoId);
      const bytes = photo ? await store.getBlob(photo.id) : null;
      if (!photo || !bytes) throw new DomainError('NOT_FOUND');
      // A staff photo keeps its EXIF (evidence): the citizen gets a re-encoded copy without any of it.
      const out = photo.isCitizen ? { bytes, mime: photo.mime } : { bytes: (await stripMetadata(bytes, photo.mime as PhotoMime)).bytes, mime: photo.mime };
      return reply.header('content-type', out.mime).header('cache-control', 'private, max-age=86400').header('content-disposition', 'inline').send(out.bytes);
    });

    // The page the link opens: a plain page until the public portal serves /p (not an API operation).
    app.get<{ Params: { token: string } }>('/p/track/:token', { config: { access: 'public', audience: 'citizen' }, schema: { hide: true } }, async (req, reply) => {
      const view = await publicCaseView(ctx.db, String(req.params.token)).catch((err: unknown) => {
        if (err instanceof DomainError && err.code === 'CASE_NOT_FOUND') return null;
        throw err;
      });
      return reply.status(view ? 200 : 404).type('text/html; charset=utf-8').header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').send(view ? trackingPage(view, reply.cspNonce.style) : notFoundPage(reply.cspNonce.style));
    });

    app.post('/api/public/track/:token/rating', {
      config: { access: 'public', audience: 'citizen', idempotent: true, errors: ['CASE_NOT_FOUND', 'CASE_TRANSITION_NOT_ALLOWED', 'CASE_VERSION_CONFLICT'] },
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
        await rateCaseByCitizen({ ...command(req), idempotency: claim }, req.params.token, req.body.satisfaction, req.body.comment);
        return reply.status(204).send(null);
      }, async () => null);
    });
  };
}
