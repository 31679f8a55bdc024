/**
 * Signed-in callers are cached for a few seconds per process. A change made elsewhere — another app
 * process or the CLI, seen here as a second connection writing directly — reaches this process through
 * the triggers' NOTIFY and its live hub, so a disabled user or a removed role stops working at once.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { createActorCache } from '../src/server/modules/auth/actor-cache.ts';
import { createApiToken, loadActor } from '../src/server/modules/auth/auth.service.ts';
import { AUTH_CHANGED_CHANNEL } from '../src/server/db/channels.ts';
import { acquireLiveHub } from '../src/server/modules/notifications/live-hub.ts';
import { call, login, testApp, type TestApp } from './support/app.ts';

let t: TestApp;
let other: pg.Client;
let release: () => Promise<void>;
before(async () => {
  t = await testApp();
  other = new pg.Client({ connectionString: t.url });
  await other.connect();
  // As server.ts wires it.
  const live = acquireLiveHub(t.db, { warn() {}, error() {} });
  const off = live.hub.onSignal(AUTH_CHANGED_CHANNEL, () => t.state.auth.clear());
  await live.hub.ready();
  release = async () => {
    off();
    await live.release();
  };
});
after(async () => {
  await release();
  await other.end();
  await t.close();
});

async function until(what: string, check: () => Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

test('a token cached by this process stops working as soon as another process disables its user', async () => {
  const receiver = (await loadActor(t.db, t.district.users.receiver!.id, t.config, 'token'))!;
  const { token } = await createApiToken(t.db, receiver, { name: '12345 热线对接' }, { ip: '127.0.0.1', requestId: 'test' });
  const get = () => t.app.inject({ method: 'GET', url: '/api/cases', headers: { authorization: `Bearer ${token}` } });
  assert.equal((await get()).statusCode, 200);
  await other.query(`UPDATE users SET disabled_at = now() WHERE username = 'receiver'`);
  const started = Date.now();
  await until('the disabled user to be refused', async () => (await get()).statusCode === 401);
  assert.ok(Date.now() - started < 2000, 'well within the cache lifetime');
});

test('a role removed elsewhere is no longer granted on the next requests', async () => {
  const s = await login(t.app, 'dispatcher');
  assert.equal((await call(t.app, s, { method: 'GET', url: '/api/cases' })).statusCode, 200);
  await other.query(`DELETE FROM user_roles WHERE user_id = (SELECT id FROM users WHERE username = 'dispatcher')`);
  const started = Date.now();
  await until('the permission to be gone', async () => (await call(t.app, s, { method: 'GET', url: '/api/cases' })).statusCode === 403);
  assert.ok(Date.now() - started < 2000, 'well within the cache lifetime');
});

test('sign-in state read while a change commits is not kept', async () => {
  // Many concurrent lookups racing a revoke: afterwards none of them may still be served from the cache.
  const s = await login(t.app, 'leader');
  const hits = Array.from({ length: 20 }, () => call(t.app, s, { method: 'GET', url: '/api/cases' }));
  const revoke = other.query(`UPDATE sessions SET revoked_at = now() WHERE user_id = (SELECT id FROM users WHERE username = 'leader')`);
  await Promise.all([...hits, revoke]);
  await until('the revoked session to be refused', async () => (await call(t.app, s, { method: 'GET', url: '/api/cases' })).statusCode === 401);
  for (let i = 0; i < 5; i++) assert.equal((await call(t.app, s, { method: 'GET', url: '/api/cases' })).statusCode, 401);
});

test('the cache keeps an entry for its lifetime only, and never one read before a clear', () => {
  const cache = createActorCache();
  const actor = { userId: 1 } as never;
  const now = Date.now();
  let gen = cache.generation();
  cache.remember('k', actor, now + 60_000, gen);
  assert.equal(cache.get('k'), actor);
  assert.equal(cache.get('k', now + 61_000), undefined, 'expired');
  gen = cache.generation();
  cache.clear();
  cache.remember('k', actor, now + 60_000, gen); // read began before the clear
  assert.equal(cache.get('k'), undefined);
  // Each app has its own: clearing one leaves another's entries.
  const other = createActorCache();
  other.remember('k', actor, now + 60_000, other.generation());
  cache.clear();
  assert.equal(other.get('k'), actor);
});
