import { test } from 'node:test';
import assert from 'node:assert/strict';
import { filterFromParams, filterToParams } from './map-filter-params.ts';

test('the map filters go to the address and back; unknown values fall back to the defaults', () => {
  const v = { stage: 'handling' as const, categoryKind: 'event' as const, urgency: 'urgent' as const, streetCode: '410104001', overdue: true };
  const p = filterToParams(v);
  assert.equal(p.toString(), 'stage=handling&kind=event&urgency=urgent&street=410104001&overdue=1');
  assert.deepEqual(filterFromParams(p), v);
  assert.deepEqual(filterFromParams(new URLSearchParams('stage=bogus&kind=x&street=12')), { stage: 'open', categoryKind: undefined, urgency: undefined, streetCode: undefined, overdue: false });
  assert.equal(filterToParams(filterFromParams(new URLSearchParams())).toString(), '');
});
