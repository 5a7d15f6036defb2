/**
 * The encrypted-file fallback for API keys: `keys.enc.json` in the data folder, one entry per
 * account id holding the key as Electron safeStorage ciphertext (base64), never the key itself.
 * Used only when the person chose it because no keychain could be used (see key-storage.ts).
 *
 * safeStorage's ASYNC API only (isAsyncEncryptionAvailable / encryptStringAsync /
 * decryptStringAsync): the synchronous one is deprecated and removed in Electron 46. What locks
 * the file depends on the platform: the macOS Keychain (an app-wide key, not per item), Windows
 * DPAPI (the Windows sign-in), and on Linux the Secret Service or KWallet, or else a hard-coded
 * password: `getSelectedStorageBackend()` then says 'basic_text', and such a file would protect
 * nothing, so the fallback is never offered there.
 *
 * Writes go to a temporary file that is flushed and renamed over the old one, one at a time, so
 * a crash leaves the previous file or the new one, never half of one.
 *
 * This file must not import 'electron': safeStorage is passed in (tests pass a fake).
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { SecretStore } from '../core';
import { AppError, invalidInput } from '../core';

/** The part of Electron's safeStorage this file uses. */
export interface SafeStorageApi {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
  /** Linux only: which password store locks safeStorage's key. */
  getSelectedStorageBackend?(): string;
}

export const KEY_FILE = 'keys.enc.json';
const FORMAT = 'linkedin-inbox/encrypted-keys';

interface KeyFile {
  format: typeof FORMAT;
  version: 1;
  /** account id → base64 of safeStorage ciphertext. */
  keys: Record<string, string>;
}

/** Whether safeStorage can protect keys here, and what locks them; or why not (a clause: "An encrypted file is not offered: <why>."). */
export type SafeStorageVerdict = { ok: true; lockedWith: string } | { ok: false; why: string };

const LINUX_BACKENDS: Record<string, string> = {
  gnome_libsecret: 'GNOME Keyring / Secret Service',
  kwallet: 'KWallet',
  kwallet5: 'KWallet',
  kwallet6: 'KWallet',
};

/**
 * Checks safeStorage before keys are trusted to it. Never offers the plain-text backend
 * ('basic_text': a hard-coded password) nor one it cannot name ('unknown').
 */
export async function safeStorageVerdict(api: SafeStorageApi, platform: NodeJS.Platform, timeoutMs = 5_000): Promise<SafeStorageVerdict> {
  let available = false;
  try {
    available = await withTimeout(api.isAsyncEncryptionAvailable(), timeoutMs);
  } catch {
    available = false;
  }
  if (!available) return { ok: false, why: "Electron's safeStorage cannot encrypt on this system" };
  if (platform === 'darwin') return { ok: true, lockedWith: 'the macOS Keychain' };
  if (platform === 'win32') return { ok: true, lockedWith: 'Windows DPAPI (your Windows sign-in)' };
  let backend = 'unknown';
  try {
    backend = api.getSelectedStorageBackend?.() ?? 'unknown';
  } catch {
    backend = 'unknown';
  }
  if (backend === 'basic_text') {
    return { ok: false, why: "Electron's safeStorage would lock it with a built-in password (its plain-text backend), which protects nothing" };
  }
  const name = LINUX_BACKENDS[backend];
  if (!name) return { ok: false, why: "Electron's safeStorage could not say what would lock it" };
  return { ok: true, lockedWith: name };
}

/** SecretStore over keys.enc.json, encrypted with safeStorage. */
export class EncryptedFileSecretStore implements SecretStore {
  readonly path: string;
  /** Writes run one after another (each a read-modify-rename of the whole file). */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly dir: string,
    private readonly safeStorage: () => SafeStorageApi,
  ) {
    this.path = join(dir, KEY_FILE);
  }

  /** The key stored for the account, or null when the file has none. */
  async get(accountId: string): Promise<string | null> {
    requireAccountId(accountId);
    const file = await this.read();
    const sealed = file.keys[accountId];
    if (sealed === undefined) return null;
    let opened: { result: string; shouldReEncrypt: boolean };
    try {
      opened = await this.safeStorage().decryptStringAsync(Buffer.from(sealed, 'base64'));
    } catch (err) {
      throw new AppError(
        'keychain',
        'Cannot read the API key: the encrypted key file could not be unlocked (what locked it is not available now). Enter the key again in Settings.',
        { cause: err },
      );
    }
    // safeStorage rotated its key (or found a stronger one): store the key sealed anew, quietly.
    if (opened.shouldReEncrypt) void this.set(accountId, opened.result).catch(() => undefined);
    return opened.result;
  }

  /** Stores (or replaces) the key for the account, encrypted. */
  async set(accountId: string, secret: string): Promise<void> {
    requireAccountId(accountId);
    if (typeof secret !== 'string' || secret.length === 0) throw invalidInput('An API key cannot be empty.');
    let sealed: Buffer;
    try {
      sealed = await this.safeStorage().encryptStringAsync(secret);
    } catch (err) {
      throw new AppError('keychain', "Keys cannot be stored: Electron's safeStorage could not encrypt the key. Unlock or install a keychain, then try again.", {
        cause: err,
      });
    }
    await this.update((keys) => ({ ...keys, [accountId]: sealed.toString('base64') }));
  }

  /** Removes the account's key; removing a key that is not there is not an error. */
  async delete(accountId: string): Promise<void> {
    requireAccountId(accountId);
    await this.update((keys) => {
      if (!(accountId in keys)) return null;
      const { [accountId]: _gone, ...rest } = keys;
      return rest;
    });
  }

  /** The account ids with a key in the file (never the keys). */
  async accountIds(): Promise<string[]> {
    return Object.keys((await this.read()).keys);
  }

  /** Stores several keys in one write (moving keys out of the keychain). */
  async setMany(entries: { accountId: string; secret: string }[]): Promise<void> {
    const sealed: Record<string, string> = {};
    for (const { accountId, secret } of entries) {
      requireAccountId(accountId);
      sealed[accountId] = (await this.safeStorage().encryptStringAsync(secret)).toString('base64');
    }
    await this.update((keys) => ({ ...keys, ...sealed }));
  }

  private update(change: (keys: Record<string, string>) => Record<string, string> | null): Promise<void> {
    const run = this.queue.then(async () => {
      const file = await this.read();
      const keys = change(file.keys);
      if (keys === null) return;
      await this.write({ format: FORMAT, version: 1, keys });
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async read(): Promise<KeyFile> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { format: FORMAT, version: 1, keys: {} };
      throw new AppError('keychain', `The encrypted key file (${KEY_FILE} in the app's data folder) could not be read.`, { cause: err });
    }
    try {
      const parsed = JSON.parse(text) as Partial<KeyFile>;
      const keys = parsed.keys;
      if (parsed.format !== FORMAT || parsed.version !== 1 || typeof keys !== 'object' || keys === null || Array.isArray(keys)) throw new Error('not a key file');
      if (!Object.values(keys).every((v) => typeof v === 'string')) throw new Error('not a key file');
      return { format: FORMAT, version: 1, keys: { ...keys } };
    } catch (err) {
      // Never overwritten: the keys of other accounts may still be in it.
      throw new AppError('keychain', `The encrypted key file (${KEY_FILE} in the app's data folder) is damaged, so keys cannot be read or stored. Move it away and enter the keys again.`, {
        cause: err,
      });
    }
  }

  /** Temp file in the same folder, flushed, then renamed over the old file (atomic on one file system). */
  private async write(file: KeyFile): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const tmp = `${this.path}.${randomUUID()}.tmp`;
    try {
      const handle = await open(tmp, 'w', 0o600);
      try {
        await handle.writeFile(JSON.stringify(file, null, 2) + '\n', 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(tmp, this.path);
    } catch (err) {
      await rm(tmp, { force: true }).catch(() => undefined);
      throw new AppError('keychain', `Keys cannot be stored: the encrypted key file in the app's data folder could not be written.`, { cause: err });
    }
  }
}

function requireAccountId(accountId: string): void {
  if (typeof accountId !== 'string' || accountId.length === 0) throw invalidInput('The account id for the key is missing.');
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    timer.unref?.();
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}
