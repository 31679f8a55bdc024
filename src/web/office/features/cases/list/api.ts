/**
 * The case list's reads and the preferences it keeps on the server (columns, saved filters). The list is
 * keyed ['cases', params] (the live stream refreshes it); preferences share the ['preferences'] entry with
 * the other screens, and a change is a PATCH of the parts touched, merged into the stored document.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { caseListResponse } from '../../../../../shared/api/cases.ts';
import type { Preferences, PreferencesPatch } from '../../../../../shared/api/preferences.ts';
import { api } from '../../../../common/api/client.ts';

export type CaseListPage = z.input<typeof caseListResponse>;
export type CaseRow = CaseListPage['items'][number];

export function useCaseList(params: Record<string, string | number>) {
  return useQuery({
    queryKey: ['cases', params],
    queryFn: ({ signal }) => api<CaseListPage>('/api/cases', { signal, query: params }),
    placeholderData: keepPreviousData,
  });
}

/** 受理号/案卷号 look-up: up to two matches (one opens the case directly). */
export function lookUpNumber(number: string): Promise<CaseListPage> {
  return api<CaseListPage>('/api/cases', { query: { number, limit: 2 } });
}

export function usePreferences() {
  return useQuery({ queryKey: ['preferences'], queryFn: ({ signal }) => api<Preferences>('/api/me/preferences', { signal }), staleTime: 5 * 60_000 });
}

/** PATCH the given parts; the cache shows the change at once and takes the server's answer after. */
export function useSavePreferences() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (patch: PreferencesPatch) => api<Preferences>('/api/me/preferences', { method: 'PATCH', body: patch }),
    onMutate: async (patch) => {
      await qc.cancelQueries({ queryKey: ['preferences'] });
      const before = qc.getQueryData<Preferences>(['preferences']);
      if (before) qc.setQueryData<Preferences>(['preferences'], { ...before, ...patch } as Preferences);
      return { before };
    },
    onError: (_e, _p, ctx) => {
      if (ctx?.before) qc.setQueryData(['preferences'], ctx.before);
    },
    onSuccess: (saved) => qc.setQueryData(['preferences'], saved),
  });
}
