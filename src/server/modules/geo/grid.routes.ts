import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { DomainError, pickLang } from '../../errors.ts';
import { actorOf } from '../../http/auth-hooks.ts';
import { GRID_DUTIES } from '../../../shared/org.ts';
import { assignGrid, endGridAssignment } from './commands/assign-grid.ts';
import { importGrids } from './commands/import-grids.ts';
import { divisionNames, getGrid, listGrids } from './geo.queries.ts';

const geometry = z.object({ type: z.enum(['Polygon', 'MultiPolygon']), coordinates: z.array(z.any()) });
const gridSchema = z.object({
  code: z.string(),
  communityCode: z.string(),
  communityName: z.string(),
  streetCode: z.string(),
  streetName: z.string(),
  areaM2: z.number(),
  isSchematic: z.boolean(),
  validFrom: z.date(),
  supervisors: z.array(z.object({ username: z.string(), displayName: z.string() })),
  geometry: geometry.optional(),
});
const codeParam = z.object({ code: z.string().regex(/^\d{15}$/, '15 位网格编码') });
const bboxParam = z
  .string()
  .regex(/^-?\d+(\.\d+)?(,-?\d+(\.\d+)?){3}$/, 'minLng,minLat,maxLng,maxLat')
  .transform((s) => s.split(',').map(Number) as [number, number, number, number]);

export const importResultSchema = z.object({
  dryRun: z.boolean(),
  crs: z.string(),
  features: z.number(),
  imported: z.number(),
  communities: z.array(z.string()),
  retired: z.number(),
  gaps: z.array(z.object({ communityCode: z.string(), areaM2: z.number() })),
  batchId: z.number().nullable(),
});

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
        querystring: z.object({
          streetCode: z.string().regex(/^\d{9}$/).optional(),
          communityCode: z.string().regex(/^\d{12}$/).optional(),
          bbox: bboxParam.optional(),
          withGeometry: z.enum(['true', 'false']).default('false'),
          limit: z.coerce.number().int().min(1).max(5000).default(100),
          offset: z.coerce.number().int().min(0).default(0),
        }),
        response: { 200: z.object({ items: z.array(gridSchema), total: z.number() }) },
      },
    }, async (req) => listGrids(db, actorOf(req).scopes, { ...req.query, withGeometry: req.query.withGeometry === 'true' }));

    app.get('/api/grids/:code', {
      config: { access: 'grids.read' },
      schema: {
        tags,
        summary: '网格详情（责任人、历史版本） Grid detail with people and versions',
        params: codeParam,
        response: {
          200: gridSchema.omit({ supervisors: true }).extend({
            geometry,
            assignments: z.array(z.object({ id: z.number(), duty: z.string(), validFrom: z.date(), username: z.string(), displayName: z.string(), phone: z.string().nullable() })),
            versions: z.array(z.object({ id: z.number(), validFrom: z.date(), validTo: z.date().nullable(), areaM2: z.number(), importBatchId: z.number().nullable() })),
          }),
        },
      },
    }, async (req) => getGrid(db, actorOf(req).scopes, req.params.code));

    app.get('/api/locate', {
      config: { access: 'grids.read' },
      schema: {
        tags,
        summary: '坐标定位网格（WGS-84） Resolve a WGS-84 point to its grid',
        querystring: z.object({ lng: z.coerce.number().min(-180).max(180), lat: z.coerce.number().min(-90).max(90) }),
        response: {
          200: z.object({
            lng: z.number(),
            lat: z.number(),
            grid: z.object({ code: z.string() }),
            community: z.object({ code: z.string(), name: z.string() }),
            street: z.object({ code: z.string(), name: z.string() }),
            district: z.object({ code: z.string(), name: z.string() }),
          }),
        },
      },
    }, async (req) => {
      const { lng, lat } = req.query;
      const hit = ctx.grids.locate(lng, lat);
      if (!hit) throw new DomainError('GRID_NOT_FOUND_FOR_POINT', { lng, lat });
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
      config: { access: 'grids.manage' },
      bodyLimit: 64 * 1024 * 1024,
      schema: {
        tags,
        summary: '导入单元网格（GeoJSON 或 Shapefile 压缩包；全部成功或全部不导入） Import grids (all or nothing)',
        description: '请求体为文件原始内容：application/geo+json 或 application/zip。GeoJSON 不含坐标系，请用 crs 参数说明（默认 EPSG:4326；如 EPSG:4547）。',
        consumes: ['application/geo+json', 'application/zip', 'application/octet-stream'],
        querystring: z.object({
          fileName: z.string().max(200).default('grids.geojson'),
          crs: z.string().regex(/^EPSG:\d{4,5}$/i).optional(),
          codeField: z.string().max(40).optional(),
          dryRun: z.enum(['true', 'false']).default('false'),
        }),
        response: { 200: importResultSchema },
      },
    }, async (req) => {
      if (!Buffer.isBuffer(req.body) || req.body.length === 0) throw new DomainError('GEO_FILE_INVALID', { detail: 'empty body' });
      const actor = actorOf(req);
      const result = await importGrids(db, ctx.grids, {
        buffer: req.body,
        fileName: req.query.fileName,
        crs: req.query.crs?.toUpperCase(),
        codeField: req.query.codeField,
        dryRun: req.query.dryRun === 'true',
        actorUserId: actor.userId,
        scopes: actor.scopes,
        lang: pickLang(req.headers['accept-language']),
      });
      return result;
    });

    app.post('/api/grids/:code/assignments', {
      config: { access: 'grids.manage' },
      schema: {
        tags,
        summary: '指定网格责任人 Assign a person to a grid',
        params: codeParam,
        body: z.object({ username: z.string().min(1).max(40), duty: z.enum(GRID_DUTIES) }),
        response: { 201: z.object({ id: z.number() }) },
      },
    }, async (req, reply) => reply.status(201).send(await assignGrid(db, actorOf(req).scopes, req.params.code, req.body)));

    app.delete('/api/grids/:code/assignments/:id', {
      config: { access: 'grids.manage' },
      schema: { tags, summary: '结束网格责任指派 End an assignment', params: codeParam.extend({ id: z.coerce.number().int().positive() }), response: { 204: z.null() } },
    }, async (req, reply) => {
      await endGridAssignment(db, actorOf(req).scopes, req.params.code, req.params.id);
      return reply.status(204).send(null);
    });
  };
}
