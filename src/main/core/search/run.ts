/**
 * Running a typed search: parse it, resolve label and account names, find the hits through
 * the SQL plans (plans.ts), also where the words name a person and a message at once, and put
 * each hit together with its conversation and excerpt.
 */
import { SEARCH_TOTAL_CAP, type Highlighted, type SearchHit, type SearchResult } from '../../../shared/domain';
import { toSummary, type ConversationStore } from '../store/conversations';
import type { Db } from '../db/database';
import { countConversations } from './count';
import { plainExcerpt } from './excerpts';
import { matchExpression, MIN_MESSAGE_PREFIX, nameExpression, PEOPLE_PREFIX_LISTS, prefixListed } from './fts';
import { noteExcerptMatch, noteSnippet, noteWordsFilter, withNoteHits } from './notes';
import { inInboxUnlessStated, isBlank, parseSearch, shorten, type ParsedSearch } from './parse';
import type { SearchStore } from './plans';
import type { FoundSet, SearchFilter } from './sql';
import { LIMITS } from '../../../shared/limits';

export const DEFAULT_SEARCH_LIMIT = LIMITS.searchResultsDefault;
/** As the IPC schema allows. */
export const MAX_SEARCH_LIMIT = LIMITS.searchResults;

export interface SearchDeps {
  store: SearchStore;
  conversations: ConversationStore;
}

export interface SearchOptions {
  /** Count matching conversations up to this many (SEARCH_TOTAL_CAP). */
  totalCap?: number;
  /** A split tab's search: only conversations in the inbox unless the query names a state. */
  splitTab?: boolean;
  /** Count to the cap even where that costs more than the hits (a split tab's list pages by it); else the count may stop early and say so (`atLeast`). */
  exactCount?: boolean;
}

/** Runs a typed search: one hit per conversation, newest match first, archived and snoozed included. */
export function runSearch(deps: SearchDeps, input: string, limit: number, now: Date, options: SearchOptions = {}): SearchResult {
  const { totalCap = SEARCH_TOTAL_CAP, splitTab = false, exactCount = false } = options;
  const typed = parseSearch(input, now);
  const parsed = splitTab ? inInboxUnlessStated(typed) : typed;
  const problems = [...parsed.problems];
  if (isBlank(parsed)) return { hits: [], total: 0, atLeast: false, problems };

  const filter = resolve(deps.store, parsed, problems);
  if (filter === null) return { hits: [], total: 0, atLeast: false, problems };

  const matchOf = new Map<number, string>();
  const across = findAcrossFields(deps.store, filter, parsed, { limit, cap: totalCap, exact: exactCount }, matchOf);
  const found = withNoteHits(deps.store, filter, parsed, across, limit, totalCap, exactCount);
  const noteMatch = noteExcerptMatch(filter, parsed);
  const noteExcerpts = noteMatch === null ? new Map<string, Highlighted>() : deps.store.noteExcerpts(found.hits.filter((h) => h.note).map((h) => h.conversationId), noteMatch);
  const messages = deps.store.messagesByRowid(found.hits.flatMap((h) => (h.messageRowid === null ? [] : [h.messageRowid])));
  const matchedMessages = found.hits.flatMap((h) => {
    const m = h.person || h.note || h.messageRowid === null ? undefined : messages.get(h.messageRowid);
    return m ? [{ rowid: h.messageRowid!, text: m.text }] : [];
  });
  // Marked with the words each hit matched on (a split hit: only its message words).
  const messageExcerpts = new Map<number, Highlighted>();
  const byMatch = new Map<string, { rowid: number; text: string }[]>();
  for (const m of matchedMessages) {
    const match = matchOf.get(m.rowid) ?? filter.messageMatch;
    if (match) byMatch.set(match, [...(byMatch.get(match) ?? []), m]);
  }
  for (const [match, list] of byMatch) for (const [rowid, h] of deps.store.messageExcerpts(list, match)) messageExcerpts.set(rowid, h);
  const peopleExcerpts = filter.peopleMatch
    ? deps.store.personExcerpts(found.hits.filter((h) => h.person).map((h) => h.conversationId), filter.peopleMatch)
    : new Map<string, { field: 'name' | 'headline' | 'company'; snippet: Highlighted }>();

  const records = deps.conversations.getMany(found.hits.map((h) => h.conversationId));
  const hits: SearchHit[] = [];
  for (const h of found.hits) {
    const record = records.get(h.conversationId);
    if (!record) continue; // removed while searching
    const conversation = toSummary(record);
    const message = h.messageRowid === null ? undefined : messages.get(h.messageRowid);
    const person = h.person ? peopleExcerpts.get(h.conversationId) : undefined;
    let field: SearchHit['field'] = null;
    let snippet: Highlighted;
    if (h.note) {
      field = 'note';
      snippet = noteSnippet(noteExcerpts.get(h.conversationId));
    } else if (person) {
      field = person.field;
      snippet = person.snippet;
    } else if (filter.messageMatch && message) {
      field = 'message';
      snippet = messageExcerpts.get(h.messageRowid!) ?? plainExcerpt(message.text);
    } else {
      snippet = plainExcerpt(message?.text ?? conversation.lastMessageText);
    }
    hits.push({ conversation, messageId: message?.id ?? null, field, snippet, at: h.at });
  }
  const cap = Math.max(totalCap, limit);
  return { hits, total: Math.min(found.total, cap), atLeast: found.atLeast === true || found.total >= cap, problems };
}

/** How many conversations a split tab's search holds (see runSearch), counted up to `cap`; 0 for a query that cannot run. */
export function countSplitTab(db: Db, store: SearchStore, input: string, now: Date, cap: number): number {
  const parsed = inInboxUnlessStated(parseSearch(input, now));
  if (isBlank(parsed)) return 0;
  const filter = resolve(store, parsed, []);
  if (filter === null) return 0;
  const byNote = noteWordsFilter(store, filter, parsed);
  return countConversations(db, [filter, ...personSplits(store, filter, parsed), ...(byNote ? [byNote] : [])], cap);
}

/** What is wrong with a query as a saved search: the sentences search itself shows (an unknown label, a date it cannot read), or that there is nothing to search for. */
export function searchProblems(store: SearchStore, input: string, now: Date): string[] {
  const parsed = parseSearch(input, now);
  const problems = [...parsed.problems];
  if (isBlank(parsed)) return problems.length > 0 ? problems : ['There is nothing to search for yet: type words or operators (from:, label:, is:…) first.'];
  resolve(store, parsed, problems);
  return problems;
}

/** Most words a query may have for its person/message splits to be tried (2^n − 2 of them). */
const MAX_SPLIT_TERMS = 4;

/**
 * Words may name the person and the message at once: "anna pricing" finds Anna's conversation
 * where pricing came up, "pricing acme" a message about pricing with someone at Acme. Besides
 * every word in one message or one person, each split of the words into person words (leading
 * or trailing, as people type them) and message words is tried; hits are merged, one per
 * conversation, newest first.
 */
function findAcrossFields(store: SearchStore, filter: SearchFilter, parsed: ParsedSearch, ask: { limit: number; cap: number; exact: boolean }, matchOf: Map<number, string>): FoundSet {
  const { limit, cap, exact } = ask;
  const whole = store.find(filter, limit, cap, exact);
  const splits = personSplits(store, filter, parsed);
  if (splits.length === 0) return whole;
  const results: (FoundSet & { match?: string | null })[] = [whole, ...splits.map((split) => ({ ...store.find(split, limit, cap, exact), match: split.messageMatch }))];
  const best = new Map<string, FoundSet['hits'][number]>();
  const bestMatch = new Map<string, string | null>();
  for (const r of results) {
    for (const h of r.hits) {
      const had = best.get(h.conversationId);
      if (!had || h.at > had.at) {
        best.set(h.conversationId, h);
        bestMatch.set(h.conversationId, r.match ?? null);
      }
    }
  }
  for (const [cid, h] of best) {
    const match = bestMatch.get(cid);
    if (match && h.messageRowid !== null) matchOf.set(h.messageRowid, match);
  }
  const hits = [...best.values()].sort((a, b) => b.at - a.at || (a.conversationId < b.conversationId ? -1 : 1)).slice(0, limit);
  // Exact when every part returned all it found; otherwise an estimate (the caller caps it).
  const unseen = results.reduce((n, r) => n + Math.max(0, r.total - r.hits.length), 0);
  return { hits, total: best.size + unseen, atLeast: results.some((r) => r.atLeast) };
}

/** The splits of the words into person words and message words (see findAcrossFields) that name someone: one filter each. */
function personSplits(store: SearchStore, filter: SearchFilter, parsed: ParsedSearch): SearchFilter[] {
  const terms = parsed.terms;
  if (terms.length < 2 || terms.length > MAX_SPLIT_TERMS) return [];
  const splits: SearchFilter[] = [];
  for (let k = 1; k < terms.length; k++) {
    for (const [person, words] of [
      [terms.slice(0, k), terms.slice(k)],
      [terms.slice(terms.length - k), terms.slice(0, terms.length - k)],
    ] as const) {
      const personLast = person[person.length - 1] === terms[terms.length - 1];
      const wordsLast = words[words.length - 1] === terms[terms.length - 1];
      const withPeople = matchExpression(person, parsed.typing && personLast ? 1 : Infinity);
      // Most splits name no one: skip them on the small people index before searching messages (every keystroke).
      if (withPeople === null || !store.anyPerson(withPeople)) continue;
      splits.push({
        ...filter,
        messageMatch: matchExpression(words, parsed.typing && wordsLast ? MIN_MESSAGE_PREFIX : Infinity),
        messageMatchExact: matchExpression(words, Infinity),
        peopleMatch: null,
        withPeople,
      });
    }
  }
  return splits;
}

/**
 * Labels and accounts by name, and the match expressions. Null when a name matched nothing
 * (the search then finds nothing: `label:typo` must not show everything).
 */
function resolve(store: SearchStore, p: ParsedSearch, problems: string[]): SearchFilter | null {
  let unknown = false;
  const labels = store.labels();
  const labelIds = p.labels.map(({ name, negated }) => {
    const ids = byName(labels, name);
    if (ids.length === 0) {
      problems.push(`There is no label called “${shorten(name)}”.`);
      unknown = true;
    }
    return { ids, negated };
  });
  const accounts = store.accounts();
  const accountIds = p.accounts.map(({ name, negated }) => {
    const lower = name.toLowerCase();
    const byProvider = accounts.filter((a) => a.provider.toLowerCase() === lower || a.providerLabel.toLowerCase() === lower).map((a) => a.id);
    const ids = [...new Set([...byName(accounts, name), ...byProvider])];
    if (ids.length === 0) {
      problems.push(`There is no account called “${shorten(name)}”.`);
      unknown = true;
    }
    return { ids, negated };
  });
  if (unknown) return null;
  return {
    messageMatch: matchExpression(p.terms, p.typing ? MIN_MESSAGE_PREFIX : Infinity),
    messageMatchExact: matchExpression(p.terms, Infinity),
    peopleMatch: matchExpression(p.terms, p.typing ? 1 : Infinity),
    peopleMatchListed: prefixListed(p.terms, p.typing ? 1 : Infinity, PEOPLE_PREFIX_LISTS),
    notes: matchExpression(p.notes, 1),
    fromMe: p.fromMe,
    fromPeople: senderMatch(store, p),
    after: p.after,
    before: p.before,
    is: p.is,
    labels: labelIds,
    includeAccounts: p.accounts.some((a) => !a.negated) ? accountIds.filter((_, i) => !p.accounts[i]!.negated).flatMap((a) => a.ids) : null,
    excludeAccounts: accountIds.filter((_, i) => p.accounts[i]!.negated).flatMap((a) => a.ids),
  };
}

/**
 * The from:<name> expression (fts.ts nameExpression), its one- and two-letter words as the names
 * people have that start so (name-words.ts). A name with nothing searchable in it matches no one;
 * so does a name no one has, which beside from:me leaves from:me alone.
 */
function senderMatch(store: SearchStore, p: ParsedSearch): string | false | null {
  if (p.fromNames.length === 0) return null;
  if (nameExpression(p.fromNames) === null) return false;
  return nameExpression(p.fromNames, (prefix) => store.nameWordsStarting(prefix)) ?? (p.fromMe ? null : false);
}

/** Exact name in any case; failing that, every name starting so. */
function byName(items: readonly { id: string; name: string }[], name: string): string[] {
  const lower = name.toLowerCase();
  const exact = items.filter((i) => i.name.toLowerCase() === lower);
  return (exact.length > 0 ? exact : items.filter((i) => i.name.toLowerCase().startsWith(lower))).map((i) => i.id);
}
