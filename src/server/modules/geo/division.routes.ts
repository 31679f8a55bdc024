import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  divisionFeatureCollection, divisionFeaturesQuery, divisionImportQuery, divisionImportResult, divisionListQuery, divisionListResponse, divisionParams, divisionSchema, notModified,
} from '../../../shared/api/geo.ts';
import type { AppContext } from '../../app-context.ts';
import { DomainError } from '../../errors.ts';
import { requestLang } from '../../http/errors.ts';
import { actorOf } from '../../http/auth-hooks.ts';
import { importDivisions } from './commands/import-grids.ts';
import { listDivisions } from './geo.queries.ts';
import { placeRoutes } from './place.routes.ts';

export function divisionRoutes(ctx: AppContext): FastifyPluginAsync {
  const { db } = ctx;
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const tags = ['divisions'];
    await base.register(placeRoutes(ctx));

    app.get('/api/divisions', {
      config: { access: 'divisions.read' },
      schema: {
        tags,
        summary: '行政区划（市、区、街道、社区） List divisions',
        description: '演示数据中的街道、社区边界为示意范围，非官方边界（isSchematic = true）。',
        querystring: divisionListQuery,
        response: { 200: divisionListResponse },
      },
    }, async (req) => ({ items: await listDivisions(db, actorOf(req).scopes, req.query) }));

    app.get('/api/divisions/features', {
      config: { access: 'divisions.read' },
      schema: {
        tags,
        summary: '区划地图要素（GeoJSON：区、街道或社区边界） Division boundaries as GeoJSON for maps',
        description: '一个层级的边界（有边界的区划），按调用者的数据范围（含其范围所在的上级区划）。detail=map（默认）为网页地图简化的边界，与网格共用同一拓扑，'
          + '公共边坐标完全一致；带 ETag（304）与 gzip。演示数据的边界为示意范围（isSchematic = true）。'
          + ' One level\'s boundaries the caller may see, simplified in one topology with the grids; ETag/If-None-Match (304) and gzip.',
        querystring: divisionFeaturesQuery,
        response: {
          200: { description: 'GeoJSON FeatureCollection', content: { 'application/geo+json': { schema: divisionFeatureCollection } } },
          304: notModified,
        },
      },
    }, async (req, reply) => {
      const a = await ctx.grids.features.divisions(actorOf(req).scopes, req.query, { ifNoneMatch: req.headers['if-none-match'], acceptEncoding: req.headers['accept-encoding'] });
      // The body is the collection already written (and maybe gzipped): bytes, not an object to serialize.
      return reply.status(a.status).headers(a.headers).send(a.body as never);
    });

    app.get('/api/divisions/:code', {
      config: { access: 'divisions.read', errors: ['DIVISION_NOT_FOUND'] },
      schema: {
        tags,
        summary: '区划详情 Get a division',
        params: divisionParams,
        response: { 200: divisionSchema },
      },
    }, async (req) => {
      const all = await listDivisions(db, actorOf(req).scopes, { withGeometry: true });
      const d = all.find((x) => x.code === req.params.code);
      if (!d) throw new DomainError('DIVISION_NOT_FOUND', { code: req.params.code });
      return d;
    });

    app.post('/api/divisions/import', {
      config: { access: 'divisions.manage', errors: ['GEO_FILE_INVALID', 'GRID_IMPORT_INVALID', 'SCOPE_INVALID', 'DIVISION_NOT_FOUND'] },
      bodyLimit: 64 * 1024 * 1024,
      schema: {
        tags,
        summary: '导入街道、社区边界（GeoJSON 或 Shapefile 压缩包） Import street/community polygons',
        description: 'dryRun=true&report=features：试导入，逐要素返回问题与 WGS-84 几何（有问题也返回 200），不写入任何数据。'
          + ' With dryRun=true&report=features: every feature\'s problems and WGS-84 geometry (200 even with problems); nothing is written.',
        consumes: ['application/geo+json', 'application/zip', 'application/octet-stream'],
        querystring: divisionImportQuery,
        response: { 200: divisionImportResult },
      },
    }, async (req) => {
      if (!Buffer.isBuffer(req.body) || req.body.length === 0) throw new DomainError('GEO_FILE_INVALID', { reason: 'empty' });
      const actor = actorOf(req);
      return importDivisions(db, req.query.districtCode, {
        buffer: req.body,
        fileName: req.query.fileName,
        crs: req.query.crs?.toUpperCase(),
        dryRun: req.query.dryRun,
        report: req.query.report,
        actorUserId: actor.userId,
        scopes: actor.scopes,
        lang: requestLang(req),
      });
    });
  };
}
