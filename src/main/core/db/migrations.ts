/**
 * Versioned schema migrations, applied in order inside one transaction each.
 * `PRAGMA user_version` records the last applied version. Never edit a shipped
 * migration: add a new one.
 */
import { searchKeyMigrationSql } from './search-key';
import { senderIndexMigrationSql } from './sender-index';
export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'accounts, conversations, participants, messages, labels, outbox',
    sql: `
      CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );

      -- Accounts hold no secrets: API keys live in the OS keychain, keyed by account id.
      CREATE TABLE accounts (
        id              TEXT PRIMARY KEY,
        provider        TEXT NOT NULL,
        name            TEXT NOT NULL,
        config          TEXT NOT NULL DEFAULT '{}',
        created_at      INTEGER NOT NULL,
        status          TEXT NOT NULL DEFAULT 'idle',
        status_message  TEXT,
        last_synced_at  INTEGER,
        retry_at        INTEGER
      );

      CREATE TABLE conversations (
        id                      TEXT PRIMARY KEY,
        account_id              TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        remote_id               TEXT NOT NULL,
        title                   TEXT NOT NULL,
        last_message_at         INTEGER NOT NULL DEFAULT 0,
        last_message_text       TEXT NOT NULL DEFAULT '',
        last_from_me            INTEGER NOT NULL DEFAULT 0,
        unread_count            INTEGER NOT NULL DEFAULT 0,
        read_at                 INTEGER,
        disconnected            INTEGER NOT NULL DEFAULT 0,
        archived_at             INTEGER,
        archive_mode            TEXT CHECK (archive_mode IN ('smart', 'forever')),
        snoozed_until           INTEGER,
        updated_at              INTEGER NOT NULL,
        UNIQUE (account_id, remote_id)
      );
      CREATE INDEX conversations_by_time ON conversations (last_message_at DESC);
      CREATE INDEX conversations_by_account ON conversations (account_id, last_message_at DESC);

      CREATE TABLE participants (
        conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        remote_id       TEXT NOT NULL,
        position        INTEGER NOT NULL,
        name            TEXT NOT NULL,
        headline        TEXT,
        company         TEXT,
        avatar_url      TEXT,
        profile_url     TEXT,
        PRIMARY KEY (conversation_id, remote_id)
      );

      CREATE TABLE messages (
        id               TEXT PRIMARY KEY,
        conversation_id  TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        remote_id        TEXT,
        sender_remote_id TEXT,
        sender_name      TEXT NOT NULL,
        text             TEXT NOT NULL,
        sent_at          INTEGER NOT NULL,
        from_me          INTEGER NOT NULL,
        status           TEXT NOT NULL DEFAULT 'sent' CHECK (status IN ('sent', 'pending', 'failed')),
        error            TEXT,
        UNIQUE (conversation_id, remote_id)
      );
      CREATE INDEX messages_by_conversation ON messages (conversation_id, sent_at DESC);

      CREATE TABLE labels (
        id         TEXT PRIMARY KEY,
        name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
        color      TEXT NOT NULL,
        pinned     INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL
      );

      CREATE TABLE conversation_labels (
        conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        label_id        TEXT NOT NULL REFERENCES labels(id) ON DELETE CASCADE,
        PRIMARY KEY (conversation_id, label_id)
      );

      -- Every write to a provider is an outbox entry, written in the same transaction as
      -- the local change. Entries of one account are delivered in id order.
      CREATE TABLE outbox (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        account_id      TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        conversation_id TEXT REFERENCES conversations(id) ON DELETE CASCADE,
        kind            TEXT NOT NULL,
        payload         TEXT NOT NULL,
        status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'inflight', 'done', 'failed')),
        attempts        INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        last_error      TEXT,
        created_at      INTEGER NOT NULL,
        updated_at      INTEGER NOT NULL
      );
      CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
    `,
  },
  {
    version: 2,
    description: 'credits consumed per account (Linkup)',
    sql: `ALTER TABLE accounts ADD COLUMN credits_used INTEGER NOT NULL DEFAULT 0;`,
  },
  {
    version: 3,
    description: 'sync markers: which threads are fully cached, and whether a scan ever reached the end of the list',
    sql: `
      ALTER TABLE conversations ADD COLUMN sync_marker TEXT;
      ALTER TABLE accounts ADD COLUMN listed_to_end INTEGER NOT NULL DEFAULT 0;
    `,
  },
  {
    version: 4,
    description: 'snooze notes and reminders; one sort key for the list (newest message or reminder)',
    sql: `
      ALTER TABLE conversations ADD COLUMN snooze_note TEXT;
      ALTER TABLE conversations ADD COLUMN snooze_cancel_if_reply INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE conversations ADD COLUMN reminder_at INTEGER;
      ALTER TABLE conversations ADD COLUMN reminder_note TEXT;
      ALTER TABLE conversations ADD COLUMN sort_at INTEGER NOT NULL DEFAULT 0;
      UPDATE conversations SET sort_at = last_message_at;
      CREATE INDEX conversations_by_sort ON conversations (sort_at DESC);
      CREATE INDEX conversations_snoozed ON conversations (snoozed_until) WHERE snoozed_until IS NOT NULL;
      CREATE INDEX conversation_labels_by_label ON conversation_labels (label_id);
    `,
  },
  {
    version: 5,
    description: 'full-text search over messages and people; drafts per conversation; cached profile pictures',
    sql: `
      -- External-content FTS5 indexes, kept in step by triggers. They point at rowids, so the
      -- cache is never VACUUMed without a 'rebuild' of both indexes afterwards.
      CREATE VIRTUAL TABLE messages_fts USING fts5(
        text, content = 'messages', content_rowid = 'rowid', tokenize = 'unicode61 remove_diacritics 2'
      );
      CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
        INSERT INTO messages_fts (rowid, text) VALUES (new.rowid, new.text);
      END;
      CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
      END;
      CREATE TRIGGER messages_fts_update AFTER UPDATE OF text ON messages BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
        INSERT INTO messages_fts (rowid, text) VALUES (new.rowid, new.text);
      END;
      INSERT INTO messages_fts (messages_fts) VALUES ('rebuild');

      CREATE VIRTUAL TABLE people_fts USING fts5(
        name, headline, company, content = 'participants', content_rowid = 'rowid', tokenize = 'unicode61 remove_diacritics 2'
      );
      CREATE TRIGGER people_fts_insert AFTER INSERT ON participants BEGIN
        INSERT INTO people_fts (rowid, name, headline, company) VALUES (new.rowid, new.name, new.headline, new.company);
      END;
      CREATE TRIGGER people_fts_delete AFTER DELETE ON participants BEGIN
        INSERT INTO people_fts (people_fts, rowid, name, headline, company) VALUES ('delete', old.rowid, old.name, old.headline, old.company);
      END;
      CREATE TRIGGER people_fts_update AFTER UPDATE OF name, headline, company ON participants BEGIN
        INSERT INTO people_fts (people_fts, rowid, name, headline, company) VALUES ('delete', old.rowid, old.name, old.headline, old.company);
        INSERT INTO people_fts (rowid, name, headline, company) VALUES (new.rowid, new.name, new.headline, new.company);
      END;
      INSERT INTO people_fts (people_fts) VALUES ('rebuild');
      CREATE INDEX messages_by_time ON messages (sent_at DESC);

      -- What the person was writing in each conversation, kept across restarts.
      CREATE TABLE drafts (
        conversation_id TEXT PRIMARY KEY REFERENCES conversations(id) ON DELETE CASCADE,
        text            TEXT NOT NULL,
        updated_at      INTEGER NOT NULL
      );

      -- Profile pictures fetched by main (the renderer loads no remote URL). A failed fetch is
      -- remembered (data NULL) so it is not retried on every paint; failed_at says when.
      CREATE TABLE avatars (
        url        TEXT PRIMARY KEY,
        mime       TEXT,
        data       BLOB,
        fetched_at INTEGER NOT NULL,
        failed_at  INTEGER
      );
    `,
  },
  {
    version: 6,
    description: 'keys to delete unless their account exists (a removal or an addition cut short between the cache and the keychain)',
    sql: `
      -- Written in the same transaction as the account row changes; the key store is told after.
      -- A row still here at start means the app stopped between the two writes: the key of an
      -- account that does not exist is deleted then, and the row with it.
      CREATE TABLE key_cleanup (
        account_id  TEXT PRIMARY KEY,
        recorded_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 7,
    description: 'the origin each stored API key is bound to (filled in at start for accounts saved before)',
    sql: `ALTER TABLE accounts ADD COLUMN key_origin TEXT;`,
  },
  {
    version: 8,
    description: 'profile pictures kept per person (replaced when the URL changes), dropped with their account',
    sql: `
      -- Keyed by URL, rotating signed URLs grew this table without bound. Pictures are a cache:
      -- the old ones are dropped, not carried over, and fetched again when next shown.
      DROP TABLE avatars;
      CREATE TABLE avatars (
        account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        person     TEXT NOT NULL,
        url        TEXT NOT NULL,
        mime       TEXT,
        data       BLOB,
        bytes      INTEGER NOT NULL DEFAULT 0,
        fetched_at INTEGER NOT NULL,
        failed_at  INTEGER,
        PRIMARY KEY (account_id, person)
      );
      CREATE INDEX avatars_by_fetch ON avatars (fetched_at);
    `,
  },
  {
    version: 9,
    description: 'smart archive remembers how far the message cache had come when the person archived',
    sql: `
      -- The newest message rowid when the conversation was archived: a message from them with a
      -- later rowid arrived after the archive, whatever time the provider stamped on it. NULL for
      -- archives made before this (they keep comparing times until archived again).
      ALTER TABLE conversations ADD COLUMN archived_seq INTEGER;
    `,
  },
  {
    version: 10,
    description: 'replies not yet sent, found per conversation without reading its messages',
    sql: `
      -- Every row of a list or a search shows its pending and failed replies: counted from this
      -- small index (only unsent messages are in it) instead of reading every message's row.
      CREATE INDEX messages_unsent ON messages (conversation_id, status) WHERE status <> 'sent';
    `,
  },
  {
    version: 11,
    description: 'the inbox, counted and paged from an index of its own',
    sql: `
      -- The inbox (neither archived nor snoozed, src/shared/views.ts) in list order: its first page
      -- and its count read this small index instead of every conversation's row (at 100,000
      -- conversations the count fell from about 29 ms to 8 ms).
      CREATE INDEX conversations_inbox ON conversations (sort_at DESC, id) WHERE archived_at IS NULL AND snoozed_until IS NULL;
    `,
  },
  {
    version: 12,
    description: 'follow-up reminders: a conversation comes back when they have not replied by a time; a label may carry a default',
    sql: `
      -- At most one follow-up per conversation, tied to the reply of mine it follows: undoing or
      -- discarding that reply takes the follow-up with it. due_at is an absolute instant.
      CREATE TABLE follow_ups (
        conversation_id TEXT PRIMARY KEY REFERENCES conversations(id) ON DELETE CASCADE,
        message_id      TEXT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
        due_at          INTEGER NOT NULL,
        created_at      INTEGER NOT NULL,
        weekdays_only   INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX follow_ups_due ON follow_ups (due_at);
      CREATE INDEX follow_ups_by_message ON follow_ups (message_id);
      -- "Follow up after N days" for replies sent in a conversation with this label (NULL: none).
      ALTER TABLE labels ADD COLUMN follow_up_days INTEGER;
    `,
  },
  {
    version: 13,
    description: 'notes on a person, shared by every conversation with them (any account), searchable',
    sql: `
      -- Who "the same person" is: their LinkedIn profile URL without scheme, "www.", query,
      -- fragment or trailing slash, in lower case (LinkedIn's profile paths ignore case); without a
      -- profile URL, the provider's participant id, which only holds within one account.
      ALTER TABLE participants ADD COLUMN person_key TEXT;
      -- Sync writes the key with the row (store/conversations.ts); rows written without it get it here.
      CREATE TRIGGER participants_person_key_insert AFTER INSERT ON participants WHEN new.person_key IS NULL BEGIN
        UPDATE participants SET person_key = ${personKeySql('new')} WHERE rowid = new.rowid;
      END;
      CREATE TRIGGER participants_person_key_update AFTER UPDATE OF profile_url, remote_id ON participants BEGIN
        UPDATE participants SET person_key = ${personKeySql('new')} WHERE rowid = new.rowid;
      END;
      UPDATE participants SET person_key = ${personKeySql('participants')};
      CREATE INDEX participants_by_person ON participants (person_key);

      -- Kept when their conversations go (an account removed): the note is about the person.
      -- name and profile_url are the last ones seen, for the export and the note's header.
      CREATE TABLE person_notes (
        person      TEXT PRIMARY KEY,
        name        TEXT NOT NULL,
        profile_url TEXT,
        text        TEXT NOT NULL,
        updated_at  INTEGER NOT NULL
      );
      CREATE VIRTUAL TABLE person_notes_fts USING fts5(
        text, content = 'person_notes', content_rowid = 'rowid', tokenize = 'unicode61 remove_diacritics 2'
      );
      CREATE TRIGGER person_notes_fts_insert AFTER INSERT ON person_notes BEGIN
        INSERT INTO person_notes_fts (rowid, text) VALUES (new.rowid, new.text);
      END;
      CREATE TRIGGER person_notes_fts_delete AFTER DELETE ON person_notes BEGIN
        INSERT INTO person_notes_fts (person_notes_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
      END;
      CREATE TRIGGER person_notes_fts_update AFTER UPDATE OF text ON person_notes BEGIN
        INSERT INTO person_notes_fts (person_notes_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
        INSERT INTO person_notes_fts (rowid, text) VALUES (new.rowid, new.text);
      END;
    `,
  },
  {
    version: 14,
    description: 'scheduled replies ("send later"): the moment the person chose for an outbox entry',
    sql: `
      -- NULL for everything sent at once (after its undo window). A scheduled reply keeps its
      -- chosen time here whatever its retries do to next_attempt_at, so the Scheduled view can
      -- list it and a send after that time can say how late it went.
      ALTER TABLE outbox ADD COLUMN send_at INTEGER;
      -- Rows and is:scheduled ask per conversation whether it holds a scheduled reply still to go.
      CREATE INDEX outbox_scheduled ON outbox (conversation_id, send_at) WHERE send_at IS NOT NULL AND status IN ('pending', 'inflight');
    `,
  },
  {
    version: 15,
    description: 'the message index filed newest first (search reads the newest matches without sorting them all)',
    sql: searchKeyMigrationSql(),
  },
  {
    version: 16,
    description: 'who sent each message, in the message index (from:<name> with words is one index lookup); prefix lists for words still being typed',
    sql: senderIndexMigrationSql(),
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/**
 * The person a participant row `row` is (migration 13), as an SQL expression: 'url:' and the
 * normalized profile URL, else 'id:<account>:<participant id>'. Written once into migration 13
 * (frozen), and used by sync's insert (store/conversations.ts): change it only with a new migration.
 */
export function personKeySql(row: string): string {
  const url = `NULLIF(trim(${row}.profile_url), '')`;
  // lower case, no scheme, no leading "www.", '#' read as '?'
  const bare = `replace(substr(replace('/' || replace(replace(lower(${url}), 'https://', ''), 'http://', ''), '/www.', '/'), 2), '#', '?')`;
  const path = `rtrim(substr(${bare}, 1, instr(${bare} || '?', '?') - 1), '/')`;
  return `CASE WHEN ${url} IS NULL OR ${path} = '' THEN 'id:' || (SELECT c.account_id FROM conversations c WHERE c.id = ${row}.conversation_id) || ':' || ${row}.remote_id ELSE 'url:' || ${path} END`;
}
