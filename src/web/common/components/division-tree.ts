/** The division tree (district → streets → communities) as antd Tree / TreeSelect data, from GET /api/divisions. */
import type { Division } from './useReference.ts';

export interface DivisionNode {
  key: string;
  /** The same code: TreeSelect picks by value, Tree by key. */
  value: string;
  title: string;
  children?: DivisionNode[];
}

/**
 * district → streets → communities, as the caller may see them (roots: divisions whose parent is not listed).
 * The city above the district is left out: units serve, and admins hand out, districts and what lies in them.
 */
export function divisionTree(all: readonly Division[]): DivisionNode[] {
  const divisions = all.filter((d) => d.level !== 'city');
  const byCode = new Map(divisions.map((d) => [d.code, d]));
  const kids = new Map<string, Division[]>();
  const roots: Division[] = [];
  for (const d of divisions) {
    if (d.parentCode && byCode.has(d.parentCode)) kids.set(d.parentCode, [...(kids.get(d.parentCode) ?? []), d]);
    else roots.push(d);
  }
  const node = (d: Division): DivisionNode => {
    const c = (kids.get(d.code) ?? []).sort((a, b) => a.code.localeCompare(b.code)).map(node);
    return { key: d.code, value: d.code, title: d.name, ...(c.length ? { children: c } : {}) };
  };
  return roots.sort((a, b) => a.code.localeCompare(b.code)).map(node);
}
