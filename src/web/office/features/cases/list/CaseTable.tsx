/**
 * The case list's table: the page the URL asks for, sorted by report time or deadline on the server,
 * with the user's columns, live updates that keep the page and selection (old rows stay while the
 * refetch runs; rows keyed by case id), a brief highlight on rows that changed, and bulk 督办.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, App, Empty, Flex, Skeleton, Table, Tooltip, Button, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { ApiErrorAlert } from '../../../../common/components/ApiErrorAlert.tsx';
import { BulkCaseActions, type BulkFailure, type BulkRow } from '../../../../common/components/BulkCaseActions.tsx';
import { CASE_TABLE_CLASS, caseRowClass, useHiddenMeasureRow } from '../../../../common/components/caseTable.ts';
import { useDivisionNames, useUnitList } from '../../../../common/components/useReference.ts';
import { useRowArrivals } from '../../../../common/components/useRowArrivals.ts';
import { useI18n } from '../../../../common/i18n/i18n.tsx';
import { useCaseList, type CaseRow } from './api.ts';
import { caseColumns, columnsWidth, type ColumnKey } from './columns.tsx';
import { ColumnSettings } from './ColumnSettings.tsx';
import { apiQuery, PAGE_SIZES, type ListView } from './filters.ts';

interface Props {
  view: ListView;
  shown: readonly ColumnKey[];
  onColumns(keys: ColumnKey[]): void;
  savingColumns: boolean;
  onView(v: Partial<ListView>): void;
  filtered: boolean;
}

const ACTIONS = ['urge'] as const;
const bulkRow = (c: CaseRow): BulkRow => ({ id: c.id, trackingNo: c.trackingNo, version: c.version, allowedActions: c.allowedActions });

export function CaseTable({ view, shown, onColumns, savingColumns, onView, filtered }: Props) {
  const i18n = useI18n();
  const { t } = i18n;
  const navigate = useNavigate();
  const { message } = App.useApp();
  const names = useDivisionNames();
  const unitList = useUnitList();
  const units = useMemo(() => new Map((unitList.data ?? []).map((u) => [u.id, u.name])), [unitList.data]);
  const params = useMemo(() => apiQuery(view), [view]);
  const q = useCaseList(params);
  const viewKey = JSON.stringify(params);
  const items = useMemo(() => q.data?.items ?? [], [q.data]);
  const fresh = useRowArrivals(q.isPlaceholderData ? undefined : q.data?.items, viewKey);
  const [selected, setSelected] = useState<number[]>([]);
  const tableBox = useRef<HTMLDivElement>(null);
  useHiddenMeasureRow(tableBox);
  const [failures, setFailures] = useState<BulkFailure[]>([]);

  useEffect(() => {
    if (!q.data || q.isPlaceholderData) return;
    const ids = new Set(q.data.items.map((c) => c.id));
    setSelected((s) => (s.every((k) => ids.has(k)) ? s : s.filter((k) => ids.has(k))));
  }, [q.data, q.isPlaceholderData]);
  useEffect(() => {
    setSelected([]);
    setFailures([]);
  }, [viewKey]);

  const columns = useMemo(() => caseColumns({ i18n, names, units, sort: view.sort, shown }), [i18n, names, units, view.sort, shown]);
  const canUrge = items.some((c) => c.allowedActions.includes('urge'));
  const selectedRows = items.filter((c) => selected.includes(c.id)).map(bulkRow);
  const failedIds = new Set(failures.map((f) => f.id));
  const total = q.data?.total ?? 0;
  const totalText = q.data ? (q.data.totalExact ? t('caseList.total', { n: total.toLocaleString() }) : t('caseList.totalMore', { n: total.toLocaleString() })) : '';

  return (
    <Flex vertical gap={8} ref={tableBox}>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ minHeight: 32 }}>
        {selectedRows.length > 0 ? (
          <BulkCaseActions
            selected={selectedRows}
            actions={ACTIONS}
            onClear={() => setSelected([])}
            onDone={(r) => {
              // The succeeded rows leave the selection, and the result dialog with it: say what was done.
              if (r.succeeded.length) void message.success(t('bulk.summary', { ok: r.succeeded.length, failed: r.failed.length }));
              setFailures(r.failed);
              const failed = new Set(r.failed.map((f) => f.id));
              setSelected((s) => s.filter((id) => failed.has(id)));
            }}
          />
        ) : (
          <Typography.Text strong role="status" data-testid="case-total">{totalText}</Typography.Text>
        )}
        <Flex gap={8}>
          <Tooltip title={t('caseList.refresh')}>
            <Button icon={<ReloadOutlined spin={q.isFetching && !q.isPending} />} onClick={() => void q.refetch()} aria-label={t('caseList.refresh')} />
          </Tooltip>
          <ColumnSettings shown={shown} onChange={onColumns} saving={savingColumns} />
        </Flex>
      </Flex>
      {q.isError && q.data && <Alert type="warning" showIcon title={t('caseList.refreshFailed')} />}
      {failures.length > 0 && (
        <Alert
          type="error"
          showIcon
          closable={{ onClose: () => setFailures([]) }}
          title={t('caseList.bulkFailed', { n: failures.length })}
          description={failures.map((f) => `${f.trackingNo}：${f.message}`).join('；')}
        />
      )}
      {q.isPending ? (
        <Skeleton active paragraph={{ rows: 10 }} />
      ) : q.isError && !q.data ? (
        <ApiErrorAlert error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <Table<CaseRow>
          className={CASE_TABLE_CLASS}
          size="small"
          rowKey="id"
          columns={columns}
          dataSource={items}
          tableLayout="fixed"
          scroll={{ x: columnsWidth(columns) }}
          aria-label={t('caseList.tableLabel')}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={filtered ? t('caseList.emptyFiltered') : t('caseList.empty')} /> }}
          rowSelection={
            canUrge
              ? {
                  selectedRowKeys: selected,
                  onChange: (keys) => setSelected(keys as number[]),
                  getCheckboxProps: (c) => ({ disabled: !c.allowedActions.includes('urge'), 'aria-label': t('caseList.selectRow', { no: c.trackingNo }) }),
                  columnWidth: 40,
                  fixed: 'left',
                }
              : undefined
          }
          rowClassName={(c) => caseRowClass(c.openStep?.colour, { fresh: fresh.has(c.id), failed: failedIds.has(c.id) })}
          onRow={(c) => ({ onClick: (e: React.MouseEvent) => !(e.target as HTMLElement).closest('a, button, input, label, .ant-table-selection-column') && navigate(`/cases/${c.id}`) })}
          pagination={{
            current: view.page,
            pageSize: view.pageSize,
            total,
            showSizeChanger: true,
            pageSizeOptions: PAGE_SIZES.map(String),
            showTotal: () => totalText,
            showQuickJumper: total > view.pageSize * 5,
          }}
          onChange={(p, _f, sorter) => {
            const s = Array.isArray(sorter) ? sorter[0] : sorter;
            const sort = s?.order && s.columnKey === 'timeLeft' ? 'dueAt' : 'reportedAt';
            const size = p.pageSize ?? view.pageSize;
            const resetPage = size !== view.pageSize || sort !== view.sort;
            onView({ page: resetPage ? 1 : (p.current ?? 1), pageSize: size, sort });
          }}
        />
      )}
    </Flex>
  );
}
