/**
 * A user's preferences (shared/api/preferences.ts): one JSON document per user, written whole or in parts and
 * read leniently (a part the schema no longer accepts reads as its default). Nobody reads or writes another
 * user's: every function takes the signed-in user's id.
 */
import { inTransaction, type Db, type Queryable } from '../../db/pool.ts';
import { languageOf, preferencesFrom, preferencesSchema, type Preferences, type PreferencesPatch } from '../../../shared/api/preferences.ts';

export async function getPreferences(db: Queryable, userId: number): Promise<Preferences> {
  const { rows } = await db.query<{ document: unknown }>(`SELECT document FROM user_preferences WHERE user_id = $1`, [userId]);
  return preferencesFrom(rows[0]?.document);
}

export interface SavedPreferences {
  preferences: Preferences;
  /** The language the user's errors are answered in changed: signed-in callers cached with the old one must go. */
  languageChanged: boolean;
}

/**
 * Replaces the document (`patch: false`) or the parts given (`patch: true`), under the row's lock so two tabs
 * saving at once apply one after the other. The result passes the whole schema or nothing is written.
 */
export async function savePreferences(db: Db, userId: number, input: Preferences | PreferencesPatch, opts: { patch: boolean }): Promise<SavedPreferences> {
  return inTransaction(db, async (tx) => {
    // The row lock orders concurrent saves of one user (two first saves at the same instant: the later one stands).
    const { rows } = await tx.query<{ document: unknown }>(`SELECT document FROM user_preferences WHERE user_id = $1 FOR UPDATE`, [userId]);
    const stored = rows[0]?.document;
    const merged = opts.patch ? { ...preferencesFrom(stored), ...definedParts(input) } : input;
    const preferences = preferencesSchema.parse(merged);
    await tx.query(
      `INSERT INTO user_preferences (user_id, document, updated_at) VALUES ($1, $2::jsonb, now())
       ON CONFLICT (user_id) DO UPDATE SET document = EXCLUDED.document, updated_at = now()`,
      [userId, JSON.stringify(preferences)],
    );
    return { preferences, languageChanged: languageOf(stored) !== preferences.language };
  });
}

function definedParts(patch: PreferencesPatch): PreferencesPatch {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
}
