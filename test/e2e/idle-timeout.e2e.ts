/**
 * The idle timeout counts only the person's own actions: with the live stream open (and the page's background
 * checks running) a person who does nothing is signed out once the idle time is up, sees why on the sign-in
 * page, and after signing in again is back where they were. Runs against the run's second server, whose
 * sessions time out after one minute (GUANCHENG_SESSION_IDLE_MINUTES=1, scripts/test-e2e.ts); takes ~2 minutes.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IDLE_BASE_URL, makeUser, newContext, submitSignIn } from './support.ts';
import { auth as zhAuth } from '../../src/web/common/i18n/zh-CN/auth.ts';

const IDLE_MS = 60_000;

test('idle with the live stream open → signed out with the idle message → back to the same page', {
  skip: IDLE_BASE_URL ? false : 'needs the one-minute-idle server that npm run test:e2e starts for this file',
  timeout: 240_000,
}, async () => {
  const base = IDLE_BASE_URL!;
  const user = await makeUser({ roles: ['dispatcher'], prefix: 'idle', base });
  const context = await newContext({ base });
  const page = await context.newPage();
  const streams: number[] = [];
  page.on('response', (r) => {
    if (new URL(r.url()).pathname === '/api/stream') streams.push(r.status());
  });

  await page.goto('/inbox');
  await page.waitForURL((u) => u.pathname === '/login' && u.searchParams.get('next') === '/inbox');
  await submitSignIn(page, user.username, user.password);
  const signedInAt = Date.now();
  await page.getByTestId('user-menu').waitFor();
  await page.waitForURL((u) => u.pathname === '/inbox');
  // The live stream is open: it is the page listening, not the person acting.
  await page.locator('[data-live="open"]').waitFor({ timeout: 20_000 });
  assert.equal(streams[0], 200, 'the live stream opened');

  // Nothing is touched from now on. Shortly before the minute is up the person is still in, the stream still open.
  await page.waitForTimeout(IDLE_MS - 10_000 - (Date.now() - signedInAt));
  assert.equal(new URL(page.url()).pathname, '/inbox', 'not signed out before the idle time is up');
  assert.equal(await page.locator('[data-live="open"]').count(), 1, 'the stream stayed open while idle');

  // Then the page finds the session gone (its background check runs every minute) and goes to sign-in.
  await page.waitForURL((u) => u.pathname === '/login', { timeout: 150_000 });
  const idleFor = Date.now() - signedInAt;
  assert.ok(idleFor >= IDLE_MS, `signed out after ${idleFor} ms idle`);
  assert.equal(new URL(page.url()).searchParams.get('next'), '/inbox', 'the sign-in page remembers where the person was');
  await page.getByText(zhAuth.signedOutIdle).waitFor();

  await submitSignIn(page, user.username, user.password);
  await page.getByTestId('user-menu').waitFor();
  await page.waitForURL((u) => u.pathname === '/inbox');
});
