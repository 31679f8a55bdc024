/**
 * The case list's state in the URL: every filter GET /api/cases takes, the sort and the page, so a view can
 * be shared, reloaded and walked back through with the browser's back button. The URL uses the API's own
 * parameter names (lists comma-separated), so a saved filter is the same record the API reads.
 */
import { CASE_SOURCES, CASE_STATUSES, STEP_KINDS, type CaseSource, type CaseStatus, type StepKind } from '../../../../../shared/cases/workflow.ts';
import { CATEGORY_KINDS, URGENCIES, type CategoryKind, type Urgency } from '../../../../../shared/org.ts';
import { COLOURS, type Colour } from '../../../../../shared/api/vocabulary.ts';

export interface CaseFilters {
  status?: CaseStatus[];
  step?: StepKind[];
  categoryKind?: CategoryKind;
  categoryCode?: string;
  districtCode?: string;
  streetCode?: string;
  communityCode?: string;
  gridCode?: string;
  unit?: number;
  source?: CaseSource[];
  urgency?: Urgency;
  colour?: Colour[];
  overdue?: boolean;
  /** YYYY-MM-DD, both days included. */
  reportedFrom?: string;
  reportedTo?: string;
  filedFrom?: string;
  filedTo?: string;
  closedFrom?: string;
  closedTo?: string;
  q?: string;
  number?: string;
}

export type CaseSort = 'reportedAt' | 'dueAt';

export interface ListView {
  filters: CaseFilters;
  sort: CaseSort;
  page: number;
  pageSize: number;
}

export const PAGE_SIZES = [20, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 20;
export const NUMBER_PATTERN = /^\d{4}-[TAta]\d{6,}$/;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const list = <T extends string>(v: string | null, allowed: readonly T[]): T[] | undefined => {
  const xs = (v ?? '').split(',').filter((x): x is T => (allowed as readonly string[]).includes(x));
  return xs.length ? [...new Set(xs)] : undefined;
};
const one = <T extends string>(v: string | null, allowed: readonly T[]): T | undefined => ((allowed as readonly string[]).includes(v ?? '') ? (v as T) : undefined);
const match = (v: string | null, re: RegExp): string | undefined => (v && re.test(v) ? v : undefined);

export function filtersFrom(p: URLSearchParams): CaseFilters {
  const unit = Number(p.get('unit'));
  const q = p.get('q')?.trim().slice(0, 100);
  const f: CaseFilters = {
    status: list(p.get('status'), CASE_STATUSES),
    step: list(p.get('step'), STEP_KINDS),
    categoryKind: one(p.get('categoryKind'), CATEGORY_KINDS),
    categoryCode: match(p.get('categoryCode'), /^\d{5}$/),
    districtCode: match(p.get('districtCode'), /^\d{6}$/),
    streetCode: match(p.get('streetCode'), /^\d{9}$/),
    communityCode: match(p.get('communityCode'), /^\d{12}$/),
    gridCode: match(p.get('gridCode'), /^\d{14,15}$/),
    unit: Number.isInteger(unit) && unit > 0 ? unit : undefined,
    source: list(p.get('source'), CASE_SOURCES),
    urgency: one(p.get('urgency'), URGENCIES),
    colour: list(p.get('colour'), COLOURS),
    overdue: p.get('overdue') === 'true' ? true : p.get('overdue') === 'false' ? false : undefined,
    reportedFrom: match(p.get('reportedFrom'), DAY),
    reportedTo: match(p.get('reportedTo'), DAY),
    filedFrom: match(p.get('filedFrom'), DAY),
    filedTo: match(p.get('filedTo'), DAY),
    closedFrom: match(p.get('closedFrom'), DAY),
    closedTo: match(p.get('closedTo'), DAY),
    q: q || undefined,
    number: match(p.get('number'), NUMBER_PATTERN),
  };
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)) as CaseFilters;
}

export function viewFrom(p: URLSearchParams): ListView {
  const size = Number(p.get('size'));
  return {
    filters: filtersFrom(p),
    sort: p.get('sort') === 'dueAt' ? 'dueAt' : 'reportedAt',
    page: Math.max(1, Math.min(10_000, Number(p.get('page')) || 1)),
    pageSize: (PAGE_SIZES as readonly number[]).includes(size) ? size : DEFAULT_PAGE_SIZE,
  };
}

/** The filters as query parameters: the URL's, a saved filter's, and (with dates widened) the API's. */
export function filterParams(f: CaseFilters): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(f)) {
    if (v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    out[k] = Array.isArray(v) ? v.join(',') : String(v);
  }
  return out;
}

export function searchOf(v: ListView): URLSearchParams {
  const p = new URLSearchParams(filterParams(v.filters));
  if (v.sort !== 'reportedAt') p.set('sort', v.sort);
  if (v.page > 1) p.set('page', String(v.page));
  if (v.pageSize !== DEFAULT_PAGE_SIZE) p.set('size', String(v.pageSize));
  return p;
}

/** The next calendar day: the API reads a bare date as its midnight in China time, so "to" is widened to include the day. */
export function nextDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d + 1));
  return t.toISOString().slice(0, 10);
}

export function apiQuery(v: ListView): Record<string, string | number> {
  const q: Record<string, string | number> = { ...filterParams(v.filters), sort: v.sort, limit: v.pageSize, offset: (v.page - 1) * v.pageSize };
  for (const k of ['reportedTo', 'filedTo', 'closedTo'] as const) if (v.filters[k]) q[k] = nextDay(v.filters[k]);
  return q;
}

export function countFilters(f: CaseFilters): number {
  return Object.keys(filterParams(f)).length;
}

/** A saved filter's stored query back into filters (what the URL would hold). */
export function filtersFromSaved(query: Record<string, string | string[]>): CaseFilters {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) p.set(k, Array.isArray(v) ? v.join(',') : v);
  return filtersFrom(p);
}
