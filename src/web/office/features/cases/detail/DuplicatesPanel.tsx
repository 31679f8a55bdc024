/**
 * Possible duplicates beside this case (same category, nearby, recent, open — the server's rule), with
 * "merge into this case" when the user may merge: this case then ends as a duplicate of the one chosen.
 */
import { useState } from 'react';
import { Alert, Button, Card, Col, Empty, Row, Skeleton, Space, Typography } from 'antd';
import { Link } from 'react-router';
import { useI18n } from '../../../../common/i18n/i18n.tsx';
import { ApiErrorAlert } from '../../../../common/components/ApiErrorAlert.tsx';
import { CaseStatusTag } from '../../../../common/components/CaseStatusTag.tsx';
import type { CaseStatus } from '../../../../../shared/cases/workflow.ts';
import { useDuplicates, type CaseDetail, type Duplicate } from './api.ts';
import { formatTime } from './format.ts';
import { ActionForm } from './actions/ActionForm.tsx';
import { useConflictNotice } from './actions/ActionBar.tsx';

function Side({ title, no, status, description, at, extra, link }: { title: string; no: string; status: CaseStatus; description: string; at: string; extra?: React.ReactNode; link?: string }) {
  const { t } = useI18n();
  return (
    <Card size="small" title={<Space size={8}>{title}{link ? <Link to={link}>{no}</Link> : <Typography.Text strong>{no}</Typography.Text>}</Space>} extra={<CaseStatusTag status={status} />} >
      <Typography.Paragraph ellipsis={{ rows: 3, tooltip: description }} style={{ marginBottom: 8 }}>{description}</Typography.Paragraph>
      <Space size={16} wrap>
        <Typography.Text type="secondary">{t('caseDetail.labelValue', { label: t('caseDetail.reportedAt'), value: formatTime(at) })}</Typography.Text>
        {extra}
      </Space>
    </Card>
  );
}

export function DuplicatesPanel({ c }: { c: CaseDetail }) {
  const { t } = useI18n();
  const dups = useDuplicates(c.id, true);
  const [merging, setMerging] = useState<Duplicate | null>(null);
  const onConflict = useConflictNotice(c.id);
  const canMerge = c.allowedActions.includes('merge');
  if (dups.isLoading) return <Skeleton active />;
  if (dups.error) return <ApiErrorAlert error={dups.error} onRetry={() => void dups.refetch()} />;
  const items = dups.data?.items ?? [];
  if (items.length === 0) return <Empty description={t('caseDetail.dupNone')} />;
  return (
    <Space vertical size={12} style={{ width: '100%' }}>
      <Alert type="info" showIcon title={t('caseDetail.dupHint')} />
      <Row gutter={12}>
        <Col span={10}>
          <Side title={t('caseDetail.dupThis')} no={c.trackingNo} status={c.status} description={c.description} at={c.reportedAt} />
        </Col>
        <Col span={14}>
          <Space vertical size={12} style={{ width: '100%' }}>
            {items.map((d) => (
              <div key={d.id} data-duplicate={d.id}>
                <Side
                  title={t('caseDetail.dupOther')}
                  no={d.trackingNo}
                  link={`/cases/${d.id}`}
                  status={d.status}
                  description={d.description}
                  at={d.reportedAt}
                  extra={
                    <>
                      <Typography.Text type="secondary">{t('caseDetail.dupDistance', { m: Math.round(d.distanceM) })}</Typography.Text>
                      {canMerge && <Button size="small" type="primary" ghost onClick={() => setMerging(d)}>{t('caseDetail.dupMerge')}</Button>}
                    </>
                  }
                />
              </div>
            ))}
          </Space>
        </Col>
      </Row>
      {merging && (
        <ActionForm
          action="merge"
          current={c}
          initial={{ originalId: merging.id }}
          onClose={() => setMerging(null)}
          onConflict={(err) => {
            setMerging(null);
            onConflict(err);
          }}
        />
      )}
    </Space>
  );
}
