/**
 * Bigram text search: the query side, and the stored columns the app writes (searchColumns). Migration
 * 0004's SQL functions (case_search_normalise, case_search_bigrams) compute the same columns for rows
 * written without them (0012's trigger) and must stay equal to these (case-search.test.ts proves it):
 * NFKC (full-width Ａ３ → a3), lower case, every run of characters other than ASCII letters/digits and
 * CJK ideographs → one space.
 */
const SEPARATORS = /[^0-9a-z\u3400-\u4dbf\u4e00-\u9fff]+/gu;

export function normaliseSearchText(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(SEPARATORS, ' ').trim();
}

/**
 * Every distinct overlapping 2-character substring of the text's words (a space separates words; no bigram
 * spans one), in order of first appearance, in one pass over the code points (intake runs this per report).
 */
export function bigramsOf(text: string): string[] {
  const out = new Set<string>();
  let prev = '';
  for (const ch of text) {
    if (ch === ' ') prev = '';
    else {
      if (prev) out.add(prev + ch);
      prev = ch;
    }
  }
  return [...out];
}

/**
 * cases.search_text and cases.search_bigrams as the SQL computes them: the normalised description and
 * address joined by a space, and every distinct 2-character substring of it without a space.
 */
export function searchColumns(description: string, address: string): { text: string; bigrams: string[] } {
  const text = `${normaliseSearchText(description)} ${normaliseSearchText(address)}`;
  return { text, bigrams: bigramsOf(text) };
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
  return { words, bigrams: bigramsOf(words.join(' ')) };
}
