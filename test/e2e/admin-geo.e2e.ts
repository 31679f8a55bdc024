/**
 * 区划与网格导入 as the administrator does it: a survey of one community's grids with one bad feature (it
 * overlaps its neighbour) is checked, the bad feature is red on the map and in the list, the import cannot go
 * on, and nothing has changed; the file fixed (the bad feature removed), the import says what it will change,
 * is confirmed, and the grids are there. Screenshots of each step at 1440×900 go to E2E_SHOTS (or a temp folder).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { adminGeo as zh } from '../../src/web/common/i18n/zh-CN/adminGeo.ts';
import { apiAs, BASE_URL, checkA11y, newContext, signIn, waitForContent, type InPage } from './support.ts';

interface Feature { type: 'Feature'; id?: string; properties: Record<string, unknown>; geometry: { type: string; coordinates: unknown } }
interface Grid { code: string; validFrom: string }
interface MapFeature { properties: Record<string, unknown> }
interface InMapPage extends InPage {
  __gcMap?: {
    queryRenderedFeatures(o: { layers: string[] }): MapFeature[];
    getLayer(id: string): unknown;
    getBounds(): { getWest(): number; getSouth(): number; getEast(): number; getNorth(): number };
    project(p: [number, number]): { x: number; y: number };
    getCanvas(): { getBoundingClientRect(): { left: number; top: number } };
  };
}

const SHOTS = process.env.E2E_SHOTS ?? fs.mkdtempSync(path.join(os.tmpdir(), 'admin-geo-shots-'));
const shot = async (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

/** Waits until the import map has drawn features, and says which with which status (index → status). */
async function drawnStatuses(page: Page, want: number): Promise<Record<string, string>> {
  const handle = await page.waitForFunction((want) => {
    const w = globalThis as unknown as InMapPage;
    const el = w.document.querySelector('[data-testid="geo-import-map"]');
    if (!w.__gcMap || !el || el.getAttribute('data-map-state') !== 'idle' || !w.__gcMap.getLayer('geo-import-fill')) return null;
    const out: Record<string, string> = {};
    for (const f of w.__gcMap.queryRenderedFeatures({ layers: ['geo-import-fill'] })) out[String(f.properties.index)] = String(f.properties.status);
    return Object.keys(out).length === want ? out : null;
  }, want, { timeout: 30_000, polling: 200 });
  return (await handle.jsonValue()) as Record<string, string>;
}

function writeFile(name: string, features: Feature[]): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'admin-geo-')), name);
  fs.writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features }));
  return file;
}

test('an administrator imports a grid file with one bad feature flagged on the map before anything is written, then the fixed file', async () => {
  const admin = await apiAs('admin');
  // A community of the demo district with a few grids: its survey, as our own full boundaries.
  const { items: communities } = await admin.get<{ items: Array<{ code: string; gridCount: number }> }>('/api/divisions?level=community');
  const community = communities.find((c) => c.gridCount >= 4);
  assert.ok(community, 'a community with at least 4 grids');
  const fc = await admin.get<{ features: Feature[] }>(`/api/grids/features?communityCode=${community.code}&detail=full`);
  const survey = fc.features.map((f) => ({ type: 'Feature' as const, properties: { BGCODE: f.properties.code }, geometry: f.geometry }));
  // The second feature drawn over the first: the survey's one bad feature (an overlap).
  const bad = survey.map((f, i) => (i === 1 ? { ...f, geometry: survey[0]!.geometry } : f));
  const badCode = String(survey[1]!.properties.BGCODE);
  const gridsBefore = await admin.get<{ items: Grid[]; total: number }>(`/api/grids?communityCode=${community.code}`);
  const totalBefore = (await admin.get<{ total: number }>('/api/grids?limit=1')).total;

  const page = await signIn(await newContext(), 'admin');
  await page.goto(`${BASE_URL}/admin/geo`);
  await page.getByTestId('geo-check').waitFor();
  await waitForContent(page);
  await checkA11y(page);
  await shot(page, '1-file');

  // Checking without a file says so at the file.
  await page.getByTestId('geo-check').click();
  await page.getByText(zh.fileRequired).waitFor();

  // A file the server cannot read (metres given as degrees: no coordinate system named) is refused at the file.
  const metres = survey.map((f) => ({ ...f, geometry: { type: 'Polygon', coordinates: [[[500000, 3840000], [500100, 3840000], [500100, 3840100], [500000, 3840000]]] } }));
  await page.locator('input[type="file"]').setInputFiles(writeFile('survey-metres.geojson', metres));
  await page.getByTestId('geo-check').click();
  await page.locator('.ant-form-item-explain-error', { hasText: '无法读取地理文件' }).waitFor({ timeout: 15_000 });
  // The pointer off the button it clicked: antd's hover blue is the theme's, measured on every screen without it.
  await page.mouse.move(0, 0);
  await checkA11y(page);
  await shot(page, '1-file-refused');
  assert.equal(await page.getByTestId('geo-counts').count(), 0);

  await page.locator('input[type="file"]').setInputFiles(writeFile('survey-bad.geojson', bad));
  await page.getByTestId('geo-file-chosen').waitFor();
  await page.getByTestId('geo-check').click();

  // ② The report: one error, on the map in red, in the list with its problem; the import cannot go on.
  const counts = page.getByTestId('geo-counts');
  await counts.waitFor({ timeout: 30_000 });
  assert.equal(await counts.getAttribute('data-errors'), '1');
  assert.equal(await counts.getAttribute('data-ok'), String(survey.length - 1));
  const statuses = await drawnStatuses(page, survey.length);
  assert.equal(statuses['1'], 'error');
  assert.deepEqual(Object.entries(statuses).filter(([i]) => i !== '1').map(([, s]) => s), Array(survey.length - 1).fill('ok'));
  // The map opens on the whole file: every feature's box is inside the view.
  const view = await page.evaluate(() => {
    const b = (globalThis as unknown as InMapPage).__gcMap!.getBounds();
    return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()];
  });
  const positions = survey.flatMap((f) => (f.geometry.coordinates as unknown[]).flat(f.geometry.type === 'Polygon' ? 1 : 2) as number[][]);
  const fileBox = [Math.min(...positions.map((p) => p[0]!)), Math.min(...positions.map((p) => p[1]!)), Math.max(...positions.map((p) => p[0]!)), Math.max(...positions.map((p) => p[1]!))];
  assert.ok(view[0]! <= fileBox[0]! && view[1]! <= fileBox[1]! && view[2]! >= fileBox[2]! && view[3]! >= fileBox[3]!, `view ${view} holds the file ${fileBox}`);
  const badRow = page.locator('.gc-geo-table tr[data-row-key="1"]');
  assert.equal(await badRow.getAttribute('data-status'), 'error');
  assert.match(await badRow.innerText(), new RegExp(`${badCode}[\\s\\S]*与第1个要素重叠`));
  assert.equal(await page.getByTestId('geo-next').isDisabled(), true);
  await page.getByTestId('geo-blocked').waitFor();
  await checkA11y(page);
  await shot(page, '2-report-bad');

  // A feature clicked on the map selects its row (every feature is in view at first) …
  const last = survey.length - 1;
  const g = survey[last]!.geometry;
  const ring = g.type === 'Polygon' ? (g.coordinates as number[][][])[0]! : (g.coordinates as number[][][][])[0]![0]!;
  const centre: [number, number] = [ring.reduce((s, p) => s + p[0]!, 0) / ring.length, ring.reduce((s, p) => s + p[1]!, 0) / ring.length];
  const at = await page.evaluate((c) => {
    const m = (globalThis as unknown as InMapPage).__gcMap!;
    const p = m.project(c);
    const r = m.getCanvas().getBoundingClientRect();
    return { x: r.left + p.x, y: r.top + p.y };
  }, centre);
  await page.mouse.click(at.x, at.y);
  await page.locator(`.gc-geo-map[data-selected="${last}"]`).waitFor();
  await page.locator(`.gc-geo-table tr[data-row-key="${last}"].gc-geo-row-selected`).waitFor();
  // … and a row shows its feature on the map, outlined.
  await badRow.getByRole('button').click();
  await page.locator('.gc-geo-map[data-selected="1"]').waitFor();
  await page.waitForFunction(() => {
    const w = globalThis as unknown as InMapPage;
    return w.document.querySelector('[data-testid="geo-import-map"]')?.getAttribute('data-map-state') === 'idle'
      && !!w.__gcMap?.getLayer('geo-import-selected')
      && (w.__gcMap.queryRenderedFeatures({ layers: ['geo-import-selected'] }) ?? []).some((f) => f.properties.index === 1);
  }, undefined, { timeout: 15_000, polling: 200 });
  await shot(page, '2-report-selected');

  // Nothing was written by the check.
  assert.equal((await admin.get<{ total: number }>('/api/grids?limit=1')).total, totalBefore);
  assert.deepEqual((await admin.get<{ items: Grid[] }>(`/api/grids?communityCode=${community.code}`)).items, gridsBefore.items);

  // ① again, with the file fixed: the bad feature removed.
  await page.getByRole('button', { name: zh.reupload }).click();
  await page.getByRole('button', { name: zh.removeFile }).click();
  const fixed = survey.filter((_, i) => i !== 1);
  await page.locator('input[type="file"]').setInputFiles(writeFile('survey-fixed.geojson', fixed));
  await page.getByTestId('geo-check').click();
  await page.locator('[data-testid="geo-counts"][data-errors="0"]').waitFor({ timeout: 30_000 });
  assert.deepEqual(Object.values(await drawnStatuses(page, fixed.length)), Array(fixed.length).fill('ok'));
  await checkA11y(page);
  await shot(page, '2-report-fixed');
  await page.getByTestId('geo-next').click();

  // ③ What will change: the others get new versions, the removed one ends.
  await page.getByTestId('geo-change-replaced').waitFor();
  assert.equal(await page.getByTestId('geo-change-new').innerText(), '0 个');
  assert.equal(await page.getByTestId('geo-change-replaced').innerText(), `${fixed.length} 个`);
  assert.equal(await page.getByTestId('geo-change-retired').innerText(), '1 个');
  await checkA11y(page);
  await shot(page, '3-confirm');
  await page.getByTestId('geo-import').click();
  // antd spaces out a two-character Chinese button label (导 入).
  await page.locator('.ant-popconfirm').getByRole('button', { name: new RegExp(zh.importNow.split('').join('\\s?')) }).click();

  // ④ The result, and the grids as the API now has them.
  await page.getByTestId('geo-done').waitFor({ timeout: 30_000 });
  assert.match(await page.getByTestId('geo-batch').innerText(), /导入批次号：\d+/);
  await checkA11y(page);
  await shot(page, '4-done');
  const after = await admin.get<{ items: Grid[]; total: number }>(`/api/grids?communityCode=${community.code}`);
  assert.deepEqual(after.items.map((g) => g.code).sort(), fixed.map((f) => String(f.properties.BGCODE)).sort());
  assert.ok(!after.items.some((g) => g.code === badCode));
  assert.equal((await admin.get<{ total: number }>('/api/grids?limit=1')).total, totalBefore - 1);
  const detail = await admin.get<{ versions: unknown[] }>(`/api/grids/${String(fixed[0]!.properties.BGCODE)}`);
  assert.equal(detail.versions.length, 2);
});

test('people who may not import see no import screen, and the API refuses them', async () => {
  const dispatcher = await apiAs('dispatcher');
  const res = await dispatcher.raw('POST', '/api/grids/import?dryRun=true&report=features', { type: 'FeatureCollection', features: [] });
  assert.equal(res.status, 403);
  const page = await signIn(await newContext(), 'dispatcher');
  await page.goto(`${BASE_URL}/admin/geo`);
  await waitForContent(page);
  assert.equal(await page.getByTestId('geo-check').count(), 0);
});
