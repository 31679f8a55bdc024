/**
 * `GET /api/stream`: server-sent events of case changes the user may see and of their own new
 * notifications. Fed by this process's live hub (one LISTEN connection, shared by all streams).
 */
import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../../app.ts';
import { actorOf } from '../../http/auth-hooks.ts';
import { acquireLiveHub } from './live-hub.ts';
import { presentNotification } from './notification.presenter.ts';

const HEARTBEAT_MS = 15_000;
/** A stream re-authenticates through the normal hooks this often, so a sign-out or a changed role takes effect. */
const MAX_LIFETIME_MS = 10 * 60_000;
/** A client that stopped reading: drop it rather than buffer for it. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

export function streamRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    // The hub is taken on the first stream, so apps that never stream (tests, CLI) hold no LISTEN connection.
    let lease: ReturnType<typeof acquireLiveHub> | null = null;
    const open = new Set<() => void>();
    app.addHook('preClose', async () => {
      for (const end of [...open]) end();
    });
    app.addHook('onClose', async () => {
      await lease?.release();
    });

    app.get('/api/stream', {
      config: { access: 'cases.read' },
      schema: {
        tags: ['notifications'],
        summary: '实时推送 Live updates (server-sent events)',
        description:
          'text/event-stream。事件 event: `ready`（已连接）、`case` {caseId, eventId, type, status, version}（仅本人可见的案件）、' +
          '`notification`（本人的新消息）、`resync`（推送曾中断，请刷新列表）；每 15 秒一行注释作心跳。Cookie 或 Bearer 认证。',
      },
    }, async (req, reply) => {
      const actor = actorOf(req);
      lease ??= acquireLiveHub(ctx.db, app.log);
      const hub = lease.hub;
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no', // nginx: do not buffer the stream
        'x-content-type-options': 'nosniff',
        'x-request-id': String(req.id),
      });
      let isOpen = true;
      let unsubscribe = () => {};
      const write = (chunk: string) => {
        if (!isOpen) return;
        res.write(chunk);
        if (res.writableLength > MAX_BUFFERED_BYTES) end();
      };
      const send = (event: string, data: unknown) => write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      const heartbeat = setInterval(() => write(': ping\n\n'), HEARTBEAT_MS);
      const lifetime = setTimeout(() => end(), MAX_LIFETIME_MS);
      function end() {
        if (!isOpen) return;
        isOpen = false;
        clearInterval(heartbeat);
        clearTimeout(lifetime);
        unsubscribe();
        open.delete(end);
        res.end();
      }
      open.add(end);
      res.on('close', end);
      write('retry: 3000\n\n');
      await hub.ready();
      if (!isOpen) return;
      unsubscribe = hub.subscribe({
        actor,
        onCase: (c) => send('case', c),
        onNotification: (n) => send('notification', presentNotification(n)),
        onResync: () => send('resync', {}),
      });
      send('ready', { userId: actor.userId });
    });
  };
}
