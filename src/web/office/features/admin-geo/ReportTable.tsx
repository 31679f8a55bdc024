/** The features of the file with what the check found, errors first; a row (or its code) shows the feature on the map. */
import { useEffect, useMemo, useState, type HTMLAttributes } from 'react';
import { Button, Flex, Segmented, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useI18n } from '../../../common/i18n/i18n.tsx';
import type { Checked, ReportRow } from './api.ts';

type Filter = 'all' | 'error' | 'warning' | 'ok';
const RANK = { error: 0, warning: 1, ok: 2 } as const;
const PAGE_SIZE = 50;

/** The server names the feature in each message ("第2个要素：…"); the row already says which it is. */
function withoutPrefix(message: string, prefix: string): string {
  return message.startsWith(prefix) ? message.slice(prefix.length) : message;
}

export function ReportTable({ checked, selected, onSelect, height }: { checked: Checked; selected: number | null; onSelect(index: number): void; height: number }) {
  const { t } = useI18n();
  const [filter, setFilter] = useState<Filter>('all');
  const [page, setPage] = useState(1);
  const kind = checked.request.kind;
  // Errors first, then warnings, each in file order: what needs fixing is on top.
  const rows = useMemo(
    () => [...checked.features].sort((a, b) => RANK[a.status] - RANK[b.status] || a.index - b.index).filter((r) => filter === 'all' || r.status === filter),
    [checked.features, filter],
  );

  // A feature picked on the map: its row comes into view (another page, another filter if need be).
  useEffect(() => {
    if (selected === null) return;
    const at = rows.findIndex((r) => r.index === selected);
    if (at < 0) {
      setFilter('all');
      return;
    }
    setPage(Math.floor(at / PAGE_SIZE) + 1);
    const id = requestAnimationFrame(() => document.querySelector(`.gc-geo-table [data-row-key="${selected}"]`)?.scrollIntoView({ block: 'nearest' }));
    return () => cancelAnimationFrame(id);
  }, [selected, rows]);

  const statusTag = (r: ReportRow) => (
    <Tag className={`gc-geo-tag gc-geo-tag-${r.status}`}>
      {t(r.status === 'error' ? 'adminGeo.statusError' : r.status === 'warning' ? 'adminGeo.statusWarning' : 'adminGeo.statusOk')}
    </Tag>
  );

  const columns: ColumnsType<ReportRow> = [
    { key: 'index', title: t('adminGeo.colIndex'), dataIndex: 'index', width: 60, sorter: (a, b) => a.index - b.index, render: (i: number) => i + 1 },
    {
      key: 'code',
      title: t('adminGeo.colCode'),
      dataIndex: 'code',
      width: 150,
      sorter: (a, b) => (a.code ?? '').localeCompare(b.code ?? ''),
      render: (_: unknown, r) => (
        <Button type="link" size="small" className="gc-geo-code" onClick={(e) => { e.stopPropagation(); onSelect(r.index); }} aria-label={t('adminGeo.showFeature', { n: r.index + 1 })} disabled={!r.geometry}>
          {r.code ?? t('adminGeo.noCode')}
        </Button>
      ),
    },
    kind === 'grids'
      ? { key: 'parent', title: t('adminGeo.colCommunity'), dataIndex: 'parent', width: 116, render: (v: string | null) => v ?? '—' }
      : { key: 'parent', title: t('adminGeo.colName'), dataIndex: 'parent', width: 120, render: (v: string | null, r) => <>{v ?? '—'}{r.level && <Typography.Text type="secondary"> · {t(r.level === 'street' ? 'adminGeo.levelStreet' : 'adminGeo.levelCommunity')}</Typography.Text>}</> },
    { key: 'status', title: t('adminGeo.colStatus'), width: 96, sorter: (a, b) => RANK[a.status] - RANK[b.status], render: (_: unknown, r) => statusTag(r) },
    {
      key: 'problems',
      title: t('adminGeo.colProblems'),
      render: (_: unknown, r) => (
        <>
          {r.problems.map((p, i) => (
            <div key={i} className={p.severity === 'error' ? 'gc-geo-problem-error' : 'gc-geo-problem-warning'}>{withoutPrefix(p.message, t('adminGeo.featurePrefix', { n: r.index + 1 }))}</div>
          ))}
          {!r.geometry && <Typography.Text type="secondary">{t('adminGeo.noGeometry')}</Typography.Text>}
          {r.change && r.problems.length === 0 && (
            <Typography.Text type="secondary">{t(r.change === 'new' ? 'adminGeo.changeNew' : 'adminGeo.changeReplace')}</Typography.Text>
          )}
        </>
      ),
    },
  ];

  const count = (s: Filter) => (s === 'all' ? checked.features.length : s === 'error' ? checked.errors : s === 'warning' ? checked.warnings : checked.ok);
  return (
    <Flex vertical gap={8}>
      <Segmented<Filter>
        aria-label={t('adminGeo.colStatus')}
        value={filter}
        onChange={(v) => {
          setFilter(v);
          setPage(1);
        }}
        options={(['all', 'error', 'warning', 'ok'] as const).map((s) => ({
          value: s,
          label: `${t(s === 'all' ? 'adminGeo.filterAll' : s === 'error' ? 'adminGeo.statusError' : s === 'warning' ? 'adminGeo.statusWarning' : 'adminGeo.statusOk')} ${count(s)}`,
        }))}
      />
      <Table<ReportRow>
        className="gc-geo-table"
        aria-label={t('adminGeo.tableLabel')}
        size="small"
        rowKey="index"
        columns={columns}
        dataSource={rows}
        scroll={{ y: height }}
        pagination={{ current: page, pageSize: PAGE_SIZE, onChange: setPage, showSizeChanger: false, hideOnSinglePage: true }}
        rowClassName={(r) => `gc-geo-row-${r.status}${r.index === selected ? ' gc-geo-row-selected' : ''}`}
        onRow={(r) => ({ onClick: () => r.geometry && onSelect(r.index), 'data-status': r.status } as HTMLAttributes<HTMLElement>)}
        data-testid="geo-report-table"
      />
    </Flex>
  );
}
