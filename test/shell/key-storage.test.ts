/**
 * Keychain unavailable, through the real shell: electronShell's own openCore (its key vault,
 * its preferences, a real core on a temporary data folder) started by startApp, and every call
 * made through the IPC handlers it registers, as the renderer makes them.
 *
 * Faked: Electron (safeStorage with a real AES-GCM cipher under a key held by the fake, its
 * backend switchable between the plain-text 'basic_text' and real ones), keytar (a keychain
 * in memory that can be missing, hanging, or locked for writes), and electron-store (the real
 * `conf` underneath it, in the temporary folder).
 */
import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Agent } from 'undici';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

type KeytarMode = 'ok' | 'missing' | 'hang' | 'locked-writes';

const state = vi.hoisted(() => ({
  dir: '',
  keytarMode: 'ok' as 'ok' | 'missing' | 'hang' | 'locked-writes',
  /** The fake keychain: "service/account" → password. */
  keychain: new Map<string, string>(),
  keytarWrites: 0,
  /** Every call the app made to keytar. */
  keytarCalls: 0,
  backend: 'gnome_libsecret',
  encryptionAvailable: true,
  /** How often the app asked safeStorage whether it can encrypt. */
  safeStorageAsked: 0,
  handlers: new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>(),
  /** What the fake safeStorage encrypted, in order (to prove the key went through it). */
  encrypted: [] as string[],
}));

vi.mock('electron', async () => {
  const { createCipheriv, createDecipheriv, randomBytes } = await import('node:crypto');
  // One key for the whole file, so what one "run" of the app encrypts the next one can open.
  const key = randomBytes(32);
  const safeStorage = {
    isAsyncEncryptionAvailable: async () => (state.safeStorageAsked++, state.encryptionAvailable),
    getSelectedStorageBackend: () => state.backend,
    encryptStringAsync: async (plain: string) => {
      state.encrypted.push(plain);
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([Buffer.from('v11'), iv, c.getAuthTag(), body]);
    },
    decryptStringAsync: async (sealed: Buffer) => {
      if (sealed.subarray(0, 3).toString() !== 'v11') throw new Error('not sealed by this safeStorage');
      const d = createDecipheriv('aes-256-gcm', key, sealed.subarray(3, 15));
      d.setAuthTag(sealed.subarray(15, 31));
      return { result: Buffer.concat([d.update(sealed.subarray(31)), d.final()]).toString('utf8'), shouldReEncrypt: false };
    },
  };
  return (await import('../support/electron-stub')).inertElectron({
    app: { isPackaged: false, getPath: () => state.dir, enableSandbox: () => {}, setAppUserModelId: () => {} },
    safeStorage,
    ipcMain: {
      handle: (channel: string, listener: (event: unknown, ...args: unknown[]) => Promise<unknown>) => state.handlers.set(channel, listener),
      removeHandler: (channel: string) => state.handlers.delete(channel),
    },
  });
});

// electron-store is a thin layer over `conf` that supplies userData: here, the temporary folder.
vi.mock('electron-store', async () => {
  const { default: Conf } = await import('conf');
  return {
    default: class ElectronStoreOverConf extends Conf<Record<string, unknown>> {
      constructor(options: Record<string, unknown>) {
        super({ projectName: 'inbox-test', configName: options.name as string, ...options, cwd: state.dir });
      }
    },
  };
});

vi.mock('keytar', () => {
  const call = <T>(kind: 'read' | 'write', fn: () => T): Promise<T> => {
    state.keytarCalls++;
    switch (state.keytarMode) {
      case 'hang':
        return new Promise<T>(() => {}); // a Secret Service that never answers
      case 'missing':
        return Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY'));
      case 'locked-writes':
        if (kind === 'write') return Promise.reject(new Error('Cannot create an item in a locked collection'));
        return Promise.resolve().then(fn);
      default:
        return Promise.resolve().then(fn);
    }
  };
  const api = {
    getPassword: (s: string, a: string) => call('read', () => state.keychain.get(`${s}/${a}`) ?? null),
    setPassword: (s: string, a: string, p: string) =>
      call('write', () => {
        state.keytarWrites++;
        state.keychain.set(`${s}/${a}`, p);
      }),
    deletePassword: (s: string, a: string) => call('read', () => state.keychain.delete(`${s}/${a}`)),
    findCredentials: (s: string) =>
      call('read', () => [...state.keychain].filter(([k]) => k.startsWith(`${s}/`)).map(([k, password]) => ({ account: k.slice(s.length + 1), password }))),
  };
  return { default: api, ...api };
});

// The shell's own createCore call and ports; only the demo account is left out, to keep the lists short.
const opened = vi.hoisted(() => ({ dispatchers: [] as unknown[] }));
vi.mock('../../src/main/core', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/main/core')>();
  return {
    ...actual,
    createCore: vi.fn((opts: Parameters<typeof actual.createCore>[0]) => {
      opened.dispatchers.push(opts.dispatcher);
      return actual.createCore({ ...opts, seedDemo: false, allowLoopbackBaseUrls: true });
    }),
  };
});

import { electronShell, startApp, type ShellCore } from '../../src/main/index';
import { KEY_FILE } from '../../src/main/secrets/safe-storage';
import { KeyVault } from '../../src/main/secrets/key-storage';
import { KeytarSecretStore } from '../../src/main/secrets/keytar';
import { EncryptedFileSecretStore } from '../../src/main/secrets/safe-storage';
import type { KeyStorageStatus } from '../../src/shared/domain';
import { invokeChannel, type IpcResult } from '../../src/shared/ipc';
import { startReactInSimulator, type ReactInSim } from '../simulators/reactin';

const OUR_PAGE = 'app://inbox/index.html'; // the main window's page (src/main/app-protocol.ts)
const API_KEY = 'rk_live_PLAINTEXT_must_not_hit_disk_4c1a';
const ORG = 'org_keys';
const NO_SECRET_SERVICE = 'no Secret Service (GNOME Keyring or KWallet) is running in this session';
const FILE_DESCRIPTION = "an encrypted file in the app's data folder, locked with GNOME Keyring / Secret Service";

let sim: ReactInSim;
let running: { core: ShellCore; stop: () => Promise<void> }[] = [];

beforeAll(() => {
  // The keychain's name follows the desktop session; these tests expect a GNOME-like one.
  delete process.env.XDG_CURRENT_DESKTOP;
  delete process.env.DESKTOP_SESSION;
});

beforeEach(async () => {
  state.dir = mkdtempSync(join(tmpdir(), 'inbox-keys-'));
  state.keytarMode = 'ok';
  state.keychain.clear();
  state.keytarWrites = 0;
  state.keytarCalls = 0;
  state.backend = 'gnome_libsecret';
  state.encryptionAvailable = true;
  state.encrypted = [];
  state.safeStorageAsked = 0;
  sim = await startReactInSimulator({ apiKey: API_KEY, organizationId: ORG, conversations: 3, getPerMinute: 1000, postPerMinute: 1000 });
});

afterEach(async () => {
  for (const r of running.reverse()) await r.stop();
  running = [];
  await sim.close();
  rmSync(state.dir, { recursive: true, force: true });
});

/** Starts the app as Electron would (whenReady, openCore, IPC, window, tray); resolves when startApp does. */
async function boot(): Promise<{ core: ShellCore; windows: number; stop: () => Promise<void> }> {
  const shell = electronShell();
  let core: ShellCore | null = null;
  let windows = 0;
  const app = Object.assign(new EventEmitter(), {
    requestSingleInstanceLock: () => true,
    whenReady: async () => {},
    quit: vi.fn(),
  });
  const failure = vi.fn();
  await startApp({
    ...shell,
    app,
    openCore: async (notifier) => (core = await shell.openCore(notifier)),
    createWindow: () => {
      windows++;
      return Object.assign(new EventEmitter(), {
        isDestroyed: () => false,
        isMinimized: () => false,
        isVisible: () => true,
        restore() {},
        show() {},
        hide() {},
        focus() {},
        webContents: { send() {}, isLoading: () => false, once() {} },
      });
    },
    createNotifier: () => ({ notify() {} }),
    createTray: () => ({ destroy() {} }),
    hardenWebContents: () => {},
    onResume: () => {},
    reportStartupFailure: failure,
  });
  expect(failure).not.toHaveBeenCalled();
  const dispatcher = opened.dispatchers.at(-1) as Agent;
  const r = {
    core: core!,
    windows,
    stop: async () => {
      running = running.filter((x) => x !== r);
      await core!.close();
      await dispatcher.close();
    },
  };
  running.push(r);
  return r;
}

/** Calls a method through the handler the shell registered, from our own page. */
async function ipc<T>(method: string, ...args: unknown[]): Promise<IpcResult<T>> {
  const handler = state.handlers.get(invokeChannel(method as never));
  if (!handler) throw new Error(`no handler for ${method}`);
  return (await handler({ senderFrame: { url: OUR_PAGE, parent: null } }, ...args)) as IpcResult<T>;
}

async function value<T>(method: string, ...args: unknown[]): Promise<T> {
  const answer = await ipc<T>(method, ...args);
  if (!answer.ok) throw new Error(`${method} failed: ${answer.error.message}`);
  return answer.value;
}

const newAccount = (apiKey = API_KEY) => ({ provider: 'reactin', name: 'Sales seat', apiKey, config: { organizationId: ORG, baseUrl: sim.baseUrl } });
const preferences = () => JSON.parse(readFileSync(join(state.dir, 'preferences.json'), 'utf8')) as Record<string, unknown>;
const keyFile = () => join(state.dir, KEY_FILE);

describe('the app with no usable keychain', () => {
  it('starts at once while the Secret Service hangs; Settings then hears within the 3 s bound that keys cannot be stored', async () => {
    state.keytarMode = 'hang';
    const app = await boot();
    expect(app.windows).toBe(1);
    expect(state.keytarCalls).toBe(0); // nothing at startup asks (or waits for) the keychain

    const asked = Date.now();
    const status = await value<KeyStorageStatus>('keyStorage');
    const waited = Date.now() - asked;
    expect(waited).toBeGreaterThanOrEqual(2_900); // it waited its bound…
    expect(waited).toBeLessThan(30_000); // …and then answered (a real hang would never)
    expect(status).toEqual({
      backend: 'none',
      description: 'nowhere yet — keys cannot be stored until the GNOME Keyring / Secret Service can be used',
      problem: 'The GNOME Keyring / Secret Service cannot be used: it did not answer within 3 seconds (usually no Secret Service, such as GNOME Keyring or KWallet, is running).',
      fallbackOffered: true,
    });
  });

  it.each([
    ['basic_text', false],
    ['unknown', false],
    ['gnome_libsecret', true],
    ['kwallet5', true],
  ])("offers the encrypted file only when safeStorage's backend is not plain text (%s → %s)", async (backend, offered) => {
    state.keytarMode = 'missing';
    state.backend = backend;
    await boot();
    const status = await value<KeyStorageStatus>('keyStorage');
    expect(status.backend).toBe('none');
    expect(status.fallbackOffered).toBe(offered);
    expect(status.problem).toContain(`cannot be used: ${NO_SECRET_SERVICE}.`);
    if (backend === 'basic_text') expect(status.problem).toContain('An encrypted file is not offered either: Electron\'s safeStorage would lock it with a built-in password (its plain-text backend), which protects nothing.');
  });

  it('does not offer the file when safeStorage cannot encrypt at all', async () => {
    state.keytarMode = 'missing';
    state.encryptionAvailable = false;
    await boot();
    expect(await value<KeyStorageStatus>('keyStorage')).toMatchObject({ backend: 'none', fallbackOffered: false });
  });

  it('on the plain-text backend: adding an account says keys cannot be stored, the switch is refused with a sentence, nothing is saved', async () => {
    state.keytarMode = 'missing';
    state.backend = 'basic_text';
    await boot();

    expect(await ipc('addAccount', newAccount())).toEqual({
      ok: false,
      error: { code: 'keychain', message: `Keys cannot be stored: ${NO_SECRET_SERVICE}. Install and unlock a keychain (GNOME Keyring or KWallet), then try again.` },
    });
    expect(await value('listAccounts')).toEqual([]);

    expect(await ipc('useEncryptedKeyStorage')).toEqual({
      ok: false,
      error: { code: 'keychain', message: "An encrypted file cannot be used instead: Electron's safeStorage would lock it with a built-in password (its plain-text backend), which protects nothing." },
    });
    expect(existsSync(keyFile())).toBe(false);
    expect(preferences().keyStorage).toBeUndefined();
    expect(state.encrypted).toEqual([]);
    expect(await value<KeyStorageStatus>('keyStorage')).toMatchObject({ backend: 'none' });
  });

  it('switches to the encrypted file: the key is stored sealed (never in plain text on disk), and read back after a restart', async () => {
    state.keytarMode = 'missing';
    const first = await boot();

    // Before the switch, adding fails and points at the switch.
    expect(await ipc('addAccount', newAccount())).toEqual({
      ok: false,
      error: { code: 'keychain', message: `Keys cannot be stored: ${NO_SECRET_SERVICE}. Switch to the encrypted file in Settings, or unlock or install a keychain.` },
    });
    expect(await value('listAccounts')).toEqual([]);

    expect(await value<KeyStorageStatus>('useEncryptedKeyStorage')).toEqual({ backend: 'encrypted-file', description: FILE_DESCRIPTION, problem: null, fallbackOffered: false });
    expect(preferences().keyStorage).toBe('encrypted-file');

    const account = await value<{ id: string }>('addAccount', newAccount());
    await value('syncNow', account.id);
    expect((await value<{ total: number }>('listConversations', { view: 'all' })).total).toBe(3);
    expect(state.encrypted).toContain(API_KEY); // it went through safeStorage…
    expect(state.keytarWrites).toBe(0); // …and never to the keychain

    // On disk: one entry for the account, ciphertext only; no plain key anywhere in the data folder.
    const file = JSON.parse(readFileSync(keyFile(), 'utf8')) as { keys: Record<string, string> };
    expect(Object.keys(file.keys)).toEqual([account.id]);
    expect(Buffer.from(file.keys[account.id]!, 'base64').subarray(0, 3).toString()).toBe('v11');
    expect(statSync(keyFile()).mode & 0o777).toBe(0o600);
    const needles = [API_KEY, Buffer.from(API_KEY).toString('base64'), Buffer.from(API_KEY).toString('hex')];
    for (const name of readdirSync(state.dir, { recursive: true }) as string[]) {
      const path = join(state.dir, name);
      if (!statSync(path).isFile()) continue;
      const bytes = readFileSync(path);
      for (const n of needles) expect(bytes.includes(Buffer.from(n)), `${name} holds the key`).toBe(false);
    }
    expect(readdirSync(state.dir).filter((n) => n.endsWith('.tmp'))).toEqual([]); // the atomic write left nothing behind

    // Restart: the choice and the key survive; sync reads the key back through safeStorage.
    await first.stop();
    await boot();
    expect(await value<KeyStorageStatus>('keyStorage')).toEqual({ backend: 'encrypted-file', description: FILE_DESCRIPTION, problem: null, fallbackOffered: false });
    sim.addInboundMessage(sim.conversations[0]!.id, 'Still there?');
    await value('syncNow', account.id);
    const [shown] = await value<{ status: { state: string } }[]>('listAccounts');
    expect(shown!.status.state).toBe('ok');
    expect(await value('testAccount', { provider: 'reactin', name: 'Sales seat', config: { organizationId: ORG, baseUrl: sim.baseUrl } }, account.id)).toMatchObject({ ok: true });
  });

  it('starts with keys in a keychain that has since gone: sync of that account says it cannot read the key', async () => {
    const first = await boot();
    const account = await value<{ id: string }>('addAccount', newAccount());
    expect(state.keychain.size).toBe(1);
    await first.stop();

    state.keytarMode = 'missing';
    const again = await boot();
    expect(again.windows).toBe(1);
    const answer = await ipc('syncNow', account.id);
    const sentence = `Cannot read the API key: the keychain is unavailable (${NO_SECRET_SERVICE}). Unlock it, or switch to the encrypted file in Settings and enter the key again.`;
    expect(answer).toEqual({ ok: false, error: { code: 'keychain', message: sentence } });
    const [shown] = await value<{ status: { state: string; message: string } }[]>('listAccounts');
    expect(shown!.status).toMatchObject({ state: 'error', message: sentence });
  });

  it('a keychain that reads but refuses writes: the failed save says so, then the switch moves the keys it can still read', async () => {
    const first = await boot();
    const account = await value<{ id: string }>('addAccount', newAccount());
    await first.stop();

    state.keytarMode = 'locked-writes';
    await boot();
    expect(await value<KeyStorageStatus>('keyStorage')).toMatchObject({ backend: 'keychain', description: 'GNOME Keyring / Secret Service' });
    // A new key cannot be saved: the account keeps its old key and says why.
    expect(await ipc('updateAccount', account.id, { apiKey: API_KEY })).toEqual({
      ok: false,
      error: { code: 'keychain', message: 'Keys cannot be stored: the keychain is locked and could not be unlocked. Switch to the encrypted file in Settings, or unlock or install a keychain.' },
    });
    const status = await value<KeyStorageStatus>('keyStorage');
    expect(status).toMatchObject({ backend: 'none', fallbackOffered: true, problem: 'The GNOME Keyring / Secret Service cannot be used: the keychain is locked and could not be unlocked.' });

    expect(await value<KeyStorageStatus>('useEncryptedKeyStorage')).toMatchObject({ backend: 'encrypted-file' });
    // Moved: into the file, out of the keychain; sync reads it from the file.
    expect(Object.keys(JSON.parse(readFileSync(keyFile(), 'utf8')).keys)).toEqual([account.id]);
    expect(state.keychain.size).toBe(0);
    await value('syncNow', account.id);
    const [shown] = await value<{ status: { state: string } }[]>('listAccounts');
    expect(shown!.status.state).toBe('ok');
  });

  it('refuses the switch while the keychain works, and says where the keys are', async () => {
    await boot();
    expect(await value<KeyStorageStatus>('keyStorage')).toEqual({ backend: 'keychain', description: 'GNOME Keyring / Secret Service', problem: null, fallbackOffered: false });
    expect(await ipc('useEncryptedKeyStorage')).toEqual({
      ok: false,
      error: { code: 'keychain', message: 'Your keys are kept in the GNOME Keyring / Secret Service, which works; the encrypted file is only for when no keychain can be used.' },
    });
    expect(preferences().keyStorage).toBeUndefined();
    // safeStorage was never consulted: on macOS its first use touches the Keychain.
    expect(state.safeStorageAsked).toBe(0);
  });

  it('the encrypted file chosen earlier, but safeStorage is plain text at this start: says so, and stores nothing under it', async () => {
    state.keytarMode = 'missing';
    const first = await boot();
    await value('useEncryptedKeyStorage');
    await first.stop();

    state.backend = 'basic_text';
    await boot();
    expect(await value<KeyStorageStatus>('keyStorage')).toEqual({
      backend: 'none',
      description: 'nowhere usable — the encrypted key file cannot be unlocked now',
      problem:
        "Keys cannot be stored or read: the encrypted key file cannot be used now, because Electron's safeStorage would lock it with a built-in password (its plain-text backend), which protects nothing.",
      fallbackOffered: false,
    });
    const encryptedBefore = state.encrypted.length;
    expect(await ipc('addAccount', newAccount())).toEqual({
      ok: false,
      error: {
        code: 'keychain',
        message:
          "Keys cannot be stored: the encrypted key file cannot be used now, because Electron's safeStorage would lock it with a built-in password (its plain-text backend), which protects nothing. Install and unlock a keychain (GNOME Keyring or KWallet), then try again.",
      },
    });
    expect(state.encrypted.length).toBe(encryptedBefore);
    expect(await value('listAccounts')).toEqual([]);
  });
});

describe('what the person is told on each platform', () => {
  function vault(platform: NodeJS.Platform, keychain: Partial<ConstructorParameters<typeof KeyVault>[0]['keychain']>, choice: 'keychain' | 'encrypted-file' = 'keychain') {
    return new KeyVault({
      platform,
      keychain: { probe: async () => null, get: async () => null, set: async () => {}, delete: async () => {}, list: async () => [], ...keychain },
      file: new EncryptedFileSecretStore(state.dir, () => ({}) as never),
      safeStorage: () => ({ isAsyncEncryptionAvailable: async () => true, encryptStringAsync: async () => Buffer.alloc(0), decryptStringAsync: async () => ({ result: '', shouldReEncrypt: false }) }),
      choice: { get: () => choice, set: () => {} },
    });
  }

  it.each([
    ['darwin', 'macOS Keychain', "an encrypted file in the app's data folder, locked with the macOS Keychain"],
    ['win32', 'Windows Credential Manager', "an encrypted file in the app's data folder, locked with Windows DPAPI (your Windows sign-in)"],
  ] as const)('%s: the keychain is the %s; the file is locked with the OS', async (platform, keychainName, fileDescription) => {
    expect(await vault(platform, {}).status()).toEqual({ backend: 'keychain', description: keychainName, problem: null, fallbackOffered: false });
    expect((await vault(platform, {}, 'encrypted-file').status()).description).toBe(fileDescription);
  });

  it('lists the account ids that have a key (never the keys), so keys of removed accounts can be swept', async () => {
    const v = vault('linux', { list: async () => [{ accountId: 'acc_1', secret: 'rk_1' }, { accountId: 'acc_gone', secret: 'rk_2' }] });
    const ids = await v.accountIds();
    expect(ids).toEqual(['acc_1', 'acc_gone']);
    expect(JSON.stringify(ids)).not.toContain('rk_');
  });

  it('KDE: the keychain is KWallet', async () => {
    process.env.XDG_CURRENT_DESKTOP = 'KDE';
    try {
      expect((await vault('linux', {}).status()).description).toBe('KWallet');
    } finally {
      delete process.env.XDG_CURRENT_DESKTOP;
    }
  });

  it('macOS, a locked keychain that cannot prompt (errSecInteractionNotAllowed): keys cannot be stored, and why', async () => {
    const locked = new KeytarSecretStore(async () => {
      const fail = async (): Promise<never> => {
        throw new Error('User interaction is not allowed. (-25308)');
      };
      return { getPassword: fail, setPassword: fail, deletePassword: fail };
    });
    const v = vault('darwin', { probe: (p, t) => locked.probe(p, t) });
    expect(await v.status()).toMatchObject({ backend: 'none', problem: 'The macOS Keychain cannot be used: the keychain is locked and could not ask for its password.', fallbackOffered: true });
    await expect(v.set('acc_1', 'k')).rejects.toMatchObject({
      code: 'keychain',
      message: 'Keys cannot be stored: the keychain is locked and could not ask for its password. Switch to the encrypted file in Settings, or unlock or install a keychain.',
    });
  });

  it('the probe gives up after its timeout instead of waiting on a keychain that never answers', async () => {
    const hanging = new KeytarSecretStore(async () => {
      const never = () => new Promise<never>(() => {});
      return { getPassword: never, setPassword: never, deletePassword: never };
    });
    expect(await hanging.probe('linux', 200)).toBe('it did not answer within 1 second (usually no Secret Service, such as GNOME Keyring or KWallet, is running)');
  });
});
