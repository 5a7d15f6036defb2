/**
 * The composition root. `startApp` wires the app's lifecycle from the collaborators it is
 * given, so tests drive it with fakes; `electronShell` supplies the real ones. Booting
 * happens only inside Electron (see the bottom of the file).
 */
import { join } from 'node:path';
import { app, dialog, ipcMain, powerMonitor, type WebContents } from 'electron';
import { Agent } from 'undici';
import type { ChangeEvent } from '../shared/domain';
import { CHANGED_CHANNEL, type InboxApi } from '../shared/ipc';
import { createCore } from './core';
import type { Notifier } from './core/ports';
import { createInboxDispatcher } from './ipc/handlers';
import { createTrustedSenderCheck, registerInboxIpc } from './ipc/register';
import { DesktopNotifier } from './notifier';
import { openPreferences, settingsIn, type PreferenceStore } from './preferences';
import { KeytarSecretStore } from './secrets/keytar';
import { createMainWindow, hardenWebContents } from './window';

/** What the shell needs from the core (InboxCore satisfies it). */
export interface ShellCore extends InboxApi {
  onChanged(listener: (e: ChangeEvent) => void): () => void;
  start(): void;
  /** The window got focus or the computer woke up. */
  wake(): void;
  close(): Promise<void>;
}

/** The part of a BrowserWindow the lifecycle touches. */
export interface ShellWindow {
  isDestroyed(): boolean;
  isMinimized(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
  once(event: 'closed', listener: () => void): unknown;
  webContents: { send(channel: string, ...args: unknown[]): void; isLoading(): boolean; once(event: 'did-finish-load', listener: () => void): unknown };
}

/** The part of Electron's `app` the lifecycle touches. */
export interface ShellApp {
  requestSingleInstanceLock(): boolean;
  whenReady(): Promise<unknown>;
  quit(): void;
  on(event: string, listener: (...args: any[]) => void): unknown;
}

export interface AppDeps {
  app: ShellApp;
  platform: NodeJS.Platform;
  /** Opens the core with the shell's ports; the notifier is the one startApp built. */
  openCore(notifier: Notifier): Promise<ShellCore>;
  /** Puts the core behind ipcMain; returns the function that removes the handlers. */
  registerIpc(api: InboxApi): () => void;
  createWindow(): ShellWindow;
  createNotifier(bringWindowForward: () => ShellWindow | null): Notifier;
  hardenWebContents(contents: WebContents): void;
  /** The core could not open: tell the person, then the app quits. */
  reportStartupFailure(err: unknown): void;
  /** Calls `listener` when the computer resumes from sleep. */
  onResume(listener: () => void): void;
}

/** Wires the lifecycle; resolves once the window is up (or at once when another instance runs). */
export async function startApp(deps: AppDeps): Promise<void> {
  const { app } = deps;
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }

  let win: ShellWindow | null = null;
  let core: Promise<ShellCore> | null = null;
  let unregisterIpc = () => {};
  // 'starting' until IPC is registered: no window may exist before its handlers do.
  let phase: 'starting' | 'running' | 'closing' | 'closed' = 'starting';

  const openWindow = (): ShellWindow => {
    const created = deps.createWindow();
    created.once('closed', () => {
      if (win === created) win = null;
    });
    return (win = created);
  };
  const bringWindowForward = (): ShellWindow | null => {
    if (phase !== 'running') return null;
    const w = win && !win.isDestroyed() ? win : openWindow();
    if (w.isMinimized()) w.restore();
    w.show();
    w.focus();
    return w;
  };

  app.on('web-contents-created', (_event, contents: WebContents) => deps.hardenWebContents(contents));
  app.on('second-instance', () => void bringWindowForward());
  app.on('window-all-closed', () => {
    if (deps.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (phase === 'running' && (!win || win.isDestroyed())) openWindow();
  });
  app.on('before-quit', (event: { preventDefault(): void }) => {
    if (phase === 'closed' || core === null) return;
    // Hold the quit until the core has finished its work in flight and closed the database.
    event.preventDefault();
    if (phase === 'closing') return;
    phase = 'closing';
    void core
      .then((c) => c.close())
      .catch(() => {}) // a core that failed to open or to close must not keep the app alive
      .finally(() => {
        unregisterIpc();
        phase = 'closed';
        app.quit();
      });
  });

  await app.whenReady();
  core = deps.openCore(deps.createNotifier(bringWindowForward));
  let opened: ShellCore;
  try {
    opened = await core;
  } catch (err) {
    deps.reportStartupFailure(err);
    app.quit();
    return;
  }
  if (phase !== 'starting') return; // quitting already; before-quit closes the core
  unregisterIpc = deps.registerIpc(opened);
  opened.onChanged((e) => {
    if (win && !win.isDestroyed()) win.webContents.send(CHANGED_CHANNEL, e);
  });
  phase = 'running';
  openWindow();
  opened.start();
  // Sync what went stale while the window was in the background or the computer slept.
  app.on('browser-window-focus', () => opened.wake());
  deps.onResume(() => opened.wake());
}

/** The real collaborators: Electron, the keychain, an undici Agent, electron-store. */
export function electronShell(): AppDeps {
  const rendererFile = join(__dirname, '../renderer/index.html');
  // The dev server is trusted only in development: a packaged app never loads a URL from the environment.
  const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
  let preferences: PreferenceStore | null = null;
  // Every renderer the app ever creates is sandboxed, not only the main window (must precede 'ready').
  app.enableSandbox();
  return {
    app,
    platform: process.platform,
    openCore: (notifier) =>
      createCore({
        settings: settingsIn((preferences ??= openPreferences())),
        dataDir: app.getPath('userData'),
        secrets: new KeytarSecretStore(),
        dispatcher: new Agent({ connect: { timeout: 15_000 }, headersTimeout: 30_000, bodyTimeout: 60_000 }),
        notifier,
        seedDemo: true,
      }),
    registerIpc: (api) =>
      registerInboxIpc(
        ipcMain,
        createInboxDispatcher(api, (err, method) => console.error(`[ipc] ${method} failed`, err)),
        createTrustedSenderCheck({ rendererFile, devServerUrl }),
      ),
    createWindow: () =>
      createMainWindow({
        preloadPath: join(__dirname, '../preload/index.cjs'),
        rendererFile,
        devServerUrl,
        preferences: (preferences ??= openPreferences()),
      }),
    createNotifier: (bringWindowForward) => new DesktopNotifier(bringWindowForward),
    hardenWebContents,
    onResume: (listener) => powerMonitor.on('resume', listener),
    reportStartupFailure: (err) => {
      console.error('[startup] the core could not open', err);
      dialog.showErrorBox(
        'Inbox could not start',
        'The local message cache could not be opened. Quit other copies of the app and try again; if it keeps happening, the cache folder may be damaged.',
      );
    },
  };
}

// Boot only inside Electron: tests import startApp without starting anything.
if (process.versions.electron !== undefined) void startApp(electronShell());
