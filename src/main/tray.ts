/**
 * The tray (menu bar on macOS): the unread count, Open Inbox, Sync now, Pause notifications
 * and Quit. Electron's Tray, Menu and nativeImage are passed in, so this file never loads
 * Electron and tests drive it with fakes. The icon is a static PNG in resources/tray (16 px, with
 * a 32 px `@2x` sibling nativeImage picks up), shipped by electron-builder's extraResources.
 */
import { join } from 'node:path';
import type { AppSettings, ChangeEvent, ViewCounts } from '../shared/domain';
import { describeForLog } from './core';

/** What the tray needs from the core (ShellCore satisfies it). */
export interface TrayCore {
  onChanged(listener: (e: ChangeEvent) => void): () => void;
  viewCounts(): Promise<ViewCounts>;
  getSettings(): Promise<AppSettings>;
  updateSettings(patch: Partial<AppSettings>): Promise<AppSettings>;
  syncNow(): Promise<void>;
}

/** The part of a NativeImage the tray touches. */
export interface TrayImage {
  isEmpty(): boolean;
  setTemplateImage(option: boolean): void;
}

/** The part of Electron's Tray the tray touches. */
export interface TrayHandle {
  setToolTip(toolTip: string): void;
  setTitle(title: string): void;
  setContextMenu(menu: any): void;
  on(event: 'click', listener: () => void): unknown;
  destroy(): void;
}

/** A menu item as Menu.buildFromTemplate takes it (a subset of MenuItemConstructorOptions). */
export interface TrayMenuItem {
  label?: string;
  type?: 'normal' | 'separator' | 'checkbox';
  checked?: boolean;
  enabled?: boolean;
  click?: () => void;
}

/** Electron's Tray, Menu and nativeImage, or fakes of them. */
export interface TrayElectron<Image extends TrayImage> {
  Tray: new (image: Image) => TrayHandle;
  Menu: { buildFromTemplate(template: TrayMenuItem[]): unknown };
  nativeImage: { createFromPath(path: string): Image };
}

/** What startApp hands the tray; the rest (Electron, the dock, the platform) comes from the shell. */
export interface TrayOptions {
  core: TrayCore;
  /** Shows, restores and focuses the main window, recreating it if it was closed. */
  openWindow(): void;
  /** Quits for real, even when closing the window only hides it. */
  quit(): void;
}

export interface TrayDeps<Image extends TrayImage> extends TrayOptions {
  platform: NodeJS.Platform;
  /** The icon file for this platform (trayIconPath). */
  iconPath: string;
  electron: TrayElectron<Image>;
  /** macOS's Dock (`app.dock`): its badge shows the unread count. Absent elsewhere. */
  dock?: { setBadge(text: string): void } | undefined;
  /** A read or an action failed (the tray keeps what it showed). Defaults to console.warn. */
  onError?(what: string, err: unknown): void;
  /** How long change events are gathered before one re-read. */
  debounceMs?: number;
}

export interface InboxTray {
  /** Re-reads the unread count and the settings now; resolves once the tray shows them. */
  refresh(): Promise<void>;
  /** Removes the tray icon and the badge and stops listening to the core. Idempotent. */
  destroy(): void;
}

export const TRAY_DEBOUNCE_MS = 150;
export const TRAY_LABELS = { open: 'Open Inbox', sync: 'Sync now', pause: 'Pause notifications', quit: 'Quit' } as const;

/** The tooltip for an unread count (null: not read yet). */
export function trayToolTip(unread: number | null, doNotDisturb: boolean): string {
  const base = unread === null ? 'Inbox' : `Inbox — ${unread} unread`;
  return doNotDisturb ? `${base} (notifications paused)` : base;
}

/** Creates the tray icon with its menu and keeps both in step with the core. */
export function createTray<Image extends TrayImage>(deps: TrayDeps<Image>): InboxTray {
  const { core, platform, electron } = deps;
  const mac = platform === 'darwin';
  const debounceMs = deps.debounceMs ?? TRAY_DEBOUNCE_MS;
  const report = deps.onError ?? ((what: string, err: unknown) => console.warn(`[tray] ${what} failed`, describeForLog(err)));

  const tray = new electron.Tray(trayIcon(electron.nativeImage, deps.iconPath, mac));
  let unread: number | null = null;
  let doNotDisturb: boolean | null = null;
  let shown = '';
  let destroyed = false;

  const render = (force = false) => {
    if (destroyed) return;
    const paused = doNotDisturb === true;
    const key = `${unread}|${doNotDisturb}`;
    if (key === shown && !force) return;
    shown = key;
    tray.setToolTip(trayToolTip(unread, paused));
    const count = unread ?? 0;
    if (mac) {
      tray.setTitle(count > 0 ? String(count) : '');
      deps.dock?.setBadge(count > 0 ? String(count) : '');
    }
    tray.setContextMenu(
      electron.Menu.buildFromTemplate([
        { label: TRAY_LABELS.open, click: () => deps.openWindow() },
        { label: TRAY_LABELS.sync, click: () => void core.syncNow().catch((err) => report('sync', err)) },
        // Disabled until the settings are known, so the first click cannot toggle the wrong way.
        { label: TRAY_LABELS.pause, type: 'checkbox', checked: paused, enabled: doNotDisturb !== null, click: () => void togglePause() },
        { type: 'separator' },
        { label: TRAY_LABELS.quit, click: () => deps.quit() },
      ]),
    );
  };

  const togglePause = async () => {
    if (doNotDisturb === null) return;
    const next = !doNotDisturb;
    doNotDisturb = next; // at once: the menu must not show the old state while the core saves
    render();
    try {
      const saved = await core.updateSettings({ doNotDisturb: next });
      if (doNotDisturb === next) doNotDisturb = saved.doNotDisturb;
    } catch (err) {
      if (doNotDisturb === next) doNotDisturb = !next;
      report('pausing notifications', err);
    }
    // Forced: Electron flips a clicked checkbox itself, so the menu may disagree with `shown`.
    render(true);
  };

  const read = async () => {
    try {
      const [counts, settings] = await Promise.all([core.viewCounts(), core.getSettings()]);
      if (destroyed) return;
      unread = unreadIn(counts);
      doNotDisturb = settings.doNotDisturb;
      render();
    } catch (err) {
      if (!destroyed) report('reading the unread count', err);
    }
  };

  // One read in flight at a time; requests made meanwhile share one read after it.
  let running: Promise<void> | null = null;
  let queued: Promise<void> | null = null;
  const refresh = (): Promise<void> => {
    if (destroyed) return Promise.resolve();
    if (running === null) {
      running = read().finally(() => {
        running = null;
      });
      return running;
    }
    return (queued ??= running.then(() => {
      queued = null;
      return refresh();
    }));
  };

  let timer: ReturnType<typeof setTimeout> | null = null;
  const scheduleRefresh = () => {
    if (destroyed || timer !== null) return;
    timer = setTimeout(() => {
      timer = null;
      void refresh();
    }, debounceMs);
  };

  const unsubscribe = core.onChanged((e) => {
    if (e.accounts || e.settings || (e.conversations !== undefined && e.conversations.length > 0)) scheduleRefresh();
  });
  // macOS opens the menu on a click; elsewhere a click opens the window and a right-click the menu.
  if (!mac) tray.on('click', () => deps.openWindow());
  render(true);
  void refresh();

  return {
    refresh,
    destroy() {
      if (destroyed) return;
      destroyed = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      unsubscribe();
      if (mac) deps.dock?.setBadge('');
      tray.destroy();
    },
  };
}

function unreadIn(counts: ViewCounts): number {
  const n = counts?.unread;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
}

// ---------------------------------------------------------------------------------------------
// The icon: an inbox tray glyph, 16 px with a 32 px @2x file. On macOS it is a template image
// (black with alpha; the menu bar tints it for light and dark mode); elsewhere a white glyph on a
// blue rounded square, which reads on light and dark taskbars alike.

/** The icon files in resources/tray (each with an `@2x` sibling). macOS treats a name ending in Template as a template. */
export const TRAY_ICON_FILES = { template: 'trayTemplate.png', colour: 'tray.png' } as const;

/** Where the tray icon is: resources/tray in the project, or `tray` in a packaged app's resources (electron-builder.yml). */
export function trayIconPath(platform: NodeJS.Platform, where: { packaged: boolean; appPath: string; resourcesPath: string }): string {
  const file = platform === 'darwin' ? TRAY_ICON_FILES.template : TRAY_ICON_FILES.colour;
  return where.packaged ? join(where.resourcesPath, 'tray', file) : join(where.appPath, 'resources', 'tray', file);
}

/** Loads the tray image; an unreadable file is an error (a blank tray icon could not be found or clicked). */
export function trayIcon<Image extends TrayImage>(nativeImage: TrayElectron<Image>['nativeImage'], path: string, template: boolean): Image {
  const image = nativeImage.createFromPath(path);
  if (image.isEmpty()) throw new Error(`The tray icon ${path} could not be read.`);
  if (template) image.setTemplateImage(true);
  return image;
}
