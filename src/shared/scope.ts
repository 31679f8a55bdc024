/**
 * Data scope. Division codes are hierarchical prefixes (GB/T 2260 district 6 digits → street 9 →
 * community 12 → grid 15; a city is the district code's first 4 digits), so a user's scope is a set of
 * code prefixes and "may see record X" is "X's code starts with one of them".
 */
export const SCOPE_CODE = /^(\d{4}|\d{6}|\d{9}|\d{12}|\d{15})$/;

export function inScope(scopes: readonly string[], code: string): boolean {
  for (const s of scopes) if (code.startsWith(s)) return true;
  return false;
}

/** True when the scope reaches every record under `code` (e.g. a district admin over a street). */
export function coversDivision(scopes: readonly string[], code: string): boolean {
  return inScope(scopes, code);
}

/** True when some part of the division `code` is visible (e.g. a supervisor's grids inside a street). */
export function touchesDivision(scopes: readonly string[], code: string): boolean {
  for (const s of scopes) if (code.startsWith(s) || s.startsWith(code)) return true;
  return false;
}

/** True when a user with these scopes works in the district: their scope is in it, or covers it (a city). */
export function worksInDistrict(scopes: readonly string[], districtCode: string): boolean {
  for (const s of scopes) if (districtCode.startsWith(s.slice(0, 6)) || s.startsWith(districtCode)) return true;
  return false;
}

export function scopeLevel(code: string): 'city' | 'district' | 'street' | 'community' | 'grid' {
  switch (code.length) {
    case 4:
      return 'city';
    case 6:
      return 'district';
    case 9:
      return 'street';
    case 12:
      return 'community';
    default:
      return 'grid';
  }
}
