import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS, type AppSettings, type ChangeEvent } from '../../src/shared/domain';
import { CHANGED_CHANNEL, INBOX_METHODS, IPC_METHODS, invokeChannel } from '../../src/shared/ipc';

// index.ts imports Electron and, through preferences.ts, electron-store: neither can load here.
const electron = vi.hoisted(() => ({
  handled: new Map<string, unknown>(),
  app: { isPackaged: false, getPath: (name: string) => `/fake/${name}`, enableSandbox: vi.fn() },
}));
vi.mock('electron', async () =>
  (await import('../support/electron-stub')).inertElectron({
    app: electron.app,
    ipcMain: {
      handle: (channel: string, l: unknown) => electron.handled.set(channel, l),
      removeHandler: (channel: string) => electron.handled.delete(channel),
    },
  }),
);
vi.mock('electron-store', () => ({ default: class {} }));
vi.mock('../../src/main/core', async (importOriginal) => ({ ...(await importOriginal<typeof import('../../src/main/core')>()), createCore: vi.fn(async () => ({ fake: 'core' })) }));

import { createCore } from '../../src/main/core';
import { electronShell, QUIT_GRACE_MS, startApp, type AppDeps, type ShellCore, type ShellWindow } from '../../src/main/index';
import type { TrayOptions } from '../../src/main/tray';
import { KeyVault } from '../../src/main/secrets/key-storage';
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

/**
 * Electron's app as far as the lifecycle sees it: quit() emits before-quit and stops if that
 * is prevented; otherwise it closes every window, and stops if one of them prevents its close.
 */
class FakeApp extends EventEmitter {
  hasLock = true;
  exited = false;
  windows: ReturnType<typeof fakeWindow>[] = [];
  readonly ready = deferred();
  requestSingleInstanceLock = vi.fn(() => this.hasLock);
  whenReady = vi.fn(() => this.ready.promise);
  quit = vi.fn(() => {
    const event = preventable();
    this.emit('before-quit', event);
    if (event.defaultPrevented) return;
    // Electron does not emit window-all-closed while quitting.
    for (const w of this.windows) if (!w.destroyed && !w.tryClose()) return;
    this.exited = true;
  });
}

function fakeWindow() {
  const w = Object.assign(new EventEmitter(), {
    destroyed: false,
    minimized: false,
    visible: true,
    isDestroyed: () => w.destroyed,
    isMinimized: () => w.minimized,
    isVisible: () => w.visible,
    restore: vi.fn(() => void (w.minimized = false)),
    show: vi.fn(() => void (w.visible = true)),
    hide: vi.fn(() => void (w.visible = false)),
    focus: vi.fn(),
    webContents: { send: vi.fn(), isLoading: () => false, once: vi.fn() },
    /** The window is gone (without asking its 'close' listeners). */
    close() {
      w.destroyed = true;
      w.emit('closed');
    },
    /** Asks to close as Electron does: 'close' first; closes unless prevented. True if it closed. */
    tryClose(): boolean {
      const event = preventable();
      w.emit('close', event);
      if (event.defaultPrevented) return false;
      w.close();
      return true;
    },
  });
  return w;
}

function fakeCore() {
  let listener: ((e: ChangeEvent) => void) | null = null;
  const closing = deferred();
  const settings: AppSettings = { ...DEFAULT_SETTINGS };
  const core = {
    ...Object.fromEntries(INBOX_METHODS.map((m) => [m, vi.fn()])),
    getSettings: vi.fn(async () => ({ ...settings })),
    onChanged: vi.fn((l: (e: ChangeEvent) => void) => {
      listener = l;
      return () => (listener = null);
    }),
    start: vi.fn(),
    wake: vi.fn(),
    setWindowFocused: vi.fn(),
    close: vi.fn(() => closing.promise),
  } as unknown as ShellCore & { start: ReturnType<typeof vi.fn>; wake: ReturnType<typeof vi.fn>; close: ReturnType<typeof vi.fn> };
  return { core, closing, settings, emitChange: (e: ChangeEvent) => listener?.(e) };
}

function setup(options: { platform?: NodeJS.Platform; openCore?: () => Promise<ShellCore>; createTray?: AppDeps['createTray'] } = {}) {
  const app = new FakeApp();
  const { core, closing, settings, emitChange } = fakeCore();
  const windows = app.windows;
  const trays: { options: TrayOptions; destroy: ReturnType<typeof vi.fn> }[] = [];
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
    createTray: vi.fn(
      options.createTray ??
        ((trayOptions: TrayOptions) => {
          order.push('tray');
          const tray = { options: trayOptions, destroy: vi.fn() };
          trays.push(tray);
          return tray;
        }),
    ),
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
  return {
    app,
    core,
    closing,
    settings,
    emitChange,
    windows,
    trays,
    order,
    unregister,
    deps,
    boot,
    bringForward: () => bringForward!(),
    resume: () => resume?.(),
  };
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
    expect(t.order).toEqual(['core', 'ipc', 'window', 'start', 'tray']);
    expect(t.deps.registerIpc).toHaveBeenCalledWith(t.core);
  });

  it('tells the person, once the core runs, that the cache was damaged and what was kept', async () => {
    const t = setup();
    const sentence = 'The message cache (/data/inbox.sqlite) was damaged (it is no longer a database file). It was moved to /data/damaged/x …';
    (t.core as unknown as { cacheRecovery: () => string | null }).cacheRecovery = () => sentence;
    t.deps.reportCacheRecovery = vi.fn();
    await t.boot();
    expect(t.deps.reportCacheRecovery).toHaveBeenCalledWith(sentence);
    expect(t.order).toContain('start');
  });

  it('says nothing about the cache when it opened normally', async () => {
    const t = setup();
    (t.core as unknown as { cacheRecovery: () => string | null }).cacheRecovery = () => null;
    t.deps.reportCacheRecovery = vi.fn();
    await t.boot();
    expect(t.deps.reportCacheRecovery).not.toHaveBeenCalled();
  });

  it('wakes the core when a window gets focus and when the computer resumes, not before it runs', async () => {
    const t = setup();
    t.app.emit('browser-window-focus');
    expect(t.core.wake).not.toHaveBeenCalled();
    await t.boot();
    t.app.emit('browser-window-focus');
    expect(t.core.wake).toHaveBeenCalledTimes(1);
    expect(t.core.setWindowFocused).toHaveBeenLastCalledWith(true);
    t.app.emit('browser-window-blur');
    expect(t.core.setWindowFocused).toHaveBeenLastCalledWith(false);
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

  it('quits after a few seconds at most when the core does not finish closing', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const t = setup();
      await t.boot();
      t.app.quit();
      await vi.advanceTimersByTimeAsync(0); // (vi.waitFor would move the fake time on)
      expect(t.core.close).toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(QUIT_GRACE_MS - 1);
      expect(t.app.exited).toBe(false); // the core still has its grace period to finish
      await vi.advanceTimersByTimeAsync(1);
      expect(t.app.exited).toBe(true);
      expect(t.unregister).toHaveBeenCalledTimes(1);
      expect(QUIT_GRACE_MS).toBeLessThanOrEqual(5_000);
    } finally {
      vi.useRealTimers();
    }
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

describe('the tray', () => {
  it('is not created before the core runs, then once, on the core', async () => {
    const opening = deferred<ShellCore>();
    const t = setup({ openCore: () => opening.promise });
    const started = startApp(t.deps);
    t.app.ready.resolve();
    await vi.waitFor(() => expect(t.deps.openCore).toHaveBeenCalled());
    expect(t.deps.createTray).not.toHaveBeenCalled();
    opening.resolve(t.core);
    await started;
    expect(t.deps.createTray).toHaveBeenCalledTimes(1);
    expect(t.trays[0]!.options.core).toBe(t.core);
    expect(t.core.start).toHaveBeenCalled();
  });

  it('is never created when the app quits while the core opens', async () => {
    const opening = deferred<ShellCore>();
    const t = setup({ openCore: () => opening.promise });
    const started = startApp(t.deps);
    t.app.ready.resolve();
    await vi.waitFor(() => expect(t.deps.openCore).toHaveBeenCalled());
    t.app.quit();
    opening.resolve(t.core);
    await started;
    expect(t.deps.createTray).not.toHaveBeenCalled();
  });

  it('is destroyed when the app quits, before the core closes, and only once', async () => {
    const t = setup();
    await t.boot();
    t.app.quit();
    expect(t.trays[0]!.destroy).toHaveBeenCalledTimes(1);
    expect(t.app.exited).toBe(false); // the core is still closing
    t.app.quit();
    t.closing.resolve();
    await vi.waitFor(() => expect(t.app.exited).toBe(true));
    expect(t.trays[0]!.destroy).toHaveBeenCalledTimes(1);
  });

  it('Open Inbox / a tray click brings the hidden window forward, or recreates a closed one', async () => {
    const t = setup({ platform: 'darwin' });
    await t.boot();
    expect(t.windows[0]!.tryClose()).toBe(false); // hidden by close-to-tray
    t.windows[0]!.minimized = true;
    t.trays[0]!.options.openWindow();
    expect(t.windows).toHaveLength(1);
    expect(t.windows[0]!.visible).toBe(true);
    expect(t.windows[0]!.restore).toHaveBeenCalled();
    expect(t.windows[0]!.focus).toHaveBeenCalled();

    t.windows[0]!.close(); // really gone (macOS without close-to-tray, say)
    t.trays[0]!.options.openWindow();
    expect(t.windows).toHaveLength(2);
    expect(t.windows[1]!.focus).toHaveBeenCalled();
  });

  it('Quit really quits even with close-to-tray on: the core closes and the window closes', async () => {
    const t = setup();
    await t.boot();
    expect(t.settings.closeToTray).toBe(true);
    t.trays[0]!.options.quit();
    expect(t.app.quit).toHaveBeenCalled();
    await vi.waitFor(() => expect(t.core.close).toHaveBeenCalled());
    t.closing.resolve();
    await vi.waitFor(() => expect(t.app.exited).toBe(true));
    expect(t.windows[0]!.destroyed).toBe(true);
    expect(t.windows[0]!.hide).not.toHaveBeenCalled();
  });

  it('a failing tray leaves the app running; closing the window then quits (nothing to come back from)', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const t = setup({
      createTray: () => {
        throw new Error('no status notifier');
      },
    });
    await t.boot();
    expect(t.core.start).toHaveBeenCalled();
    expect(t.windows[0]!.tryClose()).toBe(true);
    t.app.emit('window-all-closed');
    expect(t.app.quit).toHaveBeenCalled();
    warn.mockRestore();
  });
});

describe('close to tray', () => {
  /** Boots, lets the settings read settle, and reports whether the person's close went through. */
  async function bootAndClose(platform: NodeJS.Platform, closeToTray: boolean) {
    const t = setup({ platform });
    t.settings.closeToTray = closeToTray;
    await t.boot();
    await vi.waitFor(() => expect(t.core.getSettings).toHaveBeenCalled());
    await new Promise((r) => setTimeout(r, 0));
    const closed = t.windows[0]!.tryClose();
    if (closed) t.app.emit('window-all-closed'); // as Electron does after the last window closed
    return { t, closed };
  }

  it('on (the default): closing the window hides it and the app keeps running', async () => {
    const { t, closed } = await bootAndClose('linux', true);
    expect(closed).toBe(false);
    expect(t.windows[0]!.hide).toHaveBeenCalledTimes(1);
    expect(t.windows[0]!.destroyed).toBe(false);
    expect(t.app.quit).not.toHaveBeenCalled();
    // It still gets the core's change events, so it is current when it comes back.
    t.emitChange({ accounts: true });
    expect(t.windows[0]!.webContents.send).toHaveBeenCalledWith(CHANGED_CHANNEL, { accounts: true });
  });

  it('off: closing the window closes it and the app quits (Windows/Linux)', async () => {
    const { t, closed } = await bootAndClose('win32', false);
    expect(closed).toBe(true);
    expect(t.windows[0]!.hide).not.toHaveBeenCalled();
    expect(t.app.quit).toHaveBeenCalled();
    t.closing.resolve();
    await vi.waitFor(() => expect(t.app.exited).toBe(true));
  });

  it('off on macOS: the window closes and the app stays, as usual there', async () => {
    const { t, closed } = await bootAndClose('darwin', false);
    expect(closed).toBe(true);
    expect(t.app.quit).not.toHaveBeenCalled();
    t.app.emit('activate');
    expect(t.windows).toHaveLength(2);
  });

  it('on macOS: closing hides, and clicking the Dock icon shows the same window again', async () => {
    const { t, closed } = await bootAndClose('darwin', true);
    expect(closed).toBe(false);
    t.app.emit('activate', {}, false);
    expect(t.windows).toHaveLength(1);
    expect(t.windows[0]!.visible).toBe(true);
    expect(t.windows[0]!.focus).toHaveBeenCalled();
  });

  it('follows the setting when it changes while the app runs', async () => {
    const t = setup();
    await t.boot();
    expect(t.windows[0]!.tryClose()).toBe(false);
    t.settings.closeToTray = false;
    t.emitChange({ settings: true });
    await vi.waitFor(() => expect(t.core.getSettings).toHaveBeenCalledTimes(2));
    await new Promise((r) => setTimeout(r, 0));
    expect(t.windows[0]!.tryClose()).toBe(true);
  });

  it('Cmd+Q / app.quit() with close-to-tray on quits for real, hidden window included', async () => {
    const { t } = await bootAndClose('linux', true);
    expect(t.windows[0]!.visible).toBe(false);
    t.app.quit();
    t.closing.resolve();
    await vi.waitFor(() => expect(t.app.exited).toBe(true));
    expect(t.windows[0]!.destroyed).toBe(true);
  });

  it('a notification clicked while the window is hidden shows that same window', async () => {
    const { t } = await bootAndClose('linux', true);
    expect(t.bringForward()).toBe(t.windows[0]);
    expect(t.windows).toHaveLength(1);
    expect(t.windows[0]!.visible).toBe(true);
    expect(t.windows[0]!.focus).toHaveBeenCalled();
  });

  it('lets the window close when Windows logs off or shuts down', async () => {
    const t = setup({ platform: 'win32' });
    await t.boot();
    t.windows[0]!.emit('session-end');
    expect(t.windows[0]!.tryClose()).toBe(true);
  });

  it('keeps the default (on) when the settings cannot be read', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const t = setup();
    vi.mocked(t.core.getSettings).mockRejectedValue(new Error('closed'));
    await t.boot();
    await vi.waitFor(() => expect(warn).toHaveBeenCalled());
    expect(t.windows[0]!.tryClose()).toBe(false);
    warn.mockRestore();
  });
});

describe('electronShell', () => {
  beforeEach(() => {
    electron.handled.clear();
    vi.mocked(createCore).mockClear();
  });

  it('opens the core in userData with the key vault, its own undici Agent, the notifier and the demo account', async () => {
    const notifier = { notify: vi.fn() };
    await electronShell().openCore(notifier);
    expect(createCore).toHaveBeenCalledTimes(1);
    const opts = vi.mocked(createCore).mock.calls[0][0];
    expect(opts.dataDir).toBe('/fake/userData');
    // Keys go to the keychain or the encrypted file; the same object tells Settings which.
    expect(opts.secrets).toBeInstanceOf(KeyVault);
    expect(opts.keyStorage).toBe(opts.secrets);
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
    expect([...electron.handled.keys()].sort()).toEqual(IPC_METHODS.map((m) => invokeChannel(m)).sort());
    const handler = electron.handled.get(invokeChannel('listAccounts')) as (e: unknown) => Promise<unknown>;
    expect(await handler({ senderFrame: { url: 'https://evil.example/', parent: null } })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    remove();
    expect(electron.handled.size).toBe(0);
  });
});
