// Validates imported street (9-digit) and community (12-digit) polygons of one district.
import type { ImportedFeature } from './feature-file.ts';
import type { Polygonal } from './geo.types.ts';
import { checkPolygonal, pickField } from './geometry-checks.ts';
import { checkCommunityCode, checkStreetCode } from './grid-code.ts';
import type { ImportProblem } from './import-problems.ts';

export const DIVISION_CODE_FIELDS = ['code', 'division_code', 'xzqdm', 'qhdm', 'xzqhdm', 'cjqydm', 'adcode', 'zldwdm', '区划代码', '代码'] as const;
export const DIVISION_NAME_FIELDS = ['name', 'division_name', 'xzqmc', 'qhmc', 'cjqymc', 'zldwmc', '名称', '区划名称'] as const;

export interface DivisionValidationOptions {
  codeField?: string;
  nameField?: string;
  /** streets already stored, so a file of communities alone can be imported */
  existingStreetCodes?: readonly string[];
}

export interface DivisionValidationResult {
  streets: { code: string; name: string; geometry: Polygonal }[];
  communities: { code: string; name: string; streetCode: string; geometry: Polygonal }[];
  problems: ImportProblem[];
}

export function validateDivisionFeatures(features: readonly ImportedFeature[], districtCode: string, opts: DivisionValidationOptions = {}): DivisionValidationResult {
  const problems: ImportProblem[] = [];
  const report = (f: ImportedFeature, code: ImportProblem['code'], detail: ImportProblem['detail']) => problems.push({ featureIndex: f.index, code, detail });
  const streets: DivisionValidationResult['streets'] = [];
  const pendingCommunities: (DivisionValidationResult['communities'][number] & { feature: ImportedFeature })[] = [];
  const firstIndexByCode = new Map<string, number>();

  for (const f of features) {
    const picked = pickField(f.properties, opts.codeField, DIVISION_CODE_FIELDS);
    if (!picked) {
      report(f, 'DIVISION_CODE_MISSING', { triedFields: opts.codeField ?? DIVISION_CODE_FIELDS.join(', ') });
      continue;
    }
    // NBS tables write streets as 12 digits ending in 000; the platform uses the 9-digit form.
    const code = picked.value.length === 12 && picked.value.endsWith('000') ? picked.value.slice(0, 9) : picked.value;
    if (!/^\d+$/.test(code) || (code.length !== 9 && code.length !== 12)) {
      report(f, 'DIVISION_CODE_FORMAT', { value: picked.value, field: picked.field });
      continue;
    }
    if (!code.startsWith(districtCode)) {
      report(f, 'DIVISION_OUTSIDE_DISTRICT', { value: code, districtCode });
      continue;
    }
    const formatProblem = code.length === 9 ? checkStreetCode(code, districtCode) : checkCommunityCode(code);
    if (formatProblem) {
      report(f, 'DIVISION_CODE_FORMAT', { value: code, field: picked.field });
      continue;
    }
    const first = firstIndexByCode.get(code);
    if (first !== undefined) {
      report(f, 'DIVISION_CODE_DUPLICATE', { value: code, firstFeatureIndex: first });
      continue;
    }
    firstIndexByCode.set(code, f.index);
    const name = pickField(f.properties, opts.nameField, DIVISION_NAME_FIELDS)?.value;
    if (!name) {
      report(f, 'DIVISION_NAME_MISSING', { value: code });
      continue;
    }
    const issue = checkPolygonal(f.geometry);
    if (issue?.kind === 'ring') {
      report(f, 'DIVISION_RING_INVALID', { value: code, reason: issue.reason, polygon: issue.polygon, ring: issue.ring });
      continue;
    }
    if (issue) {
      report(f, 'DIVISION_SELF_INTERSECTION', { value: code, lng: issue.lng, lat: issue.lat });
      continue;
    }
    if (code.length === 9) streets.push({ code, name, geometry: f.geometry });
    else pendingCommunities.push({ code, name, streetCode: code.slice(0, 9), geometry: f.geometry, feature: f });
  }

  // Communities are checked after all streets are known: a file need not list streets before their communities.
  const knownStreets = new Set([...streets.map((s) => s.code), ...(opts.existingStreetCodes ?? [])]);
  const communities: DivisionValidationResult['communities'] = [];
  for (const { feature, ...community } of pendingCommunities) {
    if (knownStreets.has(community.streetCode)) communities.push(community);
    else report(feature, 'DIVISION_STREET_UNKNOWN', { value: community.code, streetCode: community.streetCode });
  }
  problems.sort((a, b) => a.featureIndex - b.featureIndex);
  return { streets, communities, problems };
}
