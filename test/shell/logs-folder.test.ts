/**
 * Settings → "Open logs folder": the renderer asks main over IPC (the shell answers it itself, not
 * the core), main opens app.getPath('logs') with shell.openPath, where main.log is (src/main/log.ts).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({
  handlers: new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>(),
  logs: { dir: '' },
  openPath: vi.fn(async (_path: string) => ''),
}));
vi.mock('electron', async () =>
  (await import('../support/electron-stub')).inertElectron({
    app: { isPackaged: false, getPath: (name: string) => (name === 'logs' ? electron.logs.dir : `/fake/${name}`), enableSandbox: vi.fn() },
    shell: { openExternal: vi.fn(), openPath: electron.openPath },
    ipcMain: {
      handle: (channel: string, l: (event: unknown, ...args: unknown[]) => Promise<unknown>) => electron.handlers.set(channel, l),
      removeHandler: (channel: string) => electron.handlers.delete(channel),
    },
  }),
);
vi.mock('electron-store', () => ({ default: class {} }));

import { electronShell } from '../../src/main/index';
import { INBOX_METHODS, invokeChannel, type InboxApi } from '../../src/shared/ipc';

const OUR_PAGE = { url: 'app://inbox/index.html', parent: null };
const api = Object.fromEntries(INBOX_METHODS.map((m) => [m, async () => null])) as unknown as InboxApi;

let root = '';
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'inbox-open-logs-'));
  electron.logs.dir = root;
  electron.handlers.clear();
  electron.openPath.mockClear();
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('Open logs folder', () => {
  it('opens the folder holding main.log, for the app window only', async () => {
    electronShell().registerIpc(api);
    const handler = electron.handlers.get(invokeChannel('openLogsFolder'));
    expect(handler, 'a handler for openLogsFolder').toBeDefined();
    expect(await handler!({ senderFrame: OUR_PAGE })).toEqual({ ok: true, value: null });
    expect(electron.openPath).toHaveBeenCalledWith(electron.logs.dir);
    const refused = await handler!({ senderFrame: { url: 'https://evil.example/', parent: null } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(electron.openPath).toHaveBeenCalledTimes(1);
  });

  it('opens the folder before anything was logged (the log writes its folder only at its first line)', async () => {
    electron.logs.dir = join(electron.logs.dir, 'not-yet-written', 'logs');
    expect(existsSync(electron.logs.dir)).toBe(false);
    // What a file manager does with a path that is not there.
    electron.openPath.mockImplementationOnce(async (path: string) => (existsSync(path) ? '' : 'Failed to open path'));
    electronShell().registerIpc(api);
    expect(await electron.handlers.get(invokeChannel('openLogsFolder'))!({ senderFrame: OUR_PAGE })).toEqual({ ok: true, value: null });
    expect(existsSync(electron.logs.dir)).toBe(true);
  });

  it('says where the logs are when the folder cannot be opened', async () => {
    electron.openPath.mockResolvedValueOnce('No application knows how to open this folder');
    electronShell().registerIpc(api);
    const answer = await electron.handlers.get(invokeChannel('openLogsFolder'))!({ senderFrame: OUR_PAGE });
    expect(answer).toMatchObject({ ok: false, error: { message: expect.stringContaining(electron.logs.dir) } });
  });

  it('takes no arguments', async () => {
    electronShell().registerIpc(api);
    const answer = await electron.handlers.get(invokeChannel('openLogsFolder'))!({ senderFrame: OUR_PAGE }, '/etc');
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(electron.openPath).not.toHaveBeenCalled();
  });
});
