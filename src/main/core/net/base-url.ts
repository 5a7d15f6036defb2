/**
 * Where an account's requests go: the provider's own address, or a base URL the person typed for a
 * self-hosted or regional instance. A typed base URL is checked here before anything is saved or
 * sent: https, no user name, password, query or fragment, and never this computer or a private
 * network (unless whoever created the core allowed loopback, for local test servers).
 */
import type { AccountConfig, ProviderKind } from '../../../shared/domain';
import { PROVIDER_LABELS } from '../../../shared/domain';
import { isLoopbackHost } from '../../../shared/links';
import { invalidInput } from '../errors';
import { CONNECTSAFELY_DEFAULT_BASE_URL } from '../providers/connectsafely/adapter';
import { CRISPY_DEFAULT_BASE_URL } from '../providers/crispy/api';
import { LINKUP_DEFAULT_BASE_URL } from '../providers/linkup/adapter';
import { REACTIN_DEFAULT_BASE_URL } from '../providers/reactin/adapter';
import { isPrivateAddress } from './public-address';

/** Each provider's own API address, used when an account names none. */
export const DEFAULT_BASE_URLS: Readonly<Record<Exclude<ProviderKind, 'demo'>, string>> = {
  reactin: REACTIN_DEFAULT_BASE_URL,
  linkup: LINKUP_DEFAULT_BASE_URL,
  connectsafely: CONNECTSAFELY_DEFAULT_BASE_URL,
  crispy: CRISPY_DEFAULT_BASE_URL,
};

/** What the creator of the core allows beyond public https addresses. */
export interface AddressRules {
  /** Base URLs on this computer (127.0.0.1, localhost, [::1]), over http or https: tests and development only. */
  allowLoopback: boolean;
}

/** The origin (scheme, host, port) an account's requests go to, or null for the demo or an unreadable base URL. */
export function originOf(provider: ProviderKind, config: AccountConfig): string | null {
  if (provider === 'demo') return null;
  const raw = config.baseUrl?.trim() || DEFAULT_BASE_URLS[provider];
  try {
    return new URL(raw).origin;
  } catch {
    return null;
  }
}

/** Whether `origin` is the provider's own API address (not one the person typed). */
export function isProviderOrigin(provider: ProviderKind, origin: string): boolean {
  return provider !== 'demo' && new URL(DEFAULT_BASE_URLS[provider]).origin === origin;
}

/** Whether a URL's host is this computer by name or loopback literal ("localhost." and *.localhost included, RFC 6761). */
export function namesThisComputer(hostname: string): boolean {
  const host = hostname.replace(/\.$/, '');
  return isLoopbackHost(host) || host.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Checks a typed base URL for `provider`; throws 'invalid-input' with a sentence that says what to change. */
export function checkBaseUrl(raw: string, provider: ProviderKind, rules: AddressRules): URL {
  const label = PROVIDER_LABELS[provider] ?? 'the provider';
  const own = provider !== 'demo' ? ` (or leave it empty for ${DEFAULT_BASE_URLS[provider]})` : '';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalidInput(`The base URL is not a valid address; it should look like https://api.example.com/v1${own}.`);
  }
  if (url.username !== '' || url.password !== '') {
    throw invalidInput(`The base URL carries a user name or password; remove them — the API key is sent on its own${own}.`);
  }
  if (url.search !== '' || url.hash !== '' || /[?#]/.test(raw)) {
    throw invalidInput(`The base URL may not contain a query (?…) or a fragment (#…); give only the address, like https://api.example.com/v1${own}.`);
  }
  const local = namesThisComputer(url.hostname);
  if (local && !rules.allowLoopback) {
    throw invalidInput(`The base URL points at this computer (${url.hostname}); ${label} keys are only sent to public addresses${own}.`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    throw invalidInput(`The base URL must use https://${own}.`);
  }
  if (!local && isPrivateAddress(url.hostname)) {
    throw invalidInput(`The base URL points at a private or reserved network address (${url.hostname}); ${label} keys are only sent to public addresses${own}.`);
  }
  return url;
}
