import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { DomainError } from '../../errors.ts';
import { actorOf } from '../../http/auth-hooks.ts';
import { deleteHolidayOverride, listHolidayYear, setHolidayOverride } from './holiday.service.ts';

const day = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'YYYY-MM-DD');

export function holidayRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const tags = ['calendars'];
    app.get('/api/holidays/:year', {
      config: { access: 'calendars.read' },
      schema: {
        tags,
        summary: '法定节假日与调休（含管理员调整） Statutory holidays and make-up working days of a year',
        params: z.object({ year: z.coerce.number().int().min(2000).max(2100) }),
        response: {
          200: z.object({
            year: z.number(),
            /** Days that differ from plain Monday–Friday, with where the answer comes from. */
            days: z.array(z.object({ day: z.string(), isWorkday: z.boolean(), name: z.string(), source: z.enum(['statutory', 'override']) })),
          }),
        },
      },
    }, async (req) => listHolidayYear(ctx.db, req.params.year));

    app.put('/api/holidays/:day', {
      config: { access: 'calendars.manage' },
      schema: {
        tags,
        summary: '调整某日是否工作日 Override whether a day is a working day',
        params: z.object({ day }),
        body: z.object({ isWorkday: z.boolean(), name: z.string().trim().max(40).default('') }),
        response: { 204: z.null() },
      },
    }, async (req, reply) => {
      if (Number.isNaN(new Date(`${req.params.day}T00:00:00Z`).getTime())) throw new DomainError('VALIDATION_FAILED', { detail: `day ${req.params.day}` });
      await setHolidayOverride(ctx.db, req.params.day, req.body.isWorkday, req.body.name, actorOf(req).userId);
      return reply.status(204).send(null);
    });

    app.delete('/api/holidays/:day', {
      config: { access: 'calendars.manage' },
      schema: { tags, summary: '取消调整 Remove an override', params: z.object({ day }), response: { 204: z.null() } },
    }, async (req, reply) => {
      await deleteHolidayOverride(ctx.db, req.params.day);
      return reply.status(204).send(null);
    });
  };
}
