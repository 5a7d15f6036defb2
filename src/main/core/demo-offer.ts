/**
 * Onboarding: the demo account is there until the person has their own conversations. Once the
 * first real (non-demo) account has finished its first sync, the app offers, once, to remove the
 * demo; the answer is kept in the cache's meta table so the question is never asked again.
 */
import type { Account, DemoOffer } from '../../shared/domain';
import type { MetaStore } from './store/meta';

/** The meta key that holds the answer ('removed' or 'kept'); absent until the person answers. */
export const DEMO_OFFER_ANSWER = 'demo_offer_answer';

/** The offer to make now, or null: no demo, no real account synced yet, or already answered. */
export function demoOfferFor(accounts: readonly Account[], meta: MetaStore): DemoOffer | null {
  if (meta.get(DEMO_OFFER_ANSWER) !== null) return null;
  const demo = accounts.find((a) => a.provider === 'demo');
  // The oldest real account whose first sync finished: its conversations are in the inbox now.
  const synced = accounts.filter((a) => a.provider !== 'demo' && a.status.lastSyncedAt !== null).sort((a, b) => a.createdAt - b.createdAt)[0];
  return demo && synced ? { demoAccountId: demo.id, accountName: synced.name } : null;
}

/** Remembers the person's answer, so the offer is made once. */
export function rememberDemoAnswer(meta: MetaStore, removed: boolean): void {
  meta.set(DEMO_OFFER_ANSWER, removed ? 'removed' : 'kept');
}
