/**
 * The security log's filter in the page's URL (the API's own parameter names, kinds comma-separated), so a view
 * can be reloaded, shared with a colleague and walked back through; and each field checked with the contract's
 * schema before it is sent.
 */
import type { FormRule as Rule } from 'antd';
import type { z } from 'zod';
import { securityEventQuery } from '../../../../shared/api/security.ts';
import { describeIssue } from '../../../../shared/api/validation.ts';
import { SECURITY_EVENT_KINDS, type SecurityEventKind } from '../../../../shared/api/vocabulary.ts';
import type { Lang } from '../../../common/i18n/catalogue.ts';
import type { LogFilter } from './api.ts';

const KEYS = ['username', 'from', 'to', 'ip', 'requestId'] as const;

export function filterFromParams(p: URLSearchParams): LogFilter {
  const f: LogFilter = {};
  const kinds = (p.get('kind') ?? '').split(',').filter((k): k is SecurityEventKind => (SECURITY_EVENT_KINDS as readonly string[]).includes(k));
  if (kinds.length) f.kind = kinds;
  for (const k of KEYS) {
    const v = p.get(k);
    if (v) f[k] = v;
  }
  return f;
}

export function filterToParams(f: LogFilter): URLSearchParams {
  const p = new URLSearchParams();
  if (f.kind?.length) p.set('kind', f.kind.join(','));
  for (const k of KEYS) if (f[k]) p.set(k, f[k]!);
  return p;
}

/** An antd rule checking one field with the server's schema for it; empty passes. */
export function schemaRule(field: 'username' | 'ip' | 'requestId', lang: Lang): Rule {
  const schema = securityEventQuery.shape[field] as z.ZodType;
  return {
    validator: async (_rule, value: unknown) => {
      if (typeof value !== 'string' || value.trim() === '') return;
      const r = schema.safeParse(value.trim());
      if (!r.success) throw new Error(describeIssue(r.error.issues[0]!, lang));
    },
  };
}

/** `query.ip` (a 400's field path) → the form's field. */
export function formFieldOf(path: string): 'kind' | 'username' | 'ip' | 'requestId' | 'range' | undefined {
  const name = path.replace(/^query\./, '').split('.')[0];
  if (name === 'from' || name === 'to') return 'range';
  return name === 'kind' || name === 'username' || name === 'ip' || name === 'requestId' ? name : undefined;
}
