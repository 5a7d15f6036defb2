/**
 * The main window: hardened options, where it loads from, the bounds it remembers, and the
 * rules every web contents of the app obeys (no navigation, no new windows, no permissions).
 */
import { BrowserWindow, screen, type BrowserWindowConstructorOptions, type Rectangle, type Session, type WebContents } from 'electron';
import type { PreferenceStore, WindowBounds } from './preferences';

export const WINDOW_TITLE = 'Inbox Zero for LinkedIn';
const DEFAULT_SIZE = { width: 1200, height: 800 };
const MIN_SIZE = { width: 720, height: 480 };

/**
 * The same policy as the meta tag in src/renderer/index.html. Sent as a header too, because
 * `frame-ancestors` only works as a header and a header also covers responses without the tag.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/**
 * Options for the main window: sandboxed, isolated, no Node, hidden until its first paint;
 * DevTools only when `devTools` (the shell passes it only to an app that is not packaged).
 */
export function mainWindowOptions(preloadPath: string, { devTools = false }: { devTools?: boolean } = {}): BrowserWindowConstructorOptions {
  return {
    title: WINDOW_TITLE,
    ...DEFAULT_SIZE,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: true,
      devTools,
    },
  };
}

export interface MainWindowSource {
  preloadPath: string;
  /** app://inbox/index.html (app-protocol.ts), in a packaged or previewed app; never a file:// URL. */
  rendererUrl: string;
  /** The electron-vite dev server; the caller passes it only when the app is not packaged. */
  devServerUrl?: string;
  /** Whether DevTools can be opened: false in a packaged app. */
  devTools: boolean;
  preferences: PreferenceStore;
}

/** Creates the main window at its remembered bounds and loads the renderer into it. */
export function createMainWindow(source: MainWindowSource): BrowserWindow {
  const saved = source.preferences.get('windowBounds');
  const bounds = saved && isVisible(saved, screen.getAllDisplays().map((d) => d.workArea)) ? saved : null;
  const options = mainWindowOptions(source.preloadPath, { devTools: source.devTools });
  const win = new BrowserWindow(bounds ? { ...options, x: bounds.x, y: bounds.y, width: bounds.width, height: bounds.height } : options);

  installContentSecurityPolicy(win.webContents.session);
  win.once('ready-to-show', () => {
    if (bounds?.maximized) win.maximize();
    win.show();
  });
  // 'close' fires while the window still has its bounds; 'closed' is too late.
  win.on('close', () => source.preferences.set('windowBounds', currentBounds(win)));

  void win.loadURL(source.devServerUrl ?? source.rendererUrl);
  return win;
}

/** True when the bounds overlap some display enough to grab, so a window never opens off-screen. */
export function isVisible(bounds: WindowBounds, workAreas: Rectangle[]): boolean {
  const grab = 64;
  return workAreas.some(
    (a) =>
      bounds.x + bounds.width - grab >= a.x &&
      bounds.x + grab <= a.x + a.width &&
      bounds.y >= a.y - grab &&
      bounds.y + grab <= a.y + a.height,
  );
}

function currentBounds(win: BrowserWindow): WindowBounds {
  const b = win.getNormalBounds();
  return { x: Math.round(b.x), y: Math.round(b.y), width: Math.round(b.width), height: Math.round(b.height), maximized: win.isMaximized() };
}

/**
 * Locks down any web contents the app creates: no frame of it ever navigates away from the
 * renderer (reloads and in-page hash changes are not navigations), it never opens windows, never embeds webviews, and is granted no permission (camera,
 * notifications, clipboard, …): the renderer needs none, and main shows notifications itself.
 */
export function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-frame-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  const session = contents.session;
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

/** Adds the Content-Security-Policy header to every response the session receives. */
export function installContentSecurityPolicy(session: Session): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...details.responseHeaders };
    // Replace any policy the server sent, whatever the case of its header name.
    for (const name of Object.keys(headers)) if (name.toLowerCase() === 'content-security-policy') delete headers[name];
    callback({ responseHeaders: { ...headers, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
}
