/** The map page's filters in the address: ?stage=&kind=&urgency=&street=&overdue=1. */
import { CATEGORY_KINDS, URGENCIES, type CategoryKind, type Urgency } from '../../../../shared/org.ts';
import { STAGES, type Stage } from '../../../common/map/case-stages.ts';

export interface MapFilterValue {
  stage: Stage | 'open' | 'all';
  categoryKind?: CategoryKind;
  urgency?: Urgency;
  streetCode?: string;
  overdue: boolean;
}

export const DEFAULT_MAP_FILTER: MapFilterValue = { stage: 'open', overdue: false };

const STAGE_VALUES: readonly string[] = ['open', 'all', ...STAGES];

export function filterFromParams(p: URLSearchParams): MapFilterValue {
  const stage = p.get('stage') ?? '';
  const kind = p.get('kind') ?? '';
  const urgency = p.get('urgency') ?? '';
  const street = p.get('street') ?? '';
  return {
    stage: STAGE_VALUES.includes(stage) ? (stage as MapFilterValue['stage']) : DEFAULT_MAP_FILTER.stage,
    categoryKind: (CATEGORY_KINDS as readonly string[]).includes(kind) ? (kind as CategoryKind) : undefined,
    urgency: (URGENCIES as readonly string[]).includes(urgency) ? (urgency as Urgency) : undefined,
    streetCode: /^\d{9}$/.test(street) ? street : undefined,
    overdue: p.get('overdue') === '1',
  };
}

export function filterToParams(v: MapFilterValue): URLSearchParams {
  const p = new URLSearchParams();
  if (v.stage !== DEFAULT_MAP_FILTER.stage) p.set('stage', v.stage);
  if (v.categoryKind) p.set('kind', v.categoryKind);
  if (v.urgency) p.set('urgency', v.urgency);
  if (v.streetCode) p.set('street', v.streetCode);
  if (v.overdue) p.set('overdue', '1');
  return p;
}
