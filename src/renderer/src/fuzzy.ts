/**
 * Fuzzy matching for pickers: the query's letters must appear in order (a subsequence).
 * Better matches score higher: the exact name, then a prefix, then a word that starts with
 * the query, then a substring, then letters spread out (fewer gaps and word starts win).
 */

const WORD_BREAK = /[\s\-_:/.·,&()]/;

function startsWord(text: string, i: number): boolean {
  return i === 0 || WORD_BREAK.test(text[i - 1]!);
}

/** A score (higher is better) or null when `text` does not match `query` at all. An empty query matches everything equally. */
export function fuzzyScore(query: string, text: string): number | null {
  const q = query.trim().toLocaleLowerCase();
  const t = text.toLocaleLowerCase();
  if (q.length === 0) return 0;
  // Shorter names win ties: "Hire" before "Hiring pipeline" for "hi".
  const brevity = -t.length / 1000;
  if (t === q) return 1000;
  if (t.startsWith(q)) return 900 + brevity;
  const at = t.indexOf(q);
  if (at >= 0) return (startsWord(t, at) ? 800 : 700) - at / 100 + brevity;
  let score = 500;
  let from = 0;
  let last = -1;
  for (const ch of q) {
    if (ch === ' ') continue;
    const i = t.indexOf(ch, from);
    if (i < 0) return null;
    if (last >= 0) score -= i - last - 1; // gaps cost
    if (startsWord(t, i)) score += 3; // initials are a strong signal ("fu" → "Follow up")
    last = i;
    from = i + 1;
  }
  return score + brevity;
}

/** Items that match, best first (stable for equal scores). */
export function fuzzyFilter<T>(items: readonly T[], query: string, name: (item: T) => string): T[] {
  return items
    .map((item, index) => ({ item, index, score: fuzzyScore(query, name(item)) }))
    .filter((x): x is { item: T; index: number; score: number } => x.score !== null)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .map((x) => x.item);
}
