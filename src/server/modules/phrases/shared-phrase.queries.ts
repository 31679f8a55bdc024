import type { Queryable } from '../../db/pool.ts';
import { DomainError } from '../../errors.ts';
import { sharedPhraseListSchema, type SharedPhrases } from '../../../shared/api/phrases.ts';
import { touchesDivision } from '../../../shared/scope.ts';

interface Row {
  code: string;
  name: string;
  phrases: unknown;
  updated_at: Date | null;
}

/** A stored list as it reads now: a list that no longer passes the schema reads as empty rather than breaking every form. */
function present(r: Row): SharedPhrases {
  const parsed = sharedPhraseListSchema.safeParse(r.phrases ?? []);
  return { districtCode: r.code, districtName: r.name, phrases: parsed.success ? parsed.data : [], updatedAt: r.updated_at };
}

const SELECT = `SELECT d.code, d.name, p.phrases, p.updated_at
  FROM divisions d LEFT JOIN shared_phrases p ON p.district_code = d.code
 WHERE d.level = 'district'`;

/** The lists of every district some part of which the scopes reach (a street's receiver: their district's). */
export async function listSharedPhrases(db: Queryable, scopes: readonly string[]): Promise<SharedPhrases[]> {
  const { rows } = await db.query<Row>(`${SELECT} ORDER BY d.code`);
  return rows.filter((r) => touchesDivision(scopes, r.code)).map(present);
}

export async function getSharedPhrases(db: Queryable, districtCode: string): Promise<SharedPhrases> {
  const { rows } = await db.query<Row>(`${SELECT} AND d.code = $1`, [districtCode]);
  if (!rows[0]) throw new DomainError('DIVISION_NOT_FOUND', { code: districtCode });
  return present(rows[0]);
}

export async function saveSharedPhrases(db: Queryable, districtCode: string, phrases: readonly string[], userId: number): Promise<SharedPhrases> {
  await getSharedPhrases(db, districtCode);
  await db.query(
    `INSERT INTO shared_phrases (district_code, phrases, updated_by) VALUES ($1, $2, $3)
     ON CONFLICT (district_code) DO UPDATE SET phrases = EXCLUDED.phrases, updated_by = EXCLUDED.updated_by, updated_at = now()`,
    [districtCode, JSON.stringify(phrases), userId],
  );
  return getSharedPhrases(db, districtCode);
}
