/**
 * One provider client per account, built on first use, with the account's request budget, its
 * outbound route (address rules, proxy) and a key reader that re-checks the key's binding before
 * every request. Editing or removing an account forgets its client.
 */
import type { Account } from '../../../shared/domain';
import { assertKeyBound } from '../accounts/key-binding';
import { AppError } from '../errors';
import { checkBaseUrl, type AddressRules } from '../net/base-url';
import { ProviderRoutes } from '../net/outbound';
import { AccountBudgets } from '../providers/account-budgets';
import { createProvider } from '../providers/registry';
import type { Provider, ProviderContext } from '../providers/types';
import type { CoreParts } from './parts';

export class ProviderPool {
  private readonly providers = new Map<string, Provider>();
  readonly budgets: AccountBudgets;
  readonly routes: ProviderRoutes;
  readonly addressRules: AddressRules;

  constructor(private readonly parts: CoreParts) {
    this.budgets = new AccountBudgets(parts.clock);
    this.addressRules = { allowLoopback: parts.opts.allowLoopbackBaseUrls ?? false };
    this.routes = new ProviderRoutes(parts.opts.dispatcher, this.addressRules);
  }

  /** The account's provider client, built on first use. */
  providerFor(account: Account): Provider {
    let p = this.providers.get(account.id);
    if (!p) {
      p = createProvider(this.contextFor(account));
      this.providers.set(account.id, p);
    }
    return p;
  }

  /** What a request for a saved account goes out with: its route, budget, key reader and credit counter. */
  contextFor(account: Account): ProviderContext {
    return {
      account,
      dispatcher: this.routes.dispatcherFor(account.provider, account.config),
      clock: this.parts.clock,
      budget: this.budgets.forAccount(account.id, account.provider),
      signal: this.parts.lifecycle.signal,
      reportUsage: (u) => {
        if (u.kind === 'credits' && u.consumed > 0) this.parts.accounts.addCredits(account.id, u.consumed);
      },
      getApiKey: this.keyReader(account),
    };
  }

  /** Today's daily caps of an account whose client is built (none otherwise: nothing was counted). */
  dailyCaps(accountId: string): Account['usage']['dailyCaps'] {
    return this.providers.get(accountId)?.dailyCaps?.() ?? [];
  }

  /** Today's cap left for a provider action ('organize', 'read'), or null when uncapped. */
  capLeft(accountId: string, action: string): number | null {
    const account = this.parts.accounts.get(accountId);
    const cap = account ? this.providerFor(account).dailyCaps?.().find((c) => c.action === action) : undefined;
    return cap ? cap.limit - cap.used : null;
  }

  /** Forgets an account's client (rebuilt with new settings on next use). */
  forget(accountId: string): void {
    this.providers.delete(accountId);
  }

  /** Closes the outbound routes (at close, after every request has settled). */
  close(): Promise<void> {
    return this.routes.close();
  }

  /** Reads the account's key before every request: it goes only where it was saved for, and only to an address allowed now. */
  private keyReader(account: Account): () => Promise<string> {
    return async () => {
      assertKeyBound(account, this.parts.accounts.keyOrigin(account.id));
      if (account.config.baseUrl !== undefined) checkBaseUrl(account.config.baseUrl, account.provider, this.addressRules);
      const key = await this.parts.opts.secrets.get(account.id);
      if (!key) throw new AppError('auth', `There is no API key for '${account.name}' in the keychain — add it in Settings.`);
      return key;
    };
  }
}
