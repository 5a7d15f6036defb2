/**
 * Every action that queues something for the provider asks for delivery the same way (the outbox
 * runner's kick): nothing goes before the app has started, everything goes by itself after. A
 * second copy of that rule, behaving differently in one action, fails here.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { InboxCore } from '../../src/main/core';
import { localId, reactInWorld, type ReactInWorld } from '../support/reactin-core';

let world: ReactInWorld | undefined;
afterEach(async () => {
  await world?.dispose();
  world = undefined;
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

describe('asking for delivery', () => {
  it('waits for start: a reply written or retried before it stays queued; once running, sending and retrying deliver by themselves', async () => {
    world = await reactInWorld({ conversations: 3 });
    const w = world;
    await w.core.syncNow(w.accountId);
    const [a, b] = w.sim.conversations;
    const entryOf = (messageId: string) => w.core.outboxEntries().find((e) => e.payload.kind === 'send' && e.payload.messageId === messageId);

    // Not started: a reply is queued, not sent (a delivery pass would have put it in flight at once).
    const early = await w.core.sendReply(localId(w, a!.id), 'written before start');
    expect(entryOf(early.id)).toMatchObject({ status: 'pending', attempts: 0 });

    // A permanent failure, then a retry, still before start: queued again, not sent.
    w.sim.setDisconnected(b!.id, true);
    const failed = await w.core.sendReply(localId(w, b!.id), 'after reconnecting');
    await w.core.deliverOutbox();
    expect(entryOf(failed.id)).toMatchObject({ status: 'failed' });
    expect(w.sim.sent.map((s) => s.content)).toEqual(['written before start']);
    w.sim.setDisconnected(b!.id, false);
    await w.core.retrySend(failed.id);
    expect(entryOf(failed.id)).toMatchObject({ status: 'pending' });
    expect(w.sim.sent.map((s) => s.content)).toEqual(['written before start']);

    // Started: what waits goes, and a new reply goes by itself (nobody calls deliverOutbox).
    w.core.start();
    await whenChanged(w.core, () => w.sim.sent.length === 2);
    const late = await w.core.sendReply(localId(w, a!.id), 'written while running');
    await whenChanged(w.core, () => entryOf(late.id)?.status === 'done');

    // Running: a failed reply retried goes by itself too.
    w.sim.setDisconnected(a!.id, true);
    const again = await w.core.sendReply(localId(w, a!.id), 'retried while running');
    await whenChanged(w.core, () => entryOf(again.id)?.status === 'failed');
    w.sim.setDisconnected(a!.id, false);
    await w.core.retrySend(again.id);
    await whenChanged(w.core, () => entryOf(again.id)?.status === 'done');
    expect(w.sim.sent.map((s) => s.content)).toEqual(['written before start', 'after reconnecting', 'written while running', 'retried while running']);
  });
});
