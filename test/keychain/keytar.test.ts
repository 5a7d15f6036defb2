/**
 * The keychain store against a real Secret Service: a private D-Bus session bus and a
 * gnome-keyring-daemon, started for this file only, with HOME and the XDG folders in a
 * temporary directory. The same as the developers' recipe
 *   HOME=$(mktemp -d) dbus-run-session -- sh -c 'printf pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null; …'
 * but run from inside vitest, so `npm test` needs no wrapper. Vitest runs each file in its
 * own process (pool: 'forks'), so the environment set here reaches nothing else.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyVault } from '../../src/main/secrets/key-storage';
import { keychainName, type KeytarSecretStore as KeytarSecretStoreType } from '../../src/main/secrets/keytar';
import { EncryptedFileSecretStore } from '../../src/main/secrets/safe-storage';

const REQUIRED = [
  ['dbus-daemon', 'dbus (apt-get install dbus)'],
  ['dbus-send', 'dbus (apt-get install dbus)'],
  ['gnome-keyring-daemon', 'gnome-keyring (apt-get install gnome-keyring)'],
] as const;

let root = '';
let dbus: ChildProcess | null = null;
let keyring: ChildProcess | null = null;
const savedEnv: Record<string, string | undefined> = {};
let store: KeytarSecretStoreType;
let KeytarSecretStore: typeof import('../../src/main/secrets/keytar').KeytarSecretStore;

beforeAll(async () => {
  const missing = REQUIRED.filter(([bin]) => spawnSync('sh', ['-c', `command -v ${bin}`]).status !== 0);
  if (missing.length > 0) {
    throw new Error(
      `The keychain test needs a D-Bus session bus and GNOME Keyring, but ${missing.map(([bin]) => bin).join(', ')} ` +
        `${missing.length === 1 ? 'is' : 'are'} not installed. Install: ${[...new Set(missing.map(([, pkg]) => pkg))].join('; ')}.`,
    );
  }

  root = mkdtempSync(join(tmpdir(), 'inbox-keychain-'));
  const env: Record<string, string> = {
    HOME: join(root, 'home'),
    XDG_DATA_HOME: join(root, 'data'),
    XDG_CONFIG_HOME: join(root, 'config'),
    XDG_CACHE_HOME: join(root, 'cache'),
    XDG_RUNTIME_DIR: join(root, 'runtime'),
  };
  for (const dir of Object.values(env)) mkdirSync(dir, { recursive: true });
  chmodSync(env.XDG_RUNTIME_DIR, 0o700);

  dbus = spawn('dbus-daemon', ['--session', '--nofork', '--print-address=1'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  env.DBUS_SESSION_BUS_ADDRESS = await firstLine(dbus, 'dbus-daemon');

  // libsecret reads these when keytar first talks to the bus, which happens after this point.
  for (const [key, value] of Object.entries(env)) {
    savedEnv[key] = process.env[key];
    process.env[key] = value;
  }

  keyring = spawn('gnome-keyring-daemon', ['--foreground', '--unlock', '--components=secrets'], {
    env: process.env,
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  keyring.stdin!.end('pw'); // --unlock reads the login keyring's password from stdin
  await waitFor('gnome-keyring to own org.freedesktop.secrets on the private bus', () => busNameHasOwner('org.freedesktop.secrets'), keyring);

  ({ KeytarSecretStore } = await import('../../src/main/secrets/keytar'));
  store = new KeytarSecretStore();
});

afterAll(async () => {
  await stop(keyring);
  await stop(dbus);
  for (const [key, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('KeytarSecretStore on a real Secret Service (gnome-keyring)', () => {
  it('stores, reads back, and deletes a key; get answers null after delete', async () => {
    const account = `acc_${randomUUID()}`;
    const secret = `sk-test-${randomUUID()}`;
    await store.set(account, secret);
    expect(await store.get(account)).toBe(secret);
    await store.delete(account);
    expect(await store.get(account)).toBeNull();
  });

  it("files the key under service 'linkedin-inbox' with the account id as the account", async () => {
    const account = `acc_${randomUUID()}`;
    await store.set(account, 'k-1');
    const keytar = (await import('keytar')) as unknown as { default?: typeof import('keytar') } & typeof import('keytar');
    const api = typeof keytar.findCredentials === 'function' ? keytar : keytar.default!;
    expect(await api.findCredentials('linkedin-inbox')).toContainEqual({ account, password: 'k-1' });
    await store.delete(account);
  });

  it('keeps keys of different accounts apart, and replaces a key in place', async () => {
    const [a, b] = [`acc_${randomUUID()}`, `acc_${randomUUID()}`];
    await store.set(a, 'key-a');
    await store.set(b, 'key-b');
    await store.set(a, 'key-a2');
    expect(await store.get(a)).toBe('key-a2');
    expect(await store.get(b)).toBe('key-b');
    await store.delete(a);
    expect(await store.get(a)).toBeNull();
    expect(await store.get(b)).toBe('key-b');
    await store.delete(b);
  });

  it('deleting a key that is not there is not an error', async () => {
    await expect(store.delete(`acc_${randomUUID()}`)).resolves.toBeUndefined();
  });

  it('writes the key to the keyring on disk encrypted: no file in our folders holds it in plain text', async () => {
    const keyringFile = join(process.env.XDG_DATA_HOME!, 'keyrings', 'login.keyring');
    const before = existsSync(keyringFile) ? statSync(keyringFile).size : 0;
    const account = `acc_${randomUUID()}`;
    const secret = `sk-plaintext-probe-${randomUUID()}`;
    await store.set(account, secret);
    try {
      // The item really went to disk in the folder we control, so the scan below means something.
      expect(statSync(keyringFile).size).toBeGreaterThan(before);
      const needles = [Buffer.from(secret, 'utf8'), Buffer.from(secret, 'utf16le'), Buffer.from(Buffer.from(secret).toString('base64'))];
      const leaks = filesUnder(root).filter((file) => {
        const bytes = readFileSync(file);
        return needles.some((n) => bytes.includes(n));
      });
      expect(leaks).toEqual([]);
    } finally {
      await store.delete(account);
    }
  });
});

describe('the key vault on a real Secret Service', () => {
  function vault() {
    // safeStorage is not needed while the keychain works; a plain-text one proves it is not consulted for the answer.
    const safeStorage = {
      isAsyncEncryptionAvailable: async () => true,
      getSelectedStorageBackend: () => 'basic_text',
      encryptStringAsync: async () => expect.fail('nothing may be encrypted while the keychain works'),
      decryptStringAsync: async () => expect.fail('nothing may be decrypted while the keychain works'),
    };
    return new KeyVault({
      platform: 'linux',
      keychainName: keychainName('linux', {}),
      keychain: store,
      file: new EncryptedFileSecretStore(root, () => safeStorage),
      safeStorage: () => safeStorage,
      choice: { get: () => 'keychain', set: () => expect.fail('the choice must not change') },
    });
  }

  it("says the keys are in the keychain, by name, and stores them there (not in a file)", async () => {
    const v = vault();
    expect(await v.status()).toEqual({ backend: 'keychain', description: 'GNOME Keyring / Secret Service', problem: null, fallbackOffered: false });
    const account = `acc_${randomUUID()}`;
    await v.set(account, 'k-vault');
    expect(await store.get(account)).toBe('k-vault');
    expect(await v.get(account)).toBe('k-vault');
    expect(existsSync(join(root, 'keys.enc.json'))).toBe(false);
    await v.delete(account);
    expect(await store.get(account)).toBeNull();
  });

  it('a Secret Service that stops answering (SIGSTOP): the probe gives up within its bound instead of hanging', async () => {
    const probe = new KeytarSecretStore();
    expect(await probe.probe('linux', 1_500)).toBeNull(); // answering now
    keyring!.kill('SIGSTOP'); // it still owns org.freedesktop.secrets, but answers nothing
    try {
      const started = Date.now();
      const problem = await probe.probe('linux', 1_500);
      const waited = Date.now() - started;
      // What the person sees: the problem, naming the wait. It cannot come before the bound; a
      // bound several times the probe's own only catches a real hang, however loaded the machine.
      expect(problem).toBe('it did not answer within 2 seconds (usually no Secret Service, such as GNOME Keyring or KWallet, is running)');
      expect(waited).toBeGreaterThanOrEqual(1_400);
      expect(waited).toBeLessThan(1_500 * 5);
    } finally {
      keyring!.kill('SIGCONT');
    }
    // Back: the next probe answers again.
    await expect.poll(() => probe.probe('linux', 1_500), { timeout: 10_000 }).toBeNull();
  });
});

// ---- helpers -----------------------------------------------------------------------

function firstLine(child: ChildProcess, name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`${name} printed no bus address within 10 s. stderr: ${err}`)), 10_000);
    child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) {
        clearTimeout(timer);
        resolve(out.slice(0, nl).trim());
      }
    });
    child.once('error', (e) => reject(new Error(`${name} could not start: ${e.message}`)));
    child.once('exit', (code) => reject(new Error(`${name} exited (code ${code}) before printing its address. stderr: ${err}`)));
  });
}

async function waitFor(what: string, ready: () => boolean, child: ChildProcess): Promise<void> {
  let err = '';
  child.stderr?.on('data', (b: Buffer) => (err += b.toString()));
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Gave up waiting for ${what}: the process exited with code ${child.exitCode}. stderr: ${err}`);
    if (ready()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out waiting for ${what}. stderr: ${err}`);
}

function busNameHasOwner(name: string): boolean {
  const r = spawnSync(
    'dbus-send',
    ['--session', '--dest=org.freedesktop.DBus', '--type=method_call', '--print-reply', '/org/freedesktop/DBus', 'org.freedesktop.DBus.NameHasOwner', `string:${name}`],
    { env: process.env, encoding: 'utf8', timeout: 5_000 },
  );
  return r.status === 0 && /boolean true/.test(r.stdout);
}

async function stop(child: ChildProcess | null): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(p);
    return entry.isFile() ? [p] : [];
  });
}
