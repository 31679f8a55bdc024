/** Signing in, the session, passwords and API tokens. */
import { z } from 'zod';
import { PERMISSIONS, ROLES } from '../roles.ts';
import { idParam, rawText, text, timestamp, username } from './fields.ts';

export const loginBody = z.strictObject({ username, password: rawText(200) });

export const meSchema = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  unitId: z.number().nullable(),
  unitLead: z.boolean().describe('单位负责人：可查看本单位全部案件并指派给本单位人员 the unit\'s leader: sees all the unit\'s cases and assigns them to its members'),
  roles: z.array(z.enum(ROLES)),
  permissions: z.array(z.enum(PERMISSIONS)),
  scopes: z.array(z.string()),
  passwordExpired: z.boolean(),
});
export type MeDto = z.input<typeof meSchema>;

export const sessionResponse = z.object({ user: meSchema, csrfToken: z.string() });
export const changePasswordBody = z.strictObject({ currentPassword: rawText(200), newPassword: rawText(200) });

export const tokenSchema = z.object({
  id: z.number(),
  name: z.string(),
  prefix: z.string(),
  createdAt: timestamp,
  expiresAt: timestamp,
  lastUsedAt: timestamp.nullable(),
  createdBy: z.string().nullable().describe('创建者（本人或为集成账号创建的管理员） who minted it: the owner, or the admin for an integration account'),
});
export const tokenListResponse = z.object({ items: z.array(tokenSchema) });
export const createTokenBody = z.strictObject({
  name: text(60, { min: 1 }),
  expiresInDays: z.number().int().min(1).max(3650).optional().describe('有效天数，默认且最长为 GUANCHENG_TOKEN_DAYS（90） days it lives: by default, and at most, GUANCHENG_TOKEN_DAYS (90)'),
});
export const createdTokenSchema = z.object({ id: z.number(), token: z.string().describe('仅此一次显示 shown only this once'), prefix: z.string(), expiresAt: timestamp });
export const tokenIdParams = z.strictObject({ id: idParam });
