import { afterEach, describe, expect, it } from 'vitest';
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

describe('labels', () => {
  it('are created, renamed, recoloured, pinned and deleted; several per conversation; each a view with its count', async () => {
    world = await reactInWorld({ conversations: 6 });
    await world.core.syncNow(world.accountId);
    const [a, b, c] = world.sim.conversations.map((x) => localId(world!, x.id));
    const deal = await world.core.createLabel('Deal: negotiating');
    const hire = await world.core.createLabel('Hiring', 'green');
    await expect(world.core.createLabel('  hiring ')).rejects.toMatchObject({ code: 'invalid-input', message: "There is already a label called 'hiring'." });
    await expect(world.core.createLabel('x', 'plaid')).rejects.toMatchObject({ code: 'invalid-input' });

    await world.core.setLabels([a!, b!], [deal.id], []);
    await world.core.setLabels([a!], [hire.id], []);
    const rowA = (await world.core.listConversations({ view: 'inbox', limit: 100 })).items.find((r) => r.id === a)!;
    expect(rowA.labels.map((l) => l.name).sort()).toEqual(['Deal: negotiating', 'Hiring']);
    expect((await world.core.listConversations({ view: `label:${deal.id}` })).items.map((r) => r.id).sort()).toEqual([a, b].sort());
    expect((await world.core.viewCounts())[`label:${deal.id}`]).toBe(2);

    await world.core.updateLabel(deal.id, { name: 'Deal: won', color: 'violet', pinned: true });
    const labels = await world.core.listLabels();
    expect(labels[0]).toMatchObject({ id: deal.id, name: 'Deal: won', color: 'violet', pinned: true, inboxCount: 2 });
    await world.core.archive(b!);
    expect((await world.core.listLabels()).find((l) => l.id === deal.id)!.inboxCount).toBe(1); // the tab counts what is in the inbox

    await world.core.deleteLabel(hire.id);
    expect((await world.core.listConversations({ view: 'inbox', limit: 100 })).items.find((r) => r.id === a)!.labels.map((l) => l.name)).toEqual(['Deal: won']);
    // A conversation never labelled carries no label and is in no label's view.
    expect((await world.core.listConversations({ view: 'inbox', limit: 100 })).items.find((r) => r.id === c)!.labels).toEqual([]);
    expect((await world.core.listConversations({ view: `label:${deal.id}` })).items.map((r) => r.id)).not.toContain(c);
  });

  it('are mirrored to Crispy (label, unlabel, rename) and stay local elsewhere', async () => {
    four = await fourProviders({ conversations: 2 });
    await four.core.syncNow();
    const crispyChat = four.remoteIds('crispy')[0]!;
    const crispyId = four.core.conversationIdFor(four.accounts.crispy, crispyChat)!;
    const reactinId = four.core.conversationIdFor(four.accounts.reactin, four.remoteIds('reactin')[0]!)!;
    const vip = await four.core.createLabel('VIP');
    await four.core.setLabels([crispyId, reactinId], [vip.id], []);
    await four.core.updateLabel(vip.id, { name: 'Top client' });
    await four.core.setLabels([crispyId], [], [vip.id]);
    await four.core.deliverOutbox();
    expect(four.sims.crispy.organize.map((o) => [o.chatId, o.action, o.label])).toEqual([
      [crispyChat, 'label', 'VIP'],
      [crispyChat, 'unlabel', 'VIP'],
      [crispyChat, 'label', 'Top client'],
      [crispyChat, 'unlabel', 'Top client'],
    ]);
    expect(four.core.outboxEntries().every((e) => e.status === 'done')).toBe(true);
  });
});

describe('read state', () => {
  it('toggles locally, sends a read receipt only when the setting is on, and mirrors mark-unread where offered', async () => {
    four = await fourProviders({ conversations: 2 });
    const urn = four.remoteIds('connectsafely')[0]!;
    four.sims.connectsafely.addInboundMessage(urn, 'Hi!');
    await four.core.syncNow();
    const id = four.core.conversationIdFor(four.accounts.connectsafely, urn)!;
    expect((await four.core.listConversations({ view: 'unread', limit: 100 })).items.map((c) => c.id)).toContain(id);

    await four.core.openConversation(id); // read here; no receipt by default
    await four.core.deliverOutbox();
    expect(four.sims.connectsafely.marks).toEqual([]);
    expect((await four.core.listConversations({ view: 'unread', limit: 100 })).items.map((c) => c.id)).not.toContain(id);

    await four.core.markUnread(id);
    await four.core.deliverOutbox();
    expect(four.sims.connectsafely.marks.map((m) => m.action)).toEqual(['unread']);
    expect((await four.core.listConversations({ view: 'unread', limit: 100 })).items.map((c) => c.id)).toContain(id);

    await four.core.updateSettings({ sendReadReceipts: true });
    await four.core.markRead(id);
    await four.core.deliverOutbox();
    expect(four.sims.connectsafely.marks.map((m) => [m.conversationUrn, m.action])).toEqual([
      [urn, 'unread'],
      [urn, 'seen'],
    ]);
  });
});

describe('undo', () => {
  it('reverses archive, labels, snooze and read state, one step at a time', async () => {
    world = await reactInWorld({ conversations: 4 });
    await world.core.syncNow(world.accountId);
    const [a, b] = world.sim.conversations.map((x) => localId(world!, x.id));
    const label = await world.core.createLabel('Follow up');
    await world.core.archive(a!);
    await world.core.setLabels([b!], [label.id], []);
    await world.core.snooze(b!, { until: Date.now() + 86_400_000, note: 'later' });
    await world.core.markUnread(a!);

    expect(await world.core.undo()).toEqual({ description: 'Mark as unread undone' });
    expect(await world.core.undo()).toEqual({ description: 'Snooze undone' });
    expect((await world.core.listConversations({ view: 'snoozed' })).total).toBe(0);
    expect(await world.core.undo()).toEqual({ description: 'Label change undone' });
    expect((await world.core.listConversations({ view: `label:${label.id}` })).total).toBe(0);
    expect(await world.core.undo()).toEqual({ description: 'Archive undone' });
    expect((await world.core.listConversations({ view: 'inbox' })).total).toBe(4);
    expect(await world.core.undo()).toBeNull();
  });

  it('cancels a mirror still in the outbox, and reverses one already delivered', async () => {
    four = await fourProviders({ conversations: 2 });
    await four.core.syncNow();
    const [c1, c2] = four.remoteIds('crispy');
    const id1 = four.core.conversationIdFor(four.accounts.crispy, c1!)!;
    const id2 = four.core.conversationIdFor(four.accounts.crispy, c2!)!;

    await four.core.archive(id1);
    await four.core.undo(); // not delivered yet: cancelled, Crispy never hears of it
    await four.core.deliverOutbox();
    expect(four.sims.crispy.organize).toEqual([]);

    await four.core.archive(id2);
    await four.core.deliverOutbox();
    await four.core.undo(); // delivered: reversed on Crispy
    await four.core.deliverOutbox();
    expect(four.sims.crispy.organize.map((o) => [o.chatId, o.action])).toEqual([
      [c2, 'smart_archive'],
      [c2, 'unarchive'],
    ]);
    expect(four.sims.crispy.conversations.find((c) => c.chatId === c2)!.smartArchived).toBe(false);
  });

  it('holds a reply for the undo window; undo within it gives the text back and nothing is sent', async () => {
    world = await reactInWorld({ conversations: 2 });
    await world.core.syncNow(world.accountId);
    await world.core.updateSettings({ undoSendSeconds: 5 });
    const id = localId(world, world.sim.conversations[0]!.id);
    await world.core.sendReply(id, 'Oops, wrong person');
    await world.core.deliverOutbox(); // within the window: not yet
    expect(world.sim.sent).toEqual([]);
    expect(await world.core.undo()).toEqual({ description: 'Sending cancelled', draft: { conversationId: id, text: 'Oops, wrong person' } });
    expect((await world.core.openConversation(id)).messages.map((m) => m.text)).not.toContain('Oops, wrong person');

    await world.core.sendReply(id, 'The right reply');
    await world.core.deliverOutbox();
    expect(world.sim.sent).toEqual([]);
  });
});

describe('notifications for new messages', () => {
  it('group what one sync brings, skip the open conversation, muted accounts and do-not-disturb', async () => {
    const shown: { title: string; body: string; conversationId?: string }[] = [];
    world = await reactInWorld({ conversations: 5, notifier: { notify: (n) => shown.push(n) } });
    await world.core.syncNow(world.accountId);
    const [a, b, c] = world.sim.conversations;
    const later = Date.now() + 60_000;

    world.sim.addInboundMessage(a!.id, 'Just one', later);
    await world.core.syncNow(world.accountId);
    expect(shown).toEqual([{ title: a!.participants[0]!.name, body: 'Just one', conversationId: localId(world, a!.id) }]);

    await world.core.setActiveConversation(localId(world, b!.id));
    world.sim.addInboundMessage(b!.id, 'You are reading me', later + 1);
    world.sim.addInboundMessage(c!.id, 'Two', later + 2);
    world.sim.addInboundMessage(a!.id, 'Three', later + 3);
    await world.core.syncNow(world.accountId);
    expect(shown[1]).toEqual({ title: '2 new messages', body: `From ${[a, c].map((x) => x!.participants[0]!.name).sort((x, y) => (x === a!.participants[0]!.name ? -1 : 1)).join(' and ')}`, conversationId: localId(world, a!.id) });
    expect(shown).toHaveLength(2);

    await world.core.updateSettings({ mutedAccountIds: [world.accountId] });
    world.sim.addInboundMessage(c!.id, 'muted', later + 10);
    await world.core.syncNow(world.accountId);
    await world.core.updateSettings({ mutedAccountIds: [], doNotDisturb: true });
    world.sim.addInboundMessage(c!.id, 'do not disturb', later + 20);
    await world.core.syncNow(world.accountId);
    expect(shown).toHaveLength(2);
  });
});

describe('Crispy daily cap for organize actions', () => {
  it('keeps a snooze local past the cap, and says so, instead of queueing a mirror that cannot go', async () => {
    four = await fourProviders({ conversations: 3 });
    await four.core.syncNow();
    const notices: string[] = [];
    four.core.onChanged((e) => e.notice && notices.push(e.notice));
    // Another app on the same Crispy account has used all but one of today's 200 organize actions.
    const [c1, c2, c3] = four.remoteIds('crispy');
    const sim = four.sims.crispy;
    for (let i = 0; i < 199; i++) await fetch(`${sim.baseUrl}/inbox/conversations/${c3}/organize`, { method: 'POST', headers: { authorization: 'Bearer crispy_four', 'content-type': 'application/json' }, body: JSON.stringify({ action: 'label', label: `x${i}` }) });
    const id = (chat: string) => four!.core.conversationIdFor(four!.accounts.crispy, chat)!;
    const until = Date.now() + 86_400_000;

    expect(await four.core.snooze(id(c1!), { until, note: 'one left' })).toEqual({ notice: null });
    await four.core.deliverOutbox(); // the last one of the day; Crispy's headers now say 0 remain
    const second = await four.core.snooze(id(c2!), { until });
    expect(second.notice).toBe("Crispy's daily limit for 'Crispy seat' is used up, so this stays in this app only.");
    await four.core.deliverOutbox();
    expect(sim.organize.filter((o) => o.action === 'snooze').map((o) => o.chatId)).toEqual([c1]);
    expect((await four.core.listConversations({ view: 'snoozed' })).items.map((c) => c.id).sort()).toEqual([id(c1!), id(c2!)].sort());
    expect(notices).toEqual([]);
  });
});

describe('notifications while the window is in the background', () => {
  it('do fire for the open conversation when the window has no focus', async () => {
    const shown: string[] = [];
    world = await reactInWorld({ conversations: 2, notifier: { notify: (n) => shown.push(n.body) } });
    await world.core.syncNow(world.accountId);
    const a = world.sim.conversations[0]!;
    await world.core.setActiveConversation(localId(world, a.id));
    world.sim.addInboundMessage(a.id, 'seen on screen', Date.now() + 1000);
    await world.core.syncNow(world.accountId);
    world.core.setWindowFocused(false);
    world.sim.addInboundMessage(a.id, 'window minimised', Date.now() + 2000);
    await world.core.syncNow(world.accountId);
    expect(shown).toEqual(['window minimised']);
  });
});
