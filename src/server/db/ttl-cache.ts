/**
 * A short-lived per-process cache for settings read on every command (calendars, workflow settings).
 * Writers in this process invalidate at once; other processes see a change within the TTL.
 */
export function ttlCache<K, V>(ttlMs: number) {
  const entries = new Map<K, { at: number; value: Promise<V> }>();
  return {
    get(key: K, load: () => Promise<V>): Promise<V> {
      const hit = entries.get(key);
      if (hit && Date.now() - hit.at < ttlMs) return hit.value;
      const value = load();
      entries.set(key, { at: Date.now(), value });
      value.catch(() => entries.delete(key));
      return value;
    },
    clear(): void {
      entries.clear();
    },
  };
}

const poolIds = new WeakMap<object, number>();
let nextPoolId = 1;
/** A cache key scoped to one pool (tests run many databases in one process). */
export function poolKey(db: object, key: string): string {
  if (!poolIds.has(db)) poolIds.set(db, nextPoolId++);
  return `${poolIds.get(db)}:${key}`;
}

const caches: Array<{ clear(): void }> = [];
/** Registers a cache to be cleared by invalidateSettingsCaches(). */
export function registerCache<T extends { clear(): void }>(c: T): T {
  caches.push(c);
  return c;
}
export function invalidateSettingsCaches(): void {
  for (const c of caches) c.clear();
}
