/**
 * Onboarding around the demo account, as pure rules the components and the store share: when
 * the list is all demo data (a banner says so), and when the core may have the one offer to
 * remove the demo (a real account finished its first sync), so the store asks only then.
 */
import type { Account } from '../../shared/domain';

/** Every account is the demo: whatever the list shows is generated data. */
export function onlyDemo(accounts: readonly Account[]): boolean {
  return accounts.length > 0 && accounts.every((a) => a.provider === 'demo');
}

/** A demo account and a real account whose first sync finished: the core may have an offer to make. */
export function mayOfferDemoRemoval(accounts: readonly Account[]): boolean {
  return accounts.some((a) => a.provider === 'demo') && accounts.some((a) => a.provider !== 'demo' && a.status.lastSyncedAt !== null);
}
