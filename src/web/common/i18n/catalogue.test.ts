import { test } from 'node:test';
import assert from 'node:assert/strict';
import { zhCN } from './zh-CN/index.ts';
import { en } from './en/index.ts';
import { format, lookup } from './catalogue.ts';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('every English message has the zh-CN key set and the same placeholders', () => {
  const problems: string[] = [];
  for (const [section, messages] of Object.entries(zhCN)) {
    const other = (en as Record<string, Record<string, string>>)[section];
    assert.ok(other, `section ${section} missing in en`);
    for (const [key, zh] of Object.entries(messages as Record<string, string>)) {
      const e = other[key];
      if (e === undefined) problems.push(`${section}.${key}: missing in en`);
      else if (placeholders(zh).join() !== placeholders(e).join()) problems.push(`${section}.${key}: placeholders ${placeholders(zh)} vs ${placeholders(e)}`);
      if (!zh.trim() || (e !== undefined && !e.trim())) problems.push(`${section}.${key}: empty`);
    }
    for (const key of Object.keys(other)) if (!(key in (messages as object))) problems.push(`${section}.${key}: only in en`);
  }
  assert.deepEqual(problems, []);
});

test('English messages are English and zh-CN messages are Chinese', () => {
  const han = /\p{Script=Han}/u;
  const odd: string[] = [];
  for (const [section, messages] of Object.entries(zhCN)) {
    for (const [key, zh] of Object.entries(messages as Record<string, string>)) {
      const e = (en as Record<string, Record<string, string>>)[section]![key] ?? '';
      // The language names are shown in their own language in both catalogues.
      if (key.startsWith('lang')) continue;
      if (han.test(e)) odd.push(`en ${section}.${key}: ${e}`);
      if (!han.test(zh) && /[a-z]{4,}/i.test(zh.replace(/\{\w+\}/g, '')) && !/^[A-Z0-9 .:/-]+$/.test(zh)) odd.push(`zh ${section}.${key}: ${zh}`);
    }
  }
  assert.deepEqual(odd, []);
});

test('format fills named placeholders and leaves unknown ones visible', () => {
  assert.equal(format('锁定至 {until}', { until: '09:30' }), '锁定至 09:30');
  assert.equal(format('{a} and {b}', { a: 1 }), '1 and {b}');
  assert.equal(lookup(zhCN, 'common.minutesAgo', { n: 5 }), '5 分钟前');
  assert.equal(lookup(en, 'common.minutesAgo', { n: 5 }), '5 min ago');
});
