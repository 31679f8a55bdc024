/** The citizens' channel: no account, a tracking number and a private link. */
import { z } from 'zod';
import { CASE_STATUSES } from '../cases/workflow.ts';
import { categoryCode, lat, lng, photoId, text, timestamp } from './fields.ts';
import { SATISFACTIONS } from './vocabulary.ts';

export const publicCategoriesResponse = z.object({ items: z.array(z.object({ code: z.string(), name: z.string() })) });

export const publicReportBody = z.strictObject({
  categoryCode,
  lng,
  lat,
  address: text(200).optional(),
  description: text(1000, { min: 2 }),
  phone: z.string().regex(/^1\d{10}$|^0\d{2,3}-?\d{7,8}$/, '@citizenPhone').optional(),
  name: text(30).optional(),
  /** A citizen may only ask for urgency; the receiver decides. */
  urgent: z.boolean().optional(),
  /** Photos uploaded first through POST /api/public/photos. */
  photoIds: z.array(photoId).max(5).optional(),
});
export type PublicReportBody = z.output<typeof publicReportBody>;
export const publicReportResponse = z.object({
  trackingNo: z.string(),
  trackingToken: z.string().describe('私密跟踪令牌：请妥善保存 the private token: keep it safe'),
  trackingPath: z.string().describe('跟踪页面路径 the tracking page’s path (/p/track/…)'),
  trackingUrl: z.string().nullable().describe('完整跟踪链接（已配置 GUANCHENG_PUBLIC_URL 时），可用于短信 the absolute link, fit for an SMS'),
});
export const publicPhotoResponse = z.object({ id: z.string(), width: z.number().int(), height: z.number().int() });
export const resultPhotoParams = z.strictObject({ token: z.string().regex(/^[A-Za-z0-9_-]{16,100}$/, '@trackingToken'), photoId });

export const trackingParams = z.strictObject({ token: z.string().regex(/^[A-Za-z0-9_-]{16,100}$/, '@trackingToken') });
export const trackingView = z.object({
  trackingNo: z.string(),
  status: z.string().describe('面向市民的进度 the progress in words for the citizen'),
  statusCode: z.enum(CASE_STATUSES),
  category: z.string(),
  address: z.string(),
  description: z.string(),
  reportedAt: timestamp,
  closedAt: timestamp.nullable(),
  mergedInto: z.string().nullable(),
  timeline: z.array(z.object({ at: timestamp, text: z.string() })),
  publicReply: z.string().nullable().describe('处置单位的公开答复 the handling unit’s reply'),
  photos: z.array(z.object({ url: z.string() })).describe('处置结果照片（已去除元数据） result photos, without metadata'),
  canRate: z.boolean(),
  rating: z.string().nullable(),
});
export type TrackingViewDto = z.input<typeof trackingView>;
export const ratingBody = z.strictObject({ satisfaction: z.enum(SATISFACTIONS), comment: text(500).optional() });
