/**
 * "Export all data…" in Settings, in a real Chromium against a real core: the person presses the
 * button, picks a place (the core's chooseExportPath port stands in for the Save dialog), and
 * reads how many conversations and messages went where; a failure reads as the core's sentence.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCore, MemorySecretStore } from '../../src/main/core';
import { type BenchPage } from '../support/bench';
import { browserSuite } from '../support/browser-suite';
import { offlineDispatcher, tempDataDir } from '../support/core';
import { seedLargeInbox } from '../support/seed';

const suite = browserSuite();

async function setup(choose: (suggested: string, outDir: string) => string | null): Promise<{ app: BenchPage; outDir: string; messages: number }> {
  const data = tempDataDir('inbox-export-ui-');
  const out = tempDataDir('inbox-export-ui-out-');
  const seeded = await seedLargeInbox(data.dir, { conversations: 12, messages: 60 });
  const dispatcher = offlineDispatcher();
  const core = await createCore({ dataDir: data.dir, secrets: new MemorySecretStore(), dispatcher, chooseExportPath: async (name) => choose(name, out.dir) });
  const app = await suite.bench.open(core);
  suite.defer(data.cleanup, out.cleanup, () => dispatcher.close(), () => core.close(), () => app.close());
  return { app, outDir: out.dir, messages: seeded.messages };
}

async function exportButton(app: BenchPage) {
  await app.page.getByRole('button', { name: /Accounts & settings/ }).click();
  const dialog = app.page.getByRole('dialog', { name: 'Accounts & settings' });
  await dialog.waitFor();
  return { dialog, button: dialog.getByRole('button', { name: 'Export all data…' }) };
}

describe('Export all data, in Chromium', () => {
  it('says how many conversations and messages went to which file', async () => {
    const { app, outDir, messages } = await setup((name, dir) => join(dir, name));
    const { dialog, button } = await exportButton(app);
    await button.click();
    const status = dialog.getByRole('status').filter({ hasText: 'Exported' });
    await status.waitFor();
    const text = (await status.textContent()) ?? '';
    const path = /to (.*\.json)\.$/.exec(text)?.[1] ?? '';
    expect(text).toBe(`Exported 12 conversations and ${messages} messages to ${path}.`);
    expect(path.startsWith(outDir)).toBe(true);
    expect(path).toMatch(/linkedin-inbox-export-\d{4}-\d{2}-\d{2}\.json$/);
    expect(existsSync(path)).toBe(true);
    expect((JSON.parse(readFileSync(path, 'utf8')) as { conversations: unknown[] }).conversations).toHaveLength(12);
    expect(app.errors).toEqual([]);
  });

  it('shows the reason when the file cannot be written, and nothing when the person cancels', async () => {
    let answer: 'bad' | 'cancel' = 'bad';
    const { app } = await setup((name, dir) => (answer === 'bad' ? join(dir, 'missing-folder', name) : null));
    const { dialog, button } = await exportButton(app);
    await button.click();
    const alert = dialog.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/^The export could not be saved to .*missing-folder.*: that folder does not exist\. Nothing was written there; choose another place and try again\.$/);

    answer = 'cancel';
    await button.click();
    await alert.waitFor({ state: 'detached' }); // the old error goes; a cancel says nothing
    await expect.poll(() => button.isEnabled()).toBe(true);
    expect(await dialog.getByRole('status').filter({ hasText: 'Exported' }).count()).toBe(0);
  });
});
