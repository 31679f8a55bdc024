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
  roles: z.array(z.enum(ROLES)),
  scopes: z.array(z.string()),
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
export const createUserBody = z.strictObject({
  username: newUsername,
  displayName: text(50, { min: 1 }),
  phone: phone.nullable().optional(),
  unitId: idRef.nullable().optional(),
  roles: z.array(z.enum(ROLES)).min(1).max(ROLES.length),
  scopes: z.array(scopeCode).min(1).max(200),
  password: rawText(200),
  mustChangePassword: z.boolean().default(true),
});
export const updateUserBody = z.strictObject({
  displayName: text(50, { min: 1 }).optional(),
  phone: phone.nullable().optional(),
  unitId: idRef.nullable().optional(),
  roles: z.array(z.enum(ROLES)).min(1).max(ROLES.length).optional(),
  scopes: z.array(scopeCode).min(1).max(200).optional(),
});
export const resetPasswordBody = z.strictObject({ password: rawText(200), mustChangePassword: z.boolean().default(true) });
