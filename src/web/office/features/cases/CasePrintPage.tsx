/**
 * 案件处理单（派遣单）: the case on one A4 sheet (or more) to print or save as PDF — the facts, photos, step
 * records, the history and lines to sign. On screen it shows as a sheet with a toolbar; printed, only the
 * sheet (office.css hides the menu and header, print.css the toolbar).
 */
import { useState } from 'react';
import { Button, Result, Skeleton, Space, Typography } from 'antd';
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { useNavigate, useParams } from 'react-router';
import { ApiError } from '../../../common/api/client.ts';
import { ApiErrorAlert } from '../../../common/components/ApiErrorAlert.tsx';
import { useI18n } from '../../../common/i18n/i18n.tsx';
import { useMe } from '../../../common/session/session.tsx';
import { useCaseDetail } from './detail/api.ts';
import { formatTime } from './detail/format.ts';
import { PrintFacts, PrintPhotos, PrintSignatures, PrintSteps, PrintTimeline } from './print/PrintSections.tsx';
import './detail/detail.css';
import './print/print.css';

export default function CasePrintPage() {
  const { t } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const id = Number(useParams().id);
  const q = useCaseDetail(id);
  // The sheet states when it was printed; it does not count down (paper does not).
  const [now] = useState(Date.now);

  if (q.isLoading) return <div className="gc-print-sheet"><Skeleton active paragraph={{ rows: 12 }} /></div>;
  if (!q.data) {
    if (q.error instanceof ApiError && q.error.status === 404) return <Result status="404" title={t('caseDetail.notFoundTitle')} subTitle={t('caseDetail.notFoundBody')} />;
    return <ApiErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  }
  const c = q.data;
  return (
    <div className="gc-print-page">
      <div className="gc-print-toolbar gc-no-print">
        <Space>
          <Button icon={<ArrowLeftOutlined aria-hidden />} onClick={() => navigate(`/cases/${c.id}`)}>{t('caseDetail.printBack')}</Button>
          <Button type="primary" icon={<PrinterOutlined aria-hidden />} onClick={() => window.print()} data-testid="print-button">{t('caseDetail.printButton')}</Button>
        </Space>
        <Typography.Text type="secondary">{t('caseDetail.printHint')}</Typography.Text>
      </div>
      <article className="gc-print-sheet" aria-label={t('caseDetail.printTitle')}>
        <header className="gc-print-head">
          <div className="gc-print-org">{t('caseDetail.org')}</div>
          <h1>
            {t('caseDetail.printTitle')}
            <span className="gc-print-sub">{t('caseDetail.printSubtitle')}</span>
          </h1>
          <div className="gc-print-meta">
            <span>{t('caseDetail.labelValue', { label: t('caseDetail.trackingNo'), value: c.trackingNo })}</span>
            <span>{t('caseDetail.labelValue', { label: t('caseDetail.caseNo'), value: c.caseNo ?? t('caseDetail.notFiled') })}</span>
            <span>{t('caseDetail.printedAt', { time: formatTime(new Date(now).toISOString()) })}</span>
            <span>{t('caseDetail.printedBy', { name: me.displayName })}</span>
          </div>
        </header>
        <PrintFacts c={c} />
        <PrintPhotos c={c} />
        <PrintSteps c={c} now={now} />
        <PrintTimeline c={c} />
        <PrintSignatures />
      </article>
    </div>
  );
}
