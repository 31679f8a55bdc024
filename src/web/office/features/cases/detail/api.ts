/**
 * The case detail's server data. The case itself is `['case', id]` (the live stream invalidates it);
 * the reference data around it (units, the grid, the category) changes rarely and is cached long.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { CaseDetailDto, duplicatesResponse, revealedContactSchema, acknowledgedAlertSchema, StepDto } from '../../../../../shared/api/cases.ts';
import type { gridDetailSchema } from '../../../../../shared/api/geo.ts';
import type { StoredPhotoDto } from '../../../../../shared/api/photos.ts';
import type { CaseAction } from '../../../../../shared/cases/workflow.ts';
import { api } from '../../../../common/api/client.ts';

/** A step as the detail sends it; `timeLeft` is the server's counting time left on an open step. */
export type CaseStep = StepDto;
export type CaseDetail = CaseDetailDto;
export type CaseEvent = CaseDetail['timeline'][number];
export type Duplicate = z.input<typeof duplicatesResponse>['items'][number];
export type GridDetail = z.input<typeof gridDetailSchema>;
export type RevealedContact = z.input<typeof revealedContactSchema>;
export type AcknowledgedAlert = z.input<typeof acknowledgedAlertSchema>;

const LONG = 10 * 60_000;

export const caseKey = (id: number) => ['case', id] as const;

export function useCaseDetail(id: number) {
  return useQuery({
    queryKey: caseKey(id),
    queryFn: ({ signal }) => api<CaseDetail>(`/api/cases/${id}`, { signal }),
    enabled: Number.isInteger(id) && id > 0,
  });
}

/** Writes the case an action answered with into the cache (the action's response is the detail). */
export function useSetCase() {
  const qc = useQueryClient();
  return (c: CaseDetail) => qc.setQueryData(caseKey(c.id), c);
}

export function useDuplicates(id: number, enabled: boolean) {
  return useQuery({
    queryKey: ['duplicates', id],
    queryFn: ({ signal }) => api<{ items: Duplicate[] }>(`/api/cases/${id}/duplicates`, { signal }),
    enabled,
  });
}

export function useGrid(code: string | undefined) {
  return useQuery({
    queryKey: ['grid', code],
    queryFn: ({ signal }) => api<GridDetail>(`/api/grids/${code}`, { signal }),
    enabled: !!code,
    staleTime: LONG,
  });
}

export function postAction(id: number, action: CaseAction, body: Record<string, unknown>, idempotencyKey: string): Promise<CaseDetail> {
  return api<CaseDetail>(`/api/cases/${id}/${action}`, { method: 'POST', body, idempotencyKey });
}

export function revealContact(id: number, reason: string, idempotencyKey: string): Promise<RevealedContact> {
  return api<RevealedContact>(`/api/cases/${id}/revealContact`, { method: 'POST', body: { reason }, idempotencyKey });
}

export function acknowledgeAlert(id: number, idempotencyKey: string): Promise<AcknowledgedAlert> {
  return api<AcknowledgedAlert>(`/api/cases/${id}/acknowledgeAlert`, { method: 'POST', idempotencyKey });
}

export function uploadPhoto(file: File, idempotencyKey: string): Promise<StoredPhotoDto> {
  const form = new FormData();
  form.append('file', file);
  return api<StoredPhotoDto>('/api/photos', { method: 'POST', body: form, idempotencyKey });
}

/** Cases found by a tracking or case number or words (for merging into a case the suggestions miss). */
export function searchCases(q: string, signal?: AbortSignal) {
  const number = /^\d{4}-[TAta]\d{6,}$/.test(q.trim());
  return api<{ items: CaseDetailDto[] }>('/api/cases', { signal, query: number ? { number: q.trim(), limit: 10 } : { q: q.trim(), limit: 10 } });
}
