/**
 * Sign-in hardening (等保 2.0): lockout never tells which usernames exist, every 429 says when to come back
 * (Retry-After), and behind a proxy the per-address limits count the client's address, not the proxy's or one
 * the client wrote into X-Forwarded-For.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadConfig } from '../src/server/config.ts';
import { createIpLimiter } from '../src/server/modules/auth/ip-limiter.ts';
import { call, login, nextIp, testApp, type TestApp } from './support/app.ts';
import { TEST_PASSWORD } from './support/factories.ts';

let t: TestApp;
let proxied: TestApp;
before(async () => {
  t = await testApp({ GUANCHENG_LOGIN_IP_LIMIT_PER_MINUTE: '3' });
  proxied = await testApp({ GUANCHENG_TRUST_PROXY: '127.0.0.1', GUANCHENG_LOGIN_IP_LIMIT_PER_MINUTE: '3', GUANCHENG_PUBLIC_REPORTS_PER_HOUR: '2' });
});
after(async () => {
  await t.close();
  await proxied.close();
});

const attempt = (app: TestApp, username: string, password: string, remoteAddress = nextIp(), headers: Record<string, string> = {}) =>
  app.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress, headers });

test('an unknown username is answered exactly as a known one: same errors, same lockout, same cost', async () => {
  const run = async (username: string) => {
    const seen: Array<[number, string, string]> = [];
    const ms: number[] = [];
    for (let i = 0; i < 7; i++) {
      const t0 = performance.now();
      const r = await attempt(t, username, `Wrong-${i}-password`);
      ms.push(performance.now() - t0);
      // The lock's end differs by the moment it started: compare messages with the digits masked.
      seen.push([r.statusCode, r.json().error.code, r.json().error.message.replace(/\d/g, '#')]);
    }
    return { seen, ms };
  };
  const known = await run('receiver');
  const unknown = await run('no.such.person');
  assert.deepEqual(known.seen.map(([s, c]) => `${s} ${c}`), [...Array(4).fill('401 INVALID_CREDENTIALS'), ...Array(3).fill('423 ACCOUNT_LOCKED')]);
  assert.deepEqual(unknown.seen, known.seen);
  // Each wrong password costs one argon2 verification, whether or not the account exists.
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const ratio = median(unknown.ms.slice(0, 4)) / median(known.ms.slice(0, 4));
  assert.ok(ratio > 0.33 && ratio < 3, `unknown/known wrong-password time ratio ${ratio.toFixed(2)}`);
  // Even the right password of a locked account is refused as any guess under the locked name is.
  assert.equal((await attempt(t, 'receiver', TEST_PASSWORD)).json().error.code, 'ACCOUNT_LOCKED');
  const { rows } = await t.db.query(`SELECT kind, detail->>'reason' AS reason FROM security_events WHERE username = 'no.such.person' ORDER BY id`);
  assert.ok(rows.some((e) => e.kind === 'login.locked'), 'the lock under the unknown name is logged');
  assert.ok(rows.every((e) => e.kind !== 'login.failed' || ['unknownUser', 'locked'].includes(e.reason)));

  // A failure count kept under a name no one had does not pass to the account later made with that name.
  const admin = await login(t.app, 'admin');
  const made = await call(t.app, admin, { method: 'POST', url: '/api/users', payload: { username: 'no.such.person', displayName: '新人', roles: ['receiver'], scopes: ['410104'], password: 'Grid-Patrol-2026' } });
  assert.equal(made.statusCode, 201, made.body);
  assert.equal((await attempt(t, 'no.such.person', 'Grid-Patrol-2026')).statusCode, 200);
});

test('a 429 carries Retry-After: the whole seconds until the address may try again', async () => {
  const ip = '192.0.2.10';
  const statuses: number[] = [];
  let last;
  for (let i = 0; i < 5; i++) {
    last = await attempt(t, i % 2 ? 'leader' : `nobody${i}`, 'x', ip);
    statuses.push(last.statusCode);
  }
  assert.deepEqual(statuses, [401, 401, 401, 429, 429]);
  assert.equal(last!.json().error.code, 'TOO_MANY_REQUESTS');
  const wait = Number(last!.headers['retry-after']);
  assert.ok(Number.isInteger(wait) && wait >= 1 && wait <= 60, `Retry-After ${last!.headers['retry-after']}`);

  let now = 0;
  const limiter = createIpLimiter(2, 60_000, () => now);
  assert.ok(limiter.take('a'));
  now = 10_000;
  assert.ok(limiter.take('a'));
  now = 20_000;
  assert.equal(limiter.take('a'), false);
  assert.equal(limiter.retryAfter('a'), 40, 'the first attempt leaves the window at 60 s');
  now = 60_000;
  assert.ok(limiter.take('a'));
  assert.equal(limiter.retryAfter('b'), 1);
});

test('behind a trusted proxy the sign-in limit counts the client’s address, whatever the client writes in X-Forwarded-For', async () => {
  const proxy = '127.0.0.1';
  const via = (client: string, forged = `198.51.100.${Math.floor(Math.random() * 250)}`) => ({ 'x-forwarded-for': `${forged}, ${client}` });
  const fromA: number[] = [];
  for (let i = 0; i < 4; i++) fromA.push((await attempt(proxied, 'leader', 'x', proxy, via('203.0.113.5'))).statusCode);
  assert.deepEqual(fromA, [401, 401, 401, 429], 'forging the left-most address does not reset the count');
  assert.equal((await attempt(proxied, 'leader', 'x', proxy, via('203.0.113.6'))).statusCode, 401, 'another client behind the same proxy is not limited');
  const { rows } = await proxied.db.query(`SELECT DISTINCT ip FROM security_events WHERE kind IN ('login.failed', 'login.rateLimited') AND username = 'leader'`);
  assert.deepEqual(rows.map((r) => r.ip).sort(), ['203.0.113.5', '203.0.113.6']);

  // Without GUANCHENG_TRUST_PROXY the header is ignored: the peer is the address.
  const direct: number[] = [];
  for (let i = 0; i < 4; i++) direct.push((await attempt(t, 'leader', 'x', '192.0.2.20', { 'x-forwarded-for': `203.0.113.${i}` })).statusCode);
  assert.deepEqual(direct, [401, 401, 401, 429]);
});

test('behind a trusted proxy citizens’ reports are limited per client too', async () => {
  const report = (client: string) => proxied.app.inject({
    method: 'POST', url: '/api/public/reports', remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': client },
    payload: { categoryCode: '06010', lng: 113.7005, lat: 34.7035, description: '路边有暴露垃圾' },
  });
  assert.deepEqual([(await report('203.0.113.7')).statusCode, (await report('203.0.113.7')).statusCode, (await report('203.0.113.7')).statusCode], [201, 201, 429]);
  assert.equal((await report('203.0.113.8')).statusCode, 201);
});

test('GUANCHENG_TRUST_PROXY takes a boolean or the proxies’ addresses, and refuses anything else', () => {
  const trust = (v?: string) => loadConfig({ NODE_ENV: 'test', ...(v === undefined ? {} : { GUANCHENG_TRUST_PROXY: v }) }).trustProxy;
  assert.equal(trust(), false);
  assert.equal(trust('false'), false);
  assert.equal(trust('1'), true);
  assert.equal(trust('10.0.0.0/8, 127.0.0.1,::1'), '10.0.0.0/8,127.0.0.1,::1');
  for (const bad of ['proxy.example.gov.cn', '10.0.0.0/33', '300.1.1.1', ',']) assert.throws(() => trust(bad), /GUANCHENG_TRUST_PROXY/, bad);
  assert.equal(loadConfig({ NODE_ENV: 'test' }).security.apiTokenDays, 90);
});
