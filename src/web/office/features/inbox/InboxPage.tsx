/**
 * 消息: the person's notifications — new tasks, urges, returns, emergencies, deadlines — newest first, the
 * unread and urgent ones marked. Opening one goes to its case and marks it read; “全部已读” marks them all.
 * Older ones load a page at a time (`before`); new ones arrive by the live stream.
 */
import { useState } from 'react';
import { App, Badge, Button, Card, Empty, Segmented, Skeleton, Space, Typography } from 'antd';
import { BellOutlined, CheckSquareOutlined } from '@ant-design/icons';
import { ApiErrorAlert, errorText } from '../../../common/components/ApiErrorAlert.tsx';
import { useI18n } from '../../../common/i18n/i18n.tsx';
import { useMarkRead, useNotifications, useReadAll, type InboxFilter } from './api.ts';
import { NotificationRow } from './NotificationRow.tsx';
import './inbox.css';

export default function InboxPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [filter, setFilter] = useState<InboxFilter>('all');
  const q = useNotifications(filter);
  const read = useMarkRead();
  const readAll = useReadAll();
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const unread = q.data?.pages[0]?.unreadCount ?? 0;
  const moreFailed = q.isFetchNextPageError ? q.error : null;

  const markAll = () =>
    readAll.mutate(undefined, {
      onSuccess: (r) => message.success(t('inbox.readDone', { n: r.marked })),
      onError: (e) => message.error(errorText(e, t)),
    });

  return (
    <Card
      style={{ maxWidth: 1200 }}
      styles={{ body: { padding: 0 } }}
      title={
        <Space>
          <BellOutlined aria-hidden />
          {t('inbox.title')}
          {unread > 0 && <Badge count={unread} overflowCount={999} title={t('inbox.unreadCount', { n: unread })} />}
        </Space>
      }
      extra={
        <Space>
          <Segmented<InboxFilter>
            value={filter}
            onChange={setFilter}
            options={[
              { label: t('inbox.all'), value: 'all' },
              { label: unread ? t('inbox.unreadN', { n: unread }) : t('inbox.unread'), value: 'unread' },
            ]}
            aria-label={t('inbox.filter')}
          />
          <Button icon={<CheckSquareOutlined aria-hidden />} onClick={markAll} loading={readAll.isPending} disabled={!unread} data-testid="inbox-read-all">
            {t('inbox.readAll')}
          </Button>
        </Space>
      }
    >
      {q.isPending ? (
        <div style={{ padding: 24 }}><Skeleton active paragraph={{ rows: 8 }} /></div>
      ) : q.isError && !q.data ? (
        <div style={{ padding: 24 }}><ApiErrorAlert error={q.error} onRetry={() => void q.refetch()} /></div>
      ) : !items.length ? (
        <Empty style={{ padding: 48 }} description={t(filter === 'unread' ? 'inbox.emptyUnread' : 'inbox.empty')} />
      ) : (
        <>
          <ul className="gc-inbox-list" aria-label={t('inbox.title')} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {items.map((n) => (
              <NotificationRow key={n.id} n={n} onRead={(x) => read.mutate(x.id, { onError: (e) => message.error(errorText(e, t)) })} />
            ))}
          </ul>
          <div style={{ padding: 12, textAlign: 'center' }}>
            {q.hasNextPage ? (
              <Button onClick={() => void q.fetchNextPage()} loading={q.isFetchingNextPage}>{t('inbox.more')}</Button>
            ) : (
              <Typography.Text type="secondary">{t('inbox.end', { n: items.length })}</Typography.Text>
            )}
            {moreFailed && <ApiErrorAlert error={moreFailed} onRetry={() => void q.fetchNextPage()} />}
          </div>
        </>
      )}
    </Card>
  );
}
