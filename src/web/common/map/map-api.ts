/**
 * What the maps read, all from our own API: the deployment's basemap, the divisions and unit grids as
 * GeoJSON (revalidated by ETag: the browser keeps them), the cases in a view (points, or the server's
 * clusters beyond 2,000) and the emergency alarms sounding. Query keys use the prefixes the live stream
 * invalidates (`casesMap`, `alerts`, `case`), so a new or changed case redraws without a reload.
 */
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { alertListResponse, caseSchema, mapResponse } from '../../../shared/api/cases.ts';
import type { divisionFeature, gridFeature } from '../../../shared/api/geo.ts';
import type { webConfigResponse } from '../../../shared/api/web.ts';
import type { CaseSource, CaseStatus, StepKind } from '../../../shared/cases/workflow.ts';
import type { CategoryKind, Urgency } from '../../../shared/org.ts';
import { api } from '../api/client.ts';
import { boxParam, type Box } from './coords.ts';

export type WebConfig = z.output<typeof webConfigResponse>;
export type Basemap = WebConfig['basemap'];
export type DivisionProps = z.output<typeof divisionFeature>['properties'];
export type GridProps = z.output<typeof gridFeature>['properties'];
export type Polygons<P> = FeatureCollection<Polygon | MultiPolygon, P> & { bbox?: Box };
export type CasesMap = z.output<typeof mapResponse>;
export type CaseMapPoint = Extract<CasesMap, { kind: 'points' }>['points'][number];
export type CaseMapCluster = Extract<CasesMap, { kind: 'clusters' }>['clusters'][number];
export type CaseDto = z.output<typeof caseSchema>;
type AlertList = z.output<typeof alertListResponse>;

/** The case-list filters the map understands (GET /api/cases/map takes them all). */
export interface CaseMapFilter {
  status?: readonly CaseStatus[];
  step?: readonly StepKind[];
  source?: readonly CaseSource[];
  categoryKind?: CategoryKind;
  categoryCode?: string;
  streetCode?: string;
  communityCode?: string;
  gridCode?: string;
  unit?: number;
  urgency?: Urgency;
  overdue?: boolean;
  q?: string;
}

/** A view of the map as the API is asked about it: WGS-84 bounds and the integer zoom. */
export interface MapView {
  bbox: Box;
  zoom: number;
}

const FOREVER = { staleTime: Infinity, gcTime: Infinity } as const;

/** The queries below as options, for a screen that fetches them ahead of its map (prefetchQuery). */
export const webConfigQuery = queryOptions({ queryKey: ['webConfig'], queryFn: () => api<WebConfig>('/api/web-config'), ...FOREVER });

export function useWebConfig() {
  return useQuery(webConfigQuery);
}

export type DivisionLevel = 'district' | 'street' | 'community';

export const divisionFeaturesQuery = (level: DivisionLevel) =>
  queryOptions({
    queryKey: ['mapDivisions', level],
    queryFn: () => api<Polygons<DivisionProps>>('/api/divisions/features', { query: { level } }),
    staleTime: 10 * 60_000,
  });

export function useDivisionFeatures(level: DivisionLevel, enabled = true) {
  return useQuery({ ...divisionFeaturesQuery(level), enabled });
}

export function gridQueryString(bbox: Box): string {
  return `bbox=${boxParam(bbox)}`;
}

/** The unit grids touching a box (the server picks them by their bounding boxes). */
export function useGridFeatures(bbox: Box | null) {
  return useQuery({
    queryKey: ['mapGrids', bbox],
    queryFn: ({ signal }) => api<Polygons<GridProps>>(`/api/grids/features?${gridQueryString(bbox!)}`, { signal }),
    enabled: !!bbox,
    staleTime: 10 * 60_000,
    placeholderData: keepPreviousData,
  });
}

export function caseMapQuery(view: MapView, f: CaseMapFilter): Record<string, string | number | undefined> {
  const list = (v?: readonly string[]) => (v?.length ? v.join(',') : undefined);
  return {
    bbox: boxParam(view.bbox),
    zoom: view.zoom,
    status: list(f.status),
    step: list(f.step),
    source: list(f.source),
    categoryKind: f.categoryKind,
    categoryCode: f.categoryCode,
    streetCode: f.streetCode,
    communityCode: f.communityCode,
    gridCode: f.gridCode,
    unit: f.unit,
    urgency: f.urgency,
    overdue: f.overdue === undefined ? undefined : String(f.overdue),
    q: f.q,
  };
}

export function useCasesMap(view: MapView | null, filter: CaseMapFilter, enabled = true) {
  return useQuery({
    queryKey: ['casesMap', view?.bbox, view?.zoom, filter],
    queryFn: ({ signal }) => api<CasesMap>('/api/cases/map', { query: caseMapQuery(view!, filter), signal }),
    enabled: enabled && !!view,
    placeholderData: keepPreviousData,
  });
}

/** The urgent cases whose alarm nobody has acknowledged (for roles that acknowledge them). */
export function useActiveAlerts(enabled: boolean) {
  return useQuery({
    queryKey: ['alerts', 'map'],
    queryFn: () => api<AlertList>('/api/cases/alerts', { background: true }),
    enabled,
  });
}

export function useCase(id: number | null) {
  return useQuery({
    queryKey: ['case', id],
    queryFn: () => api<CaseDto>(`/api/cases/${id}`),
    enabled: id !== null,
  });
}
