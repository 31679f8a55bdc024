/**
 * Helpers of the browser tests (run by scripts/test-e2e.ts, which says where the server and the browser are).
 * - `newContext()`: one person = one browser context (1440×900, zh-CN, Asia/Shanghai), on the run's one Chromium.
 *   Every page of it is watched: console errors, uncaught page errors and CSP violations (the page's
 *   `securitypolicyviolation` events and Chromium's "Refused to …" messages). After each test every context it
 *   opened is closed, and the test FAILS if any page had a CSP violation or an uncaught error (console errors are
 *   printed as diagnostics).
 * - `signIn(context, username)`: through the sign-in page, as a person does.
 * - `apiAs(username)`: a small fetch client with the session cookie and the CSRF token, to drive the steps of
 *   other people through the API; `makeUser()` creates a throwaway account (as admin) so a test that changes
 *   a person's state (password, language) never disturbs another test using the demo sign-ins.
 * - `checkA11y(page)`: axe-core on the page; fails on serious or critical violations with a readable list.
 * Texts are the catalogue's (src/web/common/i18n), never copied here: a reworded label does not break a test.
 */
import { after, afterEach } from 'node:test';
import { randomBytes, randomUUID } from 'node:crypto';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import type { Role } from '../../src/shared/roles.ts';
import { auth as zhAuth } from '../../src/web/common/i18n/zh-CN/auth.ts';
import { auth as enAuth } from '../../src/web/common/i18n/en/auth.ts';

export const DEMO_PASSWORD = 'Guancheng@2026';

function required(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run the browser tests with npm run test:e2e`);
  return v;
}
export const BASE_URL = required('E2E_BASE_URL');
/** The server whose sessions time out after one minute (only while the idle test runs). */
export const IDLE_BASE_URL = process.env.E2E_IDLE_BASE_URL ?? null;

// ---------------------------------------------------------------------------------------------------------
// Texts

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
/** An accessible name as antd renders it: two-character Chinese button labels get a space inserted ("登 录"). */
export function nameRe(...texts: string[]): RegExp {
  return new RegExp(`^\\s*(?:${texts.map((t) => [...t].map(escapeRe).join('\\s*')).join('|')})\\s*$`);
}

// ---------------------------------------------------------------------------------------------------------
// Browser, contexts and what went wrong on their pages

let browser: Promise<Browser> | null = null;
function theBrowser(): Promise<Browser> {
  browser ??= chromium.connect(required('E2E_WS_ENDPOINT'));
  return browser;
}
after(async () => {
  if (browser) await (await browser).close();
});

export interface PageProblems {
  csp: string[];
  pageErrors: string[];
  consoleErrors: string[];
}
const problems = new WeakMap<Page, PageProblems>();
const openContexts = new Set<BrowserContext>();

/** Reports CSP violations to the console with a marker the watcher recognises (runs before any page script). */
const CSP_LISTENER = `document.addEventListener('securitypolicyviolation', (e) => {
  console.error('[csp-violation] ' + e.effectiveDirective + ' blocked ' + (e.blockedURI || 'inline') + ' in ' + (e.sourceFile || document.location.href) + ':' + e.lineNumber + (e.sample ? ' sample: ' + e.sample : ''));
}, true);`;

function watch(page: Page): void {
  const p: PageProblems = { csp: [], pageErrors: [], consoleErrors: [] };
  problems.set(page, p);
  page.on('console', (m) => {
    if (m.type() !== 'error' && m.type() !== 'warning') return;
    const text = m.text();
    if (text.startsWith('[csp-violation]') || /Refused to (load|execute|apply|create|connect|frame)|Content Security Policy/.test(text)) p.csp.push(text);
    // An API's 4xx answer is the page's business (shown to the person); Chromium logs it anyway.
    else if (m.type() === 'error' && !/^Failed to load resource: the server responded with a status of 4\d\d/.test(text)) p.consoleErrors.push(`${text}${m.location().url ? ` (${m.location().url})` : ''}`);
  });
  page.on('pageerror', (e) => p.pageErrors.push(e.stack ?? e.message));
}

export function problemsOf(page: Page): PageProblems {
  return problems.get(page) ?? { csp: [], pageErrors: [], consoleErrors: [] };
}

/** A person's browser: a fresh context (its own cookies, storage and cache), watched, closed after the test. */
export async function newContext(opts: BrowserContextOptions & { base?: string } = {}): Promise<BrowserContext> {
  const { base, ...rest } = opts;
  const context = await (await theBrowser()).newContext({
    baseURL: base ?? BASE_URL,
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    ...rest,
  });
  await context.addInitScript(CSP_LISTENER);
  context.on('page', watch);
  openContexts.add(context);
  return context;
}

afterEach(async (t) => {
  const failures: string[] = [];
  for (const context of openContexts) {
    for (const page of context.pages()) {
      const p = problemsOf(page);
      const where = page.url();
      for (const c of new Set(p.csp)) failures.push(`CSP violation on ${where}: ${c}`);
      for (const e of p.pageErrors) failures.push(`uncaught error on ${where}: ${e}`);
      for (const e of p.consoleErrors) if ('diagnostic' in t) t.diagnostic(`console error on ${where}: ${e.slice(0, 500)}`);
    }
    await context.close().catch(() => {});
  }
  openContexts.clear();
  if (failures.length) throw new Error(`the pages of this test had problems:\n  ${failures.join('\n  ')}`);
});

// ---------------------------------------------------------------------------------------------------------
// Signing in through the page

export interface SignInOptions {
  password?: string;
  /** Where to go first (the app sends a signed-out person to /login?next=…). */
  path?: string;
  /** What to wait for once submitted: the app's layout (default), the forced password change, or nothing. */
  expect?: 'app' | 'changePassword' | 'nothing';
}

/** Fills and submits the sign-in form of `page` (already on the sign-in page). */
export async function submitSignIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.getByLabel(nameRe(zhAuth.username, enAuth.username)).fill(username);
  await page.getByLabel(nameRe(zhAuth.password, enAuth.password)).fill(password);
  await page.getByRole('button', { name: nameRe(zhAuth.signIn, enAuth.signIn) }).click();
}

export async function signIn(context: BrowserContext, username: string, opts: SignInOptions = {}): Promise<Page> {
  const page = await context.newPage();
  await page.goto(opts.path ?? '/');
  await page.waitForURL((u) => u.pathname === '/login');
  await submitSignIn(page, username, opts.password);
  const expect = opts.expect ?? 'app';
  if (expect === 'app') await page.getByTestId('user-menu').waitFor({ state: 'visible' });
  if (expect === 'changePassword') await page.getByText(nameRe(zhAuth.changePasswordTitle, enAuth.changePasswordTitle)).waitFor();
  return page;
}

// ---------------------------------------------------------------------------------------------------------
// The API as another person

export class ApiCallError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly body: unknown) {
    super(`${status} ${code}: ${message}`);
  }
}

export interface Me {
  id: number;
  username: string;
  displayName: string;
  unitId: number | null;
  roles: Role[];
  permissions: string[];
  scopes: string[];
  passwordExpired: boolean;
}

export interface ApiClient {
  username: string;
  me: Me;
  csrfToken: string;
  /** The session cookie, e.g. to hand to a browser context (`context.addCookies`). */
  sessionCookie: string;
  /** Any request; never throws on an HTTP status. */
  raw(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: unknown; headers: Headers }>;
  get<T = unknown>(path: string): Promise<T>;
  post<T = unknown>(path: string, body?: unknown): Promise<T>;
  put<T = unknown>(path: string, body?: unknown): Promise<T>;
  patch<T = unknown>(path: string, body?: unknown): Promise<T>;
  delete<T = unknown>(path: string): Promise<T>;
}

async function call(base: string, method: string, path: string, body: unknown, headers: Record<string, string>) {
  const res = await fetch(new URL(path, base), {
    method,
    headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    redirect: 'manual',
  });
  const type = res.headers.get('content-type') ?? '';
  const data: unknown = res.status === 204 ? undefined : type.includes('json') ? await res.json().catch(() => null) : await res.text();
  return { status: res.status, body: data, headers: res.headers };
}

/** Raw sign-in through the API (no session kept): for tests of the answer itself. */
export function loginRequest(username: string, password: string, base = BASE_URL) {
  return call(base, 'POST', '/api/auth/login', { username, password }, {});
}

export async function apiAs(username: string, password = DEMO_PASSWORD, base = BASE_URL): Promise<ApiClient> {
  const res = await fetch(new URL('/api/auth/login', base), {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const data = (await res.json()) as { user: Me; csrfToken: string; error?: { code: string; message: string } };
  if (!res.ok) throw new ApiCallError(res.status, data.error?.code ?? '', `sign-in of ${username} failed: ${data.error?.message}`, data);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.startsWith('gc_session='));
  if (!cookie) throw new Error(`sign-in of ${username}: no session cookie`);
  const sessionCookie = cookie.slice('gc_session='.length);
  const raw: ApiClient['raw'] = (method, path, body, headers = {}) =>
    call(base, method, path, body, {
      cookie,
      ...(method === 'GET' ? {} : { 'x-csrf-token': data.csrfToken, 'idempotency-key': randomUUID() }),
      ...headers,
    });
  const checked = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const r = await raw(method, path, body);
    if (r.status >= 400) {
      const e = (r.body as { error?: { code: string; message: string } } | null)?.error;
      throw new ApiCallError(r.status, e?.code ?? '', `${method} ${path} as ${username}: ${e?.message ?? String(r.body).slice(0, 200)}`, r.body);
    }
    return r.body as T;
  };
  return {
    username,
    me: data.user,
    csrfToken: data.csrfToken,
    sessionCookie,
    raw,
    get: (p) => checked('GET', p),
    post: (p, b) => checked('POST', p, b ?? {}),
    put: (p, b) => checked('PUT', p, b ?? {}),
    patch: (p, b) => checked('PATCH', p, b ?? {}),
    delete: (p) => checked('DELETE', p),
  };
}

/** A session obtained through the API, put into a context: the person is signed in without the sign-in page. */
export async function addSession(context: BrowserContext, api: ApiClient, base = BASE_URL): Promise<void> {
  const url = new URL(base);
  await context.addCookies([{ name: 'gc_session', value: api.sessionCookie, domain: url.hostname, path: '/', httpOnly: true, sameSite: 'Strict' }]);
}

export function uniqueName(prefix: string): string {
  return `e2e-${prefix}-${Date.now().toString(36)}${randomBytes(3).toString('hex')}`.slice(0, 40);
}

/** A password the 等保 policy accepts (length, four classes) that contains no username. */
export function strongPassword(): string {
  return `Gc#${randomBytes(6).toString('hex')}Zq7!`;
}

export interface MadeUser {
  username: string;
  password: string;
  displayName: string;
}

/**
 * A throwaway account made by the demo admin, in the admin's scope. By default its first (temporary) password is
 * changed through the API at once, so it signs in like anyone; `temporary: true` keeps it temporary (it must be
 * changed at the next sign-in, as after an admin's reset).
 */
export async function makeUser(opts: { roles: Role[]; prefix?: string; displayName?: string; unitId?: number; temporary?: boolean; base?: string }): Promise<MadeUser> {
  const base = opts.base ?? BASE_URL;
  const admin = await apiAs('admin', DEMO_PASSWORD, base);
  const username = uniqueName(opts.prefix ?? opts.roles[0]!.toLowerCase());
  const first = strongPassword();
  const displayName = opts.displayName ?? `测试${opts.roles[0]}`;
  await admin.post('/api/users', { username, displayName, roles: opts.roles, scopes: admin.me.scopes, password: first, ...(opts.unitId ? { unitId: opts.unitId } : {}) });
  if (opts.temporary) return { username, password: first, displayName };
  const user = await apiAs(username, first, base);
  const password = strongPassword();
  await user.post('/api/auth/password', { currentPassword: first, newPassword: password });
  return { username, password, displayName };
}

// ---------------------------------------------------------------------------------------------------------
// In the page

/**
 * The page's globals, for functions passed to page.evaluate / waitForFunction (this project's Node typecheck has
 * no DOM types): `(globalThis as unknown as InPage).document…`, written inside the function (it runs in the page,
 * where nothing of this module exists). Pass functions, never strings: waitForFunction evaluates a string in
 * the page, which the CSP (no 'unsafe-eval') refuses.
 */
export interface InPage {
  document: {
    querySelector(selector: string): { getAttribute(name: string): string | null } | null;
    querySelectorAll(selector: string): ArrayLike<{ getAttribute(name: string): string | null }>;
    getAnimations(): Array<{ playState: string }>;
  };
  getComputedStyle(el: unknown): { backgroundColor: string; color: string };
  performance: { now(): number };
}

// ---------------------------------------------------------------------------------------------------------
// Accessibility

/** Waits until antd's enter animations have finished (a fading element would be measured at half contrast). */
export async function settle(page: Page, ms = 5000): Promise<void> {
  await page
    .waitForFunction(() => (globalThis as unknown as InPage).document.getAnimations().every((a) => a.playState !== 'running'), undefined, { timeout: ms })
    .catch(() => {});
}

/** Waits until no antd loading state (skeleton, spinner) is on the page: the screen shows its data, or its empty/error state. */
export async function waitForContent(page: Page, ms = 20_000): Promise<void> {
  await page.waitForFunction(() => !(globalThis as unknown as InPage).document.querySelector('.ant-skeleton-active, .ant-spin-spinning, .ant-spin-fullscreen-show'), undefined, { timeout: ms, polling: 100 });
}

/** axe-core on the whole page: throws on serious or critical violations, one line per rule and element. */
export async function checkA11y(page: Page, opts: { exclude?: string[] } = {}): Promise<void> {
  await settle(page);
  let builder = new AxeBuilder({ page });
  for (const e of opts.exclude ?? []) builder = builder.exclude(e);
  const results = await builder.analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (!bad.length) return;
  const lines = bad.flatMap((v) => [
    `[${v.impact}] ${v.id}: ${v.help} (${v.nodes.length} element${v.nodes.length > 1 ? 's' : ''}) — ${v.helpUrl}`,
    ...v.nodes.slice(0, 8).map((n) => `    ${n.target.join(' ')}${n.failureSummary ? `\n      ${n.failureSummary.replace(/\n/g, '\n      ')}` : ''}`),
  ]);
  throw new Error(`accessibility (axe) on ${page.url()}: ${bad.length} serious/critical rule(s) violated:\n${lines.join('\n')}`);
}
