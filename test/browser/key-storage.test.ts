/**
 * Keys that cannot be stored, in a real Chromium: the shell's key vault (the real KeyVault and
 * encrypted-file store, with a keychain that has no Secret Service behind it and a stand-in for
 * Electron's safeStorage) behind a real core. Settings names where keys are kept, warns when they
 * cannot be stored and why, offers the encrypted file only when safeStorage is not plain text,
 * and the add-account form shows the core's sentence.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Agent } from 'undici';
import { describe, expect, it } from 'vitest';
import { createCore, type InboxCore } from '../../src/main/core';
import { KeyVault, type KeyStorageChoice } from '../../src/main/secrets/key-storage';
import { KeytarSecretStore } from '../../src/main/secrets/keytar';
import { EncryptedFileSecretStore, KEY_FILE, type SafeStorageApi } from '../../src/main/secrets/safe-storage';
import { startReactInSimulator, type ReactInSim } from '../simulators/reactin';
import { isFocused, type BenchPage } from '../support/bench';
import { browserSuite } from '../support/browser-suite';
import { tempDataDir } from '../support/core';

const API_KEY = 'rk_live_browser_keystorage_51be';
const ORG = 'org_keys_browser';
const NOWHERE = 'nowhere yet — keys cannot be stored until the GNOME Keyring / Secret Service can be used';
const PROBLEM = 'The GNOME Keyring / Secret Service cannot be used: no Secret Service (GNOME Keyring or KWallet) is running in this session.';
const IN_FILE = "an encrypted file in the app's data folder, locked with GNOME Keyring / Secret Service";

const suite = browserSuite();

/** Electron's safeStorage as far as the vault sees it: AES-GCM under a key it keeps, and a chosen Linux backend. */
function fakeSafeStorage(backend: string): SafeStorageApi {
  const key = randomBytes(32);
  return {
    isAsyncEncryptionAvailable: async () => true,
    getSelectedStorageBackend: () => backend,
    encryptStringAsync: async (plain) => {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decryptStringAsync: async (sealed) => {
      const d = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
      d.setAuthTag(sealed.subarray(12, 28));
      return { result: Buffer.concat([d.update(sealed.subarray(28)), d.final()]).toString('utf8'), shouldReEncrypt: false };
    },
  };
}

interface World {
  sim: ReactInSim;
  core: InboxCore;
  app: BenchPage;
  dir: string;
  choice: () => KeyStorageChoice;
}

async function setup(opts: { backend: string; colorScheme?: 'light' | 'dark' }): Promise<World> {
  const sim = await startReactInSimulator({ apiKey: API_KEY, organizationId: ORG, conversations: 3, getPerMinute: 1000, postPerMinute: 1000 });
  const { dir, cleanup } = tempDataDir('inbox-keys-browser-');
  // A keychain with nothing behind it: every call fails the way libsecret does without a session bus.
  const keychain = new KeytarSecretStore(async () => {
    const fail = async (): Promise<never> => {
      throw new Error('Cannot autolaunch D-Bus without X11 $DISPLAY');
    };
    return { getPassword: fail, setPassword: fail, deletePassword: fail };
  });
  const safeStorage = fakeSafeStorage(opts.backend);
  let choice: KeyStorageChoice = 'keychain';
  const vault = new KeyVault({
    platform: 'linux',
    keychainName: 'GNOME Keyring / Secret Service',
    keychain,
    file: new EncryptedFileSecretStore(dir, () => safeStorage),
    safeStorage: () => safeStorage,
    choice: { get: () => choice, set: (c) => void (choice = c) },
  });
  const agent = new Agent();
  const core = await createCore({ allowLoopbackBaseUrls: true, dataDir: dir, secrets: vault, keyStorage: vault, dispatcher: agent });
  const app = await suite.bench.open(core, { colorScheme: opts.colorScheme });
  suite.defer(cleanup, () => sim.close(), () => agent.close(), () => core.close(), () => app.close());
  return { sim, core, app, dir, choice: () => choice };
}

async function openAccounts(app: BenchPage) {
  await app.page.getByRole('button', { name: /Accounts & settings/ }).click();
  const dialog = app.page.getByRole('dialog', { name: 'Accounts' });
  await dialog.waitFor();
  return dialog;
}

/** The lightness (0–255) of an element's own background, as painted. */
async function backgroundLightness(locator: ReturnType<BenchPage['page']['locator']>): Promise<number> {
  const rgb = await locator.evaluate((el) => el.ownerDocument.defaultView!.getComputedStyle(el).backgroundColor);
  const [r, g, b] = (rgb.match(/\d+(\.\d+)?/g) ?? []).map(Number) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

describe('where the keys are kept, in Chromium', () => {
  it('no keychain: a warning says keys cannot be stored and why, adding says so, and the encrypted file fixes it (dark)', async () => {
    const { app, core, sim, dir, choice } = await setup({ backend: 'gnome_libsecret', colorScheme: 'dark' });
    const page = app.page;
    const dialog = await openAccounts(app);

    const line = dialog.locator('[data-key-storage]');
    await expect.poll(() => line.textContent()).toBe(`Where your keys are kept: ${NOWHERE}. This window never shows them again.`);
    const alert = dialog.getByRole('alert').filter({ hasText: 'API keys cannot be stored' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain(PROBLEM);
    const button = alert.getByRole('button', { name: 'Use an encrypted file instead' });
    expect(await button.isVisible()).toBe(true);

    // Adding an account now: the provider accepts the key, but it cannot be stored; the form says why.
    const form = dialog.getByRole('form', { name: 'Add an account' });
    await form.getByLabel('Display name', { exact: true }).fill('Sales seat');
    await form.getByLabel('Organization ID', { exact: true }).fill(ORG);
    await form.getByLabel('API key', { exact: true }).fill(API_KEY);
    await form.getByLabel('Base URL (optional)', { exact: true }).fill(sim.baseUrl);
    await form.getByRole('button', { name: 'Add account' }).click();
    const refused = form.locator('[data-verdict="fail"]');
    await refused.waitFor();
    expect(await refused.textContent()).toBe(
      'Keys cannot be stored: no Secret Service (GNOME Keyring or KWallet) is running in this session. Switch to the encrypted file in Settings, or unlock or install a keychain.',
    );
    expect(await core.listAccounts()).toEqual([]);

    // Dark: the panel is painted dark, the warning stands out in it.
    expect(await backgroundLightness(dialog)).toBeLessThan(60);
    await alert.scrollIntoViewIfNeeded();
    await app.screenshot('key-storage-none-dark');

    // Switch: the warning goes, the line names the encrypted file, focus stays in the panel.
    await button.click();
    await expect.poll(() => line.textContent()).toBe(`Where your keys are kept: ${IN_FILE}. This window never shows them again.`);
    expect(await dialog.getByRole('alert').filter({ hasText: 'API keys cannot be stored' }).count()).toBe(0);
    await dialog.getByRole('status').filter({ hasText: 'Keys are now kept in the encrypted file.' }).waitFor();
    await expect.poll(() => isFocused(line)).toBe(true);
    expect(choice()).toBe('encrypted-file');
    // The form's refusal no longer holds, and its help names where the key will go.
    expect(await refused.count()).toBe(0);
    const keyHelp = await form.getByLabel('API key', { exact: true }).evaluate((el) => el.ownerDocument.getElementById(el.getAttribute('aria-describedby') ?? '')?.textContent ?? '');
    expect(keyHelp).toContain('It goes to the encrypted key file and is never shown again.');
    await app.screenshot('key-storage-encrypted-file-dark');

    // What was typed is still there: adding again works, and the key is in the file, sealed.
    await form.getByRole('button', { name: 'Add account' }).click();
    await form.getByRole('status').filter({ hasText: 'Added “Sales seat”' }).waitFor();
    const [account] = await core.listAccounts();
    const file = readFileSync(join(dir, KEY_FILE), 'utf8');
    expect(Object.keys(JSON.parse(file).keys)).toEqual([account!.id]);
    expect(file).not.toContain(API_KEY);
    expect(await page.content()).not.toContain(API_KEY);

    // Reopening Settings asks again and still names the file.
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    const again = await openAccounts(app);
    await expect.poll(() => again.locator('[data-key-storage]').getAttribute('data-key-storage')).toBe('encrypted-file');
    expect(app.errors).toEqual([]);
  });

  it('plain-text safeStorage: the warning says why no file is offered, and there is no button', async () => {
    const { app } = await setup({ backend: 'basic_text' });
    const dialog = await openAccounts(app);
    const alert = dialog.getByRole('alert').filter({ hasText: 'API keys cannot be stored' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain(
      "An encrypted file is not offered either: Electron's safeStorage would lock it with a built-in password (its plain-text backend), which protects nothing.",
    );
    expect(await alert.getByRole('button').count()).toBe(0);
    expect(await dialog.locator('[data-key-storage]').getAttribute('data-key-storage')).toBe('none');
    await app.screenshot('key-storage-plain-text');
    expect(app.errors).toEqual([]);
  });
});
