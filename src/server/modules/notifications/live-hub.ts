/**
 * ONE LISTEN connection per app process, fanned out to that process's live streams. Case commands
 * NOTIFY `guancheng_case_events` in their transaction (so only committed changes arrive); the delivery
 * worker NOTIFYs `guancheng_notifications` per inbox row; the jobs trigger (0005) NOTIFYs `guancheng_jobs`.
 * A lost connection is re-opened with backoff and every stream is told to resync, since NOTIFYs sent
 * while nobody listened are gone.
 */
import type { Db, Tx } from '../../db/pool.ts';
import type { Actor } from '../auth/auth.service.ts';
import { whoMaySee } from './case-visibility.ts';
import { NOTIFICATIONS_CHANNEL } from './commands/deliver-notifications.ts';
import { getNotification, type NotificationRow } from './notification.queries.ts';
import { AUTH_CHANGED_CHANNEL } from '../auth/actor-cache.ts';

/** Written by perform-case-action.ts and report-case.ts with a literal `pg_notify('guancheng_case_events', …)`. */
export const CASE_EVENTS_CHANNEL = 'guancheng_case_events';
export const JOBS_CHANNEL = 'guancheng_jobs';

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
  onJobsQueued(fn: () => void): () => void;
  /** Users, roles, scopes, sessions or tokens changed somewhere (or may have, while the connection was down). */
  onAuthChanged(fn: () => void): () => void;
  /** Resolves once LISTEN is in place (or the hub is closed). */
  ready(): Promise<void>;
  subscribers(): number;
  close(): Promise<void>;
}

type Log = { warn(o: object, msg: string): void; error(o: object, msg: string): void };

const HEALTH_CHECK_MS = 30_000;

export function createLiveHub(db: Db, log: Log): LiveHub {
  const subs = new Set<LiveSubscriber>();
  const jobListeners = new Set<() => void>();
  const authListeners = new Set<() => void>();
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
    if (msg.channel === JOBS_CHANNEL) {
      for (const fn of jobListeners) fn();
      return;
    }
    if (msg.channel === AUTH_CHANGED_CHANNEL) {
      for (const fn of authListeners) fn();
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
      for (const id of (data.ids as unknown[]).map(Number)) {
        const row = await getNotification(db, userId, id);
        if (row) for (const s of targets) if (subs.has(s)) s.onNotification(row);
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
      await conn.query(`LISTEN ${CASE_EVENTS_CHANNEL}; LISTEN ${NOTIFICATIONS_CHANNEL}; LISTEN ${JOBS_CHANNEL}; LISTEN ${AUTH_CHANGED_CHANNEL}`);
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
      for (const fn of jobListeners) fn();
    }
    // Changes made while nobody listened are unknown: forget every cached caller (also on the first connect).
    for (const fn of authListeners) fn();
    everConnected = true;
    markReady();
  }

  void connect();
  return {
    subscribe(s) {
      subs.add(s);
      return () => void subs.delete(s);
    },
    onJobsQueued(fn) {
      jobListeners.add(fn);
      return () => void jobListeners.delete(fn);
    },
    onAuthChanged(fn) {
      authListeners.add(fn);
      return () => void authListeners.delete(fn);
    },
    ready: () => readyPromise,
    subscribers: () => subs.size,
    async close() {
      closed = true;
      markReady();
      clearTimeout(retryTimer);
      clearInterval(healthTimer);
      subs.clear();
      jobListeners.clear();
      authListeners.clear();
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
