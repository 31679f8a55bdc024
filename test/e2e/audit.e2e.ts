/**
 * The auditor's pages in a browser (issue 18 §4): the auditor lands on the security log, filters it to sign-in
 * failures after one is provoked and sees that row, exports the filter as CSV (the downloaded file holds the row),
 * opens the audit-trail status and verifies it (intact). The administrator has neither menu entry, gets the
 * refusal page at both addresses, and the API answers 403.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { apiAs, BASE_URL, checkA11y, loginRequest, nameRe, newContext, signIn } from './support.ts';
import { audit as zh } from '../../src/web/common/i18n/zh-CN/audit.ts';
import { common as zhCommon } from '../../src/web/common/i18n/zh-CN/common.ts';
import { nav as zhNav } from '../../src/web/common/i18n/zh-CN/nav.ts';
import { SECURITY_EVENT_LABELS } from '../../src/shared/api/vocabulary.ts';

const shots = process.env.E2E_SCREENSHOTS;

test('the auditor reads the security log, filters it, exports it and verifies the audit trail', async () => {
  // A sign-in failure to find: an unknown name nobody else uses.
  const intruder = `nobody-${randomBytes(4).toString('hex')}`;
  const failed = await loginRequest(intruder, 'wrong-Passw0rd');
  assert.equal(failed.status, 401);

  const context = await newContext({ acceptDownloads: true });
  const page = await signIn(context, 'auditor');
  // Their landing screen.
  await page.waitForURL((u) => u.pathname === '/audit/security-log');
  await page.getByTestId('security-log').waitFor();
  await checkA11y(page);

  // Filter: kind = 登录失败 (chosen in the select by its Chinese label) and the user name.
  await page.getByTestId('log-filter-kind').click();
  await page.locator('.ant-select-item-option').filter({ hasText: new RegExp(`^${SECURITY_EVENT_LABELS['login.failed'].zh}$`) }).click();
  await page.keyboard.press('Escape');
  await page.getByLabel(nameRe(zh.fUser)).fill(intruder);
  await page.getByTestId('log-filters-apply').click();
  await page.waitForURL((u) => u.searchParams.get('kind') === 'login.failed' && u.searchParams.get('username') === intruder);
  const rows = page.locator('[data-testid="security-log"][data-ready] tbody tr.ant-table-row');
  // The unfiltered page may still show (it holds the same recent failure) until the filtered answer replaces it:
  // wait for a settled table of exactly one row rather than the first row that matches.
  for (let deadline = Date.now() + 15_000; ; await page.waitForTimeout(100)) {
    const n = await rows.count();
    if (n === 1 && (await rows.first().innerText()).includes(intruder)) break;
    if (Date.now() > deadline) assert.fail(`the filtered log shows ${n} rows, not the one failure of ${intruder}`);
  }
  const row = rows.first();
  assert.match(await row.innerText(), new RegExp(`${SECURITY_EVENT_LABELS['login.failed'].zh}[\\s\\S]*${intruder}[\\s\\S]*用户名不存在`));
  // The full detail, as JSON, a click away.
  await row.getByRole('button', { name: zh.expand }).click();
  await page.getByText('"reason": "unknownUser"').waitFor();
  if (shots) await page.screenshot({ path: `${shots}/audit-security-log.png`, fullPage: true });

  // Export the current filter: the download holds that row, in a file Excel reads (UTF-8 with a BOM).
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('log-export').click()]);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gc-audit-e2e-')), download.suggestedFilename());
  await download.saveAs(file);
  const csv = fs.readFileSync(file, 'utf8');
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
  assert.ok(csv.startsWith('\uFEFF'), 'BOM');
  const lines = csv.slice(1).trim().split('\r\n');
  assert.equal(lines.length, 2, csv);
  assert.match(lines[1]!, new RegExp(`,登录失败,login\\.failed,${intruder},`));
  assert.match(download.suggestedFilename(), /\.csv$/);

  // The audit trail: the status, then a verification now, which finds the demo's trail intact.
  await page.locator('.ant-menu-item').filter({ hasText: zhNav.auditChain }).click();
  await page.waitForURL((u) => u.pathname === '/audit/chain');
  await page.getByTestId('checkpoint').waitFor();
  await checkA11y(page);
  await page.getByTestId('verify-now').click();
  await page.getByTestId('verify-ok').waitFor({ timeout: 60_000 });
  assert.match(await page.getByTestId('verify-ok').innerText(), new RegExp(zh.verifyOk));
  // The pointer still rests on the button: its hover blue carries white text at AA too (App.tsx colorPrimaryHover).
  if (shots) await page.screenshot({ path: `${shots}/audit-chain.png`, fullPage: true });
  await checkA11y(page);

  // Both the export and the verification are now in the security log, under the auditor's name.
  const auditor = await apiAs('auditor');
  const { items } = await auditor.get<{ items: Array<{ kind: string; username: string; detail: Record<string, unknown> }> }>('/api/security-events?kind=securityLog.exported,audit.verified&username=auditor');
  const exported = items.find((e) => e.kind === 'securityLog.exported');
  assert.deepEqual(exported?.detail.filter, { kind: 'login.failed', username: intruder });
  assert.equal(items.find((e) => e.kind === 'audit.verified')?.detail.ok, true);
});

test('the administrator is refused the security log and the audit trail, in the page and by the API', async () => {
  const page = await signIn(await newContext(), 'admin');
  // No entry in the menu.
  await page.locator('.ant-menu-item').first().waitFor();
  assert.equal(await page.locator('.ant-menu-item').filter({ hasText: zhNav.securityLog }).count(), 0);
  assert.equal(await page.locator('.ant-menu-item').filter({ hasText: zhNav.auditChain }).count(), 0);
  for (const url of ['/audit/security-log', '/audit/chain']) {
    await page.goto(`${BASE_URL}${url}`);
    await page.getByText(zhCommon.forbiddenTitle).waitFor();
    assert.equal(await page.getByTestId('security-log').count(), 0);
  }
  await checkA11y(page);
  const admin = await apiAs('admin');
  for (const [method, url] of [['GET', '/api/security-events'], ['GET', '/api/security-events/export'], ['GET', '/api/audit/status'], ['POST', '/api/audit/verify']] as const) {
    const r = await admin.raw(method, url);
    assert.equal(r.status, 403, `${method} ${url}`);
    assert.equal((r.body as { error: { code: string } }).error.code, 'FORBIDDEN');
  }
});
