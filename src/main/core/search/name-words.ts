/**
 * The words of people's names starting with a few letters, read from the people index's own
 * vocabulary (FTS5's fts5vocab): what from:<name> asks the message index for while a name is one
 * or two letters long. The message index keeps prefix lists only from 3 letters (migration 16), so
 * `"s"*` merged every word starting with s, message words included, before reading a single
 * sender (28 ms at 1,000,000 messages); the few names starting so are each one list (0.5 ms).
 *
 * A message's sender is always one of its conversation's participants' names (db/sender-index.ts),
 * so these words are every word a sender can have that starts so: the same messages match.
 */
import type { StatementSync } from 'node:sqlite';
import type { Db } from '../db/database';

/** More name words than this and the prefix stays as it is (one merge costs less than a long list of words). */
export const MAX_NAME_WORDS = 64;

export class NameWords {
  private ready = false;

  constructor(
    private readonly db: Db,
    private readonly statement: (sql: string) => StatementSync,
  ) {}

  /**
   * The words of people's names starting with `prefix` (letters a–z and digits, lower case, as the
   * tokenizer files them), or null when there are more than MAX_NAME_WORDS.
   */
  starting(prefix: string): string[] | null {
    if (!this.ready) {
      // Per connection, in the temporary schema: it reads the people index as it is at each query.
      this.db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.people_words USING fts5vocab(main, people_fts, 'col')`);
      this.ready = true;
    }
    const next = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
    const rows = this.statement(`SELECT term FROM temp.people_words WHERE col = 'name' AND term >= ? AND term < ? LIMIT ${MAX_NAME_WORDS + 1}`).all(prefix, next) as { term: string }[];
    return rows.length > MAX_NAME_WORDS ? null : rows.map((r) => r.term);
  }
}
