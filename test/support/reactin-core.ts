import { Agent } from 'undici';
import { createCore, MemorySecretStore, type InboxCore } from '../../src/main/core';
import type { Clock, CrashPoint, Notifier } from '../../src/main/core/ports';
import { startReactInSimulator, type ReactInSim, type ReactInSimOptions } from '../simulators/reactin';
import { VirtualClock } from './clock';
import { sendAtOnce, tempDataDir } from './core';

export interface ReactInWorld {
  sim: ReactInSim;
  core: InboxCore;
  accountId: string;
  dataDir: string;
  secrets: MemorySecretStore;
  dispatcher: Agent;
  /** Opens the core again on the same data directory (after close). */
  reopen(): Promise<InboxCore>;
  dispose(): Promise<void>;
}

/** A core with one ReactIn account pointed at a fresh simulator. */
export async function reactInWorld(opts: Partial<ReactInSimOptions> & { clock?: Clock; notifier?: Notifier; crashPoint?: (point: CrashPoint) => void } = {}): Promise<ReactInWorld> {
  const sim = await startReactInSimulator({ apiKey: 'rk_test_5f1e', organizationId: 'org_test', getPerMinute: 1000, postPerMinute: 1000, ...opts });
  const { dir, cleanup } = tempDataDir();
  const secrets = new MemorySecretStore();
  const dispatcher = new Agent();
  // The core keeps ReactIn's documented 30 GET a minute whatever the simulator allows, so by
  // default its waits run on a virtual clock that jumps ahead instead of sleeping.
  const clock = opts.clock ?? new VirtualClock(Date.now(), { autoAdvance: true });
  const settings = sendAtOnce();
  const open = () => createCore({ allowLoopbackBaseUrls: true, dataDir: dir, secrets, dispatcher, clock, settings, notifier: opts.notifier, crashPoint: opts.crashPoint });
  const world: ReactInWorld = {
    sim,
    core: await open(),
    accountId: '',
    dataDir: dir,
    secrets,
    dispatcher,
    reopen: async () => (world.core = await open()),
    dispose: async () => {
      await world.core.close();
      await sim.close();
      await dispatcher.close();
      cleanup();
    },
  };
  const account = await world.core.addAccount({ provider: 'reactin', name: 'Sales seat', apiKey: 'rk_test_5f1e', config: { organizationId: 'org_test', baseUrl: sim.baseUrl } });
  world.accountId = account.id;
  return world;
}

/** Local id of the simulator conversation `remoteId`. */
export function localId(world: ReactInWorld, remoteId: string): string {
  const id = world.core.conversationIdFor(world.accountId, remoteId);
  if (!id) throw new Error(`no local conversation for ${remoteId}`);
  return id;
}
