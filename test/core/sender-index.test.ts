/**
 * Who sent each message, in the message index (migration 16, src/main/core/db/sender-index.ts):
 * from:<name> finds what that participant sent, by the provider's id or else the name sync
 * recorded, never my own messages, and follows participants who arrive after their messages,
 * are renamed or leave. Sync rewriting an unchanged participant list writes nothing. On a real
 * SQLite file.
 */
import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/main/core/db/database';
import { freshDb, seedConversations as seed } from '../support/cache-file';
import { MIGRATIONS } from '../../src/main/core/db/migrations';
import { countSplitTab, runSearch, SearchStore } from '../../src/main/core/search';
import { ConversationStore } from '../../src/main/core/store/conversations';
import type { RemoteParticipant } from '../../src/main/core/providers/types';

const T0 = Date.UTC(2026, 10, 2, 9, 0, 0);
const MINUTE = 60_000;

const person = (remoteId: string, name: string): RemoteParticipant => ({ remoteId, name, headline: null, company: null, avatarUrl: null, profileUrl: null });

let nextId = 0;
function addMessage(db: Db, conversation: string, m: { text: string; at: number; senderId?: string | null; senderName?: string; mine?: boolean }): string {
  const id = `m${++nextId}`;
  db.prepare('INSERT INTO messages (id, conversation_id, sender_remote_id, sender_name, text, sent_at, from_me) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    id,
    conversation,
    m.senderId ?? null,
    m.senderName ?? 'Someone',
    m.text,
    m.at,
    m.mine ? 1 : 0,
  );
  return id;
}

function indexIsWhole(db: Db): void {
  // With rank 1, 'integrity-check' also compares an external-content index with its table's columns.
  expect(() => db.exec("INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)")).not.toThrow();
}

/** The message ids a search jumps to, newest conversation first. */
function found(db: Db, q: string, store = new SearchStore(db)): (string | null)[] {
  return runSearch({ store, conversations: new ConversationStore(db) }, q, 50, new Date(T0 + 20_000_000), { exactCount: true }).hits.map((h) => h.messageId);
}

/** Rows written by every statement since the connection opened, triggers included. */
const changes = (db: Db) => (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;

describe('the sender in the message index', () => {
  it("files a message under the participant who sent it, by the provider's id or else the recorded name, and never my own", () => {
    const { db } = freshDb();
    seed(db, 1, T0 + 10_000_000, 'Chat');
    new ConversationStore(db).replaceParticipants('c1', [person('u1', 'Sofia Reyes'), person('u2', 'Sam Ortiz')]);
    const byId = addMessage(db, 'c1', { text: 'the deck, v1', at: T0, senderId: 'u1', senderName: 'S. Reyes' });
    const byName = addMessage(db, 'c1', { text: 'deck notes', at: T0 + MINUTE, senderName: 'Sam Ortiz' });
    addMessage(db, 'c1', { text: 'deck from me', at: T0 + 2 * MINUTE, senderName: 'Sofia Reyes', mine: true });
    addMessage(db, 'c1', { text: 'deck from a stranger', at: T0 + 3 * MINUTE, senderId: 'u9', senderName: 'Stranger' });
    indexIsWhole(db);

    expect(found(db, 'from:sofia deck')).toEqual([byId]);
    expect(found(db, 'from:sam')).toEqual([byName]);
    expect(found(db, 'from:stranger')).toEqual([]);
    // A sender's name is not a word of their message: word searches read only the text.
    expect(db.prepare("SELECT COUNT(*) AS n FROM messages_fts WHERE messages_fts.text MATCH 'reyes'").get()).toEqual({ n: 0 });
    expect(db.prepare("SELECT COUNT(*) AS n FROM messages_fts WHERE messages_fts.sender_words MATCH 'reyes'").get()).toEqual({ n: 1 });
    db.close();
  });

  it('follows participants who arrive after their messages, are renamed, or leave', () => {
    const { db } = freshDb();
    seed(db, 2, T0 + 10_000_000, 'Chat');
    const conversations = new ConversationStore(db);
    // A thread's messages may be written before its participants are known.
    const hers = addMessage(db, 'c1', { text: 'contract attached', at: T0, senderId: 'u1', senderName: 'Sofia' });
    const other = addMessage(db, 'c2', { text: 'contract question', at: T0 + MINUTE, senderId: 'u7', senderName: 'Sofia Park' });
    expect(found(db, 'from:sofia contract')).toEqual([]);

    conversations.replaceParticipants('c1', [person('u1', 'Sofia Reyes')]);
    conversations.replaceParticipants('c2', [person('u7', 'Sofia Park')]);
    indexIsWhole(db);
    expect(found(db, 'from:sofia contract')).toEqual([other, hers]);
    expect(found(db, 'from:reyes')).toEqual([hers]);

    conversations.replaceParticipants('c1', [person('u1', 'Sofia Lind')]);
    indexIsWhole(db);
    expect(found(db, 'from:reyes')).toEqual([]);
    expect(found(db, 'from:lind contract')).toEqual([hers]);
    // A name of one or two letters reads the names people have now (search/name-words.ts): the old one is gone.
    expect(found(db, 'from:r')).toEqual([]);
    expect(found(db, 'from:li contract')).toEqual([hers]);

    conversations.replaceParticipants('c1', []);
    indexIsWhole(db);
    expect(found(db, 'from:sofia contract')).toEqual([other]);
    expect(found(db, 'from:s')).toEqual([other]);
    expect(found(db, 'from:l')).toEqual([]);

    // A message edited or moved in time keeps its sender.
    conversations.replaceParticipants('c1', [person('u1', 'Sofia Lind')]);
    db.prepare('UPDATE messages SET text = ?, sent_at = ? WHERE id = ?').run('signed contract attached', T0 + 5 * MINUTE, hers);
    indexIsWhole(db);
    expect(found(db, 'from:lind signed')).toEqual([hers]);
    expect(found(db, 'from:sofia contract')).toEqual([hers, other]);

    db.prepare('DELETE FROM messages WHERE id = ?').run(hers);
    indexIsWhole(db);
    expect(found(db, 'from:sofia')).toEqual([other]);
    db.close();
  });

  it('rewrites nothing when sync brings the same participants again, and only what changed when they differ', () => {
    const { db } = freshDb();
    seed(db, 1, T0 + 10_000_000, 'Chat');
    const conversations = new ConversationStore(db);
    const people = [person('u1', 'Sofia Reyes'), person('u2', 'Sam Ortiz'), person('u1', 'Sofia (again)')];
    conversations.replaceParticipants('c1', people);
    for (let i = 0; i < 20; i++) addMessage(db, 'c1', { text: `update ${i}`, at: T0 + i * MINUTE, senderId: i % 2 ? 'u1' : 'u2' });

    const before = changes(db);
    conversations.replaceParticipants('c1', people);
    expect(changes(db) - before).toBe(0);
    // The first of a repeated id counts, in its place.
    expect(conversations.participants('c1').map((p) => p.name)).toEqual(['Sofia Reyes', 'Sam Ortiz']);

    // Sam renamed: his row and the 10 messages he sent (each out of the index and back in), no more.
    const renamed = changes(db);
    conversations.replaceParticipants('c1', [person('u1', 'Sofia Reyes'), person('u2', 'Samuel Ortiz')]);
    const written = changes(db) - renamed;
    expect(written).toBeGreaterThan(10);
    expect(written).toBeLessThan(80);
    expect(found(db, 'from:samuel').length).toBe(1);
    indexIsWhole(db);

    // A new picture (providers' picture links expire) rewrites his row and its people index entry
    // (about 10 rows), none of the 10 messages he sent (30 rows more).
    const pictured = changes(db);
    conversations.replaceParticipants('c1', [person('u1', 'Sofia Reyes'), { ...person('u2', 'Samuel Ortiz'), avatarUrl: 'https://media.example/sam.jpg' }]);
    expect(changes(db) - pictured).toBeLessThan(20);
    db.close();
  });

  it("takes one participant's name: the one with the sender's id before one with the recorded name", () => {
    const { db } = freshDb();
    seed(db, 1, T0 + 10_000_000, 'Chat');
    new ConversationStore(db).replaceParticipants('c1', [person('u1', 'Anna Berg'), person('u2', 'Tom Smith')]);
    // The id says Anna; the recorded name is Tom's.
    const mixed = addMessage(db, 'c1', { text: 'deck attached', at: T0, senderId: 'u1', senderName: 'Tom Smith' });
    indexIsWhole(db);
    expect(found(db, 'from:anna deck')).toEqual([mixed]);
    expect(found(db, 'from:"anna smith" deck')).toEqual([]);
    expect(found(db, 'from:tom')).toEqual([]);
    // Every plan agrees, and so does a split tab's count.
    expect(found(db, 'from:"anna smith"', new SearchStore(db, { streamBudget: 0 }))).toEqual([]);
    expect(countSplitTab(db, new SearchStore(db), 'from:"anna smith"', new Date(T0), 100)).toBe(0);
    db.close();
  });

  it('migration 16 files the senders of a cache made by the previous version', () => {
    const { db, dir } = freshDb(MIGRATIONS.filter((m) => m.version < 16));
    seed(db, 30, T0 + 10_000_000, 'Chat');
    for (let i = 1; i <= 30; i++) {
      db.prepare('INSERT INTO participants (conversation_id, remote_id, position, name) VALUES (?, ?, 0, ?)').run(`c${i}`, `u${i}`, i % 3 ? `Dana ${i}` : `Sofia ${i}`);
      addMessage(db, `c${i}`, { text: `deck ${i}`, at: T0 + i * MINUTE, senderId: `u${i}` });
      addMessage(db, `c${i}`, { text: `deck for you ${i}`, at: T0 + i * MINUTE + 1000, senderName: `Sofia ${i}`, mine: true });
    }
    db.close();

    const migrated = openDatabase(dir);
    try {
      indexIsWhole(migrated);
      const hits = runSearch({ store: new SearchStore(migrated), conversations: new ConversationStore(migrated) }, 'from:sofia deck', 50, new Date(T0 + 20_000_000), { exactCount: true });
      expect(hits.total).toBe(10);
      expect(hits.hits.map((h) => h.conversation.id)).toEqual([30, 27, 24, 21, 18, 15, 12, 9, 6, 3].map((i) => `c${i}`));
    } finally {
      migrated.close();
    }
  });
});
