/**
 * One core with one account of every provider, each against its own loopback simulator:
 * the unified inbox as a person with four services sees it.
 */
import { Agent } from 'undici';
import { createCore, MemorySecretStore, type InboxCore } from '../../src/main/core';
import type { ProviderKind } from '../../src/shared/domain';
import { startConnectSafelySimulator, type ConnectSafelySim, type ConnectSafelySimOptions } from '../simulators/connectsafely';
import { startCrispySimulator, type CrispySim } from '../simulators/crispy';
import { startLinkupSimulator, type LinkupSim } from '../simulators/linkup';
import { startReactInSimulator, type ReactInSim } from '../simulators/reactin';
import { VirtualClock } from './clock';
import { sendAtOnce, tempDataDir } from './core';

/** The four real providers, in the order the tests walk them. */
export const REAL_PROVIDERS = ['reactin', 'linkup', 'connectsafely', 'crispy'] as const;
export type RealProvider = (typeof REAL_PROVIDERS)[number];

export interface FourProviders {
  core: InboxCore;
  sims: { reactin: ReactInSim; linkup: LinkupSim; connectsafely: ConnectSafelySim; crispy: CrispySim };
  accounts: Record<Exclude<ProviderKind, 'demo'>, string>;
  /** Remote conversation ids per account, as each simulator names them. */
  remoteIds(provider: Exclude<ProviderKind, 'demo'>): string[];
  /** What each simulator received as sent replies: [remote conversation id, text]. */
  sent(provider: Exclude<ProviderKind, 'demo'>): [string, string][];
  /** The core's clock (virtual, moving on whenever the core waits). */
  clock: VirtualClock;
  /** Sets how far every simulator's clock runs ahead of the core's (negative: behind). */
  setProviderClockOffset(ms: number): void;
  dispose(): Promise<void>;
}

/**
 * `providerClock: true` runs every simulator on the core's virtual clock plus an offset the test
 * sets (setProviderClockOffset), as a provider whose clock disagrees with this computer's;
 * without it the simulators keep the wall clock.
 */
export async function fourProviders(
  opts: { conversations?: number; seedDemo?: boolean; providerClock?: boolean; connectsafely?: Partial<ConnectSafelySimOptions> } = {},
): Promise<FourProviders> {
  const n = opts.conversations ?? 6;
  const clock = new VirtualClock(Date.now(), { autoAdvance: true });
  let offset = 0;
  const now = opts.providerClock ? { now: () => clock.now() + offset } : {};
  const [reactin, linkup, connectsafely, crispy] = await Promise.all([
    startReactInSimulator({ apiKey: 'rk_four', organizationId: 'org_four', conversations: n, seed: 11, ...now }),
    startLinkupSimulator({ apiKey: 'lk_four', accountId: 'acc_four', conversations: n, seed: 12, ...now }),
    startConnectSafelySimulator({ apiKey: 'cs_four', conversations: n, seed: 13, ...now, ...opts.connectsafely }),
    startCrispySimulator({ apiKey: 'crispy_four', conversations: n, seed: 14, ...now }),
  ]);
  const { dir, cleanup } = tempDataDir('inbox-four-');
  const dispatcher = new Agent();
  const core = await createCore({
    allowLoopbackBaseUrls: true, // its simulators listen on 127.0.0.1
    dataDir: dir,
    secrets: new MemorySecretStore(),
    dispatcher,
    seedDemo: opts.seedDemo ?? false,
    settings: sendAtOnce(),
    clock,
  });
  const accounts = {
    reactin: (await core.addAccount({ provider: 'reactin', name: 'ReactIn seat', apiKey: 'rk_four', config: { organizationId: 'org_four', baseUrl: reactin.baseUrl } })).id,
    linkup: (await core.addAccount({ provider: 'linkup', name: 'Linkup seat', apiKey: 'lk_four', config: { accountId: 'acc_four', baseUrl: linkup.baseUrl } })).id,
    connectsafely: (await core.addAccount({ provider: 'connectsafely', name: 'ConnectSafely seat', apiKey: 'cs_four', config: { baseUrl: connectsafely.baseUrl } })).id,
    crispy: (await core.addAccount({ provider: 'crispy', name: 'Crispy seat', apiKey: 'crispy_four', config: { baseUrl: crispy.baseUrl } })).id,
  };
  const sims = { reactin, linkup, connectsafely, crispy };
  return {
    core,
    sims,
    accounts,
    clock,
    setProviderClockOffset: (ms) => {
      offset = ms;
    },
    remoteIds: (p) =>
      p === 'reactin'
        ? reactin.conversations.map((c) => c.id)
        : p === 'linkup'
          ? linkup.conversations.map((c) => c.id)
          : p === 'connectsafely'
            ? connectsafely.conversations.map((c) => c.conversationUrn)
            : crispy.conversations.map((c) => c.chatId),
    sent: (p) =>
      p === 'reactin'
        ? reactin.sent.map((s) => [s.conversationId, s.content])
        : p === 'linkup'
          ? linkup.sent.map((s) => [s.conversationId, s.text])
          : p === 'connectsafely'
            ? connectsafely.sent.map((s) => [s.conversationUrn, s.message])
            : crispy.sent.map((s) => [s.chatId, s.text]),
    dispose: async () => {
      await core.close();
      await Promise.all([reactin.close(), linkup.close(), connectsafely.close(), crispy.close()]);
      await dispatcher.close();
      cleanup();
    },
  };
}
