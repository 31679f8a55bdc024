import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { DomainError, ERRORS, pickLang, renderMessage, type ErrorCode, type ErrorParams } from '../errors.ts';
import { describeRules, type PasswordRule } from '../modules/auth/password.ts';

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

function send(req: FastifyRequest, reply: FastifyReply, code: ErrorCode, params: ErrorParams, details?: unknown) {
  const lang = pickLang(req.headers['accept-language']);
  if (code === 'PASSWORD_WEAK' && Array.isArray(params.rules)) {
    params = { ...params, rules: describeRules(params.rules as PasswordRule[], Number(params.minLength ?? 10), lang) };
  }
  const body: ErrorBody = { error: { code, message: renderMessage(code, params, lang) } };
  if (details !== undefined) body.error.details = details;
  return reply.status(ERRORS[code].status).header('content-language', lang).send(body);
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setNotFoundHandler((req, reply) => send(req, reply, 'ROUTE_NOT_FOUND', { method: req.method, url: req.url.split('?')[0] }));

  app.setErrorHandler((err: FastifyError | DomainError | Error, req, reply) => {
    if (err instanceof DomainError) {
      const details = err.params.problems ?? err.params.details;
      return send(req, reply, err.code, err.params, details);
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const issues = err.validation.map((v) => ({
        path: `${err.validationContext ?? ''}${v.instancePath || ''}`.replace(/\//g, '.'),
        message: v.message ?? '',
      }));
      const detail = issues.map((i) => `${i.path || '(body)'} ${i.message}`).join('; ');
      return send(req, reply, 'VALIDATION_FAILED', { detail }, issues);
    }
    if (isResponseSerializationError(err)) {
      req.log.error({ err }, 'response did not match its schema');
      return send(req, reply, 'INTERNAL', { requestId: String(req.id) });
    }
    const fe = err as FastifyError;
    if (fe.statusCode === 413 || fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return send(req, reply, 'PAYLOAD_TOO_LARGE', {});
    if (fe.statusCode === 429) return send(req, reply, 'TOO_MANY_REQUESTS', {});
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      return send(req, reply, 'BAD_REQUEST', { detail: fe.message });
    }
    req.log.error({ err }, 'unhandled error');
    return send(req, reply, 'INTERNAL', { requestId: String(req.id) });
  });
}
