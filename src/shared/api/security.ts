/** The security log (等保 audit records), for the auditor alone. */
import { z } from 'zod';
import { dateTimeQuery, idParam, limitQuery, listQuery, timestamp, username } from './fields.ts';
import { SECURITY_EVENT_KINDS } from './vocabulary.ts';

/** What the viewer filters by; the export takes the same filter (so it exports what the auditor sees). */
const securityEventFilter = {
  /** One kind or several (`kind=login.failed,login.locked`). */
  kind: listQuery(SECURITY_EVENT_KINDS).optional(),
  username: username.optional(),
  from: dateTimeQuery.optional(),
  to: dateTimeQuery.optional(),
  /** The address, or its beginning (`10.0.` finds the whole range). */
  ip: z.string().regex(/^[0-9A-Fa-f.:]{1,45}$/, '@ipPrefix').optional(),
  /** The request id every response carries in `x-request-id` and every error names. */
  requestId: z.string().regex(/^[A-Za-z0-9._:-]{8,80}$/, '@requestId').optional(),
};

export const securityEventQuery = z.strictObject({
  ...securityEventFilter,
  beforeId: idParam.optional(),
  limit: limitQuery(1000, 100),
});
export type SecurityEventFilter = Omit<z.output<typeof securityEventQuery>, 'beforeId' | 'limit'>;

export const securityEventExportQuery = z.strictObject({
  ...securityEventFilter,
  format: z.enum(['csv']).default('csv'),
});

export const securityEventSchema = z.object({
  id: z.number(),
  at: timestamp,
  kind: z.enum(SECURITY_EVENT_KINDS),
  userId: z.number().nullable(),
  username: z.string().nullable(),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
});
export const securityEventListResponse = z.object({
  items: z.array(securityEventSchema),
});
