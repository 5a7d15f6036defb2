import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../../src/main/core/errors';
import { KEYCHAIN_SERVICE, KeytarSecretStore, type KeytarApi } from '../../src/main/secrets/keytar';

const SECRET = 'sk-live-DO-NOT-LEAK-1234';

/** A keytar stand-in over a Map, keyed by service and account. */
function memoryKeytar(): KeytarApi & { entries: Map<string, string> } {
  const entries = new Map<string, string>();
  return {
    entries,
    getPassword: async (s, a) => entries.get(`${s}/${a}`) ?? null,
    setPassword: async (s, a, p) => void entries.set(`${s}/${a}`, p),
    deletePassword: async (s, a) => entries.delete(`${s}/${a}`),
  };
}

/** A keytar whose every call fails the way libsecret does without a session bus, echoing the input. */
function brokenKeytar(): KeytarApi {
  const fail = async (...args: unknown[]): Promise<never> => {
    throw new Error(`Cannot autolaunch D-Bus without X11 $DISPLAY (while handling ${JSON.stringify(args)})`);
  };
  return { getPassword: fail, setPassword: fail, deletePassword: fail };
}

async function keychainFailure(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => expect.fail('expected the keychain call to fail'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('KeytarSecretStore', () => {
  it("files each key under the 'linkedin-inbox' service with the account id as the account", async () => {
    const keytar = memoryKeytar();
    const store = new KeytarSecretStore(async () => keytar);
    await store.set('acc_1', SECRET);
    expect(KEYCHAIN_SERVICE).toBe('linkedin-inbox');
    expect([...keytar.entries.keys()]).toEqual(['linkedin-inbox/acc_1']);
    expect(await store.get('acc_1')).toBe(SECRET);
    await store.delete('acc_1');
    expect(await store.get('acc_1')).toBeNull();
  });

  it('loads keytar lazily, once', async () => {
    const load = vi.fn(async () => memoryKeytar());
    const store = new KeytarSecretStore(load);
    expect(load).not.toHaveBeenCalled();
    await store.get('a');
    await store.set('a', 'k');
    expect(load).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['get', (s: KeytarSecretStore) => s.get('acc_1')],
    ['set', (s: KeytarSecretStore) => s.set('acc_1', SECRET)],
    ['delete', (s: KeytarSecretStore) => s.delete('acc_1')],
  ])('turns a failing keychain on %s into a keychain error that says what to do, without the secret', async (_name, call) => {
    const err = await keychainFailure(call(new KeytarSecretStore(async () => brokenKeytar())));
    expect(err.code).toBe('keychain');
    expect(err.message).toMatch(/keychain could not be reached/i);
    expect(err.message).toMatch(/cannot be stored/i);
    expect(err.message).not.toContain(SECRET);
    expect(err.message).not.toContain('D-Bus'); // the backend's raw text stays in `cause`, for the log
    expect(JSON.stringify(err.toShape())).not.toContain(SECRET);
    expect(err.retryable).toBe(true);
  });

  it('reports a native module that cannot load as a keychain error, and tries again on the next call', async () => {
    const load = vi
      .fn<() => Promise<KeytarApi>>()
      .mockRejectedValueOnce(new Error('keytar.node: cannot open shared object file'))
      .mockResolvedValue(memoryKeytar());
    const store = new KeytarSecretStore(load);
    expect((await keychainFailure(store.get('acc_1'))).code).toBe('keychain');
    await store.set('acc_1', SECRET);
    expect(await store.get('acc_1')).toBe(SECRET);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('refuses an empty key or account id as bad input, without touching the keychain', async () => {
    const load = vi.fn(async () => memoryKeytar());
    const store = new KeytarSecretStore(load);
    expect((await keychainFailure(store.set('acc_1', ''))).code).toBe('invalid-input');
    expect((await keychainFailure(store.get(''))).code).toBe('invalid-input');
    expect(load).not.toHaveBeenCalled();
  });

  it('does not load electron (it runs under plain Node)', async () => {
    const { readFileSync } = await import('node:fs');
    const source = readFileSync(new URL('../../src/main/secrets/keytar.ts', import.meta.url), 'utf8');
    expect(source).not.toMatch(/from\s+'electron'|import\('electron'\)|require\('electron'\)/);
  });
});
