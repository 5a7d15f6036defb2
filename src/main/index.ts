/**
 * The composition root. `startApp` wires the app's lifecycle from the collaborators it is
 * given, so tests drive it with fakes; `electronShell` supplies the real ones. Booting
 * happens only inside Electron (see the bottom of the file).
 */
import { join } from 'node:path';
import { app, BrowserWindow, clipboard, dialog, ipcMain, Menu, nativeImage, powerMonitor, protocol, safeStorage, shell, Tray, type WebContents } from 'electron';
import { Agent } from 'undici';
import { DEFAULT_SETTINGS, type ChangeEvent } from '../shared/domain';
import { CHANGED_CHANNEL, type InboxApi } from '../shared/ipc';
import { linkVerdict } from '../shared/links';
import { AppError, createCore, describeForLog, type Notifier } from './core';
import { allowsLoopbackBaseUrls } from './dev-switches';
import { createInboxDispatcher } from './ipc/handlers';
import { createTrustedSenderCheck, registerInboxIpc } from './ipc/register';
import { chooseExportPath } from './export-dialog';
import { DesktopNotifier } from './notifier';
import { cacheHistoryIn, openPreferences, settingsIn, type PreferenceStore } from './preferences';
import { createKeyVault } from './secrets/key-storage';
import { applicationMenuTemplate } from './app-menu';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, createRendererHandler, RENDERER_URL } from './app-protocol';
import { createTray, trayIconPath, type TrayOptions } from './tray';
import { appLogOnFirstUse, openLogsFolder, type AppLog } from './log';
import { createMainWindow, hardenWebContents } from './window';

/** What the shell needs from the core (InboxCore satisfies it). */
export interface ShellCore extends InboxApi {
  onChanged(listener: (e: ChangeEvent) => void): () => void;
  start(): void;
  /** The window got focus or the computer woke up. */
  wake(): void;
  /** Whether the window has focus (the open conversation notifies only when it has not). */
  setWindowFocused(focused: boolean): void;
  close(): Promise<void>;
  /** What recovering a damaged or lost cache did at open, for the person; null when it opened normally. */
  cacheRecovery?(): string | null;
}

/** The part of a BrowserWindow the lifecycle touches. */
export interface ShellWindow {
  isDestroyed(): boolean;
  isMinimized(): boolean;
  isVisible(): boolean;
  restore(): void;
  show(): void;
  hide(): void;
  focus(): void;
  once(event: 'closed', listener: () => void): unknown;
  /** Closing asks first: preventing it keeps the window (hidden, with close-to-tray). */
  on(event: 'close', listener: (event: { preventDefault(): void }) => void): unknown;
  /** Windows is logging off or shutting down: the window must close. */
  on(event: 'session-end', listener: () => void): unknown;
  webContents: { send(channel: string, ...args: unknown[]): void; isLoading(): boolean; once(event: 'did-finish-load', listener: () => void): unknown };
}

/** The part of Electron's `app` the lifecycle touches. */
export interface ShellApp {
  requestSingleInstanceLock(): boolean;
  whenReady(): Promise<unknown>;
  quit(): void;
  on(event: string, listener: (...args: any[]) => void): unknown;
}

/** The tray as the lifecycle sees it (see tray.ts). */
export interface ShellTray {
  destroy(): void;
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
  /** Puts the tray up once the core runs; the lifecycle destroys it when the app quits. */
  createTray(options: TrayOptions): ShellTray;
  hardenWebContents(contents: WebContents): void;
  /** The core could not open: tell the person, then the app quits. */
  reportStartupFailure(err: unknown): void;
  /** The cache was damaged or lost and has been recovered: tell the person what happened and what was kept. */
  reportCacheRecovery?(message: string): void;
  /** Calls `listener` when the computer resumes from sleep. */
  onResume(listener: () => void): void;
  /** The app log (log.ts); without one, warnings go to the console, redacted. */
  log?: Pick<AppLog, 'warn' | 'error'>;
}

/**
 * How long Quit waits for the core to close. The core aborts its requests and waits at once, so
 * this is seconds of slack for the database; past it the app quits anyway (SQLite's journal keeps
 * the cache sound, and the next start resumes any sync).
 */
export const QUIT_GRACE_MS = 4_000;

/** Resolves when `work` settles or after `ms`, whichever comes first. */
function atMost(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  return Promise.race([work.then(() => undefined), grace]).finally(() => clearTimeout(timer));
}

/** Wires the lifecycle; resolves once the window is up (or at once when another instance runs). */
export async function startApp(deps: AppDeps): Promise<void> {
  const { app } = deps;
  const warn = deps.log?.warn ?? ((what: string, err: unknown) => console.warn(what, describeForLog(err)));
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }

  let win: ShellWindow | null = null;
  let core: Promise<ShellCore> | null = null;
  let tray: ShellTray | null = null;
  let unregisterIpc = () => {};
  // 'starting' until IPC is registered: no window may exist before its handlers do.
  let phase: 'starting' | 'running' | 'closing' | 'closed' = 'starting';
  // Set by before-quit (and by Windows logging off): from then on closing a window closes it.
  let quitting = false;
  // The person's closeToTray setting, read once the core runs and again when settings change.
  let closeToTray = DEFAULT_SETTINGS.closeToTray;
  /** Closing the window only hides it: the setting is on and there is a tray to come back from. */
  const keepsRunningInTray = () => closeToTray && tray !== null && phase === 'running';

  const openWindow = (): ShellWindow => {
    const created = deps.createWindow();
    created.once('closed', () => {
      if (win === created) win = null;
    });
    created.on('close', (event) => {
      if (quitting || !keepsRunningInTray()) return;
      event.preventDefault();
      created.hide();
    });
    created.on('session-end', () => void (quitting = true));
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
  const destroyTray = () => {
    const t = tray;
    tray = null;
    try {
      t?.destroy();
    } catch (err) {
      warn('[tray] could not be removed', err);
    }
  };

  app.on('web-contents-created', (_event, contents: WebContents) => deps.hardenWebContents(contents));
  app.on('second-instance', () => void bringWindowForward());
  // With close-to-tray the window is hidden, not closed, so this fires only when it really closed.
  app.on('window-all-closed', () => {
    if (deps.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (phase !== 'running') return;
    if (!win || win.isDestroyed()) openWindow();
    else if (!win.isVisible()) bringWindowForward(); // hidden by close-to-tray: the Dock icon brings it back
  });
  app.on('before-quit', (event: { preventDefault(): void }) => {
    quitting = true;
    if (phase === 'closed' || core === null) return;
    // Hold the quit until the core has finished its work in flight and closed the database.
    event.preventDefault();
    if (phase === 'closing') return;
    phase = 'closing';
    destroyTray(); // before the core closes: the tray must not read from a closed core
    // A core that fails to open or to close, or takes too long, must not keep the app alive.
    void atMost(core.then((c) => c.close()), QUIT_GRACE_MS)
      .catch(() => {})
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
  const readCloseToTray = () =>
    Promise.resolve()
      .then(() => opened.getSettings())
      .then((s) => {
        if (typeof s?.closeToTray === 'boolean') closeToTray = s.closeToTray;
      })
      .catch((err) => warn('[settings] could not be read', err));
  opened.onChanged((e) => {
    if (win && !win.isDestroyed()) win.webContents.send(CHANGED_CHANNEL, e);
    if (e.settings) void readCloseToTray();
  });
  phase = 'running';
  openWindow();
  opened.start();
  const recovered = opened.cacheRecovery?.() ?? null;
  if (recovered !== null) deps.reportCacheRecovery?.(recovered);
  void readCloseToTray();
  try {
    tray = deps.createTray({
      core: opened,
      openWindow: () => void bringWindowForward(),
      quit: () => {
        quitting = true;
        app.quit();
      },
    });
  } catch (err) {
    // No tray (some Linux desktops have none): the app works without one, and closing the window quits.
    warn('[tray] could not be created', err);
  }
  // Sync what went stale while the window was in the background or the computer slept.
  app.on('browser-window-focus', () => {
    opened.setWindowFocused(true);
    opened.wake();
  });
  // A conversation on screen in a window without focus is not being read: it may notify.
  app.on('browser-window-blur', () => opened.setWindowFocused(false));
  deps.onResume(() => opened.wake());
}

/**
 * The core's openExternal port. The core checks links already; checking again here means
 * shell.openExternal never sees a link the allowlist refuses, whoever calls the port.
 */
export async function openAllowedLink(openExternal: (url: string) => Promise<void>, url: string): Promise<void> {
  const verdict = linkVerdict(url);
  if (!verdict.allowed) throw new Error(verdict.reason);
  await openExternal(verdict.href);
}

/**
 * What the startup error box says. The cache's own refusals (a newer version's file, an upgrade
 * that failed, with where the pre-upgrade copy is) are sentences for the person; anything else
 * gets the general advice.
 */
export function startupFailureMessage(err: unknown): string {
  if (err instanceof AppError) return err.message;
  return 'The local message cache could not be opened. Quit other copies of the app and try again; if it keeps happening, the cache folder may be damaged.';
}

/** electron-builder.yml's appId. */
export const APP_USER_MODEL_ID = 'com.inboxzero.linkedin';

/** The real collaborators: Electron, the keychain (or the encrypted key file), an undici Agent, electron-store. */
export function electronShell(): AppDeps {
  // The log people can send us: main.log in the app's logs folder, rotated, every part redacted (log.ts).
  const log = appLogOnFirstUse(() => app.getPath('logs'));
  const rendererDir = join(__dirname, '../renderer');
  // The dev server is trusted only in development: a packaged app never loads a URL from the environment.
  const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
  let preferences: PreferenceStore | null = null;
  // The renderer is served on app://inbox/ (app-protocol.ts); the scheme must be registered before 'ready'.
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);
  let rendererServed = false;
  /** Once the app is ready (the first window comes after it): serve app://, set the menu. */
  const prepareFirstWindow = () => {
    if (rendererServed) return;
    rendererServed = true;
    protocol.handle(APP_SCHEME, createRendererHandler(rendererDir));
    Menu.setApplicationMenu(Menu.buildFromTemplate(applicationMenuTemplate(process.platform, app.isPackaged)));
  };
  // Every renderer the app ever creates is sandboxed, not only the main window (must precede 'ready').
  app.enableSandbox();
  // Windows shows a notification only for an app with an AppUserModelID; the installer's
  // shortcut carries electron-builder's appId, so the running app must use the same one.
  if (process.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);
  return {
    app,
    log,
    platform: process.platform,
    openCore: (notifier) => {
      const prefs = (preferences ??= openPreferences());
      const dataDir = app.getPath('userData');
      // The keychain, or the encrypted file the person chose when no keychain could be used.
      // Nothing here waits for the keychain: a missing one must not keep the app from starting.
      const keys = createKeyVault({
        dataDir,
        platform: process.platform,
        preferences: prefs,
        safeStorage: () => safeStorage,
        log: (what, err) => log.warn(`[keys] ${what}`, err),
      });
      return createCore({
        settings: settingsIn(prefs),
        cacheHistory: cacheHistoryIn(prefs),
        dataDir,
        secrets: keys,
        keyStorage: keys,
        dispatcher: new Agent({ connect: { timeout: 15_000 }, headersTimeout: 30_000, bodyTimeout: 60_000 }),
        allowLoopbackBaseUrls: allowsLoopbackBaseUrls(app.isPackaged, process.env), // development only: see dev-switches.ts
        notifier,
        seedDemo: true,
        openExternal: (url) => openAllowedLink((checked) => shell.openExternal(checked), url),
        copyText: (text) => clipboard.writeText(text),
        chooseExportPath: (suggestedName) =>
          chooseExportPath({ dialog, documentsDir: () => app.getPath('documents'), window: () => BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0] ?? null }, suggestedName),
      });
    },
    registerIpc: (api) =>
      registerInboxIpc(
        ipcMain,
        createInboxDispatcher(api, (err, method) => log.error(`[ipc] ${method} failed`, err), { openLogsFolder: () => openLogsFolder(shell, log.folder) }),
        createTrustedSenderCheck({ rendererUrl: RENDERER_URL, devServerUrl }),
      ),
    createWindow: () => {
      prepareFirstWindow();
      return createMainWindow({
        preloadPath: join(__dirname, '../preload/index.cjs'),
        rendererUrl: RENDERER_URL,
        devServerUrl,
        devTools: !app.isPackaged,
        preferences: (preferences ??= openPreferences()),
      });
    },
    createNotifier: (bringWindowForward) => new DesktopNotifier(bringWindowForward),
    createTray: (options) =>
      createTray({
        ...options,
        platform: process.platform,
        iconPath: trayIconPath(process.platform, { packaged: app.isPackaged, appPath: app.getAppPath(), resourcesPath: process.resourcesPath }),
        electron: { Tray, Menu, nativeImage },
        dock: app.dock,
        onError: (what, err) => log.warn(`[tray] ${what} failed`, err),
      }),
    hardenWebContents,
    onResume: (listener) => powerMonitor.on('resume', listener),
    reportCacheRecovery: (message) => {
      log.warn('[startup] the message cache was recovered', message);
      void dialog.showMessageBox({ type: 'warning', title: 'Message cache recovered', message: 'The message cache was damaged or lost, and has been recovered.', detail: message }).catch(() => {});
    },
    reportStartupFailure: (err) => {
      log.error('[startup] the core could not open', err);
      dialog.showErrorBox('Inbox could not start', startupFailureMessage(err));
    },
  };
}

// Boot only inside Electron: tests import startApp without starting anything.
if (process.versions.electron !== undefined) void startApp(electronShell());
