import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type * as GeoJSON from 'geojson';
import { squareRing } from './geo.fixtures.ts';
import { describeProblem, validateDivisionFeatures, type ImportedFeature } from './grid-import.ts';

const feature = (index: number, properties: Record<string, unknown>, ring = squareRing(113.66 + index * 0.01, 34.75, 0.01)): ImportedFeature => ({
  index,
  properties,
  geometry: { type: 'Polygon', coordinates: [ring] } as GeoJSON.Polygon,
});

describe('validateDivisionFeatures', () => {
  it('sorts streets and communities by code length, in any file order, and accepts NBS 12-digit street codes', () => {
    const v = validateDivisionFeatures(
      [
        feature(0, { code: '410104001002', name: '北下街社区' }),
        feature(1, { XZQDM: '410104001000', XZQMC: '北下街街道' }),
        feature(2, { code: 410104002001, name: '西大街社区' }),
      ],
      '410104',
      { existingStreetCodes: ['410104002'] },
    );
    assert.deepEqual(v.problems, []);
    assert.deepEqual(v.streets.map((s) => [s.code, s.name]), [['410104001', '北下街街道']]);
    assert.deepEqual(v.communities.map((c) => [c.code, c.streetCode]), [
      ['410104001002', '410104001'],
      ['410104002001', '410104002'],
    ]);
  });

  it('reports every kind of problem with its feature index', () => {
    const bowtie = [[113.66, 34.75], [113.67, 34.76], [113.67, 34.75], [113.66, 34.76], [113.66, 34.75]];
    const v = validateDivisionFeatures(
      [
        feature(0, { name: 'no code' }),
        feature(1, { code: '4101040011', name: 'ten digits' }),
        feature(2, { code: '410105001', name: 'other district' }),
        feature(3, { code: '410104001', name: '北下街街道' }),
        feature(4, { code: '410104001', name: 'again' }),
        feature(5, { code: '410104003001', name: 'street not in file' }),
        feature(6, { code: '410104001003' }),
        feature(7, { code: '410104001004', name: 'bowtie' }, bowtie),
        feature(8, { code: '410104001005', name: 'open' }, squareRing(113.66, 34.75, 0.01).slice(0, 4)),
      ],
      '410104',
    );
    assert.deepEqual(
      v.problems.map((p) => [p.featureIndex, p.code]),
      [
        [0, 'DIVISION_CODE_MISSING'],
        [1, 'DIVISION_CODE_FORMAT'],
        [2, 'DIVISION_OUTSIDE_DISTRICT'],
        [4, 'DIVISION_CODE_DUPLICATE'],
        [5, 'DIVISION_STREET_UNKNOWN'],
        [6, 'DIVISION_NAME_MISSING'],
        [7, 'DIVISION_SELF_INTERSECTION'],
        [8, 'DIVISION_RING_INVALID'],
      ],
    );
    assert.deepEqual(v.streets.map((s) => s.code), ['410104001']);
    assert.deepEqual(v.communities, []);
    for (const p of v.problems) {
      assert.doesNotMatch(describeProblem(p, 'zh-CN'), /undefined/);
      assert.doesNotMatch(describeProblem(p, 'en'), /undefined/);
    }
    assert.equal(describeProblem(v.problems[4]!, 'zh-CN'), '第6个要素：社区“410104003001”所属街道410104003不存在');
  });
});
