import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { createdTokenSchema, createTokenBody, tokenListResponse } from '../../../shared/api/auth.ts';
import { noContent } from '../../../shared/api/fields.ts';
import {
  createUserBody, resetPasswordBody, updateUserBody, userListQuery, userListResponse, usernameParams, userSchema, userTokenParams,
} from '../../../shared/api/users.ts';
import type { AppContext } from '../../app-context.ts';
import { actorOf, requestMeta } from '../../http/auth-hooks.ts';
import { listIntegrationTokens, mintIntegrationToken, revokeIntegrationToken } from './integration-tokens.ts';
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
      config: { access: 'users.manage', errors: ['USERNAME_TAKEN', 'SCOPE_INVALID', 'UNIT_NOT_FOUND', 'PASSWORD_WEAK', 'ROLES_INCOMPATIBLE', 'UNIT_REQUIRED', 'UNIT_LEAD_INVALID', 'USER_IS_INTEGRATION'], clears: 'auth' },
      schema: {
        tags,
        summary: '新建用户 Create a user',
        description: '人员账号：首次登录须修改密码。集成账号（isIntegration）：不设密码，由管理员为其创建接口令牌。角色须可兼任（见 shared/roles.ts ROLE_SETS）；处置单位人员、执法队员须指定单位。' +
          ' A person changes the first password at first sign-in; an integration account has none and uses API tokens an admin mints for it. Roles must be ones one account may hold; handlers and officers need a unit.',
        body: createUserBody,
        response: { 201: userSchema },
      },
    }, async (req, reply) => reply.status(201).send(await createUser(db, config, actorOf(req), req.body, requestMeta(req))));

    app.patch('/api/users/:username', {
      config: { access: 'users.manage', errors: ['USER_NOT_FOUND', 'SCOPE_INVALID', 'UNIT_NOT_FOUND', 'ROLES_INCOMPATIBLE', 'UNIT_REQUIRED', 'UNIT_LEAD_INVALID'], clears: 'auth' },
      schema: {
        tags,
        summary: '修改用户 Update a user',
        params: usernameParams,
        body: updateUserBody,
        response: { 200: userSchema },
      },
    }, async (req) => updateUser(db, actorOf(req), req.params.username, req.body, requestMeta(req)));

    app.post('/api/users/:username/password', {
      config: { access: 'users.manage', errors: ['USER_NOT_FOUND', 'PASSWORD_WEAK', 'USER_IS_INTEGRATION'], clears: 'auth' },
      schema: {
        tags,
        summary: '重置密码 Reset a password',
        description: '新密码只能用于登录后设置本人的新密码（下次登录须修改），并结束该用户的全部会话；集成账号没有密码。' +
          ' The new password only lets the user set their own at the next sign-in; all their sessions end. Integration accounts have no password.',
        params: usernameParams,
        body: resetPasswordBody,
        response: { 204: noContent },
      },
    }, async (req, reply) => {
      await resetPassword(db, config, actorOf(req), req.params.username, req.body.password, true, requestMeta(req));
      return reply.status(204).send(null);
    });

    for (const [verb, disabled] of [['disable', true], ['enable', false]] as const) {
      app.post(`/api/users/:username/${verb}`, {
        config: { access: 'users.manage', errors: ['USER_NOT_FOUND'], clears: 'auth' },
        schema: { tags, summary: disabled ? '停用用户 Disable a user' : '启用用户 Enable a user', params: usernameParams, response: { 200: userSchema } },
      }, async (req) => setUserDisabled(db, actorOf(req), req.params.username, disabled, requestMeta(req)));
    }

    app.post('/api/users/:username/tokens', {
      config: { access: 'users.manage', errors: ['USER_NOT_FOUND', 'API_TOKEN_INTEGRATION_ONLY', 'ACCOUNT_DISABLED', 'API_TOKEN_TOO_LONG'] },
      schema: {
        tags,
        summary: '为集成账号创建接口令牌 Create an API token for an integration account',
        description: '仅限集成账号；个人的令牌只能由本人创建。 Integration accounts only: a person mints their own.',
        params: usernameParams,
        body: createTokenBody,
        response: { 201: createdTokenSchema },
      },
    }, async (req, reply) => {
      const t = await mintIntegrationToken(db, actorOf(req), req.params.username, req.body, requestMeta(req), config.security.apiTokenDays);
      return reply.status(201).send(t);
    });

    app.get('/api/users/:username/tokens', {
      config: { access: 'users.manage', errors: ['USER_NOT_FOUND', 'API_TOKEN_INTEGRATION_ONLY'] },
      schema: { tags, summary: '集成账号的接口令牌 API tokens of an integration account', params: usernameParams, response: { 200: tokenListResponse } },
    }, async (req) => ({ items: await listIntegrationTokens(db, actorOf(req), req.params.username) }));

    app.delete('/api/users/:username/tokens/:id', {
      config: { access: 'users.manage', errors: ['USER_NOT_FOUND', 'API_TOKEN_INTEGRATION_ONLY', 'NOT_FOUND'], clears: 'auth' },
      schema: { tags, summary: '吊销集成账号的接口令牌 Revoke an integration account’s API token', params: userTokenParams, response: { 204: noContent } },
    }, async (req, reply) => {
      await revokeIntegrationToken(db, actorOf(req), req.params.username, req.params.id, requestMeta(req));
      return reply.status(204).send(null);
    });
  };
}
