import { test } from 'node:test';
import assert from 'node:assert/strict';
import { figureFilters, OVERVIEW_FIGURES, toApiQuery } from '../../../../../shared/api/overview.ts';
import { apiQuery, countFilters, filterParams, viewFrom } from './filters.ts';

test('every figure of the overview opens the case list with its filters shown and asks the API what the overview counted', () => {
  for (const f of OVERVIEW_FIGURES) {
    for (const streetCode of [undefined, '410104001']) {
      const filters = figureFilters(f, { districtCode: '410104', streetCode, from: '2026-03-01', to: '2026-03-31' });
      const view = viewFrom(new URLSearchParams(filters));
      // The list holds every filter of the link (so the form shows them and 重置 clears them)…
      assert.deepEqual(filterParams(view.filters), filters, f);
      assert.equal(countFilters(view.filters), Object.keys(filters).length);
      // …and sends the same query the overview's figure is the total of (last days widened to the next midnight).
      const { sort: _s, limit: _l, offset: _o, ...sent } = apiQuery(view);
      assert.deepEqual(sent, toApiQuery(filters), f);
    }
  }
  assert.equal(toApiQuery({ closedTo: '2026-02-28' }).closedTo, '2026-03-01');
  assert.equal(toApiQuery({ filedTo: '2026-12-31' }).filedTo, '2027-01-01');
});

test('filed and closed days from the URL: only real day strings are taken', () => {
  const v = viewFrom(new URLSearchParams('filedFrom=2026-03-01&filedTo=x&closedFrom=2026-3-1&closedTo=2026-03-02&districtCode=4101'));
  assert.deepEqual(v.filters, { filedFrom: '2026-03-01', closedTo: '2026-03-02' });
});
