/**
 * The core when keys cannot be stored or read (no keychain, a locked one): adding or updating
 * an account fails with the SecretStore's sentence and saves nothing half; a key that cannot be
 * read makes that account's sync say so instead of crashing; and keyStorage() reports the port,
 * or without one, the SecretStore the core was given.
 */
import { Agent } from 'undici';
import { describe, expect, it } from 'vitest';
import { cleanupAfterEach } from '../support/cleanups';
import { createCore, MemorySecretStore, type InboxCore, type KeyStoragePort } from '../../src/main/core';
import { AppError } from '../../src/main/core/errors';
import type { KeyStorageStatus } from '../../src/shared/domain';
import { startReactInSimulator, type ReactInSim } from '../simulators/reactin';
import { tempDataDir } from '../support/core';

const KEY = 'rk_live_keystorage_7d21';
const NEW_KEY = 'rk_live_keystorage_rotated_9e03';
const ORG = 'org_keys';
const CANNOT_STORE = "Keys cannot be stored: no Secret Service (GNOME Keyring or KWallet) is running in this session. Switch to the encrypted file in Settings, or unlock or install a keychain.";
const CANNOT_READ = 'Cannot read the API key: the keychain is unavailable (the keychain is locked and could not be unlocked). Unlock it, or switch to the encrypted file in Settings and enter the key again.';

/** A SecretStore over memory whose writes or reads can be made to fail, as the shell's does. */
class FlakySecretStore extends MemorySecretStore {
  failSet: Error | null = null;
  failGet: Error | null = null;
  failDelete: Error | null = null;
  override async delete(id: string): Promise<void> {
    if (this.failDelete) throw this.failDelete;
    return super.delete(id);
  }
  override async set(id: string, secret: string): Promise<void> {
    if (this.failSet) throw this.failSet;
    return super.set(id, secret);
  }
  override async get(id: string): Promise<string | null> {
    if (this.failGet) throw this.failGet;
    return super.get(id);
  }
}

const defer = cleanupAfterEach();

async function world(opts: { keyStorage?: KeyStoragePort } = {}) {
  const sim: ReactInSim = await startReactInSimulator({ apiKey: KEY, organizationId: ORG, conversations: 3, getPerMinute: 1000, postPerMinute: 1000 });
  const { dir, cleanup } = tempDataDir('inbox-keystorage-');
  const secrets = new FlakySecretStore();
  const dispatcher = new Agent();
  const open = () => createCore({ allowLoopbackBaseUrls: true, dataDir: dir, secrets, dispatcher, keyStorage: opts.keyStorage });
  const w = { sim, secrets, core: await open(), reopen: async () => (w.core = await open()) };
  defer(cleanup, () => dispatcher.close(), () => sim.close(), () => w.core.close());
  return w;
}

const input = (sim: ReactInSim, apiKey = KEY) => ({ provider: 'reactin' as const, name: 'Sales seat', apiKey, config: { organizationId: ORG, baseUrl: sim.baseUrl } });

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => expect.fail('expected a refusal'),
    (e: unknown) => e,
  );
}

describe('keys that cannot be stored', () => {
  it('addAccount fails with the store’s sentence and leaves no account behind, also after a restart', async () => {
    const w = await world();
    w.secrets.failSet = new AppError('keychain', CANNOT_STORE);
    const err = await rejection(w.core.addAccount(input(w.sim)));
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).toShape()).toEqual({ code: 'keychain', message: CANNOT_STORE });
    expect(await w.core.listAccounts()).toEqual([]);
    await w.core.close();
    await w.reopen();
    expect(await w.core.listAccounts()).toEqual([]);
    expect((await w.core.listConversations({ view: 'all' })).total).toBe(0);
  });

  it('a store that throws something untyped still leaves no account behind', async () => {
    const w = await world();
    w.secrets.failSet = new Error('dbus: org.freedesktop.secrets not provided');
    await expect(w.core.addAccount(input(w.sim))).rejects.toThrow();
    expect(await w.core.listAccounts()).toEqual([]);
  });

  it('updateAccount with a new key fails with the sentence and changes nothing: old key, old name', async () => {
    const w = await world();
    const account = await w.core.addAccount(input(w.sim));
    w.sim.setApiKey(NEW_KEY);
    w.secrets.failSet = new AppError('keychain', CANNOT_STORE);
    const err = await rejection(w.core.updateAccount(account.id, { name: 'Renamed', apiKey: NEW_KEY }));
    expect((err as AppError).toShape()).toEqual({ code: 'keychain', message: CANNOT_STORE });
    expect(await w.secrets.get(account.id)).toBe(KEY);
    expect((await w.core.listAccounts()).map((a) => a.name)).toEqual(['Sales seat']);
  });
});

describe('keys that cannot be read', () => {
  it("sync of that account says so on the account, and the rest of the app keeps working", async () => {
    const w = await world();
    const account = await w.core.addAccount(input(w.sim));
    await w.core.syncNow(account.id);
    const before = (await w.core.listConversations({ view: 'all' })).total;
    expect(before).toBeGreaterThan(0);

    // Restart with the keychain gone: the core opens; the sync fails with a sentence, not a crash.
    await w.core.close();
    w.secrets.failGet = new AppError('keychain', CANNOT_READ, { retryable: true });
    await w.reopen();
    await expect(w.core.syncNow(account.id)).rejects.toMatchObject({ code: 'keychain', message: CANNOT_READ });
    const [shown] = await w.core.listAccounts();
    expect(shown!.status.state).toBe('error');
    expect(shown!.status.message).toBe(CANNOT_READ);
    // Every account at once never throws, and the cache still answers.
    await expect(w.core.syncNow()).resolves.toBeUndefined();
    expect((await w.core.listConversations({ view: 'all' })).total).toBe(before);
  });
});

describe('keyStorage()', () => {
  it('without a port, reports the SecretStore it was given, honestly, and refuses the switch with a sentence', async () => {
    const w = await world();
    expect(await w.core.keyStorage()).toEqual({
      backend: 'keychain',
      description: 'memory only (this process; keys are forgotten when it ends)',
      problem: null,
      fallbackOffered: false,
    });
    const err = await rejection(w.core.useEncryptedKeyStorage());
    expect((err as AppError).toShape()).toEqual({
      code: 'keychain',
      message: 'Keys are kept in memory only (this process; keys are forgotten when it ends) here; there is no encrypted file to switch to.',
    });
  });

  it("passes the port's status and switch through, and its refusal too", async () => {
    const none: KeyStorageStatus = { backend: 'none', description: 'nowhere yet', problem: 'The keychain cannot be used: it is locked.', fallbackOffered: true };
    const file: KeyStorageStatus = { backend: 'encrypted-file', description: "an encrypted file in the app's data folder, locked with KWallet", problem: null, fallbackOffered: false };
    let current = none;
    let refuse: AppError | null = null;
    const port: KeyStoragePort = {
      status: async () => current,
      useEncryptedFile: async () => {
        if (refuse) throw refuse;
        return (current = file);
      },
    };
    const w = await world({ keyStorage: port });
    expect(await w.core.keyStorage()).toEqual(none);
    refuse = new AppError('keychain', 'An encrypted file cannot be used instead: it would be plain text.');
    await expect(w.core.useEncryptedKeyStorage()).rejects.toMatchObject({ code: 'keychain', message: 'An encrypted file cannot be used instead: it would be plain text.' });
    expect(await w.core.keyStorage()).toEqual(none);
    refuse = null;
    expect(await w.core.useEncryptedKeyStorage()).toEqual(file);
    expect(await w.core.keyStorage()).toEqual(file);
  });

  it('removes an account even when the keychain cannot delete its key, and says where the key is left', async () => {
    const w = await world();
    const account = await w.core.addAccount(input(w.sim));
    const events: unknown[] = [];
    w.core.onChanged((e) => events.push(e));
    w.secrets.failDelete = new Error('The keychain is locked.');
    const err = await rejection(w.core.removeAccount(account.id));
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('keychain');
    expect((err as AppError).message).toBe("'Sales seat' is removed, but its API key could not be deleted from memory only (this process; keys are forgotten when it ends) (The keychain is locked). Delete it there, or revoke the key at ReactIn.");
    expect(await w.core.listAccounts()).toEqual([]);
    expect(events).toContainEqual({ accounts: true, conversations: 'all' });
  });
});
