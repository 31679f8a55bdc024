/**
 * Reference data every case table shows names from: divisions (street and community names by code),
 * categories and units. Read once and kept (they change rarely); keys and raw shapes match the other
 * screens' entries for the same endpoints, so the cache is shared.
 */
import { useMemo } from 'react';
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { categoryListResponse } from '../../../shared/api/categories.ts';
import type { divisionListResponse } from '../../../shared/api/geo.ts';
import type { unitListResponse } from '../../../shared/api/org.ts';
import { api } from '../api/client.ts';

const LONG = 30 * 60_000;
export type Division = z.output<typeof divisionListResponse>['items'][number];
export type Category = z.output<typeof categoryListResponse>['items'][number];
export type Unit = z.output<typeof unitListResponse>['items'][number];

export const allDivisionsQuery = queryOptions({
  queryKey: ['divisions', 'all'],
  queryFn: ({ signal }) => api<{ items: Division[] }>('/api/divisions', { signal }),
  staleTime: LONG,
});

export function useAllDivisions() {
  return useQuery({ ...allDivisionsQuery, select: (d) => d.items });
}

/** code → name for streets and communities (empty until loaded: tables show codes meanwhile). */
export function useDivisionNames(): ReadonlyMap<string, string> {
  const { data } = useAllDivisions();
  return useMemo(() => new Map((data ?? []).map((d) => [d.code, d.name])), [data]);
}

export function useAllCategories() {
  return useQuery({
    queryKey: ['categories', 'all'],
    queryFn: ({ signal }) => api<{ items: Category[] }>('/api/categories', { signal }).then((r) => r.items),
    staleTime: LONG,
  });
}

export function useUnitList() {
  return useQuery({
    queryKey: ['units'],
    queryFn: ({ signal }) => api<{ items: Unit[] }>('/api/units', { signal }),
    staleTime: LONG,
    select: (d) => d.items,
  });
}
