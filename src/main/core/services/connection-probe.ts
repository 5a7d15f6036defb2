/**
 * Checking an account's settings: what a person typed (checkAccountInput), and a connection test
 * against the provider that saves nothing (probeConnection). A stored key goes only to the
 * provider and origin it was saved for.
 */
import type { Account, AccountConfig, ConnectionVerdict, NewAccount, ProviderKind } from '../../../shared/domain';
import { PROVIDER_LABELS } from '../../../shared/domain';
import { failedVerdict } from '../accounts/connection-verdict';
import { checkDailyCapSetting } from '../accounts/daily-cap-setting';
import { storedKeyRefusal } from '../accounts/key-binding';
import { invalidInput, toErrorShape, type AppError } from '../errors';
import { checkBaseUrl, isProviderOrigin, originOf, type AddressRules } from '../net/base-url';
import { PROVIDER_CAPABILITIES } from '../providers/capabilities';
import { createProvider, SUPPORTED_PROVIDERS } from '../providers/registry';
import type { Provider } from '../providers/types';
import type { CoreParts } from './parts';
import type { ProviderPool } from './provider-pool';

/** Checks and trims what a person typed for an account; throws 'invalid-input' with a sentence. */
export function checkAccountInput(provider: ProviderKind, rawName: string, rawConfig: AccountConfig, rules: AddressRules): { name: string; config: AccountConfig } {
  const name = rawName.trim();
  if (!name) throw invalidInput('Give the account a name.');
  if (!(SUPPORTED_PROVIDERS as readonly string[]).includes(provider)) {
    throw invalidInput(`${PROVIDER_LABELS[provider] ?? 'This provider'} accounts are not supported in this version yet.`);
  }
  const config = Object.fromEntries(
    Object.entries(rawConfig)
      .filter(([, v]) => typeof v === 'string' && v.trim() !== '')
      .map(([k, v]) => [k, (v as string).trim()]),
  ) as AccountConfig;
  // Half of an emoji (a lone surrogate, from a bad paste) cannot be put in a URL: say so, rather than fail inside an adapter.
  if (Object.values(config).some((v) => /\p{Cs}/u.test(v as string))) throw invalidInput('An account setting contains a broken character (half of an emoji or symbol) — retype it.');
  if (provider === 'reactin' && !config.organizationId) throw invalidInput('ReactIn needs the Organization ID from Settings → API Keys in ReactIn.');
  if (provider === 'linkup' && !config.accountId) throw invalidInput('Linkup needs the account_id of the connected LinkedIn account (from Linkup’s accounts page).');
  if (config.baseUrl !== undefined) checkBaseUrl(config.baseUrl, provider, rules);
  checkDailyCapSetting(provider, config);
  return { name, config };
}

/**
 * Runs the provider's connection test without saving anything; reports the verdict and any
 * credits it cost. For an existing account (`accountId`), a missing key means the stored one.
 */
export async function probeConnection(parts: CoreParts, pool: ProviderPool, input: NewAccount, accountId?: string): Promise<{ verdict: ConnectionVerdict; credits: number }> {
  let checked: { name: string; config: AccountConfig };
  try {
    checked = checkAccountInput(input.provider, input.name, input.config, pool.addressRules);
  } catch (err) {
    return { verdict: { ok: false, code: 'invalid-input', message: (err as AppError).message }, credits: 0 };
  }
  const typed = input.apiKey?.trim();
  const saved = accountId ? parts.accounts.get(accountId) : null;
  // A stored key goes only to the provider and origin it was saved for: refused before any request.
  const refusal = saved && !typed ? storedKeyRefusal(saved, parts.accounts.keyOrigin(saved.id), { provider: input.provider, config: checked.config }) : null;
  if (refusal) return { verdict: { ok: false, code: 'invalid-input', message: refusal }, credits: 0 };
  const key = typed || (accountId ? await parts.opts.secrets.get(accountId) : null);
  const label = PROVIDER_LABELS[input.provider];
  if (input.provider !== 'demo' && !key) return { verdict: { ok: false, code: 'invalid-input', message: `Enter the ${label} API key.` }, credits: 0 };
  const probe: Account = {
    id: accountId ?? 'unsaved',
    provider: input.provider,
    name: checked.name,
    config: checked.config,
    createdAt: parts.clock.now(),
    status: { state: 'idle', message: null, lastSyncedAt: null, retryAt: null },
    capabilities: PROVIDER_CAPABILITIES[input.provider],
    usage: { creditsUsed: null, dailyCaps: [] },
  };
  const origin = originOf(input.provider, checked.config);
  // Trusted: the provider's own address, or the one this account's key was saved for.
  const trusted = origin === null || isProviderOrigin(input.provider, origin) || (saved?.provider === input.provider && parts.accounts.keyOrigin(saved.id) === origin);
  let credits = 0;
  let provider: Provider;
  try {
    provider = createProvider({
      account: probe,
      dispatcher: pool.routes.dispatcherFor(input.provider, checked.config),
      clock: parts.clock,
      // Counted: the server counts the connection test in the same window as what follows.
      budget: accountId ? pool.budgets.forAccount(accountId, input.provider) : pool.budgets.forUnsaved(input.provider, origin, key ?? ''),
      signal: parts.lifecycle.signal,
      getApiKey: async () => key ?? '',
      reportUsage: (u) => {
        if (u.kind === 'credits') credits += u.consumed;
      },
      quoteServerText: trusted,
    });
  } catch (err) {
    const shape = toErrorShape(err); // the adapter's check of the settings: nothing was sent
    return { verdict: { ok: false, code: shape.code, message: shape.message }, credits };
  }
  try {
    await provider.testConnection();
    return { verdict: { ok: true, message: `Connected to ${label}: the key and settings of '${checked.name}' work.` }, credits };
  } catch (err) {
    if (input.provider === 'demo' || origin === null) return { verdict: { ok: false, ...toErrorShape(err) }, credits };
    return { verdict: failedVerdict(err, { provider: input.provider, origin, trusted, key }), credits };
  }
}
