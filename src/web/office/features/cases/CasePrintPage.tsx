/**
 * 案件处理单 / 派遣单: the case on one A4 sheet — facts, photos, step records, the whole history and the
 * signature lines — for the paper file a bureau still keeps. The app chrome is hidden when printing.
 */
import { Button, Result, Skeleton, Space, Typography } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { useNavigate, useParams } from 'react-router';
import { ApiErrorAlert } from '../../../common/components/ApiErrorAlert.tsx';
import { inShanghai } from '../../../common/format/datetime.ts';
import { useI18n } from '../../../common/i18n/i18n.tsx';
import { useMe } from '../../../common/session/session.tsx';
import { useCaseDetail } from './detail/api.ts';
import { CaseFacts } from './detail/CaseFacts.tsx';
import { CasePhotos } from './detail/CasePhotos.tsx';
import { CaseTimeline } from './detail/CaseTimeline.tsx';
import { StepTable } from './detail/StepTable.tsx';
import './detail/detail.css';
import './print.css';

const SIGNERS = ['caseDetail.signDispatcher', 'caseDetail.signReceiver', 'caseDetail.signHandler', 'caseDetail.signChecker', 'caseDetail.signCloser'] as const;

export default function CasePrintPage() {
  const { t } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const id = Number(useParams().id);
  const q = useCaseDetail(id);
  if (!Number.isSafeInteger(id) || id <= 0) return <Result status="404" title={t('common.notFoundTitle')} />;
  if (q.isPending) return <Skeleton active paragraph={{ rows: 12 }} />;
  if (q.isError) return <ApiErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  const c = q.data;
  return (
    <div className="gc-print">
      <Space className="gc-no-print" style={{ marginBottom: 16 }}>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>{t('caseDetail.printButton')}</Button>
        <Button onClick={() => navigate(`/cases/${c.id}`)}>{t('caseDetail.printBack')}</Button>
        <Typography.Text type="secondary">{t('caseDetail.printHint')}</Typography.Text>
      </Space>
      <article className="gc-print-sheet">
        <header className="gc-print-head">
          <Typography.Title level={2} style={{ margin: 0 }}>{t('caseDetail.printTitle')}<span className="gc-print-sub">{t('caseDetail.printSubtitle')}</span></Typography.Title>
          <div className="gc-print-meta">
            <span>{t('caseDetail.org')}</span>
            <span>{t('caseDetail.printedAt', { time: inShanghai(Date.now()).format('YYYY-MM-DD HH:mm') })}</span>
            <span>{t('caseDetail.printedBy', { name: me.displayName })}</span>
          </div>
        </header>
        <section>
          <h3>{t('caseDetail.printFacts')}</h3>
          <CaseFacts c={c} />
        </section>
        <section>
          <h3>{t('caseDetail.printPhotos')}</h3>
          <CasePhotos c={c} size={96} />
        </section>
        <section>
          <h3>{t('caseDetail.printSteps')}</h3>
          <StepTable steps={c.steps} compact />
        </section>
        <section>
          <h3>{t('caseDetail.printTimeline')}</h3>
          <CaseTimeline events={c.timeline} />
        </section>
        <section>
          <h3>{t('caseDetail.printSignatures')}</h3>
          <table className="gc-print-signs">
            <tbody>
              {SIGNERS.map((k) => (
                <tr key={k}>
                  <th scope="row">{t(k)}</th>
                  <td>{t('caseDetail.signature')}</td>
                  <td>{t('caseDetail.signDate')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </article>
    </div>
  );
}
