import { afterEach, describe, expect, it } from 'vitest';
import { startReactInSimulator, type ReactInSim } from '../simulators/reactin';
import { VirtualClock } from '../support/clock';
import { localId, reactInWorld, type ReactInWorld } from '../support/reactin-core';

let world: ReactInWorld | undefined;
const extraSims: ReactInSim[] = [];
afterEach(async () => {
  await world?.dispose();
  world = undefined;
  for (const s of extraSims.splice(0)) await s.close();
});

/** Lets real I/O (loopback HTTP) run until `check` holds. */
async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`timed out waiting for: ${what}`);
}

const MINUTE = 60_000;

async function twoAccounts() {
  const clock = new VirtualClock(Date.UTC(2026, 10, 21, 9));
  world = await reactInWorld({ conversations: 5, clock });
  const second = await startReactInSimulator({ apiKey: 'rk_other', organizationId: 'org_other', conversations: 5, getPerMinute: 1000 });
  extraSims.push(second);
  const other = await world.core.addAccount({ provider: 'reactin', name: 'Recruiting', apiKey: 'rk_other', config: { organizationId: 'org_other', baseUrl: second.baseUrl } });
  return { clock, w: world, second, otherId: other.id };
}

const statusOf = async (w: ReactInWorld, id: string) => (await w.core.listAccounts()).find((a) => a.id === id)!.status;

describe('sync scheduling', () => {
  it('polls each account on its own clock; a rejected key waits for the person, the other keeps polling', async () => {
    const { clock, w, second, otherId } = await twoAccounts();
    w.sim.revokeKey();
    w.core.start();
    await until(async () => (await statusOf(w, w.accountId)).state === 'key-rejected' && (await statusOf(w, otherId)).state === 'ok', 'first round');
    const firstA = w.sim.requests.length;
    const firstB = second.requests.length;

    for (let i = 0; i < 3; i++) {
      clock.advance(2 * MINUTE);
      // Wait for the poll to finish, not just to start: its next turn is set when it settles.
      await until(async () => (await statusOf(w, otherId)).lastSyncedAt === clock.now(), `poll ${i + 1} of the healthy account`);
    }
    expect(second.requests.length).toBe(firstB + 3); // one list page per poll, nothing changed
    expect(w.sim.requests.length).toBe(firstA); // no retry of a rejected key before the person acts
    expect((await statusOf(w, w.accountId)).message).toBe("ReactIn rejected the API key for 'Sales seat' — update it in Settings.");
  });

  it('backs off after errors, doubling, and syncs at once on wake when stale', async () => {
    const { clock, w } = await twoAccounts();
    w.sim.injectFault({ reset: true }, 3); // three attempts meet a cut connection
    w.core.start();
    await until(async () => (await statusOf(w, w.accountId)).state === 'offline', 'offline');
    const at = (n: number) => w.sim.requests.length >= n;
    const base = w.sim.requests.length;
    const failedAt = clock.now();
    // The earliest timer armed is the retry, 30 s on (the other account's next poll is 2 minutes away).
    expect(clock.nextDueAt).toBe(failedAt + 30_000);
    clock.advance(30_000);
    await until(() => at(base + 1), 'second attempt after 30 s');
    await until(async () => (await statusOf(w, w.accountId)).state === 'offline', 'still offline');
    expect(w.sim.requests.length).toBe(base + 1);
    expect(clock.nextDueAt).toBe(clock.now() + 60_000); // the next wait is 60 s
    clock.advance(60_000);
    await until(() => at(base + 2), 'third attempt after 60 s');
    await until(async () => (await statusOf(w, w.accountId)).state === 'offline', 'offline again');

    // The window gets focus: the stale account syncs now, not in two minutes.
    clock.advance(31_000);
    w.core.wake();
    await until(async () => (await statusOf(w, w.accountId)).state === 'ok', 'synced on wake');
  });
});

describe('offline', () => {
  it('queues replies while the provider is unreachable and delivers them in order once it answers', async () => {
    const clock = new VirtualClock(Date.UTC(2026, 10, 21, 9));
    world = await reactInWorld({ conversations: 4, clock });
    await world.core.syncNow(world.accountId);
    const [a, b] = world.sim.conversations;
    world.sim.injectFault({ reset: true }, 4); // the network is down for the next 4 requests
    world.core.start();
    await world.core.sendReply(localId(world, a!.id), 'first');
    await world.core.sendReply(localId(world, b!.id), 'second');
    await until(() => world!.core.outboxEntries()[0]!.attempts >= 1 && world!.core.outboxEntries()[0]!.status === 'pending', 'first attempt failed');
    expect(world.core.outboxEntries()[1]).toMatchObject({ status: 'pending', attempts: 0 }); // waits behind the first, in order
    expect(world.sim.sent).toEqual([]);
    const entry = world.core.outboxEntries()[0]!;
    expect(entry.lastError).toMatch(/ReactIn/);
    expect(entry.nextAttemptAt).toBeGreaterThan(clock.now()); // backing off

    // The network is back: the next sync succeeds and the queue drains at once, in order.
    await until(async () => {
      await world!.core.syncNow(world!.accountId).catch(() => undefined);
      return (await statusOf(world!, world!.accountId)).state === 'ok';
    }, 'sync succeeds');
    await until(() => world!.sim.sent.length === 2, 'queue drained');
    expect(world.sim.sent.map((s) => s.content)).toEqual(['first', 'second']);
  });

  it('starts from the cache with no network: reading and triage work, replies wait visibly', async () => {
    world = await reactInWorld({ conversations: 6 });
    await world.core.syncNow(world.accountId);
    const sc = world.sim.conversations[0]!;
    await world.core.close();
    await world.sim.close(); // the provider is gone
    const core = await world.reopen();
    const inbox = await core.listConversations({ view: 'inbox' });
    expect(inbox.total).toBe(6);
    const id = localId(world, sc.id);
    expect((await core.openConversation(id)).messages.length).toBe(sc.messages.length);
    await core.archive(id);
    const msg = await core.sendReply(localId(world, world.sim.conversations[1]!.id), 'when back online');
    await core.deliverOutbox();
    const row = (await core.listConversations({ view: 'inbox' })).items.find((c) => c.id === msg.conversationId)!;
    expect(row.pendingCount).toBe(1);
    expect((await core.listConversations({ view: 'archived' })).items.map((c) => c.id)).toEqual([id]);
  });
});

describe('undelivered replies', () => {
  it('can be retried after a permanent error, or discarded so they are never sent', async () => {
    world = await reactInWorld({ conversations: 3 });
    await world.core.syncNow(world.accountId);
    const [a, b] = world.sim.conversations;
    world.sim.setDisconnected(a!.id, true);
    const failed = await world.core.sendReply(localId(world, a!.id), 'after reconnecting');
    await world.core.deliverOutbox();
    expect((await world.core.openConversation(localId(world, a!.id))).messages.at(-1)).toMatchObject({ id: failed.id, status: 'failed' });

    world.sim.setDisconnected(a!.id, false);
    await world.core.retrySend(failed.id);
    await world.core.deliverOutbox();
    expect(world.sim.sent.map((s) => s.content)).toEqual(['after reconnecting']);

    const queued = await world.core.sendReply(localId(world, b!.id), 'never mind');
    await world.core.discardSend(queued.id);
    await world.core.deliverOutbox();
    expect(world.sim.sent.map((s) => s.content)).toEqual(['after reconnecting']);
    expect((await world.core.openConversation(localId(world, b!.id))).messages.map((m) => m.text)).not.toContain('never mind');
    await expect(world.core.discardSend(failed.id)).rejects.toMatchObject({ code: 'not-found' });
  });
});

describe('inbound messages', () => {
  it('raise one event per sync with what the other people wrote, never for my own or a first sync', async () => {
    world = await reactInWorld({ conversations: 5 });
    const seen: { text: string; senderName: string }[][] = [];
    world.core.onInbound((ms) => seen.push(ms.map((m) => ({ text: m.text, senderName: m.senderName }))));
    await world.core.syncNow(world.accountId);
    expect(seen).toEqual([]); // the history is not news

    const [a, b] = world.sim.conversations;
    world.sim.addInboundMessage(a!.id, 'Hi there');
    world.sim.addInboundMessage(b!.id, 'Quick question');
    world.sim.addOwnMessage(b!.id, 'Sent from my phone');
    await world.core.syncNow(world.accountId);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.map((m) => m.text).sort()).toEqual(['Hi there', 'Quick question']);
    expect(seen[0]!.find((m) => m.text === 'Hi there')!.senderName).toBe(a!.participants[0]!.name);
  });
});

describe('the polling interval setting', () => {
  it('is kept across restarts and applies at once', async () => {
    const { MemorySettingsStore } = await import('../../src/main/core');
    const settings = new MemorySettingsStore();
    const clock = new VirtualClock(Date.UTC(2026, 10, 21, 9));
    world = await reactInWorld({ conversations: 3, clock });
    await world.core.close();
    const { createCore, MemorySecretStore } = await import('../../src/main/core');
    const secrets = new MemorySecretStore();
    await secrets.set(world.accountId, 'rk_test_5f1e');
    const open = () => createCore({ allowLoopbackBaseUrls: true, dataDir: world!.dataDir, secrets, dispatcher: world!.dispatcher, clock, settings });
    let core = await open();
    world.core = core;
    expect(await core.getSettings()).toMatchObject({ pollIntervalMinutes: 2, undoSendSeconds: 5, sendReadReceipts: false });
    await expect(core.updateSettings({ pollIntervalMinutes: 7 })).rejects.toMatchObject({ code: 'invalid-input' });

    core.start();
    await until(async () => (await statusOf(world!, world!.accountId)).state === 'ok', 'first sync');
    const base = world.sim.requests.length;
    await core.updateSettings({ pollIntervalMinutes: 1 });
    clock.advance(MINUTE);
    await until(() => world!.sim.requests.length === base + 1, 'polled after one minute');

    await core.close();
    core = await open();
    world.core = core;
    expect(await core.getSettings()).toMatchObject({ pollIntervalMinutes: 1 });
  });
});
