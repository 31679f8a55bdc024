/**
 * Readable numbers, unique per district and year: tracking numbers at report (2026-T000123) and case
 * numbers at filing (2026-A000045). Each comes from its own PostgreSQL sequence per district and year,
 * so concurrent reports never wait on a shared counter row; a rolled-back report leaves a gap, which
 * the numbering rules allow (the number is an identifier, not a count).
 */
import type { Db, Queryable } from '../../db/pool.ts';

// Per pool: tests run many databases in one process.
const created = new WeakMap<Db, Set<string>>();

export function sequenceName(kind: 'tracking' | 'case', districtCode: string, year: number): string {
  // The name goes into SQL text: only digits may come in.
  if (!/^\d{6}$/.test(districtCode) || !Number.isInteger(year)) throw new Error(`bad district code or year: ${districtCode} ${year}`);
  return `case_${kind}_no_${districtCode}_${year}`;
}

/** Creates the sequence outside the caller's transaction (DDL races are settled by retrying). */
export async function ensureNumberSequences(db: Db, districtCode: string, year: number): Promise<void> {
  const done = created.get(db) ?? new Set<string>();
  created.set(db, done);
  for (const kind of ['tracking', 'case'] as const) {
    const name = sequenceName(kind, districtCode, year);
    if (done.has(name)) continue;
    try {
      await db.query(`CREATE SEQUENCE IF NOT EXISTS ${name}`);
    } catch (err) {
      // Two processes creating it at once: one wins with a unique violation for the other; both are fine.
      if (!['23505', '42P07'].includes((err as { code?: string }).code ?? '')) throw err;
    }
    done.add(name);
  }
}

export async function nextNumber(db: Queryable, kind: 'tracking' | 'case', districtCode: string, year: number): Promise<string> {
  const { rows } = await db.query<{ n: string }>(`SELECT nextval('${sequenceName(kind, districtCode, year)}')::text AS n`);
  return formatNumber(kind, year, Number(rows[0]!.n));
}

/** The readable form of a sequence value: 2026-T000123 (tracking) or 2026-A000045 (case). */
export function formatNumber(kind: 'tracking' | 'case', year: number, n: number): string {
  return `${year}-${kind === 'tracking' ? 'T' : 'A'}${String(n).padStart(6, '0')}`;
}

/** The business year in Asia/Shanghai. */
export function shanghaiYear(d: Date): number {
  return new Date(d.getTime() + 8 * 3_600_000).getUTCFullYear();
}
