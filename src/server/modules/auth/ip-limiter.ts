/**
 * Per-address sliding-window limit, in process memory: sign-in attempts per minute, citizens' reports per hour.
 * Per-account lockout (the 等保 control) lives in the database and holds across app processes; this only slows
 * one address spraying many accounts, so a per-process count is enough. The address is Fastify's `req.ip`: the
 * peer, or behind a proxy named in GUANCHENG_TRUST_PROXY the client it forwarded for.
 */
export interface IpLimiter {
  /** Counts one attempt from `ip`; false when the address is over its limit (the attempt is not counted). */
  take(ip: string): boolean;
  /** Whole seconds until `ip` may try again (at least 1): the answer's Retry-After. */
  retryAfter(ip: string): number;
}

export function createIpLimiter(limit: number, windowMs: number, now: () => number = Date.now): IpLimiter {
  const hits = new Map<string, number[]>();
  return {
    take(ip) {
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
    retryAfter(ip) {
      const t = now();
      const recent = (hits.get(ip) ?? []).filter((x) => t - x < windowMs);
      if (recent.length < limit) return 1;
      // A place frees when the attempt `limit` back from the newest leaves the window.
      const freeing = recent[recent.length - limit]!;
      return Math.max(1, Math.ceil((freeing + windowMs - t) / 1000));
    },
  };
}
