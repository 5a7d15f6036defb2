/**
 * Which dispatcher carries an account's requests. The provider's own address goes through the
 * dispatcher the core was given. Any other host, a base URL someone typed, goes through an Agent
 * of the core's own that connects only to public addresses, checked on the address actually
 * connected to (a name cannot resolve to a public address for a check and a private one for the
 * connection).
 *
 * When the core's creator allowed loopback base URLs (tests, development builds), every request
 * goes through the given dispatcher, as profile pictures do with allowLoopbackImages: tests watch
 * it and keep every request on 127.0.0.1. The typed base URL is still checked (checkBaseUrl).
 */
import type { Agent, Dispatcher } from 'undici';
import type { AccountConfig, ProviderKind } from '../../../shared/domain';
import { isProviderOrigin, originOf, type AddressRules } from './base-url';
import { publicOnlyAgent } from './public-address';

export class ProviderRoutes {
  private guarded: Agent | null = null;

  constructor(
    private readonly dispatcher: Dispatcher,
    private readonly rules: AddressRules,
  ) {}

  /** The dispatcher for an account's requests, by the origin its settings name. */
  dispatcherFor(provider: ProviderKind, config: AccountConfig): Dispatcher {
    const origin = originOf(provider, config);
    if (this.rules.allowLoopback || origin === null || isProviderOrigin(provider, origin)) return this.dispatcher;
    this.guarded ??= publicOnlyAgent({ bodyTimeoutMs: 60_000 });
    return this.guarded;
  }

  /** Closes the Agent of its own, if one was made. */
  async close(): Promise<void> {
    await this.guarded?.destroy().catch(() => undefined);
  }
}
