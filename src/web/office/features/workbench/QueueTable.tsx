/**
 * One queue tab as a table. The page, sort and selection live with the page (URL and state) and survive
 * every live refetch: old rows stay while new ones load, rows are keyed by step id, and the selection
 * keeps the rows still in the queue (with their fresh versions). Rows that just arrived flash briefly.
 */
import { useEffect, useMemo, useState } from 'react';
import { Alert, Empty, Skeleton, Table } from 'antd';
import type { TablePaginationConfig } from 'antd';
import { useNavigate } from 'react-router';
import { ApiErrorAlert } from '../../../common/components/ApiErrorAlert.tsx';
import { BULK_ACTIONS, BulkCaseActions, canBulk, type BulkFailure, type BulkRow } from '../../../common/components/BulkCaseActions.tsx';
import { CASE_TABLE_CLASS, caseRowClass } from '../../../common/components/caseTable.ts';
import { useDivisionNames } from '../../../common/components/useReference.ts';
import { useRowArrivals } from '../../../common/components/useRowArrivals.ts';
import { useI18n } from '../../../common/i18n/i18n.tsx';
import { ALL, useQueue, type QueueItem, type QueueTab } from './api.ts';
import { queueColumns, sortItems, type QueueSort } from './queueColumns.tsx';

export const PAGE_SIZES = [20, 50, 100] as const;

interface Props {
  tab: QueueTab;
  page: number;
  pageSize: number;
  sort: QueueSort;
  /** Whether the tabs' counts are shown: with this tab's rows, the queue is ready (data-ready, for bench:web). */
  countsShown: boolean;
  onView(v: { page: number; pageSize: number; sort: QueueSort }): void;
}

const bulkRow = (it: QueueItem): BulkRow => ({ id: it.case.id, trackingNo: it.case.trackingNo, version: it.case.version, allowedActions: it.case.allowedActions });

/** A click on the row opens the case, unless it was on a control inside the row (checkbox, link). */
function fromControl(e: React.MouseEvent): boolean {
  return !!(e.target as HTMLElement).closest('a, button, input, label, .ant-table-selection-column');
}

export function QueueTable({ tab, page, pageSize, sort, countsShown, onView }: Props) {
  const i18n = useI18n();
  const { t } = i18n;
  const navigate = useNavigate();
  const names = useDivisionNames();
  const q = useQueue(tab, page, pageSize);
  const items = useMemo(() => sortItems(q.data?.items ?? [], sort), [q.data, sort]);
  const viewKey = `${tab}:${page}:${pageSize}`;
  const arrivals = useMemo(() => (q.isPlaceholderData || !q.data ? undefined : q.data.items.map((it) => ({ id: it.step.id, version: it.case.version }))), [q.data, q.isPlaceholderData]);
  const fresh = useRowArrivals(arrivals, viewKey);
  const [selected, setSelected] = useState<number[]>([]);
  const [failures, setFailures] = useState<BulkFailure[]>([]);

  // Keep the selection to rows still in this view; leave it alone while placeholder rows are shown.
  useEffect(() => {
    if (!q.data || q.isPlaceholderData) return;
    const ids = new Set(q.data.items.map((it) => it.step.id));
    setSelected((s) => (s.every((k) => ids.has(k)) ? s : s.filter((k) => ids.has(k))));
  }, [q.data, q.isPlaceholderData]);
  useEffect(() => {
    setSelected([]);
    setFailures([]);
  }, [viewKey]);

  const actions = BULK_ACTIONS.filter((a) => items.some((it) => it.case.allowedActions.includes(a)));
  const selectedRows = useMemo(() => {
    const byCase = new Map<number, BulkRow>();
    for (const it of items) if (selected.includes(it.step.id)) byCase.set(it.case.id, bulkRow(it));
    return [...byCase.values()];
  }, [items, selected]);
  const failedIds = new Set(failures.map((f) => f.id));
  const columns = useMemo(() => queueColumns({ i18n, names, showStep: tab === ALL, sort }), [i18n, names, tab, sort]);

  if (q.isPending) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (q.isError && !q.data) return <ApiErrorAlert error={q.error} onRetry={() => void q.refetch()} />;

  const total = q.data?.total ?? 0;
  const pagination: TablePaginationConfig = {
    current: page,
    pageSize,
    total,
    showSizeChanger: true,
    pageSizeOptions: PAGE_SIZES.map(String),
    showTotal: (n) => (q.data?.totalExact === false ? t('workbench.totalMore', { n: n.toLocaleString() }) : t('workbench.total', { n: n.toLocaleString() })),
  };

  return (
    <div data-testid="queue-table" data-ready={String(countsShown && !q.isPlaceholderData)}>
      {q.isError && <Alert type="warning" showIcon style={{ marginBottom: 8 }} title={t('workbench.refreshFailed')} />}
      {failures.length > 0 && (
        <Alert
          type="error"
          showIcon
          closable={{ onClose: () => setFailures([]) }}
          style={{ marginBottom: 8 }}
          title={t('workbench.bulkFailed', { n: failures.length })}
          description={failures.map((f) => `${f.trackingNo}：${f.message}`).join('；')}
        />
      )}
      {actions.length > 0 && selectedRows.length > 0 && (
        <div style={{ marginBottom: 8 }}>
          <BulkCaseActions
            selected={selectedRows}
            actions={actions}
            onClear={() => setSelected([])}
            onDone={(r) => {
              setFailures(r.failed);
              const failed = new Set(r.failed.map((f) => f.id));
              setSelected((s) => s.filter((k) => failed.has(items.find((it) => it.step.id === k)?.case.id ?? -1)));
            }}
          />
        </div>
      )}
      <Table<QueueItem>
        className={CASE_TABLE_CLASS}
        size="small"
        rowKey={(it) => it.step.id}
        columns={columns}
        dataSource={items}
        pagination={pagination}
        tableLayout="fixed"
        aria-label={t('workbench.tableLabel')}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('workbench.emptyStep')} /> }}
        rowSelection={
          actions.length
            ? {
                selectedRowKeys: selected,
                onChange: (keys) => setSelected(keys as number[]),
                getCheckboxProps: (it) => ({ disabled: !canBulk(it.case, actions), 'aria-label': t('workbench.selectRow', { no: it.case.trackingNo }) }),
                columnWidth: 40,
              }
            : undefined
        }
        rowClassName={(it) => caseRowClass(it.colour, { fresh: fresh.has(it.step.id), failed: failedIds.has(it.case.id) })}
        onRow={(it) => ({ onClick: (e) => !fromControl(e) && navigate(`/cases/${it.case.id}`), 'data-case-id': it.case.id } as React.HTMLAttributes<HTMLElement>)}
        onChange={(p, _f, sorter) => {
          const s = Array.isArray(sorter) ? sorter[0] : sorter;
          const nextSort = (s?.order ? s.columnKey : '') as QueueSort;
          const size = p.pageSize ?? pageSize;
          onView({ page: size !== pageSize ? 1 : (p.current ?? 1), pageSize: size, sort: nextSort });
        }}
      />
    </div>
  );
}
