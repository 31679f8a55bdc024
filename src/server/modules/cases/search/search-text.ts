/**
 * The query side of bigram text search (the stored side is in migration 0004: case_search_normalise and
 * case_search_bigrams). Both must normalise the same way: NFKC (full-width Ａ３ → a3), lower case, and
 * every run of characters other than ASCII letters/digits and CJK ideographs → one space.
 */
const SEPARATORS = /[^0-9a-z\u3400-\u4dbf\u4e00-\u9fff]+/gu;

export function normaliseSearchText(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(SEPARATORS, ' ').trim();
}

/** Every distinct overlapping 2-character substring of one word (a word has no spaces). */
export function bigramsOf(word: string): string[] {
  const chars = [...word];
  const out = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!);
  return [...out];
}

export interface TextQuery {
  /** Normalised words; a case matches when its search text contains every one. */
  words: string[];
  /** Bigrams the GIN index must find (empty when every word is one character: the LIKE fallback). */
  bigrams: string[];
}

export function parseTextQuery(q: string): TextQuery | null {
  const words = [...new Set(normaliseSearchText(q).split(' ').filter(Boolean))].slice(0, 8);
  if (!words.length) return null;
  return { words, bigrams: [...new Set(words.flatMap(bigramsOf))] };
}
