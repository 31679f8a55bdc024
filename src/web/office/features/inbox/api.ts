/**
 * The inbox: pages of notifications (GET /api/notifications, `before` the last id seen) under
 * `['notifications', 'list', filter]`, refreshed by the live stream's `notification` events (it invalidates
 * `['notifications']`, the bell's count too). Reading one shows at once, before the server answers.
 */
import { useInfiniteQuery, useMutation, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import type { z } from 'zod';
import type { notificationListResponse, readAllResponse, unreadCountResponse } from '../../../../shared/api/notifications.ts';
import { api } from '../../../common/api/client.ts';

export type NotificationPage = z.input<typeof notificationListResponse>;
export type Notification = NotificationPage['items'][number];
export type InboxFilter = 'all' | 'unread';

export const PAGE_SIZE = 30;

export function useNotifications(filter: InboxFilter) {
  return useInfiniteQuery({
    queryKey: ['notifications', 'list', filter],
    queryFn: ({ pageParam, signal }) =>
      api<NotificationPage>('/api/notifications', { query: { unread: filter === 'unread' ? true : undefined, limit: PAGE_SIZE, before: pageParam }, signal }),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => (last.items.length === PAGE_SIZE ? last.items[last.items.length - 1]!.id : undefined),
  });
}

type Pages = InfiniteData<NotificationPage, number | undefined>;

/** Marks read in every cached page and lowers the counts, as the server will. */
function markInCache(qc: ReturnType<typeof useQueryClient>, read: (n: Notification) => boolean) {
  const now = new Date().toISOString();
  let marked = 0;
  qc.setQueriesData<Pages>({ queryKey: ['notifications', 'list'] }, (data) =>
    data && {
      ...data,
      pages: data.pages.map((p) => ({
        ...p,
        items: p.items.map((n) => {
          if (n.readAt || !read(n)) return n;
          marked++;
          return { ...n, readAt: now };
        }),
      })),
    },
  );
  const lower = (c: number) => Math.max(0, c - (marked > 0 ? 1 : 0));
  qc.setQueriesData<Pages>({ queryKey: ['notifications', 'list'] }, (data) => data && { ...data, pages: data.pages.map((p) => ({ ...p, unreadCount: lower(p.unreadCount) })) });
  qc.setQueryData<z.input<typeof unreadCountResponse>>(['notifications', 'unread'], (d) => d && { unreadCount: lower(d.unreadCount) });
}

export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api(`/api/notifications/${id}/read`, { method: 'POST' }),
    onMutate: (id) => markInCache(qc, (n) => n.id === id),
    onSettled: () => qc.invalidateQueries({ queryKey: ['notifications'] }),
  });
}

export function useReadAll() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<z.input<typeof readAllResponse>>('/api/notifications/read-all', { method: 'POST' }),
    onSettled: () => qc.invalidateQueries({ queryKey: ['notifications'] }),
  });
}
