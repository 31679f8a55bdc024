/**
 * A handling unit's day at its desk (单位工作台), in the browser: the handler accepts a case dispatched to the unit,
 * asks for more time (the dispatcher approves it), then handles it with a result, a public reply and after-photos —
 * one through the file dialog, one pasted (Ctrl+V of a screenshot) — and the case goes to the check step. The unit's
 * leader gives another case to the handler, who finds it under "assigned to me". Every screen and panel passes axe;
 * screenshots of the desk at 1440×900 go to $DESK_SHOTS (default /tmp/desk-shots) for a person to look at.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { apiAs, BASE_URL, checkA11y, newContext, signIn, waitForContent, type ApiClient } from './support.ts';
import { caseActions as zh } from '../../src/web/common/i18n/zh-CN/caseActions.ts';
import { desk as zhDesk } from '../../src/web/common/i18n/zh-CN/desk.ts';

interface CaseView {
  id: number;
  trackingNo: string;
  status: string;
  version: number;
  category: { kind: string; code: string };
  location: { lng: number; lat: number; gridCode: string };
  photos: Array<{ role: string }>;
  publicReply: string | null;
  handlingResult: string | null;
  assigneeUserId: number | null;
  timeline: Array<{ type: string; payload: Record<string, unknown> }>;
}

/** What the paste needs of the page's window (the test's own types have no DOM). */
interface PasteWindow {
  atob(s: string): string;
  DataTransfer: new () => { items: { add(f: unknown): void } };
  File: new (bits: unknown[], name: string, opts: { type: string }) => unknown;
  ClipboardEvent: new (type: string, init: Record<string, unknown>) => unknown;
  document: { activeElement: { dispatchEvent(e: unknown): boolean } | null; body: { dispatchEvent(e: unknown): boolean } };
}

const SHOTS = process.env.DESK_SHOTS ?? '/tmp/desk-shots';

/** A case the supervisor reports in their own grid, filed and dispatched to `unitId` (API: not this test's subject). */
async function dispatchedTo(unitId: number, description: string): Promise<CaseView> {
  const supervisor = await apiAs('supervisor');
  const sample = (await supervisor.get<{ items: CaseView[] }>('/api/cases?limit=20')).items.find((c) => supervisor.me.scopes.some((s) => c.location.gridCode.startsWith(s)));
  assert.ok(sample, 'a case in the supervisor’s grids to report beside');
  const reported = await supervisor.post<CaseView>('/api/cases', {
    source: 'supervisor', categoryKind: sample.category.kind, categoryCode: sample.category.code, lng: sample.location.lng, lat: sample.location.lat, description,
  });
  const shift = await apiAs('shiftleader');
  const filed = await shift.post<CaseView>(`/api/cases/${reported.id}/file`, { version: (await shift.get<CaseView>(`/api/cases/${reported.id}`)).version });
  const dispatcher = await apiAs('dispatcher');
  return dispatcher.post<CaseView>(`/api/cases/${filed.id}/dispatch`, { leadUnitId: unitId, version: filed.version });
}

async function openAction(page: Page, action: string) {
  const panel = page.getByTestId('desk-panel');
  const button = panel.locator(`[data-action="${action}"]`);
  await button.waitFor({ timeout: 15_000 });
  await button.click();
  await page.getByTestId('action-submit').waitFor();
}

async function submitAction(page: Page) {
  const submit = page.getByTestId('action-submit');
  await submit.click();
  await submit.waitFor({ state: 'detached', timeout: 15_000 });
}

/** The desk's row of a case, in the tab shown, after the list has loaded. */
async function row(page: Page, id: number) {
  await page.locator('[data-testid="desk-table"][data-ready="true"]').waitFor({ timeout: 20_000 });
  const r = page.locator(`tr[data-case="${id}"]`);
  await r.waitFor({ timeout: 20_000 });
  return r;
}

async function statusOf(api: ApiClient, id: number, want: string): Promise<CaseView> {
  let c = await api.get<CaseView>(`/api/cases/${id}`);
  for (let i = 0; i < 40 && c.status !== want; i++) c = await new Promise((r) => setTimeout(r, 250)).then(() => api.get<CaseView>(`/api/cases/${id}`));
  assert.equal(c.status, want);
  return c;
}

test('the handler accepts, asks for more time, and handles with photos and a public reply; the unit leader assigns a case', async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  const handler = await apiAs('handler');
  const unitId = handler.me.unitId!;
  const a = await dispatchedTo(unitId, '单位工作台测试：人行道上暴露垃圾，请清运');
  const b = await dispatchedTo(unitId, '单位工作台测试：指派给处置人员的案件');

  // The handler at the desk (the menu's 单位工作台).
  const page = await signIn(await newContext(), 'handler', { path: '/desk' });
  await waitForContent(page);
  await page.getByTestId('desk-due-today').waitFor();
  await checkA11y(page);
  await page.screenshot({ path: path.join(SHOTS, 'desk-handler.png') });

  // 签收 in the side panel. Newest first: the unit's demo backlog may fill the first page by deadline.
  await page.goto(`${BASE_URL}/desk?sort=reportedAt`);
  await (await row(page, a.id)).click();
  const panel = page.getByTestId('desk-panel');
  await panel.locator(`.gc-desk-panel[data-case="${a.id}"]`).waitFor();
  await waitForContent(page);
  await checkA11y(page);
  await page.screenshot({ path: path.join(SHOTS, 'desk-panel.png') });
  await openAction(page, 'accept');
  await submitAction(page);
  await panel.locator(`.gc-desk-panel[data-status="handling"]`).waitFor({ timeout: 15_000 });

  // 申请延期: two working days, with a reason.
  await openAction(page, 'requestExtension');
  const modal = page.locator('.ant-modal');
  await modal.getByLabel(zh.fAmount).fill('2');
  await modal.getByLabel(zh.reasonExtension).fill('需协调环卫车辆，两天内清运完毕');
  await checkA11y(page);
  await submitAction(page);
  await panel.locator(`.gc-desk-panel[data-status="extensionRequested"]`).waitFor({ timeout: 15_000 });

  // The dispatcher approves it (API); the open panel follows without a reload.
  const dispatcher = await apiAs('dispatcher');
  const asked = await dispatcher.get<CaseView>(`/api/cases/${a.id}`);
  await dispatcher.post(`/api/cases/${a.id}/approveExtension`, { note: '同意延期两个工作日', version: asked.version });
  await panel.locator(`.gc-desk-panel[data-status="handling"]`).waitFor({ timeout: 20_000 });

  // 处置反馈: result, public reply, one photo through the file input and one pasted as a screenshot.
  await openAction(page, 'handle');
  await modal.getByLabel(zh.fResult).fill('已清运暴露垃圾，现场清扫干净');
  await modal.getByLabel(zh.fPublicReply).fill('您反映的暴露垃圾已清运完毕，感谢您的监督。');
  const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 90, g: 140, b: 90 } } }).jpeg().toBuffer();
  await modal.locator('input[type="file"]').setInputFiles({ name: 'after.jpg', mimeType: 'image/jpeg', buffer: jpeg });
  const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: { r: 200, g: 120, b: 60 } } }).png().toBuffer();
  await modal.getByLabel(zh.fResult).focus();
  // Ctrl+V of a screenshot: a paste event whose clipboard holds an image file, on the focused text box.
  await page.evaluate((b64) => {
    const w = globalThis as unknown as PasteWindow;
    const bytes = Uint8Array.from(w.atob(b64), (ch) => ch.charCodeAt(0));
    const data = new w.DataTransfer();
    data.items.add(new w.File([bytes], 'screenshot.png', { type: 'image/png' }));
    const target = w.document.activeElement ?? w.document.body;
    target.dispatchEvent(new w.ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, png.toString('base64'));
  await modal.locator('.ant-upload-list-item-done, .ant-upload-list-item-container:has(.ant-upload-list-item-done)').nth(1).waitFor({ timeout: 15_000 });
  assert.equal(await modal.getByLabel(zh.fResult).inputValue(), '已清运暴露垃圾，现场清扫干净', 'the pasted image did not go into the text');
  await checkA11y(page);
  await submitAction(page);

  const handled = await statusOf(handler, a.id, 'pendingCheck');
  assert.equal(handled.photos.filter((p) => p.role === 'after').length, 2, 'both photos are the case’s after-photos');
  assert.equal(handled.publicReply, '您反映的暴露垃圾已清运完毕，感谢您的监督。');
  for (const t of ['case.accepted', 'case.extensionRequested', 'case.extensionApproved', 'case.handled']) assert.ok(handled.timeline.some((e) => e.type === t), t);
  const ext = handled.timeline.find((e) => e.type === 'case.extensionRequested')!;
  assert.deepEqual([ext.payload.amount, ext.payload.unit], [2, 'days']);
  // Handled, it leaves the desk's lists.
  await page.getByRole('button', { name: /Close|关闭/ }).first().click();
  await page.locator(`tr[data-case="${a.id}"]`).waitFor({ state: 'detached', timeout: 20_000 });

  // 单位负责人: the whole unit's work, and "assign to" in the panel.
  const leadPage = await signIn(await newContext(), 'unitleader', { path: '/desk?sort=reportedAt' });
  await waitForContent(leadPage);
  await leadPage.getByText(zhDesk.leadSuffix.replace(/[（）]/g, '')).first().waitFor();
  await leadPage.screenshot({ path: path.join(SHOTS, 'desk-unitleader.png') });
  await (await row(leadPage, b.id)).click();
  const assign = leadPage.getByTestId('desk-assign');
  await assign.waitFor();
  await checkA11y(leadPage);
  await assign.getByLabel(zhDesk.assignLabel).click();
  await leadPage.locator('.ant-select-item-option').filter({ hasText: handler.me.displayName }).first().click();
  await assign.getByTestId('desk-assign-submit').click();
  await leadPage.locator('.ant-popconfirm .ant-btn-primary').click();
  await leadPage.getByText(zhDesk.assignDone.replace('{name}', handler.me.displayName)).first().waitFor({ timeout: 15_000 });
  await leadPage.screenshot({ path: path.join(SHOTS, 'desk-unitleader-assign.png') });
  const assigned = await handler.get<CaseView>(`/api/cases/${b.id}`);
  assert.equal(assigned.assigneeUserId, handler.me.id);
  const ev = assigned.timeline.at(-1)!;
  assert.equal(ev.type, 'case.assigned');

  // The handler finds it under 指派给我, and only what was given to them is there.
  await page.goto(`${BASE_URL}/desk?scope=mine`);
  await row(page, b.id);
  const ids = await page.locator('[data-testid="desk-table"] tr[data-case]').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-case'))));
  const mine = await handler.get<{ items: CaseView[] }>(`/api/cases?unit=${unitId}&status=dispatched&mine=true&limit=200`);
  assert.deepEqual(new Set(ids), new Set(mine.items.map((c) => c.id)));
  assert.ok(mine.items.every((c) => c.assigneeUserId === handler.me.id));
  await checkA11y(page);
});
