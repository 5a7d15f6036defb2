/**
 * Who sent each message, in the message index (migration 16), so `from:<name> <words>` is one
 * lookup in one index: FTS5 reads the messages holding the words *and* sent by that person,
 * newest first (search-key.ts), and stops when the page is settled. Before, the sender was a
 * condition checked on every message read: at 100,000 conversations `from:sofia deck` read about
 * 4,200 of the 91,000 messages holding "deck" (or walked Sofia's 3,334 conversations), 50–80 ms.
 *
 * `messages.sender_words` holds the name of the participant the message is from: the participant
 * with the message's sender id, or, where none has it, the one with the name sync recorded (the
 * rule search's from: always had; the id wins where both match someone). NULL for my own messages
 * and for a sender no participant matches. It is indexed as the second column of messages_fts;
 * word searches read only the `text` column (`messages_fts.text MATCH`), from:<name> only this one.
 *
 * Kept in step by triggers: a new message takes its sender's name; a participant added, removed,
 * renamed or given another id re-indexes the messages it sent (sync writes a conversation's
 * participants only where they changed: store/participants.ts).
 *
 * The same migration gives the message index lists for prefixes of 3 and 4 letters, and the
 * people index for 1 to 3: the words a person is still typing (fts.ts MIN_MESSAGE_PREFIX).
 *
 * Written once into migration 16 (frozen): change it only with a new migration.
 */
import { nextKeySql, secondSql } from './search-key';

const TOKENIZE = `tokenize = 'unicode61 remove_diacritics 2'`;

/**
 * SQL: the sender's name for a message row `m` (with conversation_id, from_me, sender_remote_id,
 * sender_name): one participant's, the one with the sender's id before one with the recorded name,
 * so the words of `from:anna smith` must all be in one person's name.
 */
function senderWordsSql(m: string): string {
  return `CASE WHEN ${m}.from_me = 0 THEN (SELECT sp.name FROM participants sp
    WHERE sp.conversation_id = ${m}.conversation_id AND (sp.remote_id = ${m}.sender_remote_id OR sp.name = ${m}.sender_name)
    ORDER BY sp.remote_id IS ${m}.sender_remote_id DESC, sp.position LIMIT 1) END`;
}

/**
 * SQL statements re-indexing the messages sent by participant rows `rows` ('new', 'old' or both:
 * a rename touches the same messages once): out of the index under the names they were filed
 * under, the names as they are now, back in.
 */
function reindexSentBy(...rows: ('new' | 'old')[]): string {
  const any = (column: string) => rows.map((r) => `${r}.${column}`).join(', ');
  const sentBy = `conversation_id IN (${any('conversation_id')}) AND from_me = 0 AND (sender_remote_id IN (${any('remote_id')}) OR sender_name IN (${any('name')}))`;
  return `
        INSERT INTO messages_fts (messages_fts, rowid, text, sender_words) SELECT 'delete', search_key, text, sender_words FROM messages WHERE ${sentBy};
        UPDATE messages SET sender_words = ${senderWordsSql('messages')} WHERE ${sentBy};
        INSERT INTO messages_fts (rowid, text, sender_words) SELECT search_key, text, sender_words FROM messages WHERE ${sentBy};`;
}

/** The SQL of migration 16. */
export function senderIndexMigrationSql(): string {
  return `
      ALTER TABLE messages ADD COLUMN sender_words TEXT;
      UPDATE messages SET sender_words = ${senderWordsSql('messages')} WHERE from_me = 0;

      DROP TRIGGER messages_fts_insert;
      DROP TRIGGER messages_fts_delete;
      DROP TRIGGER messages_fts_update;
      DROP TABLE messages_fts;
      -- prefix: words of 3 and 4 letters typed so far ("pri"*) read one list of their own instead
      -- of merging every word they start (13 ms → 0.2 ms for "pri" at 1,000,000 messages; the
      -- index grows from 72 to 175 MB there).
      CREATE VIRTUAL TABLE messages_fts USING fts5(
        text, sender_words, content = 'messages', content_rowid = 'search_key', ${TOKENIZE}, prefix = '3 4'
      );
      INSERT INTO messages_fts (messages_fts) VALUES ('rebuild');

      -- A new message takes the next key of its second and its sender's names, then enters the index.
      CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
        UPDATE messages SET search_key = ${nextKeySql('new.sent_at')}, sender_words = ${senderWordsSql('new')} WHERE rowid = new.rowid;
        INSERT INTO messages_fts (rowid, text, sender_words) SELECT search_key, text, sender_words FROM messages WHERE rowid = new.rowid;
      END;
      CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, text, sender_words) VALUES ('delete', old.search_key, old.text, old.sender_words);
      END;
      -- New text, or a reply's time once the provider took it: out of the index, a new key if
      -- the second moved, back in.
      CREATE TRIGGER messages_fts_update AFTER UPDATE OF text, sent_at ON messages BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, text, sender_words) VALUES ('delete', old.search_key, old.text, old.sender_words);
        UPDATE messages SET search_key = ${nextKeySql('new.sent_at')} WHERE rowid = new.rowid AND NOT (${secondSql('old.sent_at')} = ${secondSql('new.sent_at')});
        INSERT INTO messages_fts (rowid, text, sender_words) SELECT search_key, text, sender_words FROM messages WHERE rowid = new.rowid;
      END;

      -- The people index again, with lists of its own for names typed 1 to 3 letters so far (every
      -- name starting "p" was a merge of thousands of words: 3.5 ms to ask whether anyone matches,
      -- now 0.02 ms; 2.5 MB → 9.6 MB at 100,000 participants). Same columns as migration 5; its
      -- triggers, which name the table, stay.
      DROP TABLE people_fts;
      CREATE VIRTUAL TABLE people_fts USING fts5(
        name, headline, company, content = 'participants', content_rowid = 'rowid', ${TOKENIZE}, prefix = '1 2 3'
      );
      INSERT INTO people_fts (people_fts) VALUES ('rebuild');

      -- A participant added, renamed or removed: the messages it sent are filed under the new names.
      CREATE TRIGGER participants_senders_insert AFTER INSERT ON participants BEGIN ${reindexSentBy('new')}
      END;
      CREATE TRIGGER participants_senders_delete AFTER DELETE ON participants BEGIN ${reindexSentBy('old')}
      END;
      CREATE TRIGGER participants_senders_update AFTER UPDATE OF name, remote_id ON participants
        WHEN old.name IS NOT new.name OR old.remote_id IS NOT new.remote_id BEGIN ${reindexSentBy('old', 'new')}
      END;
    `;
}
