/**
 * Every provider request has a total deadline (issue 13, item 4): undici's headersTimeout and
 * bodyTimeout are idle timers, so a server sending a byte now and then would keep a request
 * alive for ever. The hostile proxy drips ReactIn's answer one byte every 100 ms: no idle timer
 * (here 1 s) ever fires, the deadline (here 1.5 s) does.
 */
import { Agent } from 'undici';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/main/core/errors';
import { systemClock } from '../../src/main/core/ports';
import { createReactInProvider } from '../../src/main/core/providers/reactin/adapter';
import { startHostileProxy } from '../simulators/hostile';
import { startReactInSimulator } from '../simulators/reactin';
import { testAccount } from '../support/accounts';
import { cleanupAfterEach } from '../support/cleanups';

const defer = cleanupAfterEach();

describe('a provider that answers a byte at a time', () => {
  it('gives up at the total deadline with a sentence, though bytes keep coming', async () => {
    const dispatcher = new Agent();
    const sim = await startReactInSimulator({ apiKey: 'rk_drip', organizationId: 'org_drip', conversations: 30, getPerMinute: 1000 });
    const proxy = await startHostileProxy(sim.baseUrl, dispatcher);
    defer(() => dispatcher.close(), () => sim.close(), () => proxy.close());
    const account = testAccount('reactin', { organizationId: 'org_drip', baseUrl: proxy.baseUrl(sim.baseUrl) });
    const provider = createReactInProvider({ account, dispatcher, clock: systemClock, getApiKey: async () => 'rk_drip' }, { timeoutMs: 1_000, deadlineMs: 1_500 });
    proxy.always({ dripEveryMs: 100 });

    const started = performance.now();
    const failure = await provider.listConversations({}).then(
      () => null,
      (err: unknown) => err,
    );
    const elapsed = performance.now() - started;

    expect(failure).toBeInstanceOf(AppError);
    expect(failure).toMatchObject({ code: 'network', message: 'ReactIn did not answer in time — it will be retried.' });
    // The whole answer would take minutes at this pace; the deadline ends it near 1.5 s (slack for a loaded machine).
    expect(elapsed).toBeGreaterThanOrEqual(1_400);
    expect(elapsed).toBeLessThan(8_000);
  }, 20_000);
});
