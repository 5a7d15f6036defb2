/**
 * The ports the core receives from its host. The Electron shell passes real ones;
 * tests pass fakes or real parts (a temp directory, a loopback Dispatcher).
 */
import type { Dispatcher } from 'undici';
import type { AppSettings, KeyStorageStatus } from '../../shared/domain';

/** Time, injectable so tests can run months of schedule in milliseconds. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Shows an OS notification. The shell implements it with Electron's Notification. */
export interface Notifier {
  notify(n: { title: string; body: string; conversationId?: string }): void;
}

/**
 * Where API keys live. Keyed by account id. Implementations: keytar (OS keychain)
 * in the shell, an in-memory store for tests and the headless example.
 */
export interface SecretStore {
  get(accountId: string): Promise<string | null>;
  set(accountId: string, secret: string): Promise<void>;
  delete(accountId: string): Promise<void>;
  /**
   * The account ids that have a key here (never the keys), so keys whose account is gone can be
   * swept. Optional: a store that cannot list is simply not swept.
   */
  accountIds?(): Promise<string[]>;
  /** Where this store keeps keys, for the person (e.g. "macOS Keychain"); reported when there is no KeyStoragePort. */
  readonly description?: string;
}

/**
 * Where keys are kept, and the switch to the encrypted fallback. The shell implements it over
 * the keychain and Electron's safeStorage (secrets/key-storage.ts); without it the core reports
 * the SecretStore it was given. A refused switch throws an AppError whose message says why.
 */
export interface KeyStoragePort {
  status(): Promise<KeyStorageStatus>;
  useEncryptedFile(): Promise<KeyStorageStatus>;
}

/** Where the person's settings persist. The shell keeps them in electron-store; tests in memory. */
export interface SettingsStore {
  load(): Partial<AppSettings>;
  save(settings: AppSettings): void;
}

export class MemorySettingsStore implements SettingsStore {
  private value: Partial<AppSettings> = {};
  load(): Partial<AppSettings> {
    return { ...this.value };
  }
  save(settings: AppSettings): void {
    this.value = { ...settings };
  }
}

export interface CorePorts {
  /** Directory holding the SQLite cache. */
  dataDir: string;
  clock?: Clock;
  notifier?: Notifier;
  secrets: SecretStore;
  /** Which backend holds the keys and whether the encrypted fallback can be switched on (the shell's). */
  keyStorage?: KeyStoragePort;
  /** Every provider request goes through this dispatcher, never undici's global one. */
  dispatcher: Dispatcher;
  /** The person's settings; in memory when not given. */
  settings?: SettingsStore;
  /**
   * Opens a link in the person's browser (the shell passes Electron's shell.openExternal).
   * The core calls it only with a link its allowlist permits; without it, links are not opened.
   */
  openExternal?: (url: string) => Promise<void>;
  /**
   * Puts text on the clipboard (the shell passes Electron's clipboard.writeText: the renderer
   * has no clipboard permission). The core calls it only with a refused link that is a parsed
   * http(s) address; without it, refused links are not copied.
   */
  copyText?: (text: string) => Promise<void> | void;
  /**
   * Asks the person where to save an export (the shell shows a Save dialog, starting at
   * `suggestedName` in Documents); resolves null when they cancel. Without it, exporting says so.
   */
  chooseExportPath?: (suggestedName: string) => Promise<string | null>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/** Waits on the given clock, so a fake clock can drive waits in tests; rejects at once when `signal` aborts. */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clock.clearTimeout(handle);
      reject(signal!.reason);
    };
    const handle = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export const silentNotifier: Notifier = { notify: () => {} };

/** Secrets held in memory only: for tests and the headless example. */
export class MemorySecretStore implements SecretStore {
  readonly description = 'memory only (this process; keys are forgotten when it ends)';
  private readonly map = new Map<string, string>();
  async get(accountId: string): Promise<string | null> {
    return this.map.get(accountId) ?? null;
  }
  async set(accountId: string, secret: string): Promise<void> {
    this.map.set(accountId, secret);
  }
  async delete(accountId: string): Promise<void> {
    this.map.delete(accountId);
  }
  async accountIds(): Promise<string[]> {
    return [...this.map.keys()];
  }
}

/**
 * Named points between two writes that belong together. Tests only: a child process stops at one
 * (CoreOptions.crashPoint) so a SIGKILL lands exactly there; the app never passes the hook.
 */
export type CrashPoint =
  | 'account-removed-key-kept'
  | 'key-stored-account-not-yet'
  | 'export-written-not-renamed'
  | 'backup-copied-not-renamed'
  /** Inside the outbox's write transaction: a delivered reply marked sent, its entry not yet done, nothing committed. */
  | 'reply-recorded-not-committed'
  /** Inside a sync's write transaction: one page of a thread's messages written, not yet committed. */
  | 'sync-page-written-not-committed';
