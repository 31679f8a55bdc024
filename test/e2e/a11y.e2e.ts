/**
 * axe-core (serious and critical violations fail) on the screens of the sign-in and the centre's workbench, as
 * each person meets them. Pages built later add their own checks in their e2e files (support.ts checkA11y).
 */
import { test } from 'node:test';
import { checkA11y, DEMO_PASSWORD, makeUser, nameRe, newContext, signIn, submitSignIn, waitForContent } from './support.ts';
import { auth as zhAuth } from '../../src/web/common/i18n/zh-CN/auth.ts';
import { auth as enAuth } from '../../src/web/common/i18n/en/auth.ts';
import { common as zhCommon } from '../../src/web/common/i18n/zh-CN/common.ts';

test('the sign-in page, empty and with an error shown, in Chinese and English', async () => {
  const context = await newContext();
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel(nameRe(zhAuth.username)).waitFor();
  await checkA11y(page);
  await submitSignIn(page, 'nobody-here', 'wrong-password');
  await page.getByRole('alert').filter({ hasText: /\S/ }).first().waitFor();
  await checkA11y(page);
  await page.getByText(zhCommon.langEn, { exact: true }).click();
  await page.getByLabel(nameRe(enAuth.username)).waitFor();
  await checkA11y(page);
});

test('the forced password change', async () => {
  const user = await makeUser({ roles: ['receiver'], prefix: 'a11ypw', temporary: true });
  const context = await newContext();
  const page = await signIn(context, user.username, { password: user.password, expect: 'changePassword' });
  await checkA11y(page);
});

for (const username of ['receiver', 'shiftleader', 'dispatcher']) {
  test(`the workbench of ${username}`, async () => {
    const context = await newContext();
    const page = await signIn(context, username, { password: DEMO_PASSWORD });
    await waitForContent(page);
    await checkA11y(page);
  });
}
