/**
 * ConnectSafely's hold: a 429 whose body carries `holdUntil` means LinkedIn paused the account.
 * No request goes to that account before that instant, and the account says so.
 */
import { afterEach, expect, it } from 'vitest';
import { fourProviders, type FourProviders } from '../support/four-providers';

let world: FourProviders | undefined;
afterEach(async () => {
  await world?.dispose();
  world = undefined;
});

it('sends nothing to a held account before holdUntil, and says LinkedIn paused it until then', async () => {
  world = await fourProviders({ conversations: 3, providerClock: true });
  const cs = world.accounts.connectsafely;
  await world.core.syncNow(cs);
  const sim = world.sims.connectsafely;

  const until = world.clock.now() + 3 * 3_600_000;
  sim.holdAccount(until);
  await expect(world.core.syncNow(cs)).rejects.toThrow(/LinkedIn has paused this account until/);
  const account = (await world.core.listAccounts()).find((a) => a.id === cs)!;
  const hhmm = new Date(until).toISOString().slice(11, 16);
  expect(account.status.message).toMatch(new RegExp(`^LinkedIn has paused this account until .*${hhmm} UTC`));
  expect(account.status.retryAt).toBeGreaterThanOrEqual(until);

  // Before the hold ends: neither a sync nor a reply sends anything.
  const asked = sim.requests.length;
  world.clock.jump(3_600_000);
  await expect(world.core.syncNow(cs)).rejects.toThrow(/LinkedIn has paused this account until/);
  const id = world.core.conversationIdFor(cs, world.remoteIds('connectsafely')[0]!)!;
  await world.core.sendReply(id, 'Back soon');
  await world.core.deliverOutbox();
  expect(sim.requests.length).toBe(asked);
  expect(world.sent('connectsafely')).toEqual([]);

  // After it: the account works again and the reply goes.
  world.clock.jump(2 * 3_600_000 + 1_000);
  await world.core.syncNow(cs);
  expect((await world.core.listAccounts()).find((a) => a.id === cs)!.status.state).toBe('ok');
  world.clock.jump(10 * 60_000);
  await world.core.deliverOutbox();
  expect(world.sent('connectsafely')).toEqual([[world.remoteIds('connectsafely')[0]!, 'Back soon']]);
});
