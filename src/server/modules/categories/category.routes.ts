import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app-context.ts';
import { actorOf } from '../../http/auth-hooks.ts';
import {
  categoryImportQuery, categoryImportResult, categoryListQuery, categoryListResponse, categoryParams, categorySchema, categorySettingsBody, createCategoryBody,
  mappingListQuery, mappingListResponse, setMappingBody,
} from '../../../shared/api/categories.ts';
import { noContent, rawText } from '../../../shared/api/fields.ts';
import { importCategories } from './category.service.ts';
import { createLocalCategory, getCategory, listCategories, listMappings, setMapping, updateCategory } from './category.queries.ts';

export function categoryRoutes(ctx: AppContext): FastifyPluginAsync {
  const { db } = ctx;
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const tags = ['categories'];

    app.get('/api/categories', {
      config: { access: 'categories.read' },
      schema: { tags, summary: '部件事件类别 List categories (GB/T 47678.5-2026 + local)', querystring: categoryListQuery, response: { 200: categoryListResponse } },
    }, async (req) => ({
      items: await listCategories(db, req.query),
      notice: '国家标准类别表为非官方转录，尚未与正式出版文本核对 / the national table is an unofficial transcription',
    }));

    app.get('/api/categories/:kind/:code', {
      config: { access: 'categories.read', errors: ['CATEGORY_NOT_FOUND'] },
      schema: { tags, summary: '类别详情 Get a category', params: categoryParams, response: { 200: categorySchema } },
    }, async (req) => getCategory(db, req.params.kind, req.params.code));

    app.patch('/api/categories/:kind/:code', {
      config: { access: 'categories.manage', errors: ['CATEGORY_NOT_FOUND'], clears: 'settings' },
      schema: { tags, summary: '修改类别设置（时限、计时方式、紧急程度…） Update category settings', params: categoryParams, body: categorySettingsBody, response: { 200: categorySchema } },
    }, async (req) => updateCategory(db, req.params.kind, req.params.code, req.body, actorOf(req).userId));

    app.post('/api/categories', {
      config: { access: 'categories.manage', errors: ['CATEGORY_EXISTS'], clears: 'settings' },
      schema: { tags, summary: '新增本地扩展类别 Add a local extension category', body: createCategoryBody, response: { 201: categorySchema } },
    }, async (req, reply) => reply.status(201).send(await createLocalCategory(db, req.body, actorOf(req).userId)));

    app.post('/api/categories/import', {
      bodyLimit: 8 * 1024 * 1024,
      config: { access: 'categories.manage', errors: ['CATEGORY_IMPORT_INVALID'], clears: 'settings' },
      schema: {
        tags,
        summary: '导入类别 CSV（全部成功或全部不导入） Import a category CSV (all or nothing)',
        description: 'dryRun=true 时只检查并返回预览，不写入。 With dryRun=true the file is checked and previewed, nothing is written.',
        consumes: ['text/csv'],
        querystring: categoryImportQuery,
        body: rawText(8 * 1024 * 1024).describe('CSV 文件内容（UTF-8） the CSV file (UTF-8)'),
        response: { 200: categoryImportResult },
      },
    }, async (req) => importCategories(db, req.body, req.query.fileName, { dryRun: req.query.dryRun }));

    app.get('/api/category-mappings', {
      config: { access: 'categories.read' },
      schema: { tags, summary: '旧版类别编码对照 Legacy category mappings', querystring: mappingListQuery, response: { 200: mappingListResponse } },
    }, async (req) => ({ items: await listMappings(db, req.query.scheme) }));

    app.put('/api/category-mappings', {
      config: { access: 'categories.manage', errors: ['CATEGORY_NOT_FOUND'] },
      schema: { tags, summary: '设置旧版类别编码对照 Set a legacy mapping', body: setMappingBody, response: { 204: noContent } },
    }, async (req, reply) => {
      await setMapping(db, req.body);
      return reply.status(204).send(null);
    });
  };
}
