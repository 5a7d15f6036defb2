/**
 * Notes on people in search: plain words also find the conversations whose person's note holds
 * them (the hit says it is a note), and note:<words> finds only those (sql.ts withNote).
 */
import type { Highlighted } from '../../../shared/domain';
import { matchExpression } from './fts';
import type { ParsedSearch } from './parse';
import type { SearchStore } from './plans';
import type { FoundSet, SearchFilter } from './sql';

/** The words of a note hit's excerpt: the plain words, or the note: words when there are none. */
export function noteExcerptMatch(filter: SearchFilter, parsed: ParsedSearch): string | null {
  return parsed.terms.length > 0 ? matchExpression(parsed.terms, parsed.typing ? 1 : Infinity) : (filter.notes ?? null);
}

/**
 * The conversations whose person's note holds the plain words, passing every operator, as a
 * filter of its own (what search adds to its hits and a split tab to its count); null when the
 * search has no plain words or no note holds them.
 */
export function noteWordsFilter(store: SearchStore, filter: SearchFilter, parsed: ParsedSearch): SearchFilter | null {
  if (parsed.terms.length === 0) return null;
  const words = noteExcerptMatch(filter, parsed);
  if (words === null || !store.anyNote(words)) return null;
  const notes = filter.notes ? `(${filter.notes}) AND (${words})` : words;
  return { ...filter, messageMatch: null, messageMatchExact: null, peopleMatch: null, withPeople: null, notes };
}

/**
 * Adds to what the words found elsewhere the conversations whose person's note holds the plain
 * words (passing every operator), newest first; a conversation found on a message or a person
 * keeps that hit. A search with note: and no plain words found only notes: its hits are marked so.
 */
export function withNoteHits(store: SearchStore, filter: SearchFilter, parsed: ParsedSearch, found: FoundSet, limit: number, cap: number, exact: boolean): FoundSet {
  if (parsed.terms.length === 0) {
    return filter.notes ? { ...found, hits: found.hits.map((h) => ({ ...h, note: true, person: false })) } : found;
  }
  const noteFilter = noteWordsFilter(store, filter, parsed);
  if (noteFilter === null) return found;
  const byNote = store.find(noteFilter, limit, cap, exact);
  const seen = new Set(found.hits.map((h) => h.conversationId));
  const added = byNote.hits.filter((h) => !seen.has(h.conversationId)).map((h) => ({ ...h, note: true, person: false }));
  const hits = added.length === 0 ? found.hits : [...found.hits, ...added].sort((a, b) => b.at - a.at || (a.conversationId < b.conversationId ? -1 : 1)).slice(0, limit);
  const overlap = byNote.hits.length - added.length;
  return { hits, total: found.total + Math.max(0, byNote.total - overlap), atLeast: found.atLeast || byNote.atLeast };
}

/** A note's excerpt, saying it is a note. */
export function noteSnippet(excerpt: Highlighted | undefined): Highlighted {
  return [{ text: 'Note: ', match: false }, ...(excerpt ?? [])];
}
