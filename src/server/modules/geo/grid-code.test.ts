import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assignGridSequence, checkCommunityCode, checkDistrictCode, checkStreetCode, parseGridCode } from './grid-code.ts';

describe('parseGridCode', () => {
  it('splits a 15-digit GB/T 30428.1 code', () => {
    const r = parseGridCode('410104001002017');
    assert.deepEqual(r, {
      ok: true,
      value: { code: '410104001002017', districtCode: '410104', streetCode: '410104001', communityCode: '410104001002', sequence: 17, legacy: false },
    });
  });

  it('normalises a legacy 14-digit CJ/T 213-2005 code to 15 digits', () => {
    const r = parseGridCode('41010400100207');
    assert.ok(r.ok);
    assert.equal(r.value.code, '410104001002007');
    assert.equal(r.value.sequence, 7);
    assert.equal(r.value.legacy, true);
  });

  for (const bad of ['', '4101040010020', '4101040010020170', '41010400100201a', '410104001000001', '410104000001001', '410104001002000']) {
    it(`rejects ${JSON.stringify(bad)}`, () => {
      const r = parseGridCode(bad);
      assert.equal(r.ok, false);
      if (!r.ok) assert.equal(r.problem.code, 'GRID_CODE_FORMAT');
    });
  }
});

describe('division code validators', () => {
  it('accepts consistent codes and rejects wrong length, letters and wrong prefixes', () => {
    assert.equal(checkDistrictCode('410104'), null);
    assert.equal(checkDistrictCode('410100')?.code, 'DIVISION_CODE_FORMAT');
    assert.equal(checkDistrictCode('41010')?.code, 'DIVISION_CODE_FORMAT');
    assert.equal(checkStreetCode('410104001', '410104'), null);
    assert.equal(checkStreetCode('410105001', '410104')?.code, 'DIVISION_CODE_PREFIX');
    assert.equal(checkStreetCode('41010400A')?.code, 'DIVISION_CODE_FORMAT');
    assert.equal(checkStreetCode('410104000')?.code, 'DIVISION_CODE_FORMAT');
    assert.equal(checkCommunityCode('410104001002', '410104001'), null);
    assert.equal(checkCommunityCode('410104002002', '410104001')?.code, 'DIVISION_CODE_PREFIX');
    assert.equal(checkCommunityCode('41010400100')?.code, 'DIVISION_CODE_FORMAT');
  });
});

describe('assignGridSequence', () => {
  it('numbers north→south, then west→east, from 001', () => {
    const cells = [
      { row: 1, col: 0, id: 'c' },
      { row: 0, col: 1, id: 'b' },
      { row: 0, col: 0, id: 'a' },
      { row: 1, col: 2, id: 'd' },
    ];
    const out = assignGridSequence('410104001002', cells);
    assert.deepEqual(out.map((c) => [c.id, c.code]), [
      ['a', '410104001002001'],
      ['b', '410104001002002'],
      ['c', '410104001002003'],
      ['d', '410104001002004'],
    ]);
  });

  it('refuses more than 999 grids in a community', () => {
    const cells = Array.from({ length: 1000 }, (_, i) => ({ row: 0, col: i }));
    assert.throws(() => assignGridSequence('410104001002', cells), RangeError);
    assert.equal(assignGridSequence('410104001002', cells.slice(0, 999)).at(-1)?.code, '410104001002999');
  });
});
