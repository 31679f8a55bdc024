import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bigramsOf, normaliseSearchText, parseTextQuery } from './search-text.ts';

test('normalisation folds width and case and turns punctuation into word breaks', () => {
  assert.equal(normaliseSearchText('Ａ区３号，暴露垃圾！  North Gate'), 'a区3号 暴露垃圾 north gate');
  assert.equal(normaliseSearchText('——。'), '');
});

test('bigrams are the overlapping character pairs of a word, without repeats', () => {
  assert.deepEqual(bigramsOf('占道经营'), ['占道', '道经', '经营']);
  assert.deepEqual(bigramsOf('哈哈哈'), ['哈哈']);
  assert.deepEqual(bigramsOf('垃'), []);
});

test('a query becomes words to recheck and bigrams to look up; one-character words need no bigrams', () => {
  assert.deepEqual(parseTextQuery(' A区3号 垃圾 '), { words: ['a区3号', '垃圾'], bigrams: ['a区', '区3', '3号', '垃圾'] });
  assert.deepEqual(parseTextQuery('垃'), { words: ['垃'], bigrams: [] });
  assert.equal(parseTextQuery('，。'), null);
});
