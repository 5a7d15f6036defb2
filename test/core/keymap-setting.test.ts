/**
 * The keymap as a setting of the real core: kept across a restart, refused with a sentence (and
 * nothing lost) when it would leave no way to the palette or out of a dialog, repaired when the
 * preferences file holds one this version cannot use, and part of "Export all data…".
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, MemorySecretStore, MemorySettingsStore, type InboxCore } from '../../src/main/core';
import { DEFAULT_SETTINGS, type AppSettings } from '../../src/shared/domain';
import { offlineDispatcher, tempDataDir } from '../support/core';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function open(settings: MemorySettingsStore, chooseExportPath?: (suggested: string) => Promise<string | null>): Promise<InboxCore> {
  const { dir, cleanup } = tempDataDir('inbox-keymap-core-');
  const core = await createCore({ dataDir: dir, secrets: new MemorySecretStore(), dispatcher: offlineDispatcher(), settings, chooseExportPath });
  cleanups.push(cleanup, () => core.close());
  return core;
}

const gmailWithArchiveOnQ: AppSettings['keymap'] = { preset: 'gmail', overrides: { archive: ['q'] } };

describe('the keymap setting in the core', () => {
  it('is kept across a restart, written the key handler’s way', async () => {
    const store = new MemorySettingsStore();
    const first = await open(store);
    expect((await first.getSettings()).keymap).toEqual(DEFAULT_SETTINGS.keymap);
    const saved = await first.updateSettings({ keymap: { preset: 'gmail', overrides: { archive: ['Q'], selectAll: ['ctrl+a'] } } });
    expect(saved.keymap).toEqual({ preset: 'gmail', overrides: { archive: ['q'], selectAll: ['Mod+A'] } });
    await first.close();
    const again = await open(store);
    expect((await again.getSettings()).keymap).toEqual(saved.keymap);
  });

  it('refuses a keymap without a palette key or without Esc on Back, says why, and keeps the one it had', async () => {
    const core = await open(new MemorySettingsStore());
    await core.updateSettings({ keymap: gmailWithArchiveOnQ });
    await expect(core.updateSettings({ keymap: { preset: 'gmail', overrides: { palette: [] } } })).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringMatching(/^Keep a key for the command palette/) });
    await expect(core.updateSettings({ keymap: { preset: 'gmail', overrides: { archive: ['Escape'] } } })).rejects.toMatchObject({ code: 'invalid-input', message: 'Esc must stay on Back: it is how you leave a dialog or a text field.' });
    await expect(core.updateSettings({ keymap: { preset: 'gmail', overrides: { teleport: ['t'] } } as never })).rejects.toMatchObject({ message: 'There is no command called “teleport” to rebind.' });
    expect((await core.getSettings()).keymap).toEqual(gmailWithArchiveOnQ);
  });

  it('repairs what the preferences file holds: unknown commands dropped, an unusable keymap back to its preset', async () => {
    const store = new MemorySettingsStore();
    store.save({ ...DEFAULT_SETTINGS, keymap: { preset: 'kondo', overrides: { archive: ['q'], gone: ['g g'] } } as never });
    expect((await (await open(store)).getSettings()).keymap).toEqual({ preset: 'kondo', overrides: { archive: ['q'] } });
    const broken = new MemorySettingsStore();
    broken.save({ ...DEFAULT_SETTINGS, keymap: { preset: 'gmail', overrides: { back: ['x'] } } });
    expect((await (await open(broken)).getSettings()).keymap).toEqual({ preset: 'gmail', overrides: {} });
  });

  it('is in the export, with the preset and every rebinding', async () => {
    const out = tempDataDir('inbox-keymap-export-');
    cleanups.push(out.cleanup);
    const core = await open(new MemorySettingsStore(), async (suggested) => join(out.dir, suggested));
    await core.updateSettings({ keymap: gmailWithArchiveOnQ });
    const summary = await core.exportData();
    const doc = JSON.parse(readFileSync(summary!.path, 'utf8')) as { settings: AppSettings };
    expect(doc.settings.keymap).toEqual(gmailWithArchiveOnQ);
  });
});
