/**
 * Shared stock phrases (公共常用语): a district's list, maintained by its admin, offered to everyone who types a
 * description or a reply there, beside their own phrases (preferences.ts `stockPhrases`). The same limits as a
 * person's own list: at most 100 phrases of 1–200 characters, none twice.
 */
import { z } from 'zod';
import { districtCode, text, timestamp } from './fields.ts';
import { PREFERENCE_LIMITS } from './preferences.ts';

export const SHARED_PHRASE_LIMITS = { phrases: PREFERENCE_LIMITS.stockPhrases, phrase: PREFERENCE_LIMITS.stockPhrase } as const;

export const sharedPhraseListSchema = z
  .array(text(SHARED_PHRASE_LIMITS.phrase, { min: 1 }))
  .max(SHARED_PHRASE_LIMITS.phrases)
  .superRefine((items, ctx) => {
    const seen = new Set<string>();
    items.forEach((p, i) => {
      if (seen.has(p)) ctx.addIssue({ code: 'custom', path: [i], message: '@duplicate' });
      seen.add(p);
    });
  });

export const sharedPhrasesSchema = z.object({
  districtCode: z.string(),
  districtName: z.string(),
  phrases: z.array(z.string()).describe('按顺序的公共常用语 the shared phrases, in order'),
  updatedAt: timestamp.nullable().describe('最后修改时间（从未保存为 null） last saved (null: never)'),
});
export type SharedPhrases = z.output<typeof sharedPhrasesSchema>;

export const sharedPhrasesResponse = z.object({
  items: z.array(sharedPhrasesSchema).describe('调用者所在（或所辖）各区的公共常用语 the lists of the districts the caller works in'),
});

export const sharedPhrasesParams = z.strictObject({ districtCode });
export const sharedPhrasesBody = z.strictObject({
  phrases: sharedPhraseListSchema.describe('整份替换（每条 1–200 字，至多 100 条，不得重复） replaces the list whole (1–200 characters each, at most 100, no repeats)'),
});
