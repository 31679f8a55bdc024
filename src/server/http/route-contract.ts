/**
 * What every operation's OpenAPI entry says beyond its own schemas, filled in as routes are registered:
 * the error responses it may give (the codes it declares in `config.errors`, plus those every such
 * operation can give: validation, sign-in, CSRF, permission, idempotency, the unknown 500), who may
 * call it (`x-permission`; public operations need no security), and an operationId.
 */
import type { FastifyInstance, RouteOptions } from 'fastify';
import { z } from 'zod';
import { ERRORS, errorBodySchema, type ErrorCode } from '../../shared/api/errors.ts';
import type { Access } from './auth-hooks.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Error codes this operation's own logic may answer with (shared/api/errors.ts); the generic ones are added. */
    errors?: readonly ErrorCode[];
    /** The operation takes an Idempotency-Key header (http/idempotency.ts). */
    idempotent?: boolean;
    /** Who reads its refusals: citizens get them in plain words (shared/api/errors.ts CITIZEN_MESSAGES). */
    audience?: 'staff' | 'citizen';
  }
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Every code `route` may answer with. */
export function operationErrors(method: string, schema: Record<string, unknown>, config: { access?: Access; errors?: readonly ErrorCode[]; idempotent?: boolean }): ErrorCode[] {
  const codes = new Set<ErrorCode>(config.errors ?? []);
  const access = config.access ?? 'authenticated';
  const write = WRITES.has(method);
  // Every operation takes a query string (an empty one refuses unknown parameters) and may meet a bad URL.
  codes.add('VALIDATION_FAILED').add('TEXT_INVALID').add('URL_INVALID');
  // A declared body over the route's limit is refused before it is read, whatever the method (body-limits.ts).
  codes.add('PAYLOAD_TOO_LARGE');
  if (write) codes.add('BODY_INVALID').add('MEDIA_TYPE_UNSUPPORTED').add('PAYLOAD_TOO_LARGE');
  if (access !== 'public') {
    codes.add('UNAUTHENTICATED').add('SESSION_EXPIRED');
    if (write) codes.add('CSRF_TOKEN_INVALID');
    if (access !== 'authenticated') codes.add('FORBIDDEN').add('PASSWORD_EXPIRED');
  }
  if (config.idempotent) codes.add('IDEMPOTENCY_KEY_INVALID').add('IDEMPOTENCY_KEY_REUSED');
  codes.add('INTERNAL');
  return [...codes];
}

const STATUS_TEXT: Record<number, string> = {
  400: '请求不正确 Bad request', 401: '未登录 Not signed in', 403: '无权限 Forbidden', 404: '不存在 Not found', 409: '冲突 Conflict',
  413: '内容过大 Payload too large', 415: '不支持的类型 Unsupported media type', 422: '无法处理 Unprocessable', 423: '已锁定 Locked',
  429: '请求过多 Too many requests', 500: '服务器错误 Internal error', 503: '暂不可用 Unavailable',
};

function operationId(method: string, url: string): string {
  const words = url.replace(/^\/api\//, '/').split('/').filter(Boolean).map((p) => (p.startsWith(':') ? `by-${p.slice(1)}` : p));
  const camel = words.join('-').split(/[-_.]/).filter(Boolean).map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1))).join('');
  return method.toLowerCase() + camel[0]!.toUpperCase() + camel.slice(1);
}

export function registerRouteContract(app: FastifyInstance): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    const schema = route.schema as Record<string, unknown> | undefined;
    if (!schema || schema.hide) return;
    const method = String(Array.isArray(route.method) ? route.method[0] : route.method);
    const config = (route.config ?? {}) as { access?: Access; errors?: readonly ErrorCode[]; idempotent?: boolean };
    // An operation without query parameters takes none: `?trackingNumber=…` is refused, not ignored.
    schema.querystring ??= z.strictObject({});
    const byStatus = new Map<number, ErrorCode[]>();
    for (const code of operationErrors(method, schema, config)) {
      const status = ERRORS[code].status;
      byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
    }
    const response = { ...((schema.response as Record<string, unknown> | undefined) ?? {}) };
    for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
      response[status] ??= errorBodySchema(codes as [ErrorCode, ...ErrorCode[]]).describe(STATUS_TEXT[status] ?? String(status));
    }
    schema.response = response;
    if (config.access === 'public') schema.security = [];
    else schema['x-permission'] = config.access ?? 'authenticated';
    if (config.idempotent) {
      schema.description = `${schema.description ? `${String(schema.description)}\n\n` : ''}` +
        '可带 Idempotency-Key 请求头（1–255 个可见 ASCII 字符，如 UUID）：同一用户一天内以同一键重发，返回首次的结果而不重复执行；键相同而内容不同返回 422。' +
        ' Accepts an Idempotency-Key header: a retry with the same key by the same caller within a day returns the first result and changes nothing; the same key with a different request is a 422.';
    }
    schema.operationId ??= operationId(method, route.url);
  });
}
