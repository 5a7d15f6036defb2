/**
 * The plan most searches take: read the message index newest first (it is filed by a key that
 * falls with time, migration 15), one hit per conversation, and stop as soon as the hits are
 * settled and the count has reached its cap. A word in a tenth of a million messages costs a
 * few hundred index entries, not a hundred thousand sorted.
 *
 * The index holds each message's text and its sender's name (db/sender-index.ts), so it reads
 * the words, from:<name>, or both in one lookup. Words that also name many people (a first name,
 * a prefix still being typed) add those people's conversations after the messages (withPeople);
 * words naming a few people are left to the conversation plans. Operators are conditions on each
 * message read (after:, before:) or on its conversation (is:, label:, account:), so a filter few
 * conversations pass would read on and on: past a budget of rows the plan gives up (null) and the
 * caller uses the plans that start from the conversations instead (plans.ts).
 *
 * The count is what costs: at 100,000 conversations "pricing" settles its first page of 50
 * after about 90 rows, and counting 500 conversations reads about 950. So unless an exact count
 * is asked for (a split tab's list pages by it), counting reads as many rows again as the page
 * took (at least MIN_COUNT_ROWS in all), and the total is a lower bound ("104+ conversations match").
 */
import type { StatementSync } from 'node:sqlite';
import { KEY_SLOTS, keyBaseSql } from '../db/search-key';
import { and, conversationWhere, eachPersonMatches, hasMessageFilter, hasPerson, messageConditions, Params, type FoundHit, type FoundSet, type SearchFilter } from './sql';
import { TopHits } from './top-hits';

/** Rows read before the stream gives up on a filter too narrow for it (a few milliseconds). */
export const STREAM_BUDGET = 5000;
/** Once the first page is settled, counting reads on for this many times the rows the page took… */
export const COUNT_RATIO = 1;
/** …and at least this many rows in all. */
export const MIN_COUNT_ROWS = 200;

/** How far the stream reads: `budget` rows before it gives up; `exact`: count on to the cap (else see COUNT_RATIO). */
export interface StreamLimits {
  budget: number;
  exact: boolean;
  /** Replaces MIN_COUNT_ROWS (tests stop counting early on small data). */
  minCountRows?: number;
}

type Statement = (sql: string) => StatementSync;

/**
 * The newest `limit` hits and how many conversations match up to `cap` (`atLeast`: counting
 * stopped early, more may match), or null when this plan does not fit (neither words nor
 * from:<name>; from:me with from:<name>; words naming a few people, or naming people with message
 * operators or an exact count) or read its whole budget before the page settled (or, counting
 * exactly, before the count did).
 * `people`: whether the people index matches an expression, and many people (asked only when it matters).
 */
export function streamHits(
  statement: Statement,
  people: PeopleIndex,
  f: SearchFilter,
  limit: number,
  cap: number,
  limits: StreamLimits,
): FoundSet | null {
  // The index reads the words, the sender (from:<name>, db/sender-index.ts), or both at once.
  // Not from:me with from:<name> (either sender: the index holds only the other people's names).
  if (f.fromMe && typeof f.fromPeople === 'string') return null;
  const bySender = typeof f.fromPeople === 'string' ? f.fromPeople : null;
  if (f.messageMatch === null && bySender === null) return null;
  // Words that also name people. Many people (a first name; a prefix still being typed, "pri"):
  // their conversations join the hits after the messages', walked newest first (withPeople). A few
  // (or with message operators, or to count exactly): the conversation plans answer.
  const naming = f.peopleMatch !== null && people.any(f.peopleMatch);
  if (naming && (limits.exact || hasMessageFilter(f) || !people.many(f.peopleMatch!, limit))) return null;
  const p = new Params();
  // The sender is read from the index itself: the other conditions as every plan writes them.
  const rest: SearchFilter = { ...f, fromPeople: null };
  const conversation = conversationWhere(rest, p);
  // One expression: FTS5 steps through both columns' entries together (two MATCH constraints
  // on the table took twice as long for from:sofia deck at 100,000 conversations).
  const match = [...(f.messageMatch !== null ? [`{text} : (${f.messageMatch})`] : []), ...(bySender !== null ? [`{sender_words} : (${bySender})`] : [])];
  const where = [`messages_fts MATCH ${p.bind(match.join(' AND '))}`, ...messageConditions(rest, p, 'm'), ...conversation];
  // The key falls with time: skip straight to before:, stop reading at after:.
  if (f.before !== null) where.push(`messages_fts.rowid >= ${keyBaseSql(`(${p.bind(f.before)} - 1)`)}`);
  if (f.after !== null) where.push(`messages_fts.rowid < ${keyBaseSql(p.bind(f.after))} + ${KEY_SLOTS}`);
  const joinConversation = conversation.length > 0 ? ' CROSS JOIN conversations c ON c.id = m.conversation_id' : '';
  // CROSS JOIN keeps the index first, read in its own (newest first) order.
  const sql = `SELECT m.conversation_id AS cid, m.sent_at AS at, m.rowid AS mrow, messages_fts.rowid AS key
    FROM messages_fts CROSS JOIN messages m ON m.search_key = messages_fts.rowid${joinConversation}
    WHERE ${and(where)} ORDER BY messages_fts.rowid`;

  const top = new TopHits(limit);
  const seen = new Map<string, FoundHit>();
  // The second each hit's key files it under (sent_at clamped to 1970–2099, search-key.ts): larger is older.
  const secondOf = new Map<string, number>();
  const add = (hit: FoundHit, key: number) => {
    seen.set(hit.conversationId, hit);
    secondOf.set(hit.conversationId, keySecond(key));
    top.add(hit);
  };

  let read = 0;
  let countedAll = true;
  // The row at which nothing further (older seconds) could enter the page any more.
  let settledAt: number | null = null;
  for (const row of statement(sql).iterate(p.values) as Iterable<Row>) {
    read++;
    const worst = top.hits.length === limit ? top.hits[limit - 1]! : null;
    // Settled: this row's second is older than the worst hit's, and so is every row after it.
    if (settledAt === null && worst !== null && keySecond(row.key) > secondOf.get(worst.conversationId)!) settledAt = read;
    if (settledAt !== null && seen.size >= cap) break;
    if (settledAt === null || limits.exact) {
      if (read > limits.budget) return null;
    } else if (read > Math.max(limits.minCountRows ?? MIN_COUNT_ROWS, settledAt * (1 + COUNT_RATIO))) {
      countedAll = false;
      break;
    }
    const had = seen.get(row.cid);
    if (had === undefined) {
      if (seen.size < cap || top.open(row.at)) add({ conversationId: row.cid, at: row.at, messageRowid: row.mrow, person: false }, row.key);
      continue;
    }
    // Within one second the index is in arrival order: a later row may be the newer message.
    if (row.at > had.at) {
      top.remove(had);
      add({ ...had, at: row.at, messageRowid: row.mrow }, row.key);
    }
  }
  if (naming) {
    const each = f.peopleMatchListed === true && people.most(f.peopleMatch!, limit);
    const walked = withPeople(statement, f, top, seen, limits.budget, each);
    if (walked === null) return null;
    countedAll &&= walked;
  }
  return { hits: top.hits, total: Math.min(seen.size, cap), atLeast: !countedAll };
}

/** What the stream asks of the people index: whether any person matches an expression, and whether many do. */
export interface PeopleIndex {
  any: (match: string) => boolean;
  /** More people match than a walk of the conversations needs to meet `limit` of them soon. */
  many: (match: string, limit: number) => boolean;
  /** So many match that asking each conversation walked for its people costs less than collecting them all first. */
  most: (match: string, limit: number) => boolean;
}

/**
 * Adds the conversations of the people matching the words to the message hits in `top`: walked by
 * their last message, newest first, until none can enter any more. A person's conversation is
 * matched as a whole (its hit is its last message, no older than any message hit of it), so it
 * replaces that conversation's message hit. Returns whether it walked them all (else more may
 * match), or null past `budget` conversations. `each`: most people match, so each conversation
 * walked is asked for its people (a seek each) rather than every match collected first (at 100,000
 * people, 42,000 match "c"*: 4.3 → 0.8 ms).
 */
function withPeople(statement: Statement, f: SearchFilter, top: TopHits, seen: Map<string, FoundHit>, budget: number, each: boolean): boolean | null {
  const p = new Params();
  const where = [...conversationWhere(f, p), (each ? eachPersonMatches : hasPerson)(p.bind(f.peopleMatch!), 'c.id')];
  const sql = `SELECT c.id AS cid, c.last_message_at AS at FROM conversations c INDEXED BY conversations_by_time
    WHERE ${and(where)} ORDER BY c.last_message_at DESC`;
  let read = 0;
  for (const row of statement(sql).iterate(p.values) as Iterable<{ cid: string; at: number }>) {
    if (!top.open(row.at)) return false;
    if (++read > budget) return null;
    const had = seen.get(row.cid);
    if (had !== undefined) top.remove(had);
    const hit: FoundHit = { conversationId: row.cid, at: row.at, messageRowid: null, person: true };
    seen.set(row.cid, hit);
    top.add(hit);
  }
  return true;
}

interface Row {
  cid: string;
  at: number;
  mrow: number;
  key: number;
}

/** The second a key files its message under, counted back from 2100 (search-key.ts): larger is older. */
function keySecond(key: number): number {
  return Math.floor(key / KEY_SLOTS);
}
