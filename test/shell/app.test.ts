import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChangeEvent } from '../../src/shared/domain';
import { CHANGED_CHANNEL, INBOX_METHODS, invokeChannel } from '../../src/shared/ipc';

// index.ts imports Electron and, through preferences.ts, electron-store: neither can load here.
const electron = vi.hoisted(() => ({
  handled: new Map<string, unknown>(),
  app: { isPackaged: false, getPath: (name: string) => `/fake/${name}`, enableSandbox: vi.fn() },
}));
vi.mock('electron', () => ({
  app: electron.app,
  dialog: { showErrorBox: vi.fn() },
  ipcMain: {
    handle: (channel: string, l: unknown) => electron.handled.set(channel, l),
    removeHandler: (channel: string) => electron.handled.delete(channel),
  },
  BrowserWindow: class {},
  screen: { getAllDisplays: () => [] },
  Notification: class {},
  powerMonitor: { on: vi.fn() },
}));
vi.mock('electron-store', () => ({ default: class {} }));
vi.mock('../../src/main/core', () => ({ createCore: vi.fn(async () => ({ fake: 'core' })) }));

import { createCore } from '../../src/main/core';
import { electronShell, startApp, type AppDeps, type ShellCore, type ShellWindow } from '../../src/main/index';
import { KeytarSecretStore } from '../../src/main/secrets/keytar';
import { Agent } from 'undici';

function deferred<T = void>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function preventable() {
  return {
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

/** Electron's app as far as the lifecycle sees it: quit() emits before-quit and stops unless prevented. */
class FakeApp extends EventEmitter {
  hasLock = true;
  exited = false;
  readonly ready = deferred();
  requestSingleInstanceLock = vi.fn(() => this.hasLock);
  whenReady = vi.fn(() => this.ready.promise);
  quit = vi.fn(() => {
    const event = preventable();
    this.emit('before-quit', event);
    if (!event.defaultPrevented) this.exited = true;
  });
}

function fakeWindow() {
  const w = Object.assign(new EventEmitter(), {
    destroyed: false,
    minimized: false,
    isDestroyed: () => w.destroyed,
    isMinimized: () => w.minimized,
    restore: vi.fn(() => void (w.minimized = false)),
    show: vi.fn(),
    focus: vi.fn(),
    webContents: { send: vi.fn(), isLoading: () => false, once: vi.fn() },
    /** The person closes it. */
    close() {
      w.destroyed = true;
      w.emit('closed');
    },
  });
  return w;
}

function fakeCore() {
  let listener: ((e: ChangeEvent) => void) | null = null;
  const closing = deferred();
  const core = {
    ...Object.fromEntries(INBOX_METHODS.map((m) => [m, vi.fn()])),
    onChanged: vi.fn((l: (e: ChangeEvent) => void) => {
      listener = l;
      return () => (listener = null);
    }),
    start: vi.fn(),
    wake: vi.fn(),
    close: vi.fn(() => closing.promise),
  } as unknown as ShellCore & { start: ReturnType<typeof vi.fn>; wake: ReturnType<typeof vi.fn>; close: ReturnType<typeof vi.fn> };
  return { core, closing, emitChange: (e: ChangeEvent) => listener?.(e) };
}

function setup(options: { platform?: NodeJS.Platform; openCore?: () => Promise<ShellCore> } = {}) {
  const app = new FakeApp();
  const { core, closing, emitChange } = fakeCore();
  const windows: ReturnType<typeof fakeWindow>[] = [];
  const order: string[] = [];
  const unregister = vi.fn();
  let bringForward: (() => ShellWindow | null) | null = null;
  let resume: (() => void) | null = null;
  const deps: AppDeps = {
    app,
    platform: options.platform ?? 'linux',
    openCore: vi.fn(options.openCore ?? (async () => (order.push('core'), core))),
    registerIpc: vi.fn(() => (order.push('ipc'), unregister)),
    createWindow: vi.fn(() => {
      order.push('window');
      const w = fakeWindow();
      windows.push(w);
      return w;
    }),
    createNotifier: vi.fn((b) => ((bringForward = b), { notify: vi.fn() })),
    hardenWebContents: vi.fn(),
    reportStartupFailure: vi.fn(),
    onResume: vi.fn((l: () => void) => void (resume = l)),
  };
  core.start.mockImplementation(() => void order.push('start'));
  const boot = async () => {
    const started = startApp(deps);
    app.ready.resolve();
    await started;
  };
  return { app, core, closing, emitChange, windows, order, unregister, deps, boot, bringForward: () => bringForward!(), resume: () => resume?.() };
}

describe('startApp', () => {
  it('quits at once when another instance holds the lock, opening nothing', async () => {
    const t = setup();
    t.app.hasLock = false;
    await startApp(t.deps);
    expect(t.app.quit).toHaveBeenCalled();
    expect(t.app.exited).toBe(true);
    expect(t.app.whenReady).not.toHaveBeenCalled();
    expect(t.deps.openCore).not.toHaveBeenCalled();
    expect(t.deps.createWindow).not.toHaveBeenCalled();
  });

  it('opens the core, registers IPC before the window exists, then starts the core', async () => {
    const t = setup();
    await t.boot();
    expect(t.order).toEqual(['core', 'ipc', 'window', 'start']);
    expect(t.deps.registerIpc).toHaveBeenCalledWith(t.core);
  });

  it('wakes the core when a window gets focus and when the computer resumes, not before it runs', async () => {
    const t = setup();
    t.app.emit('browser-window-focus');
    expect(t.core.wake).not.toHaveBeenCalled();
    await t.boot();
    t.app.emit('browser-window-focus');
    expect(t.core.wake).toHaveBeenCalledTimes(1);
    t.resume();
    expect(t.core.wake).toHaveBeenCalledTimes(2);
  });

  it('hardens every web contents the app creates', async () => {
    const t = setup();
    await t.boot();
    const contents = { id: 1 };
    t.app.emit('web-contents-created', {}, contents);
    expect(t.deps.hardenWebContents).toHaveBeenCalledWith(contents);
  });

  it("forwards the core's change events to the window", async () => {
    const t = setup();
    await t.boot();
    t.emitChange({ conversations: ['c_1'] });
    expect(t.windows[0].webContents.send).toHaveBeenCalledExactlyOnceWith(CHANGED_CHANNEL, { conversations: ['c_1'] });
  });

  it('sends change events to nothing once the window is closed, and to a recreated window', async () => {
    const t = setup({ platform: 'darwin' });
    await t.boot();
    t.windows[0].close();
    expect(() => t.emitChange({ accounts: true })).not.toThrow();
    t.app.emit('activate');
    t.emitChange({ accounts: true });
    expect(t.windows[0].webContents.send).not.toHaveBeenCalled();
    expect(t.windows[1].webContents.send).toHaveBeenCalledWith(CHANGED_CHANNEL, { accounts: true });
  });

  it('a second launch restores and focuses the existing window instead of opening another', async () => {
    const t = setup();
    await t.boot();
    t.windows[0].minimized = true;
    t.app.emit('second-instance', {}, ['app'], '/');
    expect(t.windows).toHaveLength(1);
    expect(t.windows[0].restore).toHaveBeenCalled();
    expect(t.windows[0].show).toHaveBeenCalled();
    expect(t.windows[0].focus).toHaveBeenCalled();
  });

  it('a second launch opens a window when none is open (macOS, all windows closed)', async () => {
    const t = setup({ platform: 'darwin' });
    await t.boot();
    t.windows[0].close();
    t.app.emit('second-instance', {}, ['app'], '/');
    expect(t.windows).toHaveLength(2);
    expect(t.windows[1].focus).toHaveBeenCalled();
  });

  it('quits when the last window closes, except on macOS', async () => {
    const linux = setup({ platform: 'linux' });
    await linux.boot();
    linux.app.emit('window-all-closed');
    expect(linux.app.quit).toHaveBeenCalled();

    const mac = setup({ platform: 'darwin' });
    await mac.boot();
    mac.app.emit('window-all-closed');
    expect(mac.app.quit).not.toHaveBeenCalled();
  });

  it('activate recreates the window only when none is open', async () => {
    const t = setup({ platform: 'darwin' });
    await t.boot();
    t.app.emit('activate');
    expect(t.windows).toHaveLength(1);
    t.windows[0].close();
    t.app.emit('activate');
    expect(t.windows).toHaveLength(2);
  });

  it('holds the quit until the core has closed, closes it once, then quits for real', async () => {
    const t = setup();
    await t.boot();
    t.app.quit();
    t.app.quit(); // e.g. Cmd+Q pressed twice while closing
    await vi.waitFor(() => expect(t.core.close).toHaveBeenCalled());
    t.app.quit(); // and again, once the close is under way
    expect(t.app.exited).toBe(false);
    expect(t.core.close).toHaveBeenCalledTimes(1);
    expect(t.unregister).not.toHaveBeenCalled();

    t.closing.resolve();
    await vi.waitFor(() => expect(t.app.exited).toBe(true));
    expect(t.core.close).toHaveBeenCalledTimes(1);
    expect(t.unregister).toHaveBeenCalledTimes(1);
    expect(t.app.quit).toHaveBeenCalledTimes(4);
  });

  it('still quits when closing the core fails', async () => {
    const t = setup();
    await t.boot();
    t.app.quit();
    t.closing.reject(new Error('database is locked'));
    await vi.waitFor(() => expect(t.app.exited).toBe(true));
  });

  it('quitting before the app is ready quits without a core to close', async () => {
    const t = setup();
    void startApp(t.deps);
    t.app.quit();
    expect(t.app.exited).toBe(true);
    expect(t.deps.openCore).not.toHaveBeenCalled();
  });

  it('quitting while the core opens waits for it, closes it, and never opens a window', async () => {
    const opening = deferred<ShellCore>();
    const t = setup({ openCore: () => opening.promise });
    const started = startApp(t.deps);
    t.app.ready.resolve();
    await vi.waitFor(() => expect(t.deps.openCore).toHaveBeenCalled());
    t.app.quit();
    expect(t.app.exited).toBe(false);
    opening.resolve(t.core);
    await started;
    t.closing.resolve();
    await vi.waitFor(() => expect(t.app.exited).toBe(true));
    expect(t.core.close).toHaveBeenCalledTimes(1);
    expect(t.deps.createWindow).not.toHaveBeenCalled();
    expect(t.deps.registerIpc).not.toHaveBeenCalled();
    expect(t.core.start).not.toHaveBeenCalled();
  });

  it('reports a core that cannot open and quits, with no window', async () => {
    const t = setup({ openCore: async () => Promise.reject(new Error('SQLITE_CANTOPEN')) });
    await t.boot();
    expect(t.deps.reportStartupFailure).toHaveBeenCalledWith(expect.objectContaining({ message: 'SQLITE_CANTOPEN' }));
    await vi.waitFor(() => expect(t.app.exited).toBe(true));
    expect(t.deps.createWindow).not.toHaveBeenCalled();
  });

  it('a notification clicked before the window exists opens no window (IPC is not there yet)', async () => {
    const opening = deferred<ShellCore>();
    const t = setup({ openCore: () => opening.promise });
    const started = startApp(t.deps);
    t.app.ready.resolve();
    await vi.waitFor(() => expect(t.deps.createNotifier).toHaveBeenCalled());
    expect(t.bringForward()).toBeNull();
    expect(t.deps.createWindow).not.toHaveBeenCalled();
    opening.resolve(t.core);
    await started;
    expect(t.bringForward()).toBe(t.windows[0]);
  });
});

describe('electronShell', () => {
  beforeEach(() => {
    electron.handled.clear();
    vi.mocked(createCore).mockClear();
  });

  it('opens the core in userData with the keychain, its own undici Agent, the notifier and the demo account', async () => {
    const notifier = { notify: vi.fn() };
    await electronShell().openCore(notifier);
    expect(createCore).toHaveBeenCalledTimes(1);
    const opts = vi.mocked(createCore).mock.calls[0][0];
    expect(opts.dataDir).toBe('/fake/userData');
    expect(opts.secrets).toBeInstanceOf(KeytarSecretStore);
    expect(opts.dispatcher).toBeInstanceOf(Agent);
    expect(opts.notifier).toBe(notifier);
    expect(opts.seedDemo).toBe(true);
    await (opts.dispatcher as Agent).close();
  });

  it('turns on the sandbox for every renderer', () => {
    electronShell();
    expect(electron.app.enableSandbox).toHaveBeenCalled();
  });

  it('registers the guarded handlers on ipcMain and removes them again', async () => {
    const remove = electronShell().registerIpc({} as never);
    expect([...electron.handled.keys()].sort()).toEqual(INBOX_METHODS.map((m) => invokeChannel(m)).sort());
    const handler = electron.handled.get(invokeChannel('listAccounts')) as (e: unknown) => Promise<unknown>;
    expect(await handler({ senderFrame: { url: 'https://evil.example/', parent: null } })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    remove();
    expect(electron.handled.size).toBe(0);
  });
});
