/**
 * The case a call was merged into, as it is now — what the receiver tells the caller (“this is already
 * being handled: 处置中 since …”). Under the case's own query key, so the live stream keeps it current.
 */
import { Card, Descriptions, Skeleton, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { inShanghai } from '../../../common/format/datetime.ts';
import { STATUS_LABELS } from '../../../../shared/cases/workflow.ts';
import { URGENCY_LABELS } from '../../../../shared/api/vocabulary.ts';
import { api } from '../../../common/api/client.ts';
import { ApiErrorAlert } from '../../../common/components/ApiErrorAlert.tsx';
import { useI18n } from '../../../common/i18n/i18n.tsx';
import type { CaseDetail } from './api.ts';

export function OriginalCase({ id }: { id: number }) {
  const { t, label } = useI18n();
  const q = useQuery({ queryKey: ['case', id], queryFn: () => api<CaseDetail>(`/api/cases/${id}`) });
  return (
    <Card size="small" title={t('intake.originalTitle')}>
      {q.isPending ? (
        <Skeleton active paragraph={{ rows: 3 }} />
      ) : q.isError ? (
        <ApiErrorAlert error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <Descriptions
          size="small"
          column={3}
          items={[
            { key: 'no', label: t('intake.trackingNo'), children: q.data.trackingNo },
            { key: 'status', label: t('intake.status'), children: <Tag color="processing">{label(STATUS_LABELS[q.data.status])}</Tag> },
            { key: 'urgency', label: t('intake.urgency'), children: label(URGENCY_LABELS[q.data.urgency]) },
            { key: 'category', label: t('intake.category'), children: q.data.category.name },
            { key: 'reportedAt', label: t('intake.reportedAt'), children: inShanghai(q.data.reportedAt).format('YYYY-MM-DD HH:mm') },
            { key: 'address', label: t('intake.address'), children: q.data.location.address || q.data.location.gridCode },
            { key: 'description', label: t('intake.description'), span: 3, children: q.data.description },
          ]}
        />
      )}
    </Card>
  );
}
