import type { Queryable } from '../../db/pool.ts';
import type { Actor } from '../auth/actor.ts';
import { visibleToSql } from '../cases/case.visibility.ts';

const CHUNK = 200;

/**
 * Which of these actors may see the case now — the same visibleToSql fragment the case list uses, so
 * the live stream can never show more than the API. One query per chunk of actors, not one per actor.
 */
export async function whoMaySee(db: Queryable, caseId: number, actors: Actor[]): Promise<boolean[]> {
  const out: boolean[] = [];
  for (let i = 0; i < actors.length; i += CHUNK) {
    const chunk = actors.slice(i, i + CHUNK);
    const args: unknown[] = [caseId];
    const cols = chunk.map((a, j) => `${visibleToSql(a, args)} AS v${j}`).join(', ');
    const { rows } = await db.query(`SELECT ${cols} FROM cases c WHERE c.id = $1`, args);
    const row = rows[0] as Record<string, boolean> | undefined;
    chunk.forEach((_a, j) => out.push(row?.[`v${j}`] === true));
  }
  return out;
}
