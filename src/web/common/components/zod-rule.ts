/** Form rules from the contract's own zod schemas: the message is the one the server would give. */
import type { FormRule as Rule } from 'antd';
import type { z } from 'zod';
import { describeIssue } from '../../../shared/api/validation.ts';
import type { Lang } from '../i18n/catalogue.ts';

/** Checks a value with `schema` (blank text counts as absent unless `required`). */
export function zodRule(schema: z.ZodType, lang: Lang, opts: { required?: boolean } = {}): Rule {
  return {
    validator: async (_rule, value: unknown) => {
      const blank = value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
      if (blank && !opts.required) return;
      const r = schema.safeParse(typeof value === 'string' ? value.trim() : value);
      if (!r.success) throw new Error(describeIssue(r.error.issues[0]!, lang, blank));
    },
  };
}
