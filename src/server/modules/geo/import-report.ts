// The dry run's report feature by feature (report=features): what each feature of the file is, what is
// wrong with it and where it lies (WGS-84), so an import can be reviewed on a map before anything is written.
import type { Lang } from '../../errors.ts';
import { DIVISION_CODE_FIELDS, DIVISION_NAME_FIELDS } from './division-validation.ts';
import type { ImportedFeature } from './feature-file.ts';
import type { Polygonal } from './geo.types.ts';
import { pickField } from './geometry-checks.ts';
import { parseGridCode } from './grid-code.ts';
import { GRID_CODE_FIELDS } from './grid-validation.ts';
import { describeProblem, type ImportProblem } from './import-problems.ts';

type Status = 'ok' | 'warning' | 'error';
interface ReportProblem {
  code: string;
  severity: 'error' | 'warning';
  message: string;
}
interface ReportFeature {
  index: number;
  code: string | null;
  status: Status;
  change: 'new' | 'replace' | null;
  problems: ReportProblem[];
  geometry: Polygonal | null;
}
export interface GridReportFeature extends ReportFeature {
  communityCode: string | null;
}
export interface DivisionReportFeature extends ReportFeature {
  level: 'street' | 'community' | null;
  name: string | null;
}

export interface GridImportReport {
  features: GridReportFeature[];
  ok: number;
  warnings: number;
  errors: number;
  changes: { new: number; replaced: number; retired: number };
}

export interface DivisionImportReport {
  features: DivisionReportFeature[];
  ok: number;
  warnings: number;
  errors: number;
  changes: { new: number; replaced: number };
}

/**
 * `current` holds the current grid codes of the communities the file covers: each is either given a new
 * version (its code is in the file) or ended (retired), since an import replaces a community's grids whole.
 */
export function gridImportReport(
  features: readonly ImportedFeature[],
  found: { problems: readonly ImportProblem[]; warnings: readonly ImportProblem[] },
  opts: { current: ReadonlySet<string>; codeField?: string; lang: Lang },
): GridImportReport {
  const byFeature = problemsByFeature(found, opts.lang);
  const inFile = new Set<string>();
  const list = features.map((f): GridReportFeature => {
    const picked = pickField(f.properties, opts.codeField, GRID_CODE_FIELDS);
    const parsed = picked ? parseGridCode(picked.value) : null;
    const code = parsed?.ok ? parsed.value.code : (picked?.value ?? null);
    const problems = byFeature.get(f.index) ?? [];
    const status = statusOf(problems);
    if (status !== 'error' && code) inFile.add(code);
    return {
      index: f.index,
      code,
      communityCode: parsed?.ok ? parsed.value.communityCode : null,
      status,
      change: status === 'error' || !code ? null : opts.current.has(code) ? 'replace' : 'new',
      problems,
      geometry: drawable(f.geometry),
    };
  });
  const replaced = list.filter((f) => f.change === 'replace').length;
  return {
    features: list,
    ...countsOf(list),
    changes: { new: list.filter((f) => f.change === 'new').length, replaced, retired: [...opts.current].filter((c) => !inFile.has(c)).length },
  };
}

/** `existing` holds the division codes already stored among the file's: those are updated in place. */
export function divisionImportReport(
  features: readonly ImportedFeature[],
  found: { problems: readonly ImportProblem[] },
  opts: { existing: ReadonlySet<string>; lang: Lang },
): DivisionImportReport {
  const byFeature = problemsByFeature({ problems: found.problems, warnings: [] }, opts.lang);
  const list = features.map((f): DivisionReportFeature => {
    const code = divisionCodeOf(f);
    const problems = byFeature.get(f.index) ?? [];
    const status = statusOf(problems);
    return {
      index: f.index,
      code,
      level: code && /^\d{9}$/.test(code) ? 'street' : code && /^\d{12}$/.test(code) ? 'community' : null,
      name: pickField(f.properties, undefined, DIVISION_NAME_FIELDS)?.value ?? null,
      status,
      change: status === 'error' || !code ? null : opts.existing.has(code) ? 'replace' : 'new',
      problems,
      geometry: drawable(f.geometry),
    };
  });
  return {
    features: list,
    ...countsOf(list),
    changes: { new: list.filter((f) => f.change === 'new').length, replaced: list.filter((f) => f.change === 'replace').length },
  };
}

/** The code as the validator reads it: NBS tables write streets as 12 digits ending in 000. */
export function divisionCodeOf(f: ImportedFeature): string | null {
  const picked = pickField(f.properties, undefined, DIVISION_CODE_FIELDS);
  if (!picked) return null;
  return picked.value.length === 12 && picked.value.endsWith('000') ? picked.value.slice(0, 9) : picked.value;
}

function problemsByFeature(found: { problems: readonly ImportProblem[]; warnings: readonly ImportProblem[] }, lang: Lang): Map<number, ReportProblem[]> {
  const out = new Map<number, ReportProblem[]>();
  const add = (p: ImportProblem, severity: ReportProblem['severity']) => {
    const list = out.get(p.featureIndex) ?? [];
    list.push({ code: p.code, severity, message: describeProblem(p, lang) });
    out.set(p.featureIndex, list);
  };
  for (const p of found.problems) add(p, 'error');
  for (const p of found.warnings) add(p, 'warning');
  return out;
}

function statusOf(problems: readonly ReportProblem[]): Status {
  if (problems.some((p) => p.severity === 'error')) return 'error';
  return problems.length ? 'warning' : 'ok';
}

function countsOf(list: readonly ReportFeature[]): { ok: number; warnings: number; errors: number } {
  let ok = 0, warnings = 0, errors = 0;
  for (const f of list) {
    if (f.status === 'ok') ok++;
    else if (f.status === 'warning') warnings++;
    else errors++;
  }
  return { ok, warnings, errors };
}

/** A map cannot draw a position that is not two numbers: such a feature is listed without a shape. */
function drawable(g: Polygonal): Polygonal | null {
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  if (!Array.isArray(polygons) || polygons.length === 0) return null;
  for (const rings of polygons) {
    if (!Array.isArray(rings) || rings.length === 0) return null;
    for (const ring of rings) {
      if (!Array.isArray(ring) || ring.length === 0) return null;
      for (const p of ring) if (!Array.isArray(p) || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) return null;
    }
  }
  return g;
}
