/**
 * The SQL plans of search, over the FTS5 indexes of migration 5 (messages_fts over message
 * text, filed newest first since migration 15, with each message's sender since migration 16;
 * people_fts over participants' name, headline and company).
 *
 * A conversation matches when one of its messages holds all the words (and passes from:,
 * before:, after:), or when one of its people does (and, with those operators, it has such a
 * message); is:, label: and account: filter conversations. Its hit is its newest match.
 *
 * The plans, chosen by what was asked and how many messages hold the words:
 * - words or from:<name>: read the message index newest first (stream.ts), unless a filter is so narrow that
 *   it reads past its budget; then, as for searches without words, one of these:
 * - few matches: start from the index and group the matching messages (and people) by
 *   conversation; the cost follows the number of matches, and the count is exact. "Few" grows
 *   with the inbox (sparseLine): walking costs about cap × conversations / matches visits, so
 *   starting from the index is cheaper while matches² < cap × conversations.
 * - many matches, or message operators without words: walk conversations newest first, asking
 *   each for its newest matching message (one index seek), and stop once the count has reached
 *   its cap and no conversation further down can beat the hits kept. A word in most messages
 *   stops after about `cap` conversations instead of touching tens of thousands of messages.
 *   With before:, walk messages newest first from that day down instead (a conversation's last
 *   message then says nothing about its hit); so too for plain words that name no one, counted
 *   straight from the index (countPlain): the walk stops as soon as the hits are settled.
 * - only is:, label:, account:: conversations by their last message.
 *
 * A split tab's list pages by its count, so it asks for an exact one; the search field does not,
 * and the plans that count by reading on (stream, walking conversations) stop early once the
 * hits are settled, saying the total is a lower bound (`atLeast`).
 */
import type { StatementSync } from 'node:sqlite';
import type { Highlighted, ProviderKind } from '../../../shared/domain';
import { PROVIDER_LABELS, SEARCH_TOTAL_CAP } from '../../../shared/domain';
import type { Db } from '../db/database';
import { ExcerptIndex, type PersonField } from './excerpt-index';
import { NameWords } from './name-words';
import { STREAM_BUDGET, streamHits } from './stream';
import { TopHits } from './top-hits';
import { EXCERPT_TOKENS, MARK_CLOSE, MARK_OPEN, toHighlighted } from './excerpts';
import { and, conversationWhere, hasMessageFilter, messageConditions, newestMessage, Params, hasPerson, personHit, toHit, type FoundHit, type FoundSet, type SearchFilter } from './sql';

/** Up to this many matching messages or people, starting from the index is always the cheaper plan. */
const MIN_SPARSE_MATCHES = 2000;
/** A seek into the people index for one person costs about as much as this many entries of a list collected (100k: 5.5 against 0.1 µs). */
const SEEK_COST = 55;
/** The newest people that tell whether most people match the words (mostPeople). */
const PEOPLE_SAMPLE = 2000;
/** Prepared statements kept per shape of query (operators used, number of ids). */
const MAX_CACHED_STATEMENTS = 64;

export class SearchStore {
  private readonly statements = new Map<string, StatementSync>();
  private readonly excerptIndex: ExcerptIndex;
  private readonly nameWords: NameWords;

  private readonly sparseMatches: number | undefined;
  private readonly streamBudget: number;
  private readonly minCountRows: number | undefined;
  private readonly densePeople: number | undefined;
  private readonly peopleSample: number;

  /**
   * For tests, which run every plan on the same data: `sparseMatches` moves the line between the
   * two conversation plans, `streamBudget` limits the rows the newest-first plan reads (0: never
   * used), `minCountRows` the fewest rows it reads in all before its count may stop early (stream.ts),
   * `densePeople` how many people matching are most of them, `peopleSample` how many of the newest tell (mostPeople).
   */
  constructor(
    private readonly db: Db,
    tuning: { sparseMatches?: number; streamBudget?: number; minCountRows?: number; densePeople?: number; peopleSample?: number } = {},
  ) {
    this.sparseMatches = tuning.sparseMatches;
    this.streamBudget = tuning.streamBudget ?? STREAM_BUDGET;
    this.minCountRows = tuning.minCountRows;
    this.densePeople = tuning.densePeople;
    this.peopleSample = tuning.peopleSample ?? PEOPLE_SAMPLE;
    this.excerptIndex = new ExcerptIndex(db, (sql) => this.statement(sql));
    this.nameWords = new NameWords(db, (sql) => this.statement(sql));
  }

  labels(): { id: string; name: string }[] {
    return this.statement('SELECT id, name FROM labels').all() as { id: string; name: string }[];
  }

  accounts(): { id: string; name: string; provider: string; providerLabel: string }[] {
    const rows = this.statement('SELECT id, name, provider FROM accounts').all() as { id: string; name: string; provider: string }[];
    return rows.map((r) => ({ ...r, providerLabel: PROVIDER_LABELS[r.provider as ProviderKind] ?? r.provider }));
  }

  /** The people index as the stream asks it (stream.ts). */
  private readonly peopleIndex = { any: (m: string) => this.anyPerson(m), many: (m: string, limit: number) => this.manyPeople(m, limit), most: (m: string, limit: number) => this.mostPeople(m, limit) };

  /** Whether anyone's name, headline or company matches (a small index: cheap before a costlier search). */
  anyPerson(match: string): boolean {
    return this.statement('SELECT 1 FROM people_fts WHERE people_fts MATCH ? LIMIT 1').get(match) !== undefined;
  }

  /** The words of people's names starting with `prefix` (lower-case a–z, 0–9), or null when too many to list (name-words.ts). */
  nameWordsStarting(prefix: string): string[] | null {
    return this.nameWords.starting(prefix);
  }

  /**
   * The newest `limit` matching conversations and how many match, counted up to `cap`; unless
   * `exact`, counting may stop early once the hits are settled (`atLeast`: more may match).
   */
  find(f: SearchFilter, limit: number, countUpTo: number, exact = true): FoundSet {
    const cap = Math.max(countUpTo, limit);
    if (f.fromPeople === false) return { hits: [], total: 0 };
    // Words: newest first from the index, unless a filter is too narrow for that (stream.ts).
    const limits = { budget: this.streamBudget, exact, minCountRows: this.minCountRows };
    const streamed = this.streamBudget === 0 ? null : streamHits((sql) => this.statement(sql), this.peopleIndex, f, limit, cap, limits);
    if (streamed !== null) return streamed;
    if (f.messageMatch === null && !hasMessageFilter(f)) return this.conversationsOnly(f, limit, cap);
    const fewMessages = f.messageMatch !== null && !this.isCommon(f.messageMatch, f.messageMatchExact!);
    if (fewMessages && !this.manyPeople(f.peopleMatch, isPlain(f) ? limit : cap)) return this.fromMatches(f, limit);
    if (f.before !== null) return this.walkMessages(f, limit, cap);
    // Words no one's name holds, without message operators: the newest matching messages are the hits, and the count comes from the index.
    if (f.messageMatch !== null && isPlain(f) && !(f.peopleMatch !== null && this.anyPerson(f.peopleMatch))) {
      return this.walkMessages({ ...f, peopleMatch: null }, limit, cap, this.countPlain(f, null, cap));
    }
    return this.walkConversations(f, { limit, cap, exact, fewMessages });
  }

  /** Only is:/label:/account:: conversations by their last message. */
  private conversationsOnly(f: SearchFilter, limit: number, cap: number): FoundSet {
    const p = new Params();
    const where = and(conversationWhere(f, p));
    const rows = this.all(`SELECT c.id AS cid, c.last_message_at AS at FROM conversations c WHERE ${where} ORDER BY c.last_message_at DESC, c.id LIMIT ${p.bind(limit)}`, p) as {
      cid: string;
      at: number;
    }[];
    const q = new Params();
    const { n } = this.get(`SELECT COUNT(*) AS n FROM (SELECT 1 FROM conversations c WHERE ${and(conversationWhere(f, q))} LIMIT ${q.bind(cap)})`, q) as { n: number };
    return { hits: rows.map((r) => ({ conversationId: r.cid, at: r.at, messageRowid: null, person: false })), total: n };
  }

  /** Few matching messages: group them by conversation, add people matches, sort, count. */
  private fromMatches(f: SearchFilter, limit: number): FoundSet {
    const p = new Params();
    const mq = p.bind(f.messageMatch!);
    const messageWhere = messageConditions(f, p, 'm');
    const people = f.peopleMatch !== null;
    const sql = `
      WITH msg AS MATERIALIZED (
        SELECT m.conversation_id AS cid, MAX(m.sent_at) AS at, m.rowid AS mrow
        FROM messages_fts JOIN messages m ON m.search_key = messages_fts.rowid
        WHERE messages_fts.text MATCH ${mq}${messageWhere.map((w) => ` AND ${w}`).join('')}
        GROUP BY m.conversation_id
      ),
      ppl AS MATERIALIZED (
        ${people ? `SELECT DISTINCT p.conversation_id AS cid FROM people_fts JOIN participants p ON p.rowid = people_fts.rowid WHERE people_fts MATCH ${p.bind(f.peopleMatch!)}` : 'SELECT NULL AS cid WHERE 0'}
      ),
      found AS MATERIALIZED (
        SELECT c.id AS cid, ppl.cid IS NOT NULL AS person,
               CASE WHEN ppl.cid IS NOT NULL THEN ${personHit(f, p, 'c.id', 'c.last_message_at')} ELSE msg.at || ':' || msg.mrow END AS hit
        FROM (SELECT cid FROM msg UNION SELECT cid FROM ppl) k
        JOIN conversations c ON c.id = k.cid
        LEFT JOIN msg ON msg.cid = k.cid
        LEFT JOIN ppl ON ppl.cid = k.cid
        WHERE ${and(conversationWhere(f, p))}
      )
      SELECT cid, person, hit, COUNT(*) OVER () AS total FROM found WHERE hit IS NOT NULL
      ORDER BY CAST(hit AS INTEGER) DESC, cid LIMIT ${p.bind(limit)}`;
    const rows = this.all(sql, p) as { cid: string; person: number; hit: string; total: number }[];
    return { hits: rows.map((r) => toHit(r.cid, r.person === 1, r.hit)), total: rows[0]?.total ?? 0 };
  }

  /**
   * Many matches, or message operators without words: conversations newest first, each with
   * its newest matching message. Every hit is at most its conversation's last message, so once
   * `limit` hits are at least as new as the next conversation's last message, none below can
   * enter. Walking on would only count, up to `cap`: plain words are counted straight from the
   * indexes instead (countPlain), so the walk stops with the hits; with message operators it
   * counts, unless not asked to be `exact` (then the total is a lower bound, `atLeast`).
   * `fewMessages`: few messages hold the words (a name, which many people have): only the
   * conversations holding them, collected once, look for their newest match.
   */
  private walkConversations(f: SearchFilter, ask: { limit: number; cap: number; exact: boolean; fewMessages: boolean }): FoundSet {
    const { limit, cap, exact, fewMessages } = ask;
    const p = new Params();
    const words = f.messageMatch !== null;
    // Most words name no one: then no conversation walked asks its people.
    const anyone = words && f.peopleMatch !== null && this.anyPerson(f.peopleMatch);
    const person = anyone ? hasPerson(p.bind(f.peopleMatch!), 'c.id') : '0';
    const counted = words && isPlain(f) ? this.countPlain(f, anyone ? f.peopleMatch : null, cap) : null;
    const match = words ? p.bind(f.messageMatch!) : null;
    let newest = newestMessage(f, p, 'cid', match);
    if (fewMessages && match !== null) {
      newest = `CASE WHEN cid IN (SELECT m.conversation_id FROM messages_fts JOIN messages m ON m.search_key = messages_fts.rowid WHERE messages_fts.text MATCH ${match}) THEN ${newest} END`;
    }
    const where = conversationWhere(f, p, true);
    // Nested with LIMIT -1 so SQLite streams them in order (co-routines) and runs each subquery once per row.
    // Without conditions, the time index streams the newest first; with them, SQLite may rather pick those few and sort.
    const sql = `
      SELECT cid, last, person, hit FROM (
        SELECT cid, last, person, CASE WHEN person THEN ${personHit(f, p, 'cid', 'last')} ELSE ${newest} END AS hit FROM (
          SELECT c.id AS cid, c.last_message_at AS last, ${person} AS person
          FROM conversations c${where.length === 0 ? ' INDEXED BY conversations_by_time' : ''}
          WHERE ${and(where)}
          ORDER BY c.last_message_at DESC LIMIT -1
        ) LIMIT -1
      ) WHERE hit IS NOT NULL`;
    const top = new TopHits(limit);
    let total = 0;
    let previousLast = Infinity;
    let ordered = true;
    for (const row of this.statement(sql).iterate(p.values) as Iterable<{ cid: string; last: number; person: number; hit: string }>) {
      if (row.last > previousLast) ordered = false; // never expected; then read to the end rather than stop wrongly
      previousLast = row.last;
      if (ordered && !top.open(row.last)) {
        if (counted !== null || total >= cap) break;
        if (!exact) return { hits: top.hits, total, atLeast: true };
      }
      total++;
      top.add(toHit(row.cid, row.person === 1, row.hit));
    }
    return { hits: top.hits, total: counted ?? total };
  }

  /**
   * Conversations with a message holding the words or a person matching them (and passing
   * the conversation operators, when given), counted up to `cap` straight from the indexes: SQLite stops reading
   * matches once `cap` distinct conversations are seen (under a millisecond for a word in half
   * the inbox).
   */
  private countPlain(f: SearchFilter, peopleMatch: string | null, cap: number): number {
    const p = new Params();
    const people = peopleMatch === null ? '' : `UNION ALL SELECT pp.conversation_id FROM people_fts JOIN participants pp ON pp.rowid = people_fts.rowid WHERE people_fts MATCH ${p.bind(peopleMatch)}`;
    const where = conversationWhere(f, p);
    const sql = `SELECT COUNT(*) AS n FROM (SELECT DISTINCT k.cid FROM (
        SELECT m.conversation_id AS cid FROM messages_fts JOIN messages m ON m.search_key = messages_fts.rowid WHERE messages_fts.text MATCH ${p.bind(f.messageMatch!)}
        ${people}
      ) k${where.length > 0 ? ` CROSS JOIN conversations c ON c.id = k.cid WHERE ${and(where)}` : ''} LIMIT ${p.bind(cap)})`;
    return (this.get(sql, p) as { n: number }).n;
  }

  /**
   * Messages newest first (from the before: bound down), the first of each conversation being
   * its hit: exact once `limit` conversations are seen; walking on only counts, up to `cap`,
   * unless the count is known (`counted`).
   */
  private walkMessages(f: SearchFilter, limit: number, cap: number, counted: number | null = null): FoundSet {
    const p = new Params();
    const where = messageConditions(f, p, 'm');
    const person = f.messageMatch !== null && f.peopleMatch !== null && this.anyPerson(f.peopleMatch) ? hasPerson(p.bind(f.peopleMatch), 'm.conversation_id') : '0';
    // A conversation matched by a person takes its newest message passing the operators.
    if (f.messageMatch !== null) where.push(`(m.search_key IN (SELECT rowid FROM messages_fts WHERE messages_fts.text MATCH ${p.bind(f.messageMatch)}) OR ${person})`);
    const conversation = conversationWhere(f, p);
    const sql = `
      SELECT m.conversation_id AS cid, m.sent_at AS at, m.rowid AS mrow, ${person} AS person
      FROM messages m INDEXED BY messages_by_time${conversation.length > 0 ? ' CROSS JOIN conversations c ON c.id = m.conversation_id' : ''}
      WHERE ${and([...where, ...conversation])}
      ORDER BY m.sent_at DESC`;
    const top = new TopHits(limit);
    const seen = new Set<string>();
    for (const row of this.statement(sql).iterate(p.values) as Iterable<{ cid: string; at: number; mrow: number; person: number }>) {
      if (seen.has(row.cid)) continue;
      if ((counted !== null || seen.size >= cap) && !top.open(row.at)) break;
      seen.add(row.cid);
      top.add({ conversationId: row.cid, at: row.at, messageRowid: row.mrow, person: row.person === 1 });
    }
    return { hits: top.hits, total: counted ?? seen.size };
  }

  /**
   * Whether more than `sparseMatches` messages hold the words. The words without the last
   * prefix match a subset, counted first: without an FTS5 prefix index a prefix merges every
   * word it starts, so a common word ("the" → the, there, they…) is seen without that cost.
   */
  private isCommon(match: string, exact: string): boolean {
    const limit = this.sparseLine();
    return this.countMatches(exact, limit + 1) > limit || (exact !== match && this.countMatches(match, limit + 1) > limit);
  }

  /**
   * Whether more people match than starting from the index can handle better than a walk
   * (a name prefix typed so far: "p", "pr"). A walk stops after about `until` × conversations /
   * matches conversations (`limit` when the count comes from the index, else the cap).
   */
  private manyPeople(match: string | null, until: number): boolean {
    if (match === null) return false;
    const p = new Params();
    const limit = this.sparseLine(until);
    const sql = `SELECT COUNT(*) AS n FROM (SELECT rowid FROM people_fts WHERE people_fts MATCH ${p.bind(match)} LIMIT ${p.bind(limit + 1)})`;
    return (this.get(sql, p) as { n: number }).n > limit;
  }

  /**
   * Whether so many people match that a walk asking each conversation for its people (a seek into
   * the people index each, about SEEK_COST list entries) beats collecting every match first: past
   * √(limit × SEEK_COST × people) matches, about 16,000 of 100,000 people for a page of 50. Told
   * from the newest PEOPLE_SAMPLE people (those a walk of the newest conversations meets; all of
   * them in a small inbox): 0.1 ms where counting to the line took 0.3–0.7 ms.
   */
  private mostPeople(match: string, limit: number): boolean {
    const { n: people } = this.statement('SELECT COALESCE(MAX(rowid), 0) AS n FROM participants').get() as { n: number };
    const line = this.densePeople ?? Math.round(Math.sqrt(limit * SEEK_COST * people));
    const sample = Math.min(this.peopleSample, people);
    const p = new Params();
    // CAST: node:sqlite binds a number as a REAL, and FTS5 does not seek to a REAL rowid bound (it reads the whole list).
    const sql = `SELECT COUNT(*) AS n FROM people_fts WHERE people_fts MATCH ${p.bind(match)} AND rowid > CAST(${p.bind(people - sample)} AS INTEGER)`;
    const { n } = this.get(sql, p) as { n: number };
    return n * people > line * sample;
  }

  /**
   * Matches up to which starting from the index beats walking: √(until × conversations), at
   * least MIN_SPARSE_MATCHES (about 7,000 at 100,000 conversations when counting to the cap).
   * The largest rowid stands in for the number of conversations (one index step; deletions only
   * leave gaps).
   */
  private sparseLine(until = SEARCH_TOTAL_CAP): number {
    if (this.sparseMatches !== undefined) return this.sparseMatches;
    const { n } = this.statement('SELECT COALESCE(MAX(rowid), 0) AS n FROM conversations').get() as { n: number };
    return Math.max(MIN_SPARSE_MATCHES, Math.round(Math.sqrt(until * n)));
  }

  private countMatches(match: string, upTo: number): number {
    const p = new Params();
    const sql = `SELECT COUNT(*) AS n FROM (SELECT rowid FROM messages_fts WHERE messages_fts.text MATCH ${p.bind(match)} LIMIT ${p.bind(upTo)})`;
    return (this.get(sql, p) as { n: number }).n;
  }

  /** Message ids and texts by rowid. */
  messagesByRowid(rowids: number[]): Map<number, { id: string; text: string }> {
    if (rowids.length === 0) return new Map();
    const rows = this.statement('SELECT rowid AS r, id, text FROM messages WHERE rowid IN (SELECT value FROM json_each(?))').all(JSON.stringify(rowids)) as {
      r: number;
      id: string;
      text: string;
    }[];
    return new Map(rows.map((r) => [r.r, { id: r.id, text: r.text }]));
  }

  /** An excerpt of each message around the words, matches marked; keyed by rowid. */
  messageExcerpts(messages: { rowid: number; text: string }[], match: string): Map<number, Highlighted> {
    return this.excerptIndex.messageExcerpts(messages, match);
  }

  /** Whether any note matches (a small index: cheap before searching conversations by their notes). */
  anyNote(match: string): boolean {
    return this.statement('SELECT 1 FROM person_notes_fts WHERE person_notes_fts MATCH ? LIMIT 1').get(match) !== undefined;
  }

  /** For each conversation whose person's note matches, an excerpt of the note around the match, marked. */
  noteExcerpts(conversationIds: string[], match: string): Map<string, Highlighted> {
    if (conversationIds.length === 0) return new Map();
    const rows = this.statement(
      `SELECT np.conversation_id AS cid, snippet(person_notes_fts, 0, :open, :close, '…', :tokens) AS marked
         FROM person_notes_fts JOIN person_notes n ON n.rowid = person_notes_fts.rowid
         JOIN participants np ON np.person_key = n.person AND np.position = 0
        WHERE person_notes_fts MATCH :match AND np.conversation_id IN (SELECT value FROM json_each(:ids))`,
    ).all({ open: MARK_OPEN, close: MARK_CLOSE, tokens: EXCERPT_TOKENS, match, ids: JSON.stringify(conversationIds) }) as { cid: string; marked: string }[];
    return new Map(rows.map((r) => [r.cid, toHighlighted(r.marked)]));
  }

  /** For each conversation, its first person matching the words: the field that matched, marked. */
  personExcerpts(conversationIds: string[], match: string): Map<string, { field: PersonField; snippet: Highlighted }> {
    return this.excerptIndex.personExcerpts(conversationIds, match);
  }

  private statement(sql: string): StatementSync {
    let s = this.statements.get(sql);
    if (!s) {
      if (this.statements.size >= MAX_CACHED_STATEMENTS) this.statements.clear();
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  private all(sql: string, p: Params): unknown[] {
    return this.statement(sql).all(p.values);
  }

  private get(sql: string, p: Params): unknown {
    return this.statement(sql).get(p.values);
  }
}

/**
 * Words alone. With is:, label: or account: too, counting from the index reads past every match
 * in the conversations filtered out; walking (and counting as it goes) measured faster.
 */
function isPlain(f: SearchFilter): boolean {
  return !hasMessageFilter(f) && !f.withPeople && !f.notes && f.is.length === 0 && f.labels.length === 0 && f.includeAccounts === null && f.excludeAccounts.length === 0;
}

const stores = new WeakMap<Db, SearchStore>();

/** The search store of a database connection (it keeps prepared statements and a temp table). */
export function searchStoreFor(db: Db): SearchStore {
  let s = stores.get(db);
  if (!s) {
    s = new SearchStore(db);
    stores.set(db, s);
  }
  return s;
}
