/**
 * The administrator's set-up, in the browser only: a new unit with its own summer/winter calendar, a member
 * for it (handling-unit staff, the unit picked, the scope ticked on the division tree), that member's password
 * reset and account disabled, and an integration account whose token is minted and revoked. After each step
 * the API (as admin) says the server holds what the screen said; the secrets shown once are tried for real.
 * Roles that may not share an account are refused at the roles field, and a refusal of the server (a username
 * taken) at the field it concerns. axe runs on both screens and their drawers. Other roles get neither the screens
 * nor the writes behind them.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { apiAs, BASE_URL, checkA11y as axe, loginRequest, nameRe, newContext, signIn, uniqueName, waitForContent, type ApiClient } from './support.ts';
import { adminUnits as zhUnits } from '../../src/web/common/i18n/zh-CN/adminUnits.ts';
import { adminUsers as zhUsers } from '../../src/web/common/i18n/zh-CN/adminUsers.ts';
import { common as zhCommon } from '../../src/web/common/i18n/zh-CN/common.ts';

interface Division { code: string; name: string; level: string; parentCode: string | null }
interface Calendar { id: number; code: string; name: string; definition: { days: string; followsPublicHolidays: boolean; timetables: Array<{ name: string; from: string; to: string; periods: Array<{ start: string; end: string }> }> } }
interface Unit { id: number; code: string; name: string; type: string; areaCode: string; calendarId: number; phone: string | null; staffCount: number }
interface User { id: number; username: string; displayName: string; roles: string[]; unitId: number | null; unitLead: boolean; scopes: string[]; disabled: boolean; isIntegration: boolean; mustChangePassword: boolean }

async function aStreet(admin: ApiClient): Promise<Division> {
  const { items } = await admin.get<{ items: Division[] }>('/api/divisions');
  const street = items.find((d) => d.level === 'street' && d.name === '北下街街道') ?? items.find((d) => d.level === 'street');
  assert.ok(street, 'a street in the demo district');
  return street;
}

/** Picks an option of an antd Select by its label (the open dropdown's item). */
async function choose(page: Page, label: string | RegExp, option: string, search = false) {
  const box = page.getByRole('combobox', { name: label, exact: true }).first();
  await box.click();
  if (search) await box.pressSequentially(option, { delay: 20 });
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first().click();
}

/** Picks a node of an antd TreeSelect by its title. */
async function chooseTree(page: Page, label: string | RegExp, title: string) {
  const box = page.getByRole('combobox', { name: label, exact: true }).first();
  await box.click();
  await box.pressSequentially(title.slice(0, 3), { delay: 20 });
  await page.locator('.ant-select-dropdown:visible .ant-select-tree-node-content-wrapper').filter({ hasText: title }).first().click();
}

/** axe with the pointer out of the way (a hovered button is measured in its hover colour). */
async function checkA11y(page: Page) {
  await page.mouse.move(1, 1);
  await axe(page);
}

async function confirmPopover(page: Page, okText: string) {
  await page.locator('.ant-popover:visible .ant-popconfirm-buttons').getByRole('button', { name: nameRe(okText) }).click();
}

/** The secret shown once in the success dialog, then the dialog closed. */
async function readSecret(page: Page, testId: string): Promise<string> {
  const shown = page.getByTestId(testId).locator('code');
  await shown.waitFor({ timeout: 30_000 }).catch(async (e: unknown) => {
    // Say what the page said instead (a refusal is shown as a message).
    const said = await page.locator('.ant-message, .ant-alert').allInnerTexts();
    throw new Error(`no ${testId} shown; the page says: ${JSON.stringify(said)}`, { cause: e });
  });
  const secret = (await shown.innerText()).trim();
  await page.getByRole('button', { name: nameRe(zhUsers.secretDone) }).click();
  await page.getByTestId(testId).waitFor({ state: 'detached' });
  return secret;
}

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> {
  let v = await fn();
  for (let i = 0; i < 60 && !ok(v); i++) v = await new Promise((r) => setTimeout(r, 250)).then(fn);
  assert.ok(ok(v), what);
  return v;
}

test('an administrator sets up a unit with a summer/winter calendar and a member for it, resets their password and disables them', async () => {
  const admin = await apiAs('admin');
  const street = await aStreet(admin);
  const page = await signIn(await newContext(), 'admin');

  // 1. The calendar: the summer/winter office template, summer afternoons from 14:30.
  await page.goto(`${BASE_URL}/admin/units?tab=calendars`);
  await page.getByTestId('calendar-table').waitFor();
  await waitForContent(page);
  await checkA11y(page);
  await page.getByTestId('calendar-new').click();
  const calForm = page.getByTestId('calendar-form');
  await calForm.waitFor();
  const calCode = uniqueName('cal').replace(/[^A-Za-z0-9_-]/g, '').slice(0, 40);
  const calName = `夏冬作息 ${calCode.slice(-6)}`;
  await calForm.getByLabel(nameRe(zhUnits.code)).fill(calCode);
  await calForm.getByLabel(nameRe(zhUnits.calendarName)).fill(calName);
  const summerPm = page.getByLabel(zhUnits.periodStart.replace('{tt}', '1').replace('{n}', '2'));
  await summerPm.fill('14:30');
  // A bad time is refused at the field, with the contract's message.
  const winterEnd = page.getByLabel(zhUnits.periodEnd.replace('{tt}', '2').replace('{n}', '2'));
  await winterEnd.fill('25:00');
  await page.getByTestId('calendar-save').click();
  await page.getByTestId('timetable-1').getByText('应为时刻 HH:MM').waitFor();
  await winterEnd.fill('18:00');
  // The preview says what is in force today and what a week holds.
  await page.getByTestId('in-force-today').waitFor();
  await page.getByTestId('calendar-week').waitFor();
  await checkA11y(page);
  await page.getByTestId('calendar-save').click();
  await page.getByTestId('calendar-form').waitFor({ state: 'detached', timeout: 20_000 });
  const calendar = await until(
    async () => (await admin.get<{ items: Calendar[] }>('/api/calendars')).items.find((c) => c.code === calCode),
    (c) => !!c,
    'the calendar is saved',
  );
  assert.equal(calendar!.name, calName);
  assert.deepEqual(calendar!.definition, {
    days: 'weekdays',
    followsPublicHolidays: true,
    timetables: [
      { name: '夏季', from: '05-01', to: '09-30', periods: [{ start: '08:00', end: '12:00' }, { start: '14:30', end: '18:00' }] },
      { name: '冬季', from: '10-01', to: '04-30', periods: [{ start: '08:00', end: '12:00' }, { start: '14:00', end: '18:00' }] },
    ],
  });

  // 2. The unit, on that calendar.
  await page.getByRole('tab', { name: new RegExp(zhUnits.tabUnits) }).click();
  await page.getByTestId('unit-table').waitFor();
  await page.getByTestId('unit-new').click();
  const unitForm = page.getByTestId('unit-form');
  await unitForm.waitFor();
  const unitCode = `E2E${Date.now().toString(36).toUpperCase()}`;
  const unitName = `北下街环卫所 ${unitCode.slice(-5)}`;
  await unitForm.getByLabel(nameRe(zhUnits.code)).fill(unitCode);
  await unitForm.getByLabel(nameRe(zhUnits.name)).fill(unitName);
  await choose(page, zhUnits.type, '环卫');
  await chooseTree(page, zhUnits.area, street.name);
  await choose(page, zhUnits.calendar, calName, true);
  await unitForm.getByLabel(nameRe(zhUnits.phone)).fill('0371-66001234');
  await checkA11y(page);
  await page.getByTestId('unit-save').click();
  // Saved: the drawer turns to the unit's own, with its (empty) member list.
  await page.getByTestId('unit-members').waitFor({ timeout: 20_000 });
  const unit = await until(
    async () => (await admin.get<{ items: Unit[] }>('/api/units')).items.find((u) => u.code === unitCode),
    (u) => !!u,
    'the unit is saved',
  );
  assert.deepEqual(
    { name: unit!.name, type: unit!.type, areaCode: unit!.areaCode, calendarId: unit!.calendarId, phone: unit!.phone },
    { name: unitName, type: 'sanitation', areaCode: street.code, calendarId: calendar!.id, phone: '0371-66001234' },
  );

  // 3. A member, from the unit's member list: handling-unit staff, the unit already picked, the street ticked on the tree.
  await page.getByTestId('unit-members').waitFor();
  await page.getByTestId('unit-add-member').click();
  await page.waitForURL((u) => u.pathname === '/admin/users');
  const userForm = page.getByTestId('user-form');
  await userForm.waitFor();
  const username = uniqueName('member');
  await userForm.getByLabel(nameRe(zhUsers.username)).fill(username);
  await userForm.getByLabel(nameRe(zhUsers.displayName)).fill('周环卫');
  await userForm.locator('[data-role="handler"] input').check();
  // Ticking a handler greys out the centre's roles, and says why.
  assert.equal(await userForm.locator('[data-role="supervisor"] input').isDisabled(), true);
  await userForm.getByTestId('roles-why').getByText(zhUsers.conflictHandling, { exact: false }).waitFor();
  await userForm.getByText(unitName).first().waitFor();
  // The admin's own district is the default scope: replaced by the street, ticked on the tree.
  await userForm.locator('[data-scope] .ant-tag-close-icon').first().click();
  await userForm.locator('.ant-tree-treenode').filter({ hasText: street.name }).first().locator('.ant-tree-checkbox').click();
  await userForm.locator(`[data-scope="${street.code}"]`).waitFor();
  // A handler with a unit may lead it (单位负责人): the box appears with the handling role.
  await userForm.getByTestId('unit-lead').check();
  await checkA11y(page);
  await page.getByTestId('user-save').click();
  const firstPassword = await readSecret(page, 'secret-password');
  const member = await admin.get<User>(`/api/users/${username}`);
  assert.deepEqual(
    { roles: member.roles, unitId: member.unitId, unitLead: member.unitLead, scopes: member.scopes, displayName: member.displayName, mustChangePassword: member.mustChangePassword },
    { roles: ['handler'], unitId: unit!.id, unitLead: true, scopes: [street.code], displayName: '周环卫', mustChangePassword: true },
  );
  assert.equal((await loginRequest(username, firstPassword)).status, 200, 'the first password shown is the one the server holds');
  assert.equal((await admin.get<Unit>(`/api/units/${unit!.id}`)).staffCount, 1);

  // 4. The password reset (confirmed): the new one works, the old one no longer.
  await page.getByRole('tab', { name: zhUsers.accountSection }).click();
  await page.getByTestId('user-reset').click();
  await confirmPopover(page, zhUsers.reset);
  const resetPassword = await readSecret(page, 'secret-password');
  assert.notEqual(resetPassword, firstPassword);
  assert.equal((await loginRequest(username, firstPassword)).status, 401, 'the old password is gone');
  assert.equal((await loginRequest(username, resetPassword)).status, 200, 'the reset password shown is the one the server holds');

  // 5. Disabling (confirmed): the account cannot sign in.
  await page.getByTestId('user-disable').click();
  await confirmPopover(page, zhUsers.disable);
  await page.getByTestId('user-enable').waitFor();
  assert.equal((await admin.get<User>(`/api/users/${username}`)).disabled, true);
  const refused = await loginRequest(username, resetPassword);
  assert.ok(refused.status === 401 || refused.status === 403, `a disabled account cannot sign in (${refused.status})`);
});

test('roles that may not share an account are refused at the roles field; a username taken at the username field', async () => {
  const page = await signIn(await newContext(), 'admin');
  await page.goto(`${BASE_URL}/admin/users`);
  await page.getByTestId('user-table').waitFor();
  await waitForContent(page);
  await checkA11y(page);
  await page.getByTestId('user-new').click();
  const form = page.getByTestId('user-form');
  await form.waitFor();
  await form.locator('[data-role="admin"] input').check();
  // The administrator holds no other role: the rest are greyed out, with the reason under them.
  for (const r of ['supervisor', 'handler', 'auditor']) assert.equal(await form.locator(`[data-role="${r}"] input`).isDisabled(), true, `${r} greyed out`);
  await form.getByTestId('roles-why').getByText(zhUsers.conflictAdmin, { exact: false }).waitFor();
  // An integration account may not be an administrator: said at the roles field.
  await form.getByText(zhUsers.kindIntegration, { exact: true }).click();
  const rolesError = page.locator('#roles_help, .ant-form-item-has-error').filter({ hasText: zhUsers.conflictIntegration });
  await rolesError.first().waitFor();
  await page.getByTestId('user-save').click();
  await rolesError.first().waitFor();
  // Back to a person with a centre role; the server refuses the username admin, at that field.
  await form.getByText(zhUsers.kindPerson, { exact: true }).click();
  await form.locator('[data-role="admin"] input').uncheck();
  await form.locator('[data-role="receiver"] input').check();
  await form.getByLabel(nameRe(zhUsers.username)).fill('admin');
  await form.getByLabel(nameRe(zhUsers.displayName)).fill('重名测试');
  await page.getByTestId('user-save').click();
  await page.locator('#username_help').filter({ hasText: '用户名已存在' }).waitFor();
  await checkA11y(page);
});

test('an integration account gets an API token shown once, which works until it is revoked', async () => {
  const admin = await apiAs('admin');
  const page = await signIn(await newContext(), 'admin');
  await page.goto(`${BASE_URL}/admin/users`);
  await page.getByTestId('user-table').waitFor();
  await page.getByTestId('user-new').click();
  const form = page.getByTestId('user-form');
  await form.waitFor();
  await form.getByText(zhUsers.kindIntegration, { exact: true }).click();
  // No password for an integration account.
  assert.equal(await form.getByLabel(nameRe(zhUsers.firstPassword)).count(), 0, 'no password field');
  const username = uniqueName('link');
  await form.getByLabel(nameRe(zhUsers.username)).fill(username);
  await form.getByLabel(nameRe(zhUsers.displayName)).fill('12319 热线对接');
  await form.locator('[data-role="receiver"] input').check();
  await page.getByTestId('user-save').click();
  await page.getByTestId('token-form').waitFor();
  const account = await admin.get<User>(`/api/users/${username}`);
  assert.deepEqual({ isIntegration: account.isIntegration, roles: account.roles }, { isIntegration: true, roles: ['receiver'] });

  await page.getByTestId('token-form').getByLabel(nameRe(zhUsers.tokenName)).fill('热线系统');
  await page.getByTestId('token-mint').click();
  const token = await readSecret(page, 'secret-token');
  const tokens = await admin.get<{ items: Array<{ id: number; name: string; prefix: string }> }>(`/api/users/${username}/tokens`);
  assert.equal(tokens.items.length, 1, `one token listed: ${JSON.stringify(tokens.items)}`);
  assert.equal(tokens.items[0]!.name, '热线系统');
  assert.ok(token.startsWith(tokens.items[0]!.prefix), 'the token shown is the one listed');
  const withToken = () => fetch(new URL('/api/units', BASE_URL), { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
  assert.equal((await withToken()).status, 200, 'the token works');
  await page.getByTestId('token-table').getByText('热线系统').waitFor();
  await checkA11y(page);

  await page.getByTestId(`token-revoke-${tokens.items[0]!.id}`).click();
  await confirmPopover(page, zhUsers.tokenRevoke);
  await page.getByTestId('token-table').getByText(zhUsers.tokensEmpty).waitFor();
  assert.equal((await admin.get<{ items: unknown[] }>(`/api/users/${username}/tokens`)).items.length, 0);
  assert.equal((await withToken()).status, 401, 'a revoked token no longer works');
});

test('only the administrator administers: others get no admin screen, and the server refuses their writes', async () => {
  const dispatcher = await apiAs('dispatcher');
  const page = await signIn(await newContext(), 'dispatcher');
  await page.goto(`${BASE_URL}/admin/users`);
  await page.getByText(zhCommon.forbiddenTitle).waitFor();
  assert.equal(await page.getByTestId('user-table').count(), 0);
  await page.goto(`${BASE_URL}/admin/units`);
  await page.getByText(zhCommon.forbiddenTitle).waitFor();
  // The dispatcher reads users (to pick people) but changes none; no unit or calendar either.
  const made = await dispatcher.raw('POST', '/api/users', { username: uniqueName('x'), displayName: 'x', roles: ['receiver'], scopes: dispatcher.me.scopes, password: 'Gc#Abcdef123456!' });
  assert.equal(made.status, 403);
  assert.equal((await dispatcher.raw('POST', '/api/users/admin/disable', {})).status, 403);
  assert.equal((await dispatcher.raw('POST', '/api/calendars', { districtCode: '410104', code: 'x', name: 'x', definition: { days: 'everyDay', followsPublicHolidays: false, timetables: [{ name: 'x', from: '01-01', to: '12-31', periods: [{ start: '00:00', end: '24:00' }] }] } })).status, 403);
  const units = (await dispatcher.get<{ items: Unit[] }>('/api/units')).items;
  assert.equal((await dispatcher.raw('PATCH', `/api/units/${units[0]!.id}`, { name: 'x' })).status, 403);
  // The auditor sees none of it at all.
  const auditor = await apiAs('auditor');
  assert.equal((await auditor.raw('GET', '/api/users')).status, 403);
});
