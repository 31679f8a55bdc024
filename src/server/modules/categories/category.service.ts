import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { repoRoot } from '../../config.ts';
import { inTransaction, type Db, type Queryable } from '../../db/pool.ts';
import { DomainError } from '../../errors.ts';
import { CLOCK_TYPES, UNIT_TYPES, URGENCIES } from '../../../shared/org.ts';
import { defaultSettings, extensionRows, STANDARD_SOURCE, type CategoryRow, type CategorySettings } from './category.defaults.ts';

export const STANDARD_CSV = path.join(repoRoot, 'data', 'standards', 'categories_gbt47678_5.csv');

export interface CategoryProblem {
  row: number; // 1-based data row (header excluded)
  code: string;
  message: string;
}

const BOOL = new Map([['true', true], ['1', true], ['是', true], ['false', false], ['0', false], ['否', false], ['', undefined]]);

/**
 * Parses a category CSV (the national table's columns, plus optional settings columns) and checks
 * every row; returns rows only when there is no problem at all (imports are all or nothing).
 */
export function parseCategoryCsv(text: string, source: string): { rows: CategoryRow[]; problems: CategoryProblem[] } {
  let records: Record<string, string>[];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), { columns: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
  } catch (err) {
    return { rows: [], problems: [{ row: 0, code: 'CSV_UNREADABLE', message: (err as Error).message }] };
  }
  const problems: CategoryProblem[] = [];
  const rows: CategoryRow[] = [];
  const seen = new Set<string>();
  const required = ['kind', 'major_code', 'major_name', 'code', 'name'];
  const header = records[0] ? Object.keys(records[0]) : [];
  const missing = required.filter((c) => !header.includes(c));
  if (records.length === 0 || missing.length) {
    return { rows: [], problems: [{ row: 0, code: 'CSV_COLUMNS', message: `缺少列 missing columns: ${missing.join(', ') || required.join(', ')}` }] };
  }
  records.forEach((r, i) => {
    const row = i + 1;
    const bad = (code: string, message: string) => problems.push({ row, code, message });
    const kind = r.kind ?? '';
    const code = r.code ?? '';
    if (kind !== 'component' && kind !== 'event') return bad('CATEGORY_KIND', `类型须为 component 或 event：${kind}`);
    if (!/^\d{5}$/.test(code)) return bad('CATEGORY_CODE_FORMAT', `类别编码须为 5 位数字：${code}`);
    if (r.major_code !== code.slice(0, 2)) return bad('CATEGORY_MAJOR_MISMATCH', `大类编码 ${r.major_code} 与类别编码 ${code} 不一致`);
    if (!r.name || r.name.length > 100) return bad('CATEGORY_NAME', `名称为空或过长：${code}`);
    const key = `${kind}:${code}`;
    if (seen.has(key)) return bad('CATEGORY_DUPLICATE', `重复的类别：${kind} ${code}`);
    seen.add(key);
    const settings: CategorySettings = defaultSettings(kind, code, r.name);
    if (r.default_unit_type) {
      if (!(UNIT_TYPES as readonly string[]).includes(r.default_unit_type)) return bad('CATEGORY_UNIT_TYPE', `未知单位类型：${r.default_unit_type}`);
      settings.defaultUnitType = r.default_unit_type as CategorySettings['defaultUnitType'];
    }
    if (r.clock_type) {
      if (!(CLOCK_TYPES as readonly string[]).includes(r.clock_type)) return bad('CATEGORY_CLOCK_TYPE', `未知计时方式：${r.clock_type}`);
      settings.clockType = r.clock_type as CategorySettings['clockType'];
    }
    if (r.time_limit) {
      const n = Number(r.time_limit);
      if (!(n > 0 && n < 100000)) return bad('CATEGORY_TIME_LIMIT', `处置时限须为正数：${r.time_limit}`);
      settings.timeLimit = n;
    }
    if (r.urgency) {
      if (!(URGENCIES as readonly string[]).includes(r.urgency)) return bad('CATEGORY_URGENCY', `未知紧急程度：${r.urgency}`);
      settings.urgency = r.urgency as CategorySettings['urgency'];
    }
    if (r.requires_after_photo !== undefined) {
      const b = BOOL.get(r.requires_after_photo.toLowerCase());
      if (b === undefined && r.requires_after_photo !== '') return bad('CATEGORY_BOOLEAN', `requires_after_photo 须为 true/false：${r.requires_after_photo}`);
      if (b !== undefined) settings.requiresAfterPhoto = b;
    }
    if (r.is_public !== undefined) {
      const b = BOOL.get(r.is_public.toLowerCase());
      if (b === undefined && r.is_public !== '') return bad('CATEGORY_BOOLEAN', `is_public 须为 true/false：${r.is_public}`);
      if (b !== undefined) settings.isPublic = b;
    }
    if (r.filing_conditions) settings.filingConditions = r.filing_conditions;
    if (r.closing_conditions) settings.closingConditions = r.closing_conditions;
    const major = Number(code.slice(0, 2));
    rows.push({
      kind,
      code,
      name: r.name,
      majorCode: code.slice(0, 2),
      majorName: r.major_name ?? '',
      source: r.source || (major > 10 ? 'local' : source),
      isExtension: major > 10,
      ...settings,
    });
  });
  return { rows: problems.length ? [] : rows, problems };
}

async function upsert(tx: Queryable, rows: CategoryRow[], overwriteSettings: boolean): Promise<number> {
  let n = 0;
  for (const r of rows) {
    const settingsUpdate = overwriteSettings
      ? `, default_unit_type = EXCLUDED.default_unit_type, time_limit = EXCLUDED.time_limit, clock_type = EXCLUDED.clock_type,
         urgency = EXCLUDED.urgency, filing_conditions = EXCLUDED.filing_conditions, closing_conditions = EXCLUDED.closing_conditions,
         requires_after_photo = EXCLUDED.requires_after_photo, is_public = EXCLUDED.is_public`
      : '';
    await tx.query(
      `INSERT INTO categories (kind, code, name, major_code, major_name, source, is_extension, default_unit_type, time_limit, clock_type,
                               urgency, filing_conditions, closing_conditions, requires_after_photo, is_public)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15)
       ON CONFLICT (kind, code) DO UPDATE SET name = EXCLUDED.name, major_name = EXCLUDED.major_name, active = true,
              updated_at = now() ${settingsUpdate}`,
      [r.kind, r.code, r.name, r.majorCode, r.majorName, r.source, r.isExtension, r.defaultUnitType, r.timeLimit, r.clockType,
        r.urgency, r.filingConditions, r.closingConditions, r.requiresAfterPhoto, r.isPublic],
    );
    n++;
  }
  return n;
}

/** Loads the national table with default settings, the local extensions and the legacy mapping. */
export async function seedStandardCategories(db: Db): Promise<number> {
  const { rows, problems } = parseCategoryCsv(fs.readFileSync(STANDARD_CSV, 'utf8'), STANDARD_SOURCE);
  if (problems.length) throw new Error(`shipped category table is invalid: ${problems[0]?.message}`);
  return inTransaction(db, async (tx) => {
    const n = await upsert(tx, [...rows, ...extensionRows()], false);
    await seedLegacyMappings(tx);
    return n;
  });
}

export interface CategoryImportResult {
  dryRun: boolean;
  imported: number;
  /** The file has settings columns: they replace existing categories' settings (else those keep theirs). */
  replacesSettings: boolean;
  /** The rows as read, each marked new or replacing an existing category (a dry run's preview). */
  rows: Array<Pick<CategoryRow, 'kind' | 'code' | 'name' | 'majorName' | 'timeLimit' | 'clockType'> & { isNew: boolean }>;
}

/**
 * `guancheng import categories <file.csv>` and the admin upload: all rows or none. A dry run checks the
 * file the same way and reports what it would do, writing nothing.
 */
export async function importCategories(db: Db, csvText: string, fileName: string, opts: { dryRun?: boolean } = {}): Promise<CategoryImportResult> {
  const { rows, problems } = parseCategoryCsv(csvText, fileName);
  if (problems.length) throw new DomainError('CATEGORY_IMPORT_INVALID', { count: problems.length, problems });
  const hasSettings = /(^|,)(time_limit|clock_type|default_unit_type|urgency|is_public)(,|\r?\n|$)/.test(csvText.replace(/^\uFEFF/, '').split('\n')[0] ?? '');
  const { rows: existing } = await db.query<{ key: string }>(
    `SELECT kind || ':' || code AS key FROM categories WHERE (kind, code) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
    [rows.map((r) => r.kind), rows.map((r) => r.code)],
  );
  const known = new Set(existing.map((r) => r.key));
  const preview = rows.map((r) => ({
    kind: r.kind, code: r.code, name: r.name, majorName: r.majorName, timeLimit: r.timeLimit, clockType: r.clockType, isNew: !known.has(`${r.kind}:${r.code}`),
  }));
  if (opts.dryRun) return { dryRun: true, imported: 0, replacesSettings: hasSettings, rows: preview };
  const imported = await inTransaction(db, async (tx) => {
    const n = await upsert(tx, rows, hasSettings);
    await tx.query(`INSERT INTO import_batches (kind, file_name, feature_count) VALUES ('categories', $1, $2)`, [fileName, n]);
    return n;
  });
  return { dryRun: false, imported, replacesSettings: hasSettings, rows: preview };
}

/**
 * GB/T 30428.2-2013 event minors carry over with the major shifted (DOMAIN §3): 01 市容环境 → 06,
 * 02 宣传广告 → 07, 03 施工管理 → 08, 04 街面秩序 → 09. Components have no reliable mapping: admins add them.
 */
async function seedLegacyMappings(tx: Queryable): Promise<void> {
  await tx.query(
    `INSERT INTO category_legacy_mappings (scheme, legacy_kind, legacy_code, legacy_name, kind, code, method)
     SELECT 'GB/T 30428.2-2013', 'event', lpad((major_code::int - 5)::text, 2, '0') || right(code, 2), name, kind, code, 'majorShift'
       FROM categories
      WHERE kind = 'event' AND major_code IN ('06', '07', '08', '09') AND substr(code, 3, 1) = '0'
     ON CONFLICT (scheme, legacy_kind, legacy_code) DO NOTHING`,
  );
}
