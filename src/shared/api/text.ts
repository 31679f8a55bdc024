/**
 * Text PostgreSQL cannot store: the NUL character (text columns refuse it) and UTF-16 surrogates
 * without their pair (they have no UTF-8 form). Such input is refused with a clear error, never
 * silently altered: what the user submitted is what is stored, or nothing is.
 */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function isStorableText(s: string): boolean {
  return !UNSTORABLE.test(s);
}

/** The first place in a parsed JSON value, query or path holding unstorable text (a key or a string), as `a.b.0.c`; null when all is well. */
export function findUnstorableText(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return isStorableText(value) ? null : path;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findUnstorableText(value[i], path ? `${path}.${i}` : String(i));
      if (hit !== null) return hit;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const here = path ? `${path}.${k}` : k;
      if (!isStorableText(k)) return here;
      const hit = findUnstorableText(v, here);
      if (hit !== null) return hit;
    }
  }
  return null;
}
