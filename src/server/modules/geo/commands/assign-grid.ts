import type { Queryable } from '../../../db/pool.ts';
import { DomainError } from '../../../errors.ts';
import type { GridDuty } from '../../../../shared/org.ts';
import { getGrid } from '../geo.queries.ts';

/** Names a person responsible for a grid (监督员, 执法队员, 协管员). Idempotent for the same person and duty. */
export async function assignGrid(db: Queryable, scopes: string[] | null, gridCode: string, input: { username: string; duty: GridDuty }): Promise<{ id: number }> {
  await getGrid(db, scopes, gridCode);
  const { rows: users } = await db.query(`SELECT id FROM users WHERE username = $1 AND disabled_at IS NULL`, [input.username.toLowerCase()]);
  if (!users[0]) throw new DomainError('USER_NOT_FOUND', { username: input.username });
  const { rows } = await db.query(
    `INSERT INTO grid_assignments (grid_code, user_id, duty) VALUES ($1, $2, $3)
     ON CONFLICT (grid_code, user_id, duty) WHERE valid_to IS NULL DO UPDATE SET duty = EXCLUDED.duty RETURNING id`,
    [gridCode, users[0].id, input.duty],
  );
  return { id: rows[0].id };
}

/** Ends an assignment; the row stays as history. */
export async function endGridAssignment(db: Queryable, scopes: string[] | null, gridCode: string, id: number): Promise<void> {
  await getGrid(db, scopes, gridCode);
  const { rowCount } = await db.query(`UPDATE grid_assignments SET valid_to = now() WHERE id = $1 AND grid_code = $2 AND valid_to IS NULL`, [id, gridCode]);
  if (!rowCount) throw new DomainError('NOT_FOUND');
}
