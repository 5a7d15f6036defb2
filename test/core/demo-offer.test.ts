/**
 * Onboarding: once the first real account has finished its first sync, the core offers (once)
 * to remove the demo account; the answer is remembered in the cache, across restarts.
 */
import { Agent } from 'undici';
import { describe, expect, it } from 'vitest';
import { createCore, MemorySecretStore, type InboxCore } from '../../src/main/core';
import { cleanupAfterEach } from '../support/cleanups';
import { VirtualClock } from '../support/clock';
import { tempDataDir } from '../support/core';
import { startReactInSimulator } from '../simulators/reactin';

const defer = cleanupAfterEach();

async function world() {
  const sim = await startReactInSimulator({ apiKey: 'rk_test_5f1e', organizationId: 'org_test', getPerMinute: 1000, postPerMinute: 1000, conversations: 3 });
  const { dir, cleanup } = tempDataDir('inbox-demo-offer-');
  const dispatcher = new Agent();
  const secrets = new MemorySecretStore();
  const clock = new VirtualClock(Date.now(), { autoAdvance: true });
  const cores: InboxCore[] = [];
  const open = async () => {
    const core = await createCore({ dataDir: dir, secrets, dispatcher, clock, seedDemo: true, allowLoopbackBaseUrls: true });
    cores.push(core);
    return core;
  };
  defer(cleanup, () => dispatcher.close(), () => sim.close(), async () => {
    for (const c of cores) await c.close().catch(() => {});
  });
  return { sim, open };
}

describe('the offer to remove the demo account', () => {
  it('comes after the first real account finished its first sync, not before; keeping the demo is remembered across a restart', async () => {
    const { sim, open } = await world();
    const core = await open();
    const [demo] = await core.listAccounts();
    expect(demo).toMatchObject({ provider: 'demo' });
    expect(await core.demoOffer()).toBeNull(); // only the demo: nothing to offer

    const real = await core.addAccount({ provider: 'reactin', name: 'Sales seat', apiKey: 'rk_test_5f1e', config: { organizationId: 'org_test', baseUrl: sim.baseUrl } });
    expect(await core.demoOffer()).toBeNull(); // added, but its conversations are not here yet
    await core.syncNow(real.id);
    expect(await core.demoOffer()).toEqual({ demoAccountId: demo!.id, accountName: 'Sales seat' });

    await core.answerDemoOffer(false);
    expect(await core.demoOffer()).toBeNull();
    expect((await core.listAccounts()).map((a) => a.provider).sort()).toEqual(['demo', 'reactin']);
    await core.close();

    const again = await open();
    expect(await again.demoOffer()).toBeNull();
    expect((await again.listAccounts()).map((a) => a.provider).sort()).toEqual(['demo', 'reactin']);
  });

  it('removing: the demo account and its conversations go; the real account stays', async () => {
    const { sim, open } = await world();
    const core = await open();
    const real = await core.addAccount({ provider: 'reactin', name: 'Sales seat', apiKey: 'rk_test_5f1e', config: { organizationId: 'org_test', baseUrl: sim.baseUrl } });
    await core.syncNow(real.id);
    expect(await core.demoOffer()).not.toBeNull();
    await core.answerDemoOffer(true);
    expect((await core.listAccounts()).map((a) => a.id)).toEqual([real.id]);
    const all = await core.listConversations({ view: 'all', limit: 100 });
    expect(all.items.every((c) => c.accountId === real.id)).toBe(true);
    expect(all.total).toBe(3);
    expect(await core.demoOffer()).toBeNull();
  });
});
