// Division and grid codes: GB/T 2260 district (6), NBS street (9) and community (12) codes,
// GB/T 30428.1-2013 grid code (15 = 12 + 3-digit sequence) and the legacy CJ/T 213-2005 code (14 = 12 + 2).

export interface ParsedGridCode {
  /** always the 15-digit form */
  code: string;
  districtCode: string;
  streetCode: string;
  communityCode: string;
  sequence: number;
  legacy: boolean;
}

export interface CodeProblem {
  code: 'GRID_CODE_FORMAT' | 'DIVISION_CODE_FORMAT' | 'DIVISION_CODE_PREFIX';
  detail: Record<string, string | number>;
}

export type CodeResult<T> = { ok: true; value: T } | { ok: false; problem: CodeProblem };

const DIGITS = /^\d+$/;

export function checkDistrictCode(code: string): CodeProblem | null {
  if (code.length !== 6 || !DIGITS.test(code)) return { code: 'DIVISION_CODE_FORMAT', detail: { value: code, expected: '6 digits' } };
  if (code.startsWith('0') || code.endsWith('00')) {
    return { code: 'DIVISION_CODE_FORMAT', detail: { value: code, expected: 'county-level code (not ending in 00)' } };
  }
  return null;
}

export function checkStreetCode(code: string, districtCode?: string): CodeProblem | null {
  if (code.length !== 9 || !DIGITS.test(code)) return { code: 'DIVISION_CODE_FORMAT', detail: { value: code, expected: '9 digits' } };
  const district = checkDistrictCode(code.slice(0, 6));
  if (district) return district;
  if (code.endsWith('000')) return { code: 'DIVISION_CODE_FORMAT', detail: { value: code, expected: 'street part 001-999' } };
  if (districtCode !== undefined && !code.startsWith(districtCode)) {
    return { code: 'DIVISION_CODE_PREFIX', detail: { value: code, expectedPrefix: districtCode } };
  }
  return null;
}

export function checkCommunityCode(code: string, streetCode?: string): CodeProblem | null {
  if (code.length !== 12 || !DIGITS.test(code)) return { code: 'DIVISION_CODE_FORMAT', detail: { value: code, expected: '12 digits' } };
  const street = checkStreetCode(code.slice(0, 9));
  if (street) return street;
  if (code.endsWith('000')) return { code: 'DIVISION_CODE_FORMAT', detail: { value: code, expected: 'community part 001-999' } };
  if (streetCode !== undefined && !code.startsWith(streetCode)) {
    return { code: 'DIVISION_CODE_PREFIX', detail: { value: code, expectedPrefix: streetCode } };
  }
  return null;
}

export function parseGridCode(raw: string): CodeResult<ParsedGridCode> {
  const code = raw.trim();
  if (!DIGITS.test(code) || (code.length !== 15 && code.length !== 14)) {
    return { ok: false, problem: { code: 'GRID_CODE_FORMAT', detail: { value: raw, length: code.length, expected: '15 digits (or legacy 14)' } } };
  }
  const communityCode = code.slice(0, 12);
  const community = checkCommunityCode(communityCode);
  if (community) return { ok: false, problem: { code: 'GRID_CODE_FORMAT', detail: { value: raw, reason: 'community part invalid', ...community.detail } } };
  const sequence = Number(code.slice(12));
  if (sequence === 0) return { ok: false, problem: { code: 'GRID_CODE_FORMAT', detail: { value: raw, reason: 'sequence must start at 1' } } };
  return {
    ok: true,
    value: {
      code: communityCode + formatSequence(sequence),
      districtCode: code.slice(0, 6),
      streetCode: code.slice(0, 9),
      communityCode,
      sequence,
      legacy: code.length === 14,
    },
  };
}

export function formatGridCode(communityCode: string, sequence: number): string {
  return communityCode + formatSequence(sequence);
}

function formatSequence(sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 999) throw new RangeError(`grid sequence out of range: ${sequence}`);
  return String(sequence).padStart(3, '0');
}

export const MAX_GRIDS_PER_COMMUNITY = 999;

/**
 * GB/T 30428.1: the sequence runs west→east, north→south inside the community.
 * `row` counts southward (smaller = further north), `col` counts eastward. Returns the cells in code order.
 */
export function assignGridSequence<T extends { row: number; col: number }>(
  communityCode: string,
  cells: readonly T[],
): (T & { code: string; sequence: number })[] {
  if (cells.length > MAX_GRIDS_PER_COMMUNITY) {
    throw new RangeError(`community ${communityCode} has ${cells.length} grids, more than ${MAX_GRIDS_PER_COMMUNITY}`);
  }
  const sorted = [...cells].sort((a, b) => a.row - b.row || a.col - b.col);
  return sorted.map((cell, i) => ({ ...cell, code: formatGridCode(communityCode, i + 1), sequence: i + 1 }));
}
