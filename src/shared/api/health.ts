/** Liveness and readiness. */
import { z } from 'zod';

export const livenessResponse = z.object({ status: z.literal('ok') });
export const readinessResponse = z.object({ status: z.literal('ready'), database: z.literal('ok'), grids: z.number() });
