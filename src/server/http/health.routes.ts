import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { livenessResponse, readinessResponse } from '../../shared/api/health.ts';
import type { AppContext } from '../app-context.ts';
import { DomainError } from '../errors.ts';
import { pingDatabase } from '../db/pool.ts';

export function healthRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    app.get('/healthz', {
      config: { access: 'public' },
      schema: { tags: ['health'], summary: '存活检查 Liveness', response: { 200: livenessResponse } },
    }, async () => ({ status: 'ok' as const }));

    app.get('/readyz', {
      config: { access: 'public', errors: ['SERVICE_UNAVAILABLE'] },
      schema: {
        tags: ['health'],
        summary: '就绪检查（数据库可达） Readiness: database reachable',
        response: { 200: readinessResponse },
      },
    }, async (req) => {
      try {
        await pingDatabase(ctx.db);
      } catch (err) {
        req.log.warn({ err }, 'readiness: database unreachable');
        throw new DomainError('SERVICE_UNAVAILABLE', { reason: 'database' });
      }
      return { status: 'ready' as const, database: 'ok' as const, grids: ctx.grids.size() };
    });
  };
}
