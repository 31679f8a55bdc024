/**
 * Importing divisions and grids: the file sent as it is to the server's dry run (report=features: every
 * feature's problems and WGS-84 shape), then the same file to the import itself. The browser reads no
 * file format: the server converts Shapefiles and projected coordinates.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { DivisionImportResult, divisionListResponse, GridImportResult, ImportFeatureStatus } from '../../../../shared/api/geo.ts';
import { api, newIdempotencyKey } from '../../../common/api/client.ts';
import type { Polygons } from '../../../common/map/map-api.ts';
import type { MultiPolygon, Polygon } from 'geojson';

export type ImportKind = 'grids' | 'divisions';

export interface ImportRequest {
  kind: ImportKind;
  file: File;
  /** divisions only: the district the streets and communities belong to */
  districtCode?: string;
  /** undefined: as the file says (a Shapefile's .prj), else WGS-84 */
  crs?: string;
  /** grids only: the attribute holding the grid code */
  codeField?: string;
}

/** The server's answer for either kind, with the report made one shape for the table and the map. */
export interface Checked {
  request: ImportRequest;
  crs: string;
  features: ReportRow[];
  ok: number;
  warnings: number;
  errors: number;
  changes: { new: number; replaced: number; retired?: number };
  communities: string[];
  gaps: { communityCode: string; areaM2: number }[];
}

export interface ReportRow {
  index: number;
  code: string | null;
  /** a grid's community, or a division's name */
  parent: string | null;
  level: 'street' | 'community' | null;
  status: ImportFeatureStatus;
  change: 'new' | 'replace' | null;
  problems: { code: string; severity: 'error' | 'warning'; message: string }[];
  geometry: Polygon | MultiPolygon | null;
}

export type ImportDone = { kind: 'grids'; result: GridImportResult } | { kind: 'divisions'; result: DivisionImportResult };

/** The server's body limit for imports (grid.routes / division.routes). */
export const MAX_FILE_MB = 64;
export const ACCEPTED = ['.geojson', '.json', '.zip'];

function isZip(file: File): boolean {
  return file.name.toLowerCase().endsWith('.zip');
}

function send<T>(req: ImportRequest, dryRun: boolean, idempotencyKey?: string): Promise<T> {
  return api<T>(req.kind === 'grids' ? '/api/grids/import' : '/api/divisions/import', {
    method: 'POST',
    body: req.file,
    contentType: isZip(req.file) ? 'application/zip' : 'application/geo+json',
    idempotencyKey,
    query: {
      fileName: req.file.name,
      crs: req.crs,
      ...(req.kind === 'grids' ? { codeField: req.codeField } : { districtCode: req.districtCode }),
      ...(dryRun ? { dryRun: true, report: 'features' } : {}),
    },
  });
}

function toChecked(request: ImportRequest, answer: GridImportResult | DivisionImportResult): Checked {
  if ('imported' in answer) {
    const r = answer.report!;
    return {
      request, crs: answer.crs, ok: r.ok, warnings: r.warnings, errors: r.errors, changes: r.changes, communities: answer.communities, gaps: answer.gaps,
      features: r.features.map((f) => ({ ...f, parent: f.communityCode, level: null })),
    };
  }
  const r = answer.report!;
  return {
    request, crs: answer.crs, ok: r.ok, warnings: r.warnings, errors: r.errors, changes: r.changes, communities: [], gaps: [],
    features: r.features.map((f) => ({ ...f, parent: f.name })),
  };
}

export function useCheckImport() {
  return useMutation({
    mutationFn: async (req: ImportRequest) => toChecked(req, await send<GridImportResult | DivisionImportResult>(req, true)),
  });
}

/** One key per confirmed intent: a double click or a retry after a lost answer is one import. */
export function useRunImport() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ request, key }: { request: ImportRequest; key: string }): Promise<ImportDone> =>
      request.kind === 'grids'
        ? { kind: 'grids', result: await send<GridImportResult>(request, false, key) }
        : { kind: 'divisions', result: await send<DivisionImportResult>(request, false, key) },
    onSuccess: () => {
      // Every map and list of divisions and grids shows what was just imported.
      for (const key of [['mapGrids'], ['mapDivisions'], ['divisions'], ['grids'], ['places']]) void qc.invalidateQueries({ queryKey: key });
    },
  });
}
export { newIdempotencyKey };

type DivisionList = z.output<typeof divisionListResponse>;

export function useDistricts() {
  return useQuery({
    queryKey: ['divisions', 'district'],
    queryFn: () => api<DivisionList>('/api/divisions', { query: { level: 'district' } }),
    staleTime: 5 * 60_000,
  });
}

/** The report as map features: `id` is the feature's index, so a row and its shape find each other. */
export function reportCollection(rows: readonly ReportRow[]): Polygons<{ index: number; status: ImportFeatureStatus; code: string }> {
  return {
    type: 'FeatureCollection',
    features: rows.flatMap((r) => (r.geometry ? [{ type: 'Feature' as const, id: r.index, properties: { index: r.index, status: r.status, code: r.code ?? '' }, geometry: r.geometry }] : [])),
  };
}
