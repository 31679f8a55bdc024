import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import {
  changePasswordBody, createdTokenSchema, createTokenBody, loginBody, meSchema, sessionResponse, tokenIdParams, tokenListResponse,
} from '../../../shared/api/auth.ts';
import type { AppContext } from '../../app-context.ts';
import { DomainError } from '../../errors.ts';
import { actorOf, requestMeta, SESSION_COOKIE } from '../../http/auth-hooks.ts';
import { recordSecurityEvent } from '../security/security-log.ts';
import { changePassword, createApiToken, listApiTokens, login, logout, revokeApiToken } from './auth.service.ts';
import type { Actor } from './actor.ts';
import { createIpLimiter } from './ip-limiter.ts';
import { noContent } from '../../../shared/api/fields.ts';

export function presentMe(a: Actor): z.output<typeof meSchema> {
  return {
    id: a.userId,
    username: a.username,
    displayName: a.displayName,
    unitId: a.unitId,
    unitLead: a.unitLead,
    roles: a.roles,
    permissions: [...a.permissions].sort(),
    scopes: a.scopes,
    passwordExpired: a.passwordExpired,
  };
}

export function authRoutes(ctx: AppContext): FastifyPluginAsync {
  const { db, config } = ctx;
  const limiter = createIpLimiter(config.security.loginIpLimitPerMinute, 60_000);

  function setSessionCookie(reply: FastifyReply, token: string, expiresAt: Date) {
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
      secure: config.security.cookieSecure,
      expires: expiresAt,
    });
  }

  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();

    app.post('/api/auth/login', {
      config: { access: 'public', errors: ['INVALID_CREDENTIALS', 'ACCOUNT_LOCKED', 'ACCOUNT_DISABLED', 'ACCOUNT_ROLES_INCOMPATIBLE', 'TOO_MANY_REQUESTS'] },
      schema: {
        tags: ['auth'],
        summary: '登录 Sign in',
        body: loginBody,
        response: { 200: sessionResponse },
      },
    }, async (req, reply) => {
      if (!limiter.take(req.ip)) {
        await recordSecurityEvent(db, { kind: 'login.rateLimited', username: req.body.username, ip: req.ip, requestId: String(req.id) });
        reply.header('retry-after', String(limiter.retryAfter(req.ip)));
        throw new DomainError('TOO_MANY_REQUESTS');
      }
      const r = await login(db, config, req.body, requestMeta(req));
      setSessionCookie(reply, r.token, r.expiresAt);
      return { user: presentMe(r.actor), csrfToken: r.csrfToken };
    });

    app.post('/api/auth/logout', {
      config: { access: 'authenticated', clears: 'auth' },
      schema: { tags: ['auth'], summary: '退出登录 Sign out', response: { 204: noContent } },
    }, async (req, reply) => {
      const actor = actorOf(req);
      if (actor.sessionId) await logout(db, actor.sessionId);
      await recordSecurityEvent(db, { kind: 'logout', userId: actor.userId, username: actor.username, ip: req.ip, requestId: String(req.id) });
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    });

    app.get('/api/auth/session', {
      config: { access: 'authenticated' },
      schema: {
        tags: ['auth'],
        summary: '当前用户 Who am I',
        description: `会话空闲 ${config.security.sessionIdleMinutes} 分钟（GUANCHENG_SESSION_IDLE_MINUTES）无用户操作即过期（401 SESSION_EXPIRED）。只有用户本人的操作重新计时：` +
          '页面自行发起的请求（定时刷新、轮询）请带请求头 X-GC-Background: 1，照常认证但不延长会话；实时推送 GET /api/stream 始终如此。' +
          ` A session expires after ${config.security.sessionIdleMinutes} idle minutes (GUANCHENG_SESSION_IDLE_MINUTES; then 401 SESSION_EXPIRED). Only the user's own` +
          ' actions restart the clock: requests a page makes on its own (periodic refreshes, polling) carry the header X-GC-Background: 1 and are authenticated' +
          ' as usual without keeping the session alive; the live stream GET /api/stream always is such a request.',
        response: { 200: sessionResponse },
      },
    }, async (req) => {
      const actor = actorOf(req);
      return { user: presentMe(actor), csrfToken: actor.csrfToken ?? '' };
    });

    app.post('/api/auth/password', {
      config: { access: 'authenticated', errors: ['INVALID_CREDENTIALS', 'PASSWORD_WEAK', 'PASSWORD_REUSED'], clears: 'auth' },
      schema: {
        tags: ['auth'],
        summary: '修改密码 Change password',
        body: changePasswordBody,
        response: { 204: noContent },
      },
    }, async (req, reply) => {
      await changePassword(db, config, actorOf(req), req.body, requestMeta(req));
      return reply.status(204).send(null);
    });

    app.get('/api/auth/tokens', {
      config: { access: 'apiTokens.manageOwn' },
      schema: { tags: ['auth'], summary: '我的接口令牌 My API tokens', response: { 200: tokenListResponse } },
    }, async (req) => ({ items: await listApiTokens(db, actorOf(req).userId) }));

    app.post('/api/auth/tokens', {
      config: { access: 'apiTokens.manageOwn', errors: ['API_TOKEN_TOO_LONG'] },
      schema: {
        tags: ['auth'],
        summary: '创建接口令牌（仅显示一次） Create an API token (shown once)',
        body: createTokenBody,
        response: { 201: createdTokenSchema },
      },
    }, async (req, reply) => {
      const t = await createApiToken(db, actorOf(req), req.body, requestMeta(req), { maxDays: config.security.apiTokenDays });
      return reply.status(201).send(t);
    });

    app.delete('/api/auth/tokens/:id', {
      config: { access: 'apiTokens.manageOwn', errors: ['NOT_FOUND'], clears: 'auth' },
      schema: { tags: ['auth'], summary: '吊销接口令牌 Revoke an API token', params: tokenIdParams, response: { 204: noContent } },
    }, async (req, reply) => {
      await revokeApiToken(db, actorOf(req), actorOf(req), req.params.id, requestMeta(req));
      return reply.status(204).send(null);
    });
  };
}
