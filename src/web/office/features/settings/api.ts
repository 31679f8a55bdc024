/**
 * The person's own preferences (GET/PATCH /api/me/preferences) under `['preferences']` — the key the intake
 * form reads its stock phrases from — and the names of what they are assigned to (unit, scopes).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { placeListResponse } from '../../../../shared/api/geo.ts';
import type { unitSchema } from '../../../../shared/api/org.ts';
import type { Preferences, PreferencesPatch } from '../../../../shared/api/preferences.ts';
import { api } from '../../../common/api/client.ts';

export const PREFERENCES_KEY = ['preferences'] as const;

export function usePreferences() {
  return useQuery({ queryKey: PREFERENCES_KEY, queryFn: () => api<Preferences>('/api/me/preferences'), staleTime: 5 * 60_000 });
}

/** A part of the preferences saved; the answer (the whole document) becomes the cache. */
export function usePatchPreferences() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (patch: PreferencesPatch) => api<Preferences>('/api/me/preferences', { method: 'PATCH', body: patch }),
    onSuccess: (p) => qc.setQueryData(PREFERENCES_KEY, p),
  });
}

type Unit = z.input<typeof unitSchema>;

export function useUnit(id: number | null, enabled: boolean) {
  return useQuery({
    queryKey: ['unit', id],
    queryFn: () => api<Unit>(`/api/units/${id}`),
    enabled: enabled && id !== null,
    staleTime: 30 * 60_000,
  });
}

/** A scope code's name (a district, street, community or grid) from the place search, which takes codes too. */
export function useScopeName(code: string, enabled: boolean) {
  return useQuery({
    queryKey: ['places', 'code', code],
    queryFn: () =>
      api<z.input<typeof placeListResponse>>('/api/places', { query: { q: code, limit: 5 } }).then((r) => r.items.find((p) => p.code === code) ?? null),
    enabled,
    staleTime: 30 * 60_000,
  });
}
