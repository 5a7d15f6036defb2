/**
 * What main prints. The app logs no HTTP traffic; it prints only unexpected failures (an IPC
 * request that failed inside the core, the tray, reading settings, a core that cannot open).
 * Each goes through describeForLog (src/main/core/redact.ts), so an error that carries a request
 * never puts an Authorization or x-api-key value, or a key in a URL, in the console or in the app
 * log's file (main.log in app.getPath('logs'), src/main/log.ts), which is read here after each case.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({
  handlers: new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>(),
  logs: { dir: '' },
  app: { isPackaged: false, getPath: (name: string) => (name === 'logs' ? electron.logs.dir : `/fake/${name}`), enableSandbox: vi.fn() },
}));
vi.mock('electron', async () =>
  (await import('../support/electron-stub')).inertElectron({
    app: electron.app,
    ipcMain: {
      handle: (channel: string, l: (event: unknown, ...args: unknown[]) => Promise<unknown>) => electron.handlers.set(channel, l),
      removeHandler: (channel: string) => electron.handlers.delete(channel),
    },
  }),
);
vi.mock('electron-store', () => ({ default: class {} }));

import { electronShell } from '../../src/main/index';
import { INBOX_METHODS, invokeChannel, type InboxApi } from '../../src/shared/ipc';

const ROOT = resolve(__dirname, '..', '..');
const KEY = 'lk_live_Zp4+Yc/81xQ=';
const OUR_PAGE = { url: 'app://inbox/index.html', parent: null }; // the main window's page (src/main/app-protocol.ts)

/** An error as undici or a provider adapter might throw it: the request inside, key and all. */
function errorCarryingTheKey(): Error {
  const request = { method: 'POST', url: `https://api.linkupapi.com/v1/messages?api_key=${encodeURIComponent(KEY)}`, headers: { 'x-api-key': KEY, authorization: `Bearer ${KEY}` } };
  return new TypeError(`Cannot read properties of undefined (reading 'items') after POST ${request.url}`, {
    cause: Object.assign(new Error(`upstream said: token Bearer ${KEY} is not valid`), { request }),
  });
}

let printed: string[] = [];
/** What the app log wrote to its file in this case's logs folder. */
const logFile = () => readFileSync(join(electron.logs.dir, 'main.log'), 'utf8');
beforeEach(() => {
  electron.logs.dir = mkdtempSync(join(tmpdir(), 'inbox-shell-logs-'));
  printed = [];
  for (const level of ['error', 'warn', 'log', 'info'] as const) vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void printed.push(args.map(String).join(' ')));
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(electron.logs.dir, { recursive: true, force: true });
});

describe('what main prints about a failure', () => {
  it('an IPC request that failed inside the core: the method and the error, without the key', async () => {
    const api = Object.fromEntries(INBOX_METHODS.map((m) => [m, async () => null])) as unknown as InboxApi;
    api.syncNow = async () => {
      throw errorCarryingTheKey();
    };
    electronShell().registerIpc(api);
    const answer = await electron.handlers.get(invokeChannel('syncNow'))!({ senderFrame: OUR_PAGE });
    expect(answer).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(printed).toHaveLength(1);
    expect(printed[0]).toContain('[ipc] syncNow failed TypeError: Cannot read properties of undefined');
    expect(printed[0]).toContain('caused by: Error: upstream said: token Bearer [redacted] is not valid');
    expect(printed[0]).toContain('"x-api-key":"[redacted]"');
    expect(printed[0]).not.toContain(KEY);
    expect(printed[0]).not.toContain(encodeURIComponent(KEY));
    expect(logFile()).toContain('[ipc] syncNow failed TypeError: Cannot read properties of undefined');
    expect(logFile()).toContain('"x-api-key":"[redacted]"');
    for (const form of [KEY, encodeURIComponent(KEY)]) expect(logFile()).not.toContain(form);
  });

  it('a core that cannot open', () => {
    electronShell().reportStartupFailure(errorCarryingTheKey());
    expect(printed).toHaveLength(1);
    expect(printed[0]).toMatch(/^\[startup\] the core could not open TypeError/);
    expect(printed[0]).not.toContain(KEY);
    expect(logFile()).toMatch(/\[error\] \[startup\] the core could not open TypeError/);
    for (const form of [KEY, encodeURIComponent(KEY)]) expect(logFile()).not.toContain(form);
  });

  it('every console call in main goes through describeForLog, and the shell logs through the app log', () => {
    const files = (function walk(dir: string): string[] {
      return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : /\.tsx?$/.test(n) ? [join(dir, n)] : []));
    })(join(ROOT, 'src', 'main'));
    const calls = files.flatMap((f) => readFileSync(f, 'utf8').split('\n').filter((l) => /\bconsole\.\w+\(/.test(l)).map((l) => `${relative(ROOT, f)}: ${l.trim()}`));
    expect(calls.filter((c) => !/console\.\w+\([^;]*describeForLog\(/.test(c))).toEqual([]);
    // The app log's hook redacts every part (test/shell/app-log.test.ts), so these pass errors as they are.
    const logged = readFileSync(join(ROOT, 'src', 'main', 'index.ts'), 'utf8').match(/\blog\.(warn|error)\(/g) ?? [];
    expect(logged.length).toBeGreaterThanOrEqual(5);
  });
});
