/** The inbox and the live stream. */
import { z } from 'zod';
import { boolQuery, idParam, limitQuery, text, timestamp } from './fields.ts';
import { NOTIFY_KINDS } from './vocabulary.ts';

export const notificationSchema = z.object({
  id: z.number().int(),
  kind: z.enum(NOTIFY_KINDS),
  caseId: z.number().int().nullable(),
  trackingNo: z.string().nullable(),
  title: z.string(),
  body: z.string(),
  urgent: z.boolean(),
  createdAt: timestamp,
  readAt: timestamp.nullable(),
});
export type NotificationDto = z.input<typeof notificationSchema>;

export const notificationListQuery = z.strictObject({
  unread: boolQuery.optional(),
  limit: limitQuery(200, 50),
  before: idParam.optional(),
});
export const notificationListResponse = z.object({ items: z.array(notificationSchema), unreadCount: z.number().int() });
export const unreadCountResponse = z.object({ unreadCount: z.number().int() });
export const notificationParams = z.strictObject({ id: idParam });
export const readAllResponse = z.object({ marked: z.number().int(), unreadCount: z.number().int() });

export const streamQuery = z.strictObject({ lastEventId: text(40).optional() });

/** A `case` message on the live stream: a case the user may see changed. */
export const caseChangeSchema = z.object({ caseId: z.number(), eventId: z.number(), type: z.string(), status: z.string(), version: z.number() });
export type CaseChangeDto = z.input<typeof caseChangeSchema>;
