/**
 * Sign-in as a person meets it: a wrong password and an unknown username get one and the same message (never
 * which), both from the API and on the page; the right password lands in the app; a signed-out visit to a
 * deep link goes through sign-in and back to it; sign-out returns to the sign-in page.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loginRequest, makeUser, nameRe, newContext, submitSignIn, uniqueName } from './support.ts';
import { auth as zhAuth } from '../../src/web/common/i18n/zh-CN/auth.ts';

test('a wrong password and an unknown username get the same answer', async () => {
  const user = await makeUser({ roles: ['receiver'], prefix: 'wrongpw' });
  const wrong = await loginRequest(user.username, `${user.password}x`);
  const unknown = await loginRequest(uniqueName('nobody'), `${user.password}x`);
  assert.equal(wrong.status, 401);
  assert.equal(unknown.status, wrong.status);
  assert.deepEqual(unknown.body, wrong.body, 'the same body for an unknown username and a wrong password');

  const context = await newContext();
  const page = await context.newPage();
  await page.goto('/login');
  const alerts = page.getByRole('alert').filter({ hasText: /\S/ });

  await submitSignIn(page, user.username, `${user.password}x`);
  await alerts.first().waitFor();
  const forWrongPassword = (await alerts.allInnerTexts()).map((s) => s.trim());
  assert.equal(forWrongPassword.length, 1, `one message: ${JSON.stringify(forWrongPassword)}`);

  // A fresh page, so the message seen next is the second answer's.
  await page.reload();
  await page.getByLabel(nameRe(zhAuth.username)).waitFor();
  assert.equal(await alerts.count(), 0);
  await submitSignIn(page, uniqueName('nobody'), `${user.password}x`);
  await alerts.first().waitFor();
  const forUnknownUser = (await alerts.allInnerTexts()).map((s) => s.trim());
  assert.deepEqual(forUnknownUser, forWrongPassword, 'the same message for an unknown username');
  assert.equal(page.url().replace(/^https?:\/\/[^/]+/, ''), '/login', 'still on the sign-in page');
  assert.ok(!forWrongPassword[0]!.includes(user.username), 'the message does not echo the username');
});

test('signing in from a deep link returns there; signing out shows the sign-in page', async () => {
  const user = await makeUser({ roles: ['shiftLeader'], prefix: 'deeplink' });
  const context = await newContext();
  const page = await context.newPage();
  await page.goto('/inbox');
  await page.waitForURL((u) => u.pathname === '/login' && u.searchParams.get('next') === '/inbox');
  await submitSignIn(page, user.username, user.password);
  await page.getByTestId('user-menu').waitFor();
  await page.waitForURL((u) => u.pathname === '/inbox');

  await page.getByTestId('user-menu').hover();
  await page.getByRole('menuitem', { name: nameRe(zhAuth.signOut) }).click();
  await page.waitForURL((u) => u.pathname === '/login');
  await page.getByText(zhAuth.signedOut).waitFor();
  // The session is gone on the server too: a reload stays signed out.
  await page.reload();
  await page.getByRole('button', { name: nameRe(zhAuth.signIn) }).waitFor();
  assert.equal(await page.getByTestId('user-menu').count(), 0);
});
