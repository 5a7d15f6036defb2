/**
 * A stored API key is bound to its provider and to the origin (scheme, host, port) it was typed
 * for. It is only ever sent there: a connection test, an edit or a sync that would send it to
 * another provider or another address is refused before any request, and the person types the
 * key again for the new place. The origin is kept with the account (accounts.key_origin).
 */
import type { Account, AccountConfig, ProviderKind } from '../../../shared/domain';
import { PROVIDER_LABELS } from '../../../shared/domain';
import { AppError } from '../errors';
import { originOf } from '../net/base-url';
import type { AccountStore } from '../store/accounts';

/** Where a request would send the key: a provider and the settings that name its address. */
export interface KeyDestination {
  provider: ProviderKind;
  config: AccountConfig;
}

/**
 * The sentence refusing to send `account`'s stored key to `to`, or null when `to` is the
 * provider and origin the key was saved for. `keyOrigin`: the origin stored with the key.
 */
export function storedKeyRefusal(account: Account, keyOrigin: string | null, to: KeyDestination): string | null {
  if (account.provider === 'demo') return null; // the demo has no key
  const saved = PROVIDER_LABELS[account.provider];
  if (to.provider !== account.provider) {
    return `The stored key of '${account.name}' is a ${saved} key and is only sent to ${saved}. Type a ${PROVIDER_LABELS[to.provider]} API key to try ${PROVIDER_LABELS[to.provider]}.`;
  }
  const origin = originOf(to.provider, to.config);
  if (keyOrigin === null || origin !== keyOrigin) {
    const where = keyOrigin === null ? 'the address it was saved for' : keyOrigin;
    return `The stored key of '${account.name}' is only sent to ${where}. To use ${origin ?? 'another address'}, type the API key again.`;
  }
  return null;
}

/** Throws 'auth' unless the account's saved settings still name the origin its key was saved for (checked before every request). */
export function assertKeyBound(account: Account, keyOrigin: string | null): void {
  const origin = originOf(account.provider, account.config);
  if (account.provider === 'demo' || (keyOrigin !== null && origin === keyOrigin)) return;
  throw new AppError(
    'auth',
    `The API key of '${account.name}' was saved for ${keyOrigin ?? 'another address'}, not ${origin ?? 'this base URL'}, so it is not sent there — type the key again in Settings.`,
  );
}

/** Accounts saved before keys were bound get the origin their saved settings name (the only place their key has gone). */
export function bindUnboundKeys(accounts: AccountStore): void {
  for (const a of accounts.list()) {
    if (a.provider === 'demo' || accounts.keyOrigin(a.id) !== null) continue;
    const origin = originOf(a.provider, a.config);
    if (origin !== null) accounts.setKeyOrigin(a.id, origin);
  }
}
