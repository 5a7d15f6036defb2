/**
 * ConnectSafely's daily message cap is a setting of each account: its cookbook says 100 a day,
 * its API page 150. The app counts against the account's own number and refuses past it.
 */
import { afterEach, expect, it } from 'vitest';
import { fourProviders, type FourProviders } from '../support/four-providers';

let world: FourProviders | undefined;
afterEach(async () => {
  await world?.dispose();
  world = undefined;
});

it('defaults to 100 messages a day, and a cap of 2 stops the third reply with a sentence', async () => {
  world = await fourProviders({ conversations: 3, providerClock: true });
  const cs = world.accounts.connectsafely;
  await world.core.syncNow(cs);
  const caps = (await world.core.listAccounts()).find((a) => a.id === cs)!.usage.dailyCaps;
  expect(caps).toEqual([expect.objectContaining({ limit: 100, used: 0 })]);

  await world.core.updateAccount(cs, { config: { baseUrl: world.sims.connectsafely.baseUrl, messagesPerDay: '2' } });
  const ids = world.remoteIds('connectsafely').map((r) => world!.core.conversationIdFor(cs, r)!);
  for (const [i, id] of ids.entries()) {
    await world.core.sendReply(id, `Reply number ${i + 1}`);
    await world.core.deliverOutbox();
  }
  expect(world.sent('connectsafely').map(([, text]) => text)).toEqual(['Reply number 1', 'Reply number 2']);
  const third = (await world.core.openConversation(ids[2]!)).messages.find((m) => m.text === 'Reply number 3')!;
  const entry = world.core.outboxEntries().find((e) => e.status !== 'done');
  expect(third.status === 'failed' ? third.error : entry?.lastError).toMatch(/ConnectSafely allows 2 messages a day for 'ConnectSafely seat'/);
});

it.each(['0', '151', 'ten', '2.5'])('refuses a daily cap of %s with a sentence naming the range', async (value) => {
  world = await fourProviders({ conversations: 1 });
  await expect(
    world.core.updateAccount(world.accounts.connectsafely, { config: { baseUrl: world.sims.connectsafely.baseUrl, messagesPerDay: value } }),
  ).rejects.toThrow(/messages a day .*a whole number from 1 to 150/);
  expect((await world.core.listAccounts()).find((a) => a.provider === 'connectsafely')!.config.messagesPerDay).toBeUndefined();
});
