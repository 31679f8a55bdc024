/**
 * zh-CN by default, English by the switch: on the sign-in page (the language picker) and in the app (the
 * header's switch), kept over a reload, and back to Chinese. The language follows the person to another
 * browser through the server-side preferences (GET/PATCH /api/me/preferences).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiAs, makeUser, nameRe, newContext, signIn } from './support.ts';
import { auth as zhAuth } from '../../src/web/common/i18n/zh-CN/auth.ts';
import { auth as enAuth } from '../../src/web/common/i18n/en/auth.ts';
import { nav as zhNav } from '../../src/web/common/i18n/zh-CN/nav.ts';
import { nav as enNav } from '../../src/web/common/i18n/en/nav.ts';
import { common as zhCommon } from '../../src/web/common/i18n/zh-CN/common.ts';

test('the sign-in page switches to English and back', async () => {
  const context = await newContext();
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel(nameRe(zhAuth.username)).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  await page.getByText(zhCommon.langEn, { exact: true }).click();
  await page.getByLabel(nameRe(enAuth.username)).waitFor();
  await page.getByRole('button', { name: nameRe(enAuth.signIn) }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await page.getByText(zhCommon.langZh, { exact: true }).click();
  await page.getByLabel(nameRe(zhAuth.username)).waitFor();
});

test('the header switch turns the app English, over a reload, and back to Chinese', async () => {
  const user = await makeUser({ roles: ['shiftLeader'], prefix: 'lang' });
  const context = await newContext();
  const page = await signIn(context, user.username, { password: user.password });
  const menu = page.getByRole('menu').first();
  await menu.getByText(zhNav.workbench, { exact: true }).waitFor();
  const sw = page.getByTestId('lang-switch');
  assert.match(await sw.innerText(), new RegExp(zhCommon.langEn));

  await sw.click();
  await menu.getByText(enNav.workbench, { exact: true }).waitFor();
  await menu.getByText(enNav.inbox, { exact: true }).waitFor();
  assert.equal(await menu.getByText(zhNav.workbench, { exact: true }).count(), 0, 'no Chinese menu label left');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.match(await sw.innerText(), new RegExp(zhCommon.langZh));

  await page.reload();
  await page.getByRole('menu').first().getByText(enNav.workbench, { exact: true }).waitFor();

  await page.getByTestId('lang-switch').click();
  await page.getByRole('menu').first().getByText(zhNav.workbench, { exact: true }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
});

test('the language follows the person to another browser (server-side preferences)', async () => {
  const user = await makeUser({ roles: ['dispatcher'], prefix: 'langpref' });
  const first = await newContext();
  const page = await signIn(first, user.username, { password: user.password });
  const saved = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/me/preferences' && r.request().method() !== 'GET', { timeout: 10_000 });
  await page.getByTestId('lang-switch').click();
  await saved;
  const prefs = await (await apiAs(user.username, user.password)).get<{ language: string }>('/api/me/preferences');
  assert.equal(prefs.language, 'en');

  const second = await newContext();
  const elsewhere = await signIn(second, user.username, { password: user.password });
  await elsewhere.getByRole('menu').first().getByText(enNav.workbench, { exact: true }).waitFor({ timeout: 10_000 });
});
