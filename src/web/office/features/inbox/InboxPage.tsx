/** 消息: the person's notifications (new tasks, urges, returns, emergencies, overdue), newest first. */
import { useState } from 'react';
import { App, Badge, Button, Card, Empty, List, Segmented, Skeleton, Space, Tag, Typography } from 'antd';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import type { z } from 'zod';
import type { notificationListResponse, readAllResponse } from '../../../../shared/api/notifications.ts';
import { NOTIFY_KIND_LABELS } from '../../../../shared/api/vocabulary.ts';
import { api } from '../../../common/api/client.ts';
import { ApiErrorAlert, errorText } from '../../../common/components/ApiErrorAlert.tsx';
import { inShanghai } from '../../../common/format/datetime.ts';
import { useI18n } from '../../../common/i18n/i18n.tsx';

type Page = z.output<typeof notificationListResponse>;
type Item = Page['items'][number];

export default function InboxPage() {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [filter, setFilter] = useState<'all' | 'unread'>('all');
  const q = useInfiniteQuery({
    queryKey: ['notifications', 'list', filter],
    queryFn: ({ pageParam, signal }) => api<Page>('/api/notifications', { query: { unread: filter === 'unread' ? true : undefined, limit: 30, before: pageParam }, signal }),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => (last.items.length === 30 ? last.items[last.items.length - 1]!.id : undefined),
  });
  const refresh = () => void qc.invalidateQueries({ queryKey: ['notifications'] });
  const read = useMutation({ mutationFn: (id: number) => api(`/api/notifications/${id}/read`, { method: 'POST' }), onSuccess: refresh, onError: (e) => void message.error(errorText(e, t)) });
  const readAll = useMutation({
    mutationFn: () => api<z.output<typeof readAllResponse>>('/api/notifications/read-all', { method: 'POST' }),
    onSuccess: (r) => {
      void message.success(t('inbox.readDone', { n: r.marked }));
      refresh();
    },
    onError: (e) => void message.error(errorText(e, t)),
  });
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const unread = q.data?.pages[0]?.unreadCount ?? 0;
  const open = (n: Item) => {
    if (!n.readAt) read.mutate(n.id);
    if (n.caseId) navigate(`/cases/${n.caseId}`);
  };

  return (
    <Card
      title={<Space>{t('inbox.title')}<Badge count={unread} overflowCount={999} aria-label={t('inbox.unreadCount', { n: unread })} /></Space>}
      extra={
        <Space>
          <Segmented value={filter} onChange={setFilter} options={[{ label: t('inbox.all'), value: 'all' }, { label: t('inbox.unread'), value: 'unread' }]} aria-label={t('inbox.title')} />
          <Button onClick={() => readAll.mutate()} loading={readAll.isPending} disabled={!unread}>{t('inbox.readAll')}</Button>
        </Space>
      }
    >
      {q.isPending ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : q.isError ? (
        <ApiErrorAlert error={q.error} onRetry={() => void q.refetch()} />
      ) : !items.length ? (
        <Empty description={t(filter === 'unread' ? 'inbox.emptyUnread' : 'inbox.empty')} />
      ) : (
        <>
          <List
            dataSource={items}
            rowKey="id"
            renderItem={(n) => (
              <List.Item
                className={n.readAt ? undefined : 'gc-inbox-unread'}
                actions={[
                  ...(n.caseId ? [<Button key="open" type="link" onClick={() => open(n)}>{t('inbox.openCase', { no: n.trackingNo ?? `#${n.caseId}` })}</Button>] : []),
                  ...(!n.readAt ? [<Button key="read" type="link" onClick={() => read.mutate(n.id)}>{t('inbox.markRead')}</Button>] : []),
                ]}
              >
                <List.Item.Meta
                  avatar={<Badge dot={!n.readAt} />}
                  title={
                    <Space wrap>
                      {n.urgent && <Tag color="red">{t('inbox.urgent')}</Tag>}
                      {label(NOTIFY_KIND_LABELS[n.kind]) !== n.title && <Tag>{label(NOTIFY_KIND_LABELS[n.kind])}</Tag>}
                      <Typography.Text strong={!n.readAt}>{n.title}</Typography.Text>
                    </Space>
                  }
                  description={<Space direction="vertical" size={0}><span>{n.body}</span><span>{inShanghai(n.createdAt).format('YYYY-MM-DD HH:mm')}</span></Space>}
                />
              </List.Item>
            )}
          />
          {q.hasNextPage && <Button block onClick={() => void q.fetchNextPage()} loading={q.isFetchingNextPage}>{t('inbox.more')}</Button>}
        </>
      )}
    </Card>
  );
}
