import type { Queryable } from '../../db/pool.ts';
import { cached } from '../../db/ttl-cache.ts';
import type { SettingsCaches } from '../../app-state.ts';

/** What the case commands need of a category, read on every report and action. */
export interface CategoryRules {
  name: string;
  urgency: string;
  time_limit: number | null;
  clock_type: string;
  requires_after_photo: boolean;
  active: boolean;
}

/** Through the app's caches when given (app-state.ts): category edits there clear them at once, other processes within 2 s. */
export function loadCategoryRules(db: Queryable, kind: string, code: string, caches?: SettingsCaches): Promise<CategoryRules | undefined> {
  return cached(caches?.categoryRules, `${kind}:${code}`, async () => {
    const { rows } = await db.query<CategoryRules>(
      `SELECT name, urgency, time_limit, clock_type, requires_after_photo, active FROM categories WHERE kind = $1 AND code = $2`,
      [kind, code],
    );
    return rows[0];
  });
}
