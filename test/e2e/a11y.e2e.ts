/**
 * axe-core (serious and critical violations fail) on every screen of the back office as each person meets
 * it: sign-in, forced password change, the centre's workbenches, the case list, a case's detail and its
 * printable sheet, hotline intake, the map, the inbox, personal settings and the not-found page.
 */
import { test } from 'node:test';
import { apiAs, checkA11y, DEMO_PASSWORD, makeUser, nameRe, newContext, signIn, submitSignIn, waitForContent } from './support.ts';
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

/** A screen signed in as `username`, once its data (or its empty or error state) is shown and, with a map, drawn. */
async function screen(username: string, path: string, opts: { map?: string } = {}) {
  const context = await newContext();
  const page = await signIn(context, username, { password: DEMO_PASSWORD });
  await page.goto(path);
  await waitForContent(page);
  if (opts.map) await page.locator(`[data-testid="${opts.map}"][data-map-state="idle"]`).waitFor({ timeout: 30_000 });
  return page;
}

test('the case list, a case, its printable sheet', async () => {
  const api = await apiAs('dispatcher');
  const { items } = await api.get<{ items: Array<{ id: number }> }>('/api/cases?status=handling&limit=1');
  const id = items[0]!.id;
  await checkA11y(await screen('dispatcher', '/cases'));
  await checkA11y(await screen('dispatcher', `/cases/${id}`, { map: 'case-location-map' }));
  await checkA11y(await screen('dispatcher', `/cases/${id}/print`));
  // An action's form: dispatch, with the suggested unit and the co-handling units.
  const waiting = await api.get<{ items: Array<{ id: number }> }>('/api/cases?status=pendingDispatch&limit=1');
  const page = await screen('dispatcher', `/cases/${waiting.items[0]!.id}`);
  await page.locator('[data-action="dispatch"]').click();
  await page.getByTestId('action-submit').waitFor();
  await checkA11y(page);
});

test('hotline intake, the map, the inbox, settings and a page that does not exist', async () => {
  await checkA11y(await screen('receiver', '/intake'));
  await checkA11y(await screen('shiftleader', '/map', { map: 'cases-map' }));
  await checkA11y(await screen('dispatcher', '/inbox'));
  await checkA11y(await screen('dispatcher', '/settings'));
  await checkA11y(await screen('dispatcher', '/no-such-page'));
});
