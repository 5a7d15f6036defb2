/**
 * Where the app keeps API keys: the OS keychain (keytar) by default, or an encrypted file in the
 * data folder (Electron safeStorage, safe-storage.ts) when the person chose it because no
 * keychain could be used. One object is both the core's SecretStore and its KeyStoragePort.
 *
 * - Whether the keychain answers is found out by a harmless probe (a read of an entry that never
 *   exists) bounded by a timeout: a missing Secret Service can leave a D-Bus call hanging, and the
 *   app must start regardless. A failed probe is tried again when Settings asks, before a key is
 *   stored, and at most every 30 s when keys are read (sync).
 * - While the keychain cannot be used, storing a key fails with a sentence that says why and what
 *   to do, reading one fails with "Cannot read the API key: …" (sync shows it on the account),
 *   and nothing is ever tried against a keychain known not to answer.
 * - The encrypted file is offered only when safeStorage can really protect it: never its
 *   plain-text backend (Linux 'basic_text'). The choice persists in preferences.
 * - Switching moves the keys the keychain still gives up (readable, e.g. only writes fail) into
 *   the file and then deletes them from the keychain, so one key never lives in two places; when
 *   the keychain cannot be read nothing is moved, and those accounts need their key entered again.
 * - In encrypted-file mode a key missing from the file is looked up in the keychain when that
 *   answers again, and moved into the file: keys left behind at the switch come back by themselves.
 *
 * This file must not import 'electron': safeStorage comes in through a function.
 */
import type { KeyStorageStatus } from '../../shared/domain';
import { AppError } from '../core';
import type { KeyStoragePort, SecretStore } from '../core';
import type { PreferenceStore } from '../preferences';
import { keychainName, keychainProblem, KEYCHAIN_SERVICE, KeytarSecretStore } from './keytar';
import { EncryptedFileSecretStore, safeStorageVerdict, type SafeStorageApi, type SafeStorageVerdict } from './safe-storage';

/** How long one keychain call may take once the keychain answered the probe (an unlock prompt included). */
export const KEYCHAIN_CALL_TIMEOUT_MS = 20_000;

/** The shell's key storage: keytar (calls bounded), keys.enc.json in `dataDir`, the choice in preferences. */
export function createKeyVault(o: {
  dataDir: string;
  platform: NodeJS.Platform;
  preferences: PreferenceStore;
  safeStorage: () => SafeStorageApi;
  keychain?: KeychainStore;
  log?: (what: string, err: unknown) => void;
}): KeyVault {
  return new KeyVault({
    platform: o.platform,
    keychain: o.keychain ?? new KeytarSecretStore(undefined, undefined, KEYCHAIN_CALL_TIMEOUT_MS),
    file: new EncryptedFileSecretStore(o.dataDir, o.safeStorage),
    safeStorage: o.safeStorage,
    choice: {
      get: () => (o.preferences.get('keyStorage') === 'encrypted-file' ? 'encrypted-file' : 'keychain'),
      set: (choice) => o.preferences.set('keyStorage', choice),
    },
    log: o.log,
  });
}

export type KeyStorageChoice = 'keychain' | 'encrypted-file';

/** The keychain calls the vault needs (KeytarSecretStore has them). */
export type KeychainStore = Pick<KeytarSecretStore, 'get' | 'set' | 'delete' | 'probe' | 'list'>;

export interface KeyVaultOptions {
  platform: NodeJS.Platform;
  keychain: KeychainStore;
  file: EncryptedFileSecretStore;
  /** Electron's safeStorage, fetched when first needed. */
  safeStorage: () => SafeStorageApi;
  /** Where the person's choice persists (preferences). */
  choice: { get(): KeyStorageChoice; set(choice: KeyStorageChoice): void };
  /** How long the probe waits for the keychain (3 s). */
  probeTimeoutMs?: number;
  /** The keychain's name for the person; by platform when not given. */
  keychainName?: string;
  now?: () => number;
  /** Failures worth a line in the log (never shown, never with a key). */
  log?: (what: string, err: unknown) => void;
}

/** A failed probe is repeated at most this often when keys are only being read. */
const REPROBE_MS = 30_000;

export class KeyVault implements SecretStore, KeyStoragePort {
  private readonly name: string;
  private readonly now: () => number;
  private readonly log: (what: string, err: unknown) => void;
  /** The last probe: null until one ran; problem null when the keychain answered. */
  private probed: { problem: string | null; at: number } | null = null;
  private probing: Promise<void> | null = null;
  /** Why the last write to the keychain failed while reads still worked; cleared by a write that works. */
  private writeProblem: string | null = null;
  private verdict: Promise<SafeStorageVerdict> | null = null;

  constructor(private readonly opts: KeyVaultOptions) {
    this.name = opts.keychainName ?? keychainName(opts.platform);
    this.now = opts.now ?? Date.now;
    this.log = opts.log ?? (() => {});
  }

  get description(): string {
    return this.opts.choice.get() === 'encrypted-file' ? "an encrypted file in the app's data folder" : this.name;
  }

  // ---- KeyStoragePort ----------------------------------------------------------------

  async status(): Promise<KeyStorageStatus> {
    // safeStorage is asked only when it matters: on macOS its first use touches the Keychain.
    if (this.opts.choice.get() === 'encrypted-file') {
      const verdict = await this.freshVerdict();
      if (verdict.ok) return { backend: 'encrypted-file', description: `an encrypted file in the app's data folder, locked with ${verdict.lockedWith}`, problem: null, fallbackOffered: false };
      return {
        backend: 'none',
        description: 'nowhere usable — the encrypted key file cannot be unlocked now',
        problem: `Keys cannot be stored or read: the encrypted key file cannot be used now, because ${lowerFirst(verdict.why)}.`,
        fallbackOffered: false,
      };
    }
    const problem = await this.keychainProblem('now');
    if (problem === null) return { backend: 'keychain', description: this.name, problem: null, fallbackOffered: false };
    const verdict = await this.freshVerdict();
    return {
      backend: 'none',
      description: `nowhere yet — keys cannot be stored until the ${this.name} can be used`,
      problem: `The ${this.name} cannot be used: ${problem}.` + (verdict.ok ? '' : ` An encrypted file is not offered either: ${lowerFirst(verdict.why)}.`),
      fallbackOffered: verdict.ok,
    };
  }

  async useEncryptedFile(): Promise<KeyStorageStatus> {
    if (this.opts.choice.get() === 'encrypted-file') return this.status();
    const before = await this.status();
    if (before.backend === 'keychain') {
      throw new AppError('keychain', `Your keys are kept in the ${this.name}, which works; the encrypted file is only for when no keychain can be used.`);
    }
    const verdict = await this.cachedVerdict();
    if (!verdict.ok) throw new AppError('keychain', `An encrypted file cannot be used instead: ${lowerFirst(verdict.why)}.`);

    // Keys the keychain still gives up move into the file; when it cannot be read, nothing moves.
    let moving: { accountId: string; secret: string }[] = [];
    if (this.probed?.problem === null) {
      try {
        moving = await this.opts.keychain.list();
      } catch (err) {
        this.log('the keychain could not list the keys to move', err);
      }
    }
    if (moving.length > 0) await this.opts.file.setMany(moving); // a failure leaves everything as it was
    this.opts.choice.set('encrypted-file');
    this.writeProblem = null;
    const removed = await Promise.allSettled(moving.map((m) => this.opts.keychain.delete(m.accountId)));
    for (const r of removed) if (r.status === 'rejected') this.log('a moved key could not be deleted from the keychain', r.reason);
    return this.status();
  }

  // ---- SecretStore -------------------------------------------------------------------

  async get(accountId: string): Promise<string | null> {
    if (this.opts.choice.get() === 'encrypted-file') {
      const key = await this.opts.file.get(accountId);
      return key ?? this.recoverFromKeychain(accountId);
    }
    const problem = await this.keychainProblem('reading');
    if (problem !== null) throw await this.cannotRead(problem);
    try {
      return await this.opts.keychain.get(accountId);
    } catch (err) {
      if (isBadInput(err)) throw err;
      const why = keychainProblem(err, this.opts.platform);
      this.probed = { problem: why, at: this.now() };
      throw await this.cannotRead(why, err);
    }
  }

  async set(accountId: string, secret: string): Promise<void> {
    if (this.opts.choice.get() === 'encrypted-file') {
      const verdict = await this.cachedVerdict();
      if (!verdict.ok) {
        throw new AppError('keychain', `Keys cannot be stored: the encrypted key file cannot be used now, because ${lowerFirst(verdict.why)}. ${this.installAdvice()}`);
      }
      await this.opts.file.set(accountId, secret);
      return;
    }
    const problem = await this.keychainProblem('now', { ignoreWriteProblem: true });
    if (problem !== null) throw await this.cannotStore(problem);
    try {
      await this.opts.keychain.set(accountId, secret);
      this.writeProblem = null;
    } catch (err) {
      if (isBadInput(err)) throw err;
      this.writeProblem = keychainProblem(err, this.opts.platform);
      throw await this.cannotStore(this.writeProblem, err);
    }
  }

  async delete(accountId: string): Promise<void> {
    if (this.opts.choice.get() === 'encrypted-file') {
      await this.opts.file.delete(accountId);
      // A copy left in the keychain at the switch goes too, when the keychain answers.
      if (this.probed?.problem === null) void this.opts.keychain.delete(accountId).catch((err) => this.log('a key could not be deleted from the keychain', err));
      return;
    }
    const problem = await this.keychainProblem('reading');
    if (problem !== null) {
      throw new AppError(
        'keychain',
        `The API key could not be deleted: the ${this.name} cannot be used (${problem}). When it can, delete its '${KEYCHAIN_SERVICE}' entry for this account.`,
      );
    }
    await this.opts.keychain.delete(accountId);
  }

  /** The account ids with a key where keys are kept now (never the keys), so keys without an account can be swept. */
  async accountIds(): Promise<string[]> {
    if (this.opts.choice.get() === 'encrypted-file') return this.opts.file.accountIds();
    const problem = await this.keychainProblem('reading');
    if (problem !== null) throw await this.cannotRead(problem);
    return (await this.opts.keychain.list()).map((k) => k.accountId);
  }

  // ---- helpers -----------------------------------------------------------------------

  /**
   * Why the keychain cannot be used now, or null. `now` repeats a failed probe at once;
   * `reading` at most every 30 s (sync reads keys often).
   */
  private async keychainProblem(when: 'now' | 'reading', opts: { ignoreWriteProblem?: boolean } = {}): Promise<string | null> {
    const p = this.probed;
    const stale = p === null || (p.problem !== null && (when === 'now' || this.now() - p.at >= REPROBE_MS));
    if (stale) await this.probe();
    const problem = this.probed?.problem ?? null;
    if (problem !== null) return problem;
    return opts.ignoreWriteProblem || when === 'reading' ? null : this.writeProblem;
  }

  /** One probe at a time; everyone asking meanwhile waits for the same answer. */
  private probe(): Promise<void> {
    this.probing ??= this.opts.keychain
      .probe(this.opts.platform, this.opts.probeTimeoutMs ?? 3_000)
      .then((problem) => {
        this.probed = { problem, at: this.now() };
      })
      .finally(() => {
        this.probing = null;
      });
    return this.probing;
  }

  /** A key not in the file may still be in a keychain that answers again: move it into the file. */
  private async recoverFromKeychain(accountId: string): Promise<string | null> {
    if ((await this.keychainProblem('reading')) !== null) return null;
    let key: string | null;
    try {
      key = await this.opts.keychain.get(accountId);
    } catch (err) {
      this.log('the keychain could not be read for a key missing from the encrypted file', err);
      return null;
    }
    if (key === null) return null;
    try {
      await this.opts.file.set(accountId, key);
      await this.opts.keychain.delete(accountId);
    } catch (err) {
      this.log('a key found in the keychain could not be moved into the encrypted file', err);
    }
    return key;
  }

  private async cannotStore(problem: string, cause?: unknown): Promise<AppError> {
    const verdict = await this.cachedVerdict();
    const todo = verdict.ok ? 'Switch to the encrypted file in Settings, or unlock or install a keychain.' : this.installAdvice();
    return new AppError('keychain', `Keys cannot be stored: ${problem}. ${todo}`, { cause });
  }

  private async cannotRead(problem: string, cause?: unknown): Promise<AppError> {
    const verdict = await this.cachedVerdict();
    const todo = verdict.ok ? 'Unlock it, or switch to the encrypted file in Settings and enter the key again.' : this.installAdvice();
    return new AppError('keychain', `Cannot read the API key: the keychain is unavailable (${problem}). ${todo}`, { cause, retryable: true });
  }

  private installAdvice(): string {
    if (this.opts.platform === 'darwin') return 'Unlock the macOS Keychain, then try again.';
    if (this.opts.platform === 'win32') return 'Check that Windows Credential Manager works for your account, then try again.';
    return 'Install and unlock a keychain (GNOME Keyring or KWallet), then try again.';
  }

  /** safeStorage's verdict, checked again (Settings asks). */
  private freshVerdict(): Promise<SafeStorageVerdict> {
    this.verdict = this.checkSafeStorage();
    return this.verdict;
  }

  private cachedVerdict(): Promise<SafeStorageVerdict> {
    return (this.verdict ??= this.checkSafeStorage());
  }

  private async checkSafeStorage(): Promise<SafeStorageVerdict> {
    let api: SafeStorageApi;
    try {
      api = this.opts.safeStorage();
    } catch (err) {
      this.log('safeStorage is not available', err);
      return { ok: false, why: "Electron's safeStorage is not available" };
    }
    return safeStorageVerdict(api, this.opts.platform);
  }
}

function isBadInput(err: unknown): boolean {
  return err instanceof AppError && err.code === 'invalid-input';
}

function lowerFirst(s: string): string {
  return s.startsWith('Electron') ? s : s.charAt(0).toLowerCase() + s.slice(1);
}
