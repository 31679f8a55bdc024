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

/**
 * A code clicked on the map: removed when ticked; otherwise added, dropping the codes it covers — and when a
 * broader code covers it (the district ticked by default), the click narrows the scope to it.
 */
export function toggleScope(scopes: readonly string[], code: string): string[] {
  if (scopes.includes(code)) return scopes.filter((s) => s !== code);
  return minimalCover([...scopes.filter((s) => !s.startsWith(code) && !code.startsWith(s)), code]);
}

export interface ScopeSummary {
  /** A division code, or a community's code standing for the grids in it. */
  code: string;
  name: string;
  /** How many unit grids of this community the scope holds (null: the division itself). */
  grids: number | null;
}

/** A scope for a table cell: divisions by name, unit grids counted per community (a supervisor holds dozens). */
export function summarizeScopes(scopes: readonly string[], names: ReadonlyMap<string, string>): ScopeSummary[] {
  const out: ScopeSummary[] = [];
  const grids = new Map<string, number>();
  for (const s of scopes) {
    if (s.length === 15) grids.set(s.slice(0, 12), (grids.get(s.slice(0, 12)) ?? 0) + 1);
    else out.push({ code: s, name: names.get(s) ?? s, grids: null });
  }
  for (const [c, n] of grids) out.push({ code: c, name: names.get(c) ?? c, grids: n });
  return out;
}
