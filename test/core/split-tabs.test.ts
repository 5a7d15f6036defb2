/**
 * Searches saved as split tabs (issue 17.2): a search with its operators kept in the settings as
 * view `search:<id>`, listing the search's conversations that are in the inbox, with a count
 * that rides along with every view's counts after archive, reply and sync.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ChangeEvent, SavedSplit } from '../../src/shared/domain';
import { localId, reactInWorld, type ReactInWorld } from '../support/reactin-core';

let world: ReactInWorld | undefined;
afterEach(async () => {
  await world?.dispose();
  world = undefined;
});

/** The counts the next change event carries (a triage action sends them along). */
function nextCounts(w: ReactInWorld): { counts: () => ChangeEvent['counts'] } {
  let seen: ChangeEvent['counts'];
  const off = w.core.onChanged((e) => {
    if (e.counts) {
      seen = e.counts;
      off();
    }
  });
  return { counts: () => seen };
}

describe('searches saved as split tabs', () => {
  it('list and count the inbox conversations a search with operators finds, and keep them across a restart', async () => {
    world = await reactInWorld({ conversations: 8 });
    world.sim.conversations.slice(0, 3).forEach((c, i) => world!.sim.addInboundMessage(c.id, `New ${i}`, Date.now() + i));
    await world.core.syncNow(world.accountId);
    const unread = (await world.core.listConversations({ view: 'unread', limit: 100 })).items;
    expect(unread.length).toBeGreaterThan(1);
    const split: SavedSplit = { id: 'sp1', name: 'Unread on ReactIn', query: 'is:unread account:reactin' };
    await world.core.updateSettings({ savedSplits: [split] });

    const page = await world.core.listConversations({ view: 'search:sp1', limit: 100 });
    expect(page.items.map((c) => c.id)).toEqual(unread.map((c) => c.id)); // newest first, like the Unread view
    expect(page.total).toBe(unread.length);
    expect((await world.core.viewCounts())['search:sp1']).toBe(unread.length);

    // Archive: gone from the tab, and the count the change event carries says so.
    const event = nextCounts(world);
    await world.core.archive(unread[0]!.id);
    expect(event.counts()?.['search:sp1']).toBe(unread.length - 1);
    expect((await world.core.listConversations({ view: 'search:sp1' })).items.map((c) => c.id)).not.toContain(unread[0]!.id);

    // A query naming a state shows that state: archived ones.
    await world.core.updateSettings({ savedSplits: [split, { id: 'sp2', name: 'Archived', query: 'is:archived' }] });
    expect((await world.core.listConversations({ view: 'search:sp2' })).items.map((c) => c.id)).toEqual([unread[0]!.id]);
    expect((await world.core.viewCounts())['search:sp2']).toBe(1);

    await world.core.close();
    const again = await world.reopen();
    expect((await again.getSettings()).savedSplits.map((s) => s.name)).toEqual(['Unread on ReactIn', 'Archived']);
    expect((await again.viewCounts())['search:sp1']).toBe(unread.length - 1);
  });

  it('count what a reply and a sync bring in', async () => {
    world = await reactInWorld({ conversations: 4 });
    await world.core.syncNow(world.accountId);
    await world.core.updateSettings({
      savedSplits: [
        { id: 'mine', name: 'Quokka replies', query: 'from:me quokka' },
        { id: 'theirs', name: 'Zebras', query: 'zebra' },
      ],
    });
    expect(await world.core.viewCounts()).toMatchObject({ 'search:mine': 0, 'search:theirs': 0 });

    const [a, b] = world.sim.conversations;
    await world.core.sendReply(localId(world, a!.id), 'A quokka says hello');
    expect((await world.core.viewCounts())['search:mine']).toBe(1);

    // Archived, then the other person writes about zebras: sync brings it back into the tab.
    await world.core.archive(localId(world, b!.id));
    world.sim.addInboundMessage(b!.id, 'Have you seen the zebra?', Date.now() + 60_000);
    const changes: ChangeEvent[] = [];
    world.core.onChanged((e) => changes.push(e));
    await world.core.syncNow(world.accountId);
    expect(changes.some((e) => e.conversations)).toBe(true); // the window asks for the counts again
    expect((await world.core.viewCounts())['search:theirs']).toBe(1);
    expect((await world.core.listConversations({ view: 'search:theirs' })).items.map((c) => c.id)).toEqual([localId(world, b!.id)]);
  });

  it.each([
    ['label:nosuch', '“Bad” cannot be saved as a tab: There is no label called “nosuch”.'],
    ['after:someday-ish pricing', '“Bad” cannot be saved as a tab: “after:someday-ish” was left out: “someday-ish” is not a date this app can read — try 2024-05-31, “yesterday” or “last monday”.'],
    ['is:starred', '“Bad” cannot be saved as a tab: “is:starred” was left out: search knows is:unread, is:read, is:snoozed, is:archived, is:inbox, is:followup and is:scheduled.'],
    ['   ', 'A split tab needs a search to show; type one first.'],
    ['!!', '“Bad” cannot be saved as a tab: There is nothing to search for yet: type words or operators (from:, label:, is:…) first.'],
  ])('refuse a query search cannot run (%s) with its own sentence, and keep what was saved', async (query, message) => {
    world = await reactInWorld({ conversations: 1 });
    const good: SavedSplit = { id: 'ok', name: 'Good', query: 'hello' };
    await world.core.updateSettings({ savedSplits: [good] });
    await expect(world.core.updateSettings({ savedSplits: [good, { id: 'bad', name: 'Bad', query }] })).rejects.toMatchObject({ code: 'invalid-input', message });
    expect((await world.core.getSettings()).savedSplits).toEqual([good]);
  });

  it('rename, reorder and remove a tab whose label was deleted since', async () => {
    world = await reactInWorld({ conversations: 2 });
    const vip = await world.core.createLabel('VIP');
    const tabs: SavedSplit[] = [
      { id: 'a', name: 'VIPs', query: 'label:VIP' },
      { id: 'b', name: 'Hello', query: 'hello' },
    ];
    await world.core.updateSettings({ savedSplits: tabs });
    await world.core.deleteLabel(vip.id);
    const saved = await world.core.updateSettings({ savedSplits: [{ ...tabs[1]!, name: 'Greetings' }, tabs[0]!] });
    expect(saved.savedSplits.map((s) => s.name)).toEqual(['Greetings', 'VIPs']);
    expect((await world.core.viewCounts())['search:a']).toBe(0); // an unknown label matches nothing, as in search
    expect((await world.core.updateSettings({ savedSplits: [saved.savedSplits[0]!] })).savedSplits.map((s) => s.id)).toEqual(['b']);
    expect(await world.core.viewCounts()).not.toHaveProperty('search:a');
  });
});

describe('a split tab’s count', () => {
  it('is the number of conversations its list holds, for every kind of search', async () => {
    const { createCore, MemorySecretStore } = await import('../../src/main/core');
    const { offlineDispatcher, tempDataDir } = await import('../support/core');
    const tmp = tempDataDir('inbox-split-counts-');
    const core = await createCore({ dataDir: tmp.dir, secrets: new MemorySecretStore(), dispatcher: offlineDispatcher(), seedDemo: true });
    try {
      const inbox = (await core.listConversations({ view: 'inbox', limit: 300 })).items;
      const someone = inbox[0]!.participant;
      const first = someone.name.split(' ')[0]!;
      const word = inbox[1]!.lastMessageText.split(/\W+/).find((w) => w.length > 4) ?? 'thanks';
      const queries = [
        'is:unread',
        '-is:unread',
        word,
        `${word.slice(0, 3)}`, // a prefix, as typed
        `"${word}"`,
        `from:${first}`,
        `${first} ${word}`, // a person and a message at once
        'from:me',
        `after:2000-01-01 ${word}`,
        `before:2000-01-01`,
        'account:demo is:read',
        'is:archived',
        'is:snoozed',
        someone.company ?? 'acme',
        'quokkazebra', // in a note on a person only
        'note:quokkazebra',
      ];
      await core.saveNote(inbox[3]!.id, 'Met her at a quokkazebra meetup');
      await core.archive(inbox[2]!.id);
      await core.updateSettings({ savedSplits: queries.map((query, i) => ({ id: `q${i}`, name: `Q${i}`, query })) });
      const counts = await core.viewCounts();
      let nonZero = 0;
      for (const [i, query] of queries.entries()) {
        const page = await core.listConversations({ view: `search:q${i}`, limit: 500 });
        expect(counts[`search:q${i}`], query).toBe(page.items.length);
        expect(page.total, query).toBe(page.items.length);
        if (page.items.length > 0) nonZero++;
      }
      expect(nonZero).toBeGreaterThan(8); // the queries find things, so the comparison means something
    } finally {
      await core.close();
      tmp.cleanup();
    }
  });
});
