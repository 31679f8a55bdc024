/**
 * `GET /api/desk/summary` and `GET /api/desk/members`: the handling unit's own overview and its members (for the
 * leader's "assign to", and to name whom a case was given to). Only for handling-unit staff and officers with a
 * unit; anyone else has no desk (403). The desk's lists are the case list (`GET /api/cases?unit=…`).
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app-context.ts';
import { actorOf } from '../../http/auth-hooks.ts';
import { DomainError } from '../../errors.ts';
import { deskMembersResponse, deskSummaryResponse } from '../../../shared/api/desk.ts';
import type { Actor } from '../auth/actor.ts';
import { deskCounts, deskMembers, deskPeriods, unitName } from './desk.queries.ts';

function deskUnit(actor: Actor): number {
  if (actor.unitId === null || !(actor.roles.includes('handler') || actor.roles.includes('officer'))) throw new DomainError('FORBIDDEN');
  return actor.unitId;
}

export function caseDeskRoutes(ctx: AppContext): FastifyPluginAsync {
  const { db } = ctx;
  const now = () => ctx.now?.() ?? new Date();
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const tags = ['cases'];

    app.get('/api/desk/summary', {
      config: { access: 'cases.read', errors: ['FORBIDDEN'] },
      schema: {
        tags,
        summary: '单位工作台概况 The handling unit’s overview',
        description: '调用者所在处置单位（作为主办单位）的今日到期、已超时、本周处置（按时/超时件数）和各状态件数；mine 为单位负责人指派给本人的部分。' +
          '日期按北京时间，本周自周一 00:00 起。仅处置单位人员、执法队员可用。' +
          ' For the caller’s unit as lead unit: due today, overdue, handled this week (on time / late, as counts) and cases per status; `mine`: those its leader gave the caller.',
        response: { 200: deskSummaryResponse },
      },
    }, async (req) => {
      const actor = actorOf(req);
      const unitId = deskUnit(actor);
      const t = now();
      const [counts, name] = await Promise.all([deskCounts(db, unitId, actor.userId, t), unitName(db, unitId)]);
      return { unit: { id: unitId, name }, unitLead: actor.unitLead, unitCounts: counts.unit, mine: counts.mine, ...deskPeriods(t) };
    });

    app.get('/api/desk/members', {
      config: { access: 'cases.read', errors: ['FORBIDDEN'] },
      schema: {
        tags,
        summary: '本单位人员 The unit’s members',
        description: '调用者所在单位在岗的处置单位人员、执法队员（负责人在前）：单位负责人据此指派案件。 The caller’s unit’s active handlers and officers, leaders first.',
        response: { 200: deskMembersResponse },
      },
    }, async (req) => ({ items: await deskMembers(db, deskUnit(actorOf(req))) }));
  };
}
