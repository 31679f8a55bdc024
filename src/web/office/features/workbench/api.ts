/**
 * The workbench's reads: the queue summary (counts per step), one step's queue, and the "near due" count.
 * Keys start with 'queue' / 'queueSummary', the prefixes the live stream invalidates; the previous data
 * stays on screen while a refetch runs (placeholderData), so the user's place is never lost.
 */
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { caseListResponse, queueResponse, queueSummaryResponse } from '../../../../shared/api/cases.ts';
import type { StepKind } from '../../../../shared/cases/workflow.ts';
import { api } from '../../../common/api/client.ts';

export type QueueSummary = z.input<typeof queueSummaryResponse>;
export type QueuePage = z.input<typeof queueResponse>;
export type QueueItem = QueuePage['items'][number];
export type StepCount = QueueSummary['steps'][number];

/** The tab of all the user's tasks; the others are one step each. */
export const ALL = 'all';
export type QueueTab = StepKind | typeof ALL;

/** Rows per page unless the address says otherwise (also what the first screen prefetches). */
export const DEFAULT_PAGE_SIZE = 50;

export const queueSummaryQuery = queryOptions({
  queryKey: ['queueSummary'],
  queryFn: ({ signal }) => api<QueueSummary>('/api/cases/queue/summary', { signal }),
});

export const queueQuery = (tab: QueueTab, page: number, pageSize: number) =>
  queryOptions({
    queryKey: ['queue', { step: tab, page, pageSize }],
    queryFn: ({ signal }) =>
      api<QueuePage>('/api/cases/queue', { signal, query: { step: tab === ALL ? undefined : tab, limit: pageSize, offset: (page - 1) * pageSize } }),
  });

export function useQueueSummary() {
  return useQuery({ ...queueSummaryQuery, placeholderData: keepPreviousData });
}

export function useQueue(tab: QueueTab, page: number, pageSize: number) {
  return useQuery({ ...queueQuery(tab, page, pageSize), placeholderData: keepPreviousData });
}

/**
 * Cases near due (red: 80–100 % of the step's limit used) among the steps of the user's queue, from the case
 * list's colour filter; under 'queueSummary' so it refreshes with the counts.
 */
export interface NearDue {
  total: number;
  exact: boolean;
}

export function useNearDue(steps: readonly StepKind[], enabled: boolean) {
  return useQuery<NearDue>({
    queryKey: ['queueSummary', 'nearDue', steps],
    queryFn: ({ signal }) =>
      api<z.input<typeof caseListResponse>>('/api/cases', { signal, query: { step: steps.join(','), colour: 'red', limit: 1 } }).then((r) => ({ total: r.total, exact: r.totalExact })),
    enabled: enabled && steps.length > 0,
    placeholderData: keepPreviousData,
  });
}
