/** A short-lived cache of values read often and changed rarely (settings, signed-in callers); held by the app (app-state.ts). */
export interface TtlCache<K, V> {
  get(key: K, load: () => Promise<V>): Promise<V>;
  clear(): void;
}

export function ttlCache<K, V>(ttlMs: number): TtlCache<K, V> {
  const entries = new Map<K, { at: number; value: Promise<V> }>();
  return {
    get(key, load) {
      const hit = entries.get(key);
      if (hit && Date.now() - hit.at < ttlMs) return hit.value;
      const value = load();
      entries.set(key, { at: Date.now(), value });
      value.catch(() => entries.delete(key));
      return value;
    },
    clear() {
      entries.clear();
    },
  };
}

/** Through `cache` when there is one, else straight from `load`. */
export function cached<K, V>(cache: TtlCache<K, V> | undefined, key: K, load: () => Promise<V>): Promise<V> {
  return cache ? cache.get(key, load) : load();
}
