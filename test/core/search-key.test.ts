/**
 * The message index filed newest first (migration 15, src/main/core/db/search-key.ts): every
 * message's key follows its time, the index follows every insert, edit, move and delete, and
 * search reads the newest match of a conversation even when two arrived out of order within
 * one second. On a real SQLite file.
 */
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../src/main/core/db/database';
import { DAMAGED_MARKER, openCache } from '../../src/main/core/db/recovery';
import { freshDb, seedConversations as seed } from '../support/cache-file';
import { MIGRATIONS } from '../../src/main/core/db/migrations';
import { KEY_END_SECOND, KEY_SLOTS } from '../../src/main/core/db/search-key';
import { runSearch, SearchStore } from '../../src/main/core/search';
import { ConversationStore } from '../../src/main/core/store/conversations';

const T0 = Date.UTC(2026, 10, 2, 9, 0, 0);

let nextId = 0;
function addMessage(db: Db, conversation: string, text: string, sentAt: number): string {
  const id = `m${++nextId}`;
  db.prepare("INSERT INTO messages (id, conversation_id, sender_name, text, sent_at, from_me) VALUES (?, ?, 'Them', ?, ?, 0)").run(id, conversation, text, sentAt);
  return id;
}

function indexIsWhole(db: Db): void {
  // With rank 1, 'integrity-check' also compares an external-content index with its table's columns.
  expect(() => db.exec("INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)")).not.toThrow();
}

function keysInOrder(db: Db): { id: string; sent_at: number }[] {
  return db.prepare('SELECT id, sent_at FROM messages ORDER BY search_key').all() as { id: string; sent_at: number }[];
}

const second = (ms: number) => Math.trunc(ms / 1000);

function search(db: Db, q: string) {
  return runSearch({ store: new SearchStore(db), conversations: new ConversationStore(db) }, q, 50, new Date(T0 + 20_000_000));
}

describe('the message index filed newest first', () => {
  it('gives each message a unique key that falls with time, clamped outside 1970–2099', () => {
    const { db } = freshDb();
    seed(db, 2, T0 + 10_000_000);
    const times = [T0, T0 + 5_000, T0 + 5_400, T0 + 5_100, T0 - 86_400_000, -5_000, Date.UTC(2150, 0, 1)];
    for (const [i, t] of times.entries()) addMessage(db, i % 2 ? 'c1' : 'c2', `note ${i}`, t);

    const ordered = keysInOrder(db);
    const clamped = (ms: number) => second(Math.min(Math.max(ms, 0), (KEY_END_SECOND - 1) * 1000));
    for (let i = 1; i < ordered.length; i++) expect(clamped(ordered[i - 1]!.sent_at)).toBeGreaterThanOrEqual(clamped(ordered[i]!.sent_at));
    const keys = (db.prepare('SELECT search_key AS k FROM messages').all() as { k: number }[]).map((r) => r.k);
    expect(new Set(keys).size).toBe(times.length);
    expect(keys.every((k) => Number.isSafeInteger(k) && k >= KEY_SLOTS)).toBe(true);
    indexIsWhole(db);
    db.close();
  });

  it('follows edits, a reply whose time the provider changed, and deletes; search sees each', () => {
    const { db } = freshDb();
    seed(db, 3, T0 + 10_000_000);
    const old = addMessage(db, 'c1', 'the quarterly pricing', T0);
    addMessage(db, 'c2', 'pricing for the team', T0 + 60_000);
    const edited = addMessage(db, 'c3', 'nothing yet', T0 + 120_000);
    indexIsWhole(db);
    expect(search(db, 'pricing').hits.map((h) => h.conversation.id)).toEqual(['c2', 'c1']);

    db.prepare('UPDATE messages SET text = ? WHERE id = ?').run('pricing after all', edited);
    indexIsWhole(db);
    expect(search(db, 'pricing').hits.map((h) => h.conversation.id)).toEqual(['c3', 'c2', 'c1']);

    // The provider's time for a sent reply moves it: newest now.
    db.prepare('UPDATE messages SET sent_at = ? WHERE id = ?').run(T0 + 600_000, old);
    indexIsWhole(db);
    expect(search(db, 'pricing').hits.map((h) => h.conversation.id)).toEqual(['c1', 'c3', 'c2']);
    expect(keysInOrder(db)[0]!.id).toBe(old);

    db.prepare('DELETE FROM messages WHERE id = ?').run(old);
    indexIsWhole(db);
    expect(search(db, 'pricing').hits.map((h) => h.conversation.id)).toEqual(['c3', 'c2']);
    db.close();
  });

  it('takes the newer of two matches in one second even when it arrived last', () => {
    const { db } = freshDb();
    seed(db, 2, T0 + 10_000_000);
    addMessage(db, 'c1', 'renewal call booked', T0 + 100); // read first: within a second, the index is in arrival order
    const newer = addMessage(db, 'c1', 'renewal terms attached', T0 + 900);
    addMessage(db, 'c2', 'renewal next year', T0 - 60_000);
    const hits = search(db, 'renewal').hits;
    expect(hits.map((h) => [h.conversation.id, h.messageId])).toEqual([
      ['c1', newer],
      ['c2', expect.any(String)],
    ]);
    db.close();
  });

  it('past 2099 all times share one key second: the newest match is found though it arrived last, and the count stops no sooner', () => {
    const { db } = freshDb();
    seed(db, 6, T0 + 10_000_000);
    // One clamped second, in arrival order: 2150, then older ones, then the newest (2200) last.
    const years = [2150, 2120, 2110, 2105, 2101, 2200];
    for (const [i, year] of years.entries()) addMessage(db, `c${i + 1}`, 'launch plan', Date.UTC(year, 0, 1));
    const conversations = new ConversationStore(db);
    const now = new Date(Date.UTC(2300, 0, 1));
    const exact = runSearch({ store: new SearchStore(db), conversations }, 'launch', 1, now, { exactCount: true });
    expect(exact.hits.map((h) => h.conversation.id)).toEqual(['c6']);
    expect(exact.total).toBe(6);
    // Counting may stop a row after the page settles: no row here is of an older key second, so none settles it.
    const quick = runSearch({ store: new SearchStore(db, { minCountRows: 1 }), conversations }, 'launch', 1, now);
    expect(quick).toMatchObject({ hits: exact.hits, total: 6, atLeast: false });
    db.close();
  });

  it('a damaged cache recovered keeps every unsent reply, though several were written in one second (each gets its key again)', () => {
    const { db, dir } = freshDb();
    seed(db, 1, T0 + 10_000_000);
    const insert = db.prepare("INSERT INTO messages (id, conversation_id, sender_name, text, sent_at, from_me, status) VALUES (?, 'c1', 'You', ?, ?, 1, ?)");
    for (const [i, status] of ['failed', 'pending', 'pending', 'failed'].entries()) insert.run(`r${i}`, `reply ${i}`, T0 + i * 100, status);
    db.close();
    writeFileSync(join(dir, DAMAGED_MARKER), '');

    const { db: recovered, recovery } = openCache(dir);
    try {
      expect(recovery).not.toBeNull();
      expect((recovered.prepare('SELECT id FROM messages ORDER BY id').all() as { id: string }[]).map((r) => r.id)).toEqual(['r0', 'r1', 'r2', 'r3']);
      indexIsWhole(recovered);
      expect(search(recovered, 'reply').total).toBe(1);
    } finally {
      recovered.close();
    }
  });

  it('migration 15 files every message of a cache made by the previous version, and search finds them', () => {
    const { db, dir } = freshDb(MIGRATIONS.filter((m) => m.version < 15));
    seed(db, 40, T0 + 10_000_000);
    for (let i = 0; i < 400; i++) addMessage(db, `c${(i % 40) + 1}`, i % 3 === 0 ? `budget review ${i}` : `hello ${i}`, T0 + ((i * 7919) % 400) * 1000 + (i % 2));
    db.close();

    const migrated = openDatabase(dir);
    try {
      expect((migrated.prepare('SELECT COUNT(*) AS n FROM messages WHERE search_key IS NULL').get() as { n: number }).n).toBe(0);
      indexIsWhole(migrated);
      const ordered = keysInOrder(migrated);
      for (let i = 1; i < ordered.length; i++) expect(second(ordered[i - 1]!.sent_at)).toBeGreaterThanOrEqual(second(ordered[i]!.sent_at));
      const found = search(migrated, 'budget');
      // Every conversation has a budget message (i ≡ 0 mod 3 covers all 40 residues mod 40).
      expect(found.total).toBe(40);
      const lastBudget = migrated.prepare("SELECT conversation_id AS c, MAX(sent_at) AS at FROM messages WHERE text LIKE 'budget%' GROUP BY conversation_id ORDER BY at DESC, c LIMIT 1").get() as { c: string };
      expect(found.hits[0]!.conversation.id).toBe(lastBudget.c);
    } finally {
      migrated.close();
    }
  });
});
