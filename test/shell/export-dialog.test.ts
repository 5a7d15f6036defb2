/**
 * The shell's side of "Export all data…" and of a cache that cannot be opened: the Save dialog
 * the core's chooseExportPath port opens (Documents, the suggested name, null on cancel), and the
 * startup error box that passes on the cache's own sentence (newer version, failed upgrade).
 */
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({
  app: {
    isPackaged: false,
    getPath: (name: string) => `/home/robin/${name}`,
    enableSandbox: vi.fn(),
    setAppUserModelId: vi.fn(),
  },
  dialog: { showSaveDialog: vi.fn(), showErrorBox: vi.fn() },
  focused: null as unknown,
}));
vi.mock('electron', async () =>
  (await import('../support/electron-stub')).inertElectron({
    app: electron.app,
    dialog: electron.dialog,
    BrowserWindow: { getFocusedWindow: () => electron.focused, getAllWindows: () => [] },
    safeStorage: { isEncryptionAvailable: () => false },
  }),
);
vi.mock('electron-store', () => ({ default: class {} }));
vi.mock('../../src/main/core', async (importOriginal) => ({ ...(await importOriginal<typeof import('../../src/main/core')>()), createCore: vi.fn(async () => ({ fake: 'core' })) }));

import type { Agent } from 'undici';
import { createCore } from '../../src/main/core';
import { AppError } from '../../src/main/core/errors';
import { electronShell } from '../../src/main/index';

async function exportPort(): Promise<(suggestedName: string) => Promise<string | null>> {
  vi.mocked(createCore).mockClear();
  await electronShell().openCore({ notify: vi.fn() });
  const opts = vi.mocked(createCore).mock.calls[0]![0];
  await (opts.dispatcher as Agent).close();
  expect(opts.chooseExportPath).toBeTypeOf('function');
  return opts.chooseExportPath!;
}

describe('the export Save dialog', () => {
  beforeEach(() => {
    electron.dialog.showSaveDialog.mockReset();
    electron.focused = null;
  });

  it('opens in Documents with the suggested name, asks before replacing, and answers the chosen path', async () => {
    electron.dialog.showSaveDialog.mockResolvedValue({ canceled: false, filePath: '/home/robin/Desktop/my-inbox.json' });
    const choose = await exportPort();
    await expect(choose('linkedin-inbox-export-2026-11-21.json')).resolves.toBe('/home/robin/Desktop/my-inbox.json');
    expect(electron.dialog.showSaveDialog).toHaveBeenCalledWith(
      expect.objectContaining({
        title: 'Export all data',
        defaultPath: join('/home/robin/documents', 'linkedin-inbox-export-2026-11-21.json'),
        filters: [{ name: 'JSON', extensions: ['json'] }],
        properties: expect.arrayContaining(['showOverwriteConfirmation', 'createDirectory']),
      }),
    );
  });

  it('attaches to the focused window when there is one', async () => {
    const win = { isDestroyed: () => false };
    electron.focused = win;
    electron.dialog.showSaveDialog.mockResolvedValue({ canceled: false, filePath: '/tmp/x.json' });
    await (await exportPort())('x.json');
    expect(electron.dialog.showSaveDialog).toHaveBeenCalledWith(win, expect.objectContaining({ defaultPath: join('/home/robin/documents', 'x.json') }));
  });

  it('answers null when the person cancels', async () => {
    electron.dialog.showSaveDialog.mockResolvedValue({ canceled: true, filePath: '' });
    await expect((await exportPort())('x.json')).resolves.toBeNull();
  });
});

describe('when the cache cannot be opened at startup', () => {
  beforeEach(() => electron.dialog.showErrorBox.mockReset());

  it("shows the cache's own sentence: a newer version's file, or a failed upgrade with where the copy is", () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const sentence = 'The message cache could not be upgraded from schema version 4 to 5 (disk I/O error); it was left as it was, at version 4. A copy taken just before the upgrade is at /home/robin/.config/inbox/backups/inbox-v4-20261121T090000000Z.sqlite.';
    electronShell().reportStartupFailure(new AppError('internal', sentence));
    expect(electron.dialog.showErrorBox).toHaveBeenCalledWith('Inbox could not start', sentence);

    electronShell().reportStartupFailure(new Error('SQLITE_CANTOPEN'));
    expect(electron.dialog.showErrorBox).toHaveBeenLastCalledWith('Inbox could not start', expect.stringContaining('Quit other copies of the app and try again'));
    expect(electron.dialog.showErrorBox.mock.calls.flat().join(' ')).not.toContain('SQLITE_CANTOPEN');
    error.mockRestore();
  });
});
