/** The security log (等保 audit records), for the auditor alone. */
import { z } from 'zod';
import { dateTimeQuery, idParam, limitQuery, timestamp, username } from './fields.ts';
import { SECURITY_EVENT_KINDS } from './vocabulary.ts';

export const securityEventQuery = z.strictObject({
  kind: z.enum(SECURITY_EVENT_KINDS).optional(),
  username: username.optional(),
  from: dateTimeQuery.optional(),
  to: dateTimeQuery.optional(),
  beforeId: idParam.optional(),
  limit: limitQuery(1000, 100),
});
export const securityEventListResponse = z.object({
  items: z.array(z.object({
    id: z.number(),
    at: timestamp,
    kind: z.enum(SECURITY_EVENT_KINDS),
    userId: z.number().nullable(),
    username: z.string().nullable(),
    ip: z.string().nullable(),
    requestId: z.string().nullable(),
    detail: z.record(z.string(), z.unknown()),
  })),
});
