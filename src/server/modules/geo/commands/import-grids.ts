import { inTransaction, type Db } from '../../../db/pool.ts';
import { DomainError, type Lang } from '../../../errors.ts';
import { readFeatureFile } from '../feature-file.ts';
import { GeoImportError } from '../geo-import-error.ts';
import type { Polygonal } from '../geo.types.ts';
import { validateDivisionFeatures, validateGridFeatures } from '../grid-import.ts';
import { GRIDS_CHANNEL } from '../../../db/channels.ts';
import type { GridIndexHolder } from '../grid-index.holder.ts';
import { describeProblem, type ImportProblem } from '../import-problems.ts';
import { bboxOf } from '../geo.queries.ts';
import { divisionCodeOf, divisionImportReport, gridImportReport, type DivisionImportReport, type GridImportReport } from '../import-report.ts';
import { inScope } from '../../../../shared/scope.ts';

export interface ImportFileInput {
  buffer: Buffer;
  fileName: string;
  crs?: string;
  codeField?: string;
  dryRun?: boolean;
  /** 'features' with dryRun: every feature's problems and geometry, answered even when some have problems */
  report?: 'features';
  actorUserId: number | null;
  /** The importer's scope (null for the CLI): every community in the file must lie inside it. */
  scopes: string[] | null;
  lang: Lang;
}

export interface GridImportResult {
  dryRun: boolean;
  crs: string;
  features: number;
  imported: number;
  communities: string[];
  retired: number;
  gaps: { communityCode: string; areaM2: number }[];
  batchId: number | null;
  report?: GridImportReport;
}

async function readOrFail(input: ImportFileInput) {
  try {
    return await readFeatureFile(input.buffer, input.fileName, { crs: input.crs });
  } catch (err) {
    if (err instanceof GeoImportError) {
      throw new DomainError('GEO_FILE_INVALID', { reason: err.code, details: { code: err.code, ...err.detail } });
    }
    throw err;
  }
}

function failWith(problems: ImportProblem[], lang: Lang): never {
  throw new DomainError('GRID_IMPORT_INVALID', {
    count: problems.length,
    problems: problems.map((p) => ({ ...p, message: describeProblem(p, lang) })),
  });
}

/**
 * Imports surveyed unit grids, all or nothing. The grids of every community the file covers are
 * replaced: the current version ends (valid_to) and the new one starts in the same transaction.
 */
export async function importGrids(db: Db, grids: GridIndexHolder, input: ImportFileInput): Promise<GridImportResult> {
  const file = await readOrFail(input);
  const { rows: communities } = await db.query<{ code: string; geometry: Polygonal }>(
    `SELECT code, geometry FROM divisions WHERE level = 'community' AND geometry IS NOT NULL`,
  );
  const result = validateGridFeatures(file.features, communities, { codeField: input.codeField });
  const reporting = input.dryRun === true && input.report === 'features';
  if (result.problems.length && !reporting) failWith(result.problems, input.lang);
  const covered = [...new Set(result.grids.map((g) => g.communityCode))].sort();
  const outside = input.scopes && covered.find((c) => !inScope(input.scopes!, c));
  if (outside) throw new DomainError('SCOPE_INVALID', { code: outside });
  if (input.dryRun) {
    const dry: GridImportResult = { dryRun: true, crs: file.crs, features: file.features.length, imported: 0, communities: covered, retired: 0, gaps: result.gaps, batchId: null };
    if (!reporting) return dry;
    const { rows } = await db.query<{ code: string }>(`SELECT code FROM grids WHERE valid_to IS NULL AND community_code = ANY($1)`, [covered]);
    return { ...dry, report: gridImportReport(file.features, result, { current: new Set(rows.map((r) => r.code)), codeField: input.codeField, lang: input.lang }) };
  }
  const { retired, batchId } = await inTransaction(db, async (tx) => {
    const { rows: batch } = await tx.query(
      `INSERT INTO import_batches (kind, file_name, crs, feature_count, summary, created_by) VALUES ('grids', $1, $2, $3, $4, $5) RETURNING id`,
      [input.fileName, file.crs, file.features.length, JSON.stringify({ communities: covered, gaps: result.gaps }), input.actorUserId],
    );
    const batchId = batch[0].id as number;
    const now = new Date();
    const retiredRes = await tx.query(`UPDATE grids SET valid_to = $2 WHERE valid_to IS NULL AND community_code = ANY($1)`, [covered, now]);
    await insertGrids(tx, result.grids, { batchId, validFrom: now, isSchematic: false });
    await tx.query(`SELECT pg_notify($1, $2)`, [GRIDS_CHANNEL, String(batchId)]);
    return { retired: retiredRes.rowCount ?? 0, batchId };
  });
  await grids.refresh();
  return { dryRun: false, crs: file.crs, features: file.features.length, imported: result.grids.length, communities: covered, retired, gaps: result.gaps, batchId };
}

export async function insertGrids(
  tx: { query: Db['query'] },
  list: { code: string; communityCode: string; geometry: Polygonal; areaM2: number }[],
  opts: { batchId: number | null; validFrom: Date; isSchematic: boolean },
): Promise<void> {
  // Batches of 1000 rows through unnest keep a 20k-grid import to a few round trips.
  for (let i = 0; i < list.length; i += 1000) {
    const chunk = list.slice(i, i + 1000);
    const boxes = chunk.map((g) => bboxOf(g.geometry));
    await tx.query(
      `INSERT INTO grids (code, community_code, street_code, district_code, geometry, area_m2, min_lng, min_lat, max_lng, max_lat,
                          is_schematic, import_batch_id, valid_from)
       SELECT c, left(c, 12), left(c, 9), left(c, 6), g::jsonb, a, x0, y0, x1, y1, $8, $9, $10
         FROM unnest($1::text[], $2::text[], $3::float8[], $4::float8[], $5::float8[], $6::float8[], $7::float8[]) AS t(c, g, a, x0, y0, x1, y1)`,
      [chunk.map((g) => g.code), chunk.map((g) => JSON.stringify(g.geometry)), chunk.map((g) => g.areaM2),
        boxes.map((b) => b[0]), boxes.map((b) => b[1]), boxes.map((b) => b[2]), boxes.map((b) => b[3]),
        opts.isSchematic, opts.batchId, opts.validFrom],
    );
  }
}

export interface DivisionImportResult {
  dryRun: boolean;
  crs: string;
  streets: number;
  communities: number;
  batchId: number | null;
  report?: DivisionImportReport;
}

/** Imports surveyed street and community polygons for one district (codes and names from the file). */
export async function importDivisions(db: Db, districtCode: string, input: ImportFileInput): Promise<DivisionImportResult> {
  const { rowCount } = await db.query(`SELECT 1 FROM divisions WHERE code = $1 AND level = 'district'`, [districtCode]);
  if (!rowCount) throw new DomainError('DIVISION_NOT_FOUND', { code: districtCode });
  if (input.scopes && !inScope(input.scopes, districtCode)) throw new DomainError('SCOPE_INVALID', { code: districtCode });
  const file = await readOrFail(input);
  const { rows: existing } = await db.query<{ code: string }>(`SELECT code FROM divisions WHERE level = 'street' AND parent_code = $1`, [districtCode]);
  const result = validateDivisionFeatures(file.features, districtCode, { existingStreetCodes: existing.map((r) => r.code) });
  const reporting = input.dryRun === true && input.report === 'features';
  if (result.problems.length && !reporting) failWith(result.problems, input.lang);
  if (input.dryRun) {
    const dry: DivisionImportResult = { dryRun: true, crs: file.crs, streets: result.streets.length, communities: result.communities.length, batchId: null };
    if (!reporting) return dry;
    const codes = file.features.map(divisionCodeOf).filter((c): c is string => c !== null);
    const { rows } = await db.query<{ code: string }>(`SELECT code FROM divisions WHERE code = ANY($1)`, [codes]);
    return { ...dry, report: divisionImportReport(file.features, result, { existing: new Set(rows.map((r) => r.code)), lang: input.lang }) };
  }
  const batchId = await inTransaction(db, async (tx) => {
    const upsert = `INSERT INTO divisions (code, level, name, parent_code, geometry, is_schematic) VALUES ($1, $2, $3, $4, $5, false)
      ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, geometry = EXCLUDED.geometry, is_schematic = false, updated_at = now()`;
    for (const s of result.streets) await tx.query(upsert, [s.code, 'street', s.name, districtCode, JSON.stringify(s.geometry)]);
    for (const c of result.communities) await tx.query(upsert, [c.code, 'community', c.name, c.streetCode, JSON.stringify(c.geometry)]);
    const { rows } = await tx.query(
      `INSERT INTO import_batches (kind, file_name, crs, feature_count, created_by) VALUES ('divisions', $1, $2, $3, $4) RETURNING id`,
      [input.fileName, file.crs, file.features.length, input.actorUserId],
    );
    return rows[0].id as number;
  });
  return { dryRun: false, crs: file.crs, streets: result.streets.length, communities: result.communities.length, batchId };
}
