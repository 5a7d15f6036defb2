/** The palette in Chromium puts first what the Node table says (test/renderer/palette-ranking.test.ts), and asks before removing the demo. */
import { describe, expect, it } from 'vitest';
import { createCore, MemorySecretStore } from '../../src/main/core';
import { browserSuite } from '../support/browser-suite';
import { offlineDispatcher, tempDataDir } from '../support/core';
import { FIRST_RESULTS } from '../support/palette-queries';

const ROWS = '[role="option"][data-conversation-id]';
const suite = browserSuite();

async function demoInbox() {
  const { dir, cleanup } = tempDataDir('inbox-palette-');
  const core = await createCore({ dataDir: dir, secrets: new MemorySecretStore(), dispatcher: offlineDispatcher(), seedDemo: true });
  await core.syncNow();
  const app = await suite.bench.open(core);
  suite.defer(cleanup, () => core.close(), () => app.close());
  await app.page.locator(ROWS).first().waitFor();
  return { core, app };
}

describe('command palette in Chromium', () => {
  it('shows the same first result as the ranking table for every query about commands and views', { timeout: 180_000 }, async () => {
    const { app } = await demoInbox();
    const { page } = app;
    const palette = page.getByRole('dialog', { name: 'Command palette' });
    // The table's labels, snippet and second account are not in this inbox; everything else is.
    const queries = FIRST_RESULTS.filter(([, id]) => id.startsWith('command:') || (id.startsWith('view:') && !id.startsWith('view:account:')));
    expect(queries.length).toBeGreaterThanOrEqual(30);
    const wrong: string[] = [];
    for (const [query, id] of queries) {
      await page.keyboard.press('Control+k');
      await palette.waitFor();
      await page.keyboard.type(query);
      const first = palette.locator('[cmdk-item][data-selected="true"]');
      await expect.poll(() => page.locator('.palette-input').inputValue()).toBe(query);
      const got = await first.getAttribute('data-entry');
      if (got !== id) wrong.push(`${query}: ${got} (wanted ${id})`);
      await page.keyboard.press('Escape');
      await expect.poll(() => palette.count()).toBe(0);
    }
    expect(wrong).toEqual([]);
    expect(app.errors).toEqual([]);
  });

  it('"remove demo" asks first; Esc keeps it, Enter on "Yes" removes it and its conversations', { timeout: 90_000 }, async () => {
    const { core, app } = await demoInbox();
    const { page } = app;
    await page.keyboard.press('Control+k');
    await page.keyboard.type('remove demo');
    await page.keyboard.press('Enter');
    const ask = page.getByRole('alertdialog', { name: 'Remove the demo account?' });
    await ask.waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => ask.count()).toBe(0);
    expect((await core.listAccounts()).map((a) => a.provider)).toEqual(['demo']);

    await page.keyboard.press('Control+k');
    await page.keyboard.type('remove demo');
    await page.keyboard.press('Enter');
    await ask.waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await core.listAccounts()).length).toBe(0);
    await expect.poll(() => page.locator(ROWS).count()).toBe(0);
    expect(app.errors).toEqual([]);
  });

  it('"pin hiring" pins the label as a tab and "unpin" takes it away; "add account" opens the form to add one', { timeout: 90_000 }, async () => {
    const { core, app } = await demoInbox();
    const { page } = app;
    const hiring = await core.createLabel('Hiring');
    const palette = page.getByRole('dialog', { name: 'Command palette' });
    const run = async (query: string, entry: string) => {
      await page.keyboard.press('Control+k');
      await palette.waitFor();
      await page.keyboard.type(query);
      await palette.locator(`[cmdk-item][data-selected="true"][data-entry="${entry}"]`).waitFor();
      await page.keyboard.press('Enter');
      await palette.waitFor({ state: 'detached' });
    };
    await run('pin hiring', `pin:${hiring.id}`);
    await page.locator(`[data-split="label:${hiring.id}"]`).waitFor();
    expect((await core.listLabels()).find((l) => l.id === hiring.id)?.pinned).toBe(true);
    await run('unpin', `pin:${hiring.id}`);
    await page.locator(`[data-split="label:${hiring.id}"]`).waitFor({ state: 'detached' });
    expect((await core.listLabels()).find((l) => l.id === hiring.id)?.pinned).toBe(false);

    await run('add account', 'command:addAccount');
    const settings = page.getByRole('dialog', { name: 'Accounts & settings' });
    await settings.waitFor();
    await expect.poll(() => page.evaluate('document.activeElement?.closest(\'[data-form="add-account"]\') !== null')).toBe(true);
    expect(app.errors).toEqual([]);
  });
});
