/**
 * ONE LISTEN connection per app process for every channel of db/channels.ts: case events and inbox rows
 * fanned out to this process's live streams, and the signals (jobs queued, sign-ins changed, grids
 * imported) to whoever subscribed in the process. A lost connection is re-opened with backoff; then every
 * stream is told to resync and every signal is fired, since NOTIFYs sent while nobody listened are gone.
 */
import { CASE_EVENTS_CHANNEL, NOTIFICATIONS_CHANNEL, SIGNAL_CHANNELS, type SignalChannel } from '../../db/channels.ts';
import type { Db, Tx } from '../../db/pool.ts';
import type { Actor } from '../auth/actor.ts';
import { whoMaySee } from './case-visibility.ts';
import { getNotifications, type NotificationRow } from './notification.queries.ts';


export interface CaseChange {
  caseId: number;
  eventId: number;
  type: string;
  status: string;
  version: number;
}

export interface LiveSubscriber {
  actor: Actor;
  onCase(change: CaseChange): void;
  onNotification(n: NotificationRow): void;
  /** The hub lost its connection for a while: refetch what you show. */
  onResync(): void;
}

export interface LiveHub {
  subscribe(s: LiveSubscriber): () => void;
  /** Called on each NOTIFY of a signal channel, and after a lost connection is back (it may have fired meanwhile). */
  onSignal(channel: SignalChannel, fn: () => void): () => void;
  /** Resolves once LISTEN is in place (or the hub is closed). */
  ready(): Promise<void>;
  subscribers(): number;
  close(): Promise<void>;
}

type Log = { warn(o: object, msg: string): void; error(o: object, msg: string): void };

const HEALTH_CHECK_MS = 30_000;

export function createLiveHub(db: Db, log: Log): LiveHub {
  const subs = new Set<LiveSubscriber>();
  const signals = new Map<string, Set<() => void>>(SIGNAL_CHANNELS.map((c) => [c, new Set()]));
  /** Drops the current LISTEN connection (destroying it: it is never reused by the pool). */
  let dropCurrent: (() => void) | null = null;
  let closed = false;
  let everConnected = false;
  let retryMs = 250;
  let chain: Promise<void> = Promise.resolve();
  let healthTimer: NodeJS.Timeout | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let markReady: () => void = () => {};
  const readyPromise = new Promise<void>((r) => (markReady = r));

  function onMessage(msg: { channel: string; payload?: string }) {
    const listeners = signals.get(msg.channel);
    if (listeners) {
      for (const fn of listeners) fn();
      return;
    }
    if (!subs.size) return;
    // One at a time, in arrival order: a stream sees a case's events in commit order.
    chain = chain.then(() => dispatch(msg)).catch((err) => log.error({ err, channel: msg.channel }, 'live fan-out failed'));
  }

  async function dispatch(msg: { channel: string; payload?: string }) {
    const data = JSON.parse(msg.payload ?? '{}');
    if (msg.channel === CASE_EVENTS_CHANNEL) {
      const change: CaseChange = { caseId: Number(data.caseId), eventId: Number(data.eventId), type: String(data.type), status: String(data.status), version: Number(data.version) };
      const list = [...subs];
      // Streams of the same user with the same rights share one visibility column.
      const keyOf = (a: Actor) => `${a.userId}|${a.roles.join(',')}|${a.scopes.join(',')}|${a.unitId ?? ''}`;
      const actors = new Map<string, Actor>();
      for (const s of list) actors.set(keyOf(s.actor), s.actor);
      const keys = [...actors.keys()];
      const seen = await whoMaySee(db, change.caseId, [...actors.values()]);
      const allowed = new Set(keys.filter((_k, i) => seen[i]));
      for (const s of list) if (subs.has(s) && allowed.has(keyOf(s.actor))) s.onCase(change);
    } else if (msg.channel === NOTIFICATIONS_CHANNEL) {
      const userId = Number(data.userId);
      const targets = [...subs].filter((s) => s.actor.userId === userId);
      if (!targets.length) return;
      for (const row of await getNotifications(db, userId, (data.ids as unknown[]).map(Number))) {
        for (const s of targets) if (subs.has(s)) s.onNotification(row);
      }
    }
  }

  function retryLater(err: unknown) {
    if (closed) return;
    log.warn({ err }, `live LISTEN connection lost; reconnecting in ${retryMs} ms`);
    retryTimer = setTimeout(() => void connect(), retryMs);
    retryMs = Math.min(retryMs * 2, 10_000);
  }

  async function connect(): Promise<void> {
    if (closed) return;
    let conn: Tx;
    try {
      conn = await db.connect();
    } catch (err) {
      retryLater(err);
      return;
    }
    let gone = false;
    const lost = (err?: Error) => {
      if (gone) return;
      gone = true;
      conn.off('notification', onMessage);
      clearInterval(healthTimer);
      if (dropCurrent === drop) dropCurrent = null;
      conn.release(err ?? new Error('listen connection closed'));
      retryLater(err);
    };
    const drop = () => lost();
    conn.on('notification', onMessage);
    conn.on('error', lost);
    conn.on('end', () => lost(new Error('listen connection ended')));
    try {
      await conn.query([CASE_EVENTS_CHANNEL, NOTIFICATIONS_CHANNEL, ...SIGNAL_CHANNELS].map((c) => `LISTEN ${c}`).join('; '));
    } catch (err) {
      lost(err as Error);
      return;
    }
    if (closed) return drop();
    dropCurrent = drop;
    retryMs = 250;
    // A half-open TCP connection never errors by itself; a periodic query finds it.
    healthTimer = setInterval(() => void conn.query('SELECT 1').catch((err: Error) => lost(err)), HEALTH_CHECK_MS);
    healthTimer.unref();
    if (everConnected) {
      for (const s of subs) s.onResync();
      for (const listeners of signals.values()) for (const fn of listeners) fn();
    }
    everConnected = true;
    markReady();
  }

  void connect();
  return {
    subscribe(s) {
      subs.add(s);
      return () => void subs.delete(s);
    },
    onSignal(channel, fn) {
      const listeners = signals.get(channel)!;
      listeners.add(fn);
      return () => void listeners.delete(fn);
    },
    ready: () => readyPromise,
    subscribers: () => subs.size,
    async close() {
      closed = true;
      markReady();
      clearTimeout(retryTimer);
      clearInterval(healthTimer);
      subs.clear();
      for (const listeners of signals.values()) listeners.clear();
      dropCurrent?.();
      await chain.catch(() => {});
    },
  };
}

/**
 * One hub per pool, shared by the server (worker wake-ups) and the stream route, so a process holds
 * one LISTEN connection however many parts use it. The last release closes it.
 */
const hubs = new WeakMap<Db, { hub: LiveHub; refs: number }>();

export function acquireLiveHub(db: Db, log: Log): { hub: LiveHub; release(): Promise<void> } {
  let entry = hubs.get(db);
  if (!entry) {
    entry = { hub: createLiveHub(db, log), refs: 0 };
    hubs.set(db, entry);
  }
  entry.refs++;
  const e = entry;
  let released = false;
  return {
    hub: e.hub,
    async release() {
      if (released) return;
      released = true;
      if (--e.refs === 0) {
        hubs.delete(db);
        await e.hub.close();
      }
    },
  };
}
