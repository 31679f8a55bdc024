/**
 * Live streams end when the credential they opened with stops being good: a session signed out or past its
 * idle or absolute limit, a token revoked or expired, a user disabled, or roles or scopes changed (the stream
 * was filtered for the old ones). Checked for all of a process's streams in one query: at once when any
 * process changes sign-in data (the auth-changed NOTIFY reaches every process's live hub), and every few
 * seconds for what expires by time alone. The check reads only: it never extends a session's idle clock.
 */
import type { Queryable } from '../../db/pool.ts';
import type { Actor } from '../auth/actor.ts';

/** How often streams are checked even without a signal: a session's idle or absolute limit passes silently. */
export const GUARD_INTERVAL_MS = 10_000;

export interface GuardedStream {
  actor: Actor;
  /** 'session:<id>' or 'token:<digest>': what the stream signed in with. */
  credential: string;
  end(): void;
}

interface LiveRow {
  credential: string;
  roles: string[];
  scopes: string[];
}

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);

/** Which of these credentials are still good, with their user's roles and scopes now. */
async function liveCredentials(db: Queryable, credentials: string[], idleMinutes: number): Promise<Map<string, LiveRow>> {
  const sessions = credentials.filter((c) => c.startsWith('session:')).map((c) => c.slice(8));
  const tokens = credentials.filter((c) => c.startsWith('token:')).map((c) => c.slice(6));
  const who = `COALESCE((SELECT array_agg(role ORDER BY role) FROM user_roles r WHERE r.user_id = u.id), '{}') AS roles,
               COALESCE((SELECT array_agg(scope_code ORDER BY scope_code) FROM user_scopes sc WHERE sc.user_id = u.id), '{}') AS scopes`;
  const { rows } = await db.query<LiveRow>(
    `SELECT 'session:' || s.id AS credential, ${who}
       FROM sessions s JOIN users u ON u.id = s.user_id
      WHERE s.id = ANY($1::text[]) AND s.revoked_at IS NULL AND s.expires_at > now()
        AND s.last_seen_at > now() - make_interval(mins => $3) AND u.disabled_at IS NULL
     UNION ALL
     SELECT 'token:' || t.token_hash, ${who}
       FROM api_tokens t JOIN users u ON u.id = t.user_id
      WHERE t.token_hash = ANY($2::text[]) AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now()) AND u.disabled_at IS NULL`,
    [sessions, tokens, idleMinutes],
  );
  return new Map(rows.map((r) => [r.credential, r]));
}

/** One per app: streams register while open; check() ends those whose credential is no longer good. */
export function createStreamGuard(db: Queryable, idleMinutes: number, log: { warn(o: object, m: string): void }) {
  const open = new Set<GuardedStream>();
  let running: Promise<void> | null = null;
  let again = false;
  async function sweep(): Promise<void> {
    if (!open.size) return;
    const streams = [...open];
    const live = await liveCredentials(db, [...new Set(streams.map((s) => s.credential))], idleMinutes);
    for (const s of streams) {
      const now = live.get(s.credential);
      if (!now || !same(now.roles, s.actor.roles) || !same(now.scopes, s.actor.scopes)) s.end();
    }
  }
  /** Checks now; a check asked for while one runs runs once more after it. */
  function check(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = sweep()
      .catch((err: unknown) => log.warn({ err }, 'stream guard check failed'))
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          void check();
        }
      });
    return running;
  }
  const timer = setInterval(() => void check(), GUARD_INTERVAL_MS);
  timer.unref();
  return {
    add(s: GuardedStream): () => void {
      open.add(s);
      return () => open.delete(s);
    },
    check,
    close() {
      clearInterval(timer);
      open.clear();
    },
  };
}
