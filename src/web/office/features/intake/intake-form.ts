/**
 * The intake form's values, the report body they make, and validation by the server's own schema
 * (reportCaseBody): a field is refused here for exactly the reason the server would refuse it, in the
 * same words (describeIssue), before anything is sent.
 */
import type { FormRule as Rule } from 'antd';
import type { z } from 'zod';
import { reportCaseBody, type ReportCaseBody } from '../../../../shared/api/cases.ts';
import { describeIssue } from '../../../../shared/api/validation.ts';
import type { CaseSource } from '../../../../shared/cases/workflow.ts';
import type { CategoryKind, Urgency } from '../../../../shared/org.ts';
import type { Lang } from '../../../common/i18n/catalogue.ts';
import type { Point } from './api.ts';

export interface PlaceValue {
  point: Point;
  /** What the receiver chose (a place's name), shown in the search box; absent for a click on the map. */
  label?: string;
}

export interface IntakeValues {
  source: CaseSource;
  reporterName?: string;
  reporterPhone?: string;
  place?: PlaceValue;
  address?: string;
  /** [kind, majorCode, code] as the cascader gives it. */
  category?: [CategoryKind, string, string];
  description?: string;
  urgency: Urgency;
}

export const INITIAL_VALUES: IntakeValues = { source: 'hotline', urgency: 'normal' };

const blank = (s: string | undefined) => (s === undefined || s.trim() === '' ? undefined : s.trim());

/** The request body, or null when place or category are missing (the form's required rules say so). */
export function bodyOf(v: IntakeValues): ReportCaseBody | null {
  if (!v.place || !v.category) return null;
  return {
    source: v.source,
    categoryKind: v.category[0],
    categoryCode: v.category[2],
    lng: v.place.point.lng,
    lat: v.place.point.lat,
    address: blank(v.address),
    description: v.description?.trim() ?? '',
    urgency: v.urgency,
    reporterName: blank(v.reporterName),
    reporterPhone: blank(v.reporterPhone),
  };
}

type Shape = typeof reportCaseBody.shape;

/** An antd rule checking one field with the server's schema for it. Empty passes: a required rule says so in its own words. */
export function schemaRule(field: keyof Shape, lang: Lang): Rule {
  const schema = reportCaseBody.shape[field] as z.ZodType;
  return {
    validator: async (_rule, value: unknown) => {
      const v = typeof value === 'string' && value.trim() === '' ? undefined : value;
      if (v === undefined) return;
      const r = schema.safeParse(typeof v === 'string' ? v.trim() : v);
      if (!r.success) throw new Error(describeIssue(r.error.issues[0]!, lang));
    },
  };
}

/** Server field names (`body.reporterPhone`) → the form's fields. */
const FIELD_OF: Partial<Record<string, keyof IntakeValues>> = {
  source: 'source', reporterName: 'reporterName', reporterPhone: 'reporterPhone', address: 'address', description: 'description', urgency: 'urgency',
  lng: 'place', lat: 'place', categoryCode: 'category', categoryKind: 'category',
};

/** A 400's field errors placed on the form's inputs; what has no input stays in the alert. */
export function formFieldErrors(fields: unknown): Array<{ name: keyof IntakeValues; errors: string[] }> {
  const list: Array<{ field: string; message: string }> = Array.isArray(fields)
    ? (fields as Array<{ field: string; message: string }>)
    : fields && typeof fields === 'object'
      ? Object.entries(fields as Record<string, string>).map(([field, message]) => ({ field, message }))
      : [];
  const out = new Map<keyof IntakeValues, string[]>();
  for (const f of list) {
    const name = FIELD_OF[f.field.replace(/^body\./, '').split('.')[0] ?? ''];
    if (name) out.set(name, [...(out.get(name) ?? []), f.message]);
  }
  return [...out].map(([name, errors]) => ({ name, errors }));
}
