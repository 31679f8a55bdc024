import { z } from 'zod';
import { NOTIFY_KINDS } from './notification.text.ts';
import type { NotificationRow } from './notification.queries.ts';

export const notificationSchema = z.object({
  id: z.number().int(),
  kind: z.enum(NOTIFY_KINDS),
  caseId: z.number().int().nullable(),
  trackingNo: z.string().nullable(),
  title: z.string(),
  body: z.string(),
  urgent: z.boolean(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type NotificationDto = z.infer<typeof notificationSchema>;

/** The payload column keeps the whole job payload (recipient lists included); only these fields leave. */
export function presentNotification(n: NotificationRow): NotificationDto {
  return {
    id: n.id,
    kind: n.kind as NotificationDto['kind'],
    caseId: n.caseId,
    trackingNo: typeof n.payload.trackingNo === 'string' ? n.payload.trackingNo : null,
    title: n.title,
    body: n.body,
    urgent: n.payload.urgent === true,
    createdAt: n.createdAt.toISOString(),
    readAt: n.readAt?.toISOString() ?? null,
  };
}
