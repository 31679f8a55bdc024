/**
 * The case list's columns, each with a key the column choice stores (preferences.columns.cases). The
 * tracking number is always shown (it is the row's link); the rest the user picks.
 */
import { Typography } from 'antd';
import type { ColumnsType, SortOrder } from 'antd/es/table/interface';
import { inShanghai } from '../../../../common/format/datetime.ts';
import { Link } from 'react-router';
import { SOURCE_LABELS, STEP_LABELS } from '../../../../../shared/api/vocabulary.ts';
import { CaseStatusTag, UrgencyTag } from '../../../../common/components/CaseStatusTag.tsx';
import { TimeLeft } from '../../../../common/components/TimeLeft.tsx';
import type { I18n } from '../../../../common/i18n/i18n.tsx';
import type { MessageKey } from '../../../../common/i18n/catalogue.ts';
import type { CaseRow } from './api.ts';
import type { CaseSort } from './filters.ts';

export const COLUMN_KEYS = [
  'caseNo', 'category', 'description', 'address', 'street', 'community', 'grid', 'source', 'urgency', 'status', 'step', 'timeLeft',
  'reportedAt', 'filedAt', 'closedAt', 'unit', 'urgeCount',
] as const;
export type ColumnKey = (typeof COLUMN_KEYS)[number];
/** Fits 1440 px without scrolling; wider screens give the description the rest. */
export const DEFAULT_COLUMNS: readonly ColumnKey[] = ['category', 'description', 'address', 'urgency', 'status', 'timeLeft', 'reportedAt'];

export const COLUMN_TITLES: Record<ColumnKey, MessageKey> = {
  caseNo: 'caseList.colCaseNo',
  category: 'caseList.colCategory',
  description: 'caseList.colDescription',
  address: 'caseList.colAddress',
  street: 'caseList.colStreet',
  community: 'caseList.colCommunity',
  grid: 'caseList.colGrid',
  source: 'caseList.colSource',
  urgency: 'caseList.colUrgency',
  status: 'caseList.colStatus',
  step: 'caseList.colStep',
  timeLeft: 'caseList.colTimeLeft',
  reportedAt: 'caseList.colReportedAt',
  filedAt: 'caseList.colFiledAt',
  closedAt: 'caseList.colClosedAt',
  unit: 'caseList.colUnit',
  urgeCount: 'caseList.colUrgeCount',
};

/** The stored choice, cleaned of keys this version no longer has; the default when nothing is stored. */
export function chosenColumns(stored: readonly string[] | undefined): ColumnKey[] {
  const keys = (stored ?? []).filter((k): k is ColumnKey => (COLUMN_KEYS as readonly string[]).includes(k));
  return keys.length ? keys : [...DEFAULT_COLUMNS];
}

interface Opts {
  i18n: I18n;
  names: ReadonlyMap<string, string>;
  units: ReadonlyMap<number, string>;
  sort: CaseSort;
  shown: readonly ColumnKey[];
}

const ellipsis = { showTitle: false } as const;
const time = (v: string | null) => (v ? <span style={{ fontVariantNumeric: 'tabular-nums' }}>{inShanghai(v).format('YYYY-MM-DD HH:mm')}</span> : '—');
const clip = (s: string) => <Typography.Text ellipsis={{ tooltip: s }}>{s || '—'}</Typography.Text>;

export function caseColumns({ i18n: { t, label }, names, units, sort, shown }: Opts): ColumnsType<CaseRow> {
  const order = (k: CaseSort): SortOrder => (sort === k ? (k === 'reportedAt' ? 'descend' : 'ascend') : null);
  const all: Record<ColumnKey, ColumnsType<CaseRow>[number]> = {
    caseNo: { width: 130, render: (_, c) => c.caseNo ?? <span className="gc-sub">{t('caseList.notFiled')}</span> },
    category: { ellipsis, width: 150, render: (_, c) => clip(c.category.name) },
    description: { ellipsis, minWidth: 180, render: (_, c) => clip(c.description) },
    address: { ellipsis, width: 170, render: (_, c) => clip(c.location.address || (names.get(c.location.communityCode) ?? '')) },
    street: { width: 108, render: (_, c) => names.get(c.location.streetCode) ?? c.location.streetCode },
    community: { ellipsis, width: 160, render: (_, c) => clip(names.get(c.location.communityCode) ?? c.location.communityCode) },
    grid: { width: 150, render: (_, c) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{c.location.gridCode}</span> },
    source: { width: 96, render: (_, c) => label(SOURCE_LABELS[c.source]) },
    urgency: { width: 80, render: (_, c) => <UrgencyTag urgency={c.urgency} /> },
    status: { width: 108, render: (_, c) => <CaseStatusTag status={c.status} /> },
    step: { width: 80, render: (_, c) => (c.openStep ? label(STEP_LABELS[c.openStep.step]) : '—') },
    timeLeft: {
      width: 140,
      sorter: true,
      sortOrder: order('dueAt'),
      sortDirections: ['ascend'],
      render: (_, c) => (c.openStep ? <TimeLeft timeLeft={c.openStep.timeLeft} colour={c.openStep.colour} dueAt={c.openStep.dueAt} /> : '—'),
    },
    reportedAt: { width: 140, sorter: true, sortOrder: order('reportedAt'), sortDirections: ['descend'], render: (_, c) => time(c.reportedAt) },
    filedAt: { width: 140, render: (_, c) => time(c.filedAt) },
    closedAt: { width: 140, render: (_, c) => time(c.closedAt) },
    unit: { ellipsis, width: 180, render: (_, c) => clip(c.leadUnitId ? (units.get(c.leadUnitId) ?? String(c.leadUnitId)) : '') },
    urgeCount: { width: 84, align: 'right', render: (_, c) => c.urgeCount || '—' },
  };
  const first: ColumnsType<CaseRow>[number] = {
    key: 'trackingNo',
    title: t('caseList.colTrackingNo'),
    width: 130,
    fixed: 'left',
    render: (_, c) => <Link className="gc-case-no" to={`/cases/${c.id}`}>{c.trackingNo}</Link>,
  };
  return [first, ...shown.map((k) => ({ ...all[k], key: k, title: t(COLUMN_TITLES[k]) }))];
}

/** The table's scroll width: the columns' widths (the description counted at its minimum). */
export function columnsWidth(cols: ColumnsType<CaseRow>): number {
  return cols.reduce((n, c) => n + (typeof c.width === 'number' ? c.width : (c.minWidth ?? 180)), 40);
}
