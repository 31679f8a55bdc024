import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { actorOf } from '../../http/auth-hooks.ts';
import { CATEGORY_KINDS, CLOCK_TYPES, UNIT_TYPES, URGENCIES } from '../../../shared/org.ts';
import { importCategories } from './category.service.ts';
import { createLocalCategory, getCategory, listCategories, listMappings, setMapping, updateCategory } from './category.queries.ts';

const categorySchema = z.object({
  kind: z.enum(CATEGORY_KINDS),
  code: z.string(),
  name: z.string(),
  majorCode: z.string(),
  majorName: z.string(),
  source: z.string(),
  isExtension: z.boolean(),
  defaultUnitType: z.string().nullable(),
  timeLimit: z.number().nullable(),
  clockType: z.enum(CLOCK_TYPES),
  urgency: z.enum(URGENCIES),
  filingConditions: z.string(),
  closingConditions: z.string(),
  requiresAfterPhoto: z.boolean(),
  active: z.boolean(),
  updatedAt: z.date(),
});

const keyParams = z.object({ kind: z.enum(CATEGORY_KINDS), code: z.string().regex(/^\d{5}$/, '5 位类别编码') });
const settingsBody = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  defaultUnitType: z.enum(UNIT_TYPES).nullable().optional(),
  timeLimit: z.number().positive().max(99999).nullable().optional(),
  clockType: z.enum(CLOCK_TYPES).optional(),
  urgency: z.enum(URGENCIES).optional(),
  filingConditions: z.string().max(2000).optional(),
  closingConditions: z.string().max(2000).optional(),
  requiresAfterPhoto: z.boolean().optional(),
  active: z.boolean().optional(),
});

export function categoryRoutes(ctx: AppContext): FastifyPluginAsync {
  const { db } = ctx;
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const tags = ['categories'];

    app.get('/api/categories', {
      config: { access: 'categories.read' },
      schema: {
        tags,
        summary: '部件事件类别 List categories (GB/T 47678.5-2026 + local)',
        querystring: z.object({
          kind: z.enum(CATEGORY_KINDS).optional(),
          majorCode: z.string().regex(/^\d{2}$/).optional(),
          q: z.string().max(40).optional(),
          active: z.enum(['true', 'false']).optional(),
        }),
        response: { 200: z.object({ items: z.array(categorySchema), notice: z.string() }) },
      },
    }, async (req) => ({
      items: await listCategories(db, req.query),
      notice: '国家标准类别表为非官方转录，尚未与正式出版文本核对 / the national table is an unofficial transcription',
    }));

    app.get('/api/categories/:kind/:code', {
      config: { access: 'categories.read' },
      schema: { tags, summary: '类别详情 Get a category', params: keyParams, response: { 200: categorySchema } },
    }, async (req) => getCategory(db, req.params.kind, req.params.code));

    app.patch('/api/categories/:kind/:code', {
      config: { access: 'categories.manage' },
      schema: { tags, summary: '修改类别设置（时限、计时方式、紧急程度…） Update category settings', params: keyParams, body: settingsBody, response: { 200: categorySchema } },
    }, async (req) => updateCategory(db, req.params.kind, req.params.code, req.body, actorOf(req).userId));

    app.post('/api/categories', {
      config: { access: 'categories.manage' },
      schema: {
        tags,
        summary: '新增本地扩展类别 Add a local extension category',
        body: settingsBody.extend({
          kind: z.enum(CATEGORY_KINDS),
          code: z.string().regex(/^(1[1-9]|[2-9]\d)\d{3}$/, '本地扩展类别的大类编码须在 11–99 之间'),
          name: z.string().trim().min(1).max(100),
          majorName: z.string().trim().min(1).max(60),
        }),
        response: { 201: categorySchema },
      },
    }, async (req, reply) => reply.status(201).send(await createLocalCategory(db, req.body, actorOf(req).userId)));

    app.post('/api/categories/import', {
      config: { access: 'categories.manage' },
      schema: {
        tags,
        summary: '导入类别 CSV（全部成功或全部不导入） Import a category CSV (all or nothing)',
        consumes: ['text/csv'],
        querystring: z.object({ fileName: z.string().max(200).default('upload.csv') }),
        body: z.string().min(1),
        response: { 200: z.object({ imported: z.number() }) },
      },
    }, async (req) => importCategories(db, req.body, req.query.fileName));

    app.get('/api/category-mappings', {
      config: { access: 'categories.read' },
      schema: {
        tags,
        summary: '旧版类别编码对照 Legacy category mappings',
        querystring: z.object({ scheme: z.string().max(40).optional() }),
        response: { 200: z.object({ items: z.array(z.object({ scheme: z.string(), legacyKind: z.string(), legacyCode: z.string(), legacyName: z.string(), kind: z.string().nullable(), code: z.string().nullable(), method: z.string() })) }) },
      },
    }, async (req) => ({ items: await listMappings(db, req.query.scheme) }));

    app.put('/api/category-mappings', {
      config: { access: 'categories.manage' },
      schema: {
        tags,
        summary: '设置旧版类别编码对照 Set a legacy mapping',
        body: z.object({
          scheme: z.enum(['CJ/T 214-2007', 'GB/T 30428.2-2013']),
          legacyKind: z.enum(CATEGORY_KINDS),
          legacyCode: z.string().regex(/^\d{4,6}$/),
          legacyName: z.string().trim().min(1).max(100),
          kind: z.enum(CATEGORY_KINDS).nullable(),
          code: z.string().regex(/^\d{5}$/).nullable(),
        }),
        response: { 204: z.null() },
      },
    }, async (req, reply) => {
      await setMapping(db, req.body);
      return reply.status(204).send(null);
    });
  };
}
