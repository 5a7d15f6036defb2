/**
 * Search words turned into safe SQLite FTS5 match expressions. Pure: nothing the person types
 * ever becomes FTS5 syntax.
 */
import { TOKEN_RUNS, type SearchTerm } from './parse';

/**
 * The last word matches message text as a prefix only from this many characters: a 1–2
 * letter prefix merges thousands of index entries, too slow to type through. Prefixes of 3 and 4
 * letters have lists of their own in the index (migration 16, db/sender-index.ts); longer ones
 * merge the few words they start. Names, headlines and companies (a small index) always match
 * the last word as a prefix.
 */
export const MIN_MESSAGE_PREFIX = 3;

/** The people index keeps lists of its own for prefixes of 1 to 3 letters (migration 16, db/sender-index.ts). */
export const PEOPLE_PREFIX_LISTS = 3;

/**
 * Whether the prefix `matchExpression(terms, minPrefix)` ends with, if any, has at most `listed`
 * letters: an index keeping lists for them reads one list for it instead of merging every word it starts.
 */
export function prefixListed(terms: readonly SearchTerm[], minPrefix: number, listed: number): boolean {
  const last = terms[terms.length - 1];
  if (!last || last.quoted) return true;
  const letters = [...([...last.text.matchAll(TOKEN_RUNS)].pop()?.[0] ?? '')].length;
  return letters < minPrefix || letters <= listed;
}

/**
 * An FTS5 match expression requiring every term. Each term is one quoted string, so nothing
 * the person types is FTS syntax (AND, NEAR, *, -, :, ^ are just text); the tokenizer splits it
 * inside the quotes into a phrase. The last unquoted word becomes a prefix (`"pric"*`) when it
 * has at least `minPrefix` characters. Null when there are no terms.
 */
export function matchExpression(terms: readonly SearchTerm[], minPrefix: number): string | null {
  if (terms.length === 0) return null;
  return terms
    .map((t, i) => {
      const last = i === terms.length - 1 && !t.quoted;
      const lastToken = last ? ([...t.text.matchAll(TOKEN_RUNS)].pop()?.[0] ?? '') : '';
      return quote(t.text) + (last && [...lastToken].length >= minPrefix ? '*' : '');
    })
    .join(' AND ');
}

/**
 * Matches names with a word starting with each word of any of the names (`from:anna b` finds
 * Anna Berg): no column filter, so it serves a person's name in the people index and a
 * message's sender in the message index (see peopleNamed). Null when a name holds nothing searchable.
 *
 * `wordsStarting`, when given, lists the words of people's names that start with a word shorter
 * than MIN_MESSAGE_PREFIX (name-words.ts; null: too many to list): such a word becomes those words,
 * which the message index reads one list each, instead of a prefix it has no list for. A name
 * with a word no one's name starts so is left out; null when that leaves none.
 */
export function nameExpression(names: readonly string[], wordsStarting?: (prefix: string) => readonly string[] | null): string | null {
  const alternatives = names.map((n) => [...n.matchAll(TOKEN_RUNS)].map((m) => m[0]));
  if (alternatives.length === 0 || alternatives.some((a) => a.length === 0)) return null;
  const written = alternatives.flatMap((words) => {
    const parts = words.map((w) => nameWord(w, wordsStarting));
    return parts.includes(null) ? [] : [`(${parts.join(' AND ')})`];
  });
  return written.length === 0 ? null : written.join(' OR ');
}

/** One word of a name as a prefix, or as the words of people's names it starts (null: none). */
function nameWord(word: string, wordsStarting: ((prefix: string) => readonly string[] | null) | undefined): string | null {
  // Only letters a–z and digits: the tokenizer files them lower-cased and otherwise as typed.
  const listed = wordsStarting && word.length < MIN_MESSAGE_PREFIX && /^[a-z0-9]+$/iu.test(word) ? wordsStarting(word.toLowerCase()) : null;
  if (listed === null) return `${quote(word)}*`;
  return listed.length === 0 ? null : `(${listed.map(quote).join(' OR ')})`;
}

/** A name expression restricted to people's names in the people index (name, headline, company). */
export function peopleNamed(names: string): string {
  return `{name} : (${names})`;
}

function quote(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

