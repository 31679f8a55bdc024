import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { actorOf } from '../../http/auth-hooks.ts';
import { calendarDefinitionSchema } from '../../../shared/calendar.ts';
import { UNIT_TYPES } from '../../../shared/org.ts';
import { createCalendar, createUnit, getCalendar, getUnit, listCalendars, listUnits, updateCalendar, updateUnit } from './org.service.ts';

const unitSchema = z.object({
  id: z.number(),
  districtCode: z.string(),
  code: z.string(),
  name: z.string(),
  type: z.string(),
  areaCode: z.string(),
  calendarId: z.number(),
  calendarName: z.string(),
  parentId: z.number().nullable(),
  phone: z.string().nullable(),
  active: z.boolean(),
  staffCount: z.number(),
});
const calendarSchema = z.object({ id: z.number(), districtCode: z.string(), code: z.string(), name: z.string(), definition: calendarDefinitionSchema });
const idParam = z.object({ id: z.coerce.number().int().positive() });
const divisionCode = z.string().regex(/^(\d{6}|\d{9}|\d{12})$/, '6/9/12 位区划编码');

export function orgRoutes(ctx: AppContext): FastifyPluginAsync {
  const { db } = ctx;
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();

    app.get('/api/units', {
      config: { access: 'units.read' },
      schema: {
        tags: ['units'],
        summary: '单位列表 List units',
        querystring: z.object({ type: z.enum(UNIT_TYPES).optional(), areaCode: divisionCode.optional() }),
        response: { 200: z.object({ items: z.array(unitSchema) }) },
      },
    }, async (req) => ({ items: await listUnits(db, actorOf(req).scopes, req.query) }));

    app.get('/api/units/:id', {
      config: { access: 'units.read' },
      schema: { tags: ['units'], summary: '单位详情 Get a unit', params: idParam, response: { 200: unitSchema } },
    }, async (req) => getUnit(db, actorOf(req).scopes, req.params.id));

    const unitBody = z.object({
      code: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/),
      name: z.string().trim().min(1).max(100),
      type: z.enum(UNIT_TYPES),
      areaCode: divisionCode,
      calendarId: z.number().int().positive(),
      parentId: z.number().int().positive().nullable().optional(),
      phone: z.string().regex(/^[0-9+-]{5,20}$/).nullable().optional(),
    });

    app.post('/api/units', {
      config: { access: 'units.manage' },
      schema: { tags: ['units'], summary: '新建单位 Create a unit', body: unitBody, response: { 201: unitSchema } },
    }, async (req, reply) => reply.status(201).send(await createUnit(db, actorOf(req).scopes, req.body)));

    app.patch('/api/units/:id', {
      config: { access: 'units.manage' },
      schema: {
        tags: ['units'],
        summary: '修改单位 Update a unit',
        params: idParam,
        body: unitBody.omit({ code: true }).partial().extend({ active: z.boolean().optional() }),
        response: { 200: unitSchema },
      },
    }, async (req) => updateUnit(db, actorOf(req).scopes, req.params.id, req.body));

    app.get('/api/calendars', {
      config: { access: 'calendars.read' },
      schema: { tags: ['calendars'], summary: '工作日历列表 List working calendars', response: { 200: z.object({ items: z.array(calendarSchema) }) } },
    }, async (req) => ({ items: await listCalendars(db, actorOf(req).scopes) }));

    app.get('/api/calendars/:id', {
      config: { access: 'calendars.read' },
      schema: { tags: ['calendars'], summary: '工作日历详情 Get a calendar', params: idParam, response: { 200: calendarSchema } },
    }, async (req) => getCalendar(db, actorOf(req).scopes, req.params.id));

    app.post('/api/calendars', {
      config: { access: 'calendars.manage' },
      schema: {
        tags: ['calendars'],
        summary: '新建工作日历 Create a calendar',
        body: z.object({ districtCode: z.string().regex(/^\d{6}$/), code: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/), name: z.string().trim().min(1).max(60), definition: calendarDefinitionSchema }),
        response: { 201: calendarSchema },
      },
    }, async (req, reply) => reply.status(201).send(await createCalendar(db, actorOf(req).scopes, req.body)));

    app.patch('/api/calendars/:id', {
      config: { access: 'calendars.manage' },
      schema: {
        tags: ['calendars'],
        summary: '修改工作日历 Update a calendar',
        params: idParam,
        body: z.object({ name: z.string().trim().min(1).max(60).optional(), definition: calendarDefinitionSchema.optional() }),
        response: { 200: calendarSchema },
      },
    }, async (req) => updateCalendar(db, actorOf(req).scopes, req.params.id, req.body));
  };
}
