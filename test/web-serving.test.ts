/**
 * The web as the server serves it: the page for every client route with a fresh CSP nonce, hashed
 * assets cached for good, the API never answered by a page, and the headers a government scan checks.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { loadWebAssets } from '../src/server/http/web.ts';
import { testApp, type TestApp } from './support/app.ts';

let t: TestApp;
let dir: string;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gc-web-'));
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><html><head><meta name="csp-nonce" content="__CSP_NONCE__"><script type="module" src="/assets/office-abc123.js"></script></head><body><div id="root"></div></body></html>');
  fs.writeFileSync(path.join(dir, 'assets', 'office-abc123.js'), 'console.log(1)');
  fs.writeFileSync(path.join(dir, 'assets', 'office-abc123.js.br'), zlib.brotliCompressSync('console.log(1)'));
  t = await testApp({}, { web: loadWebAssets(dir)! });
});
after(async () => {
  await t.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function csp(res: { headers: Record<string, unknown> }): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const part of String(res.headers['content-security-policy']).split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) m.set(name, values);
  }
  return m;
}

test('the back office page for / and client routes, with a per-response nonce in the page and the CSP', async () => {
  const pages = await Promise.all(['/', '/cases/12', '/intake?x=1'].map((url) => t.app.inject({ url })));
  const nonces = new Set<string>();
  for (const res of pages) {
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/html/);
    assert.equal(res.headers['cache-control'], 'no-store');
    const nonce = /name="csp-nonce" content="([0-9a-f]{32})"/.exec(res.body)?.[1];
    assert.ok(nonce, 'nonce in the page');
    assert.ok(csp(res).get('style-src')!.includes(`'nonce-${nonce}'`), 'the page nonce is the style nonce');
    nonces.add(nonce);
  }
  assert.equal(nonces.size, 3, 'a fresh nonce per response');
});

test('CSP: no inline script, workers from blob:, no framing; nosniff, referrer policy, no HSTS over plain HTTP', async () => {
  const res = await t.app.inject({ url: '/' });
  const p = csp(res);
  assert.deepEqual(p.get('default-src'), ["'self'"]);
  assert.ok(!p.get('script-src')!.some((v) => v === "'unsafe-inline'" || v === "'unsafe-eval'"));
  assert.ok(!p.get('style-src')!.includes("'unsafe-inline'"));
  assert.ok(p.get('worker-src')!.includes('blob:'));
  assert.deepEqual(p.get('frame-ancestors'), ["'none'"]);
  assert.deepEqual(p.get('object-src'), ["'none'"]);
  assert.equal(res.headers['x-content-type-options'], 'nosniff');
  assert.equal(res.headers['referrer-policy'], 'same-origin');
  assert.equal(res.headers['x-frame-options'], 'DENY');
  assert.equal(res.headers['strict-transport-security'], undefined);
  const api = await t.app.inject({ url: '/api/auth/session' });
  assert.equal(api.headers['x-content-type-options'], 'nosniff');
});

test('HSTS when the request came over TLS (behind a trusted proxy)', async () => {
  const proxied = await testApp({ GUANCHENG_TRUST_PROXY: '127.0.0.1' });
  try {
    const res = await proxied.app.inject({ url: '/api/web-config', headers: { 'x-forwarded-proto': 'https' } });
    assert.match(String(res.headers['strict-transport-security']), /max-age=\d{7,}/);
  } finally {
    await proxied.close();
  }
});

test('hashed assets are public and cached for a year; a missing asset is a 404, not the page', async () => {
  const js = await t.app.inject({ url: '/assets/office-abc123.js' });
  assert.equal(js.statusCode, 200);
  assert.match(String(js.headers['cache-control']), /max-age=31536000.*immutable|immutable.*max-age=31536000/);
  const missing = await t.app.inject({ url: '/assets/nope-1.js' });
  assert.equal(missing.statusCode, 404);
  assert.doesNotMatch(missing.body, /<html/);
  // The build's precompressed copy goes to a browser that takes it, the plain file to one that does not.
  const br = await t.app.inject({ url: '/assets/office-abc123.js', headers: { 'accept-encoding': 'gzip, br' } });
  assert.equal(br.headers['content-encoding'], 'br');
  assert.equal(zlib.brotliDecompressSync(br.rawPayload).toString(), 'console.log(1)');
  assert.match(String(br.headers['content-type']), /javascript/);
  assert.equal(js.headers['content-encoding'], undefined);
  assert.equal(js.body, 'console.log(1)');
});

test('an unknown API path is a JSON 404 in the caller’s language, never the page', async () => {
  const res = await t.app.inject({ url: '/api/no-such-thing', headers: { 'accept-language': 'en' } });
  assert.equal(res.statusCode, 404);
  assert.equal(res.json().error.code, 'ROUTE_NOT_FOUND');
  const write = await t.app.inject({ method: 'POST', url: '/cases/1', payload: {} });
  // Only GET serves pages; an unknown write is refused like any unknown route (sign-in first: 401).
  assert.ok(write.statusCode === 401 || write.statusCode === 404, String(write.statusCode));
  assert.doesNotMatch(write.body, /<html/);
});

test('web-config: offline by default; a configured basemap opens the CSP to its tile hosts only', async () => {
  const res = await t.app.inject({ url: '/api/web-config' });
  assert.equal(res.statusCode, 200);
  assert.deepEqual(res.json().basemap.tiles, []);
  assert.deepEqual(csp(await t.app.inject({ url: '/' })).get('img-src'), ["'self'", 'data:', 'blob:']);
  const tdt = await testApp({ GUANCHENG_BASEMAP: 'tianditu', GUANCHENG_TIANDITU_KEY: 'abcdef0123456789' }, { web: loadWebAssets(dir)! });
  try {
    const cfg = (await tdt.app.inject({ url: '/api/web-config' })).json();
    assert.equal(cfg.basemap.kind, 'tianditu');
    assert.equal(cfg.basemap.crs, 'wgs84');
    assert.match(cfg.basemap.tiles[0][0], /^https:\/\/t0\.tianditu\.gov\.cn\/vec_w\/wmts\?.*tk=abcdef0123456789/);
    const img = csp(await tdt.app.inject({ url: '/' })).get('img-src')!;
    assert.ok(img.includes('https://t0.tianditu.gov.cn') && img.includes('https://t7.tianditu.gov.cn'));
    assert.ok(!img.some((h) => h.includes('autonavi')));
  } finally {
    await tdt.close();
  }
});

test('the tracking page’s own style runs under the CSP nonce', async () => {
  const res = await t.app.inject({ url: '/p/track/not-a-real-token-0000000000' });
  const nonce = /<style nonce="([0-9a-f]{32})">/.exec(res.body)?.[1];
  assert.ok(nonce, res.body.slice(0, 300));
  assert.ok(csp(res).get('style-src')!.includes(`'nonce-${nonce}'`));
  assert.doesNotMatch(res.body, / style="/);
});
