/** User administration: accounts, roles and data scopes. */
import { z } from 'zod';
import { ROLES } from '../roles.ts';
import { idParam, idRef, limitQuery, offsetQuery, phone, rawText, scopeCode, text, timestamp, username } from './fields.ts';

export const userSchema = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  phone: z.string().nullable(),
  unitId: z.number().nullable(),
  unitName: z.string().nullable(),
  unitLead: z.boolean().describe('单位负责人（须有所属单位，且为处置单位人员或执法队员） the unit\'s leader (needs a unit and a handling role)'),
  roles: z.array(z.enum(ROLES)),
  scopes: z.array(z.string()),
  isIntegration: z.boolean().describe('集成账号：只用接口令牌，不能用密码登录 an integration account: API tokens only, no password sign-in'),
  disabled: z.boolean(),
  locked: z.boolean(),
  mustChangePassword: z.boolean(),
  lastLoginAt: timestamp.nullable(),
  createdAt: timestamp,
});
export type UserDto = z.input<typeof userSchema>;

export const usernameParams = z.strictObject({ username });
export const userListQuery = z.strictObject({
  role: z.enum(ROLES).optional(),
  unitId: idParam.optional(),
  q: text(40).optional(),
  limit: limitQuery(500, 50),
  offset: offsetQuery,
});
export const userListResponse = z.object({ items: z.array(userSchema), total: z.number() });

/** Letters, digits, dots, underscores, hyphens; kept in lower case (`ZhangSan` is `zhangsan`). */
const newUsername = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{2,39}$/, '@newUsername').toLowerCase().describe('保存为小写 saved in lower case');
/**
 * A person's account gets a first password that works once, to set their own (mustChangePassword): the admin who
 * chose it never holds a usable credential of theirs. An integration account gets no password at all: it signs in
 * only with API tokens, which an admin may mint for it (and for no one else). Roles follow shared/roles.ts
 * ROLE_SETS; handlers and officers name their unit.
 */
export const createUserBody = z.strictObject({
  username: newUsername,
  displayName: text(50, { min: 1 }),
  phone: phone.nullable().optional(),
  unitId: idRef.nullable().optional(),
  unitLead: z.boolean().default(false).describe('单位负责人：查看本单位全部案件并指派给本单位人员 the unit\'s leader: sees the whole unit\'s cases and gives them to members'),
  roles: z.array(z.enum(ROLES)).min(1).max(ROLES.length),
  scopes: z.array(scopeCode).min(1).max(200),
  isIntegration: z.boolean().default(false).describe('集成账号（创建后不可更改） an integration account (fixed once created)'),
  password: rawText(200).optional().describe('人员账号必填，首次登录须修改；集成账号不设 required for a person (to be changed at first sign-in); none for an integration account'),
}).superRefine((b, ctx) => {
  if (!b.isIntegration && b.password === undefined) ctx.addIssue({ code: 'custom', path: ['password'], message: '@required' });
});
export const updateUserBody = z.strictObject({
  displayName: text(50, { min: 1 }).optional(),
  phone: phone.nullable().optional(),
  unitId: idRef.nullable().optional(),
  unitLead: z.boolean().optional(),
  roles: z.array(z.enum(ROLES)).min(1).max(ROLES.length).optional(),
  scopes: z.array(scopeCode).min(1).max(200).optional(),
});
/** The new password works once, to set the user's own: it always has to be changed at the next sign-in. */
export const resetPasswordBody = z.strictObject({ password: rawText(200) });
export const userTokenParams = z.strictObject({ username, id: idParam });
