import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { listSecurityEvents, SECURITY_EVENT_KINDS } from './security-log.ts';

export function securityRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    app.get('/api/security-events', {
      config: { access: 'securityLog.read' },
      schema: {
        tags: ['security'],
        summary: '安全审计日志（审计员） Security log (auditor)',
        querystring: z.object({
          kind: z.enum(SECURITY_EVENT_KINDS).optional(),
          username: z.string().max(40).optional(),
          from: z.coerce.date().optional(),
          to: z.coerce.date().optional(),
          beforeId: z.coerce.number().int().positive().optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
        }),
        response: {
          200: z.object({
            items: z.array(z.object({
              id: z.number(),
              at: z.date(),
              kind: z.string(),
              userId: z.number().nullable(),
              username: z.string().nullable(),
              ip: z.string().nullable(),
              requestId: z.string().nullable(),
              detail: z.record(z.string(), z.unknown()),
            })),
          }),
        },
      },
    }, async (req) => ({ items: await listSecurityEvents(ctx.db, req.query) }));
  };
}
