import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { DomainError } from '../../errors.ts';
import { actorOf } from '../../http/auth-hooks.ts';
import { inScope } from '../../../shared/scope.ts';
import { loadWorkflowSettings, saveWorkflowSettings, workflowSettingsSchema } from './workflow-settings.ts';

const params = z.object({ districtCode: z.string().regex(/^\d{6}$/) });

export function workflowSettingsRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    app.get('/api/workflow-settings/:districtCode', {
      config: { access: 'categories.read' },
      schema: { tags: ['cases'], summary: '流程时限设置 Workflow step limits and policies', params, response: { 200: workflowSettingsSchema } },
    }, async (req) => {
      if (!actorOf(req).scopes.some((s) => s.startsWith(req.params.districtCode) || req.params.districtCode.startsWith(s))) throw new DomainError('DIVISION_NOT_FOUND', { code: req.params.districtCode });
      return loadWorkflowSettings(ctx.db, req.params.districtCode);
    });
    app.put('/api/workflow-settings/:districtCode', {
      config: { access: 'categories.manage' },
      schema: { tags: ['cases'], summary: '修改流程时限设置 Update workflow settings', params, body: workflowSettingsSchema, response: { 200: workflowSettingsSchema } },
    }, async (req) => {
      const actor = actorOf(req);
      if (!inScope(actor.scopes, req.params.districtCode)) throw new DomainError('DIVISION_NOT_FOUND', { code: req.params.districtCode });
      await saveWorkflowSettings(ctx.db, req.params.districtCode, req.body, actor.userId);
      return loadWorkflowSettings(ctx.db, req.params.districtCode);
    });
  };
}
