/**
 * The pieces search's SQL plans are written from: the filter a typed search resolves to, named
 * parameters, and the conditions on conversations (is:, label:, account:; the view rules of
 * src/shared/views.ts) and on messages (from:, after:, before:).
 */
import type { SQLInputValue } from 'node:sqlite';
import { SEARCH_IS_RULES } from '../../../shared/views';
import { ruleSql } from '../store/view-sql';
import { peopleNamed } from './fts';
import type { IsValue } from './parse';

export interface SearchFilter {
  /** FTS5 expression over message text; null without words. */
  messageMatch: string | null;
  /** The same without the last word as a prefix (it matches a subset). */
  messageMatchExact: string | null;
  /** FTS5 expression over people (name, headline, company); null without words. */
  peopleMatch: string | null;
  /** Its prefix, if any, has a list of its own in the people index (fts.ts prefixListed): asking it about one person is one seek. */
  peopleMatchListed?: boolean;
  /** Only conversations with a person matching this (name, headline, company): the words of a query naming the person ("anna pricing"). */
  withPeople?: string | null;
  /** Only conversations whose person's note matches this FTS5 expression (note:, or plain words looked for in notes); null or absent: any. */
  notes?: string | null;
  fromMe: boolean;
  /** FTS5 expression of the names in from:<name> (no column filter: nameExpression); false when it can match no one; null without from:<name>. */
  fromPeople: string | false | null;
  after: number | null;
  before: number | null;
  is: { value: IsValue; negated: boolean }[];
  /** Each label: operator: any of its ids (a name prefix may name several); all operators apply. */
  labels: { ids: string[]; negated: boolean }[];
  /** account: any of these; null when no account: operator includes. */
  includeAccounts: string[] | null;
  excludeAccounts: string[];
}

export interface FoundHit {
  conversationId: string;
  /** Epoch ms of the match (the conversation's last message for a person match without message operators). */
  at: number;
  /** The message to jump to, or null when the conversation matched as a whole. */
  messageRowid: number | null;
  /** Matched on a person's name, headline or company. */
  person: boolean;
  /** Matched on the note on the conversation's person (and on nothing else). */
  note?: boolean;
}

/** What a plan found: the newest hits, and how many conversations match (up to its cap). */
export interface FoundSet {
  hits: FoundHit[];
  total: number;
  /** The count stopped early, once the hits were settled: `total` or more match. */
  atLeast?: boolean;
}

/** Collects named parameters while a statement is written (node:sqlite rejects unused ones). */
export class Params {
  readonly values: Record<string, SQLInputValue> = {};
  private n = 0;
  bind(value: SQLInputValue): string {
    const name = `p${this.n++}`;
    this.values[name] = value;
    return `:${name}`;
  }
  list(values: readonly SQLInputValue[]): string {
    return values.map((v) => this.bind(v)).join(', ');
  }
}

/** Conditions joined with AND; `1` without any. */
export function and(conditions: string[]): string {
  return conditions.length > 0 ? conditions.join(' AND ') : '1';
}

/** Whether from:, after: or before: constrain which message is the hit. */
export function hasMessageFilter(f: SearchFilter): boolean {
  return f.fromMe || f.fromPeople !== null || f.after !== null || f.before !== null;
}

/** A hit from its '<sent_at>:<rowid>' string (no rowid: the conversation as a whole). */
export function toHit(cid: string, person: boolean, hit: string): FoundHit {
  const [at, rowid] = hit.split(':');
  return { conversationId: cid, at: Number(at), messageRowid: rowid ? Number(rowid) : null, person };
}

/**
 * Whether `<conversation>` has a person matching `match`: a seek into its own participants
 * against the people index's matching rowids (collected once). For a column computed on every
 * conversation walked.
 */
export function hasPerson(match: string, conversation: string): string {
  return `EXISTS (SELECT 1 FROM participants p WHERE p.conversation_id = ${conversation} AND p.rowid IN (SELECT rowid FROM people_fts WHERE people_fts MATCH ${match}))`;
}

/**
 * The same as hasPerson, asked of each of `<conversation>`'s people in turn, one seek into the
 * people index each, instead of collecting every matching person first: cheaper when most people
 * match (a letter typed alone), and only when `match` has no prefix without a list of its own.
 */
export function eachPersonMatches(match: string, conversation: string): string {
  return `EXISTS (SELECT 1 FROM participants p CROSS JOIN people_fts ON people_fts.rowid = p.rowid WHERE p.conversation_id = ${conversation} AND people_fts MATCH ${match})`;
}

/** `<conversation> IN` the conversations with a person matching `match`: a filter SQLite may start from when few match. */
export function amongPeople(match: string, conversation: string): string {
  return `${conversation} IN (SELECT p.conversation_id FROM participants p WHERE p.rowid IN (SELECT rowid FROM people_fts WHERE people_fts MATCH ${match}))`;
}

/** `<conversation> IN` the conversations whose person (first participant) has a note matching `match` (migration 13). */
export function withNote(match: string, conversation: string): string {
  return `${conversation} IN (SELECT np.conversation_id FROM participants np WHERE np.position = 0 AND np.person_key IN (SELECT n.person FROM person_notes n WHERE n.rowid IN (SELECT rowid FROM person_notes_fts WHERE person_notes_fts MATCH ${match})))`;
}

/**
 * Conditions on conversation `c` for is:, label:, account:, and what from:/after: imply.
 * `startFromPeople`: a plan walking conversations may start from those with the person (few,
 * for a name); a plan checking a few candidates asks each for its people instead.
 */
export function conversationWhere(f: SearchFilter, p: Params, startFromPeople = false): string[] {
  const person = startFromPeople ? amongPeople : hasPerson;
  const where: string[] = [];
  for (const { value, negated } of f.is) {
    const rule = ruleSql(SEARCH_IS_RULES[value], (v) => p.bind(v));
    where.push(negated ? `NOT (${rule})` : `(${rule})`);
  }
  for (const { ids, negated } of f.labels) {
    // One parameter (a JSON list) whatever the number of labels: a prefix may name thousands, and one
    // parameter per label made the statement slow to prepare and, past SQLite's limit, impossible.
    const labelled = `SELECT cl.conversation_id FROM conversation_labels cl WHERE cl.label_id IN (SELECT value FROM json_each(${p.bind(JSON.stringify(ids))}))`;
    where.push(negated ? `c.id NOT IN (${labelled})` : `c.id IN (${labelled})`);
  }
  if (f.includeAccounts) where.push(`c.account_id IN (${p.list(f.includeAccounts)})`);
  if (f.excludeAccounts.length > 0) where.push(`c.account_id NOT IN (${p.list(f.excludeAccounts)})`);
  if (f.withPeople) where.push(person(p.bind(f.withPeople), 'c.id'));
  if (f.notes) where.push(withNote(p.bind(f.notes), 'c.id'));
  // Cheap pruning: a match needs a message from that person, or at or after that time.
  if (typeof f.fromPeople === 'string' && !f.fromMe) where.push(person(p.bind(peopleNamed(f.fromPeople)), 'c.id'));
  if (f.after !== null) where.push(`c.last_message_at >= ${p.bind(f.after)}`);
  return where;
}

/** Conditions on message `m` for from:, after:, before:. */
export function messageConditions(f: SearchFilter, p: Params, m: string): string[] {
  const where: string[] = [];
  if (f.after !== null) where.push(`${m}.sent_at >= ${p.bind(f.after)}`);
  if (f.before !== null) where.push(`${m}.sent_at < ${p.bind(f.before)}`);
  const from: string[] = [];
  if (f.fromMe) from.push(`${m}.from_me = 1`);
  // The sender's name is in the message index (db/sender-index.ts).
  if (typeof f.fromPeople === 'string') from.push(`${m}.search_key IN (SELECT rowid FROM messages_fts WHERE messages_fts.sender_words MATCH ${p.bind(f.fromPeople)})`);
  if (from.length > 0) where.push(`(${from.join(' OR ')})`);
  return where;
}

/** '<sent_at>:<rowid>' of the newest message of `conversation` holding the words (when given) and passing the message operators. */
export function newestMessage(f: SearchFilter, p: Params, conversation: string, match: string | null): string {
  const where = [`m.conversation_id = ${conversation}`, ...messageConditions(f, p, 'm')];
  if (match !== null) where.push(`m.search_key IN (SELECT rowid FROM messages_fts WHERE messages_fts.text MATCH ${match})`);
  return `(SELECT m.sent_at || ':' || m.rowid FROM messages m INDEXED BY messages_by_conversation WHERE ${where.join(' AND ')} ORDER BY m.sent_at DESC LIMIT 1)`;
}

/** The hit of a conversation matched by a person: its newest message passing the message operators, else its last message. */
export function personHit(f: SearchFilter, p: Params, conversation: string, last: string): string {
  return hasMessageFilter(f) ? newestMessage(f, p, conversation, null) : `${last} || ':'`;
}
