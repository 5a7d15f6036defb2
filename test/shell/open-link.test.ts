import { beforeEach, describe, expect, it, vi } from 'vitest';

// index.ts imports Electron and, through preferences.ts, electron-store: neither can load here.
const electron = vi.hoisted(() => ({
  openExternal: vi.fn(async (_url: string) => {}),
  app: { isPackaged: false, getPath: (name: string) => `/fake/${name}`, enableSandbox: vi.fn() },
}));
vi.mock('electron', () => ({
  app: electron.app,
  shell: { openExternal: electron.openExternal },
  dialog: { showErrorBox: vi.fn() },
  ipcMain: { handle: vi.fn(), removeHandler: vi.fn() },
  BrowserWindow: class {},
  Tray: class {},
  Menu: { buildFromTemplate: vi.fn() },
  nativeImage: { createFromBuffer: vi.fn() },
  screen: { getAllDisplays: () => [] },
  Notification: class {},
  powerMonitor: { on: vi.fn() },
}));
vi.mock('electron-store', () => ({ default: class {} }));
vi.mock('../../src/main/core', () => ({ createCore: vi.fn(async () => ({ fake: 'core' })) }));

import type { Agent } from 'undici';
import { createCore } from '../../src/main/core';
import { electronShell } from '../../src/main/index';

describe("the core's openExternal port in the shell", () => {
  beforeEach(() => {
    electron.openExternal.mockClear();
    vi.mocked(createCore).mockClear();
  });

  it('calls shell.openExternal with an allowed link, normalised, and never with a refused one', async () => {
    await electronShell().openCore({ notify: vi.fn() });
    const opts = vi.mocked(createCore).mock.calls[0]![0];
    const openExternal = opts.openExternal!;
    await openExternal('https://WWW.linkedin.com/in/jane');
    expect(electron.openExternal.mock.calls).toEqual([['https://www.linkedin.com/in/jane']]);

    for (const url of ['https://evil.com/?linkedin.com', 'javascript:alert(1)', 'file:///etc/passwd', 'http://linkedin.com/in/jane']) {
      await expect(openExternal(url)).rejects.toThrow(/opened from this app/);
    }
    expect(electron.openExternal).toHaveBeenCalledTimes(1);
    await (opts.dispatcher as Agent).close();
  });
});
