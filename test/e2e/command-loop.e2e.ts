/**
 * The closed loop as the command centre works it, each person in their own browser: a receiver takes a
 * hotline call and sends it to verify; the grid's supervisor verifies (API: the field app comes later); the
 * shift leader files it; the dispatcher dispatches it to the suggested unit; the unit, at its desk, accepts it,
 * asks for more time (the dispatcher approves it) and handles it with an after-photo and a public reply; the receiver sends it to check; the supervisor checks; the shift leader closes it — and the timeline shows
 * every step. The same case also reaches the dispatcher's open workbench without a reload.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp from 'sharp';
import { apiAs, BASE_URL, DEMO_PASSWORD, newContext, problemsOf, signIn, waitForContent, type ApiClient } from './support.ts';
import { caseActions as zhActions } from '../../src/web/common/i18n/zh-CN/caseActions.ts';

interface CaseView {
  id: number;
  trackingNo: string;
  status: string;
  version: number;
  leadUnitId: number | null;
  extensionCount: number;
  allowedActions: string[];
  steps: Array<{ step: string; endedAt: string | null; assigneeUserIds: number[]; assigneeUnitId: number | null }>;
  timeline: Array<{ type: string }>;
}

/** A demo person who holds `role` and, for unit staff, belongs to `unitId`: signed in through the API. */
async function personFor(admin: ApiClient, role: string, pick: { userIds?: number[]; unitId?: number | null }): Promise<ApiClient> {
  const query = new URLSearchParams({ role, limit: '500', ...(pick.unitId ? { unitId: String(pick.unitId) } : {}) });
  const { items } = await admin.get<{ items: Array<{ id: number; username: string; disabled: boolean; isIntegration?: boolean }> }>(`/api/users?${query}`);
  const u = items.find((x) => (!pick.userIds?.length || pick.userIds.includes(x.id)) && !x.disabled && !x.isIntegration);
  assert.ok(u, `a ${role} for ${JSON.stringify(pick)}`);
  return apiAs(u.username, DEMO_PASSWORD);
}

function afterJpeg(): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 90, g: 140, b: 90 } } }).jpeg().toBuffer();
}

async function act(page: import('playwright-core').Page, action: string, within?: import('playwright-core').Locator) {
  const button = (within ?? page).locator(`[data-action="${action}"]`);
  await button.waitFor({ timeout: 15_000 });
  await button.click();
  const submit = page.getByTestId('action-submit');
  await submit.waitFor();
  await submit.click();
  await submit.waitFor({ state: 'detached', timeout: 15_000 });
}

test('a hotline call goes the whole loop, every step in the timeline', async () => {
  const admin = await apiAs('admin');
  const dispatcherPage = await signIn(await newContext(), 'dispatcher');
  await waitForContent(dispatcherPage);

  // 受理员: the call, on the intake form.
  const receiverPage = await signIn(await newContext(), 'receiver');
  await receiverPage.goto(`${BASE_URL}/intake`);
  const form = receiverPage.getByTestId('intake-form');
  await form.waitFor();
  await form.getByLabel('来电人').fill('王女士');
  await form.getByLabel('联系电话').fill('13812345678');
  const place = receiverPage.getByRole('combobox', { name: '搜索地点' });
  await place.first().click();
  await place.first().pressSequentially('新华社区', { delay: 30 });
  await receiverPage.locator('.ant-select-item-option').first().click();
  await receiverPage.getByTestId('intake-located').waitFor();
  const category = receiverPage.getByRole('combobox', { name: /问题类别/ }).first();
  await category.click();
  await category.pressSequentially('暴露垃圾', { delay: 30 });
  await receiverPage.locator('.ant-cascader-menu-item').filter({ hasText: '暴露垃圾' }).first().click();
  await form.getByLabel(/问题描述/).fill('来电反映新华社区门口有暴露垃圾，已堆放两天');
  await receiverPage.getByTestId('intake-save').click();
  const trackingNo = (await receiverPage.getByTestId('intake-tracking-no').innerText({ timeout: 15_000 })).trim();
  assert.match(trackingNo, /^\d{4}-T\d{6,}$/);
  const receiver = await apiAs('receiver');
  const found = await receiver.get<{ items: CaseView[] }>(`/api/cases?number=${trackingNo}`);
  const id = found.items[0]!.id;
  await receiverPage.getByTestId('intake-send-to-verify').click();
  let c = await receiver.get<CaseView>(`/api/cases/${id}`);
  for (let i = 0; i < 20 && c.status === 'reported'; i++) c = await new Promise((r) => setTimeout(r, 250)).then(() => receiver.get<CaseView>(`/api/cases/${id}`));
  assert.equal(c.steps.find((s) => !s.endedAt)?.step, 'verify', `at verify: ${c.status}`);

  // 监督员 verifies (API).
  const verifyStep = c.steps.find((s) => !s.endedAt)!;
  const supervisor = await personFor(admin, 'supervisor', { userIds: verifyStep.assigneeUserIds });
  c = await supervisor.post<CaseView>(`/api/cases/${id}/verify`, { isTrue: true, note: '现场核实属实', version: c.version });

  // 值班长 files it on the detail page.
  const shiftPage = await signIn(await newContext(), 'shiftleader');
  await shiftPage.goto(`${BASE_URL}/cases/${id}`);
  await act(shiftPage, 'file');

  // 派遣员: the case is in the open workbench without a reload, then dispatched to the suggested unit.
  await dispatcherPage.getByText(trackingNo).first().waitFor({ timeout: 20_000 });
  await dispatcherPage.getByText(trackingNo).first().click();
  await dispatcherPage.waitForURL(new RegExp(`/cases/${id}$`));
  await dispatcherPage.locator('[data-action="dispatch"]').click();
  await dispatcherPage.getByText(new RegExp(zhActions.suggested)).first().waitFor();
  await dispatcherPage.getByTestId('action-submit').click();
  await dispatcherPage.getByTestId('action-submit').waitFor({ state: 'detached', timeout: 15_000 });
  c = await receiver.get<CaseView>(`/api/cases/${id}`);
  assert.ok(c.leadUnitId, 'dispatched to a unit');

  // The unit at its desk (单位工作台), in the browser: accepts, asks for one more working day (the dispatcher
  // approves it, API), then handles it with an after-photo and a public reply.
  const handler = await personFor(admin, 'handler', { unitId: c.leadUnitId });
  // Newest first: the unit's backlog may fill the first page by deadline.
  const unitPage = await signIn(await newContext(), handler.username, { path: '/desk?sort=reportedAt' });
  await unitPage.locator(`tr[data-case="${id}"]`).click({ timeout: 20_000 });
  const panel = unitPage.getByTestId('desk-panel');
  await panel.locator(`.gc-desk-panel[data-case="${id}"]`).waitFor();
  await act(unitPage, 'accept', panel);
  await panel.locator('.gc-desk-panel[data-status="handling"]').waitFor({ timeout: 15_000 });
  await unitPage.locator('[data-action="requestExtension"]').click();
  await unitPage.locator('.ant-modal').getByLabel(zhActions.fAmount).fill('1');
  await unitPage.locator('.ant-modal').getByLabel(zhActions.reasonExtension).fill('清运车辆检修，需延期一个工作日');
  await unitPage.getByTestId('action-submit').click();
  await panel.locator('.gc-desk-panel[data-status="extensionRequested"]').waitFor({ timeout: 15_000 });
  const dispatcher = await apiAs('dispatcher');
  await dispatcher.post(`/api/cases/${id}/approveExtension`, { note: '同意', version: (await dispatcher.get<CaseView>(`/api/cases/${id}`)).version });
  await panel.locator('.gc-desk-panel[data-status="handling"]').waitFor({ timeout: 20_000 });
  await unitPage.locator('[data-action="handle"]').click();
  const handleForm = unitPage.locator('.ant-modal');
  await handleForm.getByLabel(zhActions.fResult).fill('已清运');
  await handleForm.getByLabel(zhActions.fPublicReply).fill('垃圾已清运完毕');
  await handleForm.locator('input[type="file"]').setInputFiles({ name: 'after.jpg', mimeType: 'image/jpeg', buffer: await afterJpeg() });
  await handleForm.locator('.ant-upload-list-item-done').first().waitFor({ timeout: 15_000 });
  await unitPage.getByTestId('action-submit').click();
  await unitPage.getByTestId('action-submit').waitFor({ state: 'detached', timeout: 15_000 });
  c = await receiver.get<CaseView>(`/api/cases/${id}`);
  assert.equal(c.status, 'pendingCheck');
  assert.equal(c.extensionCount, 1);

  // 受理员 sends it to check (派发核查) in the browser.
  await receiverPage.goto(`${BASE_URL}/cases/${id}`);
  await act(receiverPage, 'sendToCheck');

  // The supervisor checks (API).
  const checkStep = (await supervisor.get<CaseView>(`/api/cases/${id}`)).steps.find((s) => !s.endedAt && s.step === 'check');
  const checker = checkStep?.assigneeUserIds.length ? await personFor(admin, 'supervisor', { userIds: checkStep.assigneeUserIds }) : supervisor;
  c = await checker.post<CaseView>(`/api/cases/${id}/check`, { passed: true, note: '已清理干净', version: (await checker.get<CaseView>(`/api/cases/${id}`)).version });

  // A hotline caller is called back (回访) before the case closes: the receiver records it (API).
  c = await receiver.get<CaseView>(`/api/cases/${id}`);
  if (c.allowedActions.includes('recordCallback')) c = await receiver.post<CaseView>(`/api/cases/${id}/recordCallback`, { reached: true, satisfaction: 'satisfied', note: '来电人表示满意', version: c.version });

  // 值班长 closes it; the timeline holds every step.
  await shiftPage.reload();
  await act(shiftPage, 'close');
  c = await receiver.get<CaseView>(`/api/cases/${id}`);
  assert.equal(c.status, 'closed');
  const types = c.timeline.map((e) => e.type);
  for (const t of ['case.reported', 'case.sentToVerify', 'case.verified', 'case.filed', 'case.dispatched', 'case.accepted', 'case.extensionRequested', 'case.extensionApproved', 'case.handled', 'case.sentToCheck', 'case.checkPassed', 'case.closed']) assert.ok(types.includes(t), `${t} in ${types.join(',')}`);
  await shiftPage.getByText('结案').first().waitFor();
  for (const p of [receiverPage, shiftPage, dispatcherPage, unitPage]) assert.deepEqual(problemsOf(p).csp, [], 'no CSP violation');
});
