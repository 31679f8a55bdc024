import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** Repository root (this file lives in src/server/). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

// The only place that reads process.env: everything else receives a Config.
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().url().optional(),
  GUANCHENG_DATA_DIR: z.string().optional(),
  GUANCHENG_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  GUANCHENG_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  GUANCHENG_SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
  GUANCHENG_PASSWORD_MAX_AGE_DAYS: z.coerce.number().int().min(0).max(3650).default(90),
  GUANCHENG_PASSWORD_MIN_LENGTH: z.coerce.number().int().min(8).max(128).default(10),
  GUANCHENG_LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  GUANCHENG_LOGIN_LOCK_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  GUANCHENG_LOGIN_IP_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(10000).default(30),
  GUANCHENG_COOKIE_SECURE: bool.optional(),
  GUANCHENG_AUTH_CACHE_SECONDS: z.coerce.number().int().min(0).max(60).default(5),
  GUANCHENG_DEMO: bool.default(true),
  /** Districts the demo loads into an empty database: 1 (管城回族区) or 2 (and a schematic 金水区, with a city-level leader). */
  GUANCHENG_DEMO_DISTRICTS: z.coerce.number().int().min(1).max(2).default(1),
  GUANCHENG_TRUST_PROXY: z.string().optional().transform((v, ctx) => {
    const t = parseTrustProxy(v);
    if (t === undefined) ctx.addIssue({ code: 'custom', message: 'true, false, or the proxies’ addresses (IP or CIDR, comma-separated)' });
    return t ?? false;
  }),
  GUANCHENG_TOKEN_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  LANG: z.string().optional(),
  GUANCHENG_AUDIT_KEY_FILE: z.string().optional(),
  GUANCHENG_FILES_DIR: z.string().optional(),
  GUANCHENG_PHOTO_MAX_MB: z.coerce.number().positive().max(100).default(10),
  GUANCHENG_PUBLIC_REPORTS_PER_HOUR: z.coerce.number().int().min(1).max(100000).default(20),
  GUANCHENG_PUBLIC_PHOTOS_PER_HOUR: z.coerce.number().int().min(1).max(100000).default(60),
  /** Where citizens reach this deployment (e.g. https://cg.example.gov.cn): tracking links become absolute, fit for an SMS. */
  GUANCHENG_PUBLIC_URL: z.string().url().refine((u) => /^https?:\/\//.test(u), 'must be http(s)').optional(),
  /** The map's basemap: none (offline, our own GeoJSON), tianditu (needs GUANCHENG_TIANDITU_KEY), amap, or xyz (GUANCHENG_BASEMAP_URL). */
  GUANCHENG_BASEMAP: z.enum(['none', 'tianditu', 'amap', 'xyz']).default('none'),
  GUANCHENG_TIANDITU_KEY: z.string().regex(/^[A-Za-z0-9]{8,64}$/, 'a Tianditu key (letters and digits)').optional(),
  GUANCHENG_BASEMAP_URL: z.string().url().refine((u) => /^https?:\/\//.test(u) && ['{z}', '{x}', '{y}'].every((p) => decodeURI(u).includes(p)), 'an http(s) tile URL template with {z}, {x} and {y}').optional(),
  GUANCHENG_BASEMAP_CRS: z.enum(['wgs84', 'gcj02']).default('wgs84'),
  GUANCHENG_BASEMAP_ATTRIBUTION: z.string().max(200).optional(),
  /** Build the web at start when stale (npm run dev turns it off: Vite serves the web itself). */
  GUANCHENG_WEB_BUILD: bool.optional(),
  GUANCHENG_SWEEP_SECONDS: z.coerce.number().int().min(5).max(3600).default(30),
  GUANCHENG_CHECKPOINT_SECONDS: z.coerce.number().int().min(10).max(3600).default(60),
  GUANCHENG_NOTIFY_SECONDS: z.coerce.number().min(0.2).max(60).default(2),
  GUANCHENG_NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  GUANCHENG_NOTIFY_LOG: bool.optional(),
  GUANCHENG_WEBHOOK_URL: z.string().url().refine((u) => /^https?:\/\//.test(u), 'must be http(s)').optional(),
  GUANCHENG_WEBHOOK_SECRET: z.string().min(16).optional(),
  GUANCHENG_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  env: Env['NODE_ENV'];
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string | undefined;
  logLevel: Env['GUANCHENG_LOG_LEVEL'];
  demo: boolean;
  /** How many districts the demo loads (1 or 2; src/server/demo/load-demo.ts). */
  demoDistricts: 1 | 2;
  /**
   * Whose X-Forwarded-For to believe (Fastify `trustProxy`): false (none: req.ip is the peer), true (every hop:
   * the left-most address, which a client can forge), or the proxies' addresses (the right-most address not
   * theirs). Per-address limits key on req.ip.
   */
  trustProxy: boolean | string;
  /** HMAC-SM3 key of the audit checkpoints: a file outside the database (created on first use). */
  auditKeyFile: string;
  /** Uploaded files (photos, thumbnails), content-addressed: `<filesDir>/ab/cd/<sha256>`. */
  filesDir: string;
  /** Largest photo accepted, in bytes. */
  photoMaxBytes: number;
  /** Background work: deadline sweep and audit checkpoint intervals. */
  sweepSeconds: number;
  checkpointSeconds: number;
  /** Citizen reports accepted per hour from one address. */
  publicReportLimitPerHour: number;
  publicPhotoLimitPerHour: number;
  /** Absolute base of the public pages (no trailing slash), or null: tracking links are then paths. */
  publicUrl: string | null;
  /** Notification delivery: inbox worker interval, retries, and the outside channels. */
  notifications: {
    deliverySeconds: number;
    maxAttempts: number;
    /** A structured log line per notification (the demo's stand-in for SMS). Defaults to GUANCHENG_DEMO. */
    logChannel: boolean;
    /** POST JSON signed with HMAC-SM3 (SMS gateways, 政务微信 / 钉钉 bots behind a small adapter). */
    webhook: { url: string; secret: string; timeoutMs: number } | null;
  };
  webBuild: boolean;
  /** The map's basemap (src/server/web-config.ts). */
  basemap: { kind: 'none' | 'tianditu' | 'amap' | 'xyz'; key?: string; url?: string; crs: 'wgs84' | 'gcj02'; attribution?: string };
  /** Language of CLI messages: zh-CN unless the shell's LANG says English. */
  cliLang: 'zh-CN' | 'en';
  security: {
    sessionIdleMinutes: number;
    sessionMaxHours: number;
    passwordMaxAgeDays: number;
    passwordMinLength: number;
    loginMaxFailures: number;
    loginLockMinutes: number;
    loginIpLimitPerMinute: number;
    cookieSecure: boolean;
    /** How long a resolved session or API token may be reused without reading it again (0: never). */
    authCacheSeconds: number;
    /** API tokens expire after this many days at most (and by default). */
    apiTokenDays: number;
  };
}

/** GUANCHENG_TRUST_PROXY: a boolean, or a comma-separated list of IP addresses and CIDR ranges; undefined when it is neither. */
function parseTrustProxy(v: string | undefined): boolean | string | undefined {
  if (v === undefined || /^(0|false|no)$/i.test(v)) return false;
  if (/^(1|true|yes)$/i.test(v)) return true;
  const parts = v.split(',').map((p) => p.trim()).filter(Boolean);
  const valid = (p: string) => {
    const [addr, bits, ...rest] = p.split('/');
    const family = net.isIP(addr ?? '');
    if (!family || rest.length) return false;
    return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
  };
  return parts.length && parts.every(valid) ? parts.join(',') : undefined;
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid environment variable ${issue?.path.join('.')}: ${issue?.message}`);
  }
  const e = parsed.data;
  if (e.GUANCHENG_BASEMAP === 'tianditu' && !e.GUANCHENG_TIANDITU_KEY) throw new Error('invalid environment variable GUANCHENG_TIANDITU_KEY: required when GUANCHENG_BASEMAP=tianditu');
  if (e.GUANCHENG_BASEMAP === 'xyz' && !e.GUANCHENG_BASEMAP_URL) throw new Error('invalid environment variable GUANCHENG_BASEMAP_URL: required when GUANCHENG_BASEMAP=xyz');
  if (e.GUANCHENG_WEBHOOK_URL && !e.GUANCHENG_WEBHOOK_SECRET) throw new Error('invalid environment variable GUANCHENG_WEBHOOK_SECRET: required (≥ 16 characters) when GUANCHENG_WEBHOOK_URL is set');
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.GUANCHENG_DATA_DIR,
    logLevel: e.GUANCHENG_LOG_LEVEL,
    demo: e.GUANCHENG_DEMO,
    demoDistricts: e.GUANCHENG_DEMO_DISTRICTS === 2 ? 2 : 1,
    trustProxy: e.GUANCHENG_TRUST_PROXY,
    auditKeyFile: e.GUANCHENG_AUDIT_KEY_FILE ?? path.join(e.GUANCHENG_DATA_DIR ?? path.join(repoRoot, '.data'), 'audit.key'),
    filesDir: e.GUANCHENG_FILES_DIR ?? path.join(e.GUANCHENG_DATA_DIR ?? path.join(repoRoot, '.data'), 'files'),
    photoMaxBytes: Math.round(e.GUANCHENG_PHOTO_MAX_MB * 1024 * 1024),
    sweepSeconds: e.GUANCHENG_SWEEP_SECONDS,
    publicReportLimitPerHour: e.GUANCHENG_PUBLIC_REPORTS_PER_HOUR,
    publicPhotoLimitPerHour: e.GUANCHENG_PUBLIC_PHOTOS_PER_HOUR,
    publicUrl: e.GUANCHENG_PUBLIC_URL?.replace(/\/+$/, '') ?? null,
    checkpointSeconds: e.GUANCHENG_CHECKPOINT_SECONDS,
    notifications: {
      deliverySeconds: e.GUANCHENG_NOTIFY_SECONDS,
      maxAttempts: e.GUANCHENG_NOTIFY_MAX_ATTEMPTS,
      logChannel: e.GUANCHENG_NOTIFY_LOG ?? e.GUANCHENG_DEMO,
      webhook: e.GUANCHENG_WEBHOOK_URL && e.GUANCHENG_WEBHOOK_SECRET ? { url: e.GUANCHENG_WEBHOOK_URL, secret: e.GUANCHENG_WEBHOOK_SECRET, timeoutMs: e.GUANCHENG_WEBHOOK_TIMEOUT_MS } : null,
    },
    // Tests start servers that serve no pages: they neither wait for nor race a build.
    webBuild: e.GUANCHENG_WEB_BUILD ?? e.NODE_ENV !== 'test',
    basemap: { kind: e.GUANCHENG_BASEMAP, key: e.GUANCHENG_TIANDITU_KEY, url: e.GUANCHENG_BASEMAP_URL, crs: e.GUANCHENG_BASEMAP_CRS, attribution: e.GUANCHENG_BASEMAP_ATTRIBUTION },
    cliLang: e.LANG?.toLowerCase().startsWith('en') ? 'en' : 'zh-CN',
    security: {
      sessionIdleMinutes: e.GUANCHENG_SESSION_IDLE_MINUTES,
      sessionMaxHours: e.GUANCHENG_SESSION_MAX_HOURS,
      passwordMaxAgeDays: e.GUANCHENG_PASSWORD_MAX_AGE_DAYS,
      passwordMinLength: e.GUANCHENG_PASSWORD_MIN_LENGTH,
      loginMaxFailures: e.GUANCHENG_LOGIN_MAX_FAILURES,
      loginLockMinutes: e.GUANCHENG_LOGIN_LOCK_MINUTES,
      loginIpLimitPerMinute: e.GUANCHENG_LOGIN_IP_LIMIT_PER_MINUTE,
      cookieSecure: e.GUANCHENG_COOKIE_SECURE ?? e.NODE_ENV === 'production',
      authCacheSeconds: e.GUANCHENG_AUTH_CACHE_SECONDS,
      apiTokenDays: e.GUANCHENG_TOKEN_DAYS,
    },
  };
}
