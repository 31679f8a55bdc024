import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { DomainError, pickLang } from '../../errors.ts';
import { actorOf } from '../../http/auth-hooks.ts';
import { importDivisions } from './commands/import-grids.ts';
import { listDivisions } from './geo.queries.ts';

const divisionSchema = z.object({
  code: z.string(),
  level: z.string(),
  name: z.string(),
  shortName: z.string().nullable(),
  kind: z.string().nullable(),
  parentCode: z.string().nullable(),
  isSchematic: z.boolean(),
  gridCount: z.number(),
  geometry: z.object({ type: z.string(), coordinates: z.array(z.any()) }).nullable().optional(),
});

export function divisionRoutes(ctx: AppContext): FastifyPluginAsync {
  const { db } = ctx;
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const tags = ['divisions'];

    app.get('/api/divisions', {
      config: { access: 'divisions.read' },
      schema: {
        tags,
        summary: '行政区划（市、区、街道、社区） List divisions',
        description: '演示数据中的街道、社区边界为示意范围，非官方边界（isSchematic = true）。',
        querystring: z.object({
          level: z.enum(['city', 'district', 'street', 'community']).optional(),
          parentCode: z.string().regex(/^\d{4,12}$/).optional(),
          withGeometry: z.enum(['true', 'false']).default('false'),
        }),
        response: { 200: z.object({ items: z.array(divisionSchema) }) },
      },
    }, async (req) => ({ items: await listDivisions(db, actorOf(req).scopes, { ...req.query, withGeometry: req.query.withGeometry === 'true' }) }));

    app.get('/api/divisions/:code', {
      config: { access: 'divisions.read' },
      schema: {
        tags,
        summary: '区划详情 Get a division',
        params: z.object({ code: z.string().regex(/^(\d{4}|\d{6}|\d{9}|\d{12})$/) }),
        response: { 200: divisionSchema },
      },
    }, async (req) => {
      const all = await listDivisions(db, actorOf(req).scopes, { withGeometry: true });
      const d = all.find((x) => x.code === req.params.code);
      if (!d) throw new DomainError('DIVISION_NOT_FOUND', { code: req.params.code });
      return d;
    });

    app.post('/api/divisions/import', {
      config: { access: 'divisions.manage' },
      bodyLimit: 64 * 1024 * 1024,
      schema: {
        tags,
        summary: '导入街道、社区边界（GeoJSON 或 Shapefile 压缩包） Import street/community polygons',
        consumes: ['application/geo+json', 'application/zip', 'application/octet-stream'],
        querystring: z.object({
          districtCode: z.string().regex(/^\d{6}$/),
          fileName: z.string().max(200).default('divisions.geojson'),
          crs: z.string().regex(/^EPSG:\d{4,5}$/i).optional(),
          dryRun: z.enum(['true', 'false']).default('false'),
        }),
        response: { 200: z.object({ dryRun: z.boolean(), crs: z.string(), streets: z.number(), communities: z.number(), batchId: z.number().nullable() }) },
      },
    }, async (req) => {
      if (!Buffer.isBuffer(req.body) || req.body.length === 0) throw new DomainError('GEO_FILE_INVALID', { detail: 'empty body' });
      const actor = actorOf(req);
      return importDivisions(db, req.query.districtCode, {
        buffer: req.body,
        fileName: req.query.fileName,
        crs: req.query.crs?.toUpperCase(),
        dryRun: req.query.dryRun === 'true',
        actorUserId: actor.userId,
        scopes: actor.scopes,
        lang: pickLang(req.headers['accept-language']),
      });
    });
  };
}
