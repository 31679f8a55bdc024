/**
 * Data scope in SQL (shared/scope.ts says it in JS): a scope is a set of division-code prefixes held in
 * an array parameter, so "inside the scope" is a LIKE on a prefix. Every query that filters by scope
 * uses these two, so the rule is written once.
 */

/** `column` lies inside one of the scopes in array parameter `param` (inScope). */
export function inScopeSql(column: string, param: string): string {
  return `EXISTS (SELECT 1 FROM unnest(${param}::text[]) p WHERE ${column} LIKE p || '%')`;
}

/** `column` and one of the scopes overlap: one lies inside the other (touchesDivision). */
export function touchesScopeSql(column: string, param: string): string {
  return `EXISTS (SELECT 1 FROM unnest(${param}::text[]) p WHERE ${column} LIKE p || '%' OR p LIKE ${column} || '%')`;
}
