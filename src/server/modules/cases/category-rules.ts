import type { Queryable } from '../../db/pool.ts';
import { poolKey, registerCache, ttlCache } from '../../db/ttl-cache.ts';

/** What the case commands need of a category, read on every report and action. */
export interface CategoryRules {
  name: string;
  urgency: string;
  time_limit: number | null;
  clock_type: string;
  requires_after_photo: boolean;
  active: boolean;
}

// Category edits in this process invalidate at once (invalidateSettingsCaches); other processes within 2 s.
const cache = registerCache(ttlCache<string, CategoryRules | undefined>(2000));

export function loadCategoryRules(db: Queryable, kind: string, code: string): Promise<CategoryRules | undefined> {
  return cache.get(poolKey(db, `${kind}:${code}`), async () => {
    const { rows } = await db.query<CategoryRules>(
      `SELECT name, urgency, time_limit, clock_type, requires_after_photo, active FROM categories WHERE kind = $1 AND code = $2`,
      [kind, code],
    );
    return rows[0];
  });
}
