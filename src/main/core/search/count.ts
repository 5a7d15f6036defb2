/**
 * Counting what a search finds, without its newest hits (a split tab's count): one COUNT query.
 * The plans of plans.ts walk conversations newest first to find the hits, which to count a rare
 * match means walking them all; a count needs no order, so it reads only what matches.
 */
import type { StatementSync } from 'node:sqlite';
import type { Db } from '../db/database';
import { and, conversationWhere, hasMessageFilter, messageConditions, Params, type SearchFilter } from './sql';

const MAX_CACHED_STATEMENTS = 64;
const statements = new WeakMap<Db, Map<string, StatementSync>>();

/**
 * How many conversations match any of `filters` (a search's whole filter and its person/message
 * splits), counted up to `cap`. With words, the matching messages and people are read as a stream
 * and SQLite stops once `cap` distinct conversations are seen (a word in half the inbox costs no
 * more than a rare one); without, conversations are read with their operators, one index seek
 * each for from:, after:, before:.
 */
export function countConversations(db: Db, filters: readonly SearchFilter[], cap: number): number {
  const p = new Params();
  const live = filters.filter((f) => f.fromPeople !== false);
  if (live.length === 0) return 0;
  const withWords = live.filter((f) => f.messageMatch !== null);
  // Filters without words beside ones with words (a note's words, found by their person): their conversations join the stream.
  const withoutWords = () => live.filter((f) => f.messageMatch === null).map((f) => `SELECT c.id AS cid FROM conversations c WHERE ${operatorsOnly(f, p)}`);
  const sql =
    withWords.length > 0
      ? `SELECT COUNT(*) AS n FROM (SELECT DISTINCT k.cid FROM (${[...withWords.flatMap((f) => wordBranches(f, p)), ...withoutWords()].join(' UNION ALL ')}) k LIMIT ${p.bind(cap)})`
      : `SELECT COUNT(*) AS n FROM (SELECT 1 FROM conversations c WHERE ${live.map((f) => `(${operatorsOnly(f, p)})`).join(' OR ')} LIMIT ${p.bind(cap)})`;
  return (statement(db, sql).get(p.values) as { n: number }).n;
}

/** A message of conversation `c` passing from:, after:, before:. */
function anyMessage(f: SearchFilter, p: Params): string {
  return `EXISTS (SELECT 1 FROM messages m2 INDEXED BY messages_by_conversation WHERE ${and([`m2.conversation_id = c.id`, ...messageConditions(f, p, 'm2')])})`;
}

/** The conversations (as `cid`) holding the words in a message, or in a person (then with a message passing the message operators, when given). */
function wordBranches(f: SearchFilter, p: Params): string[] {
  if (f.withPeople) {
    // Words split between a person and a message: the few conversations with that person first.
    const holding = `m2.search_key IN (SELECT rowid FROM messages_fts WHERE messages_fts.text MATCH ${p.bind(f.messageMatch!)})`;
    const message = `EXISTS (SELECT 1 FROM messages m2 INDEXED BY messages_by_conversation WHERE ${and([`m2.conversation_id = c.id`, holding, ...messageConditions(f, p, 'm2')])})`;
    return [`SELECT c.id AS cid FROM conversations c WHERE ${and([...conversationWhere(f, p, true), message])}`];
  }
  const byMessage = `SELECT m.conversation_id AS cid FROM messages_fts JOIN messages m ON m.search_key = messages_fts.rowid CROSS JOIN conversations c ON c.id = m.conversation_id
    WHERE ${and([`messages_fts.text MATCH ${p.bind(f.messageMatch!)}`, ...messageConditions(f, p, 'm'), ...conversationWhere(f, p)])}`;
  if (f.peopleMatch === null) return [byMessage];
  const byPerson = `SELECT pp.conversation_id AS cid FROM people_fts JOIN participants pp ON pp.rowid = people_fts.rowid CROSS JOIN conversations c ON c.id = pp.conversation_id
    WHERE ${and([`people_fts MATCH ${p.bind(f.peopleMatch)}`, ...conversationWhere(f, p), ...(hasMessageFilter(f) ? [anyMessage(f, p)] : [])])}`;
  return [byMessage, byPerson];
}

/** Conversation `c` matches a filter without words: its operators, and a message passing from:, after:, before: when given. */
function operatorsOnly(f: SearchFilter, p: Params): string {
  return and([...conversationWhere(f, p, true), ...(hasMessageFilter(f) ? [anyMessage(f, p)] : [])]);
}

function statement(db: Db, sql: string): StatementSync {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let s = cache.get(sql);
  if (!s) {
    if (cache.size >= MAX_CACHED_STATEMENTS) cache.clear();
    s = db.prepare(sql);
    cache.set(sql, s);
  }
  return s;
}
