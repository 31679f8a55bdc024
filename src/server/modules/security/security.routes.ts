import { Readable } from 'node:stream';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { securityEventExportQuery, securityEventListResponse, securityEventQuery } from '../../../shared/api/security.ts';
import type { AppContext } from '../../app-context.ts';
import { lastSecurityEventId, listSecurityEvents, recordSecurityEvent, streamSecurityEvents } from './security-log.ts';
import { csvHeader, csvRow } from './security-export.ts';
import { actorOf } from '../../http/auth-hooks.ts';
import { requestLang } from '../../http/errors.ts';

export function securityRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    app.get('/api/security-events', {
      config: { access: 'securityLog.read' },
      schema: { tags: ['security'], summary: '安全审计日志（审计员） Security log (auditor)', querystring: securityEventQuery, response: { 200: securityEventListResponse } },
    }, async (req) => ({ items: await listSecurityEvents(ctx.db, actorOf(req).scopes, req.query) }));

    app.get('/api/security-events/export', {
      config: { access: 'securityLog.read' },
      schema: {
        tags: ['security'],
        summary: '导出安全审计日志（CSV） Export the security log (CSV)',
        description: '与列表相同的筛选条件；UTF-8（带 BOM）CSV，按编号从新到旧；导出本身记入安全日志（securityLog.exported）。 The list\'s filter; UTF-8 CSV with a BOM, newest first; the export itself is recorded in the security log.',
        querystring: securityEventExportQuery,
      },
    }, async (req, reply) => {
      const actor = actorOf(req);
      const { format, ...filter } = req.query;
      const lang = requestLang(req);
      // Read up to the newest record now, then record the export: the file holds what the list showed.
      const upto = await lastSecurityEventId(ctx.db);
      await recordSecurityEvent(ctx.db, {
        kind: 'securityLog.exported',
        userId: actor.userId,
        username: actor.username,
        ip: req.ip,
        requestId: String(req.id),
        detail: { format, filter: describeFilter(filter), uptoId: upto },
      });
      async function* lines() {
        yield csvHeader(lang);
        for await (const e of streamSecurityEvents(ctx.db, actor.scopes, filter, upto)) yield csvRow(e, lang);
      }
      const stamp = new Date().toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="security-log-${stamp}.csv"; filename*=UTF-8''${encodeURIComponent(`安全日志-${stamp}.csv`)}`)
        .header('cache-control', 'no-store')
        .send(Readable.from(lines()));
    });
  };
}

/** The filter as the query gave it (dates as ISO strings), for the record of who exported what. */
function describeFilter(f: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(f)) {
    if (v === undefined || (Array.isArray(v) && !v.length)) continue;
    out[k] = v instanceof Date ? v.toISOString() : Array.isArray(v) ? v.join(',') : v;
  }
  return out;
}
