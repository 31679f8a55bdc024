import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import type { Db } from '../db/pool.ts';
import { DomainError } from '../errors.ts';
import type { Permission } from '../../shared/roles.ts';
import { csrfMatches, resolveApiToken, resolveSession } from '../modules/auth/auth.service.ts';
import type { Actor, RequestMeta } from '../modules/auth/actor.ts';
import { recordSecurityEvent } from '../modules/security/security-log.ts';
import type { ActorCache } from '../modules/auth/actor-cache.ts';
import type { AppState } from '../app-state.ts';

export const SESSION_COOKIE = 'gc_session';
export const CSRF_HEADER = 'x-csrf-token';
/** `X-GC-Background: 1`: a request the page makes on its own (a periodic refresh), not the user: it does not keep the session alive. */
export const BACKGROUND_HEADER = 'x-gc-background';

/**
 * What a route requires: 'public' (no sign-in), 'authenticated' (any signed-in user, even with an
 * expired password — sign-out, password change, who-am-I), or a permission from shared/roles.ts.
 */
export type Access = 'public' | 'authenticated' | Permission;

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /** A successful write through this route changes what the app caches: clear it before answering. */
    clears?: 'settings' | 'auth';
    /** Every request to this route is background work (the live stream): signed in, but the idle clock is not restarted. */
    background?: boolean;
  }
  interface FastifyRequest {
    actor: Actor | null;
    authProblem: 'invalid' | 'expired' | null;
  }
}

export function requestMeta(req: FastifyRequest): RequestMeta {
  return { ip: req.ip, userAgent: req.headers['user-agent'], requestId: String(req.id) };
}

export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new DomainError('UNAUTHENTICATED');
  return req.actor;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function registerAuthHooks(app: FastifyInstance, db: Db, cfg: Config, actors: ActorCache): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('authProblem', null);

  app.addHook('onRequest', async (req: FastifyRequest, _reply: FastifyReply) => {
    const access: Access = req.routeOptions.config?.access ?? 'authenticated';
    if (access === 'public' && req.url.startsWith('/api/auth/login')) return;

    const authz = req.headers.authorization;
    if (authz?.startsWith('Bearer ')) {
      const actor = await resolveApiToken(db, cfg, authz.slice(7).trim(), actors);
      if (!actor) {
        await recordSecurityEvent(db, { kind: 'apiToken.invalid', ip: req.ip, requestId: String(req.id), detail: { url: req.url } });
        if (access !== 'public') throw new DomainError('UNAUTHENTICATED');
      }
      req.actor = actor;
    } else {
      const token = req.cookies[SESSION_COOKIE];
      if (token) {
        const background = req.routeOptions.config?.background === true || headerValue(req, BACKGROUND_HEADER) === '1';
        const r = await resolveSession(db, cfg, token, actors, { background });
        if ('actor' in r) req.actor = r.actor;
        else {
          req.authProblem = r.error;
          await recordSecurityEvent(db, {
            kind: r.error === 'expired' ? 'session.expired' : 'session.invalid',
            userId: r.error === 'expired' ? (r.userId ?? null) : null,
            ip: req.ip,
            requestId: String(req.id),
          });
        }
      }
    }
    if (access === 'public') return;

    const actor = req.actor;
    if (!actor) throw new DomainError(req.authProblem === 'expired' ? 'SESSION_EXPIRED' : 'UNAUTHENTICATED');
    // CSRF: a cookie is sent by the browser on its own, so a cookie-authenticated write must also prove
    // it came from our page by echoing the session's token in a header. Bearer tokens need no such proof.
    if (actor.via === 'session' && !SAFE_METHODS.has(req.method) && !csrfMatches(actor, headerValue(req, CSRF_HEADER))) {
      await recordSecurityEvent(db, { kind: 'csrf.rejected', userId: actor.userId, username: actor.username, ip: req.ip, requestId: String(req.id), detail: { method: req.method, url: req.routeOptions.url } });
      throw new DomainError('CSRF_TOKEN_INVALID');
    }
    if (access === 'authenticated') return;
    if (actor.passwordExpired) throw new DomainError('PASSWORD_EXPIRED');
    if (!actor.permissions.has(access)) {
      await recordPermissionDenied(db, req, access);
      throw new DomainError('FORBIDDEN');
    }
  });
}

/**
 * Writes that change cached settings or sign-ins clear the app's caches before they answer, so the next
 * request in this app sees the change (other processes: by NOTIFY for sign-ins, within 2 s for settings).
 */
export function registerCacheClearing(app: FastifyInstance, state: AppState): void {
  app.addHook('onSend', async (req, reply, payload) => {
    const clears = req.routeOptions.config?.clears;
    if (clears && reply.statusCode < 400) state[clears].clear();
    return payload;
  });
}

export async function recordPermissionDenied(db: Db, req: FastifyRequest, what: string): Promise<void> {
  const actor = req.actor;
  await recordSecurityEvent(db, {
    kind: 'permission.denied',
    userId: actor?.userId ?? null,
    username: actor?.username ?? null,
    ip: req.ip,
    requestId: String(req.id),
    detail: { method: req.method, route: req.routeOptions.url, url: req.url, needed: what },
  });
}

function headerValue(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}
