import { test } from 'node:test';
import assert from 'node:assert/strict';
import { queryString } from './client.ts';

test('queryString drops empty values and repeats arrays', () => {
  assert.equal(queryString({ status: ['new', 'filed'], q: '', sort: 'dueAt', offset: 0, x: undefined, y: null }), '?status=new&status=filed&sort=dueAt&offset=0');
  assert.equal(queryString({}), '');
  assert.equal(queryString({ q: '井盖 破损' }), '?q=%E4%BA%95%E7%9B%96+%E7%A0%B4%E6%8D%9F');
});
