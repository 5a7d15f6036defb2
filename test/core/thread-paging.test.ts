/**
 * A long thread is paged: opening answers with its newest page only, bounded in count and in
 * bytes (messages from a hostile provider can be ~100,000 characters each), and paging back
 * from there reaches the first message with no gap and no duplicate. A search hit deep in the
 * thread opens at the page around it, and paging forward from there reaches the newest.
 */
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { createCore, MemorySecretStore, type InboxCore } from '../../src/main/core';
import { DATABASE_FILE } from '../../src/main/core/db/database';
import { THREAD_PAGE_BYTES, THREAD_PAGE_MESSAGES, type Message, type ThreadPage } from '../../src/shared/domain';
import { cleanupAfterEach } from '../support/cleanups';
import { offlineDispatcher, tempDataDir } from '../support/core';

const defer = cleanupAfterEach();
const LONG = 2_011;
/** 100,000 two-byte characters: 200 KB of UTF-8, the longest a message is kept. */
const HUGE = 'é'.repeat(100_000);

/** The demo account, with one of its conversations grown to 2,011 more messages (every 40th one huge, some sharing a timestamp). */
async function longThread(): Promise<{ core: InboxCore; conversationId: string; ids: string[] }> {
  const { dir, cleanup } = tempDataDir('inbox-paging-');
  defer(cleanup);
  const core = await createCore({ dataDir: dir, secrets: new MemorySecretStore(), dispatcher: offlineDispatcher(), seedDemo: true });
  defer(() => core.close());
  const conversationId = (await core.listConversations({ view: 'all', limit: 1 })).items[0]!.id;
  const db = new DatabaseSync(join(dir, DATABASE_FILE));
  try {
    db.exec('BEGIN');
    const insert = db.prepare(
      `INSERT INTO messages (id, conversation_id, remote_id, sender_remote_id, sender_name, text, sent_at, from_me, status)
       VALUES (?, ?, ?, NULL, ?, ?, ?, ?, 'sent')`,
    );
    const start = Date.UTC(2020, 0, 1);
    for (let i = 0; i < LONG; i++) {
      // Pairs share a timestamp, so the order between them is the cache's insertion order.
      insert.run(`long-${i}`, conversationId, `r-long-${i}`, i % 2 ? 'Me' : 'Ada', i % 40 === 7 ? HUGE : `Message ${i + 1}`, start + Math.floor(i / 2) * 60_000, i % 2);
    }
    db.exec('COMMIT');
    const ids = (db.prepare('SELECT id FROM messages WHERE conversation_id = ? ORDER BY sent_at, rowid').all(conversationId) as { id: string }[]).map((r) => r.id);
    return { core, conversationId, ids };
  } finally {
    db.close();
  }
}

function bytesOf(messages: readonly Message[]): number {
  return messages.reduce((sum, m) => sum + Buffer.byteLength(m.text) + Buffer.byteLength(m.senderName), 0);
}

/** A page stays within its bounds: the count, and the bytes unless one message alone is larger. */
function expectBounded(page: ThreadPage): void {
  expect(page.messages.length).toBeGreaterThan(0);
  expect(page.messages.length).toBeLessThanOrEqual(THREAD_PAGE_MESSAGES);
  if (page.messages.length > 1) expect(bytesOf(page.messages)).toBeLessThanOrEqual(THREAD_PAGE_BYTES);
}

describe('a 2,011-message thread', () => {
  it('opens with its newest page only, bounded in count and bytes, and pages back to the first message with no gap or duplicate', { timeout: 120_000 }, async () => {
    const { core, conversationId, ids } = await longThread();
    expect(ids.length).toBeGreaterThan(LONG);

    const opened = await core.openConversation(conversationId);
    expectBounded(opened);
    expect(opened.messages.at(-1)!.id).toBe(ids.at(-1));
    expect(opened.newerCount).toBe(0);
    expect(opened.olderCount + opened.messages.length).toBe(ids.length);

    const seen = [...opened.messages];
    let page: ThreadPage = opened;
    let pages = 1;
    while (page.olderCount > 0) {
      const before = seen[0]!.id;
      page = await core.threadPage(conversationId, { before });
      expectBounded(page);
      expect(page.messages.at(-1)!.id).not.toBe(before);
      expect(page.olderCount + page.messages.length + seen.length).toBe(ids.length);
      seen.unshift(...page.messages);
      pages++;
      expect(pages).toBeLessThan(200);
    }
    expect(seen.map((m) => m.id)).toEqual(ids);
    // Huge messages make some pages shorter than the count allows.
    expect(pages).toBeGreaterThan(Math.ceil(ids.length / THREAD_PAGE_MESSAGES));
  });

  it('opens at the page around a message deep in the thread, and pages forward from there to the newest', { timeout: 120_000 }, async () => {
    const { core, conversationId, ids } = await longThread();
    const target = ids[4]!;
    const opened = await core.openConversation(conversationId, { around: target });
    expectBounded(opened);
    expect(opened.messages.map((m) => m.id)).toContain(target);
    expect(opened.messages[0]!.id).toBe(ids[opened.olderCount]);
    expect(opened.newerCount).toBe(ids.length - opened.olderCount - opened.messages.length);

    const seen = [...opened.messages];
    let page: ThreadPage = opened;
    while (page.newerCount > 0) {
      page = await core.threadPage(conversationId, { after: seen.at(-1)!.id });
      expectBounded(page);
      seen.push(...page.messages);
    }
    expect(seen.map((m) => m.id)).toEqual(ids.slice(opened.olderCount));

    const middle = await core.threadPage(conversationId, { around: ids[1_000]! });
    expectBounded(middle);
    expect(middle.messages.map((m) => m.id)).toEqual(ids.slice(middle.olderCount, middle.olderCount + middle.messages.length));
    expect(middle.messages.map((m) => m.id)).toContain(ids[1_000]);
  });

  it('says so when the message to page from is not in the conversation', { timeout: 120_000 }, async () => {
    const { core, conversationId } = await longThread();
    await expect(core.threadPage(conversationId, { before: 'no-such-message' })).rejects.toThrow(/no longer in this conversation/i);
    await expect(core.threadPage(conversationId, { before: 'long-1', after: 'long-2' })).rejects.toThrow(/one of/i);
  });
});
