/**
 * Data scope in SQL (shared/scope.ts says it in JS): a scope is a set of division-code prefixes held in
 * an array parameter, so "inside the scope" is a LIKE on a prefix. Every query that filters by scope
 * uses these two, so the rule is written once.
 */

/**
 * `column` lies inside one of the scopes in array parameter `param` (inScope). The patterns are built once
 * (an init plan) and each row takes one LIKE ANY: the EXISTS over unnest() this replaces ran a subplan per
 * row, ~0.7 µs, which over a district's million cases was most of a list's or a map's time. Division codes
 * are digits, so a scope holds no LIKE wildcard; a NULL column is "not inside", as EXISTS said.
 */
export function inScopeSql(column: string, param: string): string {
  return `coalesce(${column} LIKE ANY (ARRAY(SELECT p || '%' FROM unnest(${param}::text[]) p)), false)`;
}

/** `column` and one of the scopes overlap: one lies inside the other (touchesDivision). */
export function touchesScopeSql(column: string, param: string): string {
  return `EXISTS (SELECT 1 FROM unnest(${param}::text[]) p WHERE ${column} LIKE p || '%' OR p LIKE ${column} || '%')`;
}
