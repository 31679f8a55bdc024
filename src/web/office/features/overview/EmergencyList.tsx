/** The district's emergencies not yet finished (the list the 紧急在办 figure links to), newest first. */
import { Flex, Table, Typography } from 'antd';
import { Link } from 'react-router';
import { ApiErrorAlert } from '../../../common/components/ApiErrorAlert.tsx';
import { CaseStatusTag } from '../../../common/components/CaseStatusTag.tsx';
import { useDivisionNames } from '../../../common/components/useReference.ts';
import { inShanghai } from '../../../common/format/datetime.ts';
import { useI18n } from '../../../common/i18n/i18n.tsx';
import { casesHref, useOpenEmergencies, type Overview } from './api.ts';

type Row = NonNullable<ReturnType<typeof useOpenEmergencies>['data']>['items'][number];

export function EmergencyList({ data }: { data: Overview }) {
  const { t } = useI18n();
  const names = useDivisionNames();
  const district = data.district!.code;
  const q = useOpenEmergencies(district);
  if (q.isError) return <ApiErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  const total = q.data?.total ?? 0;
  return (
    <Flex vertical gap={8}>
      <Table<Row>
        size="small"
        rowKey="id"
        loading={q.isPending}
        dataSource={q.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('overview.emergenciesNone') }}
        data-testid="overview-emergencies"
        columns={[
          {
            key: 'no', title: t('overview.colNumber'), width: 150,
            render: (_, c) => (
              <Flex vertical>
                <Link to={`/cases/${c.id}`}>{c.trackingNo}</Link>
                {c.caseNo && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{c.caseNo}</Typography.Text>}
              </Flex>
            ),
          },
          { key: 'category', title: t('overview.colCategory'), render: (_, c) => c.category.name },
          {
            key: 'place', title: t('overview.colPlace'), ellipsis: true,
            render: (_, c) => (
              <Flex vertical style={{ minWidth: 0 }}>
                <Typography.Text ellipsis>{c.location.address || '—'}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>{names.get(c.location.streetCode) ?? c.location.streetCode}</Typography.Text>
              </Flex>
            ),
          },
          { key: 'status', title: t('overview.colStatus'), width: 110, render: (_, c) => <CaseStatusTag status={c.status} /> },
          { key: 'reportedAt', title: t('overview.colReportedAt'), width: 120, render: (_, c) => inShanghai(c.reportedAt).format('MM-DD HH:mm') },
          { key: 'urges', title: t('overview.colUrges'), width: 70, align: 'right', render: (_, c) => (c.urgeCount ? <span title={t('overview.urgedTimes', { n: c.urgeCount })}>{c.urgeCount}</span> : '—') },
        ]}
      />
      {total > (q.data?.items.length ?? 0) && (
        <Link to={casesHref('urgentOpen', { districtCode: district, from: data.from, to: data.to })} style={{ alignSelf: 'flex-end' }}>
          {t('overview.emergenciesAll', { n: total.toLocaleString() })}
        </Link>
      )}
    </Flex>
  );
}
