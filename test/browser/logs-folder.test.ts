/**
 * Settings → "Open logs folder", in a real Chromium against a real core: the button asks the shell
 * (a fake ShellApi stands in for shell.openPath), and a folder that cannot be opened reads as the
 * shell's sentence, naming where the logs are.
 */
import { describe, expect, it, vi } from 'vitest';
import { createCore, MemorySecretStore, invalidInput } from '../../src/main/core';
import type { ShellApi } from '../../src/shared/ipc';
import { browserSuite } from '../support/browser-suite';
import { offlineDispatcher, tempDataDir } from '../support/core';

const suite = browserSuite();

async function settingsWith(shell: ShellApi) {
  const data = tempDataDir('inbox-logs-ui-');
  const dispatcher = offlineDispatcher();
  const core = await createCore({ dataDir: data.dir, secrets: new MemorySecretStore(), dispatcher, seedDemo: true });
  const app = await suite.bench.open(core, { shell });
  suite.defer(data.cleanup, () => dispatcher.close(), () => core.close(), () => app.close());
  await app.page.getByRole('button', { name: /Accounts & settings/ }).click();
  const dialog = app.page.getByRole('dialog', { name: 'Accounts & settings' });
  await dialog.waitFor();
  return { app, dialog, button: dialog.getByRole('button', { name: 'Open logs folder' }) };
}

describe('Open logs folder, in Chromium', () => {
  it('asks the shell to open the folder, once per press', async () => {
    const openLogsFolder = vi.fn(async () => {});
    const { app, button } = await settingsWith({ openLogsFolder });
    await button.click();
    await expect.poll(() => openLogsFolder.mock.calls.length).toBe(1);
    await expect.poll(() => button.isEnabled()).toBe(true);
    expect(app.errors).toEqual([]);
  });

  it('shows where the logs are when the folder cannot be opened', async () => {
    const sentence = 'The logs folder could not be opened (no file manager). It is /home/me/.config/Inbox/logs; open it in your file manager.';
    const { dialog, button } = await settingsWith({ openLogsFolder: async () => Promise.reject(invalidInput(sentence)) });
    await button.click();
    await expect(dialog.getByRole('alert').filter({ hasText: 'could not be opened' }).textContent()).resolves.toBe(sentence);
  });
});
