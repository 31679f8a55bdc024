import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../app-context.ts';
import { DomainError } from '../errors.ts';
import { pingDatabase } from '../db/pool.ts';

export function healthRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    app.get('/healthz', {
      config: { access: 'public' },
      schema: { tags: ['health'], summary: '存活检查 Liveness', response: { 200: z.object({ status: z.literal('ok') }) } },
    }, async () => ({ status: 'ok' as const }));

    app.get('/readyz', {
      config: { access: 'public' },
      schema: {
        tags: ['health'],
        summary: '就绪检查（数据库可达） Readiness: database reachable',
        response: { 200: z.object({ status: z.literal('ready'), database: z.literal('ok'), grids: z.number() }) },
      },
    }, async () => {
      try {
        await pingDatabase(ctx.db);
      } catch (err) {
        throw new DomainError('SERVICE_UNAVAILABLE', { detail: `database: ${(err as Error).message}` });
      }
      return { status: 'ready' as const, database: 'ok' as const, grids: ctx.grids.size() };
    });
  };
}
