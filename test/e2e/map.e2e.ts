/**
 * The map (issue 17): what MapLibre holds and draws is what the API returned for the view, counted feature
 * by feature in the map's own sources (querySourceFeatures, over every tile, deduplicated: a feature near a
 * tile edge is in several) and drawn layers (queryRenderedFeatures) — not a pixel check, and not only the
 * data-rendered-* attributes the app writes about itself. A dispatcher of the demo district opens /map:
 * the district at low zoom (the open cases, then every case: the server's clusters); a community at a zoom
 * where unit grids are drawn; the stage filter changed there; and a click on a point opens that case.
 *
 * Other e2e files change cases at the same time (a hotline call, the whole loop in 新华社区, a dispatch), so
 * the test's own requests (in the page's session) are compared where those cannot reach: the number of
 * clusters of every case (nothing leaves "every case", and a new case lands where cases already are), the
 * grids, and the "handling" stage outside 新华社区's street (only the loop passes through it, there).
 * Everything the map holds is also compared, exactly, with the answer the page itself received for its query.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { newContext, nameRe, signIn } from './support.ts';
import { CASE_STATUSES } from '../../src/shared/cases/workflow.ts';
import { map as zhMap } from '../../src/web/common/i18n/zh-CN/map.ts';
import { OPEN_STATUSES, statusesOf } from '../../src/web/common/map/case-stages.ts';

type Box = [number, number, number, number];
interface Cluster { lng: number; lat: number; count: number }
type CasesAnswer = { kind: 'points'; count: number; points: Array<{ id: number; lng: number; lat: number }> } | { kind: 'clusters'; count: number; clusters: Cluster[] };
interface Polygons { bbox?: Box; features: Array<{ properties: { code: string; streetCode?: string; parentCode?: string | null }; geometry: { coordinates: unknown } }> }

/** What the map says and holds once drawn (read in one go in the page, so it is one consistent moment). */
interface Snapshot {
  zoom: number;
  bounds: Box;
  casesQuery: string;
  gridsQuery: string;
  rendered: { grids: number; clusters: number; points: number };
  /** Distinct features of the sources, over every tile MapLibre holds (a feature near a tile edge is in several). */
  source: { clusters: Array<{ id: number; count: number }>; points: number[]; grids: string[] };
  /** Distinct features of the drawn layers in the whole canvas. */
  drawn: { clusters: number[]; points: number[]; grids: string[] };
}

/** The page's globals used here (this project's Node typecheck has no DOM types). */
interface Feature { id?: number | string; properties: Record<string, unknown> }
interface InMapPage {
  document: { querySelector(s: string): { getAttribute(n: string): string | null } | null; elementFromPoint(x: number, y: number): unknown };
  __gcMap?: {
    getZoom(): number;
    getBounds(): { getWest(): number; getSouth(): number; getEast(): number; getNorth(): number };
    querySourceFeatures(source: string): Feature[];
    queryRenderedFeatures(a?: unknown, b?: unknown): Feature[];
    getSource(id: string): { getData(): Promise<{ features?: Feature[] }> } | undefined;
    jumpTo(o: { center: unknown; zoom: number }): void;
    project(p: [number, number]): { x: number; y: number };
    getCanvas(): { getBoundingClientRect(): { left: number; top: number; width: number; height: number } };
  };
}

const HANDLING = statusesOf('handling');
/** The street of 新华社区, where the whole-loop test files its case (it passes through "handling" there). */
const LOOP_STREET = '410104001';
/** A zoom where the unit grids are drawn (from GRID_MIN_ZOOM = 14 in common/map/style.ts, which this typecheck cannot take in). */
const GRID_ZOOM = 15;

/** Waits until the map is idle with queries other than `before`'s (for the kinds given), and reads it. */
async function drawn(page: Page, before?: Snapshot, changed: Array<'cases' | 'grids'> = []): Promise<Snapshot> {
  const prev = before ? { cases: before.casesQuery, grids: before.gridsQuery } : null;
  const handle = await page.waitForFunction(({ prev, changed }) => {
    const w = globalThis as unknown as InMapPage;
    const el = w.document.querySelector('[data-testid="cases-map"]');
    const map = w.__gcMap;
    if (!el || !map || el.getAttribute('data-map-state') !== 'idle') return null;
    const casesQuery = el.getAttribute('data-cases-query') ?? '';
    const gridsQuery = el.getAttribute('data-grids-query') ?? '';
    if (prev && changed.some((k) => (k === 'cases' ? casesQuery : gridsQuery) === prev[k])) return null;
    // (No named helpers in here: the test's transpiler would wrap them in a function the page does not have.)
    const clusters = new Map<number, number>();
    for (const f of map.querySourceFeatures('clusters')) clusters.set(Number(f.id), Number(f.properties.count));
    const b = map.getBounds();
    return {
      zoom: map.getZoom(),
      bounds: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()],
      casesQuery,
      gridsQuery,
      rendered: { grids: Number(el.getAttribute('data-rendered-grids')), clusters: Number(el.getAttribute('data-rendered-clusters')), points: Number(el.getAttribute('data-rendered-points')) },
      source: {
        clusters: [...clusters].map(([id, count]) => ({ id, count })).sort((x, y) => x.id - y.id),
        points: [...new Set(map.querySourceFeatures('points').map((f) => Number(f.properties.id)))].sort((x, y) => x - y),
        grids: [...new Set(map.querySourceFeatures('grids').map((f) => String(f.properties.code)))].sort(),
      },
      drawn: {
        clusters: [...new Set(map.queryRenderedFeatures({ layers: ['clusters-circle'] }).map((f) => Number(f.id)))].sort((x, y) => x - y),
        points: [...new Set(map.queryRenderedFeatures({ layers: ['points-circle'] }).map((f) => Number(f.properties.id)))].sort((x, y) => x - y),
        grids: [...new Set(map.queryRenderedFeatures({ layers: ['grids-line'] }).map((f) => String(f.properties.code)))].sort(),
      },
    } satisfies Snapshot;
  }, { prev, changed }, { timeout: 30_000, polling: 100 });
  return (await handle.jsonValue()) as Snapshot;
}

/** The answers the page received, by request (path and query), as they arrive. */
function watchAnswers(page: Page): Map<string, Promise<unknown>> {
  const answers = new Map<string, Promise<unknown>>();
  page.on('response', (r) => {
    const u = new URL(r.url());
    if (u.pathname.startsWith('/api/') && r.status() === 200) answers.set(u.pathname + u.search, r.json().catch(() => undefined));
  });
  return answers;
}

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

/** The cases the map holds equal `answer`: as many as it says, the same clusters (by their index) or points (by id). */
function assertCases(s: Snapshot, answer: CasesAnswer, what: string) {
  if (answer.kind === 'clusters') {
    assert.equal(s.rendered.clusters, answer.clusters.length, `${what}: data-rendered-clusters is the number of clusters the API returned`);
    assert.equal(s.rendered.points, 0, `${what}: no points beside clusters`);
    assert.deepEqual(s.source.clusters.map((c) => c.id), answer.clusters.map((_, i) => i), `${what}: the map's cluster source holds each returned cluster once`);
    assert.deepEqual(s.source.clusters.map((c) => c.count), answer.clusters.map((c) => c.count), `${what}: with the returned counts`);
    assert.deepEqual(s.drawn.clusters, answer.clusters.map((_, i) => i), `${what}: every cluster is drawn`);
    assert.deepEqual([s.source.points, s.drawn.points], [[], []], `${what}: no points held or drawn`);
  } else {
    const ids = sorted(answer.points.map((p) => p.id));
    assert.equal(s.rendered.points, ids.length, `${what}: data-rendered-points is the number of points the API returned`);
    assert.equal(s.rendered.clusters, 0, `${what}: no clusters beside points`);
    assert.deepEqual(s.source.points, ids, `${what}: the map's point source holds exactly the returned cases`);
    assert.deepEqual(s.drawn.points, ids, `${what}: every returned case is drawn`);
    assert.deepEqual([s.source.clusters, s.drawn.clusters], [[], []], `${what}: no clusters held or drawn`);
  }
}

function bboxOf(geometry: { coordinates: unknown }): Box {
  const b: Box = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      b[0] = Math.min(b[0], c[0]);
      b[1] = Math.min(b[1], c[1] as number);
      b[2] = Math.max(b[2], c[0]);
      b[3] = Math.max(b[3], c[1] as number);
    } else if (Array.isArray(c)) c.forEach(visit);
  };
  visit(geometry.coordinates);
  return b;
}
const inside = (b: Box, v: Box) => b[0] >= v[0] && b[1] >= v[1] && b[2] <= v[2] && b[3] <= v[3];
const meets = (b: Box, v: Box) => b[0] <= v[2] && b[2] >= v[0] && b[1] <= v[3] && b[3] >= v[1];
const param = (query: string, name: string) => new URLSearchParams(query.slice(query.indexOf('?') + 1)).get(name);

/** The snapshot's queries ask about the view it shows: cases for its box (to 1e-5°) and zoom, grids for its box snapped out to 0.01°. */
function assertAsksForView(s: Snapshot, what: string) {
  const box = (q: string) => param(q, 'bbox')!.split(',').map(Number);
  assert.equal(param(s.casesQuery, 'zoom'), String(Math.floor(s.zoom)), `${what}: the cases are asked for at the map's zoom`);
  box(s.casesQuery).forEach((v, i) => assert.ok(Math.abs(v - s.bounds[i]!) <= 1.1e-5, `${what}: the cases are asked for in the view (${s.casesQuery} for ${s.bounds.join(',')})`));
  if (!s.gridsQuery) return;
  box(s.gridsQuery).forEach((v, i) => {
    const outward = i < 2 ? s.bounds[i]! - v : v - s.bounds[i]!;
    assert.ok(outward >= -1e-9 && outward <= 0.0100001, `${what}: the grids are asked for around the view (${s.gridsQuery} for ${s.bounds.join(',')})`);
  });
}

/** A GET of the API in the page's session (its cookies): what the app would be told for the same request. */
async function apiGet<T>(page: Page, path: string): Promise<T> {
  const res = await page.request.get(path);
  assert.equal(res.status(), 200, `GET ${path}: ${res.status()}`);
  return (await res.json()) as T;
}

/**
 * A community outside the loop's street, to be shown centred at GRID_ZOOM in a canvas of `size` pixels:
 * the one with the most cases in the "handling" stage within that view (well inside it).
 */
async function communityToVisit(page: Page, size: { width: number; height: number }): Promise<{ code: string; center: [number, number]; n: number }> {
  const district = (await apiGet<Polygons>(page, '/api/divisions/features?level=district')).bbox!;
  const handling = await apiGet<CasesAnswer>(page, `/api/cases/map?bbox=${district.join(',')}&zoom=12&status=${HANDLING.join(',')}`);
  assert.equal(handling.kind, 'points', 'the demo district has fewer than 2,000 cases being handled');
  const communities = await apiGet<Polygons>(page, '/api/divisions/features?level=community');
  // Web Mercator at GRID_ZOOM (512-pixel world tiles): degrees across the canvas, with a tenth kept clear at each side.
  const dLng = ((size.width * 360) / (512 * 2 ** GRID_ZOOM)) * 0.4;
  const ranked = communities.features
    .filter((f) => f.properties.parentCode !== LOOP_STREET)
    .map((f) => {
      const box = bboxOf(f.geometry);
      const center: [number, number] = [(box[0] + box[2]) / 2, (box[1] + box[3]) / 2];
      const dLat = dLng * (size.height / size.width) * Math.cos((center[1] * Math.PI) / 180);
      const n = handling.points.filter((p) => Math.abs(p.lng - center[0]) < dLng && Math.abs(p.lat - center[1]) < dLat).length;
      return { code: f.properties.code, center, n };
    })
    .sort((a, b) => b.n - a.n || a.code.localeCompare(b.code));
  assert.ok(ranked[0] && ranked[0].n > 0, 'some community outside the loop\'s street has cases being handled near its centre');
  return ranked[0];
}

/** Picks a stage in the map page's filter bar. */
async function chooseStage(page: Page, label: string): Promise<void> {
  await page.getByRole('combobox', { name: nameRe(zhMap.filterStage) }).click();
  await page.locator('.ant-select-item-option').filter({ hasText: label }).click();
}

test('the map holds and draws what the API returned for its view; a point opens its case', async () => {
  const page = await signIn(await newContext(), 'dispatcher');
  const answers = watchAnswers(page);
  const pageGot = async (query: string) => {
    const a = answers.get(query);
    assert.ok(a, `the page requested ${query}`);
    return (await a) as CasesAnswer;
  };
  await page.goto('/map');

  // 1. The district at low zoom, as the page opens: the open cases.
  const opened = await drawn(page);
  assert.ok(opened.zoom < 14, `the district is shown at low zoom (${opened.zoom})`);
  assertAsksForView(opened, 'district');
  assert.deepEqual(param(opened.casesQuery, 'status')?.split(',').sort(), [...OPEN_STATUSES].sort(), 'the open cases');
  assert.equal(opened.gridsQuery, '', 'no grids asked for at low zoom');
  assert.equal(opened.rendered.grids, 0);
  assert.deepEqual([opened.source.grids, opened.drawn.grids], [[], []], 'no grids held or drawn at low zoom');
  const openAnswer = await pageGot(opened.casesQuery);
  assertCases(opened, openAnswer, 'open cases in the district');
  // Other files add and close open cases meanwhile: the test's own request must agree on the kind of answer.
  assert.equal((await apiGet<CasesAnswer>(page, opened.casesQuery)).kind, openAnswer.kind);

  // All the district's cases, finished ones too (a filter change): more than 2,000, so the server's clusters.
  await chooseStage(page, zhMap.stageAll);
  const district = await drawn(page, opened, ['cases']);
  assertAsksForView(district, 'district, every case');
  assert.deepEqual(param(district.casesQuery, 'status')?.split(',').sort(), [...CASE_STATUSES].sort(), 'every stage asked for');
  const districtAnswer = await apiGet<CasesAnswer>(page, district.casesQuery);
  assert.equal(districtAnswer.kind, 'clusters', 'every case of the district: clustered');
  assert.equal(district.rendered.clusters, districtAnswer.clusters.length, 'data-rendered-clusters is the number of clusters the API returns for the view');
  assert.equal(district.rendered.points, 0);
  assert.equal(district.source.clusters.length, districtAnswer.clusters.length, 'the map\'s cluster source holds as many distinct clusters');
  assert.equal(district.drawn.clusters.length, districtAnswer.clusters.length, 'and draws as many');
  assertCases(district, await pageGot(district.casesQuery), 'all cases in the district');

  // 2. A community, at a zoom where unit grids are drawn.
  const size = await page.evaluate(() => {
    const r = (globalThis as unknown as InMapPage).__gcMap!.getCanvas().getBoundingClientRect();
    return { width: r.width, height: r.height };
  });
  const community = await communityToVisit(page, size);
  await page.evaluate(({ center, zoom }) => (globalThis as unknown as InMapPage).__gcMap!.jumpTo({ center, zoom }), { center: community.center, zoom: GRID_ZOOM });
  const zoomed = await drawn(page, district, ['cases', 'grids']);
  assert.equal(zoomed.zoom, GRID_ZOOM);
  assert.match(zoomed.gridsQuery, /^\/api\/grids\/features\?bbox=/);
  assertAsksForView(zoomed, 'community');
  const grids = await apiGet<Polygons>(page, zoomed.gridsQuery);
  const codes = grids.features.map((f) => f.properties.code).sort();
  assert.ok(codes.length > 0, 'the view has unit grids');
  assert.equal(new Set(codes).size, codes.length, 'each grid once in the answer');
  assert.equal(zoomed.rendered.grids, codes.length, 'data-rendered-grids is the number of grids the API returned');
  const held = await page.evaluate(async () => {
    const data = await (globalThis as unknown as InMapPage).__gcMap!.getSource('grids')!.getData();
    return (data.features ?? []).map((f) => String(f.properties.code));
  });
  assert.deepEqual([...held].sort(), codes, 'the grid source holds exactly the returned grids');
  // The answer covers the query's box (the view snapped outward to 0.01°), so more than the canvas:
  // the tiles and the drawn layer hold only returned grids, and every grid wholly in view; the drawn ones
  // all reach into the view.
  const inView = grids.features.filter((f) => inside(bboxOf(f.geometry), zoomed.bounds)).map((f) => f.properties.code).sort();
  const reaching = new Set(grids.features.filter((f) => meets(bboxOf(f.geometry), zoomed.bounds)).map((f) => f.properties.code));
  assert.ok(inView.length > 0, 'some grids lie wholly in view');
  const known = new Set(codes);
  for (const [what, list] of [['held in tiles', zoomed.source.grids], ['drawn', zoomed.drawn.grids]] as const) {
    assert.deepEqual(list.filter((c) => !known.has(c)), [], `every grid ${what} is one the API returned`);
    const present = new Set(list);
    assert.deepEqual(inView.filter((c) => !present.has(c)), [], `every returned grid wholly in view is ${what}`);
  }
  assert.deepEqual(zoomed.drawn.grids.filter((c) => !reaching.has(c)), [], 'no grid outside the view is drawn');
  assertCases(zoomed, await pageGot(zoomed.casesQuery), 'all cases in the community view');

  // 3. The stage filter again, here: the cases being handled in this view, as points.
  await chooseStage(page, zhMap.stage_handling);
  const filtered = await drawn(page, zoomed, ['cases']);
  assert.equal(filtered.gridsQuery, zoomed.gridsQuery, 'the view did not move');
  assertAsksForView(filtered, 'community, handling stage');
  assert.equal(filtered.rendered.grids, zoomed.rendered.grids, 'the grids stay');
  assert.deepEqual(param(filtered.casesQuery, 'status')?.split(',').sort(), [...HANDLING].sort(), 'the query asks for the handling stage');
  const handlingAnswer = await apiGet<CasesAnswer>(page, filtered.casesQuery);
  assert.equal(handlingAnswer.kind, 'points');
  assert.ok(handlingAnswer.points.length > 0, 'cases being handled in view');
  assertCases(filtered, handlingAnswer, 'handling stage');
  assertCases(filtered, await pageGot(filtered.casesQuery), 'handling stage (the page\'s own answer)');

  // 4. A click on a point opens its case: one drawn alone under the pointer, nothing over it.
  const target = await page.evaluate(() => {
    const w = globalThis as unknown as InMapPage;
    const map = w.__gcMap!;
    const canvas = map.getCanvas();
    const rect = canvas.getBoundingClientRect();
    for (const f of map.queryRenderedFeatures({ layers: ['points-circle'] })) {
      const [lng, lat] = (f as unknown as { geometry: { coordinates: [number, number] } }).geometry.coordinates;
      const p = map.project([lng, lat]);
      if (p.x < 20 || p.y < 20 || p.x > rect.width - 20 || p.y > rect.height - 20) continue;
      const under = map.queryRenderedFeatures([[p.x - 12, p.y - 12], [p.x + 12, p.y + 12]], { layers: ['points-circle', 'clusters-circle'] });
      if (new Set(under.map((u) => String(u.properties.id))).size !== 1) continue;
      const x = rect.left + p.x;
      const y = rect.top + p.y;
      if (w.document.elementFromPoint(x, y) !== canvas) continue;
      return { id: Number(f.properties.id), x, y };
    }
    return null;
  });
  assert.ok(target, 'a point drawn alone, not under a panel or marker');
  await page.mouse.click(target.x, target.y);
  const popup = page.locator(`[data-testid="map-case-popup"][data-case-id="${target.id}"]`);
  await popup.waitFor();
  await popup.getByRole('button', { name: nameRe(zhMap.openCase) }).click();
  await page.waitForURL((u) => u.pathname === `/cases/${target.id}`);
});
