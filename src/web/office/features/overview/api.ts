/**
 * The overview's reads. The figures are keyed ['overview', …] — not a prefix the live stream invalidates:
 * recounting a district on every case change would cost more than a leader gains, so the page refetches
 * every minute in the background and on 刷新. The open emergencies are a case list (['cases', …]), so the
 * live stream keeps them current.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { caseListResponse } from '../../../../shared/api/cases.ts';
import { OPEN_STATUSES, type overviewResponse, type OverviewFigure, type OverviewPeriod, figureFilters } from '../../../../shared/api/overview.ts';
import { api } from '../../../common/api/client.ts';

export type Overview = z.input<typeof overviewResponse>;
export type StreetFigures = Overview['streets'][number];
type CasePage = z.input<typeof caseListResponse>;

export interface OverviewParams {
  period: OverviewPeriod;
  date?: string;
  district?: string;
}

export const REFRESH_MS = 60_000;

export function useOverview(p: OverviewParams) {
  const query = { period: p.period, date: p.date, district: p.district };
  return useQuery({
    queryKey: ['overview', query],
    queryFn: ({ signal }) => api<Overview>('/api/overview', { signal, query }),
    placeholderData: keepPreviousData,
    refetchInterval: REFRESH_MS,
  });
}

export const EMERGENCY_ROWS = 8;

export function useOpenEmergencies(districtCode: string | undefined) {
  const query = { districtCode: districtCode ?? '', urgency: 'urgent', status: OPEN_STATUSES.join(','), limit: EMERGENCY_ROWS };
  return useQuery({
    queryKey: ['cases', 'overviewEmergencies', query],
    queryFn: ({ signal }) => api<CasePage>('/api/cases', { signal, query }),
    enabled: !!districtCode,
    placeholderData: keepPreviousData,
  });
}

/** The case list showing the cases behind a figure (its URL: the list reads every filter from it). */
export function casesHref(figure: OverviewFigure, where: { districtCode: string; streetCode?: string; from: string; to: string }): string {
  return `/cases?${new URLSearchParams(figureFilters(figure, where))}`;
}
