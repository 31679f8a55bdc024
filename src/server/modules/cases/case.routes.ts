import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { actorOf } from '../../http/auth-hooks.ts';
import { CASE_ACTIONS, CASE_SOURCES, TRANSITIONS, type CaseAction } from '../../../shared/cases/workflow.ts';
import { CATEGORY_KINDS, URGENCIES } from '../../../shared/org.ts';
import { caseSchema, eventSchema, presentCase, presentEvent, presentStep, stepSchema } from './case.presenter.ts';
import { getVisibleCase, listCases, listEvents, listSteps, type CaseRow, type EventRow, type StepRow } from './case.queries.ts';
import { isVisibleTo } from './case.policy.ts';
import { DomainError } from '../../errors.ts';
import type { CommandContext } from './commands/command-context.ts';
import { performCaseAction } from './commands/perform-case-action.ts';
import { reportCase } from './commands/report-case.ts';
import { loadClockEnv } from './step-clock.ts';
import { findDuplicateCandidates, visibleDuplicates } from './case.duplicates.ts';
import { loadWorkflowSettings } from './workflow-settings.ts';
import type { ActionInput } from './case.workflow.ts';
import { caseListQuery, caseListResponse, toCaseFilter } from './search/case-search.schemas.ts';
import { openStepsOf } from './search/case-list.query.ts';
import { caseSearchRoutes } from './search/case-search.routes.ts';

const note = z.string().trim().max(2000).optional();
const reason = z.string().trim().min(1).max(2000);
const photoIds = z.array(z.string().min(1).max(100)).max(20).optional();

/** The body of each action besides `version`; one route per action keeps the OpenAPI document exact. */
const ACTION_BODIES: Record<CaseAction, z.ZodObject> = {
  sendToVerify: z.object({ note }),
  verify: z.object({ isTrue: z.boolean(), note, photoIds }),
  file: z.object({ note, urgency: z.enum(URGENCIES).optional() }),
  proposeVoid: z.object({ reason }),
  approveVoid: z.object({ note }),
  rejectVoid: z.object({ note }),
  dispatch: z.object({ leadUnitId: z.number().int().positive(), coUnitIds: z.array(z.number().int().positive()).max(10).optional(), note }),
  accept: z.object({ note }),
  handle: z.object({ result: z.string().trim().min(1).max(4000), photoIds }),
  requestReturn: z.object({ reason }),
  approveReturn: z.object({ note }),
  denyReturn: z.object({ note }),
  requestExtension: z.object({ amount: z.number().positive().max(720), unit: z.enum(['hours', 'days']), reason }),
  approveExtension: z.object({ note }),
  denyExtension: z.object({ note }),
  requestShelve: z.object({ reason }),
  approveShelve: z.object({ note }),
  denyShelve: z.object({ note }),
  resume: z.object({ note }),
  sendToCheck: z.object({ note }),
  check: z.object({ passed: z.boolean(), note, photoIds }),
  recordCallback: z.object({ reached: z.boolean(), satisfaction: z.enum(['satisfied', 'basicallySatisfied', 'unsatisfied']).optional(), note }),
  close: z.object({ note }),
  rejectSelfHandle: z.object({ reason }),
  urge: z.object({ note: reason }),
  setUrgency: z.object({ urgency: z.enum(URGENCIES), note }),
  merge: z.object({ originalId: z.number().int().positive(), note }),
};

const detailSchema = caseSchema.extend({ steps: z.array(stepSchema), timeline: z.array(eventSchema) });
const duplicateSchema = z.object({ id: z.number(), trackingNo: z.string(), status: z.string(), description: z.string(), reportedAt: z.date(), distanceM: z.number() });
const idParam = z.object({ id: z.coerce.number().int().positive() });

export function caseRoutes(ctx: AppContext): FastifyPluginAsync {
  const { db } = ctx;
  const now = () => ctx.now?.() ?? new Date();
  const command = (req: FastifyRequest): CommandContext => ({ db, now, meta: { requestId: String(req.id), ip: req.ip }, notify: ctx.notify });

  async function detail(req: FastifyRequest, id: number) {
    const c = await getVisibleCase(db, actorOf(req), id);
    const [steps, events] = await Promise.all([listSteps(db, id), listEvents(db, id)]);
    return present(req, c, steps, events);
  }

  async function present(req: FastifyRequest, c: CaseRow, steps: StepRow[], events: EventRow[]) {
    const env = await loadClockEnv(db, c.districtCode);
    const t = now();
    return {
      ...presentCase(c, actorOf(req), steps.filter((s) => !s.endedAt)),
      steps: steps.map((s) => presentStep(s, t, env)),
      timeline: events.map(presentEvent),
    };
  }


  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const tags = ['cases'];

    app.post('/api/cases', {
      config: { access: 'cases.report' },
      schema: {
        tags,
        summary: '上报案件 Report a case',
        description: '监督员上报（source=supervisor，可附自处理结果）；受理员登记市民、热线、视频、媒体、领导交办等渠道。位置为 WGS-84。',
        body: z.object({
          source: z.enum(CASE_SOURCES),
          categoryKind: z.enum(CATEGORY_KINDS),
          categoryCode: z.string().regex(/^\d{5}$/),
          lng: z.number().min(-180).max(180),
          lat: z.number().min(-90).max(90),
          address: z.string().trim().max(200).optional(),
          description: z.string().trim().min(1).max(4000),
          urgency: z.enum(URGENCIES).optional(),
          reporterName: z.string().trim().max(50).optional(),
          reporterPhone: z.string().regex(/^[0-9+-]{5,20}$/).optional(),
          photoIds,
          selfHandle: z.object({ result: z.string().trim().min(1).max(4000), photoIds }).optional(),
        }),
        response: { 201: detailSchema.extend({ possibleDuplicates: z.array(duplicateSchema) }) },
      },
    }, async (req, reply) => {
      const r = await reportCase({ ...command(req), grids: ctx.grids }, actorOf(req), req.body);
      // The reporter sees the new case only where they could see it afterwards (as GET /api/cases/:id would).
      if (!isVisibleTo(actorOf(req), r.case, r.steps)) throw new DomainError('CASE_NOT_FOUND', { id: r.case.id });
      return reply.status(201).send({ ...(await present(req, r.case, r.steps, r.events)), possibleDuplicates: visibleDuplicates(actorOf(req), r.duplicateCandidates) });
    });

    app.get('/api/cases/:id/duplicates', {
      config: { access: 'cases.read' },
      schema: { tags, summary: '疑似重复案件 Possible duplicates (same category, nearby, recent, open)', params: idParam, response: { 200: z.object({ items: z.array(duplicateSchema) }) } },
    }, async (req) => {
      const c = await getVisibleCase(db, actorOf(req), req.params.id);
      const settings = await loadWorkflowSettings(db, c.districtCode);
      const found = await findDuplicateCandidates(db, [c], () => settings);
      return { items: visibleDuplicates(actorOf(req), found.get(c.id) ?? []) };
    });

    app.get('/api/cases', {
      config: { access: 'cases.read' },
      schema: {
        tags,
        summary: '案件列表 List cases',
        description: '筛选：状态、当前步骤、类别、街道/社区/网格、单位（主办或协办）、来源、紧急程度、颜色（墙钟近似）、超期、上报时间、全文 q；排序 reportedAt（默认，倒序）或 dueAt。总数超过 2000 时 totalExact=false。',
        querystring: caseListQuery,
        response: { 200: caseListResponse },
      },
    }, async (req) => {
      const actor = actorOf(req);
      const r = await listCases(db, actor, { ...toCaseFilter(req.query), sort: req.query.sort, limit: req.query.limit, offset: req.query.offset }, now());
      // allowedActions on lists use the cases' open steps: one query for the page.
      const steps = await openStepsOf(db, r.items.map((c) => c.id));
      return { items: r.items.map((c) => presentCase(c, actor, steps.get(c.id) ?? [])), total: r.total, totalExact: r.totalExact };
    });
    await base.register(caseSearchRoutes(ctx));

    app.get('/api/cases/:id', {
      config: { access: 'cases.read' },
      schema: { tags, summary: '案件详情（步骤、时限、时间线） Case detail', params: idParam, response: { 200: detailSchema } },
    }, async (req) => detail(req, req.params.id));

    for (const action of CASE_ACTIONS) {
      const t = TRANSITIONS[action];
      app.post(`/api/cases/:id/${action}`, {
        config: { access: 'cases.read' },
        schema: {
          tags,
          summary: `${t.label.zh} ${t.label.en}`,
          description: `状态 from: ${t.from.join(', ')}；角色 roles: ${t.roles.join(', ')}。请求体须带当前 version（乐观锁，冲突返回 409）。`,
          params: idParam,
          body: ACTION_BODIES[action].extend({ version: z.number().int().positive() }),
          response: { 200: detailSchema },
        },
      }, async (req) => {
        const { version, ...rest } = req.body as { version: number } & Record<string, unknown>;
        await performCaseAction(command(req), actorOf(req), req.params.id, version, { action, ...rest } as ActionInput);
        return detail(req, req.params.id);
      });
    }
  };
}
