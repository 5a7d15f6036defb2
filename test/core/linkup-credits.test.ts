/**
 * The credits an account shows equal what Linkup charged, a send whose answer was lost included:
 * Linkup bills the send when it carries it out, whether or not its answer reaches the app.
 */
import { afterEach, expect, it } from 'vitest';
import { fourProviders, type FourProviders } from '../support/four-providers';

let world: FourProviders | undefined;
afterEach(async () => {
  await world?.dispose();
  world = undefined;
});

async function creditsShown(w: FourProviders): Promise<number | null> {
  return (await w.core.listAccounts()).find((a) => a.provider === 'linkup')!.usage.creditsUsed;
}

it.each([
  ['the retry finds it in the thread', false],
  ['a sync finds it first', true],
] as const)('counts the credit of a send whose answer was lost when %s', async (_name, syncFirst) => {
  world = await fourProviders({ conversations: 3, providerClock: true });
  await world.core.syncNow(world.accounts.linkup);
  const remoteId = world.remoteIds('linkup')[0]!;
  const id = world.core.conversationIdFor(world.accounts.linkup, remoteId)!;
  expect(await creditsShown(world)).toBe(world.sims.linkup.creditsUsed);

  // Linkup carries the send out and bills it, then the connection drops before its answer.
  world.sims.linkup.injectFault({ resetAfterWrite: true });
  await world.core.sendReply(id, 'Tuesday at 10 works for me');
  await world.core.deliverOutbox();
  expect(world.sent('linkup')).toEqual([[remoteId, 'Tuesday at 10 works for me']]);

  if (syncFirst) await world.core.syncNow(world.accounts.linkup);
  world.clock.jump(60_000); // the retry is due
  await world.core.deliverOutbox();

  // Delivered once, and every credit Linkup charged is on the account.
  expect(world.sent('linkup')).toHaveLength(1);
  const thread = await world.core.openConversation(id);
  expect(thread.messages.filter((m) => m.text === 'Tuesday at 10 works for me')).toEqual([expect.objectContaining({ status: 'sent' })]);
  expect(await creditsShown(world)).toBe(world.sims.linkup.creditsUsed);
});
