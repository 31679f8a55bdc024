/**
 * The workbench is most people's first screen: its code and data are asked for as early as each can be,
 * side by side, rather than one after the other as the screen renders (chunk → queue → map chunk →
 * map data). `preloadWorkbenchCode` runs while the entry is still evaluating (main.tsx imports this
 * first); `prefetchFirstScreen` runs once the session is known. Same modules and query keys as the
 * screen's own, so nothing is fetched twice.
 */
import type { QueryClient } from '@tanstack/react-query';
import { allDivisionsQuery } from '../common/components/useReference.ts';
import { divisionFeaturesQuery, webConfigQuery } from '../common/map/map-api.ts';
import { ALL, DEFAULT_PAGE_SIZE, queueQuery, queueSummaryQuery } from './features/workbench/api.ts';

/** The workbench with its default view (no tab, page or sort in the address). */
const onWorkbench = () => location.pathname === '/' && !location.search;

export function preloadWorkbenchCode(): void {
  if (onWorkbench()) void import('./features/workbench/WorkbenchPage.tsx').catch(() => {});
}

export function prefetchFirstScreen(qc: QueryClient): void {
  if (!onWorkbench()) return;
  void qc.prefetchQuery(queueSummaryQuery);
  void qc.prefetchQuery(queueQuery(ALL, 1, DEFAULT_PAGE_SIZE));
  void qc.prefetchQuery(allDivisionsQuery);
  void qc.prefetchQuery(webConfigQuery);
  for (const level of ['district', 'street', 'community'] as const) void qc.prefetchQuery(divisionFeaturesQuery(level));
  // The map's code last: MapLibre is the biggest chunk, and the queue should not wait for its evaluation.
  void import('../common/map/CasesMap.tsx').catch(() => {});
}
