import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app.ts';
import { DomainError } from '../../errors.ts';
import { actorOf } from '../../http/auth-hooks.ts';
import { CATEGORY_KINDS, CLOCK_TYPES, UNIT_TYPES, URGENCIES } from '../../../shared/org.ts';
import { importCategories } from './category.service.ts';

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

const SELECT = `SELECT kind, code, name, major_code AS "majorCode", major_name AS "majorName", source, is_extension AS "isExtension",
  default_unit_type AS "defaultUnitType", time_limit AS "timeLimit", clock_type AS "clockType", urgency,
  filing_conditions AS "filingConditions", closing_conditions AS "closingConditions",
  requires_after_photo AS "requiresAfterPhoto", active, updated_at AS "updatedAt" FROM categories`;

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
  async function getOne(kind: string, code: string) {
    const { rows } = await db.query(`${SELECT} WHERE kind = $1 AND code = $2`, [kind, code]);
    if (!rows[0]) throw new DomainError('CATEGORY_NOT_FOUND', { kind, code });
    return rows[0];
  }
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
    }, async (req) => {
      const args: unknown[] = [];
      const where: string[] = [];
      const add = (sql: string, v: unknown) => {
        args.push(v);
        where.push(sql.replaceAll('?', `$${args.length}`));
      };
      if (req.query.kind) add('kind = ?', req.query.kind);
      if (req.query.majorCode) add('major_code = ?', req.query.majorCode);
      if (req.query.q) add(`(name LIKE '%' || ? || '%' OR code LIKE ? || '%')`, req.query.q);
      if (req.query.active) add('active = ?', req.query.active === 'true');
      const { rows } = await db.query(`${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY kind, code`, args);
      return { items: rows, notice: '国家标准类别表为非官方转录，尚未与正式出版文本核对 / the national table is an unofficial transcription' };
    });

    app.get('/api/categories/:kind/:code', {
      config: { access: 'categories.read' },
      schema: { tags, summary: '类别详情 Get a category', params: keyParams, response: { 200: categorySchema } },
    }, async (req) => getOne(req.params.kind, req.params.code));

    app.patch('/api/categories/:kind/:code', {
      config: { access: 'categories.manage' },
      schema: { tags, summary: '修改类别设置（时限、计时方式、紧急程度…） Update category settings', params: keyParams, body: settingsBody, response: { 200: categorySchema } },
    }, async (req) => {
      const b = req.body;
      const { rowCount } = await db.query(
        `UPDATE categories SET name = COALESCE($3, name),
                default_unit_type = CASE WHEN $4::boolean THEN $5 ELSE default_unit_type END,
                time_limit = CASE WHEN $6::boolean THEN $7::numeric ELSE time_limit END,
                clock_type = COALESCE($8, clock_type), urgency = COALESCE($9, urgency),
                filing_conditions = COALESCE($10, filing_conditions), closing_conditions = COALESCE($11, closing_conditions),
                requires_after_photo = COALESCE($12, requires_after_photo), active = COALESCE($13, active),
                updated_at = now(), updated_by = $14
          WHERE kind = $1 AND code = $2`,
        [req.params.kind, req.params.code, b.name ?? null, b.defaultUnitType !== undefined, b.defaultUnitType ?? null,
          b.timeLimit !== undefined, b.timeLimit ?? null, b.clockType ?? null, b.urgency ?? null, b.filingConditions ?? null,
          b.closingConditions ?? null, b.requiresAfterPhoto ?? null, b.active ?? null, actorOf(req).userId],
      );
      if (!rowCount) throw new DomainError('CATEGORY_NOT_FOUND', { kind: req.params.kind, code: req.params.code });
      return getOne(req.params.kind, req.params.code);
    });

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
    }, async (req, reply) => {
      const b = req.body;
      const { rowCount } = await db.query(
        `INSERT INTO categories (kind, code, name, major_code, major_name, source, is_extension, default_unit_type, time_limit, clock_type,
                                 urgency, filing_conditions, closing_conditions, requires_after_photo, updated_by)
         VALUES ($1,$2,$3,left($2, 2),$4,'local',true,$5,$6,$7,$8,$9,$10,$11,$12) ON CONFLICT (kind, code) DO NOTHING`,
        [b.kind, b.code, b.name, b.majorName, b.defaultUnitType ?? null, b.timeLimit ?? null, b.clockType ?? 'workingDays',
          b.urgency ?? 'normal', b.filingConditions ?? '', b.closingConditions ?? '', b.requiresAfterPhoto ?? true, actorOf(req).userId],
      );
      if (!rowCount) throw new DomainError('CATEGORY_EXISTS', { kind: b.kind, code: b.code });
      return reply.status(201).send(await getOne(b.kind, b.code));
    });

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
    }, async (req) => {
      const { rows } = await db.query(
        `SELECT scheme, legacy_kind AS "legacyKind", legacy_code AS "legacyCode", legacy_name AS "legacyName", kind, code, method
           FROM category_legacy_mappings WHERE ($1::text IS NULL OR scheme = $1) ORDER BY scheme, legacy_kind, legacy_code`,
        [req.query.scheme ?? null],
      );
      return { items: rows };
    });

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
      const b = req.body;
      if (b.kind && b.code) await getOne(b.kind, b.code);
      await db.query(
        `INSERT INTO category_legacy_mappings (scheme, legacy_kind, legacy_code, legacy_name, kind, code, method)
         VALUES ($1,$2,$3,$4,$5,$6,$7)
         ON CONFLICT (scheme, legacy_kind, legacy_code) DO UPDATE SET legacy_name = EXCLUDED.legacy_name, kind = EXCLUDED.kind,
                code = EXCLUDED.code, method = EXCLUDED.method`,
        [b.scheme, b.legacyKind, b.legacyCode, b.legacyName, b.kind, b.code, b.kind && b.code ? 'manual' : 'unmapped'],
      );
      return reply.status(204).send(null);
    });
  };
}
