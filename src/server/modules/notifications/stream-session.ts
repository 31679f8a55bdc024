/**
 * One live stream (`GET /api/stream`, server-sent events) from the moment its response is open: the SSE
 * wire (heartbeat, lifetime, a cap on what a slow reader may buffer), the cursor each message carries,
 * the catch-up from a returning client's cursor, and live messages held while it runs and deduplicated
 * against it. Fastify stays in stream.routes.ts; this takes Node's response.
 */
import type { ServerResponse } from 'node:http';
import type { Db } from '../../db/pool.ts';
import type { Actor } from '../auth/actor.ts';
import type { CaseChange, LiveHub } from './live-hub.ts';
import { presentNotification } from './notification.presenter.ts';
import type { NotificationRow } from './notification.queries.ts';
import { formatCursor, parseCursor, replaySince, streamHead, type StreamCursor } from './stream-replay.ts';

const HEARTBEAT_MS = 15_000;
/** A stream re-authenticates through the normal hooks this often, so a sign-out or a changed role takes effect. */
const MAX_LIFETIME_MS = 10 * 60_000;
/** A client that stopped reading: drop it rather than buffer for it. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

export interface StreamSession {
  /** Ends the stream (idempotent). */
  end(): void;
  /** Runs until the stream has caught up and is live. */
  started: Promise<void>;
}

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

/** The SSE wire over a raw response: messages with the cursor as their id, a heartbeat, a lifetime, a buffer cap. */
function sseChannel(res: ServerResponse, onEnd: () => void) {
  let isOpen = true;
  let cursor: StreamCursor | null = null;
  const write = (chunk: string) => {
    if (!isOpen) return;
    res.write(chunk);
    if (res.writableLength > MAX_BUFFERED_BYTES) end();
  };
  const heartbeat = setInterval(() => write(': ping\n\n'), HEARTBEAT_MS);
  const lifetime = setTimeout(() => end(), MAX_LIFETIME_MS);
  function end() {
    if (!isOpen) return;
    isOpen = false;
    clearInterval(heartbeat);
    clearTimeout(lifetime);
    onEnd();
    res.end();
  }
  res.on('close', end);
  write('retry: 3000\n\n');
  return {
    get open() {
      return isOpen;
    },
    get cursor() {
      return cursor;
    },
    /** The cursor never moves back: a replay's look-behind sends rows below it. */
    moveTo(c: StreamCursor) {
      cursor = { eventId: Math.max(cursor?.eventId ?? 0, c.eventId), notificationId: Math.max(cursor?.notificationId ?? 0, c.notificationId) };
    },
    setCursor(c: StreamCursor) {
      cursor = c;
    },
    send(event: string, data: unknown) {
      write(`${cursor ? `id: ${formatCursor(cursor)}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    end,
  };
}

export function startStreamSession(o: { db: Db; hub: LiveHub; actor: Actor; res: ServerResponse; resumeFrom?: string; log: { warn(o: object, m: string): void } }): StreamSession {
  let unsubscribe = () => {};
  const wire = sseChannel(o.res, () => unsubscribe());
  // What this connection sent lately: a catch-up skips it (the replay looks behind the cursor), and so do
  // live messages held during a catch-up that the replay already carried.
  const sentEvents = recentIds();
  const sentRows = recentIds();
  const sendCase = (c: CaseChange) => {
    if (sentEvents.has(c.eventId)) return;
    sentEvents.add(c.eventId);
    wire.moveTo({ eventId: c.eventId, notificationId: 0 });
    wire.send('case', c);
  };
  const sendNotification = (n: NotificationRow) => {
    if (sentRows.has(n.id)) return;
    sentRows.add(n.id);
    wire.moveTo({ eventId: 0, notificationId: n.id });
    wire.send('notification', presentNotification(n));
  };

  // While catching up, live messages wait here.
  let held: Array<{ c: CaseChange } | { n: NotificationRow }> | null = [];
  const release = () => {
    const waiting = held ?? [];
    held = null;
    for (const x of waiting) 'c' in x ? sendCase(x.c) : sendNotification(x.n);
  };
  /** `first` is sent once the stream knows where it is, before anything replayed or held. */
  async function catchUp(from: StreamCursor | null, announceGap: boolean, first?: () => void) {
    held ??= [];
    try {
      const r = from ? await replaySince(o.db, o.actor, from) : { kind: 'gap' as const, head: await streamHead(o.db, o.actor.userId) };
      if (!wire.open) return;
      wire.setCursor(r.kind === 'gap' ? r.head : from!);
      first?.();
      if (r.kind === 'gap') {
        if (announceGap) wire.send('resync', {});
      } else {
        for (const c of r.changes) sendCase(c);
        for (const n of r.notifications) sendNotification(n);
      }
    } catch (err) {
      o.log.warn({ err }, 'stream catch-up failed');
      first?.();
      wire.send('resync', {});
    }
    release();
  }

  let catching: Promise<void> = Promise.resolve();
  const started = o.hub.ready().then(() => {
    if (!wire.open) return;
    unsubscribe = o.hub.subscribe({
      actor: o.actor,
      onCase: (c) => (held ? held.push({ c }) : sendCase(c)),
      onNotification: (n) => (held ? held.push({ n }) : sendNotification(n)),
      // The hub's LISTEN connection was lost for a while: replay from where this stream is.
      onResync: () => {
        held ??= [];
        catching = catching.then(() => catchUp(wire.cursor, true));
      },
    });
    // A fresh stream starts at the head; a returning one (Last-Event-ID) first gets what it missed.
    catching = catching.then(() => catchUp(parseCursor(o.resumeFrom), o.resumeFrom !== undefined, () => wire.send('ready', { userId: o.actor.userId })));
    return catching;
  });
  return { end: () => wire.end(), started };
}
