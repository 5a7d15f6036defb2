/** Builds the adapter for an account. The one place that knows every provider kind. */
import type { Account } from '../../../shared/domain';
import { PROVIDER_LABELS } from '../../../shared/domain';
import { DemoProvider } from '../demo/provider';
import { AppError } from '../errors';
import type { Provider, ProviderContext } from './types';
import { createConnectSafelyProvider } from './connectsafely/adapter';
import { createCrispyProvider } from './crispy/adapter';
import { createLinkupProvider } from './linkup/adapter';
import { createReactInProvider } from './reactin/adapter';

/** Provider kinds this build can connect to. */
export const SUPPORTED_PROVIDERS = ['reactin', 'linkup', 'connectsafely', 'crispy', 'demo'] as const;

export function createProvider(ctx: ProviderContext): Provider {
  const { account } = ctx;
  switch (account.provider) {
    case 'demo':
      return new DemoProvider(account.id, account.createdAt, ctx.clock);
    case 'reactin':
      return createReactInProvider(ctx);
    case 'linkup':
      return createLinkupProvider(ctx);
    case 'connectsafely':
      return createConnectSafelyProvider(ctx);
    case 'crispy':
      return createCrispyProvider(ctx);
    default:
      throw unsupported(account);
  }
}

function unsupported(account: Account): AppError {
  return new AppError('invalid-input', `${PROVIDER_LABELS[account.provider]} accounts are not supported in this version yet.`);
}
