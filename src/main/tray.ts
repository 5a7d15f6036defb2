/**
 * The tray (menu bar on macOS): the unread count, Open Inbox, Sync now, Pause notifications
 * and Quit. Electron's Tray, Menu and nativeImage are passed in, so this file never loads
 * Electron and tests drive it with fakes. The icon is drawn here, not read from disk, so it
 * is the same in development, in a preview and in a packaged app.
 */
import { deflateSync } from 'node:zlib';
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
  addRepresentation(options: { scaleFactor: number; buffer: Buffer }): void;
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
  nativeImage: { createFromBuffer(buffer: Buffer, options?: { scaleFactor?: number }): Image };
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

  const tray = new electron.Tray(trayIcon(electron.nativeImage, mac));
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
// The icon: an inbox tray glyph drawn at 16 and 32 px. On macOS it is a template image (black
// with alpha; the menu bar tints it for light and dark mode); elsewhere a white glyph on a
// blue rounded square, which reads on light and dark taskbars alike.

/** Builds the tray image: 16 px at scale 1, 32 px at scale 2. */
export function trayIcon<Image extends TrayImage>(nativeImage: TrayElectron<Image>['nativeImage'], template: boolean): Image {
  const image = nativeImage.createFromBuffer(trayIconPng(16, template), { scaleFactor: 1 });
  image.addRepresentation({ scaleFactor: 2, buffer: trayIconPng(32, template) });
  if (template) image.setTemplateImage(true);
  return image;
}

type Point = readonly [number, number];
// In a 16×16 design grid: the box with slanted upper sides, and the dip of the tray's opening.
const OUTLINE: Point[] = [[2.5, 9], [4.5, 3], [11.5, 3], [13.5, 9], [13.5, 13], [2.5, 13], [2.5, 9]];
const OPENING: Point[] = [[2.5, 9], [5.5, 9], [6.5, 10.75], [9.5, 10.75], [10.5, 9], [13.5, 9]];
const STROKE = 1.3;
const BLUE = [0x0a, 0x66, 0xc2] as const;

/** The icon as an RGBA PNG of `size`×`size` pixels. */
export function trayIconPng(size: number, template: boolean): Buffer {
  const rgba = Buffer.alloc(size * size * 4);
  const scale = size / 16;
  const samples = 4; // 4×4 supersampling for smooth edges
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let glyph = 0;
      let badge = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = (px + (sx + 0.5) / samples) / scale;
          const y = (py + (sy + 0.5) / samples) / scale;
          if (template) {
            if (onGlyph(x, y)) glyph++;
          } else {
            if (inRoundedSquare(x, y)) badge++;
            // Shrunk to 3/4 around the centre so it sits inside the square.
            if (onGlyph(8 + (x - 8) / 0.75, 8 + (y - 8) / 0.75)) glyph++;
          }
        }
      }
      const n = samples * samples;
      const o = (py * size + px) * 4;
      if (template) {
        rgba[o + 3] = Math.round((255 * glyph) / n);
      } else {
        const a = badge / n;
        const g = Math.min(glyph / n, a);
        // White glyph over blue, both limited to the square's coverage.
        for (let c = 0; c < 3; c++) rgba[o + c] = a === 0 ? 0 : Math.round((BLUE[c]! * (a - g) + 255 * g) / a);
        rgba[o + 3] = Math.round(255 * a);
      }
    }
  }
  return encodePng(size, size, rgba);
}

function onGlyph(x: number, y: number): boolean {
  return nearPolyline(x, y, OUTLINE) || nearPolyline(x, y, OPENING);
}

function nearPolyline(x: number, y: number, points: Point[]): boolean {
  for (let i = 1; i < points.length; i++) if (segmentDistance(x, y, points[i - 1]!, points[i]!) <= STROKE / 2) return true;
  return false;
}

function segmentDistance(x: number, y: number, [ax, ay]: Point, [bx, by]: Point): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
}

function inRoundedSquare(x: number, y: number): boolean {
  const r = 3.5;
  const cx = Math.min(Math.max(x, 0.5 + r), 15.5 - r);
  const cy = Math.min(Math.max(y, 0.5 + r), 15.5 - r);
  return x >= 0.5 && x <= 15.5 && y >= 0.5 && y <= 15.5 && Math.hypot(x - cx, y - cy) <= r;
}

// A minimal PNG encoder: 8-bit RGBA, no interlacing, filter 0 on every row.
function encodePng(width: number, height: number, rgba: Buffer): Buffer {
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) rgba.copy(raw, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // bit depth 8, colour type RGBA, deflate, filter, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

let crcTable: Uint32Array | null = null;
function crc32(bytes: Uint8Array): number {
  if (crcTable === null) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const b of bytes) crc = crcTable[(crc ^ b) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
