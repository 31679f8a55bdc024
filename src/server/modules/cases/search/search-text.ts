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

/** Every distinct overlapping 2-character substring of one word (a word has no spaces). */
export function bigramsOf(word: string): string[] {
  const chars = [...word];
  const out = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!);
  return [...out];
}

/**
 * cases.search_text and cases.search_bigrams as the SQL computes them: the normalised description and
 * address joined by a space, and every distinct 2-character substring of it without a space.
 */
export function searchColumns(description: string, address: string): { text: string; bigrams: string[] } {
  const text = `${normaliseSearchText(description)} ${normaliseSearchText(address)}`;
  // bigramsOf() of each word in turn, in one pass over the code points (intake runs this per report).
  const bigrams = new Set<string>();
  let prev = '';
  for (const ch of text) {
    if (ch === ' ') prev = '';
    else {
      if (prev) bigrams.add(prev + ch);
      prev = ch;
    }
  }
  return { text, bigrams: [...bigrams] };
}

/** A text[] literal of bigrams: they hold only ASCII letters, digits and CJK ideographs, nothing to quote. */
export function bigramsLiteral(bigrams: string[]): string {
  return `{${bigrams.join(',')}}`;
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
