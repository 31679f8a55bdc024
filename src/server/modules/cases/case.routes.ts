import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app-context.ts';
import { actorOf } from '../../http/auth-hooks.ts';
import {
  actionBody, actionInputSchema, caseDetailSchema, caseIdParams, caseListQuery, caseListResponse, duplicatesResponse, reportCaseBody, reportedCaseSchema,
} from '../../../shared/api/cases.ts';
import type { ErrorCode } from '../../../shared/api/errors.ts';
import { CASE_ACTIONS, FINAL_STATUSES, TRANSITIONS, type CaseAction } from '../../../shared/cases/workflow.ts';
import { presentCase, presentEvent, presentStep } from './case.presenter.ts';
import { getVisibleCase, listEvents, listSteps, suggestedUnit, type CaseRow, type EventRow, type StepRow } from './case.queries.ts';
import { isVisibleTo } from './case.visibility.ts';
import { searchCases } from './search/case-list.query.ts';
import { toCaseFilter } from './search/case-filter.ts';
import { DomainError } from '../../errors.ts';
import type { CommandContext } from './commands/command-context.ts';
import { performCaseAction } from './commands/perform-case-action.ts';
import { decidesRequest, requestAuthor } from './commands/request-author.ts';
import { withoutOwnDecisions } from './case.policy.ts';
import { reportCase } from './commands/report-case.ts';
import { loadClockEnv } from './step-clock.ts';
import { idempotencyClaim, oncePerKey } from '../../http/idempotency.ts';
import { findDuplicateCandidates, visibleDuplicates } from './case.duplicates.ts';
import { loadWorkflowSettings } from './workflow-settings.ts';
import { openStepsOf } from './search/case-list.query.ts';
import { caseSearchRoutes } from './search/case-search.routes.ts';
import { caseCentreRoutes } from './case-centre.routes.ts';
import { caseDeskRoutes } from './desk.routes.ts';
import { assignCase } from './commands/assign-case.ts';
import { assignCaseBody } from '../../../shared/api/desk.ts';

/** What each action's own checks may refuse with, besides what every action may (not found, conflict, wrong state). */
const ACTION_ERRORS: Partial<Record<CaseAction, ErrorCode[]>> = {
  verify: ['PHOTO_NOT_FOUND'],
  check: ['PHOTO_NOT_FOUND'],
  handle: ['PHOTO_NOT_FOUND', 'CASE_AFTER_PHOTO_REQUIRED'],
  dispatch: ['CASE_UNIT_INVALID'],
  requestExtension: ['CASE_EXTENSION_LIMIT'],
  merge: ['CASE_MERGE_INVALID'],
};

export function caseRoutes(ctx: AppContext): FastifyPluginAsync {
  const { db } = ctx;
  const now = () => ctx.now?.() ?? new Date();
  const command = (req: FastifyRequest): CommandContext => ({ db, now, meta: { requestId: String(req.id), ip: req.ip }, notify: ctx.notify, state: ctx.state });
  const caches = ctx.state.settings;

  async function detail(req: FastifyRequest, id: number) {
    const c = await getVisibleCase(db, actorOf(req), id);
    const [steps, events] = await Promise.all([listSteps(db, id), listEvents(db, id)]);
    const shown = await present(req, c, steps, events);
    return { ...shown, allowedActions: withoutOwnDecisions(shown.allowedActions, actorOf(req), requestAuthor(c, events)) };
  }

  /** The settings of each district on a page (one, nearly always; cached). */
  async function settingsByDistrict(rows: Array<{ districtCode: string }>) {
    const districts = [...new Set(rows.map((r) => r.districtCode))];
    return new Map(await Promise.all(districts.map(async (d) => [d, await loadWorkflowSettings(db, d, caches)] as const)));
  }

  /** The calendars and holidays of each district on a page, for the rows' time left (cached, not per row). */
  async function clockEnvsByDistrict(rows: Array<{ districtCode: string }>) {
    const districts = [...new Set(rows.map((r) => r.districtCode))];
    return new Map(await Promise.all(districts.map(async (d) => [d, await loadClockEnv(db, d, caches)] as const)));
  }

  async function present(req: FastifyRequest, c: CaseRow, steps: StepRow[], events: EventRow[]) {
    const [env, settings, suggested] = await Promise.all([
      loadClockEnv(db, c.districtCode, caches),
      loadWorkflowSettings(db, c.districtCode, caches),
      FINAL_STATUSES.includes(c.status) ? null : suggestedUnit(db, c),
    ]);
    const t = now();
    return {
      ...presentCase(c, actorOf(req), steps.filter((s) => !s.endedAt), settings, { now: t, env }),
      steps: steps.map((s) => presentStep(s, t, env)),
      timeline: events.map(presentEvent),
      suggestedUnit: suggested,
    };
  }


  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const tags = ['cases'];

    app.post('/api/cases', {
      config: { access: 'cases.report', idempotent: true, errors: ['CASE_REPORT_NOT_ALLOWED', 'GRID_NOT_FOUND_FOR_POINT', 'CATEGORY_NOT_FOUND', 'PHOTO_NOT_FOUND', 'CASE_NOT_FOUND', 'CASE_AFTER_PHOTO_REQUIRED'] },
      schema: {
        tags,
        summary: '上报案件 Report a case',
        description: '监督员上报（source=supervisor，可附自处理结果）；受理员登记市民、热线、视频、媒体、领导交办等渠道。位置为 WGS-84。',
        body: reportCaseBody,
        response: { 201: reportedCaseSchema },
      },
    }, async (req, reply) => {
      const actor = actorOf(req);
      const claim = idempotencyClaim(req, `user:${actor.userId}`, 201);
      return oncePerKey(db, reply, claim, now(), async () => {
        const r = await reportCase({ ...command(req), grids: ctx.grids }, actor, req.body, { idempotency: claim });
        // The reporter sees the new case only where they could see it afterwards (as GET /api/cases/:id would).
        if (!isVisibleTo(actor, r.case, r.steps)) throw new DomainError('CASE_NOT_FOUND', { id: r.case.id });
        return reply.status(201).send({ ...(await present(req, r.case, r.steps, r.events)), possibleDuplicates: visibleDuplicates(actor, r.duplicateCandidates) });
      }, async (o) => {
        // A retried report answers with the case it made, as it is now (reports keep no body: decision 0007).
        const again = await detail(req, o.caseId!);
        const c = await getVisibleCase(db, actor, o.caseId!);
        const settings = await loadWorkflowSettings(db, c.districtCode, caches);
        const found = await findDuplicateCandidates(db, [c], () => settings);
        return { ...again, possibleDuplicates: visibleDuplicates(actor, found.get(c.id) ?? []) };
      }, { precheck: false });
    });

    app.get('/api/cases/:id/duplicates', {
      config: { access: 'cases.read', errors: ['CASE_NOT_FOUND'] },
      schema: { tags, summary: '疑似重复案件 Possible duplicates (same category, nearby, recent, open)', params: caseIdParams, response: { 200: duplicatesResponse } },
    }, async (req) => {
      const c = await getVisibleCase(db, actorOf(req), req.params.id);
      const settings = await loadWorkflowSettings(db, c.districtCode, caches);
      const found = await findDuplicateCandidates(db, [c], () => settings);
      return { items: visibleDuplicates(actorOf(req), found.get(c.id) ?? []) };
    });

    app.get('/api/cases', {
      config: { access: 'cases.read' },
      schema: {
        tags,
        summary: '案件列表 List cases',
        description: '筛选：状态、当前步骤、类别、区县/街道/社区/网格、单位（主办或协办）、来源、紧急程度、颜色（墙钟近似）、超期、上报/立案/结案时间、全文 q；排序 reportedAt（默认，倒序）或 dueAt。总数超过 2000 时 totalExact=false。',
        querystring: caseListQuery,
        response: { 200: caseListResponse },
      },
    }, async (req) => {
      const actor = actorOf(req);
      const t = now();
      const r = await searchCases(db, actor, { ...toCaseFilter(req.query), sort: req.query.sort, limit: req.query.limit, offset: req.query.offset }, t);
      // allowedActions and each row's openStep use the cases' open steps: one query for the page; settings and calendars once per district.
      const [steps, settings, envs] = await Promise.all([openStepsOf(db, r.items.map((c) => c.id)), settingsByDistrict(r.items), clockEnvsByDistrict(r.items)]);
      return {
        items: r.items.map((c) => presentCase(c, actor, steps.get(c.id) ?? [], settings.get(c.districtCode), { now: t, env: envs.get(c.districtCode)! })),
        total: r.total,
        totalExact: r.totalExact,
      };
    });
    await base.register(caseSearchRoutes(ctx));
    await base.register(caseCentreRoutes(ctx));
    await base.register(caseDeskRoutes(ctx));

    app.post('/api/cases/:id/assign', {
      config: { access: 'cases.read', idempotent: true, errors: ['CASE_NOT_FOUND', 'CASE_VERSION_CONFLICT', 'CASE_ASSIGN_NOT_LEAD', 'CASE_ASSIGN_NOT_OPEN', 'CASE_ASSIGNEE_INVALID'] },
      schema: {
        tags,
        summary: '指派 Assign to a member of the unit',
        description: '主办单位的单位负责人把待签收或处置的环节指派给本单位一名人员（userId 为 null 时退回全单位）。此后只有该人员和单位负责人可签收、处置或提出申请；' +
          '记入时间线（case.assigned），并通知被指派人。请求体须带当前 version（乐观锁，冲突返回 409）。' +
          ' A leader of the lead unit gives its open accept/handle step to one member (null: back to the whole unit); then only they and the unit’s leaders act on it.',
        params: caseIdParams,
        body: assignCaseBody,
        response: { 200: caseDetailSchema },
      },
    }, async (req, reply) => {
      const claim = idempotencyClaim(req, `user:${actorOf(req).userId}`, 200, { keepResponse: true });
      return oncePerKey(db, reply, claim, now(), async () => {
        await assignCase({ ...command(req), idempotency: claim }, actorOf(req), req.params.id, req.body.version, req.body.userId);
        return detail(req, req.params.id);
      }, () => detail(req, req.params.id));
    });

    app.get('/api/cases/:id', {
      config: { access: 'cases.read', errors: ['CASE_NOT_FOUND'] },
      schema: { tags, summary: '案件详情（步骤、时限、时间线） Case detail', params: caseIdParams, response: { 200: caseDetailSchema } },
    }, async (req) => detail(req, req.params.id));

    for (const action of CASE_ACTIONS) {
      const t = TRANSITIONS[action];
      app.post(`/api/cases/:id/${action}`, {
        config: { access: 'cases.read', idempotent: true, errors: ['CASE_NOT_FOUND', 'CASE_VERSION_CONFLICT', 'CASE_TRANSITION_NOT_ALLOWED', ...(ACTION_ERRORS[action] ?? []), ...(decidesRequest(action) ? ['CASE_SAME_PERSON' as const] : [])] },
        schema: {
          tags,
          summary: `${t.label.zh} ${t.label.en}`,
          description: `状态 from: ${t.from.join(', ')}；角色 roles: ${t.roles.join(', ')}。请求体须带当前 version（乐观锁，冲突返回 409）。`,
          params: caseIdParams,
          body: actionBody(action),
          response: { 200: caseDetailSchema },
        },
      }, async (req, reply) => {
        const { version, ...fields } = req.body;
        const claim = idempotencyClaim(req, `user:${actorOf(req).userId}`, 200, { keepResponse: true });
        return oncePerKey(db, reply, claim, now(), async () => {
          await performCaseAction({ ...command(req), idempotency: claim }, actorOf(req), req.params.id, version, actionInputSchema.parse({ ...fields, action }));
          return detail(req, req.params.id);
        }, () => detail(req, req.params.id));
      });
    }
  };
}
