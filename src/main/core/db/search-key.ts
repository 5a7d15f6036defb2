/**
 * The key the message index (messages_fts, migration 15) files each message under: newest
 * first. An FTS5 index reads its matches in key order, so with a key that falls as time goes on,
 * "the newest messages holding these words" is the first few entries it reads, whatever the
 * number of matches, where a key in arrival order meant reading them all and sorting.
 *
 * key = (END - second of sent_at) × SLOTS + slot. The slot tells apart messages of one second
 * (the next free one, so keys stay unique). Keys stay below 2^53 (JavaScript numbers) until
 * 2100; sent_at outside 1970–2099 is clamped for the key only. Within one second the order is
 * arrival, so search compares sent_at itself there (search/stream.ts).
 *
 * Written once into migration 15 (frozen): change it only with a new migration.
 */

/** 2100-01-01T00:00:00Z in seconds: keys count down from here. */
export const KEY_END_SECOND = 4_102_444_800;
/** Messages one second can hold apart (2^21). */
export const KEY_SLOTS = 2_097_152;

/** SQL: the clamped second of `sentAt` (an expression in ms). */
export function secondSql(sentAt: string): string {
  return `min(max(CAST(${sentAt} / 1000 AS INTEGER), 0), ${KEY_END_SECOND - 1})`;
}

/** SQL: the first key of the second of `sentAt` (an expression in ms): keys at or above it are that second or older. */
export function keyBaseSql(sentAt: string): string {
  return `((${KEY_END_SECOND} - ${secondSql(sentAt)}) * ${KEY_SLOTS})`;
}

/** SQL: the next free key for a message sent at `sentAt` (uses the unique index on search_key). */
export function nextKeySql(sentAt: string): string {
  const base = keyBaseSql(sentAt);
  return `(SELECT COALESCE(MAX(k.search_key) + 1, ${base}) FROM messages k WHERE k.search_key BETWEEN ${base} AND ${base} + ${KEY_SLOTS - 1})`;
}

/** The SQL of migration 15: messages get their key, and the message index is filed by it. */
export function searchKeyMigrationSql(): string {
  const sameSecond = `${secondSql('old.sent_at')} = ${secondSql('new.sent_at')}`;
  return `
      -- Every message gets its key at once: the second, then arrival within it.
      ALTER TABLE messages ADD COLUMN search_key INTEGER;
      UPDATE messages SET search_key = k.key FROM (
        SELECT rowid AS r, ${keyBaseSql('sent_at')} + row_number() OVER (PARTITION BY ${secondSql('sent_at')} ORDER BY rowid) - 1 AS key FROM messages
      ) k WHERE messages.rowid = k.r;
      CREATE UNIQUE INDEX messages_by_search_key ON messages (search_key);

      -- The index again, filed by key (external content read through search_key, so a VACUUM
      -- that renumbers rowids no longer leaves it pointing at other messages).
      DROP TRIGGER messages_fts_insert;
      DROP TRIGGER messages_fts_delete;
      DROP TRIGGER messages_fts_update;
      DROP TABLE messages_fts;
      CREATE VIRTUAL TABLE messages_fts USING fts5(
        text, content = 'messages', content_rowid = 'search_key', tokenize = 'unicode61 remove_diacritics 2'
      );
      INSERT INTO messages_fts (messages_fts) VALUES ('rebuild');

      -- A new message takes the next key of its second, then enters the index.
      CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
        UPDATE messages SET search_key = ${nextKeySql('new.sent_at')} WHERE rowid = new.rowid;
        INSERT INTO messages_fts (rowid, text) SELECT search_key, text FROM messages WHERE rowid = new.rowid;
      END;
      CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.search_key, old.text);
      END;
      -- New text, or a reply's time once the provider took it: out of the index, a new key if
      -- the second moved, back in.
      CREATE TRIGGER messages_fts_update AFTER UPDATE OF text, sent_at ON messages BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.search_key, old.text);
        UPDATE messages SET search_key = ${nextKeySql('new.sent_at')} WHERE rowid = new.rowid AND NOT (${sameSecond});
        INSERT INTO messages_fts (rowid, text) SELECT search_key, text FROM messages WHERE rowid = new.rowid;
      END;
    `;
}
