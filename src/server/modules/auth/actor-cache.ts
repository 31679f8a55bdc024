/**
 * Signed-in callers remembered for a few seconds (GUANCHENG_AUTH_CACHE_SECONDS, default 5), so a busy
 * integration or page does not read its token or session and its user on every request. One per app
 * (app-state.ts).
 *
 * Any change to users, roles, scopes, sessions or tokens empties it: at once in the app that made the
 * change (its routes clear it), and in every other process through the `guancheng_auth_changed` NOTIFY
 * that triggers send at commit (migration 0008; the server's live hub listens). The TTL bounds what a
 * process can miss while its LISTEN connection is down. A lookup that was already reading the database
 * when a clear happened does not store what it read.
 */
import type { Actor } from './actor.ts';

const MAX_ENTRIES = 50_000;

export interface ActorCache {
  get(key: string, now?: number): Actor | undefined;
  /** The generation to pass to remember(): take it before reading the database. */
  generation(): number;
  remember(key: string, actor: Actor, until: number, readAt: number): void;
  clear(): void;
}

export function createActorCache(): ActorCache {
  let generation = 0;
  const entries = new Map<string, { actor: Actor; until: number; generation: number }>();
  return {
    get(key, now = Date.now()) {
      const hit = entries.get(key);
      if (!hit) return undefined;
      if (hit.generation !== generation || hit.until <= now) {
        entries.delete(key);
        return undefined;
      }
      return hit.actor;
    },
    generation: () => generation,
    remember(key, actor, until, readAt) {
      if (readAt !== generation || until <= Date.now()) return;
      if (entries.size >= MAX_ENTRIES) entries.clear();
      entries.set(key, { actor, until, generation: readAt });
    },
    clear() {
      generation++;
      entries.clear();
    },
  };
}
