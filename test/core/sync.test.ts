import { afterEach, describe, expect, it } from 'vitest';
import { localId, reactInWorld, type ReactInWorld } from '../support/reactin-core';

let world: ReactInWorld;
afterEach(async () => {
  await world?.dispose();
});

const gets = (w: ReactInWorld) => w.sim.requests.filter((r) => r.method === 'GET');

describe('sync against the ReactIn simulator', () => {
  it('caches every conversation with its participants, last message and who wrote it', async () => {
    world = await reactInWorld({ conversations: 60 });
    await world.core.syncNow(world.accountId);
    const { items, total } = await world.core.listConversations({ view: 'all', limit: 1000 });
    expect(total).toBe(60);
    for (const sc of world.sim.conversations) {
      const row = items.find((c) => c.id === localId(world, sc.id))!;
      const last = sc.messages[0]!;
      expect(row.lastMessageText).toBe(last.text);
      expect(row.lastMessageAt).toBe(last.timestamp);
      expect(row.lastFromMe).toBe(last.userId === 'li_me_01');
      expect(row.participant.name).toBe(sc.participants[0]!.name);
      expect(row.participant.company).toBe(sc.participants[0]!.company);
      expect(row.accountName).toBe('Sales seat');
      expect((await world.core.openConversation(row.id)).messages.map((m) => m.text)).toEqual([...sc.messages].reverse().map((m) => m.text));
    }
    const [account] = await world.core.listAccounts();
    expect(account!.status).toMatchObject({ state: 'ok', message: null });
    expect(account!.status.lastSyncedAt).toBeGreaterThan(0);
  });

  it('asks only for what changed: one list page, then messages of the changed conversations', async () => {
    world = await reactInWorld({ conversations: 150 });
    await world.core.syncNow(world.accountId);
    const before = gets(world).length;

    await world.core.syncNow(world.accountId);
    expect(gets(world).length - before).toBe(1); // nothing changed: one list page

    const [a, b] = [world.sim.conversations[40]!, world.sim.conversations[90]!];
    world.sim.addInboundMessage(a.id, 'Any update?');
    world.sim.addInboundMessage(b.id, 'Ping');
    const mark = gets(world).length;
    await world.core.syncNow(world.accountId);
    const asked = gets(world).slice(mark).map((r) => r.path);
    expect(asked).toHaveLength(3);
    expect(asked.filter((p) => p.endsWith('/messages')).sort()).toEqual(
      [a.id, b.id].map((id) => `/api/org_test/conversations/${encodeURIComponent(id)}/messages`).sort(),
    );
    const inbox = await world.core.listConversations({ view: 'inbox', limit: 2 });
    expect(inbox.items.map((c) => c.lastMessageText).sort()).toEqual(['Any update?', 'Ping']);

    // k = 120 changed: at most ceil(120 / 100) + 1 list pages, and one message page each.
    const changed = world.sim.conversations.slice(10, 130);
    changed.forEach((c, i) => world.sim.addInboundMessage(c.id, `news ${i}`, Date.now() + 1000 + i));
    const before120 = gets(world).length;
    await world.core.syncNow(world.accountId);
    const asked120 = gets(world).slice(before120);
    const listPages = asked120.filter((r) => r.path.endsWith('/conversations')).length;
    expect(listPages).toBeLessThanOrEqual(Math.ceil(120 / 100) + 1);
    expect(asked120.filter((r) => r.path.endsWith('/messages'))).toHaveLength(120);
  });

  it('shows the list before the threads arrive, and a sync cut short resumes where it stopped', async () => {
    world = await reactInWorld({ conversations: 250 });
    const events: string[][] = [];
    world.core.onChanged((e) => Array.isArray(e.conversations) && events.push(e.conversations));
    // ReactIn fails on the 120th request of the sync: after 3 list pages and 116 threads.
    world.sim.injectFaultAt(world.sim.requests.length + 120, { status: 500 });
    await expect(world.core.syncNow(world.accountId)).rejects.toMatchObject({ code: 'server' });
    // Every row was listed and shows its newest message, even those whose thread never came.
    const rows = await world.core.listConversations({ view: 'all', limit: 1000 });
    expect(rows.total).toBe(250);
    expect(events[0]).toHaveLength(100); // the first page landed before any thread was fetched
    const emptyThreads = (await Promise.all(rows.items.map(async (c) => (await world.core.openConversation(c.id)).messages.length))).filter((l) => l === 0);
    expect(emptyThreads.length).toBe(250 - 116);

    const mark = world.sim.requests.length;
    await world.core.syncNow(world.accountId);
    const resumed = world.sim.requests.slice(mark).filter((r) => r.path.endsWith('/messages'));
    expect(resumed.length).toBe(emptyThreads.length); // only the threads still missing
    for (const sc of world.sim.conversations) {
      const t = await world.core.openConversation(localId(world, sc.id));
      expect(t.messages.map((m) => m.text)).toEqual([...sc.messages].reverse().map((m) => m.text));
    }
    // Now complete: the next sync is one list page.
    const last = world.sim.requests.length;
    await world.core.syncNow(world.accountId);
    expect(world.sim.requests.length - last).toBe(1);
  });

  it('brings a smart-archived conversation back when they reply, not when I write from my phone', async () => {
    world = await reactInWorld({ conversations: 10 });
    await world.core.syncNow(world.accountId);
    const sc = world.sim.conversations[5]!;
    const id = localId(world, sc.id);
    await world.core.archive(id);
    expect((await world.core.listConversations({ view: 'inbox' })).items.map((c) => c.id)).not.toContain(id);

    world.sim.addOwnMessage(sc.id, 'Sent from my phone', Date.now() + 1000);
    await world.core.syncNow(world.accountId);
    const archived = await world.core.listConversations({ view: 'archived' });
    expect(archived.items.map((c) => c.id)).toContain(id);
    expect(archived.items.find((c) => c.id === id)).toMatchObject({ lastFromMe: true, lastMessageText: 'Sent from my phone' });

    world.sim.addInboundMessage(sc.id, 'Yes, let us talk', Date.now() + 2000);
    await world.core.syncNow(world.accountId);
    const inbox = await world.core.listConversations({ view: 'inbox' });
    expect(inbox.items[0]).toMatchObject({ id, archived: null, lastFromMe: false, lastMessageText: 'Yes, let us talk' });
  });

  it('keeps a conversation read after I opened it, until they write again', async () => {
    world = await reactInWorld({ conversations: 5 });
    const sc = world.sim.conversations[0]!;
    world.sim.addInboundMessage(sc.id, 'First');
    await world.core.syncNow(world.accountId);
    const id = localId(world, sc.id);
    expect((await world.core.listConversations({ view: 'unread' })).items.map((c) => c.id)).toContain(id);

    await world.core.openConversation(id);
    await world.core.syncNow(world.accountId); // ReactIn still reports it unread: there is no mark-read
    expect((await world.core.listConversations({ view: 'unread' })).items.map((c) => c.id)).not.toContain(id);

    world.sim.addInboundMessage(sc.id, 'Second', Date.now() + 5000);
    await world.core.syncNow(world.accountId);
    expect((await world.core.listConversations({ view: 'unread' })).items.map((c) => c.id)).toContain(id);
  });

  it('records a revoked key on the account with a sentence, and keeps the cache', async () => {
    world = await reactInWorld({ conversations: 5 });
    await world.core.syncNow(world.accountId);
    world.sim.revokeKey();
    await expect(world.core.syncNow(world.accountId)).rejects.toMatchObject({ code: 'auth' });
    const [account] = await world.core.listAccounts();
    expect(account!.status.state).toBe('key-rejected');
    expect(account!.status.message).toBe("ReactIn rejected the API key for 'Sales seat' — update it in Settings.");
    expect((await world.core.listConversations({ view: 'all' })).total).toBe(5);
    // Syncing everything never throws: one account's failure is its own.
    await expect(world.core.syncNow()).resolves.toBeUndefined();
  });

  it('says offline when the provider cannot be reached', async () => {
    world = await reactInWorld({ conversations: 3 });
    await world.sim.close();
    await expect(world.core.syncNow(world.accountId)).rejects.toMatchObject({ code: 'network' });
    const [account] = await world.core.listAccounts();
    expect(account!.status.state).toBe('offline');
    expect(account!.status.message).toMatch(/ReactIn/);
  });
});
