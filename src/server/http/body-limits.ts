/**
 * Every request body has a size and a time limit. A body declared larger than its route takes is answered
 * 413 at once, before a byte of it is read — a declared 10 GB upload is refused, not waited for; a body that
 * trickles in (or never comes) is dropped by the server's request timeout (app.ts). Multipart routes, whose
 * plugin reads parts as they come, name their limit in `config.maxBodyBytes`.
 */
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../errors.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The largest request body this route reads (multipart uploads; others use the route's bodyLimit). */
    maxBodyBytes?: number;
  }
}

/** Time to receive a whole request, headers and body: a slow upload of the largest grid file fits. */
export const REQUEST_TIMEOUT_MS = 60_000;

export function registerBodyLimits(app: FastifyInstance): void {
  app.addHook('onRequest', async (req) => {
    const declared = req.headers['content-length'];
    if (declared === undefined) return;
    const limit = req.routeOptions.config?.maxBodyBytes ?? req.routeOptions.bodyLimit ?? app.initialConfig.bodyLimit ?? 1024 * 1024;
    if (Number(declared) > limit) throw new DomainError('PAYLOAD_TOO_LARGE');
  });
}
