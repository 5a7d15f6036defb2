import type { Account, AccountConfig, ProviderKind } from '../../src/shared/domain';
import { PROVIDER_CAPABILITIES } from '../../src/main/core/providers/capabilities';

/** An Account as the core would hand it to an adapter. */
export function testAccount(provider: ProviderKind, config: AccountConfig, name = 'Sales seat', id = 'acc-test-1'): Account {
  return {
    id,
    provider,
    name,
    config,
    createdAt: 0,
    status: { state: 'idle', message: null, lastSyncedAt: null, retryAt: null },
    capabilities: PROVIDER_CAPABILITIES[provider],
    usage: { creditsUsed: null, dailyCaps: [] },
  };
}
