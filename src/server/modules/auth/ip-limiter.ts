/**
 * Per-address sliding-window limit on sign-in attempts, in process memory. Per-account lockout (the
 * 等保 control) lives in the database and holds across app processes; this only slows one address
 * spraying many accounts, so a per-process count is enough.
 */
export function createIpLimiter(limit: number, windowMs: number, now: () => number = Date.now) {
  const hits = new Map<string, number[]>();
  return {
    take(ip: string): boolean {
      const t = now();
      const recent = (hits.get(ip) ?? []).filter((x) => t - x < windowMs);
      if (recent.length >= limit) {
        hits.set(ip, recent);
        return false;
      }
      recent.push(t);
      hits.set(ip, recent);
      if (hits.size > 10_000) for (const [k, v] of hits) if (v.every((x) => t - x >= windowMs)) hits.delete(k);
      return true;
    },
  };
}
