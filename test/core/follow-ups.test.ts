/**
 * Follow-up reminders ("remind me in 3 days if no reply"): set with a reply or by a label's
 * default, cleared by their reply (a ReactIn simulator) or by the person, brought back on top with
 * one notification when due (surviving a restart), undone with `z`, found by is:followup, exported.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, MemorySecretStore, MemorySettingsStore, type InboxCore } from '../../src/main/core';
import { addLocalDays, followUpDueAt, skipWeekend } from '../../src/main/core/follow-up-rules';
import { DEFAULT_SETTINGS } from '../../src/shared/domain';
import { cleanupAfterEach } from '../support/cleanups';
import { VirtualClock } from '../support/clock';
import { offlineDispatcher, tempDataDir } from '../support/core';
import { localId, reactInWorld, type ReactInWorld } from '../support/reactin-core';

const START = Date.UTC(2026, 10, 20, 9); // a Friday
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface Shown {
  title: string;
  body: string;
  conversationId?: string;
  at: number;
}

const defer = cleanupAfterEach();

/** A demo core on a virtual clock that records every notification a person would see. */
async function demo(opts: { clock?: VirtualClock; dir?: string; settings?: MemorySettingsStore; shown?: Shown[]; chooseExportPath?: (name: string) => Promise<string | null> } = {}) {
  const clock = opts.clock ?? new VirtualClock(START);
  const data = opts.dir ? { dir: opts.dir, cleanup: () => {} } : tempDataDir();
  const shown = opts.shown ?? [];
  const settings = opts.settings ?? new MemorySettingsStore();
  const core = await createCore({
    dataDir: data.dir,
    secrets: new MemorySecretStore(),
    dispatcher: offlineDispatcher(),
    seedDemo: true,
    clock,
    settings,
    notifier: { notify: (n) => shown.push({ ...n, at: clock.now() }) },
    pollIntervalMs: 365 * DAY, // keep the demo account's polling out of the way
    chooseExportPath: opts.chooseExportPath,
  });
  let closed = false;
  const close = async () => {
    if (!closed) await core.close();
    closed = true;
  };
  defer(close, data.cleanup);
  return { core, clock, shown, dir: data.dir, close };
}

async function row(core: InboxCore, id: string) {
  return (await core.listConversations({ view: 'all', limit: 1000 })).items.find((c) => c.id === id)!;
}

async function firstInbox(core: InboxCore, n = 0) {
  return (await core.listConversations({ view: 'inbox', limit: 1000 })).items[n]!.id;
}

describe('follow-up rules', () => {
  it('counts N calendar days at the same local hour, and "weekdays only" moves Saturday and Sunday to Monday', () => {
    const friday = new Date(2026, 10, 20, 9, 30).getTime(); // local Friday 09:30
    const saturday = addLocalDays(friday, 1);
    expect(new Date(saturday).getDay()).toBe(6);
    const monday = skipWeekend(saturday);
    expect([new Date(monday).getDay(), new Date(monday).getHours(), new Date(monday).getMinutes()]).toEqual([1, 9, 30]);
    expect(skipWeekend(addLocalDays(friday, 2))).toBe(monday); // Sunday too
    expect(skipWeekend(addLocalDays(friday, 3))).toBe(addLocalDays(friday, 3)); // Monday stays
    expect(followUpDueAt(friday, { days: 1, weekdaysOnly: true })).toBe(monday);
    expect(followUpDueAt(friday, { days: 1 })).toBe(saturday);
    expect(() => followUpDueAt(friday, { days: 0 })).toThrow(/1 to 365 days/);
    expect(() => followUpDueAt(friday, { at: friday - 1 })).toThrow(/in the future/);
  });
});

describe('follow-up reminders', () => {
  it('sending with "remind me in 3 days" sets it on the conversation, shown in Waiting and found by is:followup', async () => {
    const { core } = await demo();
    const id = await firstInbox(core);
    await core.sendReply(id, 'Did you get a chance to look?', { days: 3 });
    const waiting = (await core.listConversations({ view: 'waiting', limit: 1000 })).items.find((c) => c.id === id);
    expect(waiting?.followUp).toEqual({ dueAt: addLocalDays(START, 3), createdAt: START, weekdaysOnly: false });
    expect((await core.search('is:followup')).hits.map((h) => h.conversation.id)).toEqual([id]);
    expect((await core.search('-is:followup', 500)).hits.map((h) => h.conversation.id)).not.toContain(id);
  });

  it('refuses a bad request with a sentence and sends nothing', async () => {
    const { core } = await demo();
    const id = await firstInbox(core);
    const before = (await core.openConversation(id)).messages.length;
    await expect(core.sendReply(id, 'Hello?', { days: 0 })).rejects.toMatchObject({ code: 'invalid-input', message: 'A follow-up can be 1 to 365 days away.' });
    expect((await core.openConversation(id)).messages).toHaveLength(before);
  });

  it('when due, brings the conversation back on top of the inbox (out of Archived) with one notification saying how long they have been silent', async () => {
    const { core, clock, shown } = await demo();
    core.start();
    const id = await firstInbox(core, 20);
    await core.sendReply(id, 'Any news?', { days: 3 });
    await core.archive(id);
    expect((await core.listConversations({ view: 'inbox', limit: 1000 })).items.map((c) => c.id)).not.toContain(id);

    clock.advance(3 * DAY - 1);
    expect(shown).toEqual([]);
    clock.advance(1);
    const top = (await core.listConversations({ view: 'inbox', limit: 1 })).items[0]!;
    expect(top.id).toBe(id);
    expect(top.followUp).toBeUndefined();
    expect(top.reminder?.note).toBe(`No reply from ${top.participant.name} for 3 days`);
    expect(shown).toEqual([{ title: `No reply from ${top.participant.name} for 3 days`, body: expect.stringMatching(/back on top/), conversationId: id, at: START + 3 * DAY }]);
    clock.advance(5 * DAY);
    expect(shown).toHaveLength(1); // once
  });

  it('fires on resume one that came due while the computer slept, and several due together as one notification', async () => {
    const { core, clock, shown } = await demo();
    core.start();
    const [a, b] = [await firstInbox(core, 8), await firstInbox(core, 9)];
    await core.sendReply(a, 'First nudge', { days: 1 });
    await core.sendReply(b, 'Second nudge', { days: 1 });
    clock.jump(2 * DAY); // asleep: no timer runs
    expect(shown).toEqual([]);
    core.wake();
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({ title: '2 follow-ups are due', body: expect.stringMatching(/^No reply from /), at: START + 2 * DAY });
    const top = (await core.listConversations({ view: 'inbox', limit: 2 })).items.map((c) => c.id);
    expect(new Set(top)).toEqual(new Set([a, b]));
  });

  it('respects do-not-disturb: the conversation comes back, silently', async () => {
    const settings = new MemorySettingsStore();
    settings.save({ ...DEFAULT_SETTINGS, doNotDisturb: true });
    const { core, clock, shown } = await demo({ settings });
    core.start();
    const id = await firstInbox(core, 5);
    await core.sendReply(id, 'Ping', { days: 1 });
    await core.archive(id); // so its coming back shows
    expect(await firstInbox(core)).not.toBe(id);
    clock.advance(DAY);
    expect((await core.listConversations({ view: 'inbox', limit: 1 })).items[0]!.id).toBe(id);
    expect(shown).toEqual([]);
  });

  it('survives a restart: one that came due while the app was closed fires at the next start', async () => {
    const clock = new VirtualClock(START);
    const first = await demo({ clock });
    const id = await firstInbox(first.core, 7);
    await first.core.sendReply(id, 'Following up on my note', { days: 2, weekdaysOnly: true });
    const due = (await row(first.core, id)).followUp!.dueAt;
    expect(new Date(due).getDay()).toBe(1); // Friday + 2 days is Sunday: Monday, same hour
    await first.close();

    clock.jump(4 * DAY); // closed over the weekend and past Monday
    const shown: Shown[] = [];
    const second = await demo({ clock, dir: first.dir, shown });
    expect((await row(second.core, id)).followUp?.dueAt).toBe(due);
    second.core.start();
    expect(shown.map((s) => s.conversationId)).toEqual([id]);
    expect((await second.core.listConversations({ view: 'inbox', limit: 1 })).items[0]!.id).toBe(id);
  });

  it("sets a label's default follow-up on replies in its conversations, unless the person chose none", async () => {
    const { core } = await demo();
    const label = await core.createLabel('Candidates');
    await core.updateLabel(label.id, { followUpDays: 2 });
    expect((await core.listLabels()).find((l) => l.id === label.id)?.followUpDays).toBe(2);
    const [a, b, plain] = [await firstInbox(core, 1), await firstInbox(core, 2), await firstInbox(core, 3)];
    await core.setLabels([a, b], [label.id], []);
    await core.sendReply(a, 'Still interested in the role?');
    await core.sendReply(b, 'Thanks, no reminder for this one', null);
    await core.sendReply(plain, 'No label, no default');
    expect((await row(core, a)).followUp?.dueAt).toBe(addLocalDays(START, 2));
    expect((await row(core, b)).followUp).toBeUndefined();
    expect((await row(core, plain)).followUp).toBeUndefined();
    await expect(core.updateLabel(label.id, { followUpDays: 0 })).rejects.toMatchObject({ code: 'invalid-input' });
  });

  it('undo inside the undo-send window takes back the reply and its reminder; after it, the reminder only', async () => {
    const { core, clock } = await demo();
    core.start();
    const id = await firstInbox(core, 4);
    await core.sendReply(id, 'Shall we talk Tuesday?', { days: 3 });
    const undone = await core.undo();
    expect(undone).toEqual({ description: 'Sending and its follow-up reminder cancelled', draft: { conversationId: id, text: 'Shall we talk Tuesday?' } });
    expect((await row(core, id)).followUp).toBeUndefined();
    expect((await core.openConversation(id)).messages.map((m) => m.text)).not.toContain('Shall we talk Tuesday?');

    await core.sendReply(id, 'Shall we talk Wednesday?', { days: 3 });
    clock.advance(10_000); // past the 5-second undo window: delivered
    await core.deliverOutbox();
    expect((await core.openConversation(id)).messages.find((m) => m.text === 'Shall we talk Wednesday?')?.status).toBe('sent');
    expect(await core.undo()).toEqual({ description: 'Follow-up reminder removed (the reply was already sent)' });
    expect((await row(core, id)).followUp).toBeUndefined();
    expect((await core.openConversation(id)).messages.find((m) => m.text === 'Shall we talk Wednesday?')?.status).toBe('sent');
  });

  it('the person can remove one, and z puts it back', async () => {
    const { core } = await demo();
    const id = await firstInbox(core);
    await core.sendReply(id, 'Hello again', { days: 7 });
    const set = (await row(core, id)).followUp;
    await core.clearFollowUp(id);
    expect((await row(core, id)).followUp).toBeUndefined();
    await expect(core.clearFollowUp(id)).rejects.toMatchObject({ code: 'invalid-input', message: 'This conversation has no follow-up reminder to remove.' });
    await core.undo();
    expect((await row(core, id)).followUp).toEqual(set);
  });

  it('the export lists pending follow-ups and labels carry their default', async () => {
    const target = tempDataDir('inbox-export-');
    defer(target.cleanup);
    const { core } = await demo({ chooseExportPath: async (name) => join(target.dir, name) });
    const id = await firstInbox(core);
    const sent = await core.sendReply(id, 'Exported reminder', { days: 3, weekdaysOnly: true });
    const label = await core.createLabel('Leads');
    await core.updateLabel(label.id, { followUpDays: 4 });
    await core.exportData();
    const [file] = readdirSync(target.dir);
    const doc = JSON.parse(readFileSync(join(target.dir, file!), 'utf8')) as { followUps: unknown[]; labels: { name: string; followUpDays: number | null }[] };
    expect(doc.followUps).toEqual([
      { conversationId: id, messageId: sent.id, dueAt: new Date(skipWeekend(addLocalDays(START, 3))).toISOString(), createdAt: new Date(START).toISOString(), weekdaysOnly: true },
    ]);
    expect(doc.labels.find((l) => l.name === 'Leads')?.followUpDays).toBe(4);
  });
});

describe('follow-up reminders against a provider', () => {
  let world: ReactInWorld | undefined;
  afterEach(async () => {
    await world?.dispose();
    world = undefined;
  });

  it('clears itself when their reply arrives in a sync, and never fires', async () => {
    const shown: Shown[] = [];
    const clock = new VirtualClock(Date.now(), { autoAdvance: true });
    world = await reactInWorld({ conversations: 3, clock, notifier: { notify: (n) => shown.push({ ...n, at: clock.now() }) } });
    await world.core.syncNow(world.accountId);
    const remoteId = world.sim.conversations[0]!.id;
    const id = localId(world, remoteId);
    await world.core.sendReply(id, 'Are you free on Thursday?', { days: 3 });
    await world.core.deliverOutbox();
    await world.core.syncNow(world.accountId); // my own reply comes back from the provider: not an answer
    expect((await row(world.core, id)).followUp).toBeDefined();

    world.sim.addInboundMessage(remoteId, 'Thursday works for me');
    await world.core.syncNow(world.accountId);
    expect((await row(world.core, id)).followUp).toBeUndefined();
    expect((await world.core.search('is:followup')).hits).toEqual([]);
  });
});

