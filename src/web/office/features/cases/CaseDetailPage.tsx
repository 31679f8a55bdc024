/**
 * 案件详情: the facts, the reporter, photos, position, the whole history and the step records, possible
 * duplicates, and a form for every action the user may take now. The case is ['case', id]: the live
 * stream invalidates it, so the page shows the case as it is without a reload.
 */
import { Badge, Button, Card, Col, ConfigProvider, Result, Row, Skeleton, Space, Tabs } from 'antd';
import { useNavigate, useParams } from 'react-router';
import { isFinal } from '../../../../shared/cases/workflow.ts';
import { ApiError } from '../../../common/api/client.ts';
import { ApiErrorAlert } from '../../../common/components/ApiErrorAlert.tsx';
import { useI18n } from '../../../common/i18n/i18n.tsx';
import { useCaseDetail, useDuplicates, type CaseDetail } from './detail/api.ts';
import { AlertBanner } from './detail/AlertBanner.tsx';
import { CaseFacts } from './detail/CaseFacts.tsx';
import { CaseHeader } from './detail/CaseHeader.tsx';
import { CasePhotos } from './detail/CasePhotos.tsx';
import { CasePosition } from './detail/CasePosition.tsx';
import { CaseTimeline } from './detail/CaseTimeline.tsx';
import { CurrentStep } from './detail/CurrentStep.tsx';
import { DuplicatesPanel } from './detail/DuplicatesPanel.tsx';
import { ReporterCard } from './detail/ReporterCard.tsx';
import { StepTable } from './detail/StepTable.tsx';
import './detail/detail.css';

function HistoryTabs({ c }: { c: CaseDetail }) {
  const { t } = useI18n();
  const open = !isFinal(c.status);
  const dups = useDuplicates(c.id, open);
  const n = dups.data?.items.length ?? 0;
  const items = [
    { key: 'timeline', label: t('caseDetail.tabTimeline'), children: <CaseTimeline events={c.timeline} /> },
    { key: 'steps', label: t('caseDetail.tabSteps'), children: <StepTable steps={c.steps} /> },
    ...(open
      ? [{ key: 'duplicates', label: <Space size={6}>{t('caseDetail.tabDuplicates')}<Badge count={n} size="small" color="#ad4e00" /></Space>, children: <DuplicatesPanel c={c} /> }]
      : []),
  ];
  return (
    <Card size="small">
      <Tabs items={items} />
    </Card>
  );
}

function DetailSkeleton() {
  return (
    <Space vertical size={16} style={{ width: '100%' }}>
      <Card size="small"><Skeleton active title paragraph={{ rows: 1 }} /></Card>
      <Row gutter={16}>
        <Col span={16}><Card size="small"><Skeleton active paragraph={{ rows: 8 }} /></Card></Col>
        <Col span={8}><Card size="small"><Skeleton active paragraph={{ rows: 8 }} /></Card></Col>
      </Row>
    </Space>
  );
}

export default function CaseDetailPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const id = Number(useParams().id);
  const q = useCaseDetail(id);

  if (q.isLoading) return <DetailSkeleton />;
  if (!q.data) {
    if ((q.error instanceof ApiError && q.error.status === 404) || !Number.isInteger(id)) {
      return <Result status="404" title={t('caseDetail.notFoundTitle')} subTitle={t('caseDetail.notFoundBody')} extra={<Button type="primary" onClick={() => navigate('/cases')}>{t('caseDetail.backToList')}</Button>} />;
    }
    return <ApiErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  }
  const c = q.data;
  return (
    // A deeper red for danger buttons (作废, 确认警报): antd's default fails 4.5:1 contrast with white text.
    <ConfigProvider theme={{ token: { colorError: '#c4161c' } }}>
      <div className="gc-case-detail" data-case={c.id} data-version={c.version} data-status={c.status}>
        <Space vertical size={16} style={{ width: '100%' }}>
          <CaseHeader c={c} refreshing={q.isFetching} onRefresh={() => void q.refetch()} />
          <AlertBanner c={c} />
          {q.error && <ApiErrorAlert error={q.error} onRetry={() => void q.refetch()} />}
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={16}>
              <Space vertical size={16} style={{ width: '100%' }}>
                <CaseFacts c={c} />
                <CasePhotos c={c} />
              </Space>
            </Col>
            <Col xs={24} xl={8}>
              <Space vertical size={16} style={{ width: '100%' }}>
                <CurrentStep c={c} />
                <ReporterCard c={c} />
                <CasePosition c={c} />
              </Space>
            </Col>
          </Row>
          <HistoryTabs c={c} />
        </Space>
      </div>
    </ConfigProvider>
  );
}
