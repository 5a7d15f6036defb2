import { describe, expect, it } from 'vitest';
import { cleanupAfterEach } from '../support/cleanups';
import { createCore, MemorySecretStore, type InboxCore } from '../../src/main/core';
import { VirtualClock } from '../support/clock';
import { offlineDispatcher, tempDataDir } from '../support/core';

const START = Date.UTC(2026, 10, 21, 9); // a Saturday, 09:00 UTC
const DAY = 86_400_000;
/** A ceiling, not a wait, for tests that step the clock through weeks (30 s was too little at load 15). */
const HEAVY_TIMEOUT_MS = 180_000;

interface Shown {
  title: string;
  body: string;
  conversationId?: string;
  at: number;
}

const defer = cleanupAfterEach();

/** A demo core on a virtual clock, with a notifier that records what a person would see. */
async function demo(clock = new VirtualClock(START), dir?: string) {
  const data = dir ? { dir, cleanup: () => {} } : tempDataDir();
  const shown: Shown[] = [];
  const core = await createCore({
    dataDir: data.dir,
    secrets: new MemorySecretStore(),
    dispatcher: offlineDispatcher(),
    seedDemo: true,
    clock,
    notifier: { notify: (n) => shown.push({ ...n, at: clock.now() }) },
    pollIntervalMs: 365 * DAY, // keep the demo account's polling out of the way
  });
  defer(() => core.close(), data.cleanup);
  return { core, clock, shown, dir: data.dir };
}

async function inboxIds(core: InboxCore, n = 1000) {
  return (await core.listConversations({ view: 'inbox', limit: n })).items.map((c) => c.id);
}

describe('snooze', () => {
  it('reads natural-language times and refuses past or unreadable ones with a sentence', async () => {
    const { core } = await demo();
    const tomorrow = await core.parseSnoozeTime('tomorrow 9am');
    expect(new Date(tomorrow.until).getDate()).toBe(new Date(START + DAY).getDate());
    expect(new Date(tomorrow.until).getHours()).toBe(9);
    expect((await core.parseSnoozeTime('in 3 days')).until).toBe(START + 3 * DAY);
    const monday = new Date((await core.parseSnoozeTime('mon 14:00')).until);
    expect([monday.getDay(), monday.getHours(), monday.getMinutes()]).toEqual([1, 14, 0]);
    expect(monday.getTime()).toBeGreaterThan(START);
    await expect(core.parseSnoozeTime('whenever')).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringMatching(/not a time/) });
    await expect(core.parseSnoozeTime('yesterday')).rejects.toMatchObject({ code: 'invalid-input', message: 'That time has already passed — pick one in the future.' });
    const [id] = await inboxIds(core, 1);
    await expect(core.snooze(id!, { until: START - 1 })).rejects.toMatchObject({ code: 'invalid-input' });
  });

  it('hides a conversation until its time, then brings it back on top as a reminder with its note and one notification', async () => {
    const { core, clock, shown } = await demo();
    core.start();
    const ids = await inboxIds(core);
    const target = ids[30]!;
    await core.snooze(target, { until: START + 2 * 3_600_000, note: 'Ask about the Q3 budget' });
    expect(await inboxIds(core)).not.toContain(target);
    expect((await core.listConversations({ view: 'snoozed' })).items.map((c) => c.id)).toEqual([target]);

    clock.advance(2 * 3_600_000 - 1);
    expect(shown).toEqual([]);
    clock.advance(1);
    const top = (await core.listConversations({ view: 'inbox', limit: 1 })).items[0]!;
    expect(top).toMatchObject({ id: target, snoozedUntil: null, reminder: { at: START + 2 * 3_600_000, note: 'Ask about the Q3 budget' } });
    expect(shown).toEqual([{ title: `Reminder: ${top.participant.name}`, body: 'Ask about the Q3 budget', conversationId: target, at: START + 2 * 3_600_000 }]);
    // Archiving deals with the reminder.
    await core.archive(target);
    await core.unarchive(target);
    expect((await core.listConversations({ view: 'inbox', limit: 1000 })).items.find((c) => c.id === target)!.reminder).toBeNull();
  });

  it('fires a snooze 40 days ahead once and on time, with never more than one short timer armed', async () => {
    const { core, clock, shown } = await demo();
    core.start();
    const [id] = await inboxIds(core, 1);
    await core.snooze(id!, { until: START + 40 * DAY });
    for (let day = 0; day < 40; day++) {
      clock.advance(DAY - (day === 39 ? 1 : 0));
      expect(clock.pendingCount).toBeLessThanOrEqual(2); // the snooze check, and the demo account's poll
    }
    expect(shown).toEqual([]);
    clock.advance(1);
    expect(shown.map((s) => s.at)).toEqual([START + 40 * DAY]);
    clock.advance(3 * DAY);
    expect(shown).toHaveLength(1);
  }, HEAVY_TIMEOUT_MS);

  it('fires on resume a snooze that came due while the computer slept', async () => {
    const { core, clock, shown } = await demo();
    core.start();
    const [id] = await inboxIds(core, 1);
    await core.snooze(id!, { until: START + 3_600_000 });
    clock.jump(8 * 3_600_000); // asleep all night: no timer runs
    expect(shown).toEqual([]);
    core.wake();
    expect(shown).toHaveLength(1);
    expect(shown[0]!.conversationId).toBe(id);
    expect(shown[0]!.at).toBe(START + 8 * 3_600_000);
  });

  it('fires 1,000 snoozes in order with a single timer armed', async () => {
    const clock = new VirtualClock(START);
    const { core, shown } = await demo(clock);
    const ids = (await core.listConversations({ view: 'all', limit: 1000 })).items.map((c) => c.id);
    // 1,000 snoozes over 240 conversations would overwrite each other: snooze, fire, snooze again in rounds.
    const order: string[] = [];
    core.start();
    for (let round = 0; round < 5; round++) {
      const batch = ids.slice(0, 200);
      // Due times in a shuffled order of conversations, one minute apart.
      const shuffled = [...batch].sort((a, b) => ((a.charCodeAt(5) * 31 + round) % 7) - ((b.charCodeAt(5) * 31 + round) % 7) || a.localeCompare(b));
      const base = clock.now();
      for (const [i, cid] of shuffled.entries()) await core.snooze(cid, { until: base + (i + 1) * 60_000 });
      expect(clock.pendingCount).toBeLessThanOrEqual(2); // one snooze timer (plus the demo poll)
      order.push(...shuffled);
      clock.advance(201 * 60_000);
    }
    expect(shown).toHaveLength(1000);
    expect(shown.map((s) => s.conversationId)).toEqual(order);
    expect(shown.map((s) => s.at)).toEqual([...shown.map((s) => s.at)].sort((a, b) => a - b));
  }, HEAVY_TIMEOUT_MS);

  it('brings back, grouped in one notification, the snoozes that came due while the app was closed', async () => {
    const clock = new VirtualClock(START);
    const first = await demo(clock);
    const ids = await inboxIds(first.core);
    for (const [i, id] of ids.slice(0, 3).entries()) await first.core.snooze(id, { until: START + (i + 1) * 3_600_000 });
    await first.core.close();
    clock.jump(DAY);
    const again = await demo(clock, first.dir);
    expect(again.shown).toEqual([]);
    again.core.start();
    expect(again.shown).toHaveLength(1);
    expect(again.shown[0]!.title).toBe('3 snoozed conversations are back');
    expect((await inboxIds(again.core, 3)).sort()).toEqual(ids.slice(0, 3).sort());
  });

  it('ends a snooze early when they reply, if asked to', async () => {
    const { reactInWorld, localId } = await import('../support/reactin-core');
    const world = await reactInWorld({ conversations: 3 });
    defer(() => world.dispose());
    await world.core.syncNow(world.accountId);
    const [a, b] = world.sim.conversations;
    const far = Date.now() + 30 * DAY;
    await world.core.snooze(localId(world, a!.id), { until: far, cancelIfReply: true });
    await world.core.snooze(localId(world, b!.id), { until: far });
    world.sim.addInboundMessage(a!.id, 'Any news?', Date.now() + 1000);
    world.sim.addInboundMessage(b!.id, 'Ping', Date.now() + 1000);
    await world.core.syncNow(world.accountId);
    const inbox = (await world.core.listConversations({ view: 'inbox' })).items.map((c) => c.id);
    expect(inbox).toContain(localId(world, a!.id));
    expect(inbox).not.toContain(localId(world, b!.id));
  });
});
