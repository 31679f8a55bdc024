/**
 * The idle timeout counts only the user's own actions (等保 2.0; issue 17): requests a page makes on its own —
 * marked `X-GC-Background: 1` — and the live stream are signed in as usual but never restart the idle clock, so
 * an unattended screen still times out; the user's own requests do restart it. Time passing is simulated by
 * moving the session's last_seen_at back (and dropping the few-second sign-in cache, as real time would).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { digest } from '../src/server/modules/auth/auth.service.ts';
import { call, login, testApp, type Session, type TestApp } from './support/app.ts';
import { openStream, waitFor } from './support/isolation-walk.ts';

let t: TestApp;
before(async () => {
  t = await testApp({ GUANCHENG_SESSION_IDLE_MINUTES: '1' });
});
after(async () => t.close());

const sessionId = (s: Session) => digest(s.cookie.replace(/^gc_session=/, ''));
/** Seconds since the session's idle clock last restarted. */
const idleSeconds = async (s: Session) =>
  Number((await t.db.query(`SELECT extract(epoch FROM now() - last_seen_at) AS s FROM sessions WHERE id = $1`, [sessionId(s)])).rows[0].s);
/** `seconds` pass: the idle clock is that much older, and cached sign-ins (5 s) have long expired. */
const pass = async (s: Session, seconds: number) => {
  await t.db.query(`UPDATE sessions SET last_seen_at = last_seen_at - make_interval(secs => $2) WHERE id = $1`, [sessionId(s), seconds]);
  t.state.auth.clear();
};
const background = (s: Session, url = '/api/cases/queue/summary') => call(t.app, s, { method: 'GET', url, headers: { 'x-gc-background': '1' } });
const foreground = (s: Session, url = '/api/cases/queue/summary') => call(t.app, s, { method: 'GET', url });

test('background requests before the idle limit are answered but do not keep the session alive: the next request gets SESSION_EXPIRED', async () => {
  const s = await login(t.app, 'dispatcher');
  await pass(s, 40);
  for (const url of ['/api/cases/queue/summary', '/api/notifications/unread-count', '/api/cases/alerts']) {
    const res = await background(s, url);
    assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
  }
  t.state.auth.clear();
  assert.equal((await background(s)).statusCode, 200);
  assert.ok((await idleSeconds(s)) >= 40, 'the idle clock was not restarted');
  await pass(s, 25); // 65 s without an action of the user's, over the 1-minute limit
  const res = await foreground(s);
  assert.equal(res.statusCode, 401);
  assert.equal(res.json().error.code, 'SESSION_EXPIRED');
  assert.equal((await background(s)).statusCode, 401, 'a background request after the limit is refused too');
});

test('a request of the user’s own restarts the idle clock', async () => {
  const s = await login(t.app, 'receiver');
  await pass(s, 40);
  assert.equal((await foreground(s)).statusCode, 200);
  assert.ok((await idleSeconds(s)) < 5, 'restarted');
  await pass(s, 25);
  assert.equal((await foreground(s)).statusCode, 200, '25 s after the last action: still signed in');
  // X-GC-Background: 0 is not background. (The clock restarts at most every 30 s: 25 + 10 s since the last restart.)
  await pass(s, 10);
  assert.equal((await call(t.app, s, { method: 'GET', url: '/api/auth/session', headers: { 'x-gc-background': '0' } })).statusCode, 200);
  assert.ok((await idleSeconds(s)) < 5);
});

test('a sign-in cached by a background request does not swallow the user’s next action', async () => {
  const s = await login(t.app, 'shiftleader');
  await pass(s, 40);
  assert.equal((await background(s)).statusCode, 200); // reads the session, caches it
  assert.ok((await idleSeconds(s)) >= 40);
  assert.equal((await foreground(s)).statusCode, 200); // at once: within the cache's lifetime
  assert.ok((await idleSeconds(s)) < 5, 'the action reached the idle clock');
});

test('the live stream never restarts the idle clock', { timeout: 30_000 }, async () => {
  const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  const s = await login(t.app, 'leader');
  await pass(s, 40);
  const stream = await openStream(base, s.cookie);
  try {
    await waitFor('ready', () => stream.events.some((e) => e.event === 'ready'));
    assert.ok((await idleSeconds(s)) >= 40, 'opening the stream is not an action');
  } finally {
    stream.close();
  }
  await pass(s, 25);
  const res = await foreground(s);
  assert.equal(res.statusCode, 401);
  assert.equal(res.json().error.code, 'SESSION_EXPIRED');
});

test('the OpenAPI document says how a page marks its background requests', async () => {
  const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
  assert.match(doc.paths['/api/auth/session'].get.description, /X-GC-Background: 1/);
});
