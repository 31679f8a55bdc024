/**
 * The administration of the catalogue: categories and their legacy codes, the holiday calendar, the workflow
 * settings and the shared stock phrases. Categories share `['categories', …]` with every screen that names them
 * (a change here refreshes the intake form's list); the workflow settings share the intake form's
 * `['workflowSettings', district]`; the shared phrases are `['sharedPhrases']`, read by the intake form too.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { categoryImportResult, categorySchema, createCategoryBody, LEGACY_SCHEMES, mappingListResponse, categorySettingsBody, setMappingBody } from '../../../../shared/api/categories.ts';
import type { sharedPhrasesResponse, sharedPhrasesSchema } from '../../../../shared/api/phrases.ts';
import type { holidayYearResponse, WorkflowSettings } from '../../../../shared/api/settings.ts';
import { api } from '../../../common/api/client.ts';

export type Category = z.output<typeof categorySchema>;
export type CategoryPatch = z.input<typeof categorySettingsBody>;
export type NewCategory = z.input<typeof createCategoryBody>;
export type Mapping = z.output<typeof mappingListResponse>['items'][number];
export type MappingBody = z.input<typeof setMappingBody>;
export type LegacyScheme = (typeof LEGACY_SCHEMES)[number];
export type ImportResult = z.output<typeof categoryImportResult>;
export type HolidayYear = z.output<typeof holidayYearResponse>;
export type SharedPhrases = z.output<typeof sharedPhrasesSchema>;

const LONG = 30 * 60_000;

/** Every category, active or not (the admin sees all); the same entry as useAllCategories. */
export function useCategoryCatalogue() {
  return useQuery({
    queryKey: ['categories', 'all'],
    queryFn: ({ signal }) => api<{ items: Category[]; notice: string }>('/api/categories', { signal }),
    staleTime: LONG,
    select: (d) => d,
  });
}

export function useSaveCategory() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ kind, code, patch }: { kind: string; code: string; patch: CategoryPatch }) =>
      api<Category>(`/api/categories/${kind}/${code}`, { method: 'PATCH', body: patch }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['categories'] }),
  });
}

export function useCreateCategory() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NewCategory) => api<Category>('/api/categories', { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['categories'] }),
  });
}

/** A CSV sent as text: a dry run (check and preview) or the import itself. */
export function useImportCategories() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ csv, fileName, dryRun }: { csv: string; fileName: string; dryRun: boolean }) =>
      api<ImportResult>('/api/categories/import', { method: 'POST', body: new Blob([csv], { type: 'text/csv' }), query: { fileName, dryRun } }),
    onSuccess: (r) => {
      if (!r.dryRun) void qc.invalidateQueries({ queryKey: ['categories'] });
    },
  });
}

export function useMappings() {
  return useQuery({
    queryKey: ['categoryMappings'],
    queryFn: ({ signal }) => api<{ items: Mapping[] }>('/api/category-mappings', { signal }).then((r) => r.items),
    staleTime: LONG,
  });
}

export function useSaveMapping() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: MappingBody) => api<null>('/api/category-mappings', { method: 'PUT', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['categoryMappings'] }),
  });
}

export function useHolidayYear(year: number) {
  return useQuery({
    queryKey: ['holidays', year],
    queryFn: ({ signal }) => api<HolidayYear>(`/api/holidays/${year}`, { signal }),
    staleTime: LONG,
  });
}

export function useSetHoliday() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ day, isWorkday, name }: { day: string; isWorkday: boolean; name: string }) =>
      api<null>(`/api/holidays/${day}`, { method: 'PUT', body: { isWorkday, name } }),
    onSuccess: (_r, v) => qc.invalidateQueries({ queryKey: ['holidays', Number(v.day.slice(0, 4))] }),
  });
}

export function useClearHoliday() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (day: string) => api<null>(`/api/holidays/${day}`, { method: 'DELETE' }),
    onSuccess: (_r, day) => qc.invalidateQueries({ queryKey: ['holidays', Number(day.slice(0, 4))] }),
  });
}

export function useWorkflowSettings(districtCode: string | undefined) {
  return useQuery({
    queryKey: ['workflowSettings', districtCode],
    queryFn: ({ signal }) => api<WorkflowSettings>(`/api/workflow-settings/${districtCode}`, { signal }),
    enabled: !!districtCode,
    staleTime: 10 * 60_000,
  });
}

export function useSaveWorkflowSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ districtCode, settings }: { districtCode: string; settings: WorkflowSettings }) =>
      api<WorkflowSettings>(`/api/workflow-settings/${districtCode}`, { method: 'PUT', body: settings }),
    onSuccess: (s, v) => qc.setQueryData(['workflowSettings', v.districtCode], s),
  });
}

export const SHARED_PHRASES_KEY = ['sharedPhrases'] as const;

export function useSharedPhrases() {
  return useQuery({
    queryKey: SHARED_PHRASES_KEY,
    queryFn: ({ signal }) => api<z.output<typeof sharedPhrasesResponse>>('/api/shared-phrases', { signal }).then((r) => r.items),
    staleTime: 5 * 60_000,
  });
}

export function useSaveSharedPhrases() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ districtCode, phrases }: { districtCode: string; phrases: string[] }) =>
      api<SharedPhrases>(`/api/shared-phrases/${districtCode}`, { method: 'PUT', body: { phrases } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: SHARED_PHRASES_KEY }),
  });
}
