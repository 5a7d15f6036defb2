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
 * log). A call can be bounded by a timeout (a missing Secret Service can leave a D-Bus call
 * hanging); `probe()` is the harmless call that tells whether the keychain answers at all, and
 * `keychainProblem()` turns a failure into the clause the person reads. The encrypted-file
 * fallback (Electron's safeStorage) and the choice between the two live in key-storage.ts.
 *
 * This file must not import 'electron': it runs under plain Node in the keychain test.
 */
import type { SecretStore } from '../core';
import { AppError, invalidInput } from '../core';

/** The keychain service every key of this app is filed under; the account is the account id. */
export const KEYCHAIN_SERVICE = 'linkedin-inbox';

/** The keytar calls this store uses: a test can pass a fake with the same shape. */
export interface KeytarApi {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  /** Every entry of the service (used to move keys out of the keychain); optional for fakes. */
  findCredentials?(service: string): Promise<{ account: string; password: string }[]>;
}

/** The account name the probe asks for: never a real account id, so the probe reads nothing. */
export const PROBE_ACCOUNT = '__linkedin-inbox-probe__';

/** A keychain call that did not answer in time (kept as the `cause` of the AppError). */
export class KeychainTimeout extends Error {
  constructor(readonly ms: number) {
    super(`The keychain did not answer within ${ms} ms.`);
    this.name = 'KeychainTimeout';
  }
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
    /** Bounds every keychain call (none by default); a call past it fails as unavailable. */
    private readonly timeoutMs: number | null = null,
  ) {}

  /**
   * Whether the keychain answers: a harmless read of an entry that never exists, bounded by
   * `timeoutMs`. Resolves null when it answered, or the clause saying why it cannot be used.
   * (A read of a missing entry, unlike listing the service's entries, asks the OS for no item,
   * so it shows no per-item access prompt on macOS.)
   */
  async probe(platform: NodeJS.Platform = process.platform, timeoutMs = 3_000): Promise<string | null> {
    try {
      await this.call((k) => k.getPassword(this.service, PROBE_ACCOUNT), timeoutMs);
      return null;
    } catch (err) {
      return keychainProblem(err, platform);
    }
  }

  /** Every key filed under this app's service (to move them elsewhere); empty when keytar cannot list. */
  async list(): Promise<{ accountId: string; secret: string }[]> {
    const found = await this.call((k) => (k.findCredentials ? k.findCredentials(this.service) : Promise.resolve([])));
    return found.filter((c) => c.account !== PROBE_ACCOUNT).map((c) => ({ accountId: c.account, secret: c.password }));
  }

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

  private async call<T>(fn: (k: KeytarApi) => Promise<T>, timeoutMs: number | null = this.timeoutMs): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const work = this.module().then(fn);
      if (timeoutMs === null) return await work;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new KeychainTimeout(timeoutMs)), timeoutMs);
        timer.unref?.();
      });
      work.catch(() => undefined); // a call that fails after its timeout must not go unhandled
      return await Promise.race([work, late]);
    } catch (err) {
      throw new AppError('keychain', KEYCHAIN_UNAVAILABLE, { retryable: true, cause: err });
    } finally {
      clearTimeout(timer);
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

/**
 * Why the keychain cannot be used, as a clause the person reads after "the keychain cannot be
 * used: " (no raw backend text, no secret). `err` is what a KeytarSecretStore call threw.
 */
export function keychainProblem(err: unknown, platform: NodeJS.Platform = process.platform): string {
  const cause = err instanceof AppError && err.cause !== undefined ? err.cause : err;
  if (cause instanceof KeychainTimeout) {
    const seconds = Math.max(1, Math.round(cause.ms / 1000));
    const wait = `it did not answer within ${seconds} second${seconds === 1 ? '' : 's'}`;
    if (platform === 'linux') return `${wait} (usually no Secret Service, such as GNOME Keyring or KWallet, is running)`;
    if (platform === 'darwin') return `${wait} (it may be locked and waiting for its password)`;
    return wait;
  }
  const text = cause instanceof Error ? `${cause.name} ${cause.message} ${(cause as { code?: unknown }).code ?? ''}` : String(cause);
  // macOS errSecInteractionNotAllowed (-25308) and errSecAuthFailed (-25293); libsecret's locked collections.
  if (/interaction is not allowed|-25308|-25293|\blocked\b|is locked|unlock/i.test(text)) {
    return platform === 'darwin' ? 'the keychain is locked and could not ask for its password' : 'the keychain is locked and could not be unlocked';
  }
  if (/keytar\.node|cannot find module|shared object|dlopen|NODE_MODULE_VERSION|module did not self-register/i.test(text)) {
    return 'the keychain module (keytar) could not be loaded';
  }
  if (/d-?bus|org\.freedesktop\.secrets|secret service|ServiceUnknown|No such interface|\$DISPLAY|autolaunch|Could not connect/i.test(text)) {
    return 'no Secret Service (GNOME Keyring or KWallet) is running in this session';
  }
  if (platform === 'darwin') return 'the macOS Keychain refused the request';
  if (platform === 'win32') return 'the Windows Credential Manager refused the request';
  return 'the keychain refused the request';
}

/** The keychain as the person knows it on this platform. */
export function keychainName(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  if (platform === 'darwin') return 'macOS Keychain';
  if (platform === 'win32') return 'Windows Credential Manager';
  // keytar talks to whatever owns the Secret Service; on a KDE session that is KWallet.
  if (/kde/i.test(`${env.XDG_CURRENT_DESKTOP ?? ''}:${env.DESKTOP_SESSION ?? ''}`)) return 'KWallet';
  return 'GNOME Keyring / Secret Service';
}
