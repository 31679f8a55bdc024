/**
 * A temporary password (an admin made the account, or reset its password) must be changed before anything
 * else opens: sign-in shows the change form, the API refuses work meanwhile, and once changed the person lands
 * in the app and the new password is the one that works.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiAs, loginRequest, makeUser, nameRe, newContext, signIn, strongPassword, submitSignIn } from './support.ts';
import { auth as zhAuth } from '../../src/web/common/i18n/zh-CN/auth.ts';
import { common as zhCommon } from '../../src/web/common/i18n/zh-CN/common.ts';

test('an admin-made account changes its temporary password at first sign-in, then works', async () => {
  const user = await makeUser({ roles: ['receiver'], prefix: 'firstpw', displayName: '测试受理员', temporary: true });
  // The server's view: signed in, but the password counts as expired and work is refused until it is changed.
  const api = await apiAs(user.username, user.password);
  assert.equal(api.me.passwordExpired, true);
  const refused = await api.raw('GET', '/api/cases?limit=1');
  assert.equal(refused.status, 403);
  assert.equal((refused.body as { error: { code: string } }).error.code, 'PASSWORD_EXPIRED');

  const context = await newContext();
  const page = await signIn(context, user.username, { password: user.password, expect: 'changePassword' });
  await page.getByText(zhAuth.mustChange).waitFor();
  assert.equal(await page.getByTestId('user-menu').count(), 0, 'nothing of the app is shown before the change');

  const newPassword = strongPassword();
  await page.getByLabel(nameRe(zhAuth.currentPassword)).fill(user.password);
  await page.getByLabel(nameRe(zhAuth.newPassword)).fill(newPassword);
  // A mismatch is caught on the page before anything is sent.
  await page.getByLabel(nameRe(zhAuth.confirmPassword)).fill(`${newPassword}x`);
  await page.getByRole('button', { name: nameRe(zhCommon.save) }).click();
  await page.getByText(zhAuth.passwordMismatch).waitFor();
  await page.getByLabel(nameRe(zhAuth.confirmPassword)).fill(newPassword);
  await page.getByRole('button', { name: nameRe(zhCommon.save) }).click();

  await page.getByTestId('user-menu').waitFor();
  assert.match(await page.getByTestId('user-menu').innerText(), /测试受理员/);
  assert.ok(!new URL(page.url()).pathname.startsWith('/login'), `in the app: ${page.url()}`);

  // The temporary password no longer works; the new one does, without another forced change.
  assert.equal((await loginRequest(user.username, user.password)).status, 401);
  const after = await apiAs(user.username, newPassword);
  assert.equal(after.me.passwordExpired, false);
});

test('a weak new password is refused with the server\'s reason, on the page', async () => {
  const user = await makeUser({ roles: ['dispatcher'], prefix: 'weakpw', temporary: true });
  const context = await newContext();
  const page = await context.newPage();
  await page.goto('/login');
  await submitSignIn(page, user.username, user.password);
  await page.getByText(zhAuth.mustChange).waitFor();
  await page.getByLabel(nameRe(zhAuth.currentPassword)).fill(user.password);
  await page.getByLabel(nameRe(zhAuth.newPassword)).fill('abc');
  await page.getByLabel(nameRe(zhAuth.confirmPassword)).fill('abc');
  const answered = page.waitForResponse((r) => r.url().endsWith('/api/auth/password'));
  await page.getByRole('button', { name: nameRe(zhCommon.save) }).click();
  const res = await answered;
  assert.equal(res.status(), 400);
  const message = ((await res.json()) as { error: { message: string } }).error.message;
  await page.getByRole('alert').filter({ hasText: message }).waitFor();
  assert.equal(await page.getByTestId('user-menu').count(), 0, 'still held at the change form');
});
