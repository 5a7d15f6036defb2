/**
 * The request budget of every account, and of accounts not saved yet: the connection test made
 * while adding an account (or testing its settings before saving) goes to the same server under
 * the same key, and the server counts it in the same window as the first sync that follows.
 */
import { createHash } from 'node:crypto';
import type { ProviderKind } from '../../../shared/domain';
import type { Clock } from '../ports';
import { RATE_RULES, RequestBudget } from './budget';

/** Unsaved settings tried recently; older ones' windows have long emptied. */
const MAX_UNSAVED = 16;

export class AccountBudgets {
  private readonly saved = new Map<string, RequestBudget>();
  /** Keyed by a hash of provider, address and key: the key itself is never kept here. */
  private readonly unsaved = new Map<string, RequestBudget>();

  constructor(private readonly clock: Clock) {}

  /** The budget of a saved account, for its lifetime in this process. */
  forAccount(accountId: string, provider: ProviderKind): RequestBudget {
    let b = this.saved.get(accountId);
    if (!b) {
      b = new RequestBudget(RATE_RULES[provider], this.clock);
      this.saved.set(accountId, b);
    }
    return b;
  }

  /** The budget of settings not saved yet, shared by every test of the same key at the same address. */
  forUnsaved(provider: ProviderKind, origin: string | null, key: string): RequestBudget {
    const id = unsavedId(provider, origin, key);
    let b = this.unsaved.get(id);
    if (!b) {
      b = new RequestBudget(RATE_RULES[provider], this.clock);
      this.unsaved.set(id, b);
      if (this.unsaved.size > MAX_UNSAVED) this.unsaved.delete(this.unsaved.keys().next().value!);
    }
    return b;
  }

  /** A new account takes over the budget its connection tests counted in. */
  adopt(accountId: string, provider: ProviderKind, origin: string | null, key: string): void {
    const id = unsavedId(provider, origin, key);
    const b = this.unsaved.get(id);
    if (!b) return;
    this.unsaved.delete(id);
    this.saved.set(accountId, b);
  }

  delete(accountId: string): void {
    this.saved.delete(accountId);
  }
}

function unsavedId(provider: ProviderKind, origin: string | null, key: string): string {
  return createHash('sha256').update(`${provider}\u0000${origin ?? ''}\u0000${key}`).digest('hex');
}
