import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { noContent } from '../../../shared/api/fields.ts';
import { dayParams, holidayOverrideBody, holidayYearParams, holidayYearResponse } from '../../../shared/api/settings.ts';
import type { AppContext } from '../../app-context.ts';
import { actorOf } from '../../http/auth-hooks.ts';
import { deleteHolidayOverride, listHolidayYear, setHolidayOverride } from './holiday.service.ts';

export function holidayRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const tags = ['calendars'];
    app.get('/api/holidays/:year', {
      config: { access: 'calendars.read' },
      schema: {
        tags,
        summary: '法定节假日与调休（含管理员调整） Statutory holidays and make-up working days of a year',
        params: holidayYearParams,
        response: { 200: holidayYearResponse },
      },
    }, async (req) => listHolidayYear(ctx.db, req.params.year));

    app.put('/api/holidays/:day', {
      config: { access: 'calendars.manage', clears: 'settings' },
      schema: { tags, summary: '调整某日是否工作日 Override whether a day is a working day', params: dayParams, body: holidayOverrideBody, response: { 204: noContent } },
    }, async (req, reply) => {
      await setHolidayOverride(ctx.db, req.params.day, req.body.isWorkday, req.body.name, actorOf(req).userId);
      return reply.status(204).send(null);
    });

    app.delete('/api/holidays/:day', {
      config: { access: 'calendars.manage', errors: ['NOT_FOUND'], clears: 'settings' },
      schema: { tags, summary: '取消调整 Remove an override', params: dayParams, response: { 204: noContent } },
    }, async (req, reply) => {
      await deleteHolidayOverride(ctx.db, req.params.day);
      return reply.status(204).send(null);
    });
  };
}
