/**
 * The parts of the `electron` module the shell touches on its way up, inert, for
 * `vi.mock('electron', …)` in tests of the shell glue. Each test passes what it looks at
 * (app, ipcMain, shell, clipboard, dialog, safeStorage, BrowserWindow…), which replaces these.
 */
import { vi } from 'vitest';

export function inertElectron(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    dialog: { showErrorBox: vi.fn() },
    ipcMain: { handle: vi.fn(), removeHandler: vi.fn() },
    shell: { openExternal: vi.fn() },
    BrowserWindow: class {},
    Tray: class {},
    Menu: { buildFromTemplate: vi.fn(), setApplicationMenu: vi.fn() },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    nativeImage: { createFromBuffer: vi.fn() },
    screen: { getAllDisplays: () => [] },
    Notification: class {},
    powerMonitor: { on: vi.fn() },
    ...overrides,
  };
}
