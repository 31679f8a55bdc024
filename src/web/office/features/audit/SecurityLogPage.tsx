/**
 * 安全日志: the auditor reads the security log — filters in the URL, newest first, older pages by `beforeId`
 * (“加载更早的记录”), each record's detail in words with the full JSON a click away — and exports what the
 * filter selects as CSV (the export is itself recorded by the server). The administrator never gets here:
 * the menu hides it and the server refuses the data.
 */
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { App, Button, Card, Empty, Skeleton, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { DownloadOutlined, MinusSquareOutlined, PlusSquareOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { SECURITY_EVENT_LABELS, type SecurityEventKind } from '../../../../shared/api/vocabulary.ts';
import { securityEventSummary } from '../../../../shared/api/security-summary.ts';
import { ApiErrorAlert } from '../../../common/components/ApiErrorAlert.tsx';
import { inShanghai } from '../../../common/format/datetime.ts';
import { useI18n } from '../../../common/i18n/i18n.tsx';
import { exportUrl, useSecurityEvents, type LogFilter, type SecurityEvent } from './api.ts';
import { filterFromParams, filterToParams } from './log-filter.ts';
import { LogFilterForm } from './LogFilterForm.tsx';

/** Refusals and failures stand out; changes to accounts and powers are marked; the rest is routine (colours that keep 4.5:1 contrast). */
const KIND_COLOUR: Partial<Record<SecurityEventKind, string>> = {
  'login.failed': 'magenta',
  'login.locked': 'red',
  'login.rateLimited': 'red',
  'permission.denied': 'red',
  'csrf.rejected': 'red',
  'session.invalid': 'magenta',
  'apiToken.invalid': 'magenta',
  'user.created': 'blue',
  'user.disabled': 'blue',
  'user.enabled': 'blue',
  'user.rolesChanged': 'blue',
  'password.reset': 'blue',
  'apiToken.created': 'blue',
  'apiToken.revoked': 'blue',
  'case.contactRevealed': 'purple',
  'audit.verified': 'geekblue',
  'securityLog.exported': 'geekblue',
};

const mono = { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 12 } as const;

export default function SecurityLogPage() {
  const { t, label, lang } = useI18n();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const filter = useMemo(() => filterFromParams(params), [params]);
  const apply = (f: LogFilter) => setParams(filterToParams(f));
  const q = useSecurityEvents(filter);
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = Object.keys(filter).length > 0;

  const columns: TableColumnsType<SecurityEvent> = [
    {
      title: t('audit.colTime'),
      dataIndex: 'at',
      width: 170,
      sorter: (a, b) => a.id - b.id,
      defaultSortOrder: 'descend',
      sortDirections: ['descend', 'ascend', 'descend'],
      render: (v: string) => <span style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>{inShanghai(v).format('YYYY-MM-DD HH:mm:ss')}</span>,
    },
    {
      title: t('audit.colKind'),
      dataIndex: 'kind',
      width: 150,
      sorter: (a, b) => label(SECURITY_EVENT_LABELS[a.kind]).localeCompare(label(SECURITY_EVENT_LABELS[b.kind]), lang),
      render: (k: SecurityEventKind) => (
        <Tooltip title={k}>
          <Tag color={KIND_COLOUR[k]} data-kind={k}>{label(SECURITY_EVENT_LABELS[k]) || k}</Tag>
        </Tooltip>
      ),
    },
    {
      title: t('audit.colUser'),
      dataIndex: 'username',
      width: 150,
      sorter: (a, b) => (a.username ?? '').localeCompare(b.username ?? ''),
      render: (u: string | null) =>
        u ? (
          <Tooltip title={t('audit.filterByUser')}>
            <Button type="link" size="small" style={{ padding: 0, height: 'auto' }} onClick={() => apply({ ...filter, username: u })}>{u}</Button>
          </Tooltip>
        ) : (
          <Typography.Text type="secondary">{t('audit.noUser')}</Typography.Text>
        ),
    },
    { title: t('audit.colIp'), dataIndex: 'ip', width: 140, render: (v: string | null) => (v ? <span style={mono}>{v}</span> : '—') },
    {
      title: t('audit.colRequestId'),
      dataIndex: 'requestId',
      width: 200,
      ellipsis: true,
      render: (v: string | null) =>
        v ? (
          <Tooltip title={`${v} · ${t('audit.filterByRequest')}`}>
            <Button type="link" size="small" style={{ ...mono, padding: 0, height: 'auto' }} onClick={() => apply({ ...filter, requestId: v })}>{v}</Button>
          </Tooltip>
        ) : '—',
    },
    { title: t('audit.colSummary'), key: 'summary', render: (_, e) => securityEventSummary(e.kind, e.detail, lang) || '—' },
  ];

  return (
    <Card
      style={{ maxWidth: 1400 }}
      title={
        <Space>
          <SafetyCertificateOutlined aria-hidden />
          <h1 style={{ fontSize: 'inherit', margin: 0, fontWeight: 'inherit' }}>{t('audit.logTitle')}</h1>
        </Space>
      }
      extra={
        <Tooltip title={t('audit.exportHint')}>
          <Button
            icon={<DownloadOutlined aria-hidden />}
            href={exportUrl(filter)}
            download
            onClick={() => void message.info(t('audit.exportStarted'))}
            data-testid="log-export"
          >
            {t('audit.export')}
          </Button>
        </Tooltip>
      }
    >
      <Typography.Paragraph type="secondary">{t('audit.logIntro')}</Typography.Paragraph>
      <LogFilterForm filter={filter} onApply={apply} error={q.error} />
      {q.isPending ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : q.isError && !q.data ? (
        <ApiErrorAlert error={q.error} onRetry={() => void q.refetch()} />
      ) : !items.length ? (
        <Empty description={t(filtered ? 'audit.empty' : 'audit.emptyAll')} />
      ) : (
        <>
          <Table<SecurityEvent>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={items}
            pagination={false}
            scroll={{ x: 1100 }}
            data-testid="security-log"
            data-ready={!q.isFetching || undefined}
            expandable={{
              expandRowByClick: false,
              expandedRowRender: (e) => (
                <div>
                  <Typography.Text strong>{t('audit.detailJson')}</Typography.Text>
                  <pre style={{ ...mono, margin: '4px 0 0', whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{JSON.stringify({ id: e.id, kind: e.kind, userId: e.userId, ...e.detail }, null, 2)}</pre>
                </div>
              ),
              expandIcon: ({ expanded, onExpand, record }) => (
                <Button
                  type="text"
                  size="small"
                  aria-expanded={expanded}
                  aria-label={t(expanded ? 'audit.collapse' : 'audit.expand')}
                  icon={expanded ? <MinusSquareOutlined aria-hidden /> : <PlusSquareOutlined aria-hidden />}
                  onClick={(ev) => onExpand(record, ev)}
                />
              ),
            }}
          />
          <div style={{ padding: 12, textAlign: 'center' }}>
            {q.hasNextPage ? (
              <Space>
                <Typography.Text type="secondary">{t('audit.shown', { n: items.length })}</Typography.Text>
                <Button onClick={() => void q.fetchNextPage()} loading={q.isFetchingNextPage} data-testid="log-more">{t('audit.more')}</Button>
              </Space>
            ) : (
              <Typography.Text type="secondary">{t('audit.end', { n: items.length })}</Typography.Text>
            )}
            {q.isFetchNextPageError && <ApiErrorAlert error={q.error} onRetry={() => void q.fetchNextPage()} />}
          </div>
        </>
      )}
    </Card>
  );
}
