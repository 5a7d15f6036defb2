/**
 * Counting what a search finds, without its newest hits (a split tab's count): one COUNT over
 * conversations, each condition a set SQLite builds once (the messages, or people, holding the
 * words). Its cost follows the number of matches; the plans of plans.ts instead walk conversations
 * newest first to find the hits, which to count a rare match means walking them all.
 */
import type { StatementSync } from 'node:sqlite';
import type { Db } from '../db/database';
import { amongPeople, and, conversationWhere, hasMessageFilter, messageConditions, Params, type SearchFilter } from './sql';

const MAX_CACHED_STATEMENTS = 64;
const statements = new WeakMap<Db, Map<string, StatementSync>>();

/**
 * How many conversations match any of `filters` (a search's whole filter and its person/message
 * splits), counted up to `cap`.
 */
export function countConversations(db: Db, filters: readonly SearchFilter[], cap: number): number {
  const p = new Params();
  const conditions = filters.flatMap((f) => (f.fromPeople === false ? [] : [`(${matchCondition(f, p)})`]));
  if (conditions.length === 0) return 0;
  const sql = `SELECT COUNT(*) AS n FROM (SELECT 1 FROM conversations c WHERE ${conditions.join(' OR ')} LIMIT ${p.bind(cap)})`;
  return (statement(db, sql).get(p.values) as { n: number }).n;
}

/** Conversation `c` matches one filter: its conversation operators, and a message (or a person) as search finds them. */
function matchCondition(f: SearchFilter, p: Params): string {
  const where = conversationWhere(f, p, true);
  const anyMessage = (): string =>
    `EXISTS (SELECT 1 FROM messages m INDEXED BY messages_by_conversation WHERE ${and([`m.conversation_id = c.id`, ...messageConditions(f, p, 'm')])})`;
  if (f.messageMatch !== null) {
    const conditions = messageConditions(f, p, 'm');
    const byMessage = `c.id IN (SELECT m.conversation_id FROM messages_fts JOIN messages m ON m.rowid = messages_fts.rowid WHERE messages_fts MATCH ${p.bind(f.messageMatch)}${conditions.map((w) => ` AND ${w}`).join('')})`;
    // A person matching the words: with from:/after:/before:, only when a message passes them too.
    const byPerson = f.peopleMatch === null ? null : and([amongPeople(p.bind(f.peopleMatch), 'c.id'), ...(hasMessageFilter(f) ? [anyMessage()] : [])]);
    where.push(byPerson === null ? byMessage : `(${byMessage} OR (${byPerson}))`);
  } else if (hasMessageFilter(f)) {
    where.push(anyMessage());
  }
  return and(where);
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
