import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app-context.ts';
import { actorOf } from '../../http/auth-hooks.ts';
import {
  calendarListResponse, calendarSchema, createCalendarBody, createUnitBody, idParams, unitListQuery, unitListResponse, unitSchema, updateCalendarBody, updateUnitBody,
} from '../../../shared/api/org.ts';
import { createCalendar, createUnit, getCalendar, getUnit, listCalendars, listUnits, updateCalendar, updateUnit } from './org.service.ts';

export function orgRoutes(ctx: AppContext): FastifyPluginAsync {
  const { db } = ctx;
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();

    app.get('/api/units', {
      config: { access: 'units.read' },
      schema: { tags: ['units'], summary: '单位列表 List units', querystring: unitListQuery, response: { 200: unitListResponse } },
    }, async (req) => ({ items: await listUnits(db, actorOf(req).scopes, req.query) }));

    app.get('/api/units/:id', {
      config: { access: 'units.read', errors: ['UNIT_NOT_FOUND'] },
      schema: { tags: ['units'], summary: '单位详情 Get a unit', params: idParams, response: { 200: unitSchema } },
    }, async (req) => getUnit(db, actorOf(req).scopes, req.params.id));

    app.post('/api/units', {
      config: { access: 'units.manage', errors: ['UNIT_CODE_TAKEN', 'SCOPE_INVALID', 'CALENDAR_NOT_FOUND', 'UNIT_NOT_FOUND', 'DIVISION_NOT_FOUND'], clears: 'settings' },
      schema: { tags: ['units'], summary: '新建单位 Create a unit', body: createUnitBody, response: { 201: unitSchema } },
    }, async (req, reply) => reply.status(201).send(await createUnit(db, actorOf(req).scopes, req.body)));

    app.patch('/api/units/:id', {
      config: { access: 'units.manage', errors: ['UNIT_NOT_FOUND', 'UNIT_PARENT_INVALID', 'SCOPE_INVALID', 'CALENDAR_NOT_FOUND', 'DIVISION_NOT_FOUND'], clears: 'settings' },
      schema: { tags: ['units'], summary: '修改单位 Update a unit', params: idParams, body: updateUnitBody, response: { 200: unitSchema } },
    }, async (req) => updateUnit(db, actorOf(req).scopes, req.params.id, req.body));

    app.get('/api/calendars', {
      config: { access: 'calendars.read' },
      schema: { tags: ['calendars'], summary: '工作日历列表 List working calendars', response: { 200: calendarListResponse } },
    }, async (req) => ({ items: await listCalendars(db, actorOf(req).scopes) }));

    app.get('/api/calendars/:id', {
      config: { access: 'calendars.read', errors: ['CALENDAR_NOT_FOUND'] },
      schema: { tags: ['calendars'], summary: '工作日历详情 Get a calendar', params: idParams, response: { 200: calendarSchema } },
    }, async (req) => getCalendar(db, actorOf(req).scopes, req.params.id));

    app.post('/api/calendars', {
      config: { access: 'calendars.manage', errors: ['CALENDAR_CODE_TAKEN', 'SCOPE_INVALID', 'DIVISION_NOT_FOUND'], clears: 'settings' },
      schema: { tags: ['calendars'], summary: '新建工作日历 Create a calendar', body: createCalendarBody, response: { 201: calendarSchema } },
    }, async (req, reply) => reply.status(201).send(await createCalendar(db, actorOf(req).scopes, req.body)));

    app.patch('/api/calendars/:id', {
      config: { access: 'calendars.manage', errors: ['CALENDAR_NOT_FOUND'], clears: 'settings' },
      schema: { tags: ['calendars'], summary: '修改工作日历 Update a calendar', params: idParams, body: updateCalendarBody, response: { 200: calendarSchema } },
    }, async (req) => updateCalendar(db, actorOf(req).scopes, req.params.id, req.body));
  };
}
