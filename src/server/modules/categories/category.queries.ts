import type { Queryable } from '../../db/pool.ts';
import { DomainError } from '../../errors.ts';
import type { ClockType, UnitType, Urgency } from '../../../shared/org.ts';

const SELECT = `SELECT kind, code, name, major_code AS "majorCode", major_name AS "majorName", source, is_extension AS "isExtension",
  default_unit_type AS "defaultUnitType", time_limit AS "timeLimit", clock_type AS "clockType", urgency,
  filing_conditions AS "filingConditions", closing_conditions AS "closingConditions",
  requires_after_photo AS "requiresAfterPhoto", is_public AS "isPublic", active, updated_at AS "updatedAt" FROM categories`;

export interface CategoryFilter {
  kind?: string;
  majorCode?: string;
  q?: string;
  active?: boolean;
  isPublic?: boolean;
}

export async function listCategories(db: Queryable, f: CategoryFilter) {
  const args: unknown[] = [];
  const where: string[] = [];
  const add = (sql: string, v: unknown) => {
    args.push(v);
    where.push(sql.replaceAll('?', `$${args.length}`));
  };
  if (f.kind) add('kind = ?', f.kind);
  if (f.majorCode) add('major_code = ?', f.majorCode);
  if (f.q) add(`(name LIKE '%' || ? || '%' OR code LIKE ? || '%')`, f.q);
  if (f.active !== undefined) add('active = ?', f.active);
  if (f.isPublic !== undefined) add('is_public = ?', f.isPublic);
  const { rows } = await db.query(`${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY kind, code`, args);
  return rows;
}

export async function getCategory(db: Queryable, kind: string, code: string) {
  const { rows } = await db.query(`${SELECT} WHERE kind = $1 AND code = $2`, [kind, code]);
  if (!rows[0]) throw new DomainError('CATEGORY_NOT_FOUND', { kind, code });
  return rows[0];
}

export interface CategoryPatch {
  name?: string;
  defaultUnitType?: UnitType | null;
  timeLimit?: number | null;
  clockType?: ClockType;
  urgency?: Urgency;
  filingConditions?: string;
  closingConditions?: string;
  requiresAfterPhoto?: boolean;
  isPublic?: boolean;
  active?: boolean;
}

export async function updateCategory(db: Queryable, kind: string, code: string, b: CategoryPatch, userId: number) {
  const { rowCount } = await db.query(
    `UPDATE categories SET name = COALESCE($3, name),
            default_unit_type = CASE WHEN $4::boolean THEN $5 ELSE default_unit_type END,
            time_limit = CASE WHEN $6::boolean THEN $7::numeric ELSE time_limit END,
            clock_type = COALESCE($8, clock_type), urgency = COALESCE($9, urgency),
            filing_conditions = COALESCE($10, filing_conditions), closing_conditions = COALESCE($11, closing_conditions),
            requires_after_photo = COALESCE($12, requires_after_photo), active = COALESCE($13, active),
            is_public = COALESCE($15, is_public), updated_at = now(), updated_by = $14
      WHERE kind = $1 AND code = $2`,
    [kind, code, b.name ?? null, b.defaultUnitType !== undefined, b.defaultUnitType ?? null,
      b.timeLimit !== undefined, b.timeLimit ?? null, b.clockType ?? null, b.urgency ?? null, b.filingConditions ?? null,
      b.closingConditions ?? null, b.requiresAfterPhoto ?? null, b.active ?? null, userId, b.isPublic ?? null],
  );
  if (!rowCount) throw new DomainError('CATEGORY_NOT_FOUND', { kind, code });
  return getCategory(db, kind, code);
}

export async function createLocalCategory(db: Queryable, b: CategoryPatch & { kind: string; code: string; name: string; majorName: string }, userId: number) {
  const { rowCount } = await db.query(
    `INSERT INTO categories (kind, code, name, major_code, major_name, source, is_extension, default_unit_type, time_limit, clock_type,
                             urgency, filing_conditions, closing_conditions, requires_after_photo, updated_by, is_public, active)
     VALUES ($1,$2,$3,left($2, 2),$4,'local',true,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14) ON CONFLICT (kind, code) DO NOTHING`,
    [b.kind, b.code, b.name, b.majorName, b.defaultUnitType ?? null, b.timeLimit ?? null, b.clockType ?? 'workingDays',
      b.urgency ?? 'normal', b.filingConditions ?? '', b.closingConditions ?? '', b.requiresAfterPhoto ?? true, userId, b.isPublic ?? false, b.active ?? true],
  );
  if (!rowCount) throw new DomainError('CATEGORY_EXISTS', { kind: b.kind, code: b.code });
  return getCategory(db, b.kind, b.code);
}

export async function listMappings(db: Queryable, scheme: string | undefined) {
  const { rows } = await db.query(
    `SELECT scheme, legacy_kind AS "legacyKind", legacy_code AS "legacyCode", legacy_name AS "legacyName", kind, code, method
       FROM category_legacy_mappings WHERE ($1::text IS NULL OR scheme = $1) ORDER BY scheme, legacy_kind, legacy_code`,
    [scheme ?? null],
  );
  return rows;
}

export async function setMapping(
  db: Queryable,
  b: { scheme: string; legacyKind: string; legacyCode: string; legacyName: string; kind: string | null; code: string | null },
): Promise<void> {
  if (b.kind && b.code) await getCategory(db, b.kind, b.code);
  await db.query(
    `INSERT INTO category_legacy_mappings (scheme, legacy_kind, legacy_code, legacy_name, kind, code, method)
     VALUES ($1,$2,$3,$4,$5,$6,$7)
     ON CONFLICT (scheme, legacy_kind, legacy_code) DO UPDATE SET legacy_name = EXCLUDED.legacy_name, kind = EXCLUDED.kind,
            code = EXCLUDED.code, method = EXCLUDED.method`,
    [b.scheme, b.legacyKind, b.legacyCode, b.legacyName, b.kind, b.code, b.kind && b.code ? 'manual' : 'unmapped'],
  );
}
