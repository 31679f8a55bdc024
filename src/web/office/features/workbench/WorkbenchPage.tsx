/**
 * 工作台: the signed-in person's work — figures at the top, then one tab per step of their queue (the
 * steps come from the server's summary, with counts, urgent and overdue badges), each the queue as a
 * table; beside it on wide screens (below it under 1600 px) the map of the open cases in the person's area, which
 * loads its own code after the queue. Tab, page, page size and sort are in the URL (back button, reload
 * and sharing keep them).
 */
import { lazy, Suspense, useMemo } from 'react';
import { Button, Card, Col, Flex, Row, Skeleton, Space, Tabs, Tooltip, Typography } from 'antd';
import { EnvironmentOutlined, ReloadOutlined, SmileOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { STEP_KINDS, type StepKind } from '../../../../shared/cases/workflow.ts';
import { ROLE_LABELS } from '../../../../shared/roles.ts';
import { ApiErrorAlert } from '../../../common/components/ApiErrorAlert.tsx';
import { ContrastTheme } from '../../../common/components/ContrastTheme.tsx';
import { Outcome } from '../../../common/components/Outcome.tsx';
import { useI18n } from '../../../common/i18n/i18n.tsx';
import { hasRole, useMe } from '../../../common/session/session.tsx';
import { ALL, DEFAULT_PAGE_SIZE, useNearDue, useQueueSummary, type QueueTab } from './api.ts';
import { PAGE_SIZES, QueueTable } from './QueueTable.tsx';
import { SummaryCards } from './SummaryCards.tsx';
import { TabLabel } from './TabLabel.tsx';
import type { QueueSort } from './queueColumns.tsx';

const CENTRE = ['receiver', 'shiftLeader', 'dispatcher'] as const;

/** The map's code (MapLibre, the district's features) loads after the queue, never before it. */
const CasesMap = lazy(() => import('../../../common/map/CasesMap.tsx'));
const MAP_HEIGHT = 560;

function useView() {
  const [params, setParams] = useSearchParams();
  const tabParam = params.get('tab');
  const tab: QueueTab = tabParam && (STEP_KINDS as readonly string[]).includes(tabParam) ? (tabParam as StepKind) : ALL;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const sizeParam = Number(params.get('size'));
  const pageSize = (PAGE_SIZES as readonly number[]).includes(sizeParam) ? sizeParam : DEFAULT_PAGE_SIZE;
  const sortParam = params.get('sort');
  const sort: QueueSort = sortParam === 'dueAt' || sortParam === 'reportedAt' ? sortParam : '';
  const set = (next: { tab?: QueueTab; page?: number; pageSize?: number; sort?: QueueSort }) => {
    const v = { tab, page, pageSize, sort, ...next };
    const p = new URLSearchParams();
    if (v.tab !== ALL) p.set('tab', v.tab);
    if (v.page > 1) p.set('page', String(v.page));
    if (v.pageSize !== DEFAULT_PAGE_SIZE) p.set('size', String(v.pageSize));
    if (v.sort) p.set('sort', v.sort);
    setParams(p);
  };
  return { tab, page, pageSize, sort, set };
}

export default function WorkbenchPage() {
  const { t, label } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const view = useView();
  const summary = useQueueSummary();
  const steps = useMemo(() => summary.data?.steps.map((s) => s.step) ?? [], [summary.data]);
  const centre = hasRole(me, ...CENTRE);
  const nearDue = useNearDue(steps, centre);

  const tabs = useMemo(() => {
    const counts = summary.data?.steps ?? [];
    const all = { step: ALL, total: summary.data?.total ?? 0, overdue: summary.data?.overdue ?? 0, urgent: summary.data?.urgent ?? 0 } as const;
    const list: { step: QueueTab; total: number; overdue: number; urgent: number }[] = [all, ...counts];
    // The open tab stays even when its last task is done (the user is not moved away under their hands).
    if (view.tab !== ALL && !counts.some((c) => c.step === view.tab)) list.push({ step: view.tab, total: 0, overdue: 0, urgent: 0 });
    return list;
  }, [summary.data, view.tab]);

  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['queue'] });
    void qc.invalidateQueries({ queryKey: ['queueSummary'] });
  };
  const roles = me.roles.map((r) => label(ROLE_LABELS[r])).join('、');
  const nothing = summary.data && summary.data.total === 0 && view.tab === ALL;

  return (
    <ContrastTheme>
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Text type="secondary">{t('workbench.greeting', { name: me.displayName, roles })}</Typography.Text>
        <Space>
          <Tooltip title={t('workbench.refresh')}>
            <Button icon={<ReloadOutlined spin={summary.isFetching && !summary.isPending} />} onClick={refresh} aria-label={t('workbench.refresh')} />
          </Tooltip>
        </Space>
      </Flex>
      <SummaryCards summary={summary.data} nearDue={centre ? nearDue.data : undefined} loading={summary.isPending} />
      {summary.isError && !summary.data && <ApiErrorAlert error={summary.error} onRetry={() => void summary.refetch()} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} xxl={15}>
          <Card size="small" styles={{ body: { paddingTop: 4 } }}>
            {nothing ? (
              <div data-testid="queue-table" data-ready="true">
                <Outcome
                  role="status"
                  icon={<SmileOutlined style={{ color: '#389e0d' }} />}
                  title={centre || hasRole(me, 'supervisor', 'handler', 'officer') ? t('workbench.allDoneTitle') : t('workbench.noQueueTitle')}
                  subTitle={centre || hasRole(me, 'supervisor', 'handler', 'officer') ? t('workbench.allDoneBody') : t('workbench.noQueueBody')}
                  extra={<Button onClick={() => navigate('/cases')}>{t('workbench.openCaseList')}</Button>}
                />
              </div>
            ) : (
              <>
                <Tabs
                  activeKey={view.tab}
                  onChange={(k) => view.set({ tab: k as QueueTab, page: 1 })}
                  items={tabs.map((c) => ({
                    key: c.step,
                    label: <TabLabel step={c.step} total={c.total} overdue={c.overdue} urgent={c.urgent} />,
                  }))}
                />
                <QueueTable
                  key={view.tab}
                  tab={view.tab}
                  page={view.page}
                  pageSize={view.pageSize}
                  sort={view.sort}
                  countsShown={!!summary.data && !summary.isPlaceholderData}
                  onView={(v) => view.set(v)}
                />
              </>
            )}
          </Card>
        </Col>
        <Col xs={24} xxl={9}>
          <Card
            size="small"
            title={<Space size={6}><EnvironmentOutlined aria-hidden />{t('workbench.mapTitle')}</Space>}
            extra={<Link to="/map">{t('workbench.mapOpenFull')}</Link>}
            styles={{ body: { padding: 0 } }}
            style={{ position: 'sticky', top: 16 }}
          >
            <Suspense fallback={<Skeleton.Node active className="gc-map-skeleton" style={{ width: '100%', height: MAP_HEIGHT }} />}>
              <CasesMap height={MAP_HEIGHT} showLayers={false} showLegend={false} testId="map" />
            </Suspense>
          </Card>
        </Col>
      </Row>
    </Flex>
    </ContrastTheme>
  );
}
