/**
 * The theme: System follows the computer, Light and Dark win over it. Chosen in Settings or
 * from the palette, kept by the core, and applied before the person has to look twice.
 */
import { describe, expect, it } from 'vitest';
import { createCore, MemorySecretStore, type InboxCore } from '../../src/main/core';
import type { BenchPage } from '../support/bench';
import { browserSuite } from '../support/browser-suite';
import { offlineDispatcher, tempDataDir } from '../support/core';

const ROWS = '[role="option"][data-conversation-id]';
const suite = browserSuite();

async function demoCore(): Promise<InboxCore> {
  const { dir, cleanup } = tempDataDir('inbox-theme-');
  const core = await createCore({ dataDir: dir, secrets: new MemorySecretStore(), dispatcher: offlineDispatcher(), seedDemo: true });
  suite.defer(cleanup, () => core.close());
  await core.syncNow();
  return core;
}

async function open(core: InboxCore, colorScheme: 'light' | 'dark'): Promise<BenchPage> {
  const app = await suite.bench.open(core, { colorScheme });
  suite.defer(() => app.close());
  await app.page.locator(ROWS).first().waitFor();
  return app;
}

/** Mean of the body's background channels: near 0 is a dark page, near 255 a light one. */
async function pageBrightness(app: BenchPage): Promise<number> {
  const bg = (await app.page.evaluate('getComputedStyle(document.body).backgroundColor')) as string;
  return bg.match(/\d+/g)!.slice(0, 3).map(Number).reduce((a, b) => a + b, 0) / 3;
}

async function runFromPalette(app: BenchPage, query: string): Promise<void> {
  const { page } = app;
  await page.keyboard.press('Control+K');
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  await palette.waitFor();
  await page.keyboard.type(query);
  await page.keyboard.press('Enter');
  await expect.poll(() => palette.count()).toBe(0);
}

describe('theme', () => {
  it('Settings → Theme: Dark wins over a light system, is kept for the next start, and System follows the computer again', { timeout: 90_000 }, async () => {
    const core = await demoCore();
    const app = await open(core, 'light');
    expect(await pageBrightness(app)).toBeGreaterThan(200);

    await runFromPalette(app, 'settings');
    const theme = app.page.getByRole('combobox', { name: 'Theme' });
    expect(await theme.inputValue()).toBe('system');
    await theme.selectOption('dark');
    await expect.poll(() => pageBrightness(app)).toBeLessThan(60);
    await expect.poll(async () => (await core.getSettings()).theme).toBe('dark');

    // The next start (a fresh page on the same core) opens dark on a light system.
    const again = await open(core, 'light');
    await expect.poll(() => pageBrightness(again)).toBeLessThan(60);
    expect(await again.page.locator('html').getAttribute('data-theme')).toBe('dark');

    await runFromPalette(again, 'settings');
    await again.page.getByRole('combobox', { name: 'Theme' }).selectOption('system');
    await expect.poll(() => pageBrightness(again)).toBeGreaterThan(200);
    expect(app.errors).toEqual([]);
    expect(again.errors).toEqual([]);
  });

  it('the palette switches the theme by its natural words: "dark", "light", "theme system"', { timeout: 90_000 }, async () => {
    const core = await demoCore();
    const app = await open(core, 'dark');
    expect(await pageBrightness(app)).toBeLessThan(60);
    await runFromPalette(app, 'light');
    await expect.poll(() => pageBrightness(app)).toBeGreaterThan(200);
    expect((await core.getSettings()).theme).toBe('light');
    await runFromPalette(app, 'dark');
    await expect.poll(() => pageBrightness(app)).toBeLessThan(60);
    await runFromPalette(app, 'theme system');
    await expect.poll(async () => (await core.getSettings()).theme).toBe('system');
    await expect.poll(() => pageBrightness(app)).toBeLessThan(60); // the system is dark
    expect(app.errors).toEqual([]);
  });
});
