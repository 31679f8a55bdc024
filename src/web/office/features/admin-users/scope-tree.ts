/**
 * A user's data scope is a set of division-code prefixes (shared/scope.ts). On the division tree a ticked
 * street covers its communities, so the scope saved is the smallest set of codes that covers what is ticked:
 * a code whose parent is ticked too adds nothing.
 */
/** The codes of `checked` not covered by another of them (prefix = covers). */
export function minimalCover(checked: readonly string[]): string[] {
  const set = [...new Set(checked)].sort((a, b) => a.length - b.length || a.localeCompare(b));
  const out: string[] = [];
  for (const c of set) if (!out.some((o) => c.startsWith(o))) out.push(c);
  return out.sort();
}

/** A code toggled on the map: added (dropping the codes it now covers), or removed. */
export function toggleScope(scopes: readonly string[], code: string): string[] {
  if (scopes.includes(code)) return scopes.filter((s) => s !== code);
  return minimalCover([...scopes.filter((s) => !s.startsWith(code)), code]);
}
