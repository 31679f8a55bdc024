/**
 * What the command centre's desks do to a case beside the workflow: reveal a reporter's contact to call them
 * back, and the emergency alarm (the alarms sounding, and acknowledging one). Neither changes the case's status
 * or version; both are recorded in its timeline.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app-context.ts';
import { actorOf } from '../../http/auth-hooks.ts';
import { acknowledgedAlertSchema, alertListResponse, caseIdParams, revealContactBody, revealedContactSchema } from '../../../shared/api/cases.ts';
import { presentCase } from './case.presenter.ts';
import { listActiveAlerts } from './case.queries.ts';
import type { CommandContext } from './commands/command-context.ts';
import { acknowledgeAlert } from './commands/acknowledge-alert.ts';
import { revealContact } from './commands/reveal-contact.ts';
import { openStepsOf } from './search/case-list.query.ts';
import { loadClockEnv } from './step-clock.ts';
import { loadWorkflowSettings } from './workflow-settings.ts';

/** Alarms a browser is sent at most (newest first); a centre with more unacknowledged emergencies has other problems. */
export const ALERT_LIST_MAX = 100;

export function caseCentreRoutes(ctx: AppContext): FastifyPluginAsync {
  const { db } = ctx;
  const now = () => ctx.now?.() ?? new Date();
  const command = (req: FastifyRequest): CommandContext => ({ db, now, meta: { requestId: String(req.id), ip: req.ip }, notify: ctx.notify, state: ctx.state });
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const tags = ['cases'];

    app.post('/api/cases/:id/revealContact', {
      config: { access: 'cases.revealContact', errors: ['CASE_NOT_FOUND', 'CASE_CONTACT_NONE'] },
      schema: {
        tags,
        summary: '查看报告人联系方式 Reveal the reporter’s phone and name',
        description: '案件详情中报告人电话始终为掩码；回访等需要时由受理员、值班长说明原因后查看。每次查看都记入案件时间线（case.contactRevealed：谁、何时、原因）和安全审计日志，' +
          '不改变案件状态和版本号。只能查看本人可见的案件（否则 404）。' +
          ' The detail always masks the reporter’s phone; receivers and shift leaders reveal it with a reason. Every reveal goes into the case’s timeline' +
          ' (case.contactRevealed: who, when, why) and the security log; the case’s status and version do not change. Cases the caller cannot see are a 404.',
        params: caseIdParams,
        body: revealContactBody,
        response: { 200: revealedContactSchema },
      },
    }, async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return revealContact(command(req), actorOf(req), req.params.id, req.body.reason);
    });

    app.post('/api/cases/:id/acknowledgeAlert', {
      config: { access: 'cases.acknowledgeAlert', errors: ['CASE_NOT_FOUND', 'CASE_ALERT_NOT_ACTIVE'] },
      schema: {
        tags,
        summary: '确认紧急警报 Acknowledge the emergency alarm',
        description: '紧急案件在监督指挥中心响铃，直到受理员、值班长或派遣员中有人确认。确认记在案件上（alert.acknowledgedAt / acknowledgedBy）并作为 case.alertAcknowledged 事件推送，' +
          '其他浏览器据此停止警报；不改变案件状态和版本号。重复确认返回已有的确认（first=false），不报错；非紧急或已办结且未确认的案件返回 409。无请求体。' +
          ' An urgent case rings in the centre until a receiver, shift leader or dispatcher acknowledges it: recorded on the case and pushed as a case.alertAcknowledged' +
          ' event, on which the other browsers stop ringing; status and version stay. A repeated acknowledgement answers the existing one (first=false); a case' +
          ' neither urgent nor open that was never acknowledged is a 409. No request body.',
        params: caseIdParams,
        response: { 200: acknowledgedAlertSchema },
      },
    }, async (req) => acknowledgeAlert(command(req), actorOf(req), req.params.id));

    app.get('/api/cases/alerts', {
      config: { access: 'cases.acknowledgeAlert' },
      schema: {
        tags,
        summary: '响铃中的紧急警报 Emergency alarms sounding',
        description: `本人可见的、未确认且未办结的紧急案件（最新上报在前，至多 ${ALERT_LIST_MAX} 件）：晚连上的浏览器据此补上警报，此后以实时推送为准。` +
          ` The urgent cases the caller can see whose alarm nobody has acknowledged and that are not finished (newest first, at most ${ALERT_LIST_MAX}):` +
          ' a browser that connects late starts ringing from these, then follows the live stream.',
        response: { 200: alertListResponse },
      },
    }, async (req) => {
      const actor = actorOf(req);
      const r = await listActiveAlerts(db, actor, ALERT_LIST_MAX);
      const steps = await openStepsOf(db, r.items.map((c) => c.id));
      const t = now();
      const items = await Promise.all(r.items.map(async (c) => presentCase(c, actor, steps.get(c.id) ?? [], await loadWorkflowSettings(db, c.districtCode, ctx.state.settings),
        { now: t, env: await loadClockEnv(db, c.districtCode, ctx.state.settings) })));
      return { items, total: r.total };
    });
  };
}
