import { EventEmitter } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, parse } from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS, type AppSettings, type ChangeEvent, type ViewCounts } from '../../src/shared/domain';
// tray.ts takes Electron's Tray, Menu and nativeImage as arguments: it never imports Electron.
import { createTray, TRAY_DEBOUNCE_MS, trayIconPath, type TrayMenuItem } from '../../src/main/tray';

const ROOT = join(__dirname, '..', '..');

function deferred<T = void>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** nativeImage.createFromPath as Electron does it: the file, plus its `@2x` sibling when there is one; empty when unreadable. */
class FakeImage {
  template = false;
  readonly buffer: Buffer | null;
  readonly highDensity: Buffer | null;
  constructor(readonly path: string) {
    const read = (p: string) => (existsSync(p) ? readFileSync(p) : null);
    const { dir, name, ext } = parse(path);
    this.buffer = read(path);
    this.highDensity = read(join(dir, `${name}@2x${ext}`));
  }
  isEmpty() {
    return this.buffer === null;
  }
  setTemplateImage(v: boolean) {
    this.template = v;
  }
}

class FakeTray extends EventEmitter {
  toolTip = '';
  title: string | null = null;
  menu: { template: TrayMenuItem[] } | null = null;
  destroyed = false;
  setTitle = vi.fn((t: string) => void (this.title = t));
  destroy = vi.fn(() => void (this.destroyed = true));
  constructor(readonly image: FakeImage) {
    super();
  }
  setToolTip(t: string) {
    this.toolTip = t;
  }
  setContextMenu(m: { template: TrayMenuItem[] }) {
    this.menu = m;
  }
  /** The menu's items by label. */
  item(label: string): TrayMenuItem {
    const found = this.menu!.template.find((i) => i.label === label);
    if (!found) throw new Error(`no menu item ${label}`);
    return found;
  }
}

function fakeCore(initial: { unread?: number; settings?: Partial<AppSettings> } = {}) {
  const state = { counts: { inbox: 40, unread: initial.unread ?? 0 } as ViewCounts, settings: { ...DEFAULT_SETTINGS, ...initial.settings } };
  let listener: ((e: ChangeEvent) => void) | null = null;
  const core = {
    state,
    onChanged: vi.fn((l: (e: ChangeEvent) => void) => {
      listener = l;
      return () => void (listener = null);
    }),
    viewCounts: vi.fn(async () => ({ ...state.counts })),
    getSettings: vi.fn(async () => ({ ...state.settings })),
    updateSettings: vi.fn(async (patch: Partial<AppSettings>) => (state.settings = { ...state.settings, ...patch })),
    syncNow: vi.fn(async () => {}),
    emit: (e: ChangeEvent) => listener?.(e),
    get listening() {
      return listener !== null;
    },
  };
  return core;
}

function setup(options: { platform?: NodeJS.Platform; unread?: number; settings?: Partial<AppSettings>; noDock?: boolean; iconPath?: string } = {}) {
  const core = fakeCore(options);
  const trays: FakeTray[] = [];
  const electron = {
    Tray: class extends FakeTray {
      constructor(image: FakeImage) {
        super(image);
        trays.push(this);
      }
    },
    Menu: { buildFromTemplate: vi.fn((template: TrayMenuItem[]) => ({ template })) },
    nativeImage: { createFromPath: vi.fn((path: string) => new FakeImage(path)) },
  };
  const dock = { setBadge: vi.fn() };
  const openWindow = vi.fn();
  const quit = vi.fn();
  const onError = vi.fn();
  const tray = createTray({
    core,
    platform: options.platform ?? 'linux',
    // As in development (electron-vite dev / preview): the app's path is the project folder.
    iconPath: options.iconPath ?? trayIconPath(options.platform ?? 'linux', { packaged: false, appPath: ROOT, resourcesPath: '/no/resources' }),
    electron,
    dock: options.noDock ? undefined : dock,
    openWindow,
    quit,
    onError,
  });
  return { core, tray, icon: trays[0]!, trays, electron, dock, openWindow, quit, onError };
}

/** Lets the reads the tray started settle (fake timers do not hold promises back). */
const settle = () => vi.advanceTimersByTimeAsync(0);
const labels = (t: FakeTray) => t.menu!.template.map((i) => (i.type === 'separator' ? '---' : i.label));

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the tray shows the unread count', () => {
  it('in the tooltip, the macOS title and the Dock badge, read from viewCounts().unread', async () => {
    const t = setup({ platform: 'darwin', unread: 7 });
    await settle();
    expect(t.core.viewCounts).toHaveBeenCalledTimes(1);
    expect(t.icon.toolTip).toBe('Inbox — 7 unread');
    expect(t.icon.title).toBe('7');
    expect(t.dock.setBadge).toHaveBeenLastCalledWith('7');
  });

  it('updates after a change event, and clears the title and badge at 0', async () => {
    const t = setup({ platform: 'darwin', unread: 2 });
    await settle();
    t.core.state.counts = { unread: 5 };
    t.core.emit({ conversations: ['c_1'] });
    await vi.advanceTimersByTimeAsync(TRAY_DEBOUNCE_MS);
    expect(t.icon.toolTip).toBe('Inbox — 5 unread');
    expect(t.icon.title).toBe('5');
    expect(t.dock.setBadge).toHaveBeenLastCalledWith('5');

    t.core.state.counts = { unread: 0 };
    t.core.emit({ conversations: 'all' });
    await vi.advanceTimersByTimeAsync(TRAY_DEBOUNCE_MS);
    expect(t.icon.toolTip).toBe('Inbox — 0 unread');
    expect(t.icon.title).toBe('');
    expect(t.dock.setBadge).toHaveBeenLastCalledWith('');
  });

  it('re-reads on account and settings events too, but not on an empty change', async () => {
    const t = setup();
    await settle();
    t.core.emit({ conversations: [] });
    await vi.advanceTimersByTimeAsync(TRAY_DEBOUNCE_MS * 2);
    expect(t.core.viewCounts).toHaveBeenCalledTimes(1);
    t.core.emit({ accounts: true });
    await vi.advanceTimersByTimeAsync(TRAY_DEBOUNCE_MS);
    expect(t.core.viewCounts).toHaveBeenCalledTimes(2);
    t.core.emit({ settings: true });
    await vi.advanceTimersByTimeAsync(TRAY_DEBOUNCE_MS);
    expect(t.core.viewCounts).toHaveBeenCalledTimes(3);
    expect(t.core.getSettings).toHaveBeenCalledTimes(3);
  });

  it('sets no title and no badge outside macOS', async () => {
    const t = setup({ platform: 'win32', unread: 3 });
    await settle();
    expect(t.icon.toolTip).toBe('Inbox — 3 unread');
    expect(t.icon.setTitle).not.toHaveBeenCalled();
    expect(t.dock.setBadge).not.toHaveBeenCalled();
  });

  it('works on macOS without a Dock (app.dock is undefined when the app hides it)', async () => {
    const t = setup({ platform: 'darwin', unread: 3, noDock: true });
    await settle();
    expect(t.icon.title).toBe('3');
  });

  it('says in the tooltip when notifications are paused', async () => {
    const t = setup({ unread: 1, settings: { doNotDisturb: true } });
    await settle();
    expect(t.icon.toolTip).toBe('Inbox — 1 unread (notifications paused)');
  });

  it('treats a missing or nonsensical unread count as 0', async () => {
    const t = setup({ platform: 'darwin' });
    t.core.viewCounts.mockResolvedValueOnce({ inbox: 3 });
    await settle();
    expect(t.icon.toolTip).toBe('Inbox — 0 unread');
    expect(t.icon.title).toBe('');
  });
});

describe('the tray reads the core sparingly', () => {
  it('gathers a burst of change events into one read after the debounce', async () => {
    const t = setup();
    await settle();
    for (let i = 0; i < 10; i++) t.core.emit({ conversations: [`c_${i}`] });
    await vi.advanceTimersByTimeAsync(TRAY_DEBOUNCE_MS - 1);
    expect(t.core.viewCounts).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.core.viewCounts).toHaveBeenCalledTimes(2);
  });

  it('keeps one read in flight at a time, with one more after it for the events meanwhile', async () => {
    const t = setup({ unread: 1 });
    await settle();
    const slow = deferred<ViewCounts>();
    t.core.viewCounts.mockReturnValueOnce(slow.promise);
    t.core.emit({ conversations: ['c_1'] });
    await vi.advanceTimersByTimeAsync(TRAY_DEBOUNCE_MS);
    expect(t.core.viewCounts).toHaveBeenCalledTimes(2); // the slow one is in flight

    t.core.state.counts = { unread: 9 };
    t.core.emit({ conversations: ['c_2'] });
    await vi.advanceTimersByTimeAsync(TRAY_DEBOUNCE_MS);
    t.core.emit({ conversations: ['c_3'] });
    await vi.advanceTimersByTimeAsync(TRAY_DEBOUNCE_MS);
    expect(t.core.viewCounts).toHaveBeenCalledTimes(2); // still waiting for the slow read

    slow.resolve({ unread: 4 });
    await settle();
    expect(t.core.viewCounts).toHaveBeenCalledTimes(3); // exactly one follow-up for both events
    expect(t.icon.toolTip).toBe('Inbox — 9 unread');
  });

  it('keeps what it showed when a read fails, and reports it', async () => {
    const t = setup({ unread: 6 });
    await settle();
    t.core.viewCounts.mockRejectedValueOnce(new Error('database is closed'));
    t.core.emit({ accounts: true });
    await vi.advanceTimersByTimeAsync(TRAY_DEBOUNCE_MS);
    expect(t.icon.toolTip).toBe('Inbox — 6 unread');
    expect(t.onError).toHaveBeenCalledWith(expect.any(String), expect.objectContaining({ message: 'database is closed' }));
  });
});

describe('the tray menu', () => {
  it('has exactly Open Inbox, Sync now, Pause notifications and Quit', async () => {
    const t = setup();
    await settle();
    expect(labels(t.icon)).toEqual(['Open Inbox', 'Sync now', 'Pause notifications', '---', 'Quit']);
    expect(t.icon.item('Pause notifications').type).toBe('checkbox');
  });

  it('checks Pause notifications as settings.doNotDisturb says, and follows a settings change', async () => {
    const t = setup({ settings: { doNotDisturb: false } });
    await settle();
    expect(t.icon.item('Pause notifications')).toMatchObject({ checked: false, enabled: true });
    t.core.state.settings.doNotDisturb = true; // e.g. changed in the Settings screen
    t.core.emit({ settings: true });
    await vi.advanceTimersByTimeAsync(TRAY_DEBOUNCE_MS);
    expect(t.icon.item('Pause notifications').checked).toBe(true);
  });

  it('toggles doNotDisturb through updateSettings, showing the new state at once', async () => {
    const t = setup({ settings: { doNotDisturb: false } });
    await settle();
    t.icon.item('Pause notifications').click!();
    expect(t.core.updateSettings).toHaveBeenLastCalledWith({ doNotDisturb: true });
    expect(t.icon.item('Pause notifications').checked).toBe(true);
    await settle();
    expect(t.core.state.settings.doNotDisturb).toBe(true);

    t.icon.item('Pause notifications').click!();
    expect(t.core.updateSettings).toHaveBeenLastCalledWith({ doNotDisturb: false });
    await settle();
    expect(t.icon.item('Pause notifications').checked).toBe(false);
    expect(t.core.updateSettings).toHaveBeenCalledTimes(2);
  });

  it('puts the checkbox back when the settings cannot be saved', async () => {
    const t = setup({ settings: { doNotDisturb: false } });
    await settle();
    t.core.updateSettings.mockRejectedValueOnce(new Error('disk full'));
    t.icon.item('Pause notifications').click!();
    await settle();
    expect(t.icon.item('Pause notifications').checked).toBe(false);
    expect(t.onError).toHaveBeenCalled();
  });

  it('disables Pause notifications until the settings are known', () => {
    const t = setup();
    // Nothing has settled yet: the first render happens before the first read answers.
    expect(t.icon.item('Pause notifications').enabled).toBe(false);
    expect(t.icon.toolTip).toBe('Inbox');
  });

  it('Sync now asks the core to sync; a failure is reported, not thrown', async () => {
    const t = setup();
    await settle();
    t.icon.item('Sync now').click!();
    expect(t.core.syncNow).toHaveBeenCalledTimes(1);
    t.core.syncNow.mockRejectedValueOnce(new Error('offline'));
    t.icon.item('Sync now').click!();
    await settle();
    expect(t.onError).toHaveBeenCalledWith(expect.any(String), expect.objectContaining({ message: 'offline' }));
  });

  it('Open Inbox opens the window and Quit quits', async () => {
    const t = setup();
    await settle();
    t.icon.item('Open Inbox').click!();
    expect(t.openWindow).toHaveBeenCalledTimes(1);
    expect(t.quit).not.toHaveBeenCalled();
    t.icon.item('Quit').click!();
    expect(t.quit).toHaveBeenCalledTimes(1);
  });
});

describe('clicking the tray icon', () => {
  it.each(['win32', 'linux'] as const)('opens the window on %s', (platform) => {
    const t = setup({ platform });
    t.icon.emit('click');
    expect(t.openWindow).toHaveBeenCalledTimes(1);
  });

  it('leaves the menu to macOS (a click there opens the menu, not the window)', () => {
    const t = setup({ platform: 'darwin' });
    t.icon.emit('click');
    expect(t.openWindow).not.toHaveBeenCalled();
  });
});

describe('destroying the tray', () => {
  it('removes the icon, clears the badge, stops listening and cancels a pending read', async () => {
    const t = setup({ platform: 'darwin', unread: 4 });
    await settle();
    t.core.emit({ conversations: ['c_1'] });
    t.tray.destroy();
    t.tray.destroy();
    expect(t.icon.destroy).toHaveBeenCalledTimes(1);
    expect(t.dock.setBadge).toHaveBeenLastCalledWith('');
    expect(t.core.listening).toBe(false);
    await vi.advanceTimersByTimeAsync(TRAY_DEBOUNCE_MS * 2);
    expect(t.core.viewCounts).toHaveBeenCalledTimes(1);
  });

  it('ignores a read that answers after it', async () => {
    const t = setup({ unread: 1 });
    await settle();
    const slow = deferred<ViewCounts>();
    t.core.viewCounts.mockReturnValueOnce(slow.promise);
    t.core.emit({ accounts: true });
    await vi.advanceTimersByTimeAsync(TRAY_DEBOUNCE_MS);
    expect(t.core.viewCounts).toHaveBeenCalledTimes(2);
    const before = t.icon.toolTip;
    t.tray.destroy();
    slow.resolve({ unread: 12 });
    await settle();
    expect(t.icon.toolTip).toBe(before);
    expect(t.onError).not.toHaveBeenCalled();
  });
});

/** Width, height and RGBA pixels of a PNG written by trayIconPng (8-bit RGBA, filter 0). */
function decodePng(png: Buffer) {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let offset = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('ascii', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect([...data.subarray(8, 13)]).toEqual([8, 6, 0, 0, 0]);
    }
    if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  expect(raw.length).toBe((width * 4 + 1) * height);
  return { width, height, raw };
}

describe('the tray icon', () => {
  it('is a static 16 px PNG with a 32 px @2x sibling (nativeImage loads both), from resources/tray', () => {
    const t = setup({ platform: 'win32' });
    expect(t.icon.image.path).toBe(join(ROOT, 'resources', 'tray', 'tray.png'));
    expect(decodePng(t.icon.image.buffer!)).toMatchObject({ width: 16, height: 16 });
    expect(decodePng(t.icon.image.highDensity!)).toMatchObject({ width: 32, height: 32 });
    expect(t.icon.image.template).toBe(false);
  });

  it('is a template image on macOS (black with alpha, so the menu bar tints it), with something visible', () => {
    const t = setup({ platform: 'darwin' });
    expect(t.icon.image.template).toBe(true);
    expect(parse(t.icon.image.path).name).toMatch(/Template$/); // macOS's own naming rule, too
    const { raw } = decodePng(t.icon.image.buffer!);
    expect(decodePng(t.icon.image.highDensity!)).toMatchObject({ width: 32, height: 32 });
    let opaque = 0;
    for (let y = 0; y < 16; y++) {
      for (let x = 0; x < 16; x++) {
        const o = y * 65 + 1 + x * 4;
        expect([raw[o], raw[o + 1], raw[o + 2]]).toEqual([0, 0, 0]);
        if (raw[o + 3]! > 128) opaque++;
      }
    }
    expect(opaque).toBeGreaterThan(20);
    expect(opaque).toBeLessThan(200);
  });

  it('in a packaged app comes from resources/tray, where electron-builder.yml copies the folder (extraResources)', () => {
    const resources = '/opt/Inbox Zero for LinkedIn/resources';
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const path = trayIconPath(platform, { packaged: true, appPath: join(resources, 'app.asar'), resourcesPath: resources });
      expect(dirname(path)).toBe(join(resources, 'tray'));
      expect(existsSync(join(ROOT, 'resources', 'tray', parse(path).base)), path).toBe(true);
    }
    const builder = readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8');
    expect(builder).toMatch(/^extraResources:\s*\n\s+- from: resources\/tray\s*\n\s+to: tray\s*$/m);
  });

  it('a missing icon file is an error the shell reports (the app runs on without a tray), not a blank icon', () => {
    expect(() => setup({ iconPath: join(ROOT, 'resources', 'tray', 'missing.png') })).toThrow(/tray icon .*missing\.png could not be read/);
  });

  it('is no longer drawn by a hand-written PNG encoder in tray.ts', () => {
    const source = readFileSync(join(ROOT, 'src', 'main', 'tray.ts'), 'utf8');
    expect(source).not.toMatch(/deflateSync|crc32|IHDR/);
  });
});
