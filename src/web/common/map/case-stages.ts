/**
 * Cases on the map are coloured by the stage of the loop they are in (the same grouping as the status
 * tags): intake, dispatch, handling, paused, check; finished cases only when asked for.
 */
import { CASE_STATUSES, FINAL_STATUSES, type CaseStatus } from '../../../shared/cases/workflow.ts';

export const STAGES = ['intake', 'dispatch', 'handling', 'paused', 'check', 'finished'] as const;
export type Stage = (typeof STAGES)[number];

export const STAGE_OF: Record<CaseStatus, Stage> = {
  reported: 'intake',
  verifying: 'intake',
  pendingFiling: 'intake',
  voidPending: 'intake',
  pendingDispatch: 'dispatch',
  dispatched: 'dispatch',
  handling: 'handling',
  extensionRequested: 'handling',
  returnRequested: 'handling',
  shelveRequested: 'handling',
  shelved: 'paused',
  pendingCheck: 'check',
  checking: 'check',
  pendingCallback: 'check',
  pendingClose: 'check',
  selfHandled: 'check',
  closed: 'finished',
  voided: 'finished',
  notTrue: 'finished',
  merged: 'finished',
};

/** Fill colours of the case points (white outline; an urgent case gets a red ring). */
export const STAGE_COLOURS: Record<Stage, string> = {
  intake: '#1677ff',
  dispatch: '#722ed1',
  handling: '#08979c',
  paused: '#8c8c8c',
  check: '#d48806',
  finished: '#389e0d',
};
export const URGENT_COLOUR = '#cf1322';
export const CLUSTER_COLOUR = '#1456c8';

export const OPEN_STATUSES: readonly CaseStatus[] = CASE_STATUSES.filter((s) => !FINAL_STATUSES.includes(s));

export function statusesOf(stage: Stage): CaseStatus[] {
  return CASE_STATUSES.filter((s) => STAGE_OF[s] === stage);
}

/** The MapLibre expression colouring a point by its `stage` property. */
export function stageColourExpression(): unknown[] {
  return ['match', ['get', 'stage'], ...STAGES.flatMap((s) => [s, STAGE_COLOURS[s]]), STAGE_COLOURS.intake];
}
