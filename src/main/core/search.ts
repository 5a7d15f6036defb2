/**
 * Search (`/`): what the person types, parsed into words and operators; the words turned
 * into safe SQLite FTS5 match expressions; and the hits put together from what the
 * SearchStore (store/search.ts) finds. Parsing and the expression builders are pure.
 *
 * The language: free words (all required; a word at the very end also matches as a prefix: it
 * is still being typed, so results come as you type), "quoted phrases", and operators, a value
 * quoted when it has spaces:
 *   from:me, from:<name>   messages I sent / a person whose name has words starting so
 *   label:<name>           exact name, any case; else every label whose name starts so
 *   account:<name>         account name or provider ("reactin", "Demo"); else name prefix
 *   is:unread|read|snoozed|archived|inbox
 *   after:<day>, before:<day>  2024-05-31 (local day) or words chrono reads ("yesterday")
 * `-is:`, `-label:` and `-account:` exclude. Any other `word:word` is plain text.
 */
import * as chrono from 'chrono-node';
import { SEARCH_TOTAL_CAP, type Highlighted, type SearchHit, type SearchResult } from '../../shared/domain';
import { toSummary, type ConversationStore } from './store/conversations';
import type { SearchFilter, SearchStore } from './store/search';

export const DEFAULT_SEARCH_LIMIT = 50;
/** As the IPC schema allows. */
export const MAX_SEARCH_LIMIT = 500;
export { SEARCH_TOTAL_CAP };
/**
 * The last word matches message text as a prefix only from this many characters: a 1–2
 * letter prefix merges thousands of index entries (no FTS5 prefix index), too slow to type through.
 * Names, headlines and companies (a small index) always match the last word as a prefix.
 */
export const MIN_MESSAGE_PREFIX = 3;

export const IS_VALUES = ['unread', 'read', 'snoozed', 'archived', 'inbox'] as const;
export type IsValue = (typeof IS_VALUES)[number];

export interface SearchTerm {
  text: string;
  /** Typed in quotes: a phrase, never a prefix. */
  quoted: boolean;
}

export interface ParsedSearch {
  /** Free words and phrases that hold something searchable (letters or digits). */
  terms: SearchTerm[];
  /** The last term is an unquoted word running to the end of the input: still being typed, it matches as a prefix. */
  typing: boolean;
  fromMe: boolean;
  /** from:<name> values; several mean any of them. */
  fromNames: string[];
  /** label: values; several mean all of them. */
  labels: { name: string; negated: boolean }[];
  /** account: values; several mean any of them. */
  accounts: { name: string; negated: boolean }[];
  is: { value: IsValue; negated: boolean }[];
  /** Epoch ms: messages sent at or after. */
  after: number | null;
  /** Epoch ms: messages sent before. */
  before: number | null;
  /** Operators that were not understood and were left out. */
  problems: string[];
}

/** Operators one query may use; past it the rest are left out, and the person is told. */
export const MAX_SEARCH_OPERATORS = 20;

const OPERATORS = ['from', 'label', 'account', 'is', 'after', 'before'] as const;
type Operator = (typeof OPERATORS)[number];
const NEGATABLE: readonly Operator[] = ['is', 'label', 'account'];

/** A Unicode letter, number or private-use character: what FTS5's unicode61 tokenizer keeps. */
const TOKEN_CHAR = /[\p{L}\p{N}\p{Co}]/u;
const TOKEN_RUNS = /[\p{L}\p{N}\p{Co}]+/gu;

/** Parses what the person typed; `now` anchors relative dates ("yesterday") in local time. */
export function parseSearch(input: string, now: Date): ParsedSearch {
  const parsed: ParsedSearch = { terms: [], typing: false, fromMe: false, fromNames: [], labels: [], accounts: [], is: [], after: null, before: null, problems: [] };
  // Control characters separate words (FTS5 would read a NUL as the end of the query).
  const text = input.normalize('NFC').replace(/\p{Cc}/gu, ' ');
  let i = 0;
  let operators = 0;
  const readQuoted = (): string => {
    const end = text.indexOf('"', i + 1);
    const value = text.slice(i + 1, end === -1 ? text.length : end);
    i = end === -1 ? text.length : end + 1;
    return value;
  };
  while (i < text.length) {
    if (/\s/u.test(text[i]!)) {
      i++;
      continue;
    }
    parsed.typing = false;
    if (text[i] === '"') {
      addTerm(parsed, readQuoted(), true);
      continue;
    }
    const start = i;
    while (i < text.length && !/\s/u.test(text[i]!) && text[i] !== '"') i++;
    const word = text.slice(start, i);
    const op = /^(-?)([a-z]+):(.*)$/isu.exec(word);
    const key = op?.[2]!.toLowerCase() as Operator | undefined;
    if (!op || !key || !(OPERATORS as readonly string[]).includes(key)) {
      addTerm(parsed, word, false);
      parsed.typing = i === text.length && TOKEN_CHAR.test(word);
      continue;
    }
    let value = op[3]!;
    if (value === '' && text[i] === '"') value = readQuoted();
    if (value.trim() === '') continue; // still being typed
    if (++operators > MAX_SEARCH_OPERATORS) continue;
    applyOperator(parsed, key, op[1] === '-', value.trim(), now);
  }
  const dropped = operators - MAX_SEARCH_OPERATORS;
  if (dropped > 0) parsed.problems.push(`${dropped === 1 ? '1 operator was' : `${dropped} operators were`} left out: one search uses at most ${MAX_SEARCH_OPERATORS}.`);
  return parsed;
}

function addTerm(parsed: ParsedSearch, text: string, quoted: boolean): void {
  // Punctuation, symbols and emoji alone are not indexed: nothing to look for.
  if (TOKEN_CHAR.test(text)) parsed.terms.push({ text, quoted });
}

function applyOperator(parsed: ParsedSearch, key: Operator, negated: boolean, value: string, now: Date): void {
  if (value === '') return; // still being typed
  const shown = `${negated ? '-' : ''}${key}:${/\s/u.test(value) ? `"${shorten(value)}"` : shorten(value)}`;
  if (negated && !NEGATABLE.includes(key)) {
    parsed.problems.push(`“${shown}” was left out: only is:, label: and account: can be excluded with “-”.`);
    return;
  }
  switch (key) {
    case 'from':
      if (value.toLowerCase() === 'me') parsed.fromMe = true;
      else parsed.fromNames.push(value);
      return;
    case 'label':
      parsed.labels.push({ name: value, negated });
      return;
    case 'account':
      parsed.accounts.push({ name: value, negated });
      return;
    case 'is': {
      const v = value.toLowerCase();
      if ((IS_VALUES as readonly string[]).includes(v)) parsed.is.push({ value: v as IsValue, negated });
      else parsed.problems.push(`“${shown}” was left out: search knows is:unread, is:read, is:snoozed, is:archived and is:inbox.`);
      return;
    }
    case 'after':
    case 'before': {
      const at = parseDay(value, now);
      if (at === null) {
        parsed.problems.push(`“${shown}” was left out: “${shorten(value)}” is not a date this app can read — try 2024-05-31, “yesterday” or “last monday”.`);
        return;
      }
      // Several bounds narrow the range.
      if (key === 'after') parsed.after = Math.max(parsed.after ?? at, at);
      else parsed.before = Math.min(parsed.before ?? at, at);
      return;
    }
  }
}

/**
 * A day (or instant) as epoch ms: YYYY-MM-DD is the start of that local day; other words go
 * through chrono, and without a time of day mean the start of that day. Dates without a year
 * are taken in the past (search looks back). Null when not a date.
 */
export function parseDay(value: string, now: Date): number | null {
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/u.exec(value);
  if (iso) {
    const [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
    const day = new Date(y, m - 1, d);
    return day.getFullYear() === y && day.getMonth() === m - 1 && day.getDate() === d ? day.getTime() : null;
  }
  const [result] = chrono.parse(value, now);
  // The whole value must be the date: "mondayish" is not Monday.
  if (!result || result.index !== 0 || result.text.trim().length !== value.trim().length) return null;
  const at = result.start.date();
  if (!result.start.isCertain('year') && at.getTime() > now.getTime()) at.setFullYear(at.getFullYear() - 1);
  if (!result.start.isCertain('hour')) at.setHours(0, 0, 0, 0);
  return Number.isFinite(at.getTime()) ? at.getTime() : null;
}

/** Whether anything is left to search for. */
export function isBlank(p: ParsedSearch): boolean {
  return p.terms.length === 0 && !p.fromMe && p.fromNames.length === 0 && p.labels.length === 0 && p.accounts.length === 0 && p.is.length === 0 && p.after === null && p.before === null;
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
 * Matches people whose name has a word starting with each word of any of the names
 * (`from:anna b` finds Anna Berg). Null when a name holds nothing searchable.
 */
export function nameExpression(names: readonly string[]): string | null {
  const alternatives = names.map((n) => [...n.matchAll(TOKEN_RUNS)].map((m) => `${quote(m[0])}*`));
  if (alternatives.length === 0 || alternatives.some((a) => a.length === 0)) return null;
  return `{name} : (${alternatives.map((a) => `(${a.join(' AND ')})`).join(' OR ')})`;
}

/** A typed value as quoted back in a sentence: at most 40 characters. */
function shorten(value: string): string {
  return value.length > 40 ? `${value.slice(0, 39)}…` : value;
}

function quote(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

// ---- excerpts -------------------------------------------------------------------------

/**
 * Marks put around matches by FTS5's snippet() and highlight(): control characters, which the
 * texts are stripped of before they are marked (stripMarkers), so a message cannot fake a match.
 */
export const MARK_OPEN = '\u0002';
export const MARK_CLOSE = '\u0003';
/** Tokens in a message excerpt around the match. */
export const EXCERPT_TOKENS = 14;
const PLAIN_EXCERPT_CHARS = 120;

/**
 * The text with control characters (the markers among them) and direction embeddings, overrides
 * and isolates (U+202A–U+202E, U+2066–U+2069) replaced by spaces. Both separate words for FTS5
 * either way, so what matches is unchanged, excerpts show whitespace as spaces, and an excerpt
 * cannot show "Invoice \u202Efdp.exe" as "Invoice exe.pdf" (the list preview drops them too).
 */
export function stripMarkers(text: string): string {
  return text.replace(/[\p{Cc}\u202A-\u202E\u2066-\u2069]/gu, ' ');
}

/** FTS5 output with MARK_OPEN/MARK_CLOSE turned into segments; whitespace runs become one space. */
export function toHighlighted(marked: string): Highlighted {
  const segments: Highlighted = [];
  let match = false;
  for (const part of marked.split(/([\u0002\u0003])/u)) {
    if (part === MARK_OPEN) match = true;
    else if (part === MARK_CLOSE) match = false;
    else pushSegment(segments, part.replace(/\s+/gu, ' '), match);
  }
  if (segments.length > 0) {
    segments[0]!.text = segments[0]!.text.trimStart();
    segments[segments.length - 1]!.text = segments[segments.length - 1]!.text.trimEnd();
  }
  return segments.filter((s) => s.text !== '');
}

function pushSegment(segments: Highlighted, text: string, match: boolean): void {
  if (text === '') return;
  const prev = segments[segments.length - 1];
  if (prev && prev.match === match) prev.text += text;
  else segments.push({ text, match });
}

/** The start of a text as one unmarked segment, cut at a word near PLAIN_EXCERPT_CHARS. */
export function plainExcerpt(text: string): Highlighted {
  const flat = stripMarkers(text).replace(/\s+/gu, ' ').trim();
  if (flat === '') return [];
  if (flat.length <= PLAIN_EXCERPT_CHARS) return [{ text: flat, match: false }];
  const cut = flat.slice(0, PLAIN_EXCERPT_CHARS);
  const space = cut.lastIndexOf(' ');
  return [{ text: `${(space > PLAIN_EXCERPT_CHARS / 2 ? cut.slice(0, space) : cut).trimEnd()}…`, match: false }];
}

// ---- running a search -------------------------------------------------------------------

export interface SearchDeps {
  store: SearchStore;
  conversations: ConversationStore;
}

/** Runs a typed search: one hit per conversation, newest match first, archived and snoozed included. */
export function runSearch(deps: SearchDeps, input: string, limit: number, now: Date, totalCap = SEARCH_TOTAL_CAP): SearchResult {
  const parsed = parseSearch(input, now);
  const problems = [...parsed.problems];
  if (isBlank(parsed)) return { hits: [], total: 0, problems };

  const filter = resolve(deps.store, parsed, problems);
  if (filter === null) return { hits: [], total: 0, problems };

  const matchOf = new Map<number, string>();
  const found = findAcrossFields(deps.store, filter, parsed, limit, totalCap, matchOf);
  const messages = deps.store.messagesByRowid(found.hits.flatMap((h) => (h.messageRowid === null ? [] : [h.messageRowid])));
  const matchedMessages = found.hits.flatMap((h) => {
    const m = h.person || h.messageRowid === null ? undefined : messages.get(h.messageRowid);
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

  const hits: SearchHit[] = [];
  for (const h of found.hits) {
    const record = deps.conversations.get(h.conversationId);
    if (!record) continue; // removed while searching
    const conversation = toSummary(record);
    const message = h.messageRowid === null ? undefined : messages.get(h.messageRowid);
    const person = h.person ? peopleExcerpts.get(h.conversationId) : undefined;
    let field: SearchHit['field'] = null;
    let snippet: Highlighted;
    if (person) {
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
  return { hits, total: Math.min(found.total, Math.max(totalCap, limit)), problems };
}

type FoundSet = ReturnType<SearchStore['find']>;

/** Most words a query may have for its person/message splits to be tried (2^n − 2 of them). */
const MAX_SPLIT_TERMS = 4;

/**
 * Words may name the person and the message at once: "anna pricing" finds Anna's conversation
 * where pricing came up, "pricing acme" a message about pricing with someone at Acme. Besides
 * every word in one message or one person, each split of the words into person words (leading
 * or trailing, as people type them) and message words is tried; hits are merged, one per
 * conversation, newest first.
 */
function findAcrossFields(store: SearchStore, filter: SearchFilter, parsed: ParsedSearch, limit: number, totalCap: number, matchOf: Map<number, string>): FoundSet {
  const whole = store.find(filter, limit, totalCap);
  const terms = parsed.terms;
  if (terms.length < 2 || terms.length > MAX_SPLIT_TERMS) return whole;
  const results: (FoundSet & { match?: string | null })[] = [whole];
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
      const split: SearchFilter = {
        ...filter,
        messageMatch: matchExpression(words, parsed.typing && wordsLast ? MIN_MESSAGE_PREFIX : Infinity),
        messageMatchExact: matchExpression(words, Infinity),
        peopleMatch: null,
        withPeople,
      };
      results.push({ ...store.find(split, limit, totalCap), match: split.messageMatch });
    }
  }
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
  return { hits, total: best.size + unseen };
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
    fromMe: p.fromMe,
    // A from: name with nothing searchable in it matches no one.
    fromPeople: p.fromNames.length === 0 ? null : (nameExpression(p.fromNames) ?? false),
    after: p.after,
    before: p.before,
    is: p.is,
    labels: labelIds,
    includeAccounts: p.accounts.some((a) => !a.negated) ? accountIds.filter((_, i) => !p.accounts[i]!.negated).flatMap((a) => a.ids) : null,
    excludeAccounts: accountIds.filter((_, i) => p.accounts[i]!.negated).flatMap((a) => a.ids),
  };
}

/** Exact name in any case; failing that, every name starting so. */
function byName(items: readonly { id: string; name: string }[], name: string): string[] {
  const lower = name.toLowerCase();
  const exact = items.filter((i) => i.name.toLowerCase() === lower);
  return (exact.length > 0 ? exact : items.filter((i) => i.name.toLowerCase().startsWith(lower))).map((i) => i.id);
}
