/** antd form rules from the contract's zod schemas, and the server's field errors onto a form's fields. */
import type { FormInstance } from 'antd';
import type { Rule } from 'antd/es/form';
import type { z } from 'zod';
import { describeIssue } from '../../../../shared/api/validation.ts';
import { ApiError } from '../../../common/api/client.ts';
import type { Lang } from '../../../common/i18n/catalogue.ts';

/** The field is checked by the server's own schema, and its message is the one the server would give. */
export function zodRule(schema: z.ZodType, lang: Lang): Rule {
  return {
    validator: async (_rule, value: unknown) => {
      const r = schema.safeParse(value);
      if (!r.success) throw new Error(describeIssue(r.error.issues[0]!, lang, value === undefined));
    },
  };
}

/**
 * A 400's `body.x.y` fields set on the form's `[x, y]` (under `prefix` when the form holds the body deeper);
 * true when some field took a message (else the caller shows the error as a whole).
 */
export function showFieldErrors(form: FormInstance, err: unknown, prefix: readonly string[] = []): boolean {
  if (!(err instanceof ApiError) || !err.fields) return false;
  const list = Array.isArray(err.fields)
    ? (err.fields as Array<{ field: string; message: string }>)
    : Object.entries(err.fields).map(([field, message]) => ({ field, message }));
  const fields = list
    .map((f) => ({ name: [...prefix, ...f.field.replace(/^(body|params)\.?/, '').split('.').filter(Boolean)].map((p) => (/^\d+$/.test(p) ? Number(p) : p)), errors: [f.message] }))
    .filter((f) => f.name.length > 0);
  if (!fields.length) return false;
  form.setFields(fields);
  return true;
}
