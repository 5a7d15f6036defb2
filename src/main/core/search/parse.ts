/**
 * What the person types in search (`/`), parsed into words and operators. Pure.
 *
 * The language: free words (all required; a word at the very end also matches as a prefix: it
 * is still being typed, so results come as you type), "quoted phrases", and operators, a value
 * quoted when it has spaces:
 *   from:me, from:<name>   messages I sent / a person whose name has words starting so
 *   label:<name>           exact name, any case; else every label whose name starts so
 *   account:<name>         account name or provider ("reactin", "Demo"); else name prefix
 *   is:unread|read|snoozed|archived|inbox|followup|scheduled
 *   after:<day>, before:<day>  2024-05-31 (local day) or words chrono reads ("yesterday")
 *   note:<words>           the note on the person holds them (plain words match notes too)
 * `-is:`, `-label:` and `-account:` exclude. Any other `word:word` is plain text.
 */
import * as chrono from 'chrono-node';
import { SEARCH_IS_VALUES, type SearchIsValue } from '../../../shared/views';

export const IS_VALUES = SEARCH_IS_VALUES;
export type IsValue = SearchIsValue;
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
  /** note: values: the note on the conversation's person holds each of them. */
  notes: SearchTerm[];
  /** Operators that were not understood and were left out. */
  problems: string[];
}

/** Operators one query may use; past it the rest are left out, and the person is told. */
export const MAX_SEARCH_OPERATORS = 20;

const OPERATORS = ['from', 'label', 'account', 'is', 'after', 'before', 'note'] as const;
type Operator = (typeof OPERATORS)[number];
const NEGATABLE: readonly Operator[] = ['is', 'label', 'account'];

/** A Unicode letter, number or private-use character: what FTS5's unicode61 tokenizer keeps. */
export const TOKEN_CHAR = /[\p{L}\p{N}\p{Co}]/u;
/** Runs of TOKEN_CHAR: the words FTS5 indexes. */
export const TOKEN_RUNS = /[\p{L}\p{N}\p{Co}]+/gu;

/** Parses what the person typed; `now` anchors relative dates ("yesterday") in local time. */
export function parseSearch(input: string, now: Date): ParsedSearch {
  const parsed: ParsedSearch = { terms: [], typing: false, fromMe: false, fromNames: [], labels: [], accounts: [], is: [], after: null, before: null, notes: [], problems: [] };
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
    const quotedValue = value === '' && text[i] === '"';
    if (quotedValue) value = readQuoted();
    if (key === 'note' && op[1] !== '-' && value.trim() !== '' && TOKEN_CHAR.test(value)) {
      if (++operators > MAX_SEARCH_OPERATORS) continue;
      parsed.notes.push({ text: value.trim(), quoted: quotedValue });
      continue;
    }
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
      else parsed.problems.push(`“${shown}” was left out: search knows is:unread, is:read, is:snoozed, is:archived, is:inbox, is:followup and is:scheduled.`);
      return;
    }
    case 'note':
      parsed.problems.push(negated ? `“${shown}” was left out: note: cannot be excluded with “-”.` : `“${shown}” was left out: write a word after note:, e.g. note:pricing.`);
      return;
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

/** The is: values that say which state (inbox, snoozed, archived) a conversation must be in. */
const STATE_VALUES: readonly IsValue[] = ['inbox', 'snoozed', 'archived'];

/**
 * A split tab's search: in the inbox, like every split inbox, unless the query names a state
 * itself (is:snoozed, is:archived, is:inbox, or one of them excluded).
 */
export function inInboxUnlessStated(p: ParsedSearch): ParsedSearch {
  if (p.is.some((i) => STATE_VALUES.includes(i.value))) return p;
  return { ...p, is: [...p.is, { value: 'inbox', negated: false }] };
}

/** Whether anything is left to search for. */
export function isBlank(p: ParsedSearch): boolean {
  return p.terms.length === 0 && !p.fromMe && p.fromNames.length === 0 && p.labels.length === 0 && p.accounts.length === 0 && p.is.length === 0 && p.after === null && p.before === null && p.notes.length === 0;
}

/** A typed value as quoted back in a sentence: at most 40 characters. */
export function shorten(value: string): string {
  return value.length > 40 ? `${value.slice(0, 39)}…` : value;
}
