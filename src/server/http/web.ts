/**
 * The web workspace as the server serves it (dist/web, built by src/server/web-build.ts):
 * hashed assets under /assets/ cached for a year, and each front end's HTML for every path under it
 * (client-side routes), with a fresh CSP nonce per response for antd's generated <style> elements.
 * The security headers a government scan expects come from helmet for every response: a CSP with no
 * inline script, MapLibre's workers from blob:, tiles only from the configured basemap's hosts,
 * frame-ancestors 'none', nosniff, a referrer policy; HSTS only when the request came over TLS.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import type { Config } from '../config.ts';
import { basemapHosts } from '../web-config.ts';
import { sendError } from './errors.ts';

/** Front ends by path prefix, longest first; each is an HTML entry of src/web/vite.config.ts. */
const FRONT_ENDS: readonly { prefix: string; html: string }[] = [{ prefix: '/', html: 'index.html' }];

export async function registerSecurityHeaders(app: FastifyInstance, cfg: Config): Promise<void> {
  const tiles = basemapHosts(cfg);
  await app.register(helmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'"],
        'img-src': ["'self'", 'data:', 'blob:', ...tiles],
        'connect-src': ["'self'", ...tiles],
        'font-src': ["'self'", 'data:'],
        'worker-src': ["'self'", 'blob:'],
        'child-src': ["'self'", 'blob:'],
        'media-src': ["'self'", 'data:', 'blob:'],
        'object-src': ["'none'"],
        'base-uri': ["'self'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
      },
    },
    // HSTS is added below only for requests that arrived over TLS (a plain-HTTP intranet install must not pin itself).
    strictTransportSecurity: false,
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'same-origin' },
    xFrameOptions: { action: 'deny' },
  });
  app.addHook('onSend', async (req, reply) => {
    if (req.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
  });
}

export interface WebAssets {
  dir: string;
  /** Each entry's HTML with the nonce placeholder; read again when a rebuild replaced the file. */
  html(name: string): string;
}

export function loadWebAssets(dir: string): WebAssets | null {
  if (!FRONT_ENDS.every((f) => fs.existsSync(path.join(dir, f.html)))) return null;
  const cache = new Map<string, { mtimeMs: number; text: string }>();
  return {
    dir,
    html(name) {
      const file = path.join(dir, name);
      const { mtimeMs } = fs.statSync(file);
      let c = cache.get(name);
      if (!c || c.mtimeMs !== mtimeMs) cache.set(name, (c = { mtimeMs, text: fs.readFileSync(file, 'utf8') }));
      return c.text;
    },
  };
}

function sendPage(reply: FastifyReply, template: string): FastifyReply {
  const page = template.replaceAll('__CSP_NONCE__', reply.cspNonce.style);
  return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page);
}

/** Serves the built web; without a build (tests, `--no-web`), `/` explains how to get one. */
export async function webRoutes(app: FastifyInstance, assets: WebAssets | null): Promise<void> {
  if (assets) {
    // The built files are public like the sign-in page that loads them.
    app.addHook('onRoute', (route) => {
      if (route.url.startsWith('/assets/')) route.config = { ...(route.config ?? {}), access: 'public' };
    });
    await app.register(fastifyStatic, {
      root: path.join(assets.dir, 'assets'),
      prefix: '/assets/',
      decorateReply: false,
      immutable: true,
      maxAge: '365d',
      index: false,
      wildcard: true,
      // The build writes .br and .gz beside each script and stylesheet (web-build.ts).
      preCompressed: true,
    });
  }
  const page = async (req: FastifyRequest, reply: FastifyReply) => {
    const url = req.url.split('?')[0]!;
    // A parameter over the router's length limit makes its route not match, so the request lands here:
    // answer it as the router would have (400 URL_INVALID), not as an unknown endpoint.
    if (url.startsWith('/api/') && url.split('/').some((seg) => seg.length > app.initialConfig.maxParamLength!)) return sendError(req, reply, 'URL_INVALID', {});
    // The API and the assets never fall back to a page: an unknown endpoint is a JSON 404.
    if (url.startsWith('/api/') || url === '/api' || url.startsWith('/assets/')) return sendError(req, reply, 'ROUTE_NOT_FOUND', { method: req.method, url: url.slice(0, 200) });
    if (!assets) {
      if (url !== '/') return sendError(req, reply, 'ROUTE_NOT_FOUND', { method: req.method, url: url.slice(0, 200) });
      return reply.status(503).type('text/plain; charset=utf-8').send('网页尚未构建：请运行 npm start（首次启动会自动构建）。The web is not built: run npm start (the first start builds it).\n');
    }
    const entry = FRONT_ENDS.find((f) => url === f.prefix.replace(/\/$/, '') || url.startsWith(f.prefix))!;
    return sendPage(reply, assets.html(entry.html));
  };
  for (const url of ['/', '/*']) app.get(url, { config: { access: 'public' }, schema: { hide: true } }, page);
}
