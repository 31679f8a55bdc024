/**
 * The security headers a government scan expects, on the page and on the API, over plain HTTP: a CSP with no
 * inline script that still lets antd's generated styles in (a nonce per response) and MapLibre's workers
 * (blob:), frame-ancestors 'none', nosniff, a referrer policy, and no HSTS (a plain-HTTP intranet install must
 * not pin itself to TLS). In the browser: the sign-in page renders styled with no CSP violation.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BASE_URL, nameRe, newContext, type InPage } from './support.ts';
import { auth as zhAuth } from '../../src/web/common/i18n/zh-CN/auth.ts';

function directives(csp: string): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const part of csp.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) m.set(name.toLowerCase(), values);
  }
  return m;
}

test('the page / carries the CSP and the other security headers', async () => {
  const res = await fetch(new URL('/', BASE_URL));
  assert.equal(res.status, 200);
  const html = await res.text();
  const csp = res.headers.get('content-security-policy');
  assert.ok(csp, 'a Content-Security-Policy header');
  const d = directives(csp);
  const script = d.get('script-src') ?? d.get('default-src') ?? [];
  assert.ok(script.length, `script-src or default-src in ${csp}`);
  assert.ok(!script.includes("'unsafe-inline'"), `script-src without 'unsafe-inline': ${script.join(' ')}`);
  assert.ok(!script.includes("'unsafe-eval'"), `script-src without 'unsafe-eval': ${script.join(' ')}`);
  assert.ok(!script.includes('*') && !script.includes('http:') && !script.includes('https:'), `script-src names no wildcard source: ${script.join(' ')}`);
  assert.deepEqual(d.get('frame-ancestors'), ["'none'"]);
  assert.ok(d.get('worker-src')?.includes('blob:'), `worker-src allows blob: (MapLibre's workers): ${d.get('worker-src')?.join(' ')}`);
  assert.deepEqual(d.get('object-src'), ["'none'"]);
  const style = d.get('style-src') ?? [];
  assert.ok(!style.includes("'unsafe-inline'"), `style-src without 'unsafe-inline': ${style.join(' ')}`);
  const nonce = style.find((s) => s.startsWith("'nonce-"))?.slice(7, -1);
  assert.ok(nonce, `style-src carries a nonce for antd's styles: ${style.join(' ')}`);
  assert.ok(html.includes(`<meta name="csp-nonce" content="${nonce}"`), 'the page hands the same nonce to antd');
  assert.ok(!/<script(?![^>]*\bsrc=)[^>]*>/i.test(html), 'no inline <script> in the page');

  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  const referrer = res.headers.get('referrer-policy') ?? '';
  assert.ok(['no-referrer', 'same-origin', 'strict-origin', 'strict-origin-when-cross-origin'].includes(referrer), `a referrer policy that keeps paths in: ${referrer}`);
  assert.equal(res.headers.get('x-frame-options')?.toUpperCase(), 'DENY');
  assert.equal(res.headers.get('strict-transport-security'), null, 'no HSTS over plain HTTP');
  assert.equal(res.headers.get('x-powered-by'), null);

  // A nonce per response: a second load gets another one.
  const again = directives((await fetch(new URL('/', BASE_URL))).headers.get('content-security-policy') ?? '');
  assert.notEqual(again.get('style-src')?.find((s) => s.startsWith("'nonce-")), `'nonce-${nonce}'`, 'a fresh nonce per response');
});

test('client-side routes and the API carry the headers too', async () => {
  for (const path of ['/login?next=%2Fcases', '/cases/1', '/api/auth/session', '/api/no-such-endpoint']) {
    const res = await fetch(new URL(path, BASE_URL));
    await res.arrayBuffer();
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff', `nosniff on ${path}`);
    assert.equal(res.headers.get('strict-transport-security'), null, `no HSTS on ${path}`);
    if (!path.startsWith('/api/')) {
      assert.equal(res.status, 200, path);
      assert.match(res.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/, `CSP on ${path}`);
      assert.equal(res.headers.get('cache-control'), 'no-store', `the page (with its nonce) is never cached: ${path}`);
    }
  }
});

test('the sign-in page renders under the CSP: styled, no violation', async () => {
  const context = await newContext();
  const page = await context.newPage();
  await page.goto('/');
  await page.waitForURL((u) => u.pathname === '/login');
  const button = page.getByRole('button', { name: nameRe(zhAuth.signIn) });
  await button.waitFor();
  // antd's generated styles carry the nonce: without them the primary button would have no background.
  const bg = await button.evaluate((el) => (globalThis as unknown as InPage).getComputedStyle(el).backgroundColor);
  assert.notEqual(bg, 'rgba(0, 0, 0, 0)', 'the primary button is styled (antd styles applied under the CSP)');
  // The support module fails the test on any CSP violation of this page.
});
