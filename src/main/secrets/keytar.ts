/**
 * API keys in the operating system's keychain, through keytar.
 *
 * keytar is an N-API module, so the same binary loads in Electron's main process and in
 * plain Node (the keychain test runs it there). It is loaded on first use, not at import:
 * a missing or broken native module then fails one keychain call with a sentence, instead
 * of stopping the whole app before its window opens.
 *
 * Backends, and how each one fails:
 *
 * - **macOS — Keychain Services** (the login keychain). Fails when the keychain is locked
 *   and the person cancels the unlock prompt, or denies this app access to the item
 *   (a rebuilt, differently signed app is a new app to the keychain).
 * - **Windows — Credential Manager** (generic credentials, `CredWriteW`/`CredReadW`).
 *   Rarely unavailable; fails for a secret longer than 2,560 bytes (the blob limit) and
 *   under some roaming-profile and remote-session policies.
 * - **Linux — the Secret Service over D-Bus, through libsecret** (GNOME Keyring, KWallet
 *   5.97+, KeePassXC). Fails when there is no D-Bus session bus (SSH sessions, minimal
 *   window managers, containers), when nothing provides `org.freedesktop.secrets`, or when
 *   the collection is locked and no prompter can ask for its password.
 *
 * Every failure becomes `AppError('keychain', …)`: a sentence saying the keychain could not
 * be reached, never the secret and never the backend's raw text (it goes in `cause`, for the
 * log). The planned fallback when no keychain exists is Electron's `safeStorage`; it is not
 * wired in yet, so until then keys simply cannot be stored on such a system.
 *
 * This file must not import 'electron': it runs under plain Node in the keychain test.
 */
import type { SecretStore } from '../core/ports';
import { AppError, invalidInput } from '../core/errors';

/** The keychain service every key of this app is filed under; the account is the account id. */
export const KEYCHAIN_SERVICE = 'linkedin-inbox';

/** The three keytar calls this store uses: a test can pass a fake with the same shape. */
export interface KeytarApi {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

export const KEYCHAIN_UNAVAILABLE =
  'The system keychain could not be reached, so API keys cannot be stored or read until it is available. ' +
  'Unlock or start your keychain (on Linux, GNOME Keyring or KWallet) and try again.';

async function loadKeytar(): Promise<KeytarApi> {
  const mod = (await import('keytar')) as KeytarApi & { default?: KeytarApi };
  // keytar is CommonJS: depending on the loader its functions sit on the namespace or on `default`.
  return typeof mod.getPassword === 'function' ? mod : (mod.default as KeytarApi);
}

/** SecretStore backed by the OS keychain (keytar); one keychain entry per account id. */
export class KeytarSecretStore implements SecretStore {
  private keytar: Promise<KeytarApi> | null = null;

  constructor(
    private readonly load: () => Promise<KeytarApi> = loadKeytar,
    private readonly service: string = KEYCHAIN_SERVICE,
  ) {}

  /** The key stored for the account, or null when there is none. */
  async get(accountId: string): Promise<string | null> {
    requireAccountId(accountId);
    return this.call((k) => k.getPassword(this.service, accountId));
  }

  /** Stores (or replaces) the key for the account. */
  async set(accountId: string, secret: string): Promise<void> {
    requireAccountId(accountId);
    if (typeof secret !== 'string' || secret.length === 0) throw invalidInput('An API key cannot be empty.');
    await this.call((k) => k.setPassword(this.service, accountId, secret));
  }

  /** Removes the account's key; removing a key that is not there is not an error. */
  async delete(accountId: string): Promise<void> {
    requireAccountId(accountId);
    await this.call((k) => k.deletePassword(this.service, accountId));
  }

  private async call<T>(fn: (k: KeytarApi) => Promise<T>): Promise<T> {
    try {
      return await fn(await this.module());
    } catch (err) {
      throw new AppError('keychain', KEYCHAIN_UNAVAILABLE, { retryable: true, cause: err });
    }
  }

  private module(): Promise<KeytarApi> {
    // Keep a successful load; forget a failed one so the next call tries again.
    this.keytar ??= this.load().catch((err: unknown) => {
      this.keytar = null;
      throw err;
    });
    return this.keytar;
  }
}

function requireAccountId(accountId: string): void {
  if (typeof accountId !== 'string' || accountId.length === 0) throw invalidInput('The account id for the keychain entry is missing.');
}
