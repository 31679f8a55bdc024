/**
 * A user's data scope, picked on the division tree (district → streets → communities) or on the map (a click
 * on a street or a community ticks or unticks it). Codes the tree does not hold (unit grids, a city) stay as
 * they are and can be typed in; the server checks each against the admin's own scope (SCOPE_INVALID).
 */
import { lazy, Suspense, useMemo, useState } from 'react';
import { Button, Empty, Input, Skeleton, Space, Tabs, Tag, Tree, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { SCOPE_CODE } from '../../../../shared/scope.ts';
import { ApiErrorAlert } from '../../../common/components/ApiErrorAlert.tsx';
import { useAllDivisions } from '../../../common/components/useReference.ts';
import { useI18n } from '../../../common/i18n/i18n.tsx';
import { divisionTree } from '../../../common/components/division-tree.ts';
import { minimalCover } from './scope-tree.ts';

const ScopeMap = lazy(() => import('./ScopeMap.tsx'));

interface Props {
  value?: string[];
  onChange?(scopes: string[]): void;
  id?: string;
}

export function ScopeField({ value = [], onChange, id }: Props) {
  const { t } = useI18n();
  const divisions = useAllDivisions();
  const [tab, setTab] = useState('tree');
  const [typed, setTyped] = useState('');
  const [typedError, setTypedError] = useState<string | null>(null);
  const tree = useMemo(() => divisionTree(divisions.data ?? []), [divisions.data]);
  const names = useMemo(() => new Map((divisions.data ?? []).map((d) => [d.code, d.name])), [divisions.data]);
  const inTree = (c: string) => names.has(c);
  const extras = value.filter((c) => !inTree(c));

  const addTyped = () => {
    const code = typed.trim();
    if (!SCOPE_CODE.test(code)) return setTypedError(t('adminUsers.scopeCodeInvalid'));
    setTypedError(null);
    setTyped('');
    onChange?.(minimalCover([...value, code]));
  };

  return (
    <div id={id}>
      <div className="gc-scope-chosen" aria-live="polite">
        {value.length === 0 ? (
          <Typography.Text type="secondary">{t('adminUsers.scopeNone')}</Typography.Text>
        ) : (
          <Space wrap size={[6, 6]}>
            {value.map((c) => (
              <Tag key={c} closable closeIcon={<span aria-label={t('adminUsers.scopeRemove', { name: names.get(c) ?? c })}>×</span>} onClose={() => onChange?.(value.filter((x) => x !== c))} data-scope={c}>
                {names.has(c) ? `${names.get(c)}（${c}）` : c}
              </Tag>
            ))}
          </Space>
        )}
      </div>
      <Tabs
        size="small"
        activeKey={tab}
        onChange={setTab}
        items={[
          {
            key: 'tree',
            label: t('adminUsers.scopeByTree'),
            children: divisions.isPending ? (
              <Skeleton active paragraph={{ rows: 5 }} />
            ) : divisions.isError ? (
              <ApiErrorAlert error={divisions.error} onRetry={() => void divisions.refetch()} />
            ) : !tree.length ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('adminUsers.scopeNoDivisions')} />
            ) : (
              <div className="gc-scope-tree">
                <Tree
                  checkable
                  selectable={false}
                  defaultExpandedKeys={tree.map((n) => n.key)}
                  treeData={tree}
                  checkedKeys={value.filter(inTree)}
                  onCheck={(checked) => {
                    const keys = (Array.isArray(checked) ? checked : checked.checked).map(String);
                    onChange?.(minimalCover([...keys, ...extras]));
                  }}
                  aria-label={t('adminUsers.scopeByTree')}
                  height={260}
                />
              </div>
            ),
          },
          {
            key: 'map',
            label: t('adminUsers.scopeByMap'),
            children: tab === 'map' && (
              <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: 320 }} />}>
                <ScopeMap value={value} onChange={(v) => onChange?.(v)} />
              </Suspense>
            ),
          },
          {
            key: 'code',
            label: t('adminUsers.scopeByCode'),
            children: (
              <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                <Space.Compact style={{ width: '100%' }}>
                  <Input
                    value={typed}
                    onChange={(e) => setTyped(e.target.value)}
                    onPressEnter={(e) => {
                      e.preventDefault();
                      addTyped();
                    }}
                    status={typedError ? 'error' : undefined}
                    placeholder={t('adminUsers.scopeCodePlaceholder')}
                    aria-label={t('adminUsers.scopeCode')}
                    maxLength={15}
                  />
                  <Button icon={<PlusOutlined aria-hidden />} onClick={addTyped}>{t('adminUsers.scopeAdd')}</Button>
                </Space.Compact>
                {typedError ? <Typography.Text type="danger" role="alert">{typedError}</Typography.Text> : <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('adminUsers.scopeCodeHint')}</Typography.Text>}
              </Space>
            ),
          },
        ]}
      />
    </div>
  );
}
