/**
 * The auditor's data: pages of the security log (GET /api/security-events, `beforeId` the last id seen) under
 * `['securityEvents', filter]`, its CSV export's address for the same filter, and the audit trail's status under
 * `['audit', 'status']` — polled each second while a verification runs, so its progress and result show.
 */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { auditStatusResponse, verifyStartedResponse } from '../../../../shared/api/audit.ts';
import type { securityEventListResponse } from '../../../../shared/api/security.ts';
import type { SecurityEventKind } from '../../../../shared/api/vocabulary.ts';
import { api, queryString } from '../../../common/api/client.ts';

export type SecurityEventPage = z.input<typeof securityEventListResponse>;
export type SecurityEvent = SecurityEventPage['items'][number];
export type AuditStatus = z.input<typeof auditStatusResponse>;
export type Verification = NonNullable<AuditStatus['lastVerification']>;

/** The viewer's filter as it travels (and as the page's URL keeps it). */
export interface LogFilter {
  kind?: SecurityEventKind[];
  username?: string;
  from?: string;
  to?: string;
  ip?: string;
  requestId?: string;
}

export const PAGE_SIZE = 50;

function filterQuery(f: LogFilter) {
  return { kind: f.kind?.length ? f.kind.join(',') : undefined, username: f.username, from: f.from, to: f.to, ip: f.ip, requestId: f.requestId };
}

export function useSecurityEvents(filter: LogFilter) {
  return useInfiniteQuery({
    queryKey: ['securityEvents', filter],
    queryFn: ({ pageParam, signal }) =>
      api<SecurityEventPage>('/api/security-events', { query: { ...filterQuery(filter), limit: PAGE_SIZE, beforeId: pageParam }, signal }),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => (last.items.length === PAGE_SIZE ? last.items[last.items.length - 1]!.id : undefined),
  });
}

/** The export's address: a plain GET the browser downloads with the session cookie. */
export function exportUrl(filter: LogFilter): string {
  return `/api/security-events/export${queryString({ ...filterQuery(filter), format: 'csv' })}`;
}

export function useAuditStatus() {
  return useQuery({
    queryKey: ['audit', 'status'],
    queryFn: ({ signal }) => api<AuditStatus>('/api/audit/status', { signal }),
    refetchInterval: (q) => (q.state.data?.running ? 1000 : 30_000),
  });
}

export function useVerifyNow() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<z.input<typeof verifyStartedResponse>>('/api/audit/verify', { method: 'POST' }),
    onSuccess: (r) => qc.setQueryData<AuditStatus>(['audit', 'status'], (s) => s && { ...s, running: r.verification }),
    onSettled: () => qc.invalidateQueries({ queryKey: ['audit', 'status'] }),
  });
}
