/**
 * What the hotline intake form reads and writes. Lists of cases are keyed under `['cases', …]` so the live
 * stream refreshes the duplicates panel when a nearby case changes; the stock phrases share the settings
 * screen's `['preferences']` entry (one cache, whichever screen loaded it).
 */
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { caseListResponse, CaseDto, reportedCaseSchema, ReportCaseBody, caseDetailSchema } from '../../../../shared/api/cases.ts';
import type { categoryListResponse } from '../../../../shared/api/categories.ts';
import type { locateResponse, placeListResponse } from '../../../../shared/api/geo.ts';
import type { sharedPhrasesResponse } from '../../../../shared/api/phrases.ts';
import type { Preferences } from '../../../../shared/api/preferences.ts';
import type { WorkflowSettings } from '../../../../shared/api/settings.ts';
import { CASE_STATUSES, FINAL_STATUSES } from '../../../../shared/cases/workflow.ts';
import { api } from '../../../common/api/client.ts';

export type Place = z.input<typeof placeListResponse>['items'][number];
export type Located = z.input<typeof locateResponse>;
export type Category = z.input<typeof categoryListResponse>['items'][number];
export type ReportedCase = z.input<typeof reportedCaseSchema>;
export type CaseDetail = z.input<typeof caseDetailSchema>;
export type { CaseDto, ReportCaseBody };

export interface Point {
  lng: number;
  lat: number;
}

export const OPEN_STATUSES = CASE_STATUSES.filter((s) => !FINAL_STATUSES.includes(s));

export function searchPlaces(q: string, signal?: AbortSignal): Promise<Place[]> {
  return api<z.input<typeof placeListResponse>>('/api/places', { query: { q, limit: 20 }, signal }).then((r) => r.items);
}

export function useLocate(point: Point | null) {
  return useQuery({
    queryKey: ['locate', point?.lng, point?.lat],
    queryFn: () => api<Located>('/api/locate', { query: { lng: point!.lng, lat: point!.lat } }),
    enabled: !!point,
    staleTime: Infinity,
    retry: false,
  });
}

export function useCategories() {
  return useQuery({
    queryKey: ['categories', 'active'],
    queryFn: () => api<z.input<typeof categoryListResponse>>('/api/categories', { query: { active: true } }).then((r) => r.items),
    staleTime: 30 * 60_000,
  });
}

export function useWorkflowSettings(districtCode: string | undefined) {
  return useQuery({
    queryKey: ['workflowSettings', districtCode],
    queryFn: () => api<WorkflowSettings>(`/api/workflow-settings/${districtCode}`),
    enabled: !!districtCode,
    staleTime: 10 * 60_000,
  });
}

export function usePreferences() {
  return useQuery({ queryKey: ['preferences'], queryFn: () => api<Preferences>('/api/me/preferences'), staleTime: 5 * 60_000 });
}

/** The district's shared stock phrases (公共常用语, kept by the admin), the same entry the admin's screen keeps. */
export function useSharedPhrases() {
  return useQuery({
    queryKey: ['sharedPhrases'],
    queryFn: () => api<z.input<typeof sharedPhrasesResponse>>('/api/shared-phrases').then((r) => r.items),
    staleTime: 5 * 60_000,
  });
}

/**
 * Open cases reported in the street within the duplicate window, newest first: the candidates the panel
 * narrows to compatible categories and measures the distance to (the server's rule, case.duplicates.ts, is
 * applied again when the report is saved and answered as `possibleDuplicates`).
 */
export function useOpenCasesNear(streetCode: string | undefined, windowHours: number | undefined) {
  return useQuery({
    queryKey: ['cases', 'intakeNearby', streetCode, windowHours],
    queryFn: () =>
      api<z.input<typeof caseListResponse>>('/api/cases', {
        query: {
          streetCode,
          status: OPEN_STATUSES.join(','),
          reportedFrom: new Date(Date.now() - windowHours! * 3_600_000).toISOString(),
          sort: 'reportedAt',
          limit: 500,
        },
      }),
    enabled: !!streetCode && !!windowHours,
    placeholderData: (prev) => prev,
  });
}

export function reportCase(body: ReportCaseBody, idempotencyKey: string): Promise<ReportedCase> {
  return api<ReportedCase>('/api/cases', { method: 'POST', body, idempotencyKey });
}

export function mergeCase(id: number, version: number, originalId: number, overrideReason: string | undefined, idempotencyKey: string): Promise<CaseDetail> {
  return api<CaseDetail>(`/api/cases/${id}/merge`, {
    method: 'POST',
    body: { version, originalId, ...(overrideReason ? { override: { reason: overrideReason } } : {}) },
    idempotencyKey,
  });
}

export function sendToVerify(id: number, version: number, idempotencyKey: string): Promise<CaseDetail> {
  return api<CaseDetail>(`/api/cases/${id}/sendToVerify`, { method: 'POST', body: { version }, idempotencyKey });
}

/** Metres between two WGS-84 points (haversine on the mean earth radius, as the server measures). */
export function metresBetween(a: Point, b: Point): number {
  const r = (d: number) => (d * Math.PI) / 180;
  const h = Math.sin(r(b.lat - a.lat) / 2) ** 2 + Math.cos(r(a.lat)) * Math.cos(r(b.lat)) * Math.sin(r(b.lng - a.lng) / 2) ** 2;
  return 2 * 6371008.8 * Math.asin(Math.sqrt(h));
}
