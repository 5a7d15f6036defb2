import { afterEach, describe, expect, it } from 'vitest';
import type { ChangeEvent } from '../../src/shared/domain';
import { fourProviders, type FourProviders } from '../support/four-providers';
import { localId, reactInWorld, type ReactInWorld } from '../support/reactin-core';

let world: ReactInWorld | undefined;
let four: FourProviders | undefined;
afterEach(async () => {
  await world?.dispose();
  await four?.dispose();
  world = undefined;
  four = undefined;
});

const ids = async (w: ReactInWorld, view: 'inbox' | 'archived' | 'snoozed' | 'unread') =>
  (await w.core.listConversations({ view, limit: 1000 })).items.map((c) => c.id).sort();

describe('bulk triage', () => {
  it('a change that is saved is not reported refused when the counts cannot be read after it', async () => {
    world = await reactInWorld({ conversations: 2 });
    await world.core.syncNow(world.accountId);
    const [a] = world.sim.conversations.map((c) => localId(world!, c.id));
    // The counts the change event carries are read after the archive is saved; make that read fail.
    const store = (world.core as unknown as { parts: { conversations: { counts: () => unknown } } }).parts.conversations;
    const counts = store.counts;
    let countsRead = 0;
    store.counts = () => {
      countsRead++;
      throw new Error('disk I/O error');
    };
    const events: ChangeEvent[] = [];
    world.core.onChanged((e) => events.push(e));
    await expect(world.core.archive(a!)).resolves.toEqual({ notice: null });
    store.counts = counts;
    expect(countsRead).toBe(1); // the failing read was reached
    // The window hears of the change (without counts: it asks for them itself) and the archive stands.
    expect(events).toEqual([{ conversations: [a] }]);
    expect(await ids(world, 'archived')).toEqual([a]);
  });

  it('archives many conversations with one change event and one undo step, skipping those already archived', async () => {
    world = await reactInWorld({ conversations: 6 });
    await world.core.syncNow(world.accountId);
    const all = world.sim.conversations.map((c) => localId(world!, c.id));
    const [a, b, c, d] = all;
    await world.core.archive(a!); // archived earlier, on its own
    const events: ChangeEvent[] = [];
    world.core.onChanged((e) => events.push(e));

    expect(await world.core.bulk([a!, b!, c!, d!], { kind: 'archive' })).toEqual({ notice: null });
    // The event carries the counts after the change, so the window reads only the list again.
    expect(events).toEqual([{ conversations: [a, b, c, d], counts: await world.core.viewCounts() }]);
    expect(events[0]!.counts!.archived).toBe(4);
    expect(await ids(world, 'archived')).toEqual([a, b, c, d].sort());
    expect(await ids(world, 'inbox')).toHaveLength(2);

    // One `z` brings back the three this action archived; the one archived before stays archived.
    expect(await world.core.undo()).toEqual({ description: 'Archive of 3 conversations undone' });
    expect(await ids(world, 'archived')).toEqual([a]);
    expect(await world.core.undo()).toEqual({ description: 'Archive undone' });
    expect(await ids(world, 'inbox')).toEqual([...all].sort());
    expect(await world.core.undo()).toBeNull();
  });

  it('refuses the whole batch when one id is unknown, changing nothing', async () => {
    world = await reactInWorld({ conversations: 3 });
    await world.core.syncNow(world.accountId);
    const [a, b] = world.sim.conversations.map((c) => localId(world!, c.id));
    await expect(world.core.bulk([a!, 'no-such-conversation', b!], { kind: 'archive', mode: 'forever' })).rejects.toMatchObject({
      code: 'not-found',
      message: 'One of the selected conversations is no longer in the cache, so nothing was changed.',
    });
    expect(await ids(world, 'archived')).toEqual([]);
    expect(await world.core.undo()).toBeNull();
    await expect(world.core.bulk([a!], { kind: 'snooze', request: { until: Date.UTC(2020, 0, 1) } })).rejects.toMatchObject({ code: 'invalid-input' });
    expect(await ids(world, 'snoozed')).toEqual([]);
  });

  it('marks read and unread, snoozes and unsnoozes in bulk, each undone with one step', async () => {
    world = await reactInWorld({ conversations: 5 });
    await world.core.syncNow(world.accountId);
    const all = world.sim.conversations.map((c) => localId(world!, c.id));
    const [a, b, c] = all;
    const readBefore = await ids(world, 'unread');

    await world.core.bulk(all, { kind: 'markRead' });
    expect(await ids(world, 'unread')).toEqual([]);
    await world.core.bulk([a!, b!], { kind: 'markUnread' });
    expect(await ids(world, 'unread')).toEqual([a, b].sort());
    expect(await world.core.undo()).toEqual({ description: 'Mark as unread of 2 conversations undone' });
    expect(await ids(world, 'unread')).toEqual([]);
    expect((await world.core.undo())?.description).toMatch(/^Mark as read (of \d conversations )?undone$/);
    expect(await ids(world, 'unread')).toEqual(readBefore);

    const until = Date.now() + 86_400_000;
    await world.core.bulk([a!, b!, c!], { kind: 'snooze', request: { until, note: 'after the offsite' } });
    expect(await ids(world, 'snoozed')).toEqual([a, b, c].sort());
    const row = (await world.core.listConversations({ view: 'snoozed' })).items.find((x) => x.id === a)!;
    expect(row).toMatchObject({ snoozedUntil: until, snoozeNote: 'after the offsite' });
    await world.core.bulk([a!, b!], { kind: 'unsnooze' });
    expect(await ids(world, 'snoozed')).toEqual([c]);
    expect(await world.core.undo()).toEqual({ description: 'Unsnooze of 2 conversations undone' });
    expect(await ids(world, 'snoozed')).toEqual([a, b, c].sort());
    expect(await world.core.undo()).toEqual({ description: 'Snooze of 3 conversations undone' });
    expect(await ids(world, 'snoozed')).toEqual([]);
  });

  it('changing nothing records no undo step', async () => {
    world = await reactInWorld({ conversations: 2 });
    await world.core.syncNow(world.accountId);
    const all = world.sim.conversations.map((c) => localId(world!, c.id));
    await world.core.bulk(all, { kind: 'unarchive' }); // none is archived
    await world.core.bulk(all, { kind: 'unsnooze' }); // none is snoozed
    expect(await world.core.undo()).toBeNull();
  });

  it('queues one Crispy mirror per conversation; undo cancels those not yet sent and reverses those sent', async () => {
    four = await fourProviders({ conversations: 3 });
    await four.core.syncNow();
    const [c1, c2] = four.remoteIds('crispy');
    const crispy = [c1!, c2!].map((chat) => four!.core.conversationIdFor(four!.accounts.crispy, chat)!);
    const reactin = four.core.conversationIdFor(four.accounts.reactin, four.remoteIds('reactin')[0]!)!;
    const before = four.core.outboxEntries().length;

    await four.core.bulk([...crispy, reactin], { kind: 'archive' });
    const queued = four.core.outboxEntries().slice(before);
    expect(queued.map((e) => [e.conversationId, e.payload])).toEqual([
      [crispy[0], { kind: 'mirror', remoteConversationId: c1, action: { type: 'smart-archive' } }],
      [crispy[1], { kind: 'mirror', remoteConversationId: c2, action: { type: 'smart-archive' } }],
    ]);
    expect(await four.core.undo()).toEqual({ description: 'Archive of 3 conversations undone' });
    expect(four.core.outboxEntries()).toHaveLength(before);
    await four.core.deliverOutbox();
    expect(four.sims.crispy.organize).toEqual([]);

    await four.core.bulk([...crispy, reactin], { kind: 'archive', mode: 'forever' });
    await four.core.deliverOutbox();
    expect(await four.core.undo()).toEqual({ description: 'Archive for good of 3 conversations undone' });
    await four.core.deliverOutbox();
    expect(four.sims.crispy.organize.map((o) => [o.chatId, o.action])).toEqual([
      [c1, 'archive'],
      [c2, 'archive'],
      [c2, 'unarchive'], // undone newest first
      [c1, 'unarchive'],
    ]);
  });

  it('a bulk smart archive leaves a conversation archived for good as it is, on the provider too', async () => {
    four = await fourProviders({ conversations: 3 });
    await four.core.syncNow();
    const [c1, c2] = four.remoteIds('crispy');
    const [a, b] = [c1!, c2!].map((chat) => four!.core.conversationIdFor(four!.accounts.crispy, chat)!);
    await four.core.archive(a!, 'forever');
    const before = four.core.outboxEntries().length;

    await four.core.bulk([a!, b!], { kind: 'archive' });
    const archived = (await four.core.listConversations({ view: 'archived', limit: 1000 })).items;
    expect(archived.find((c) => c.id === a)?.archived).toBe('forever');
    expect(archived.find((c) => c.id === b)?.archived).toBe('smart');
    expect(four.core.outboxEntries().slice(before).map((e) => e.conversationId)).toEqual([b]);
    expect(await four.core.undo()).toEqual({ description: 'Archive undone' });
    expect((await four.core.listConversations({ view: 'archived', limit: 1000 })).items.map((c) => [c.id, c.archived])).toEqual([[a, 'forever']]);
  });

  it('says once, not per conversation, that the Crispy daily limit keeps the change local', async () => {
    four = await fourProviders({ conversations: 3 });
    await four.core.syncNow();
    const sim = four.sims.crispy;
    const [c1, c2, c3] = four.remoteIds('crispy');
    // Another app on the same account has used all of today's organize actions but one.
    for (let i = 0; i < 199; i++) {
      await fetch(`${sim.baseUrl}/inbox/conversations/${c3}/organize`, { method: 'POST', headers: { authorization: 'Bearer crispy_four', 'content-type': 'application/json' }, body: JSON.stringify({ action: 'label', label: `x${i}` }) });
    }
    const id = (chat: string) => four!.core.conversationIdFor(four!.accounts.crispy, chat)!;
    await four.core.archive(id(c1!));
    await four.core.deliverOutbox(); // the last one; Crispy now says none remain

    const result = await four.core.bulk([id(c2!), id(c3!)], { kind: 'snooze', request: { until: Date.now() + 86_400_000 } });
    expect(result.notice).toBe("Crispy's daily limit for 'Crispy seat' is used up, so this stays in this app only.");
    expect((await four.core.listConversations({ view: 'snoozed' })).total).toBe(2);
  });
});
