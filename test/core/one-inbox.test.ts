import { afterEach, expect, it } from 'vitest';
import type { ProviderKind } from '../../src/shared/domain';
import { fourProviders, type FourProviders } from '../support/four-providers';

let world: FourProviders | undefined;
afterEach(async () => {
  await world?.dispose();
  world = undefined;
});

const PROVIDERS = ['reactin', 'linkup', 'connectsafely', 'crispy'] as const satisfies readonly Exclude<ProviderKind, 'demo'>[];

it('merges every provider into one inbox, newest first, each row marked with its account', async () => {
  world = await fourProviders({ conversations: 6 });
  await world.core.syncNow();
  const accounts = await world.core.listAccounts();
  expect(accounts.map((a) => [a.provider, a.status.state])).toEqual(PROVIDERS.map((p) => [p, 'ok']));

  const { items, total } = await world.core.listConversations({ view: 'all', limit: 1000 });
  expect(total).toBe(24);
  expect(items.map((c) => c.lastMessageAt)).toEqual([...items.map((c) => c.lastMessageAt)].sort((a, b) => b - a));
  for (const p of PROVIDERS) {
    const rows = items.filter((c) => c.provider === p);
    expect(rows).toHaveLength(6);
    expect(new Set(rows.map((r) => r.accountName))).toEqual(new Set([`${({ reactin: 'ReactIn', linkup: 'Linkup', connectsafely: 'ConnectSafely', crispy: 'Crispy' } as const)[p]} seat`]));
    expect(new Set(rows.map((r) => r.accountId))).toEqual(new Set([world.accounts[p]]));
    for (const remoteId of world.remoteIds(p)) expect(world.core.conversationIdFor(world.accounts[p], remoteId)).not.toBeNull();
  }
  // Providers interleave in time: the merge is by time, not by account.
  expect(new Set(items.slice(0, 8).map((c) => c.provider)).size).toBeGreaterThan(1);

  // Linkup's credits are counted and shown on the account.
  const linkup = accounts.find((a) => a.provider === 'linkup')!;
  expect(linkup.usage.creditsUsed).toBe(world.sims.linkup.creditsUsed);
  expect(linkup.usage.creditsUsed).toBeGreaterThan(0);
});

it('delivers a reply to the right simulator and thread for every provider', async () => {
  world = await fourProviders({ conversations: 4 });
  await world.core.syncNow();
  for (const p of PROVIDERS) {
    const remoteId = world.remoteIds(p)[1]!;
    await world.core.sendReply(world.core.conversationIdFor(world.accounts[p], remoteId)!, `Hello from the unified inbox to ${p}`);
  }
  await world.core.deliverOutbox();
  for (const p of PROVIDERS) {
    expect(world.sent(p)).toEqual([[world.remoteIds(p)[1]!, `Hello from the unified inbox to ${p}`]]);
  }
  // And the next sync shows each reply once, as sent.
  await world.core.syncNow();
  for (const p of PROVIDERS) {
    const id = world.core.conversationIdFor(world.accounts[p], world.remoteIds(p)[1]!)!;
    const copies = (await world.core.openConversation(id)).messages.filter((m) => m.text === `Hello from the unified inbox to ${p}`);
    expect(copies).toEqual([expect.objectContaining({ status: 'sent', fromMe: true })]);
  }
});

it('mirrors archive to Crispy, where the provider offers it, and keeps it local elsewhere', async () => {
  world = await fourProviders({ conversations: 3 });
  await world.core.syncNow();
  for (const p of PROVIDERS) await world.core.archive(world.core.conversationIdFor(world.accounts[p], world.remoteIds(p)[0]!)!);
  await world.core.deliverOutbox();
  expect(world.sims.crispy.organize.map((o) => [o.chatId, o.action, o.return_on_reply])).toEqual([[world.remoteIds('crispy')[0]!, 'smart_archive', true]]);
  expect((await world.core.listConversations({ view: 'archived' })).total).toBe(4);
  const entries = world.core.outboxEntries();
  expect(entries.map((e) => [e.kind, e.status])).toEqual([['mirror', 'done']]);
});

it('rides out a 429 storm and a bad gateway on every provider, and every account ends up to date', async () => {
  world = await fourProviders({ conversations: 4 });
  world.sims.reactin.injectFault({ status: 429 }, 6);
  world.sims.linkup.injectFault({ status: 429 }, 6);
  world.sims.connectsafely.injectFault({ status: 429 }, 6);
  world.sims.crispy.injectFault({ status: 429, headers: { 'retry-after': '1' }, body: { error: { code: 'rate_limited', message: 'Slow down' } } }, 6);
  for (const sim of [world.sims.reactin, world.sims.linkup, world.sims.connectsafely, world.sims.crispy]) sim.injectFault({ status: 502 });
  // A sync that meets the storm says rate-limited (or error for the 502) and the next one tries again.
  const states: string[][] = [];
  for (let round = 0; round < 6; round++) {
    await world.core.syncNow();
    states.push((await world.core.listAccounts()).map((a) => a.status.state));
  }
  expect(states.flat()).toContain('rate-limited');
  const accounts = await world.core.listAccounts();
  expect(accounts.map((a) => [a.provider, a.status.state])).toEqual(PROVIDERS.map((p) => [p, 'ok']));
  expect((await world.core.listConversations({ view: 'all' })).total).toBe(16);
});

it('recognises my own messages sent elsewhere as mine on every provider, and raises one inbound event for theirs', async () => {
  world = await fourProviders({ conversations: 3 });
  await world.core.syncNow();
  const inbound: string[][] = [];
  world.core.onInbound((ms) => inbound.push(ms.map((m) => m.text)));
  const later = Date.now() + 60_000;
  const sims = world.sims;
  sims.reactin.addOwnMessage(world.remoteIds('reactin')[0]!, 'mine via phone (reactin)', later);
  sims.linkup.addOwnMessage(world.remoteIds('linkup')[0]!, 'mine via phone (linkup)', later);
  sims.connectsafely.addOwnMessage(world.remoteIds('connectsafely')[0]!, 'mine via phone (connectsafely)', later);
  sims.crispy.addOwnMessage(world.remoteIds('crispy')[0]!, 'mine via phone (crispy)', later);
  sims.reactin.addInboundMessage(world.remoteIds('reactin')[1]!, 'theirs (reactin)', later);
  sims.linkup.addInboundMessage(world.remoteIds('linkup')[1]!, 'theirs (linkup)', later);
  sims.connectsafely.addInboundMessage(world.remoteIds('connectsafely')[1]!, 'theirs (connectsafely)', later);
  sims.crispy.addInboundMessage(world.remoteIds('crispy')[1]!, 'theirs (crispy)', later);
  await world.core.syncNow();

  const waiting = (await world.core.listConversations({ view: 'waiting', limit: 1000 })).items;
  const needsReply = (await world.core.listConversations({ view: 'needs-reply', limit: 1000 })).items;
  for (const p of PROVIDERS) {
    const mine = world.core.conversationIdFor(world.accounts[p], world.remoteIds(p)[0]!)!;
    const theirs = world.core.conversationIdFor(world.accounts[p], world.remoteIds(p)[1]!)!;
    expect((await world.core.openConversation(mine)).messages.at(-1)).toMatchObject({ text: `mine via phone (${p})`, fromMe: true, senderName: 'You' });
    expect(waiting.map((c) => c.id)).toContain(mine);
    expect((await world.core.openConversation(theirs)).messages.at(-1)).toMatchObject({ text: `theirs (${p})`, fromMe: false });
    expect(needsReply.map((c) => c.id)).toContain(theirs);
  }
  // One event per account's sync, with only what the other people wrote.
  expect(inbound.flat().sort()).toEqual(PROVIDERS.map((p) => `theirs (${p})`).sort());
});
