/**
 * `GET /api/stream`: server-sent events of case changes the user may see and of their own new
 * notifications. Fed by this process's live hub (one LISTEN connection, shared by all streams);
 * each message carries the stream's cursor, from which a returning client is caught up (stream-replay.ts).
 */
import type { FastifyPluginAsync } from 'fastify';
import { streamQuery } from '../../../shared/api/notifications.ts';
import type { AppContext } from '../../app-context.ts';
import { actorOf } from '../../http/auth-hooks.ts';
import { acquireLiveHub, type CaseChange } from './live-hub.ts';
import { presentNotification } from './notification.presenter.ts';
import type { NotificationRow } from './notification.queries.ts';
import { formatCursor, parseCursor, REPLAY_MAX, replaySince, streamHead, type StreamCursor } from './stream-replay.ts';

const HEARTBEAT_MS = 15_000;
/** A stream re-authenticates through the normal hooks this often, so a sign-out or a changed role takes effect. */
const MAX_LIFETIME_MS = 10 * 60_000;
/** A client that stopped reading: drop it rather than buffer for it. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

/** The last `max` ids added, oldest forgotten first. */
function recentIds(max = 2_000) {
  const ids = new Set<number>();
  return {
    has: (id: number) => ids.has(id),
    add(id: number) {
      ids.add(id);
      if (ids.size > max) ids.delete(ids.values().next().value!);
    },
  };
}

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
          '`notification`（本人的新消息）、`resync`（中断太久无法补发，请刷新列表）；每 15 秒一行注释作心跳。Cookie 或 Bearer 认证。' +
          '每条消息带 SSE id（`<事件号>.<消息号>`）：断线重连时浏览器自动以 Last-Event-ID 头带回（或用查询参数 lastEventId），' +
          `先补发期间错过的案件变化与消息（各至多 ${REPLAY_MAX} 条），再继续实时推送。` +
          '编号不等于提交顺序，补发也包含游标之前不久写入的记录，故重连后可能再次收到已收到的消息：请按 eventId 或消息 id 去重（至少一次送达）。',
        querystring: streamQuery,
      },
    }, async (req, reply) => {
      const actor = actorOf(req);
      lease ??= acquireLiveHub(ctx.db, app.log);
      const hub = lease.hub;
      const header = req.headers['last-event-id'];
      const resumeFrom = (typeof header === 'string' && header ? header : (req.query as { lastEventId?: string }).lastEventId) || undefined;
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
      /** Where this stream is (stream-replay.ts); null until it knows. */
      let cursor: StreamCursor | null = null;
      const send = (event: string, data: unknown) => write(`${cursor ? `id: ${formatCursor(cursor)}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
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

      // What this connection sent lately: a catch-up skips it (the replay looks behind the cursor), and so
      // do live messages held during a catch-up that the replay already carried.
      const sentEvents = recentIds();
      const sentRows = recentIds();
      // The cursor never moves back: the replay's look-behind sends rows below it.
      const sendCase = (c: CaseChange) => {
        if (sentEvents.has(c.eventId)) return;
        sentEvents.add(c.eventId);
        cursor = { eventId: Math.max(cursor?.eventId ?? 0, c.eventId), notificationId: cursor?.notificationId ?? 0 };
        send('case', c);
      };
      const sendNotification = (n: NotificationRow) => {
        if (sentRows.has(n.id)) return;
        sentRows.add(n.id);
        cursor = { eventId: cursor?.eventId ?? 0, notificationId: Math.max(cursor?.notificationId ?? 0, n.id) };
        send('notification', presentNotification(n));
      };
      // While catching up, live messages wait here.
      let held: Array<{ c: CaseChange } | { n: NotificationRow }> | null = [];
      /** `first` is sent once the stream knows where it is, before anything replayed or held. */
      async function catchUp(from: StreamCursor | null, announceGap: boolean, first?: () => void) {
        held ??= [];
        try {
          const r = from ? await replaySince(ctx.db, actor, from) : { kind: 'gap' as const, head: await streamHead(ctx.db, actor.userId) };
          if (!isOpen) return;
          cursor = r.kind === 'gap' ? r.head : from;
          first?.();
          if (r.kind === 'gap') {
            if (announceGap) send('resync', {});
          } else {
            for (const c of r.changes) sendCase(c);
            for (const n of r.notifications) sendNotification(n);
          }
        } catch (err) {
          req.log.warn({ err }, 'stream catch-up failed');
          first?.();
          send('resync', {});
        }
        const waiting = held;
        held = null;
        for (const x of waiting) {
          if ('c' in x) sendCase(x.c);
          else sendNotification(x.n);
        }
      }
      let catching: Promise<void> = Promise.resolve();
      unsubscribe = hub.subscribe({
        actor,
        onCase: (c) => (held ? held.push({ c }) : sendCase(c)),
        onNotification: (n) => (held ? held.push({ n }) : sendNotification(n)),
        // The hub's LISTEN connection was lost for a while: replay from where this stream is.
        onResync: () => {
          held ??= [];
          catching = catching.then(() => catchUp(cursor, true));
        },
      });
      // A fresh stream starts at the head; a returning one (Last-Event-ID) first gets what it missed.
      catching = catching.then(() => catchUp(parseCursor(resumeFrom), resumeFrom !== undefined, () => send('ready', { userId: actor.userId })));
      await catching;
    });
  };
}
