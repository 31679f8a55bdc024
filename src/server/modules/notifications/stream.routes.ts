/**
 * `GET /api/stream`: server-sent events of case changes the user may see and of their own new
 * notifications. Fed by this process's live hub (one LISTEN connection, shared by all streams);
 * each message carries the stream's cursor, from which a returning client is caught up (stream-replay.ts).
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { streamQuery } from '../../../shared/api/notifications.ts';
import type { AppContext } from '../../app-context.ts';
import { actorOf } from '../../http/auth-hooks.ts';
import { acquireLiveHub } from './live-hub.ts';
import { REPLAY_MAX } from './stream-replay.ts';
import { startStreamSession } from './stream-session.ts';
import { createStreamGuard } from './stream-guard.ts';
import { AUTH_CHANGED_CHANNEL } from '../../db/channels.ts';
import { digest } from '../auth/auth.service.ts';

export function streamRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    // The hub is taken on the first stream, so apps that never stream (tests, CLI) hold no LISTEN connection.
    let lease: ReturnType<typeof acquireLiveHub> | null = null;
    let offSignal = () => {};
    const open = new Set<() => void>();
    // Streams end within seconds of a sign-out, an expiry, a disabled user or changed roles (stream-guard.ts).
    const guard = createStreamGuard(ctx.db, ctx.config.security.sessionIdleMinutes, app.log);
    const hub = () => {
      if (!lease) {
        lease = acquireLiveHub(ctx.db, app.log);
        offSignal = lease.hub.onSignal(AUTH_CHANGED_CHANNEL, () => void guard.check());
      }
      return lease.hub;
    };
    app.addHook('preClose', async () => {
      for (const end of [...open]) end();
    });
    app.addHook('onClose', async () => {
      offSignal();
      guard.close();
      await lease?.release();
    });

    app.get('/api/stream', {
      // The stream is the page listening, not the user acting: it never keeps a session alive (auth-hooks.ts).
      config: { access: 'cases.read', background: true },
      schema: {
        tags: ['notifications'],
        summary: '实时推送 Live updates (server-sent events)',
        description:
          'text/event-stream。事件 event: `ready`（已连接）、`case` {caseId, eventId, type, status, version}（仅本人可见的案件）、' +
          '`notification`（本人的新消息）、`resync`（中断太久无法补发，请刷新列表）；每 15 秒一行注释作心跳。Cookie 或 Bearer 认证。' +
          '每条消息带 SSE id（`<事件号>.<消息号>`）：断线重连时浏览器自动以 Last-Event-ID 头带回（或用查询参数 lastEventId），' +
          `先补发期间错过的案件变化与消息（各至多 ${REPLAY_MAX} 条），再继续实时推送。` +
          '编号不等于提交顺序，补发也包含游标之前不久写入的记录，故重连后可能再次收到已收到的消息：请按 eventId 或消息 id 去重（至少一次送达）。' +
          '推送连接不算用户操作：不延长会话的空闲时限，会话空闲超时后推送随之结束。' +
          ' The stream is not the user acting: it never restarts the session\'s idle clock, and ends when the session times out.',
        querystring: streamQuery,
      },
    }, async (req, reply) => {
      const actor = actorOf(req);
      const liveHub = hub();
      const header = req.headers['last-event-id'];
      const resumeFrom = (typeof header === 'string' && header ? header : req.query.lastEventId) || undefined;
      reply.hijack();
      reply.raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no', // nginx: do not buffer the stream
        'x-content-type-options': 'nosniff',
        'x-request-id': String(req.id),
      });
      const session = startStreamSession({ db: ctx.db, hub: liveHub, actor, res: reply.raw, resumeFrom, log: req.log });
      const authz = req.headers.authorization;
      const credential = actor.via === 'session' ? `session:${actor.sessionId}` : `token:${digest(authz?.startsWith('Bearer ') ? authz.slice(7).trim() : '')}`;
      const unguard = guard.add({ actor, credential, end: session.end });
      open.add(session.end);
      reply.raw.on('close', () => {
        open.delete(session.end);
        unguard();
      });
      await session.started;
    });
  };
}
