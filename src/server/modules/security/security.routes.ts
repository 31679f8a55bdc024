import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { securityEventListResponse, securityEventQuery } from '../../../shared/api/security.ts';
import type { AppContext } from '../../app-context.ts';
import { listSecurityEvents } from './security-log.ts';
import { actorOf } from '../../http/auth-hooks.ts';

export function securityRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    app.get('/api/security-events', {
      config: { access: 'securityLog.read' },
      schema: { tags: ['security'], summary: '安全审计日志（审计员） Security log (auditor)', querystring: securityEventQuery, response: { 200: securityEventListResponse } },
    }, async (req) => ({ items: await listSecurityEvents(ctx.db, actorOf(req).scopes, req.query) }));
  };
}
