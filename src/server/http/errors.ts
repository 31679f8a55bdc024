/**
 * Every error leaves as `{ error: { code, message, fields?, details? } }` with the status from the one
 * table (shared/api/errors.ts) and the message in the caller's language: domain errors, request
 * validation (each failing field named), Fastify's own 4xx (bad JSON, bad URL, unknown content type),
 * and unknown errors as a 500 with the request id, logged — never a stack trace or zod's English.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isResponseSerializationError } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { ERRORS, pickLang, renderMessage, type ErrorBody, type ErrorCode, type ErrorParams, type FieldError, type Lang } from '../../shared/api/errors.ts';
import { findUnstorableText } from '../../shared/api/text.ts';
import { FORMAT_MESSAGES, fieldErrors, joinFieldErrors } from '../../shared/api/validation.ts';
import { DomainError } from '../errors.ts';
import { describeRules, type PasswordRule } from '../modules/auth/password.ts';

/** A request part that failed its zod schema (our validator compiler returns it; Fastify adds `validationContext`). */
export class RequestValidationError extends Error {
  readonly statusCode = 400;
  validationContext?: string;
  constructor(readonly issues: readonly z.core.$ZodIssue[], readonly input: unknown) {
    super('request validation failed');
  }
}

/** Fastify's validator compiler for zod schemas: the issues are kept whole, to be put in words per caller. */
export function validatorCompiler({ schema }: { schema: unknown }) {
  const zod = schema as z.ZodType;
  return (data: unknown) => {
    const r = zod.safeParse(data);
    return r.success ? { value: r.data } : { error: new RequestValidationError(r.error.issues, data) };
  };
}

const WHERE: Record<string, string> = { body: 'body', querystring: 'query', params: 'params', headers: 'headers' };

/** Text PostgreSQL cannot store, anywhere in the path, query or a JSON or text body: a 400 naming the field, before anything runs. */
export function registerTextGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => {
    badlyEncodedQuery(req.url);
    const parts: Array<[string, unknown]> = [['params', req.params], ['query', req.query]];
    if (!Buffer.isBuffer(req.body)) parts.push(['body', req.body]);
    for (const [where, value] of parts) {
      const hit = findUnstorableText(value);
      if (hit !== null) {
        const field = hit ? `${where}.${hit}` : where;
        throw new DomainError('TEXT_INVALID', { field, fields: [{ field, key: 'text' }] });
      }
    }
  });
}

/**
 * A query value whose percent-encoding is not UTF-8 (`q=%ED%A0%80`, `q=%E0%A4%A`) reaches the handler as the
 * raw text; refuse it instead of searching for `%ED%A0%80`.
 */
function badlyEncodedQuery(url: string): void {
  const q = url.indexOf('?');
  if (q < 0 || url.indexOf('%', q) < 0) return;
  for (const pair of url.slice(q + 1).split('&')) {
    const eq = pair.indexOf('=');
    const [k, v] = eq < 0 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
    const decodes = (s: string) => {
      try {
        decodeURIComponent(s.replace(/\+/g, ' '));
        return true;
      } catch {
        return false;
      }
    };
    if (!decodes(k) || !decodes(v)) {
      const field = `query.${decodes(k) ? decodeURIComponent(k) : k}`;
      throw new DomainError('URL_INVALID', { fields: [{ field, key: 'urlEncoding' }] });
    }
  }
}

function localFields(raw: unknown, lang: Lang): FieldError[] | undefined {
  if (!Array.isArray(raw)) return undefined;
  return raw.map((f: { field: string; key?: string; message?: string }) => {
    const format = f.key ? FORMAT_MESSAGES[f.key] : undefined;
    return { field: f.field, message: format ? (lang === 'en' ? format.en : format.zh) : (f.message ?? '') };
  });
}

/**
 * The language to answer in: the signed-in user's own choice (their preferences, carried on the actor), else
 * the caller's Accept-Language, else zh-CN. A request refused before sign-in resolves has only the header.
 */
export function requestLang(req: FastifyRequest): Lang {
  return req.actor?.language ?? pickLang(req.headers['accept-language']);
}

export function sendError(req: FastifyRequest, reply: FastifyReply, code: ErrorCode, params: ErrorParams, extra: { fields?: FieldError[]; details?: unknown } = {}) {
  const lang = requestLang(req);
  if (code === 'PASSWORD_WEAK' && Array.isArray(params.rules)) {
    params = { ...params, rules: describeRules(params.rules as PasswordRule[], Number(params.minLength ?? 10), lang) };
  }
  const fields = extra.fields ?? localFields(params.fields, lang);
  if (fields && code === 'VALIDATION_FAILED') params = { ...params, fields: joinFieldErrors(fields, lang) };
  const audience = req.routeOptions?.config?.audience === 'citizen' ? 'citizen' : 'staff';
  const body: ErrorBody = { error: { code, message: renderMessage(code, params, lang, audience) } };
  if (fields) body.error.fields = fields;
  if (extra.details !== undefined) body.error.details = extra.details;
  return reply.status(ERRORS[code].status).header('content-language', lang).send(body);
}

/** Fastify's own request errors, by code: what they mean to the caller. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_EMPTY_JSON_BODY: 'BODY_INVALID',
  FST_ERR_CTP_INVALID_JSON_BODY: 'BODY_INVALID',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'MEDIA_TYPE_UNSUPPORTED',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_BAD_URL: 'URL_INVALID',
  FST_ERR_MAX_PARAM_LENGTH: 'URL_INVALID',
};

export function handleError(err: FastifyError | DomainError | Error, req: FastifyRequest, reply: FastifyReply) {
  if (err instanceof DomainError) {
    const details = err.params.problems ?? err.params.details;
    return sendError(req, reply, err.code, err.params, { details });
  }
  if (err instanceof RequestValidationError) {
    const lang = requestLang(req);
    return sendError(req, reply, 'VALIDATION_FAILED', {}, { fields: fieldErrors(err.issues, lang, WHERE[err.validationContext ?? ''] ?? '', err.input) });
  }
  if (isResponseSerializationError(err)) {
    req.log.error({ err }, 'response did not match its schema');
    return sendError(req, reply, 'INTERNAL', { requestId: String(req.id) });
  }
  const fe = err as FastifyError;
  const known = fe.code ? FASTIFY_CODES[fe.code] : undefined;
  if (known) return sendError(req, reply, known, { type: String(req.headers['content-type'] ?? '').slice(0, 100) });
  if (fe.statusCode === 413) return sendError(req, reply, 'PAYLOAD_TOO_LARGE', {});
  if (fe.statusCode === 429) return sendError(req, reply, 'TOO_MANY_REQUESTS', {});
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    req.log.info({ err }, 'bad request');
    return sendError(req, reply, 'BAD_REQUEST', {}, { details: { reason: fe.code ?? 'unknown' } });
  }
  req.log.error({ err }, 'unhandled error');
  return sendError(req, reply, 'INTERNAL', { requestId: String(req.id) });
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setNotFoundHandler((req, reply) => sendError(req, reply, 'ROUTE_NOT_FOUND', { method: req.method, url: req.url.split('?')[0]!.slice(0, 200) }));
  app.setErrorHandler(handleError);
}
