// Per-feature problems found while validating an import, and their wording for the import report.

export type ImportProblemCode =
  | 'GRID_CODE_MISSING'
  | 'GRID_CODE_FORMAT'
  | 'GRID_CODE_DUPLICATE'
  | 'GRID_COMMUNITY_UNKNOWN'
  | 'GRID_OUTSIDE_COMMUNITY'
  | 'GRID_RING_INVALID'
  | 'GRID_SELF_INTERSECTION'
  | 'GRID_OVERLAP'
  | 'GRID_CODE_LEGACY'
  | 'GRID_OUTSIDE_TOLERATED'
  | 'DIVISION_CODE_MISSING'
  | 'DIVISION_CODE_FORMAT'
  | 'DIVISION_CODE_DUPLICATE'
  | 'DIVISION_OUTSIDE_DISTRICT'
  | 'DIVISION_STREET_UNKNOWN'
  | 'DIVISION_NAME_MISSING'
  | 'DIVISION_RING_INVALID'
  | 'DIVISION_SELF_INTERSECTION';

export interface ImportProblem {
  featureIndex: number;
  code: ImportProblemCode;
  detail: Record<string, string | number>;
}

type Messages = Record<ImportProblemCode, (d: Record<string, string | number>) => string>;

const zh: Messages = {
  GRID_CODE_MISSING: (d) => `缺少网格编码字段（已尝试：${d.triedFields}）`,
  GRID_CODE_FORMAT: (d) => `网格编码“${d.value}”格式错误：应为15位数字（或旧版14位）${d.reason ? `，${d.reason}` : ''}`,
  GRID_CODE_DUPLICATE: (d) => `网格编码“${d.value}”与第${Number(d.firstFeatureIndex) + 1}个要素重复`,
  GRID_COMMUNITY_UNKNOWN: (d) => `网格编码“${d.value}”所属社区${d.communityCode}不存在`,
  GRID_OUTSIDE_COMMUNITY: (d) => `网格“${d.value}”有${d.outsideM2}平方米超出所属社区${d.communityCode}的边界`,
  GRID_RING_INVALID: (d) => `网格几何无效：${ringReasonZh(String(d.reason))}`,
  GRID_SELF_INTERSECTION: (d) => `网格边界自相交（约在 ${d.lng}, ${d.lat}）`,
  GRID_OVERLAP: (d) => `与第${Number(d.otherFeatureIndex) + 1}个要素重叠${d.areaM2}平方米`,
  GRID_CODE_LEGACY: (d) => `旧版14位编码“${d.value}”（CJ/T 213-2005）将按15位编码${d.code}导入`,
  GRID_OUTSIDE_TOLERATED: (d) => `网格“${d.value}”有${d.outsideM2}平方米超出所属社区${d.communityCode}的边界（在允许误差内，仍可导入）`,
  DIVISION_CODE_MISSING: (d) => `缺少区划代码字段（已尝试：${d.triedFields}）`,
  DIVISION_CODE_FORMAT: (d) => `区划代码“${d.value}”格式错误：街道为9位、社区为12位数字`,
  DIVISION_CODE_DUPLICATE: (d) => `区划代码“${d.value}”与第${Number(d.firstFeatureIndex) + 1}个要素重复`,
  DIVISION_OUTSIDE_DISTRICT: (d) => `区划代码“${d.value}”不属于本区（${d.districtCode}）`,
  DIVISION_STREET_UNKNOWN: (d) => `社区“${d.value}”所属街道${d.streetCode}不存在`,
  DIVISION_NAME_MISSING: (d) => `区划“${d.value}”缺少名称`,
  DIVISION_RING_INVALID: (d) => `区划几何无效：${ringReasonZh(String(d.reason))}`,
  DIVISION_SELF_INTERSECTION: (d) => `区划边界自相交（约在 ${d.lng}, ${d.lat}）`,
};

const en: Messages = {
  GRID_CODE_MISSING: (d) => `No grid code field (tried: ${d.triedFields})`,
  GRID_CODE_FORMAT: (d) => `Grid code "${d.value}" is malformed: expected 15 digits (or legacy 14)${d.reason ? `; ${d.reason}` : ''}`,
  GRID_CODE_DUPLICATE: (d) => `Grid code "${d.value}" duplicates feature #${Number(d.firstFeatureIndex) + 1}`,
  GRID_COMMUNITY_UNKNOWN: (d) => `Grid code "${d.value}" belongs to community ${d.communityCode}, which does not exist`,
  GRID_OUTSIDE_COMMUNITY: (d) => `Grid "${d.value}" extends ${d.outsideM2} m² outside its community ${d.communityCode}`,
  GRID_RING_INVALID: (d) => `Invalid grid geometry: ${d.reason}`,
  GRID_SELF_INTERSECTION: (d) => `Grid boundary intersects itself (near ${d.lng}, ${d.lat})`,
  GRID_OVERLAP: (d) => `Overlaps feature #${Number(d.otherFeatureIndex) + 1} by ${d.areaM2} m²`,
  GRID_CODE_LEGACY: (d) => `Legacy 14-digit code "${d.value}" (CJ/T 213-2005) will be imported as ${d.code}`,
  GRID_OUTSIDE_TOLERATED: (d) => `Grid "${d.value}" extends ${d.outsideM2} m² outside its community ${d.communityCode} (within tolerance; it can be imported)`,
  DIVISION_CODE_MISSING: (d) => `No division code field (tried: ${d.triedFields})`,
  DIVISION_CODE_FORMAT: (d) => `Division code "${d.value}" is malformed: streets have 9 digits, communities 12`,
  DIVISION_CODE_DUPLICATE: (d) => `Division code "${d.value}" duplicates feature #${Number(d.firstFeatureIndex) + 1}`,
  DIVISION_OUTSIDE_DISTRICT: (d) => `Division code "${d.value}" is not in district ${d.districtCode}`,
  DIVISION_STREET_UNKNOWN: (d) => `Community "${d.value}" belongs to street ${d.streetCode}, which does not exist`,
  DIVISION_NAME_MISSING: (d) => `Division "${d.value}" has no name`,
  DIVISION_RING_INVALID: (d) => `Invalid division geometry: ${d.reason}`,
  DIVISION_SELF_INTERSECTION: (d) => `Division boundary intersects itself (near ${d.lng}, ${d.lat})`,
};

function ringReasonZh(reason: string): string {
  const map: Record<string, string> = {
    'not closed': '环未闭合',
    'too few positions': '环的顶点少于4个',
    'non-finite coordinate': '坐标不是有效数字',
    'zero area': '面积为零',
  };
  return map[reason] ?? reason;
}

/** Feature numbers are 1-based in messages: people count features from one, problems keep the 0-based index. */
export function describeProblem(problem: ImportProblem, lang: 'zh-CN' | 'en'): string {
  const text = (lang === 'zh-CN' ? zh : en)[problem.code](problem.detail);
  return lang === 'zh-CN' ? `第${problem.featureIndex + 1}个要素：${text}` : `Feature #${problem.featureIndex + 1}: ${text}`;
}
