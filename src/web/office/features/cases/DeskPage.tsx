/**
 * 单位工作台: a handling unit's day. Its figures at the top (due today, overdue, handled this week on time and late,
 * requests pending); then the unit's cases by deadline with the server's time left, one tab per stage (待签收 / 处置中 /
 * 延期·回退·挂账待批), filtered to what the unit's leader gave the caller, a category, or the overdue; a row opens the
 * case beside the list with its actions. Tab, filters, page and the open case are in the URL.
 */
import { useMemo, type Key } from 'react';
import { Badge, Button, Card, Checkbox, Empty, Flex, Segmented, Select, Space, Table, Tabs, Tooltip, Typography } from 'antd';
import type { TablePaginationConfig } from 'antd';
import type { ColumnsType, SorterResult } from 'antd/es/table/interface';
import { ReloadOutlined, TeamOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { CasePlace } from '../../../common/components/CasePlace.tsx';
import { ApiErrorAlert } from '../../../common/components/ApiErrorAlert.tsx';
import { CaseStatusTag, UrgencyTag } from '../../../common/components/CaseStatusTag.tsx';
import { CASE_TABLE_CLASS, caseRowClass } from '../../../common/components/caseTable.ts';
import { ContrastTheme } from '../../../common/components/ContrastTheme.tsx';
import { Outcome } from '../../../common/components/Outcome.tsx';
import { TimeLeft } from '../../../common/components/TimeLeft.tsx';
import { useAllCategories, useDivisionNames } from '../../../common/components/useReference.ts';
import { inShanghai } from '../../../common/format/datetime.ts';
import { useI18n } from '../../../common/i18n/i18n.tsx';
import { hasRole, useMe } from '../../../common/session/session.tsx';
import { DESK_TABS, useDeskCases, useDeskMembers, useDeskSummary, useDeskTabCount, type DeskCase, type DeskFilter, type DeskMember, type DeskTab } from './desk/api.ts';
import { DeskCards } from './desk/DeskCards.tsx';
import { DeskPanel } from './desk/DeskPanel.tsx';
import './desk/desk.css';
import './detail/detail.css';

const PAGE_SIZE = 20;
const TABS = Object.keys(DESK_TABS) as DeskTab[];
const TAB_LABEL = { accept: 'desk.tabAccept', handle: 'desk.tabHandle', requests: 'desk.tabRequests' } as const;
const EMPTY = { accept: 'desk.emptyAccept', handle: 'desk.emptyHandle', requests: 'desk.emptyRequests' } as const;

function useView() {
  const [params, setParams] = useSearchParams();
  const tabParam = params.get('tab');
  const f: DeskFilter = {
    tab: tabParam && (TABS as string[]).includes(tabParam) ? (tabParam as DeskTab) : 'accept',
    mine: params.get('scope') === 'mine',
    categoryCode: params.get('category') || undefined,
    overdue: params.get('overdue') === '1',
    sort: params.get('sort') === 'reportedAt' ? 'reportedAt' : 'dueAt',
    page: Math.max(1, Number(params.get('page')) || 1),
    pageSize: PAGE_SIZE,
  };
  const open = Number(params.get('case')) || null;
  const set = (next: Partial<DeskFilter> & { open?: number | null }) => {
    const v = { ...f, open, ...next };
    const p = new URLSearchParams();
    if (v.tab !== 'accept') p.set('tab', v.tab);
    if (v.mine) p.set('scope', 'mine');
    if (v.categoryCode) p.set('category', v.categoryCode);
    if (v.overdue) p.set('overdue', '1');
    if (v.sort !== 'dueAt') p.set('sort', v.sort);
    if (v.page > 1) p.set('page', String(v.page));
    if (v.open) p.set('case', String(v.open));
    setParams(p);
  };
  return { f, open, set };
}

function TabTitle({ unitId, tab, f }: { unitId: number | null; tab: DeskTab; f: DeskFilter }) {
  const { t } = useI18n();
  const n = useDeskTabCount(unitId, tab, { mine: f.mine, categoryCode: f.categoryCode, overdue: f.overdue });
  const total = n.data ? (n.data.exact ? String(n.data.total) : `${n.data.total}+`) : '';
  return (
    <span data-tab={tab} data-count={n.data?.total}>
      {t(TAB_LABEL[tab])} {total && <Badge count={total} showZero color={n.data?.total ? '#1456c8' : '#8c8c8c'} style={{ marginInlineStart: 4 }} />}
    </span>
  );
}

function columns(i18n: ReturnType<typeof useI18n>, members: ReadonlyMap<number, DeskMember>, names: ReadonlyMap<string, string>, sort: DeskFilter['sort'], onOpen: (id: number) => void): ColumnsType<DeskCase> {
  const { t } = i18n;
  return [
    {
      key: 'number',
      title: t('desk.colNumber'),
      width: 160,
      render: (_, c) => (
        <div>
          <Button type="link" className="gc-case-no" style={{ padding: 0, height: 'auto' }} onClick={(e) => { e.stopPropagation(); onOpen(c.id); }} aria-label={t('desk.openRow', { no: c.trackingNo })}>
            {c.trackingNo}
          </Button>
          <div className="gc-sub">{c.caseNo ?? t('desk.notFiled')}</div>
        </div>
      ),
    },
    {
      key: 'category',
      title: t('desk.colCategory'),
      render: (_, c) => (
        <div style={{ minWidth: 0 }}>
          <div className="gc-clip" title={c.category.name}>{c.urgency === 'urgent' && <UrgencyTag urgency={c.urgency} />}{c.category.name}</div>
          <div className="gc-clip gc-sub" title={c.description}>{c.description}</div>
        </div>
      ),
    },
    {
      key: 'place',
      title: t('desk.colPlace'),
      render: (_, c) => <CasePlace location={c.location} names={names} />,
    },
    { key: 'status', title: t('desk.colStatus'), width: 112, render: (_, c) => <CaseStatusTag status={c.status} /> },
    {
      key: 'urges',
      title: t('desk.colUrges'),
      width: 96,
      render: (_, c) => (c.urgeCount > 0 ? <span className="gc-urge-badge" data-urges={c.urgeCount}>{t('desk.urgeBadge', { n: c.urgeCount })}</span> : <span className="gc-sub">—</span>),
    },
    {
      key: 'assignee',
      title: t('desk.colAssignee'),
      width: 104,
      render: (_, c) => (c.assigneeUserId !== null ? <span data-assignee={c.assigneeUserId}>{members.get(c.assigneeUserId)?.displayName ?? `#${c.assigneeUserId}`}</span> : <span className="gc-sub">{t('desk.wholeUnit')}</span>),
    },
    {
      key: 'dueAt',
      title: t('desk.colTimeLeft'),
      width: 150,
      sorter: true,
      sortOrder: sort === 'dueAt' ? 'ascend' : null,
      sortDirections: ['ascend'],
      render: (_, c) => (c.openStep ? <TimeLeft timeLeft={c.openStep.timeLeft} colour={c.openStep.colour} dueAt={c.openStep.dueAt} /> : <span className="gc-sub">—</span>),
    },
    {
      key: 'reportedAt',
      title: t('desk.colReportedAt'),
      width: 112,
      sorter: true,
      sortOrder: sort === 'reportedAt' ? 'descend' : null,
      sortDirections: ['descend'],
      render: (_, c) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{inShanghai(c.reportedAt).format('MM-DD HH:mm')}</span>,
    },
  ];
}

export default function DeskPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const me = useMe();
  const qc = useQueryClient();
  const { f, open, set } = useView();
  const works = hasRole(me, 'handler', 'officer') && me.unitId !== null;
  const summary = useDeskSummary();
  const membersQ = useDeskMembers(works);
  const members = useMemo(() => new Map((membersQ.data ?? []).map((m) => [m.id, m])), [membersQ.data]);
  const cats = useAllCategories();
  const names = useDivisionNames();
  const list = useDeskCases(works ? me.unitId : null, f);

  if (!works) {
    return <Outcome role="status" icon={<TeamOutlined style={{ color: '#8c8c8c' }} />} title={t('desk.noUnitTitle')} subTitle={t('desk.noUnitBody')} />;
  }
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['cases', 'desk'] });
    void qc.invalidateQueries({ queryKey: ['queueSummary'] });
  };
  const filtered = f.mine || !!f.categoryCode || f.overdue;
  const pagination: TablePaginationConfig = {
    current: f.page,
    pageSize: PAGE_SIZE,
    total: list.data?.total ?? 0,
    showSizeChanger: false,
    showTotal: (n) => t(list.data?.totalExact === false ? 'desk.totalMore' : 'desk.total', { n }),
  };
  const onTable = (p: TablePaginationConfig, _f: Record<string, (Key | boolean)[] | null>, s: SorterResult<DeskCase> | SorterResult<DeskCase>[]) => {
    const sorter = Array.isArray(s) ? s[0] : s;
    const sort = sorter?.columnKey === 'reportedAt' && sorter.order ? 'reportedAt' : 'dueAt';
    set({ page: sort !== f.sort ? 1 : p.current ?? 1, sort });
  };
  const lead = summary.data?.unitLead ?? me.unitLead;

  return (
    <ContrastTheme>
      <Flex vertical gap={16} className="gc-desk">
        <Flex justify="space-between" align="center" wrap gap={8}>
          <Typography.Title level={2} style={{ margin: 0, fontSize: 18 }}>
            {t('desk.greeting', { unit: summary.data?.unit.name ?? '', name: me.displayName, lead: lead ? t('desk.leadSuffix') : '' })}
          </Typography.Title>
          <Tooltip title={t('desk.refresh')}>
            <Button icon={<ReloadOutlined spin={list.isFetching && !list.isPending} aria-hidden />} onClick={refresh} aria-label={t('desk.refresh')} />
          </Tooltip>
        </Flex>
        <DeskCards summary={summary.data} loading={summary.isPending} />
        {summary.isError && !summary.data && <ApiErrorAlert error={summary.error} onRetry={() => void summary.refetch()} />}
        <Card size="small" styles={{ body: { paddingTop: 8 } }}>
          <Flex gap={16} wrap align="center" style={{ marginBottom: 4 }}>
            <Segmented
              aria-label={t('desk.scopeLabel')}
              value={f.mine ? 'mine' : 'unit'}
              onChange={(v) => set({ mine: v === 'mine', page: 1 })}
              options={[{ value: 'unit', label: t('desk.scopeUnit') }, { value: 'mine', label: t('desk.scopeMine') }]}
              data-testid="desk-scope"
            />
            <Space size={6}>
              <label htmlFor="desk-category">{t('desk.categoryLabel')}</label>
              <Select
                id="desk-category"
                style={{ width: 220 }}
                allowClear
                placeholder={t('desk.categoryAll')}
                value={f.categoryCode}
                onChange={(v?: string) => set({ categoryCode: v || undefined, page: 1 })}
                showSearch={{ optionFilterProp: 'label' }}
                loading={cats.isPending}
                options={(cats.data ?? []).map((c) => ({ value: c.code, label: `${c.name}（${c.code}）` }))}
              />
            </Space>
            <Checkbox checked={f.overdue} onChange={(e) => set({ overdue: e.target.checked, page: 1 })} data-testid="desk-overdue-only">{t('desk.overdueOnly')}</Checkbox>
          </Flex>
          <Tabs
            activeKey={f.tab}
            onChange={(k) => set({ tab: k as DeskTab, page: 1 })}
            items={TABS.map((tab) => ({ key: tab, label: <TabTitle unitId={me.unitId} tab={tab} f={f} /> }))}
          />
          {list.isError && !list.data ? (
            <ApiErrorAlert error={list.error} onRetry={() => void list.refetch()} />
          ) : (
            <div data-testid="desk-table" data-ready={String(!!list.data && !list.isPlaceholderData)} data-tab={f.tab}>
              <Table<DeskCase>
                className={CASE_TABLE_CLASS}
                rowKey="id"
                size="middle"
                loading={list.isPending}
                dataSource={list.data?.items ?? []}
                columns={columns(i18n, members, names, f.sort, (id) => set({ open: id }))}
                pagination={pagination}
                onChange={onTable}
                aria-label={t('desk.tableLabel')}
                rowClassName={(c) => [caseRowClass(c.openStep?.colour), open === c.id ? 'gc-row-open' : ''].filter(Boolean).join(' ')}
                onRow={(c) => ({ onClick: () => set({ open: c.id }), style: { cursor: 'pointer' }, 'data-case': c.id } as React.HTMLAttributes<HTMLElement>)}
                locale={{
                  emptyText: (
                    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={filtered ? t('desk.emptyFiltered') : t(EMPTY[f.tab])}>
                      {filtered && <Button onClick={() => set({ mine: false, categoryCode: undefined, overdue: false, page: 1 })}>{t('desk.clearFilters')}</Button>}
                    </Empty>
                  ),
                }}
              />
            </div>
          )}
        </Card>
        <DeskPanel id={open} members={members} membersFailed={membersQ.isError} onClose={() => set({ open: null })} />
      </Flex>
    </ContrastTheme>
  );
}
