/**
 * The Idempotency-Key header at the edge: parse it, run the command once per key, answer a retry with
 * the first outcome (modules/idempotency). A replayed response carries `Idempotent-Replayed: true`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/pool.ts';
import { DomainError } from '../errors.ts';
import { findOutcome, IdempotencyRace, requestHash, storeResponse, type IdempotencyClaim, type StoredOutcome } from '../modules/idempotency/idempotency.ts';

const KEY = /^[\x21-\x7e]{1,255}$/;
/** A citizen's key is shared by no account: long enough to be a random one (a UUID is 36). */
const PUBLIC_KEY_MIN = 16;

declare module 'fastify' {
  interface FastifyRequest {
    idempotency: (IdempotencyClaim & { keepResponse?: boolean }) | null;
  }
}

export function registerIdempotency(app: FastifyInstance, db: Db): void {
  app.decorateRequest('idempotency', null);
  // A case action keeps its first response's body as sent, so a retry gets exactly it.
  app.addHook('onSend', async (req, reply, payload) => {
    const claim = req.idempotency;
    if (claim?.keepResponse && claim.claimed && reply.statusCode < 300 && typeof payload === 'string') {
      await storeResponse(db, claim, payload).catch((err: unknown) => req.log.warn({ err }, 'could not keep the idempotent response'));
    }
    return payload;
  });
}

/** The request's key as a claim for `principal` ('user:<id>' or 'public'); undefined without the header. */
export function idempotencyClaim(req: FastifyRequest, principal: string, status: number, opts: { keepResponse?: boolean } = {}): IdempotencyClaim | undefined {
  const raw = req.headers['idempotency-key'];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !KEY.test(raw) || (principal === 'public' && raw.length < PUBLIC_KEY_MIN)) throw new DomainError('IDEMPOTENCY_KEY_INVALID');
  const claim = { principal, key: raw, status, hash: requestHash({ method: req.method, route: req.routeOptions.url ?? req.url, params: req.params, body: req.body }), ...opts };
  req.idempotency = claim;
  return claim;
}

/**
 * Runs `run` once per key. A key already used by this caller within a day answers with its first outcome
 * — the kept body, or `rebuild(outcome)` — and runs nothing, also when the first is still committing
 * (the command's claim waits for it); the same key with another request is a 422.
 */
export async function oncePerKey<T>(
  db: Db,
  reply: FastifyReply,
  claim: IdempotencyClaim | undefined,
  now: Date,
  run: () => Promise<T>,
  rebuild: (o: StoredOutcome) => Promise<unknown>,
  opts: { precheck?: boolean } = {},
): Promise<T> {
  if (!claim) return run();
  // The replay is sent here, by the reply itself: what the handler returns then is the reply (as `run`'s may be).
  const answer = async (o: StoredOutcome): Promise<T> => {
    if (o.hash !== claim.hash) throw new DomainError('IDEMPOTENCY_KEY_REUSED');
    reply.header('idempotent-replayed', 'true').status(o.status);
    if (o.response !== null) return reply.type('application/json; charset=utf-8').send(o.response) as T;
    const body = await rebuild(o);
    return reply.send(body) as T;
  };
  // Report intake looks its keys up itself, a batch at a time (intake-writer.ts).
  if (opts.precheck !== false) {
    const prior = await findOutcome(db, claim.principal, claim.key, now);
    if (prior) return answer(prior);
  }
  for (let attempt = 0; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      // A twin won the key while this one ran (or made it fail, e.g. on the case's version): its outcome is ours.
      if (err instanceof IdempotencyRace || err instanceof DomainError) {
        const later = await findOutcome(db, claim.principal, claim.key, now);
        if (later) return answer(later);
      }
      // The twin that held the key failed and kept nothing: the key is free, so this request runs after all.
      if (err instanceof IdempotencyRace && attempt === 0) continue;
      throw err;
    }
  }
}
