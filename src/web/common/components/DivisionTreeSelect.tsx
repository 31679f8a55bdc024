/**
 * Picking one division (district, street or community) from the tree of those the caller may see, searchable
 * by name (a search opens the branches holding the matches); the districts are open at first.
 */
import { useMemo } from 'react';
import { TreeSelect } from 'antd';
import type { CSSProperties } from 'react';
import { divisionTree } from './division-tree.ts';
import { useAllDivisions } from './useReference.ts';

interface Props {
  value?: string;
  onChange?(code: string | undefined): void;
  placeholder?: string;
  'aria-label'?: string;
  id?: string;
  allowClear?: boolean;
  style?: CSSProperties;
  status?: 'error' | 'warning' | '';
}

export function DivisionTreeSelect({ value, onChange, ...rest }: Props) {
  const divisions = useAllDivisions();
  const tree = useMemo(() => divisionTree(divisions.data ?? []), [divisions.data]);
  return (
    <TreeSelect
      {...rest}
      value={value}
      onChange={(v: string | undefined) => onChange?.(v)}
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeData={tree}
      loading={divisions.isPending}
      treeDefaultExpandedKeys={tree.map((n) => n.key)}
      listHeight={320}
    />
  );
}
