/**
 * Excerpts marked by FTS5's own snippet() and highlight(), run on a small temporary FTS5 index
 * holding only the texts shown.
 */
import type { StatementSync } from 'node:sqlite';
import type { Highlighted } from '../../../shared/domain';
import type { Db } from '../db/database';
import { EXCERPT_TOKENS, stripMarkers, toHighlighted } from './excerpts';

export type PersonField = 'name' | 'headline' | 'company';

/** The temporary excerpt index of one connection. */
export class ExcerptIndex {
  private ready = false;

  constructor(
    private readonly db: Db,
    private readonly statement: (sql: string) => StatementSync,
  ) {}

  /** An excerpt of each message around the words, matches marked; keyed by rowid. */
  messageExcerpts(messages: { rowid: number; text: string }[], match: string): Map<number, Highlighted> {
    const marked = this.excerpts(
      messages.map((m) => ({ rowid: m.rowid, columns: [m.text, '', ''] as const })),
      match,
      `snippet(search_excerpts, 0, char(2), char(3), '…', ${EXCERPT_TOKENS}) AS a, '' AS b, '' AS c`,
    );
    return new Map([...marked].map(([rowid, cols]) => [rowid, toHighlighted(cols[0])]));
  }

  /**
   * For each conversation, its first person matching the words: the field that matched, marked.
   * Only these conversations' people are read and matched (on the small temporary index), never
   * every person a common name prefix matches.
   */
  personExcerpts(conversationIds: string[], match: string): Map<string, { field: PersonField; snippet: Highlighted }> {
    if (conversationIds.length === 0) return new Map();
    const people = this.statement(
      `SELECT p.conversation_id AS cid, p.name, p.headline, p.company FROM participants p
       WHERE p.conversation_id IN (SELECT value FROM json_each(?))
       ORDER BY p.conversation_id, p.position`,
    ).all(JSON.stringify(conversationIds)) as { cid: string; name: string; headline: string | null; company: string | null }[];
    const marked = this.excerpts(
      people.map((r, i) => ({ rowid: i + 1, columns: [r.name, r.headline ?? '', r.company ?? ''] as const })),
      match,
      'highlight(search_excerpts, 0, char(2), char(3)) AS a, highlight(search_excerpts, 1, char(2), char(3)) AS b, highlight(search_excerpts, 2, char(2), char(3)) AS c',
    );
    const fields: PersonField[] = ['name', 'headline', 'company'];
    const result = new Map<string, { field: PersonField; snippet: Highlighted }>();
    people.forEach((r, i) => {
      const cols = marked.get(i + 1);
      if (!cols || result.has(r.cid)) return;
      const at = cols.findIndex((c) => c.includes('\u0002'));
      result.set(r.cid, at === -1 ? { field: 'name', snippet: toHighlighted(stripMarkers(r.name)) } : { field: fields[at]!, snippet: toHighlighted(cols[at]!) });
    });
    return result;
  }

  /**
   * Marks matches with FTS5's own snippet()/highlight(), run on a small temporary FTS5 index of
   * only the texts shown: the same tokenizer as the real indexes, no second pass over a common
   * word's whole index, and the texts are stripped of the marker characters first.
   */
  private excerpts(texts: { rowid: number; columns: readonly [string, string, string] }[], match: string, select: string): Map<number, [string, string, string]> {
    if (texts.length === 0) return new Map();
    if (!this.ready) {
      // External content, so emptying it is cheap ('delete-all'); an FTS5 table deletes row by row.
      this.db.exec(`
        CREATE TEMP TABLE IF NOT EXISTS search_texts (a TEXT, b TEXT, c TEXT);
        CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_excerpts USING fts5(
          a, b, c, content = 'search_texts', tokenize = 'unicode61 remove_diacritics 2'
        );`);
      this.ready = true;
    }
    const rows = JSON.stringify(texts.map((t) => [t.rowid, ...t.columns.map(stripMarkers)]));
    try {
      this.statement(
        `INSERT INTO temp.search_texts (rowid, a, b, c)
         SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3 FROM json_each(?)`,
      ).run(rows);
      this.statement(`INSERT INTO temp.search_excerpts (search_excerpts) VALUES ('rebuild')`).run();
      const marked = this.statement(`SELECT rowid AS r, ${select} FROM temp.search_excerpts WHERE search_excerpts MATCH ?`).all(match) as {
        r: number;
        a: string;
        b: string;
        c: string;
      }[];
      return new Map(marked.map((r) => [r.r, [r.a, r.b, r.c]]));
    } finally {
      this.statement(`INSERT INTO temp.search_excerpts (search_excerpts) VALUES ('delete-all')`).run();
      this.statement('DELETE FROM temp.search_texts').run();
    }
  }
}
