/**
 * Every request counts in an account's budget, the connection test that adding it makes included:
 * a provider counting every request in its minute (ConnectSafely, with no X-RateLimit-* headers to
 * correct us) never answers 429 to an account added and synced at once.
 */
import { afterEach, expect, it } from 'vitest';
import { fourProviders, REAL_PROVIDERS as PROVIDERS, type FourProviders, type RealProvider as Provider } from '../support/four-providers';

let world: FourProviders | undefined;
afterEach(async () => {
  await world?.dispose();
  world = undefined;
});

it('adds an account of every provider and syncs 300 conversations each with no 429', async () => {
  // The simulators run on the core's clock, so their windows move as the budget waits.
  world = await fourProviders({ conversations: 300, providerClock: true, connectsafely: { rateLimit: 'strict-minute' } });
  // One account at a time: another account's wait moves the shared virtual clock on, which would
  // open this one's window early.
  // ConnectSafely first, in the same minute as its connection test.
  for (const p of ['connectsafely', 'reactin', 'linkup', 'crispy'] as const) await world.core.syncNow(world.accounts[p]);

  const accounts = await world.core.listAccounts();
  expect(accounts.map((a) => [a.provider, a.status.state])).toEqual(PROVIDERS.map((p) => [p, 'ok']));
  const { total } = await world.core.listConversations({ view: 'all', limit: 1 });
  expect(total).toBe(4 * 300);
  const tooMany = Object.fromEntries(PROVIDERS.map((p) => [p, world!.sims[p].requests.filter((r) => r.status === 429).length]));
  expect(tooMany).toEqual({ reactin: 0, linkup: 0, connectsafely: 0, crispy: 0 });
  // The connection test was made, and counted: more than one minute's worth went to ConnectSafely.
  expect(world.sims.connectsafely.requests.length).toBeGreaterThan(60);
}, 120_000);
