import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from './app-context.ts';
import { createAppState, type AppState } from './app-state.ts';
import { registerAuthHooks, registerCacheClearing } from './http/auth-hooks.ts';
import { handleError, registerErrorHandling, registerTextGuard, validatorCompiler } from './http/errors.ts';
import { openApiTransform } from './http/openapi-schema.ts';
import { registerRouteContract } from './http/route-contract.ts';
import { registerIdempotency } from './http/idempotency.ts';
import { registerBodyLimits, REQUEST_TIMEOUT_MS } from './http/body-limits.ts';
import { createSerializerCompiler } from './http/serializer.ts';
import { healthRoutes } from './http/health.routes.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import { caseRoutes } from './modules/cases/case.routes.ts';
import { workflowSettingsRoutes } from './modules/cases/workflow-settings.routes.ts';
import { holidayRoutes } from './modules/sla/holiday.routes.ts';
import { publicRoutes } from './modules/citizens/public.routes.ts';
import { categoryRoutes } from './modules/categories/category.routes.ts';
import { divisionRoutes } from './modules/geo/division.routes.ts';
import { gridRoutes } from './modules/geo/grid.routes.ts';
import { notificationRoutes } from './modules/notifications/notification.routes.ts';
import { orgRoutes } from './modules/org/org.routes.ts';
import { overviewRoutes } from './modules/overview/overview.routes.ts';
import { photoRoutes } from './modules/photos/photo.routes.ts';
import { securityRoutes } from './modules/security/security.routes.ts';
import { auditRoutes } from './modules/audit/audit.routes.ts';
import { userRoutes } from './modules/users/user.routes.ts';
import { registerSecurityHeaders, webRoutes, type WebAssets } from './http/web.ts';
import { webConfig } from './web-config.ts';
import { webConfigResponse } from '../shared/api/web.ts';
import { preferencesRoutes } from './modules/users/preferences.routes.ts';
import { sharedPhraseRoutes } from './modules/phrases/shared-phrase.routes.ts';

export type App = FastifyInstance;

declare module 'fastify' {
  interface FastifyInstance {
    /** The responses written by zod's own serializer rather than the compiled one (http/serializer.ts), as `METHOD url status`. */
    slowResponses: string[];
  }
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,80}$/;

/** The app; `state` (caches, intake writer) is made for it unless the caller brings one (server.ts, to wire signals to it). */
/** `opts.web`: the built web workspace to serve (server.ts loads it; tests run without one unless they ask). */
export async function buildApp(given: Omit<AppContext, 'state'> & { state?: AppState }, opts: { logger?: boolean; web?: WebAssets | null } = {}): Promise<FastifyInstance> {
  const ctx: AppContext = { ...given, state: given.state ?? createAppState(given.db) };
  const app = Fastify({
    logger: opts.logger === false ? false : { level: ctx.config.logLevel, redact: ['req.headers.cookie', 'req.headers.authorization'] },
    trustProxy: ctx.config.trustProxy,
    bodyLimit: 1024 * 1024,
    requestTimeout: REQUEST_TIMEOUT_MS,
    requestIdHeader: false,
    // Bad percent-encoding in a path, an over-long parameter: the same error shape as everything else.
    frameworkErrors: (err, req, reply) => handleError(err, req, reply),
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  // Tests prove every response the fast serializer writes equal to zod's (http/serializer.ts).
  app.decorate('slowResponses', [] as string[]);
  app.setSerializerCompiler(createSerializerCompiler({ checked: ctx.config.env === 'test', slow: app.slowResponses }));
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });

  // Geographic files arrive as the raw request body (GeoJSON or a zipped Shapefile).
  // Their size limit is the route's (the imports take 64 MB, the category CSV 8 MB; any other route 1 MB).
  app.addContentTypeParser(['application/zip', 'application/octet-stream', 'application/geo+json', 'application/x-zip-compressed'], { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_req, body, done) => done(null, body));

  // Swagger UI's own routes (assets) are public like the document they show; it sends its own CSP (staticCSP).
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/docs')) {
      route.config = { ...(route.config ?? {}), access: 'public' };
      route.helmet = false;
    }
  });
  await registerSecurityHeaders(app, ctx.config);
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Guancheng 管城 API', version: '0.1.0', description: '数字城管平台接口 / digital urban-management platform API' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'gc_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    transform: openApiTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list' }, staticCSP: true });

  registerErrorHandling(app);
  registerBodyLimits(app);
  registerAuthHooks(app, ctx.db, ctx.config, ctx.state.auth.actors);
  registerCacheClearing(app, ctx.state);
  registerTextGuard(app);
  registerIdempotency(app, ctx.db);
  registerRouteContract(app);

  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());
  await app.register(healthRoutes(ctx));
  await app.register(authRoutes(ctx));
  await app.register(userRoutes(ctx));
  await app.register(preferencesRoutes(ctx));
  await app.register(orgRoutes(ctx));
  await app.register(divisionRoutes(ctx));
  await app.register(gridRoutes(ctx));
  await app.register(categoryRoutes(ctx));
  await app.register(securityRoutes(ctx));
  await app.register(auditRoutes(ctx));
  await app.register(caseRoutes(ctx));
  await app.register(photoRoutes(ctx));
  await app.register(workflowSettingsRoutes(ctx));
  await app.register(holidayRoutes(ctx));
  await app.register(sharedPhraseRoutes(ctx));
  await app.register(notificationRoutes(ctx));
  await app.register(overviewRoutes(ctx));
  await app.register(publicRoutes(ctx));
  app.get('/api/web-config', { config: { access: 'public' }, schema: { tags: ['health'], summary: '网页配置（底图） Web configuration (basemap)', response: { 200: webConfigResponse } } }, async () => webConfig(ctx.config));
  await webRoutes(app, opts.web ?? null);
  return app;
}
