import type { z } from 'zod';
import type { notificationSchema } from '../../../shared/api/notifications.ts';
import type { NotifyKind } from '../../../shared/api/vocabulary.ts';
import type { NotificationRow } from './notification.queries.ts';

export type NotificationDto = z.output<typeof notificationSchema>;

/** The payload column keeps the whole job payload (recipient lists included); only these fields leave. */
export function presentNotification(n: NotificationRow): NotificationDto {
  return {
    id: n.id,
    kind: n.kind as NotifyKind,
    caseId: n.caseId,
    trackingNo: typeof n.payload.trackingNo === 'string' ? n.payload.trackingNo : null,
    title: n.title,
    body: n.body,
    urgent: n.payload.urgent === true,
    createdAt: n.createdAt,
    readAt: n.readAt,
  };
}
