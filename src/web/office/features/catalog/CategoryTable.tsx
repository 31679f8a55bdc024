/**
 * The category table of one kind (部件 or 事件) as a tree: major class → categories, searchable by name or
 * code and filtered by state; each row opens the edit drawer. Sorting works inside each major class.
 */
import { useMemo, useState } from 'react';
import { Button, Empty, Flex, Input, Segmented, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { CameraOutlined, EditOutlined, GlobalOutlined, PlusOutlined } from '@ant-design/icons';
import { CLOCK_TYPES, UNIT_TYPES, type CategoryKind } from '../../../../shared/org.ts';
import { URGENCY_LABELS } from '../../../../shared/api/vocabulary.ts';
import { ApiErrorAlert } from '../../../common/components/ApiErrorAlert.tsx';
import { useI18n } from '../../../common/i18n/i18n.tsx';
import './catalog.css';
import { useCategoryCatalogue, type Category } from './api.ts';
import { CategoryDrawer } from './CategoryDrawer.tsx';
import { clockKey, clockUnitKey, unitTypeKey } from './labels.ts';

type Tri = 'any' | 'yes' | 'no';
interface Filters {
  q: string;
  active: Tri;
  isPublic: Tri;
  photo: Tri;
  extension: Tri;
}
const NO_FILTERS: Filters = { q: '', active: 'any', isPublic: 'any', photo: 'any', extension: 'any' };

interface MajorRow {
  key: string;
  major: true;
  majorCode: string;
  majorName: string;
  count: number;
  children: CategoryRow[];
}
type CategoryRow = Category & { key: string; major?: false };
type Row = MajorRow | CategoryRow;

const tri = (f: Tri, v: boolean) => f === 'any' || (f === 'yes') === v;

export function CategoryTable() {
  const { t, label } = useI18n();
  const list = useCategoryCatalogue();
  const [kind, setKind] = useState<CategoryKind>('event');
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [editing, setEditing] = useState<Category | 'new' | null>(null);
  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }));

  const rows = useMemo<MajorRow[]>(() => {
    const q = filters.q.trim();
    const majors = new Map<string, MajorRow>();
    for (const c of list.data?.items ?? []) {
      if (c.kind !== kind) continue;
      if (q && !c.name.includes(q) && !c.code.startsWith(q) && !c.majorName.includes(q)) continue;
      if (!tri(filters.active, c.active) || !tri(filters.isPublic, c.isPublic) || !tri(filters.photo, c.requiresAfterPhoto) || !tri(filters.extension, c.isExtension)) continue;
      const m = majors.get(c.majorCode) ?? { key: `major:${c.majorCode}`, major: true as const, majorCode: c.majorCode, majorName: c.majorName, count: 0, children: [] };
      m.children.push({ ...c, key: `${c.kind}:${c.code}` });
      m.count++;
      majors.set(c.majorCode, m);
    }
    return [...majors.values()].sort((a, b) => a.majorCode.localeCompare(b.majorCode));
  }, [list.data, kind, filters]);
  const shown = rows.reduce((n, m) => n + m.count, 0);
  const filtered = JSON.stringify(filters) !== JSON.stringify(NO_FILTERS);

  const cat = (r: Row): CategoryRow | null => (r.major ? null : r);
  const columns: ColumnsType<Row> = [
    {
      title: t('adminCatalog.colCode'),
      key: 'code',
      width: 190,
      sorter: (a, b) => (a.major ? a.majorCode : a.code).localeCompare(b.major ? b.majorCode : b.code),
      defaultSortOrder: 'ascend',
      render: (_v, r) => (r.major ? <Typography.Text strong>{r.majorCode}</Typography.Text> : <Typography.Text code>{r.code}</Typography.Text>),
    },
    {
      title: t('adminCatalog.colName'),
      key: 'name',
      sorter: (a, b) => (a.major ? a.majorName : a.name).localeCompare(b.major ? b.majorName : b.name, 'zh-CN'),
      render: (_v, r) =>
        r.major ? (
          <Typography.Text strong>{r.majorName} <Typography.Text type="secondary">（{t('adminCatalog.majorCount', { n: r.count })}）</Typography.Text></Typography.Text>
        ) : (
          <Space size={4} wrap>
            <span>{r.name}</span>
            {r.isExtension && <Tag color="purple">{t('adminCatalog.extension')}</Tag>}
            {r.urgency === 'urgent' && <Tag color="red">{label(URGENCY_LABELS.urgent)}</Tag>}
            {!r.active && <Tag>{t('adminCatalog.inactive')}</Tag>}
          </Space>
        ),
    },
    {
      title: t('adminCatalog.colLimit'),
      key: 'limit',
      width: 150,
      sorter: (a, b) => (cat(a)?.timeLimit ?? 0) - (cat(b)?.timeLimit ?? 0),
      render: (_v, r) =>
        r.major ? null : r.timeLimit == null ? (
          <Tooltip title={t('adminCatalog.limitDefaultHint')}><Typography.Text type="secondary">{t('adminCatalog.limitDefault')}</Typography.Text></Tooltip>
        ) : (
          <span>{r.timeLimit} {t(clockUnitKey(r.clockType))}</span>
        ),
    },
    {
      title: t('adminCatalog.colClock'),
      key: 'clock',
      width: 150,
      filters: CLOCK_TYPES.map((c) => ({ text: t(clockKey(c)), value: c })),
      onFilter: (v, r) => r.major || r.clockType === v,
      render: (_v, r) => (r.major ? null : t(clockKey(r.clockType))),
    },
    {
      title: t('adminCatalog.colUnitType'),
      key: 'unitType',
      width: 160,
      filters: UNIT_TYPES.map((u) => ({ text: t(unitTypeKey(u)), value: u })),
      onFilter: (v, r) => r.major || r.defaultUnitType === v,
      render: (_v, r) => (r.major ? null : r.defaultUnitType ? t(unitTypeKey(r.defaultUnitType)) : <Typography.Text type="secondary">{t('adminCatalog.none')}</Typography.Text>),
    },
    {
      title: t('adminCatalog.colFlags'),
      key: 'flags',
      width: 170,
      render: (_v, r) =>
        r.major ? null : (
          <Space size={4}>
            {r.requiresAfterPhoto && <Tooltip title={t('adminCatalog.photoRequired')}><Tag icon={<CameraOutlined aria-hidden />} color="blue" aria-label={t('adminCatalog.photoRequired')}>{t('adminCatalog.photoShort')}</Tag></Tooltip>}
            {r.isPublic && <Tooltip title={t('adminCatalog.isPublic')}><Tag icon={<GlobalOutlined aria-hidden />} className="gc-tag-ok" aria-label={t('adminCatalog.isPublic')}>{t('adminCatalog.publicShort')}</Tag></Tooltip>}
          </Space>
        ),
    },
    {
      title: t('adminCatalog.colActions'),
      key: 'actions',
      width: 90,
      render: (_v, r) =>
        r.major ? null : (
          <Button size="small" icon={<EditOutlined aria-hidden />} onClick={() => setEditing(r)} aria-label={t('adminCatalog.editN', { code: r.code, name: r.name })}>
            {t('adminCatalog.edit')}
          </Button>
        ),
    },
  ];

  const triSelect = (key: keyof Omit<Filters, 'q'>, name: string, yes: string, no: string) => (
    <Select<Tri>
      aria-label={name}
      value={filters[key]}
      onChange={(v) => set({ [key]: v })}
      style={{ width: 150 }}
      options={[{ value: 'any', label: `${name}：${t('adminCatalog.any')}` }, { value: 'yes', label: yes }, { value: 'no', label: no }]}
    />
  );

  if (list.isError) return <ApiErrorAlert error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Segmented<CategoryKind>
          aria-label={t('adminCatalog.kind')}
          value={kind}
          onChange={setKind}
          options={[{ value: 'component', label: t('adminCatalog.kindComponent') }, { value: 'event', label: t('adminCatalog.kindEvent') }]}
        />
        <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setEditing('new')}>{t('adminCatalog.addLocal')}</Button>
      </Flex>
      <Flex wrap gap={8} align="center">
        <Input.Search
          allowClear
          aria-label={t('adminCatalog.search')}
          placeholder={t('adminCatalog.searchPlaceholder')}
          value={filters.q}
          onChange={(e) => set({ q: e.target.value })}
          style={{ width: 260 }}
        />
        {triSelect('active', t('adminCatalog.filterActive'), t('adminCatalog.active'), t('adminCatalog.inactive'))}
        {triSelect('isPublic', t('adminCatalog.filterPublic'), t('adminCatalog.publicYes'), t('adminCatalog.publicNo'))}
        {triSelect('photo', t('adminCatalog.filterPhoto'), t('adminCatalog.photoYes'), t('adminCatalog.photoNo'))}
        {triSelect('extension', t('adminCatalog.filterExtension'), t('adminCatalog.extensionYes'), t('adminCatalog.extensionNo'))}
        {filtered && <Button type="link" onClick={() => setFilters(NO_FILTERS)}>{t('adminCatalog.clearFilters')}</Button>}
        <Typography.Text type="secondary" style={{ marginInlineStart: 'auto' }}>{t('adminCatalog.shownCount', { n: shown })}</Typography.Text>
      </Flex>
      <Table<Row>
        data-ready={list.isSuccess ? 'true' : undefined}
        size="small"
        rowKey="key"
        loading={list.isPending}
        columns={columns}
        dataSource={rows}
        pagination={false}
        sticky
        // Searching or filtering opens every class so what matched is in sight; otherwise the classes start closed.
        expandable={{ expandRowByClick: false, indentSize: 16 }}
        key={filtered ? `open:${kind}` : `closed:${kind}`}
        defaultExpandAllRows={filtered}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={filtered ? t('adminCatalog.noMatch') : t('adminCatalog.noCategories')} /> }}
        scroll={{ x: 1100 }}
      />
      {list.data && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{list.data.notice}</Typography.Text>}
      <CategoryDrawer editing={editing} kind={kind} onClose={() => setEditing(null)} />
    </Flex>
  );
}
