/**
 * The plan most searches take: read the message index newest first (it is filed by a key that
 * falls with time, migration 15), one hit per conversation, and stop as soon as the hits are
 * settled and the count has reached its cap. A word in a tenth of a million messages costs a
 * few hundred index entries, not a hundred thousand sorted.
 *
 * Words that name a person (name, headline, company) and from:<name> are left to the conversation
 * plans (see streamHits). Operators are conditions on each message read (from:, after:,
 * before:) or on its conversation (is:, label:, account:), so a filter few conversations pass
 * would read on and on: past a budget of rows the plan gives up (null) and the caller uses the
 * plans that start from the conversations instead (plans.ts).
 */
import type { StatementSync } from 'node:sqlite';
import { KEY_SLOTS, keyBaseSql } from '../db/search-key';
import { and, conversationWhere, messageConditions, Params, type FoundHit, type SearchFilter } from './sql';
import { TopHits } from './top-hits';

/** Rows read before the stream gives up on a filter too narrow for it (a few milliseconds). */
export const STREAM_BUDGET = 5000;

type Statement = (sql: string) => StatementSync;

/**
 * The newest `limit` hits and how many conversations match up to `cap`, or null when this plan
 * does not fit (from:<name>; words naming someone) or ran past `budget` rows.
 * `anyPerson`: whether the people index matches an expression (asked only when it matters).
 */
export function streamHits(
  statement: Statement,
  anyPerson: (match: string) => boolean,
  f: SearchFilter,
  limit: number,
  cap: number,
  budget = STREAM_BUDGET,
): { hits: FoundHit[]; total: number } | null {
  // from:<name> passes few messages of those read: the conversation plans start from that person instead.
  if (f.messageMatch === null || typeof f.fromPeople === 'string') return null;
  // Words that also name people (a first name in thousands of conversations): merging those
  // conversations in by time cost more than the conversation plans at 100,000 (26 against 15 ms
  // for "Priya"), so those plans answer.
  if (f.peopleMatch !== null && anyPerson(f.peopleMatch)) return null;

  const p = new Params();
  const conversation = conversationWhere(f, p);
  const where = [`messages_fts MATCH ${p.bind(f.messageMatch)}`, ...messageConditions(f, p, 'm'), ...conversation];
  // The key falls with time: skip straight to before:, stop reading at after:.
  if (f.before !== null) where.push(`messages_fts.rowid >= ${keyBaseSql(`(${p.bind(f.before)} - 1)`)}`);
  if (f.after !== null) where.push(`messages_fts.rowid < ${keyBaseSql(p.bind(f.after))} + ${KEY_SLOTS}`);
  const joinConversation = conversation.length > 0 ? ' CROSS JOIN conversations c ON c.id = m.conversation_id' : '';
  // CROSS JOIN keeps the index first, read in its own (newest first) order.
  const sql = `SELECT m.conversation_id AS cid, m.sent_at AS at, m.rowid AS mrow
    FROM messages_fts CROSS JOIN messages m ON m.search_key = messages_fts.rowid${joinConversation}
    WHERE ${and(where)} ORDER BY messages_fts.rowid`;

  const top = new TopHits(limit);
  const seen = new Map<string, FoundHit>();
  const add = (hit: FoundHit) => {
    seen.set(hit.conversationId, hit);
    top.add(hit);
  };

  let read = 0;
  for (const row of statement(sql).iterate(p.values) as Iterable<{ cid: string; at: number; mrow: number }>) {
    if (++read > budget) return null;
    const second = Math.trunc(row.at / 1000);
    const worst = top.hits.length === limit ? top.hits[limit - 1]! : null;
    // Settled: counted to the cap, and nothing from here on (older seconds) can enter.
    if (seen.size >= cap && worst !== null && second < Math.trunc(worst.at / 1000)) break;
    const had = seen.get(row.cid);
    if (had === undefined) {
      if (seen.size < cap || top.open(row.at)) add({ conversationId: row.cid, at: row.at, messageRowid: row.mrow, person: false });
      continue;
    }
    // Within one second the index is in arrival order: a later row may be the newer message.
    if (row.at > had.at) {
      top.remove(had);
      add({ ...had, at: row.at, messageRowid: row.mrow });
    }
  }
  return { hits: top.hits, total: Math.min(seen.size, cap) };
}
