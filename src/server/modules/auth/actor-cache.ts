/**
 * Signed-in callers remembered for a few seconds (GUANCHENG_AUTH_CACHE_SECONDS, default 5), so a busy
 * integration or page does not read its token or session and its user on every request.
 *
 * Any change to users, roles, scopes, sessions or tokens empties it: at once in the process that made
 * the change (the services call clearActorCache), and in every other process through the
 * `guancheng_auth_changed` NOTIFY that triggers send at commit (migration 0008; the server's live hub
 * listens). The TTL bounds what a process can miss while its LISTEN connection is down. A lookup that
 * was already reading the database when a clear happened does not store what it read.
 */
import type { Actor } from './actor.ts';

const MAX_ENTRIES = 50_000;

let generation = 0;
const caches = new WeakMap<object, Map<string, { actor: Actor; until: number; generation: number }>>();
const clearListeners = new Set<() => void>();

/** Forgets every signed-in caller, and everything registered with onActorCacheClear. */
export function clearActorCache(): void {
  generation++;
  for (const f of clearListeners) f();
}

/** Other caches derived from users, roles and scopes (e.g. who holds a role where) are emptied with this one. */
export function onActorCacheClear(f: () => void): void {
  clearListeners.add(f);
}

/** The generation to pass to rememberActor: take it before reading the database. */
export function actorCacheGeneration(): number {
  return generation;
}

export function cachedActor(db: object, key: string, now = Date.now()): Actor | undefined {
  const hit = caches.get(db)?.get(key);
  if (!hit) return undefined;
  if (hit.generation !== generation || hit.until <= now) {
    caches.get(db)!.delete(key);
    return undefined;
  }
  return hit.actor;
}

export function rememberActor(db: object, key: string, actor: Actor, until: number, readAt: number): void {
  if (readAt !== generation || until <= Date.now()) return;
  let map = caches.get(db);
  if (!map) caches.set(db, (map = new Map()));
  if (map.size >= MAX_ENTRIES) map.clear();
  map.set(key, { actor, until, generation: readAt });
}
