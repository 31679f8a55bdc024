/**
 * The administrator's catalogue screens, as an admin uses them: a category's handling limit changed in the
 * category table reaches the next case (its handling step is counted on the new limit and clock); a day set on
 * the holiday calendar is what the API answers, and cleared again; a workflow setting is saved after the
 * confirmation lists the change; a CSV is checked before it is imported; a shared stock phrase the admin adds is
 * offered to the receiver on the intake form. Every screen passes axe.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { apiAs, BASE_URL, checkA11y as axe, DEMO_PASSWORD, newContext, problemsOf, signIn, waitForContent, type ApiClient } from './support.ts';

interface Step { step: string; endedAt: string | null; startedAt: string; dueAt: string; limitAmount: number; limitUnit: string; clockType: string; assigneeUserIds: number[] }
interface CaseView { id: number; status: string; version: number; leadUnitId: number | null; suggestedUnit: { id: number } | null; steps: Step[]; category: { kind: string; code: string }; location: { lng: number; lat: number } }
interface Category { kind: string; code: string; name: string; timeLimit: number | null; clockType: string }

/** axe with the pointer out of the way (a hovered button shows its lighter hover colour). */
async function checkA11y(page: Page) {
  await page.mouse.move(1, 1);
  await axe(page);
}

async function personFor(admin: ApiClient, role: string, pick: { userIds?: number[]; unitId?: number | null }): Promise<ApiClient> {
  const query = new URLSearchParams({ role, limit: '500', ...(pick.unitId ? { unitId: String(pick.unitId) } : {}) });
  const { items } = await admin.get<{ items: Array<{ id: number; username: string; disabled: boolean; isIntegration?: boolean }> }>(`/api/users?${query}`);
  const u = items.find((x) => (!pick.userIds?.length || pick.userIds.includes(x.id)) && !x.disabled && !x.isIntegration);
  assert.ok(u, `a ${role} for ${JSON.stringify(pick)}`);
  return apiAs(u.username, DEMO_PASSWORD);
}

async function adminPage(path: string): Promise<Page> {
  const page = await signIn(await newContext({ viewport: { width: 1440, height: 900 } }), 'admin');
  await page.goto(`${BASE_URL}${path}`);
  await waitForContent(page);
  return page;
}

/** A hotline report of the category walked to its handling step: verified, filed, dispatched, accepted. */
async function caseAtHandling(admin: ApiClient, category: { kind: string; code: string }): Promise<CaseView> {
  const receiver = await apiAs('receiver');
  const sample = (await receiver.get<{ items: CaseView[] }>('/api/cases?limit=1&source=hotline')).items[0]!;
  let c = await receiver.post<CaseView>('/api/cases', {
    source: 'hotline', categoryKind: category.kind, categoryCode: category.code, lng: sample.location.lng, lat: sample.location.lat, description: '类别时限测试：路口暴露垃圾',
  });
  c = await receiver.post<CaseView>(`/api/cases/${c.id}/sendToVerify`, { version: c.version });
  const supervisor = await personFor(admin, 'supervisor', { userIds: c.steps.find((s) => !s.endedAt)!.assigneeUserIds });
  c = await supervisor.post<CaseView>(`/api/cases/${c.id}/verify`, { isTrue: true, version: c.version });
  const shift = await apiAs('shiftleader');
  c = await shift.post<CaseView>(`/api/cases/${c.id}/file`, { version: c.version });
  const dispatcher = await apiAs('dispatcher');
  c = await dispatcher.get<CaseView>(`/api/cases/${c.id}`);
  assert.ok(c.suggestedUnit, 'a suggested unit');
  c = await dispatcher.post<CaseView>(`/api/cases/${c.id}/dispatch`, { leadUnitId: c.suggestedUnit.id, version: c.version });
  const handler = await personFor(admin, 'handler', { unitId: c.leadUnitId });
  c = await handler.post<CaseView>(`/api/cases/${c.id}/accept`, { version: (await handler.get<CaseView>(`/api/cases/${c.id}`)).version });
  return c;
}

test('an administrator changes a category’s handling limit and the next case gets the new deadline', async () => {
  const admin = await apiAs('admin');
  const before = await admin.get<Category>('/api/categories/event/06010');
  // A limit unlike the one it has (shipped: 4 working hours): 3 working days (5 if it already has 3).
  const days = before.timeLimit === 3 && before.clockType === 'workingDays' ? 5 : 3;
  const earlier = (await caseAtHandling(admin, before)).steps.find((s) => s.step === 'handle' && !s.endedAt)!;
  assert.deepEqual([earlier.limitAmount, earlier.clockType], [before.timeLimit, before.clockType]);

  const page = await adminPage('/admin/categories');
  await page.locator('[data-ready="true"]').first().waitFor();
  await checkA11y(page);
  await page.getByRole('searchbox', { name: '搜索类别' }).fill('06010');
  await page.getByRole('button', { name: '编辑 06010 暴露垃圾' }).click();
  const drawer = page.getByRole('dialog');
  await drawer.getByLabel('处置时限').fill('3');
  await drawer.getByRole('combobox', { name: '计时方式' }).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: /^工作日$/ }).click();
  // A refusal at the field, by the contract's own rule: a limit must be positive.
  await drawer.getByLabel('处置时限').fill('0');
  await drawer.getByRole('button', { name: '保 存' }).or(drawer.getByRole('button', { name: '保存' })).click();
  await drawer.locator('.ant-form-item-explain-error').first().waitFor();
  assert.equal((await admin.get<Category>('/api/categories/event/06010')).timeLimit, before.timeLimit, 'nothing saved');
  await drawer.getByLabel('处置时限').fill(String(days));
  await checkA11y(page);
  await drawer.getByRole('button', { name: '保 存' }).or(drawer.getByRole('button', { name: '保存' })).click();
  await page.getByText('已保存类别 06010 暴露垃圾').waitFor();
  const after = await admin.get<Category>('/api/categories/event/06010');
  assert.deepEqual([after.timeLimit, after.clockType], [days, 'workingDays']);

  const handle = (await caseAtHandling(admin, after)).steps.find((s) => s.step === 'handle' && !s.endedAt)!;
  assert.deepEqual([handle.limitAmount, handle.limitUnit, handle.clockType], [days, 'days', 'workingDays']);
  // N working days are at least N calendar days away, far beyond the old four working hours.
  const span = Date.parse(handle.dueAt) - Date.parse(handle.startedAt);
  assert.ok(span >= days * 86_400_000 - 60_000, `due ${handle.dueAt} from ${handle.startedAt}`);
  assert.ok(span > Date.parse(earlier.dueAt) - Date.parse(earlier.startedAt));

  // The legacy code table and the import tab pass axe too; a CSV is checked (nothing written) before it is imported.
  await page.getByRole('tab', { name: '旧版编码对照' }).click();
  await page.getByRole('table').first().waitFor();
  await checkA11y(page);
  await page.getByRole('tab', { name: '导入 CSV' }).click();
  const code = `12${String(100 + (Date.now() % 900))}`;
  await page.locator('input[type=file]').setInputFiles({
    name: 'night.csv', mimeType: 'text/csv',
    buffer: Buffer.from(`kind,major_code,major_name,code,name,time_limit,clock_type\nevent,12,夜间经济类（本地扩展）,${code},夜市超时经营,2,workingHours\n`),
  });
  await page.getByText('检查通过：共 1 行，新增 1 个，更新 0 个').waitFor();
  assert.equal((await admin.raw('GET', `/api/categories/event/${code}`)).status, 404, 'a dry run writes nothing');
  await checkA11y(page);
  await page.getByRole('button', { name: '导 入' }).or(page.getByRole('button', { name: '导入', exact: true })).click();
  await page.locator('.ant-popover').getByRole('button', { name: '导 入' }).or(page.locator('.ant-popover').getByRole('button', { name: '导入', exact: true })).click();
  await page.getByText('已导入 1 个类别').first().waitFor();
  assert.equal((await admin.get<Category>(`/api/categories/event/${code}`)).name, '夜市超时经营');
  assert.deepEqual(problemsOf(page).csp, [], 'no CSP violation');
});

test('the admin sets a day on the holiday calendar, the API answers it, and clears it again', async () => {
  const admin = await apiAs('admin');
  const page = await adminPage('/admin/holidays');
  await page.locator('.gc-year[data-ready="true"]').waitFor();
  await checkA11y(page);
  await page.getByRole('button', { name: '下一年' }).click();
  const year = Number(await page.getByRole('spinbutton', { name: '年份' }).inputValue());
  const day = `${year}-03-16`;
  await page.locator(`[data-day="${day}"]`).click();
  const modal = page.getByRole('dialog');
  await modal.getByText('放假（休息日）').click();
  await modal.getByLabel('名称').fill('测试假日');
  await checkA11y(page);
  await modal.getByRole('button', { name: '保 存' }).or(modal.getByRole('button', { name: '保存' })).click();
  await page.locator(`[data-day="${day}"].is-holiday.is-override`).waitFor();
  const set = await admin.get<{ days: Array<{ day: string; isWorkday: boolean; name: string; source: string }> }>(`/api/holidays/${year}`);
  assert.deepEqual(set.days.find((d) => d.day === day), { day, isWorkday: false, name: '测试假日', source: 'override' });

  await page.locator(`[data-day="${day}"]`).click();
  await modal.getByRole('button', { name: '恢复内置安排' }).click();
  await page.locator('.ant-popconfirm').getByRole('button', { name: '恢复内置安排' }).click();
  await page.locator(`[data-day="${day}"]:not(.is-override)`).waitFor();
  const cleared = await admin.get<{ days: Array<{ day: string; source: string }> }>(`/api/holidays/${year}`);
  assert.equal(cleared.days.find((d) => d.day === day && d.source === 'override'), undefined);
});

test('a workflow setting is saved after the confirmation names the change', async () => {
  const admin = await apiAs('admin');
  const district = admin.me.scopes[0]!.slice(0, 6);
  const before = await admin.get<{ maxExtensions: number }>(`/api/workflow-settings/${district}`);
  const page = await adminPage('/admin/workflow');
  await page.locator('form[data-ready="true"]').waitFor();
  await checkA11y(page);
  const next = before.maxExtensions === 3 ? 4 : 3;
  await page.getByLabel('每案最多延期次数').fill(String(next));
  await page.getByRole('button', { name: '保存设置' }).click();
  const confirm = page.getByRole('dialog');
  await confirm.getByText(`每案最多延期次数：${before.maxExtensions} → ${next}`).waitFor();
  await checkA11y(page);
  await confirm.getByRole('button', { name: '保 存' }).or(confirm.getByRole('button', { name: '保存' })).click();
  await page.getByText('流程设置已保存').waitFor();
  assert.equal((await admin.get<{ maxExtensions: number }>(`/api/workflow-settings/${district}`)).maxExtensions, next);
});

test('a shared phrase the admin adds is offered to the receiver on the intake form', async () => {
  const phrase = `请环卫部门尽快清运（公共${Date.now() % 10000}）`;
  const page = await adminPage('/admin/phrases');
  await checkA11y(page);
  await page.getByLabel('新的公共常用语').fill(phrase);
  await page.getByRole('button', { name: '添 加' }).or(page.getByRole('button', { name: '添加' })).click();
  await page.getByText('公共常用语已保存').waitFor();
  await page.getByRole('list', { name: '公共常用语' }).getByText(phrase).waitFor();
  await checkA11y(page);
  const receiver = await apiAs('receiver');
  const lists = await receiver.get<{ items: Array<{ phrases: string[] }> }>('/api/shared-phrases');
  assert.ok(lists.items.some((l) => l.phrases.includes(phrase)));

  const receiverPage = await signIn(await newContext({ viewport: { width: 1440, height: 900 } }), 'receiver');
  await receiverPage.goto(`${BASE_URL}/intake`);
  await receiverPage.getByTestId('intake-form').waitFor();
  const shared = receiverPage.getByRole('group', { name: '公共常用语' });
  await shared.getByRole('button', { name: phrase.slice(0, 16) }).click();
  assert.equal(await receiverPage.getByTestId('intake-form').getByLabel(/问题描述/).inputValue(), phrase);
});
