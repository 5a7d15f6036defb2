/**
 * Scheduled replies ("send later") on a real cache against the ReactIn and ConnectSafely
 * simulators, with a virtual clock: a reply waits for its time without holding up the replies
 * written after it, goes once when due (by itself when the app runs, at once after a restart or
 * sleep past its time, saying how late), waits for the next day's budget under a daily cap, and
 * can be edited, sent now or cancelled (with undo) until it goes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { InboxCore } from '../../src/main/core';
import { VirtualClock } from '../support/clock';
import { fourProviders, type FourProviders } from '../support/four-providers';
import { localId, reactInWorld, type ReactInWorld } from '../support/reactin-core';

const HOUR = 3_600_000;

let world: ReactInWorld | undefined;
let four: FourProviders | undefined;
afterEach(async () => {
  await world?.dispose();
  await four?.dispose();
  world = undefined;
  four = undefined;
});

/** Resolves once `check` holds, re-checked at every change event the core sends (never on a timer). */
function whenChanged(core: InboxCore, check: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (check()) return resolve();
    const off = core.onChanged(() => {
      if (!check()) return;
      off();
      resolve();
    });
  });
}

/** Every notice the core sends from now on. */
function noticesOf(core: InboxCore): string[] {
  const notices: string[] = [];
  core.onChanged((e) => {
    if (e.notice) notices.push(e.notice);
  });
  return notices;
}

async function synced(opts: { crashOnce?: boolean } = {}) {
  const clock = new VirtualClock(Date.now(), { autoAdvance: true });
  let crash = opts.crashOnce ?? false;
  world = await reactInWorld({
    conversations: 3,
    clock,
    // The app dies after ReactIn stored the reply and before the app recorded it (the transaction rolls back).
    crashPoint: (point) => {
      if (point === 'reply-recorded-not-committed' && crash) {
        crash = false;
        throw new Error('killed between storing and recording');
      }
    },
  });
  await world.core.syncNow(world.accountId);
  const [a, b] = world.sim.conversations;
  return { w: world, clock, a: localId(world, a!.id), b: localId(world, b!.id), remoteA: a!.id };
}

describe('a scheduled reply', () => {
  it('waits for its time without holding up a reply written after it, shows in its thread and in Scheduled, then goes once, on time', async () => {
    const { w, clock, a } = await synced();
    const sendAt = clock.now() + 2 * HOUR;
    const scheduled = await w.core.scheduleReply(a, 'Talk in two hours', sendAt);
    expect(scheduled).toMatchObject({ conversationId: a, text: 'Talk in two hours', sendAt, state: 'waiting', note: null });
    await w.core.sendReply(a, 'Sent right away');
    await w.core.deliverOutbox();
    expect(w.sim.sent.map((s) => s.content)).toEqual(['Sent right away']);
    expect((await w.core.listScheduled()).map((s) => s.text)).toEqual(['Talk in two hours']);
    const inThread = (await w.core.openConversation(a)).messages.find((m) => m.text === 'Talk in two hours');
    expect(inThread).toMatchObject({ status: 'pending', scheduledFor: sendAt });
    // Its row does not say "Sending…" before its time.
    expect((await w.core.listConversations({ view: 'all' })).items.find((c) => c.id === a)).toMatchObject({ pendingCount: 0 });

    clock.jump(2 * HOUR - 60_000);
    await w.core.deliverOutbox();
    expect(w.sim.sent).toHaveLength(1); // a minute early: not yet

    // Running, the app's own due-time timer takes it at its time: nobody calls deliverOutbox.
    const notices = noticesOf(w.core);
    w.core.start();
    await whenChanged(w.core, () => w.sim.sent.length === 2);
    expect(w.sim.sent.map((s) => s.content)).toEqual(['Sent right away', 'Talk in two hours']);
    expect(clock.now()).toBeGreaterThanOrEqual(sendAt);
    expect(await w.core.listScheduled()).toEqual([]);
    expect((await w.core.openConversation(a)).messages.find((m) => m.text === 'Talk in two hours')).toMatchObject({ status: 'sent' });
    expect(notices.filter((n) => /late/.test(n))).toEqual([]);
  });

  it('is found by search with is:scheduled (and left out with -is:scheduled) until it goes', async () => {
    const { w, clock, a, b } = await synced();
    const scheduled = await w.core.scheduleReply(a, 'Found by is:scheduled', clock.now() + HOUR);
    const found = await w.core.search('is:scheduled');
    expect(found.problems).toEqual([]);
    expect(found.hits.map((h) => h.conversation.id)).toEqual([a]);
    expect(found.hits[0]!.conversation).toMatchObject({ scheduledCount: 1 });
    expect((await w.core.search('-is:scheduled')).hits.map((h) => h.conversation.id)).toContain(b);
    expect((await w.core.search('-is:scheduled')).hits.map((h) => h.conversation.id)).not.toContain(a);
    await w.core.sendScheduledNow(scheduled.messageId);
    await w.core.deliverOutbox();
    expect((await w.core.search('is:scheduled')).hits).toEqual([]);
  });

  it('is not taken for the same words sent from the phone before its time, and still goes at its time', async () => {
    const { w, clock, a, remoteA } = await synced();
    const scheduled = await w.core.scheduleReply(a, 'Same words', clock.now() + HOUR);
    w.sim.addOwnMessage(remoteA, 'Same words', clock.now());
    await w.core.syncNow(w.accountId);
    const thread = (await w.core.openConversation(a)).messages.filter((m) => m.text === 'Same words');
    expect(thread).toHaveLength(2);
    expect(thread).toEqual(expect.arrayContaining([expect.objectContaining({ status: 'sent' }), expect.objectContaining({ id: scheduled.messageId, status: 'pending', scheduledFor: scheduled.sendAt })]));
    expect((await w.core.listScheduled()).map((s) => s.messageId)).toEqual([scheduled.messageId]);
    clock.jump(HOUR);
    await w.core.deliverOutbox();
    expect(w.sim.sent.map((s) => s.content)).toEqual(['Same words']);
    expect(await w.core.listScheduled()).toEqual([]);
  });

  it('is refused with a sentence for a time already past, and nothing is queued', async () => {
    const { w, clock, a } = await synced();
    await expect(w.core.scheduleReply(a, 'Too late', clock.now() - 1000)).rejects.toThrow('That time has already passed — pick one in the future.');
    await expect(w.core.scheduleReply(a, '   ', clock.now() + HOUR)).rejects.toThrow('Write something before sending.');
    expect(await w.core.listScheduled()).toEqual([]);
    expect(w.core.outboxEntries()).toEqual([]);
  });

  it('due while the app was closed goes once at the next start, and says how late it went', async () => {
    const { w, clock, a } = await synced();
    await w.core.scheduleReply(a, 'Good morning', clock.now() + HOUR);
    await w.core.close();
    clock.jump(5 * HOUR); // closed (or asleep) past its time
    await w.reopen();
    const notices = noticesOf(w.core);
    w.core.start();
    await whenChanged(w.core, () => w.sim.sent.length === 1);
    await whenChanged(w.core, () => notices.some((n) => /late/.test(n)));
    expect(notices.find((n) => /late/.test(n))).toMatch(/^Your scheduled reply to .+ was sent 4 h( \d+ min)? late/);
    // Another pass and another restart send nothing more.
    await w.core.deliverOutbox();
    await w.core.close();
    await w.reopen();
    await w.core.deliverOutbox();
    expect(w.sim.sent.map((s) => s.content)).toEqual(['Good morning']);
  });

  it('due while the computer slept goes at once on wake, and says how late it went', async () => {
    // A clock that moves only when told: sleep is time passing with no timer running.
    const clock = new VirtualClock(Date.now());
    world = await reactInWorld({ conversations: 2, clock });
    const w = world;
    await w.core.syncNow(w.accountId);
    const a = localId(w, w.sim.conversations[0]!.id);
    w.core.start();
    const notices = noticesOf(w.core);
    await w.core.scheduleReply(a, 'Sent after the lid opens', clock.now() + HOUR);
    await w.core.deliverOutbox();
    expect(w.sim.sent).toEqual([]);
    clock.jump(3 * HOUR); // asleep: no timer ran
    w.core.wake();
    await whenChanged(w.core, () => w.sim.sent.length === 1 && notices.some((n) => /late/.test(n)));
    expect(notices.find((n) => /late/.test(n))).toMatch(/was sent 2 h late/);
    expect(w.sim.sent.map((s) => s.content)).toEqual(['Sent after the lid opens']);
  });

  it('is sent once when the app died after the provider stored it and before the app recorded it', async () => {
    const { w, clock, a } = await synced({ crashOnce: true });
    await w.core.scheduleReply(a, 'Exactly once', clock.now() + HOUR);
    clock.jump(HOUR);
    await w.core.deliverOutbox(); // stored by ReactIn, then the app "dies" before recording it
    expect(w.sim.sent.map((s) => s.content)).toEqual(['Exactly once']);
    await w.core.close();
    clock.jump(HOUR);
    await w.reopen();
    await w.core.deliverOutbox();
    expect(w.sim.sent.map((s) => s.content)).toEqual(['Exactly once']);
    expect(await w.core.listScheduled()).toEqual([]);
    expect((await w.core.openConversation(a)).messages.filter((m) => m.text === 'Exactly once')).toEqual([expect.objectContaining({ status: 'sent' })]);
  });

  it('can be edited (text and time), sent now, or cancelled with undo until it goes', async () => {
    const { w, clock, a, b } = await synced();
    const first = await w.core.scheduleReply(a, 'First draft', clock.now() + 3 * HOUR);
    const second = await w.core.scheduleReply(b, 'Never mind', clock.now() + HOUR);

    const edited = await w.core.editScheduled(first.messageId, { text: 'Second draft', sendAt: clock.now() + 4 * HOUR });
    expect(edited).toMatchObject({ text: 'Second draft', sendAt: clock.now() + 4 * HOUR });
    expect((await w.core.openConversation(a)).messages.map((m) => m.text)).toContain('Second draft');
    await expect(w.core.editScheduled(first.messageId, { sendAt: clock.now() - 1 })).rejects.toThrow('That time has already passed');
    expect((await w.core.listScheduled()).find((s) => s.messageId === first.messageId)).toMatchObject({ text: 'Second draft' });

    await w.core.cancelScheduled(second.messageId);
    expect((await w.core.listScheduled()).map((s) => s.text)).toEqual(['Second draft']);
    expect((await w.core.openConversation(b)).messages.map((m) => m.text)).not.toContain('Never mind');
    expect(await w.core.undo()).toMatchObject({ description: 'Scheduled reply restored' });
    expect((await w.core.listScheduled()).map((s) => s.text)).toEqual(['Never mind', 'Second draft']);
    await w.core.cancelScheduled(second.messageId);
    await w.core.undo(); // the cancel again
    // Then the scheduling itself: the reply goes back into the composer, nothing stays scheduled.
    expect(await w.core.undo()).toMatchObject({ description: 'Scheduled reply removed', draft: { conversationId: b, text: 'Never mind' } });
    expect((await w.core.listScheduled()).map((s) => s.text)).toEqual(['Second draft']);
    expect((await w.core.openConversation(b)).draft).toBe('Never mind');

    await w.core.sendScheduledNow(first.messageId);
    await w.core.deliverOutbox();
    expect(w.sim.sent.map((s) => s.content)).toEqual(['Second draft']);
    await expect(w.core.cancelScheduled(first.messageId)).rejects.toThrow('That scheduled reply was already sent or no longer exists.');

    clock.jump(5 * HOUR);
    await w.core.deliverOutbox();
    expect(w.sim.sent.map((s) => s.content)).toEqual(['Second draft']); // the cancelled one never goes
    expect(await w.core.listScheduled()).toEqual([]);
  });

  it('held back by a daily cap waits for the next day\'s budget, says so, and goes then', async () => {
    four = await fourProviders({ conversations: 2, providerClock: true });
    const cs = four.accounts.connectsafely;
    await four.core.syncNow(cs);
    await four.core.updateAccount(cs, { config: { baseUrl: four.sims.connectsafely.baseUrl, messagesPerDay: '1' } });
    const [x, y] = four.remoteIds('connectsafely').map((r) => four!.core.conversationIdFor(cs, r)!);
    await four.core.sendReply(x!, 'Uses the day');
    await four.core.deliverOutbox();
    const notices = noticesOf(four.core);
    const scheduled = await four.core.scheduleReply(y!, 'After the cap', four.clock.now() + 10 * 60_000);
    four.clock.jump(10 * 60_000);
    await four.core.deliverOutbox();
    expect(four.sent('connectsafely').map(([, t]) => t)).toEqual(['Uses the day']);
    expect(notices.join('\n')).toMatch(/waits for the next day's budget .*ConnectSafely allows 1 messages? a day/);
    const waiting = (await four.core.listScheduled()).find((s) => s.messageId === scheduled.messageId);
    expect(waiting).toMatchObject({ state: 'waiting', note: expect.stringMatching(/ConnectSafely allows 1/) });
    // A sync that works does not wake it before the reset (it would only be refused again, and say so again).
    await four.core.syncNow(cs);
    await four.core.deliverOutbox();
    expect(notices.filter((n) => /next day's budget/.test(n))).toHaveLength(1);
    expect(four.core.outboxEntries().find((e) => e.payload.kind === 'send' && e.payload.messageId === scheduled.messageId)).toMatchObject({ attempts: 0, status: 'pending' });

    const midnight = new Date(four.clock.now());
    four.clock.jump(Date.UTC(midnight.getUTCFullYear(), midnight.getUTCMonth(), midnight.getUTCDate() + 1, 0, 1) - four.clock.now());
    await four.core.deliverOutbox();
    expect(four.sent('connectsafely').map(([, t]) => t)).toEqual(['Uses the day', 'After the cap']);
    expect(await four.core.listScheduled()).toEqual([]);
  });
});
