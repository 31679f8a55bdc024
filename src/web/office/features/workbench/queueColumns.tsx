/**
 * The queue table's columns: what a centre operator scans to pick the next task. Long texts are cut by CSS
 * (`gc-clip`) with the whole text as the title: antd's measuring ellipsis costs a layout pass per cell, 150
 * of them on a page of 50.
 */
import type { ColumnsType, SortOrder } from 'antd/es/table/interface';
import { inShanghai } from '../../../common/format/datetime.ts';
import { Link } from 'react-router';
import { SOURCE_LABELS, STEP_LABELS } from '../../../../shared/api/vocabulary.ts';
import { CasePlace } from '../../../common/components/CasePlace.tsx';
import { CaseStatusTag, UrgencyTag } from '../../../common/components/CaseStatusTag.tsx';
import { TimeLeft } from '../../../common/components/TimeLeft.tsx';
import type { I18n } from '../../../common/i18n/i18n.tsx';
import type { QueueItem } from './api.ts';

export type QueueSort = 'dueAt' | 'reportedAt' | '';

interface Opts {
  i18n: I18n;
  names: ReadonlyMap<string, string>;
  showStep: boolean;
  sort: QueueSort;
}

const ellipsis = { showTitle: false } as const;

export function queueColumns({ i18n: { t, label }, names, showStep, sort }: Opts): ColumnsType<QueueItem> {
  const order = (k: QueueSort): SortOrder => (sort === k ? 'ascend' : null);
  const cols: ColumnsType<QueueItem> = [
    {
      key: 'number',
      title: t('workbench.colNumber'),
      width: 150,
      render: (_, { case: c }) => (
        <div>
          <Link className="gc-case-no" to={`/cases/${c.id}`}>{c.trackingNo}</Link>
          <div className="gc-sub">{c.caseNo ?? t('workbench.notFiled')}</div>
        </div>
      ),
    },
  ];
  if (showStep) cols.push({ key: 'step', title: t('workbench.colStep'), width: 84, render: (_, it) => label(STEP_LABELS[it.step.step]) });
  cols.push(
    {
      key: 'category',
      title: t('workbench.colCategory'),
      ellipsis,
      render: (_, { case: c }) => (
        <div style={{ minWidth: 0 }}>
          <div className="gc-clip" title={c.category.name}>{c.category.name}</div>
          <div className="gc-clip gc-sub" title={c.description}>{c.description}</div>
        </div>
      ),
    },
    {
      key: 'place',
      title: t('workbench.colPlace'),
      ellipsis,
      render: (_, { case: c }) => <CasePlace location={c.location} names={names} />,
    },
    { key: 'source', title: t('workbench.colSource'), width: 96, render: (_, { case: c }) => label(SOURCE_LABELS[c.source]) },
    { key: 'urgency', title: t('workbench.colUrgency'), width: 78, render: (_, { case: c }) => <UrgencyTag urgency={c.urgency} /> },
    { key: 'status', title: t('workbench.colStatus'), width: 116, render: (_, { case: c }) => <CaseStatusTag status={c.status} /> },
    {
      key: 'dueAt',
      title: t('workbench.colTimeLeft'),
      width: 150,
      sorter: true,
      sortOrder: order('dueAt'),
      sortDirections: ['ascend'],
      render: (_, it) => <TimeLeft timeLeft={it.step.timeLeft} colour={it.colour} dueAt={it.dueAt} />,
    },
    {
      key: 'reportedAt',
      title: t('workbench.colReportedAt'),
      width: 112,
      sorter: true,
      sortOrder: order('reportedAt'),
      sortDirections: ['ascend'],
      render: (_, { case: c }) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{inShanghai(c.reportedAt).format('MM-DD HH:mm')}</span>,
    },
  );
  return cols;
}

/** Sorting a page the server ordered (urgent first, then by deadline): by deadline or by report time, oldest first. */
export function sortItems(items: readonly QueueItem[], sort: QueueSort): QueueItem[] {
  if (!sort) return [...items];
  const at = (it: QueueItem) => Date.parse(sort === 'dueAt' ? it.dueAt : it.case.reportedAt);
  return [...items].sort((a, b) => at(a) - at(b) || a.case.id - b.case.id);
}
