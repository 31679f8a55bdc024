import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { createdTokenSchema, createTokenBody } from '../../../shared/api/auth.ts';
import { noContent } from '../../../shared/api/fields.ts';
import { createUserBody, resetPasswordBody, updateUserBody, userListQuery, userListResponse, usernameParams, userSchema } from '../../../shared/api/users.ts';
import type { AppContext } from '../../app-context.ts';
import { actorOf, requestMeta } from '../../http/auth-hooks.ts';
import { createApiToken, loadActor } from '../auth/auth.service.ts';
import { DomainError } from '../../errors.ts';
import { createUser, getVisibleUser, listUsers, resetPassword, setUserDisabled, updateUser } from './user.service.ts';

export function userRoutes(ctx: AppContext): FastifyPluginAsync {
  const { db, config } = ctx;
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const tags = ['users'];

    app.get('/api/users', {
      config: { access: 'users.read' },
      schema: {
        tags,
        summary: '用户列表 List users',
        querystring: userListQuery,
        response: { 200: userListResponse },
      },
    }, async (req) => listUsers(db, actorOf(req), req.query));

    app.get('/api/users/:username', {
      config: { access: 'users.read', errors: ['USER_NOT_FOUND'] },
      schema: { tags, summary: '用户详情 Get a user', params: usernameParams, response: { 200: userSchema } },
    }, async (req) => getVisibleUser(db, actorOf(req), req.params.username));

    app.post('/api/users', {
      config: { access: 'users.manage', errors: ['USERNAME_TAKEN', 'SCOPE_INVALID', 'UNIT_NOT_FOUND', 'PASSWORD_WEAK'], clears: 'auth' },
      schema: {
        tags,
        summary: '新建用户 Create a user',
        body: createUserBody,
        response: { 201: userSchema },
      },
    }, async (req, reply) => reply.status(201).send(await createUser(db, config, actorOf(req), req.body, requestMeta(req))));

    app.patch('/api/users/:username', {
      config: { access: 'users.manage', errors: ['USER_NOT_FOUND', 'SCOPE_INVALID', 'UNIT_NOT_FOUND'], clears: 'auth' },
      schema: {
        tags,
        summary: '修改用户 Update a user',
        params: usernameParams,
        body: updateUserBody,
        response: { 200: userSchema },
      },
    }, async (req) => updateUser(db, actorOf(req), req.params.username, req.body, requestMeta(req)));

    app.post('/api/users/:username/password', {
      config: { access: 'users.manage', errors: ['USER_NOT_FOUND', 'PASSWORD_WEAK'], clears: 'auth' },
      schema: {
        tags,
        summary: '重置密码 Reset a password',
        params: usernameParams,
        body: resetPasswordBody,
        response: { 204: noContent },
      },
    }, async (req, reply) => {
      await resetPassword(db, config, actorOf(req), req.params.username, req.body.password, req.body.mustChangePassword, requestMeta(req));
      return reply.status(204).send(null);
    });

    for (const [verb, disabled] of [['disable', true], ['enable', false]] as const) {
      app.post(`/api/users/:username/${verb}`, {
        config: { access: 'users.manage', errors: ['USER_NOT_FOUND'], clears: 'auth' },
        schema: { tags, summary: disabled ? '停用用户 Disable a user' : '启用用户 Enable a user', params: usernameParams, response: { 200: userSchema } },
      }, async (req) => setUserDisabled(db, actorOf(req), req.params.username, disabled, requestMeta(req)));
    }

    app.post('/api/users/:username/tokens', {
      config: { access: 'users.manage', errors: ['USER_NOT_FOUND'] },
      schema: {
        tags,
        summary: '为集成账号创建接口令牌 Create an API token for an integration account',
        params: usernameParams,
        body: createTokenBody,
        response: { 201: createdTokenSchema },
      },
    }, async (req, reply) => {
      const target = await getVisibleUser(db, actorOf(req), req.params.username);
      const targetActor = await loadActor(db, target.id, config, 'token');
      if (!targetActor) throw new DomainError('USER_NOT_FOUND', { username: req.params.username });
      return reply.status(201).send(await createApiToken(db, targetActor, req.body, requestMeta(req)));
    });
  };
}
