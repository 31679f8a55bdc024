/**
 * The one way the web talks to the API: same-origin JSON with the session cookie, the CSRF token on
 * every write, an Idempotency-Key on every POST/PUT/PATCH/DELETE (so a double click is one action), and
 * errors turned into `ApiError` carrying the server's code and its message in the user's language.
 * Background reads (polls, refetches the user did not ask for) say so with `x-gc-background`, so they
 * never keep an idle session alive (the server's idle clock counts the user's own actions only).
 */
export interface ApiErrorBody {
  code: string;
  message: string;
  fields?: Record<string, string>;
  details?: Record<string, unknown>;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string>,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
  get isConflict(): boolean {
    return this.status === 409;
  }
  get isSignedOut(): boolean {
    return this.status === 401;
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Record<string, string | number | boolean | readonly (string | number)[] | null | undefined>;
  /** Not the user's own action: does not restart the idle clock. By default a GET is background unless
   * the person gave input in the last few seconds (the refetches a live event triggers are not theirs). */
  background?: boolean;
  /** A retry of the same action must reuse the key (mutations made with `useAction` keep one per attempt). */
  idempotencyKey?: string;
  signal?: AbortSignal;
}

let csrfToken: string | null = null;
/** When the person last pressed a key, clicked or touched: a read made soon after is their own action. */
let lastInput = 0;
const INPUT_WINDOW_MS = 3000;
if (typeof window !== 'undefined') {
  const mark = () => {
    lastInput = Date.now();
  };
  for (const ev of ['pointerdown', 'keydown', 'wheel', 'touchstart']) window.addEventListener(ev, mark, { capture: true, passive: true });
}
let language = 'zh-CN';
const signedOutListeners = new Set<(code: string) => void>();

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}
export function setApiLanguage(lang: string): void {
  language = lang;
}
/** Called when any request finds the session gone (expired, signed out elsewhere, disabled). */
export function onSignedOut(fn: (code: string) => void): () => void {
  signedOutListeners.add(fn);
  return () => signedOutListeners.delete(fn);
}

export function queryString(query: RequestOptions['query']): string {
  if (!query) return '';
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) for (const x of v) p.append(k, String(x));
    else p.set(k, String(v));
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const method = opts.method ?? (opts.body === undefined ? 'GET' : 'POST');
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': language };
  // A file sent as it is (a CSV upload: its Blob's type); FormData sets its own; anything else is JSON.
  const raw = opts.body instanceof Blob || opts.body instanceof FormData;
  if (opts.body instanceof Blob) headers['content-type'] = opts.body.type || 'application/octet-stream';
  else if (opts.body !== undefined && !raw) headers['content-type'] = 'application/json';
  if (method !== 'GET') {
    if (csrfToken) headers['x-csrf-token'] = csrfToken;
    headers['idempotency-key'] = opts.idempotencyKey ?? newIdempotencyKey();
  }
  // A write is always the person's own; a read is theirs only if they just did something.
  const background = opts.background ?? (method === 'GET' && Date.now() - lastInput > INPUT_WINDOW_MS);
  if (background) headers['x-gc-background'] = '1';
  let res: Response;
  try {
    res = await fetch(path + queryString(opts.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: opts.body === undefined ? undefined : raw ? (opts.body as Blob | FormData) : JSON.stringify(opts.body),
      signal: opts.signal,
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'NETWORK', '');
  }
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  const data: unknown = type.includes('json') ? await res.json().catch(() => null) : await res.text();
  if (!res.ok) {
    const e = (data as { error?: ApiErrorBody } | null)?.error;
    const error = new ApiError(res.status, e?.code ?? `HTTP_${res.status}`, e?.message ?? res.statusText, e?.fields, e?.details);
    if (res.status === 401 && path !== '/api/auth/login' && path !== '/api/auth/session') for (const fn of signedOutListeners) fn(error.code);
    throw error;
  }
  return data as T;
}
