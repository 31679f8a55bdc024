/**
 * The desk's server data. Its lists are the case list filtered to the unit (`['cases', 'desk', …]`) and its
 * figures are under 'queueSummary': both prefixes the live stream invalidates, so the desk follows every change
 * to the unit's cases without a reload. The members change rarely and are kept longer.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { caseListResponse } from '../../../../../shared/api/cases.ts';
import type { deskMembersResponse, deskSummaryResponse } from '../../../../../shared/api/desk.ts';
import type { CaseStatus } from '../../../../../shared/cases/workflow.ts';
import { api } from '../../../../common/api/client.ts';
import type { CaseDetail } from '../detail/api.ts';

export type DeskSummary = z.input<typeof deskSummaryResponse>;
export type DeskMember = z.input<typeof deskMembersResponse>['items'][number];
export type DeskCase = z.input<typeof caseListResponse>['items'][number];
type DeskPage = z.input<typeof caseListResponse>;

/** The desk's tabs, each the unit's cases in some statuses. */
export const DESK_TABS = {
  accept: ['dispatched'],
  handle: ['handling'],
  requests: ['extensionRequested', 'returnRequested', 'shelveRequested'],
} as const satisfies Record<string, readonly CaseStatus[]>;
export type DeskTab = keyof typeof DESK_TABS;

export interface DeskFilter {
  tab: DeskTab;
  mine: boolean;
  categoryCode?: string;
  overdue: boolean;
  sort: 'dueAt' | 'reportedAt';
  page: number;
  pageSize: number;
}

export function useDeskSummary() {
  return useQuery({
    queryKey: ['queueSummary', 'desk'],
    queryFn: ({ signal }) => api<DeskSummary>('/api/desk/summary', { signal }),
    placeholderData: keepPreviousData,
  });
}

export function useDeskMembers(enabled: boolean) {
  return useQuery({
    queryKey: ['deskMembers'],
    queryFn: ({ signal }) => api<{ items: DeskMember[] }>('/api/desk/members', { signal }).then((r) => r.items),
    staleTime: 5 * 60_000,
    enabled,
  });
}

export function useDeskCases(unitId: number | null, f: DeskFilter) {
  return useQuery({
    queryKey: ['cases', 'desk', unitId, f],
    queryFn: ({ signal }) =>
      api<DeskPage>('/api/cases', {
        signal,
        query: {
          unit: unitId ?? undefined,
          status: DESK_TABS[f.tab].join(','),
          mine: f.mine ? 'true' : undefined,
          categoryCode: f.categoryCode,
          overdue: f.overdue ? 'true' : undefined,
          sort: f.sort,
          limit: f.pageSize,
          offset: (f.page - 1) * f.pageSize,
        },
      }),
    enabled: unitId !== null,
    placeholderData: keepPreviousData,
  });
}

/** Counts per tab for the tab labels (the same filters, one row each). */
export function useDeskTabCount(unitId: number | null, tab: DeskTab, f: Omit<DeskFilter, 'tab' | 'page' | 'pageSize' | 'sort'>) {
  return useQuery<{ total: number; exact: boolean }>({
    queryKey: ['cases', 'desk', unitId, 'count', tab, f],
    queryFn: ({ signal }) =>
      api<DeskPage>('/api/cases', {
        signal,
        query: { unit: unitId ?? undefined, status: DESK_TABS[tab].join(','), mine: f.mine ? 'true' : undefined, categoryCode: f.categoryCode, overdue: f.overdue ? 'true' : undefined, limit: 1 },
      }).then((r) => ({ total: r.total, exact: r.totalExact })),
    enabled: unitId !== null,
    placeholderData: keepPreviousData,
  });
}

export function assignCase(id: number, userId: number | null, version: number, idempotencyKey: string): Promise<CaseDetail> {
  return api<CaseDetail>(`/api/cases/${id}/assign`, { method: 'POST', body: { userId, version }, idempotencyKey });
}
