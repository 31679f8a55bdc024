import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { actorOf, requestMeta } from '../../http/auth-hooks.ts';
import { ROLES } from '../../../shared/roles.ts';
import { createApiToken, loadActor } from '../auth/auth.service.ts';
import { DomainError } from '../../errors.ts';
import { createUser, getVisibleUser, listUsers, resetPassword, setUserDisabled, updateUser } from './user.service.ts';

const userSchema = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  phone: z.string().nullable(),
  unitId: z.number().nullable(),
  unitName: z.string().nullable(),
  roles: z.array(z.string()),
  scopes: z.array(z.string()),
  disabled: z.boolean(),
  locked: z.boolean(),
  mustChangePassword: z.boolean(),
  lastLoginAt: z.date().nullable(),
  createdAt: z.date(),
});

const usernameParam = z.object({ username: z.string().min(1).max(40) });
const roleEnum = z.enum(ROLES);
const scopeCode = z.string().regex(/^(\d{4}|\d{6}|\d{9}|\d{12}|\d{15})$/, '4/6/9/12/15 位区划或网格编码');

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
        querystring: z.object({
          role: roleEnum.optional(),
          unitId: z.coerce.number().int().positive().optional(),
          q: z.string().max(40).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(50),
          offset: z.coerce.number().int().min(0).default(0),
        }),
        response: { 200: z.object({ items: z.array(userSchema), total: z.number() }) },
      },
    }, async (req) => listUsers(db, actorOf(req), req.query));

    app.get('/api/users/:username', {
      config: { access: 'users.read' },
      schema: { tags, summary: '用户详情 Get a user', params: usernameParam, response: { 200: userSchema } },
    }, async (req) => getVisibleUser(db, actorOf(req), req.params.username));

    app.post('/api/users', {
      config: { access: 'users.manage' },
      schema: {
        tags,
        summary: '新建用户 Create a user',
        body: z.object({
          username: z.string().trim().toLowerCase().regex(/^[a-z0-9][a-z0-9._-]{2,39}$/, '3–40 位小写字母、数字、点、下划线或连字符'),
          displayName: z.string().trim().min(1).max(50),
          phone: z.string().regex(/^[0-9+-]{5,20}$/).nullable().optional(),
          unitId: z.number().int().positive().nullable().optional(),
          roles: z.array(roleEnum).min(1),
          scopes: z.array(scopeCode).min(1),
          password: z.string().min(1).max(200),
          mustChangePassword: z.boolean().default(true),
        }),
        response: { 201: userSchema },
      },
    }, async (req, reply) => reply.status(201).send(await createUser(db, config, actorOf(req), req.body, requestMeta(req))));

    app.patch('/api/users/:username', {
      config: { access: 'users.manage' },
      schema: {
        tags,
        summary: '修改用户 Update a user',
        params: usernameParam,
        body: z.object({
          displayName: z.string().trim().min(1).max(50).optional(),
          phone: z.string().regex(/^[0-9+-]{5,20}$/).nullable().optional(),
          unitId: z.number().int().positive().nullable().optional(),
          roles: z.array(roleEnum).min(1).optional(),
          scopes: z.array(scopeCode).min(1).optional(),
        }),
        response: { 200: userSchema },
      },
    }, async (req) => updateUser(db, actorOf(req), req.params.username, req.body, requestMeta(req)));

    app.post('/api/users/:username/password', {
      config: { access: 'users.manage' },
      schema: {
        tags,
        summary: '重置密码 Reset a password',
        params: usernameParam,
        body: z.object({ password: z.string().min(1).max(200), mustChangePassword: z.boolean().default(true) }),
        response: { 204: z.null() },
      },
    }, async (req, reply) => {
      await resetPassword(db, config, actorOf(req), req.params.username, req.body.password, req.body.mustChangePassword, requestMeta(req));
      return reply.status(204).send(null);
    });

    for (const [verb, disabled] of [['disable', true], ['enable', false]] as const) {
      app.post(`/api/users/:username/${verb}`, {
        config: { access: 'users.manage' },
        schema: { tags, summary: disabled ? '停用用户 Disable a user' : '启用用户 Enable a user', params: usernameParam, response: { 200: userSchema } },
      }, async (req) => setUserDisabled(db, actorOf(req), req.params.username, disabled, requestMeta(req)));
    }

    app.post('/api/users/:username/tokens', {
      config: { access: 'users.manage' },
      schema: {
        tags,
        summary: '为集成账号创建接口令牌 Create an API token for an integration account',
        params: usernameParam,
        body: z.object({ name: z.string().trim().min(1).max(60), expiresInDays: z.number().int().min(1).max(3650).optional() }),
        response: { 201: z.object({ id: z.number(), token: z.string(), prefix: z.string(), expiresAt: z.date().nullable() }) },
      },
    }, async (req, reply) => {
      const target = await getVisibleUser(db, actorOf(req), req.params.username);
      const targetActor = await loadActor(db, target.id, config, 'token');
      if (!targetActor) throw new DomainError('USER_NOT_FOUND', { username: req.params.username });
      return reply.status(201).send(await createApiToken(db, targetActor, req.body, requestMeta(req)));
    });
  };
}
