/**
 * A stored key is bound to its provider and its origin (issue 13, item 1): every path that could
 * send it somewhere else (testAccount with the stored key, updateAccount without a new key, sync
 * after such an edit) is refused before any request, for every provider. A canary server on
 * 127.0.0.1 stands for the other place.
 */
import { describe, expect, it } from 'vitest';
import type { InboxCore } from '../../src/main/core';
import { createInboxDispatcher } from '../../src/main/ipc/handlers';
import type { AccountConfig, ProviderKind } from '../../src/shared/domain';
import { fourProviders, type FourProviders } from '../support/four-providers';
import { startCanary, type Canary } from '../support/canary';
import { cleanupAfterEach } from '../support/cleanups';

const onCleanup = cleanupAfterEach();
type Connectable = Exclude<ProviderKind, 'demo'>;
const PROVIDERS: Connectable[] = ['reactin', 'linkup', 'connectsafely', 'crispy'];
const KEYS: Record<Connectable, string> = { reactin: 'rk_four', linkup: 'lk_four', connectsafely: 'cs_four', crispy: 'crispy_four' };
const LABELS: Record<Connectable, string> = { reactin: 'ReactIn', linkup: 'Linkup', connectsafely: 'ConnectSafely', crispy: 'Crispy' };

async function world(): Promise<{ four: FourProviders; canary: Canary; core: InboxCore }> {
  const four = await fourProviders({ conversations: 2 });
  const canary = await startCanary();
  onCleanup(() => four.dispose(), () => canary.close());
  return { four, canary, core: four.core };
}

/** Requests each simulator has received so far. */
function counts(four: FourProviders): Record<Connectable, number> {
  return Object.fromEntries(PROVIDERS.map((p) => [p, four.sims[p].requests.length])) as Record<Connectable, number>;
}

function configOf(core: InboxCore, id: string): Promise<AccountConfig> {
  return core.listAccounts().then((all) => all.find((a) => a.id === id)!.config);
}

/** The settings another provider needs, pointed at `baseUrl`. */
function otherConfig(provider: Connectable, baseUrl: string): AccountConfig {
  return provider === 'reactin' ? { organizationId: 'org_four', baseUrl } : provider === 'linkup' ? { accountId: 'acc_four', baseUrl } : { baseUrl };
}

describe.each(PROVIDERS)('a stored %s key', (provider) => {
  it('is not sent to a new base URL by a connection test, and the person is told to type it again', async () => {
    const { four, canary, core } = await world();
    const id = four.accounts[provider];
    const saved = await configOf(core, id);
    const before = counts(four);
    const verdict = await core.testAccount({ provider, name: 'Moved', config: { ...saved, baseUrl: `${canary.origin}/api` } }, id);
    expect(verdict).toEqual({
      ok: false,
      code: 'invalid-input',
      message: `The stored key of '${LABELS[provider]} seat' is only sent to ${new URL(saved.baseUrl!).origin}. To use ${canary.origin}, type the API key again.`,
    });
    expect(canary.connections).toBe(0);
    expect(counts(four)).toEqual(before);
  });

  it('is not sent to another provider by a connection test', async () => {
    const { four, canary, core } = await world();
    const id = four.accounts[provider];
    for (const other of PROVIDERS.filter((p) => p !== provider)) {
      // At the other provider's own simulator, and at the canary: neither hears the key.
      for (const baseUrl of [four.sims[other].baseUrl, `${canary.origin}/api`]) {
        const before = counts(four);
        const verdict = await core.testAccount({ provider: other, name: 'Switched', config: otherConfig(other, baseUrl) }, id);
        expect(verdict).toMatchObject({ ok: false, code: 'invalid-input' });
        expect(verdict.message).toBe(
          `The stored key of '${LABELS[provider]} seat' is a ${LABELS[provider]} key and is only sent to ${LABELS[provider]}. Type a ${LABELS[other]} API key to try ${LABELS[other]}.`,
        );
        expect(counts(four)).toEqual(before);
      }
    }
    expect(canary.connections).toBe(0);
    expect(canary.saw(KEYS[provider])).toBe(false);
  });

  it('is not moved to a new base URL by an edit without the key, and sync keeps sending it only where it was saved', async () => {
    const { four, canary, core } = await world();
    const id = four.accounts[provider];
    const saved = await configOf(core, id);
    const before = counts(four);
    await expect(core.updateAccount(id, { config: { ...saved, baseUrl: `${canary.origin}/api` } })).rejects.toMatchObject({
      code: 'invalid-input',
      message: `The stored key of '${LABELS[provider]} seat' is only sent to ${new URL(saved.baseUrl!).origin}. To use ${canary.origin}, type the API key again.`,
    });
    expect(counts(four)).toEqual(before);
    expect(await configOf(core, id)).toEqual(saved);
    await core.syncNow(id);
    expect(canary.connections).toBe(0);
    expect(four.sims[provider].requests.length).toBeGreaterThan(before[provider]);
  });

  it('moves with the person when they type the key again for the new address', async () => {
    const { four, canary, core } = await world();
    const id = four.accounts[provider];
    const saved = await configOf(core, id);
    // The canary is not the provider: the typed key is tried there, and the edit is refused without quoting its answer.
    await expect(core.updateAccount(id, { config: { ...saved, baseUrl: `${canary.origin}/api` }, apiKey: 'typed-again-0001' })).rejects.toMatchObject({
      message: expect.not.stringContaining('typed-again-0001'),
    });
    expect(canary.saw('typed-again-0001')).toBe(true);
    expect(canary.saw(KEYS[provider])).toBe(false);
    expect(await configOf(core, id)).toEqual(saved);
  });

  it('cannot be pointed at another provider through IPC (the provider of an account is fixed)', async () => {
    const { four, canary, core } = await world();
    const id = four.accounts[provider];
    const dispatch = createInboxDispatcher(core);
    const before = counts(four);
    const other = PROVIDERS.find((p) => p !== provider)!;
    const edit = await dispatch('updateAccount', [id, { provider: other, config: otherConfig(other, `${canary.origin}/api`) }]);
    expect(edit).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const test = await dispatch('testAccount', [{ provider: other, name: 'Switched', config: otherConfig(other, `${canary.origin}/api`) }, id]);
    expect(test).toMatchObject({ ok: true, value: { ok: false, code: 'invalid-input', message: expect.stringMatching(/is only sent to/) } });
    const moved = await dispatch('testAccount', [{ provider, name: 'Moved', config: { ...(await configOf(core, id)), baseUrl: `${canary.origin}/api` } }, id]);
    expect(moved).toMatchObject({ ok: true, value: { ok: false, code: 'invalid-input', message: expect.stringMatching(/type the API key again/) } });
    const update = await dispatch('updateAccount', [id, { config: { ...(await configOf(core, id)), baseUrl: `${canary.origin}/api` } }]);
    expect(update).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringMatching(/type the API key again/) } });
    expect(canary.connections).toBe(0);
    expect(counts(four)).toEqual(before);
    expect((await core.listAccounts()).find((a) => a.id === id)!.provider).toBe(provider);
  });
});
