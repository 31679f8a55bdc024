import assert from 'node:assert/strict';
import { test } from 'node:test';
import { divisionTree } from '../../../common/components/division-tree.ts';
import { minimalCover, summarizeScopes, toggleScope } from './scope-tree.ts';

const d = (code: string, parentCode: string | null, name = code) =>
  ({ code, parentCode, name, level: code.length === 6 ? 'district' : code.length === 9 ? 'street' : 'community', shortName: null, kind: null, isSchematic: true, gridCount: 0 }) as never;

test('the tree nests communities under streets under the district, roots being what has no listed parent', () => {
  const city = { ...(d('4101', null, '郑州市') as object), level: 'city' } as never;
  const tree = divisionTree([city, d('410104001001', '410104001'), d('410104', '4101'), d('410104002', '410104'), d('410104001', '410104')]);
  assert.deepEqual(tree.map((n) => n.key), ['410104']);
  assert.deepEqual(tree[0]!.children!.map((n) => n.key), ['410104001', '410104002']);
  assert.deepEqual(tree[0]!.children![0]!.children!.map((n) => n.key), ['410104001001']);
  assert.equal(tree[0]!.children![1]!.children, undefined);
});

test('the saved scope is the smallest set of codes covering what is ticked', () => {
  assert.deepEqual(minimalCover(['410104001001', '410104001', '410104001002', '410104002003']), ['410104001', '410104002003']);
  assert.deepEqual(minimalCover(['410104', '410104001']), ['410104']);
  assert.deepEqual(minimalCover([]), []);
});

test('a code toggled on the map is added (replacing the codes it covers) or removed', () => {
  assert.deepEqual(toggleScope(['410104001001', '410104002'], '410104001'), ['410104001', '410104002']);
  assert.deepEqual(toggleScope(['410104001', '410104002'], '410104001'), ['410104002']);
  // Inside a ticked street (or the district): the click narrows the scope to it.
  assert.deepEqual(toggleScope(['410104001', '410104002'], '410104001003'), ['410104001003', '410104002']);
  assert.deepEqual(toggleScope(['410104'], '410104005'), ['410104005']);
});

test('a scope is summed up by name, its unit grids counted per community', () => {
  const names = new Map([['410104001', '北下街街道'], ['410104001001', '新华社区']]);
  assert.deepEqual(summarizeScopes(['410104001001001', '410104001001002', '410104001', '410104002003004'], names), [
    { code: '410104001', name: '北下街街道', grids: null },
    { code: '410104001001', name: '新华社区', grids: 2 },
    { code: '410104002003', name: '410104002003', grids: 1 },
  ]);
});
