import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../support/clock';
import { localId, reactInWorld, type ReactInWorld } from '../support/reactin-core';

let world: ReactInWorld;
afterEach(async () => {
  await world?.dispose();
});

async function thread(w: ReactInWorld, remoteId: string) {
  return (await w.core.openConversation(localId(w, remoteId))).messages;
}

describe('the outbox', () => {
  it('shows a reply as pending, delivers it to the right thread, and sync does not duplicate it', async () => {
    world = await reactInWorld({ conversations: 8 });
    await world.core.syncNow(world.accountId);
    const sc = world.sim.conversations[2]!;
    const id = localId(world, sc.id);

    const msg = await world.core.sendReply(id, 'Does Thursday work?');
    expect(msg).toMatchObject({ status: 'pending', fromMe: true, text: 'Does Thursday work?' });
    expect(world.sim.sent).toEqual([]);
    expect((await world.core.listConversations({ view: 'inbox' })).items[0]).toMatchObject({ id, pendingCount: 1, lastFromMe: true });

    await world.core.deliverOutbox();
    expect(world.sim.sent.map((s) => [s.conversationId, s.content])).toEqual([[sc.id, 'Does Thursday work?']]);
    expect((await thread(world, sc.id)).at(-1)).toMatchObject({ id: msg.id, status: 'sent' });

    await world.core.syncNow(world.accountId);
    expect((await thread(world, sc.id)).filter((m) => m.text === 'Does Thursday work?')).toHaveLength(1);
    expect(world.core.outboxEntries().map((e) => e.status)).toEqual(['done']);
  });

  it('delivers replies in the order they were written', async () => {
    world = await reactInWorld({ conversations: 4 });
    await world.core.syncNow(world.accountId);
    const [a, b] = world.sim.conversations;
    await world.core.sendReply(localId(world, a!.id), 'one');
    await world.core.sendReply(localId(world, b!.id), 'two');
    await world.core.sendReply(localId(world, a!.id), 'three');
    await world.core.deliverOutbox();
    expect(world.sim.sent.map((s) => s.content)).toEqual(['one', 'two', 'three']);
  });

  it('retries a server error after a back-off and delivers exactly once', async () => {
    const clock = new VirtualClock(Date.now());
    world = await reactInWorld({ conversations: 3, clock });
    await world.core.syncNow(world.accountId);
    const sc = world.sim.conversations[0]!;
    await world.core.sendReply(localId(world, sc.id), 'Retry me');

    world.sim.injectFault({ status: 500 });
    await world.core.deliverOutbox();
    expect(world.sim.sent).toEqual([]);
    const [entry] = world.core.outboxEntries();
    expect(entry).toMatchObject({ status: 'pending', attempts: 1 });
    expect(entry!.lastError).toMatch(/ReactIn/);
    expect((await thread(world, sc.id)).at(-1)).toMatchObject({ text: 'Retry me', status: 'pending' });

    await world.core.deliverOutbox(); // not due yet
    expect(world.sim.sent).toEqual([]);

    clock.advance(entry!.nextAttemptAt - clock.now());
    await world.core.deliverOutbox();
    expect(world.sim.sent.map((s) => s.content)).toEqual(['Retry me']);
    expect((await thread(world, sc.id)).at(-1)).toMatchObject({ text: 'Retry me', status: 'sent' });
  });

  it('does not resend a reply that reached ReactIn before the answer was lost', async () => {
    const clock = new VirtualClock(Date.now());
    world = await reactInWorld({ conversations: 3, clock });
    await world.core.syncNow(world.accountId);
    const sc = world.sim.conversations[1]!;
    await world.core.sendReply(localId(world, sc.id), 'Exactly once');
    await world.core.deliverOutbox();
    expect(world.sim.sent).toHaveLength(1);
    // Make the core believe the answer never came: the entry is back in flight, as after a crash.
    await world.core.close();
    const { DatabaseSync } = await import('node:sqlite');
    const db = new DatabaseSync(`${world.dataDir}/inbox.sqlite`);
    db.exec("UPDATE outbox SET status = 'inflight'; UPDATE messages SET status = 'pending', remote_id = NULL WHERE text = 'Exactly once'");
    db.close();

    await world.reopen();
    await world.core.deliverOutbox();
    expect(world.sim.sent).toHaveLength(1);
    expect((await thread(world, sc.id)).filter((m) => m.text === 'Exactly once')).toEqual([expect.objectContaining({ status: 'sent' })]);
  });

  it('stops at a permanent error and shows why on the message', async () => {
    world = await reactInWorld({ conversations: 3 });
    await world.core.syncNow(world.accountId);
    const sc = world.sim.conversations[0]!;
    const id = localId(world, sc.id);
    await world.core.sendReply(id, 'Will not go');
    world.sim.setDisconnected(sc.id, true);
    await world.core.deliverOutbox();

    expect(world.sim.sent).toEqual([]);
    const failed = (await thread(world, sc.id)).at(-1)!;
    expect(failed).toMatchObject({ text: 'Will not go', status: 'failed' });
    expect(failed.error).toBe("The LinkedIn account behind 'Sales seat' is disconnected in ReactIn — reconnect it in ReactIn, then try again.");
    expect((await world.core.listConversations({ view: 'inbox' })).items.find((c) => c.id === id)).toMatchObject({ failedCount: 1 });

    // After the next sync the app knows, and the composer says so instead of accepting more.
    await world.core.syncNow(world.accountId);
    const t = await world.core.openConversation(id);
    expect(t.composer.enabled).toBe(false);
    expect(t.composer.reason).toMatch(/disconnected/);
    await expect(world.core.sendReply(id, 'again')).rejects.toMatchObject({ code: 'disconnected' });
  });

  it('keeps a queued reply across a restart and delivers it afterwards', async () => {
    world = await reactInWorld({ conversations: 3 });
    await world.core.syncNow(world.accountId);
    const sc = world.sim.conversations[2]!;
    await world.core.sendReply(localId(world, sc.id), 'Survives restarts');
    await world.core.close();

    await world.reopen();
    expect((await thread(world, sc.id)).at(-1)).toMatchObject({ text: 'Survives restarts', status: 'pending' });
    await world.core.deliverOutbox();
    expect(world.sim.sent.map((s) => s.content)).toEqual(['Survives restarts']);
  });

  it('refuses an empty or too-long reply with a sentence, and queues nothing', async () => {
    world = await reactInWorld({ conversations: 2 });
    await world.core.syncNow(world.accountId);
    const id = localId(world, world.sim.conversations[0]!.id);
    await expect(world.core.sendReply(id, '   ')).rejects.toMatchObject({ code: 'invalid-input', message: 'Write something before sending.' });
    await expect(world.core.sendReply(id, 'x'.repeat(10_001))).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringMatching(/10,000/) });
    await world.core.sendReply(id, 'x'.repeat(10_000));
    await world.core.deliverOutbox();
    expect(world.sim.sent.map((s) => s.content.length)).toEqual([10_000]);
  });
});
