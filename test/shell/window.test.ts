/**
 * The main window's size, bounds and loading. Its security (webPreferences, the CSP, navigation,
 * pop-ups and permissions) is one item each of the checklist in test/shell/checklist.test.ts.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';

// Electron cannot load here: the window module gets a fake BrowserWindow and screen.
const fakes = vi.hoisted(() => ({
  windows: [] as any[],
  workAreas: [{ x: 0, y: 0, width: 1920, height: 1080 }],
}));

vi.mock('electron', async () => {
  const { EventEmitter } = await import('node:events');
  class BrowserWindow extends EventEmitter {
    options: any;
    maximized = false;
    shown = false;
    loaded: { url?: string; file?: string } = {};
    normalBounds = { x: 10, y: 20, width: 1000, height: 700 };
    webContents = { session: { webRequest: { onHeadersReceived: vi.fn() } } };
    constructor(options: any) {
      super();
      this.options = options;
      fakes.windows.push(this);
    }
    loadURL(url: string) {
      this.loaded.url = url;
      return Promise.resolve();
    }
    loadFile(file: string) {
      this.loaded.file = file;
      return Promise.resolve();
    }
    maximize() {
      this.maximized = true;
    }
    isMaximized() {
      return this.maximized;
    }
    show() {
      this.shown = true;
    }
    getNormalBounds() {
      return this.normalBounds;
    }
  }
  return { BrowserWindow, screen: { getAllDisplays: () => fakes.workAreas.map((workArea) => ({ workArea })) } };
});

import { createMainWindow, isVisible, mainWindowOptions, WINDOW_TITLE } from '../../src/main/window';
import type { PreferenceStore, Preferences } from '../../src/main/preferences';

function memoryPreferences(initial: Partial<Preferences> = {}): PreferenceStore & { data: Preferences } {
  const data: Preferences = { windowBounds: null, settings: {}, ...initial };
  return {
    data,
    get: (key) => data[key],
    set: (key, value) => {
      data[key] = value;
    },
  };
}

beforeEach(() => {
  fakes.windows.length = 0;
  fakes.workAreas = [{ x: 0, y: 0, width: 1920, height: 1080 }];
});

describe('main window options', () => {
  it('keep the window hidden until its first paint, with a title and a usable minimum size', () => {
    const o = mainWindowOptions('/p.cjs');
    expect(o.show).toBe(false);
    expect(o.title).toBe(WINDOW_TITLE);
    expect(o.minWidth).toBeGreaterThanOrEqual(640);
    expect(o.minHeight).toBeGreaterThanOrEqual(400);
    expect(o.width!).toBeGreaterThanOrEqual(o.minWidth!);
    expect(o.height!).toBeGreaterThanOrEqual(o.minHeight!);
  });
});

describe('createMainWindow', () => {
  const source = (prefs: PreferenceStore, devServerUrl?: string) => ({
    preloadPath: '/app/out/preload/index.cjs',
    rendererUrl: 'app://inbox/index.html',
    devServerUrl,
    devTools: false,
    preferences: prefs,
  });

  it('loads the built renderer from app://inbox/, never from file://, when there is no dev server', () => {
    const win: any = createMainWindow(source(memoryPreferences()));
    expect(win.loaded).toEqual({ url: 'app://inbox/index.html' });
  });

  it('has DevTools only when asked for (the shell asks only when not packaged)', () => {
    expect((createMainWindow(source(memoryPreferences())) as any).options.webPreferences.devTools).toBe(false);
    expect(mainWindowOptions('/p.cjs', { devTools: true }).webPreferences!.devTools).toBe(true);
  });

  it('loads the dev server when given one', () => {
    const win: any = createMainWindow(source(memoryPreferences(), 'http://localhost:5173'));
    expect(win.loaded).toEqual({ url: 'http://localhost:5173' });
  });

  it('shows the window only when it is ready to show', () => {
    const win: any = createMainWindow(source(memoryPreferences()));
    expect(win.shown).toBe(false);
    win.emit('ready-to-show');
    expect(win.shown).toBe(true);
  });

  it('reopens at the saved bounds, maximized if it was', () => {
    const prefs = memoryPreferences({ windowBounds: { x: 100, y: 50, width: 900, height: 600, maximized: true } });
    const win: any = createMainWindow(source(prefs));
    expect(win.options).toMatchObject({ x: 100, y: 50, width: 900, height: 600 });
    win.emit('ready-to-show');
    expect(win.maximized).toBe(true);
  });

  it('ignores saved bounds that no display shows any more', () => {
    const prefs = memoryPreferences({ windowBounds: { x: 3000, y: 50, width: 900, height: 600, maximized: false } });
    const win: any = createMainWindow(source(prefs));
    expect(win.options.x).toBeUndefined();
    expect(win.options.width).toBe(mainWindowOptions('').width);
  });

  it('saves its normal bounds and maximized state when it closes', () => {
    const prefs = memoryPreferences();
    const win: any = createMainWindow(source(prefs));
    win.normalBounds = { x: 40.4, y: 30, width: 1111, height: 777 };
    win.maximized = true;
    win.emit('close');
    expect(prefs.data.windowBounds).toEqual({ x: 40, y: 30, width: 1111, height: 777, maximized: true });
  });
});

describe('isVisible', () => {
  const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }];
  it.each([
    [{ x: 0, y: 0, width: 800, height: 600 }, true],
    [{ x: 1800, y: 100, width: 800, height: 600 }, true],
    [{ x: 1900, y: 100, width: 800, height: 600 }, false],
    [{ x: -780, y: 100, width: 800, height: 600 }, false],
    [{ x: 100, y: -500, width: 800, height: 600 }, false],
    [{ x: 100, y: 1050, width: 800, height: 600 }, false],
  ])('%o on a 1920×1080 display → %s', (b, expected) => {
    expect(isVisible({ ...b, maximized: false }, screen)).toBe(expected);
  });

  it('accepts bounds on a second display', () => {
    expect(isVisible({ x: 2500, y: 100, width: 800, height: 600, maximized: false }, [...screen, { x: 1920, y: 0, width: 2560, height: 1440 }])).toBe(true);
  });
});
