import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { notificationListQuery, notificationListResponse, notificationParams, notificationSchema, readAllResponse, unreadCountResponse } from '../../../shared/api/notifications.ts';
import type { AppContext } from '../../app-context.ts';
import { actorOf } from '../../http/auth-hooks.ts';
import { presentNotification } from './notification.presenter.ts';
import { listNotifications, markAllRead, markRead, unreadCount } from './notification.queries.ts';
import { streamRoutes } from './stream.routes.ts';


/** The inbox (every signed-in user has one: only their own rows) and the live stream. */
export function notificationRoutes(ctx: AppContext): FastifyPluginAsync {
  const { db } = ctx;
  const now = () => ctx.now?.() ?? new Date();
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const tags = ['notifications'];

    app.get('/api/notifications', {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: '我的消息 My notifications',
        description: '仅本人的站内消息，最新在前；unread=true 只列未读；before=<id> 翻页。',
        querystring: notificationListQuery,
        response: { 200: notificationListResponse },
      },
    }, async (req) => {
      const actor = actorOf(req);
      const [items, unread] = await Promise.all([
        listNotifications(db, actor.userId, { unreadOnly: req.query.unread === true, limit: req.query.limit, beforeId: req.query.before }),
        unreadCount(db, actor.userId),
      ]);
      return { items: items.map(presentNotification), unreadCount: unread };
    });

    app.get('/api/notifications/unread-count', {
      config: { access: 'authenticated' },
      schema: { tags, summary: '未读消息数 Unread count', response: { 200: unreadCountResponse } },
    }, async (req) => ({ unreadCount: await unreadCount(db, actorOf(req).userId) }));

    app.post('/api/notifications/:id/read', {
      config: { access: 'authenticated', errors: ['NOT_FOUND'] },
      schema: { tags, summary: '标记已读 Mark one read', params: notificationParams, response: { 200: notificationSchema } },
    }, async (req) => presentNotification(await markRead(db, actorOf(req).userId, req.params.id, now())));

    app.post('/api/notifications/read-all', {
      config: { access: 'authenticated' },
      schema: { tags, summary: '全部已读 Mark all read', response: { 200: readAllResponse } },
    }, async (req) => ({ marked: await markAllRead(db, actorOf(req).userId, now()), unreadCount: 0 }));

    await app.register(streamRoutes(ctx));
  };
}
