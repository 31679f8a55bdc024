import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { districtParams, workflowSettingsBody, workflowSettingsSchema } from '../../../shared/api/settings.ts';
import type { AppContext } from '../../app-context.ts';
import { DomainError } from '../../errors.ts';
import { actorOf } from '../../http/auth-hooks.ts';
import { inScope, touchesDivision } from '../../../shared/scope.ts';
import { loadWorkflowSettings, saveWorkflowSettings } from './workflow-settings.ts';

export function workflowSettingsRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    app.get('/api/workflow-settings/:districtCode', {
      config: { access: 'categories.read', errors: ['DIVISION_NOT_FOUND'] },
      schema: { tags: ['cases'], summary: '流程时限设置 Workflow step limits and policies', params: districtParams, response: { 200: workflowSettingsSchema } },
    }, async (req) => {
      if (!touchesDivision(actorOf(req).scopes, req.params.districtCode)) throw new DomainError('DIVISION_NOT_FOUND', { code: req.params.districtCode });
      return loadWorkflowSettings(ctx.db, req.params.districtCode, ctx.state.settings);
    });
    app.put('/api/workflow-settings/:districtCode', {
      config: { access: 'categories.manage', errors: ['DIVISION_NOT_FOUND'], clears: 'settings' },
      schema: { tags: ['cases'], summary: '修改流程时限设置 Update workflow settings', params: districtParams, body: workflowSettingsBody, response: { 200: workflowSettingsSchema } },
    }, async (req) => {
      const actor = actorOf(req);
      if (!inScope(actor.scopes, req.params.districtCode)) throw new DomainError('DIVISION_NOT_FOUND', { code: req.params.districtCode });
      await saveWorkflowSettings(ctx.db, req.params.districtCode, req.body, actor.userId);
      ctx.state.settings.clear();
      return loadWorkflowSettings(ctx.db, req.params.districtCode, ctx.state.settings);
    });
  };
}
