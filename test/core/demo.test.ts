import { describe, expect, it } from 'vitest';
import { cleanupAfterEach } from '../support/cleanups';
import { createCore, MemorySecretStore, type InboxCore } from '../../src/main/core';
import { offlineDispatcher, tempDataDir } from '../support/core';

const defer = cleanupAfterEach();

async function open(dir: string, seedDemo = true): Promise<InboxCore> {
  const core = await createCore({ dataDir: dir, secrets: new MemorySecretStore(), dispatcher: offlineDispatcher(), seedDemo });
  defer(() => core.close());
  return core;
}

describe('the demo account', () => {
  it('fills a first start with at least 200 varied conversations, no key needed', async () => {
    const { dir, cleanup } = tempDataDir();
    defer(cleanup);
    const core = await open(dir);

    const accounts = await core.listAccounts();
    expect(accounts).toHaveLength(1);
    expect(accounts[0]).toMatchObject({ provider: 'demo', status: { state: 'ok' } });

    const { items, total } = await core.listConversations({ view: 'all', limit: 1000 });
    expect(total).toBeGreaterThanOrEqual(200);
    expect(items).toHaveLength(total);
    expect(new Set(items.map((c) => c.participant.name)).size).toBeGreaterThan(150);
    expect(new Set(items.map((c) => c.participant.company)).size).toBeGreaterThan(5);
    expect(new Set(items.map((c) => c.participant.headline)).size).toBeGreaterThan(5);
    // newest first
    expect(items.map((c) => c.lastMessageAt)).toEqual([...items.map((c) => c.lastMessageAt)].sort((a, b) => b - a));

    const unread = items.filter((c) => c.unreadCount > 0).length;
    const theyLast = items.filter((c) => !c.lastFromMe).length;
    const meLast = items.filter((c) => c.lastFromMe).length;
    expect(unread).toBeGreaterThan(10);
    expect(theyLast).toBeGreaterThan(20);
    expect(meLast).toBeGreaterThan(20);
    const counts = await core.viewCounts();
    expect(counts['needs-reply']).toBe(theyLast);
    expect(counts.waiting).toBe(meLast);
    expect(counts.unread).toBe(unread);

    const lengths = await Promise.all(items.map(async (c) => (await core.openConversation(c.id)).messages.length));
    expect(Math.min(...lengths)).toBe(1);
    expect(Math.max(...lengths)).toBeGreaterThan(25);
    expect(Math.max(...lengths)).toBeLessThanOrEqual(40);
  });

  it('can be removed, and stays removed after a restart', async () => {
    const { dir, cleanup } = tempDataDir();
    defer(cleanup);
    const first = await open(dir);
    const [demo] = await first.listAccounts();
    await first.removeAccount(demo!.id);
    expect(await first.listAccounts()).toEqual([]);
    expect((await first.listConversations({ view: 'all' })).total).toBe(0);
    await first.close();

    const again = await open(dir);
    expect(await again.listAccounts()).toEqual([]);
    expect((await again.viewCounts()).all).toBe(0);
  });

  it('is not created when the host does not ask for it', async () => {
    const { dir, cleanup } = tempDataDir();
    defer(cleanup);
    const core = await open(dir, false);
    expect(await core.listAccounts()).toEqual([]);
  });
});

describe('the offline cache', () => {
  it('shows the same inbox after reopening the same directory with no network at all', async () => {
    const { dir, cleanup } = tempDataDir();
    defer(cleanup);
    const first = await open(dir);
    const inbox = await first.listConversations({ view: 'inbox', limit: 1000 });
    const target = inbox.items[3]!;
    await first.archive(target.id);
    const thread = await first.openConversation(inbox.items[0]!.id);
    const before = { inbox: await first.listConversations({ view: 'inbox', limit: 1000 }), counts: await first.viewCounts() };
    await first.close();

    const again = await open(dir);
    expect(await again.listConversations({ view: 'inbox', limit: 1000 })).toEqual(before.inbox);
    expect(await again.viewCounts()).toEqual(before.counts);
    expect((await again.listConversations({ view: 'archived' })).items.map((c) => c.id)).toContain(target.id);
    expect((await again.openConversation(inbox.items[0]!.id)).messages).toEqual(thread.messages);
  });

  it('writes the cache as a SQLite file in WAL mode, with the schema versioned', async () => {
    const { dir, cleanup } = tempDataDir();
    defer(cleanup);
    const core = await open(dir, false);
    await core.close();
    const { DatabaseSync } = await import('node:sqlite');
    const db = new DatabaseSync(`${dir}/inbox.sqlite`);
    expect((db.prepare('PRAGMA journal_mode').get() as { journal_mode: string }).journal_mode).toBe('wal');
    expect((db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version).toBeGreaterThanOrEqual(1);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining(['accounts', 'conversations', 'participants', 'messages', 'labels', 'conversation_labels', 'outbox']));
    const accountCols = (db.prepare('PRAGMA table_info(accounts)').all() as { name: string }[]).map((r) => r.name);
    // Only where a key may be sent (key_origin) is kept; never the key itself.
    expect(accountCols.filter((c) => /key|secret|token|password/i.test(c))).toEqual(['key_origin']);
    db.close();
  });
});
