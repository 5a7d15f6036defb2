/**
 * No Secret Service at all: the session bus address points nowhere (an SSH session, a container,
 * a minimal window manager). The real keytar and libsecret answer the probe with a failure within
 * its bound instead of hanging, and the key vault says keys cannot be stored, and why. Its own
 * file: libsecret keeps the first bus it connects to for the life of the process, and vitest runs
 * each file in its own process (pool: 'forks').
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyVault } from '../../src/main/secrets/key-storage';
import { KeytarSecretStore } from '../../src/main/secrets/keytar';
import { EncryptedFileSecretStore } from '../../src/main/secrets/safe-storage';

const saved: Record<string, string | undefined> = {};
let root = '';

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'inbox-no-secret-service-'));
  const env = {
    DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(root, 'no-bus-here')}`,
    DISPLAY: undefined, // no X11: nothing may autolaunch a bus either
    XDG_RUNTIME_DIR: join(root, 'runtime'),
    XDG_CURRENT_DESKTOP: undefined,
    DESKTOP_SESSION: undefined,
  };
  for (const [key, value] of Object.entries(env)) {
    saved[key] = process.env[key];
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

afterAll(() => {
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  rmSync(root, { recursive: true, force: true });
});

describe('the real keytar with no Secret Service', () => {
  it('the probe reports it unavailable within its bound, with a sentence, instead of hanging', async () => {
    const problem = await new KeytarSecretStore().probe('linux', 3_000);
    // libsecret fails at once ("Could not connect: No such file or directory"): the sentence is that, not the bound's timeout.
    expect(problem).toBe('no Secret Service (GNOME Keyring or KWallet) is running in this session');
  });

  it('the vault says keys cannot be stored and why; with a plain-text safeStorage it offers no file, and storing fails with a sentence', async () => {
    const safeStorage = {
      isAsyncEncryptionAvailable: async () => true,
      getSelectedStorageBackend: () => 'basic_text', // what Electron reports without a Secret Service
      encryptStringAsync: async (): Promise<Buffer> => expect.fail('nothing may be encrypted with the plain-text backend'),
      decryptStringAsync: async (): Promise<{ result: string; shouldReEncrypt: boolean }> => expect.fail('nothing to decrypt'),
    };
    const vault = new KeyVault({
      platform: 'linux',
      keychain: new KeytarSecretStore(undefined, undefined, 20_000),
      file: new EncryptedFileSecretStore(root, () => safeStorage),
      safeStorage: () => safeStorage,
      choice: { get: () => 'keychain', set: () => expect.fail('the choice must not change') },
    });
    const status = await vault.status();
    expect(status.backend).toBe('none');
    expect(status.fallbackOffered).toBe(false);
    expect(status.problem).toMatch(/^The GNOME Keyring \/ Secret Service cannot be used: .*Secret Service.*\. An encrypted file is not offered either: /);
    await expect(vault.set('acc_1', 'sk-never-stored')).rejects.toMatchObject({
      code: 'keychain',
      message: expect.stringMatching(/^Keys cannot be stored: .*\. Install and unlock a keychain \(GNOME Keyring or KWallet\), then try again\.$/),
    });
    await expect(vault.get('acc_1')).rejects.toMatchObject({ code: 'keychain', message: expect.stringMatching(/^Cannot read the API key: the keychain is unavailable \(/) });
  });
});
