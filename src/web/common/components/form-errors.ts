/**
 * A refusal placed at the field it concerns. A 400 names its fields (`body.username`); a domain refusal names
 * none, so its code says which input it is about (ROLES_INCOMPATIBLE → the roles, USERNAME_TAKEN → the
 * username, …). What concerns no input stays in the form's alert.
 */
import { ApiError } from '../api/client.ts';

const FIELD_OF_CODE: Record<string, string> = {
  USERNAME_TAKEN: 'username',
  ROLES_INCOMPATIBLE: 'roles',
  UNIT_REQUIRED: 'unitId',
  UNIT_NOT_FOUND: 'unitId',
  SCOPE_INVALID: 'scopes',
  PASSWORD_WEAK: 'password',
  USER_IS_INTEGRATION: 'password',
  // Units and calendars (admin-units uses the same helper).
  UNIT_CODE_TAKEN: 'code',
  CALENDAR_CODE_TAKEN: 'code',
  CALENDAR_NOT_FOUND: 'calendarId',
  UNIT_PARENT_INVALID: 'parentId',
  DIVISION_NOT_FOUND: 'areaCode',
};

export interface FieldErrors {
  /** Errors for the form's fields, ready for `form.setFields`. */
  fields: Array<{ name: (string | number)[]; errors: string[] }>;
  /** True when every part of the error found a field (no alert needed). */
  placed: boolean;
}

/**
 * `known` lists the form's field names; a server field outside them stays unplaced. `alias` maps a server
 * field to the form's (the unit's `parentId` and `UNIT_NOT_FOUND` for example).
 */
export function fieldErrors(err: unknown, known: readonly string[], alias: Record<string, string> = {}): FieldErrors {
  if (!(err instanceof ApiError)) return { fields: [], placed: false };
  const out: FieldErrors['fields'] = [];
  let placed = true;
  if (err.fields) {
    const list = Array.isArray(err.fields)
      ? (err.fields as Array<{ field: string; message: string }>)
      : Object.entries(err.fields).map(([field, message]) => ({ field, message }));
    for (const f of list) {
      const path = f.field.replace(/^body\./, '').split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
      const head = alias[String(path[0])] ?? String(path[0]);
      if (known.includes(head)) out.push({ name: [head, ...path.slice(1)], errors: [f.message] });
      else placed = false;
    }
    return { fields: out, placed: placed && out.length > 0 };
  }
  const field = alias[err.code] ?? FIELD_OF_CODE[err.code];
  if (field && known.includes(field)) return { fields: [{ name: [field], errors: [err.message] }], placed: true };
  return { fields: [], placed: false };
}
