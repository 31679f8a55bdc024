/**
 * The leaders' overview (issue 18 §2): a leader signs in and lands on 领导总览, sees the district's day in
 * figures and charts (the charts really drawn: SVG paths from ECharts), follows a figure to the case list —
 * the filters it carries shown in the form, the list's total the figure — and urges cases from there.
 * Other e2e files report and move cases meanwhile, so a total that moved between the two reads is checked
 * against the overview's figure read again at once.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { apiAs, checkA11y, newContext, signIn, waitForContent } from './support.ts';
import { caseList as zhList } from '../../src/web/common/i18n/zh-CN/caseList.ts';
import { figureFilters, toApiQuery, type OverviewFigure, type OverviewResponse } from '../../src/shared/api/overview.ts';

interface InPage { document: { querySelectorAll(s: string): { length: number } } }
const count = (page: Page, selector: string) => page.evaluate((s) => (globalThis as unknown as InPage).document.querySelectorAll(s).length, selector);
const totalOf = (text: string) => Number(/共\s*([\d,]+)\s*件/.exec(text)?.[1]?.replace(/,/g, '') ?? NaN);

async function ready(page: Page) {
  await page.locator('[data-testid="overview"][data-ready="true"]').waitFor({ timeout: 30_000 });
  await waitForContent(page);
}

test('a leader sees the district’s day, follows a figure to its cases and urges them', async () => {
  const leader = await apiAs('leader');
  // Signing in at the sign-in page itself (no screen asked for): 领导总览 is the leader's landing screen.
  const page = await signIn(await newContext({ viewport: { width: 1440, height: 900 } }), 'leader', { path: '/login' });
  await page.waitForURL((u) => u.pathname === '/overview');
  await ready(page);
  const today = await leader.get<OverviewResponse>('/api/overview');
  assert.equal(today.district?.name, '管城回族区');
  assert.ok(today.streets.length > 1, 'the demo district has several streets');

  // The charts are drawn, not just placed: lines for the trend, bars per street, a pie of sources.
  await page.getByTestId('chart-trend').locator('svg').waitFor();
  assert.ok((await count(page, '[data-testid="chart-trend"] svg path')) >= 3, 'three trend lines');
  assert.ok((await count(page, '[data-testid="chart-streets"] svg path')) >= today.streets.length, 'a bar per street');
  if (today.sources.length) assert.ok((await count(page, '[data-testid="chart-sources"] svg path')) >= today.sources.length, 'a slice per source');
  // Each street's row holds its figures, each cell a link.
  for (const s of today.streets) assert.equal(await page.getByTestId(`street-${s.code}-reported`).innerText(), s.reported.toLocaleString());
  await checkA11y(page);

  // The month: the trend and the figures change with the period.
  await page.getByTestId('overview-period').getByText('本月').click();
  await page.waitForURL((u) => u.searchParams.get('period') === 'month');
  await ready(page);
  const month = await leader.get<OverviewResponse>('/api/overview?period=month');
  assert.equal(month.from.slice(8), '01');
  assert.ok(Number(await page.getByTestId('figure-reported').getAttribute('data-value')) >= today.totals.reported);
  await checkA11y(page);
  await page.getByTestId('overview-period').getByText('今日').click();
  await page.waitForURL((u) => !u.searchParams.has('period'));
  await ready(page);

  // A figure the list counts exactly (its cap is 2000) and with cases to urge: the overdue backlog, else today's reports.
  const pick: OverviewFigure = today.totals.overdue > 0 && today.totals.overdue <= 2000 ? 'overdue' : 'reported';
  const card = page.getByTestId(`figure-${pick}`);
  const shown = Number(await card.getAttribute('data-value'));
  assert.ok(shown > 0 && shown <= 2000, `${pick} = ${shown}`);
  await card.click();
  await page.waitForURL((u) => u.pathname === '/cases');
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('districtCode'), '410104');
  // The form shows what the list holds: the district, and the day or the overdue filter.
  const form = page.getByTestId('case-filters');
  await form.getByText('管城回族区').waitFor();
  if (pick === 'overdue') await form.getByTitle(zhList.overdueYes).waitFor();
  else await form.locator(`input[value="${today.from}"]`).first().waitFor();
  const totalText = page.getByTestId('case-total');
  await page.waitForFunction(() => /共\s*[\d,]+\s*件/.test((globalThis as unknown as { document: { querySelector(s: string): { textContent: string } | null } }).document.querySelector('[data-testid="case-total"]')?.textContent ?? ''));
  const listed = totalOf(await totalText.innerText());
  if (listed !== shown) {
    const again = await leader.get<OverviewResponse>('/api/overview');
    assert.equal(listed, again.totals[pick], `the list (${listed}) is the figure (${shown}, now ${again.totals[pick]})`);
  }
  // And the API answers the same filters with the same total.
  const query = new URLSearchParams(toApiQuery(figureFilters(pick, { districtCode: '410104', from: today.from, to: today.to })));
  const api = await leader.get<{ total: number; items: Array<{ id: number; urgeCount: number; allowedActions: string[] }> }>(`/api/cases?${query}&limit=20`);
  assert.ok(Math.abs(api.total - listed) <= 2, `${api.total} vs ${listed}`);

  // 督办 from the list: select the page, urge what may be urged.
  await page.locator('.ant-table-thead .ant-checkbox-input').first().check();
  const urge = page.getByTestId('bulk-urge');
  await urge.waitFor({ timeout: 10_000 });
  const before = await leader.get<{ items: Array<{ id: number; urgeCount: number; allowedActions: string[] }> }>(`/api/cases?${query}&limit=20`);
  await urge.click();
  await page.getByLabel('督办意见').fill('领导督办：请今日内处置完毕并反馈');
  await page.getByTestId('bulk-confirm').click();
  // Each urged case leaves the selection (the dialog closes with it) and the list says how many were urged.
  const summary = page.locator('.ant-message').getByText(/成功 \d+ 件，失败 \d+ 件/);
  await summary.waitFor({ timeout: 30_000 });
  const ok = Number(/成功 (\d+) 件/.exec(await summary.innerText())![1]);
  assert.ok(ok >= 1, 'at least one case urged');
  const urgeable = before.items.filter((c) => c.allowedActions.includes('urge'));
  const after = await Promise.all(urgeable.map((c) => leader.get<{ id: number; urgeCount: number; timeline: Array<{ type: string }> }>(`/api/cases/${c.id}`)));
  const raised = after.filter((c, i) => c.urgeCount === urgeable[i]!.urgeCount + 1);
  assert.ok(raised.length >= ok - 1 && raised.length >= 1, `urged ${raised.length} of ${urgeable.length} (${ok} reported)`);
  assert.ok(raised.every((c) => c.timeline.some((e) => e.type === 'case.urged')));
});

test('the overview is for leaders and the centre: a handling unit neither sees it in the menu nor opens it', async () => {
  const page = await signIn(await newContext(), 'handler');
  assert.equal(await page.getByRole('menuitem', { name: /领导总览/ }).count(), 0);
  await page.goto('/overview');
  await waitForContent(page);
  assert.equal(await page.getByTestId('overview').count(), 0);
  const handler = await apiAs('handler');
  await assert.rejects(handler.get('/api/overview'), /403|FORBIDDEN/);
});
