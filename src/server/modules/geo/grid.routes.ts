import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { noContent } from '../../../shared/api/fields.ts';
import {
  assignGridBody, assignmentCreated, assignmentParams, gridDetailSchema, gridFeatureCollection, gridFeaturesQuery, gridImportQuery, gridImportResult, gridListQuery,
  gridListResponse, gridParams, locateQuery, locateResponse, notModified,
} from '../../../shared/api/geo.ts';
import type { AppContext } from '../../app-context.ts';
import { DomainError } from '../../errors.ts';
import { requestLang } from '../../http/errors.ts';
import { actorOf } from '../../http/auth-hooks.ts';
import { assignGrid, endGridAssignment } from './commands/assign-grid.ts';
import { importGrids } from './commands/import-grids.ts';
import { divisionNames, getGrid, listGrids } from './geo.queries.ts';
import { worksInDistrict } from '../../../shared/scope.ts';

export function gridRoutes(ctx: AppContext): FastifyPluginAsync {
  const { db } = ctx;
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const tags = ['grids'];

    app.get('/api/grids', {
      config: { access: 'grids.read' },
      schema: {
        tags,
        summary: '单元网格列表（当前版本） List current unit grids',
        querystring: gridListQuery,
        response: { 200: gridListResponse },
      },
    }, async (req) => listGrids(db, actorOf(req).scopes, req.query));

    app.get('/api/grids/features', {
      config: { access: 'grids.read' },
      schema: {
        tags,
        summary: '单元网格地图要素（GeoJSON，当前版本） Current grids as GeoJSON for maps',
        description: '按调用者的数据范围返回 GeoJSON FeatureCollection（id 为网格编码）。detail=map（默认）为网页地图简化的边界，相邻网格的公共边坐标完全一致；'
          + '带 ETag，If-None-Match 相同时返回 304；Accept-Encoding 含 gzip 时压缩传输。'
          + ' A FeatureCollection of the grids the caller may see; map geometry keeps shared edges identical. ETag/If-None-Match (304) and gzip.',
        querystring: gridFeaturesQuery,
        response: {
          200: { description: 'GeoJSON FeatureCollection', content: { 'application/geo+json': { schema: gridFeatureCollection } } },
          304: notModified,
        },
      },
    }, async (req, reply) => {
      const a = await ctx.grids.features.grids(actorOf(req).scopes, req.query, { ifNoneMatch: req.headers['if-none-match'], acceptEncoding: req.headers['accept-encoding'] });
      // The body is the collection already written (and maybe gzipped): bytes, not an object to serialize.
      return reply.status(a.status).headers(a.headers).send(a.body as never);
    });

    app.get('/api/grids/:code', {
      config: { access: 'grids.read', errors: ['GRID_NOT_FOUND'] },
      schema: {
        tags,
        summary: '网格详情（责任人、历史版本） Grid detail with people and versions',
        params: gridParams,
        response: { 200: gridDetailSchema },
      },
    }, async (req) => getGrid(db, actorOf(req).scopes, req.params.code));

    app.get('/api/locate', {
      config: { access: 'grids.read', errors: ['GRID_NOT_FOUND_FOR_POINT'] },
      schema: {
        tags,
        summary: '坐标定位网格（WGS-84） Resolve a WGS-84 point to its grid',
        querystring: locateQuery,
        response: { 200: locateResponse },
      },
    }, async (req) => {
      const { lng, lat } = req.query;
      const hit = ctx.grids.locate(lng, lat);
      // Only within the districts the caller works in (as reporting is): another district's grids are not theirs to learn.
      if (!hit || !worksInDistrict(actorOf(req).scopes, hit.districtCode)) throw new DomainError('GRID_NOT_FOUND_FOR_POINT', { lng, lat });
      const names = await divisionNames(db, [hit.communityCode, hit.streetCode, hit.districtCode]);
      return {
        lng,
        lat,
        grid: { code: hit.code },
        community: { code: hit.communityCode, name: names.get(hit.communityCode) ?? '' },
        street: { code: hit.streetCode, name: names.get(hit.streetCode) ?? '' },
        district: { code: hit.districtCode, name: names.get(hit.districtCode) ?? '' },
      };
    });

    app.post('/api/grids/import', {
      config: { access: 'grids.manage', errors: ['GEO_FILE_INVALID', 'GRID_IMPORT_INVALID', 'SCOPE_INVALID', 'DIVISION_NOT_FOUND'] },
      bodyLimit: 64 * 1024 * 1024,
      schema: {
        tags,
        summary: '导入单元网格（GeoJSON 或 Shapefile 压缩包；全部成功或全部不导入） Import grids (all or nothing)',
        description: '请求体为文件原始内容：application/geo+json 或 application/zip。GeoJSON 不含坐标系，请用 crs 参数说明（默认 EPSG:4326；如 EPSG:4547）。'
          + 'dryRun=true&report=features：试导入，逐要素返回问题与 WGS-84 几何（有问题也返回 200），不写入任何数据。'
          + ' With dryRun=true&report=features: every feature\'s problems and WGS-84 geometry (200 even with problems); nothing is written.',
        consumes: ['application/geo+json', 'application/zip', 'application/octet-stream'],
        querystring: gridImportQuery,
        response: { 200: gridImportResult },
      },
    }, async (req) => {
      if (!Buffer.isBuffer(req.body) || req.body.length === 0) throw new DomainError('GEO_FILE_INVALID', { reason: 'empty' });
      const actor = actorOf(req);
      const result = await importGrids(db, ctx.grids, {
        buffer: req.body,
        fileName: req.query.fileName,
        crs: req.query.crs?.toUpperCase(),
        codeField: req.query.codeField,
        dryRun: req.query.dryRun,
        report: req.query.report,
        actorUserId: actor.userId,
        scopes: actor.scopes,
        lang: requestLang(req),
      });
      return result;
    });

    app.post('/api/grids/:code/assignments', {
      config: { access: 'grids.manage', errors: ['GRID_NOT_FOUND', 'USER_NOT_FOUND'] },
      schema: {
        tags,
        summary: '指定网格责任人 Assign a person to a grid',
        params: gridParams,
        body: assignGridBody,
        response: { 201: assignmentCreated },
      },
    }, async (req, reply) => reply.status(201).send(await assignGrid(db, actorOf(req).scopes, req.params.code, req.body)));

    app.delete('/api/grids/:code/assignments/:id', {
      config: { access: 'grids.manage', errors: ['NOT_FOUND'] },
      schema: { tags, summary: '结束网格责任指派 End an assignment', params: assignmentParams, response: { 204: noContent } },
    }, async (req, reply) => {
      await endGridAssignment(db, actorOf(req).scopes, req.params.code, req.params.id);
      return reply.status(204).send(null);
    });
  };
}
