/**
 * The auditor's view of the audit trail: its status (newest checkpoint, what is not yet covered, the last
 * verification) and a verification on demand. Verifying streams through the whole trail, so it runs beside the
 * request: POST answers 202 with the run, and the status shows its progress and then its result.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditStatusResponse, verifyStartedResponse } from '../../../shared/api/audit.ts';
import type { AppContext } from '../../app-context.ts';
import { actorOf } from '../../http/auth-hooks.ts';
import { readAuditStatus } from './audit-status.queries.ts';
import { startVerification } from './audit-verification.ts';
import { loadOrCreateAuditKey, type AuditKey } from './checkpoint.ts';

export function auditRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const tags = ['audit'];
    let key: AuditKey | undefined;
    const running = new Set<Promise<unknown>>();
    // A run in progress finishes (and is stored) before the app lets go of the database.
    app.addHook('onClose', async () => {
      await Promise.allSettled([...running]);
    });

    app.get('/api/audit/status', {
      config: { access: 'audit.verify' },
      schema: { tags, summary: '审计链状态（审计员） Audit-trail status (auditor)', response: { 200: auditStatusResponse } },
    }, async () => ({
      ...(await readAuditStatus(ctx.db)),
      checkpointSeconds: ctx.config.checkpointSeconds,
      dailyVerify: true,
    }));

    app.post('/api/audit/verify', {
      config: { access: 'audit.verify', errors: ['AUDIT_VERIFY_RUNNING'] },
      schema: {
        tags,
        summary: '立即核验审计链（审计员） Verify the audit trail now (auditor)',
        description: '在后台逐条核验全部案件事件链与签名检查点，立即返回 202；进度与结果见 GET /api/audit/status，结果记入安全日志（audit.verified）。同一时间只运行一次核验：已有核验进行中时返回 409 AUDIT_VERIFY_RUNNING。 Runs in the background (202); progress and result in GET /api/audit/status; one at a time (409 AUDIT_VERIFY_RUNNING).',
        response: { 202: verifyStartedResponse },
      },
    }, async (req, reply) => {
      const actor = actorOf(req);
      key ??= loadOrCreateAuditKey(ctx.config.auditKeyFile);
      const started = await startVerification(ctx.db, key, { trigger: 'user', userId: actor.userId, username: actor.username, ip: req.ip, requestId: String(req.id) });
      const done = started.done.then(({ row }) => {
        if (row.error) req.log.error({ verification: row.id, error: row.error }, 'audit verification failed');
      });
      running.add(done);
      void done.finally(() => running.delete(done));
      return reply.status(202).send({ verification: started.verification });
    });
  };
}
