/**
 * Searches saved as split tabs in Chromium (issue 17.2): Ctrl+S in search (and the palette) saves
 * the search as a tab with its count; archiving changes the count; Tab cycles the tabs; Settings
 * renames, reorders and removes them; a search that cannot run says why and is not saved; past
 * 999 the count reads 999+. Screenshots in test-results/screens/split-tabs/, each checked by axe-core.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCore, MemorySecretStore, type InboxCore } from '../../src/main/core';
import { seriousViolations } from '../support/axe';
import { RESULTS_DIR, type BenchPage } from '../support/bench';
import { browserSuite } from '../support/browser-suite';
import { offlineDispatcher, tempDataDir } from '../support/core';
import { openSeeded, seedLargeInbox } from '../support/seed';

const ROWS = '[role="option"][data-conversation-id]';
const SCREENS = join(RESULTS_DIR, 'screens', 'split-tabs');
const suite = browserSuite();

async function demoInbox(): Promise<{ core: InboxCore; app: BenchPage }> {
  const { dir, cleanup } = tempDataDir('inbox-split-tabs-');
  const core = await createCore({ dataDir: dir, secrets: new MemorySecretStore(), dispatcher: offlineDispatcher(), seedDemo: true });
  await core.syncNow();
  const app = await suite.bench.open(core);
  suite.defer(cleanup, () => core.close(), () => app.close());
  await app.page.locator(ROWS).first().waitFor();
  return { core, app };
}

/** A screenshot of the screen as it is, which axe-core must find no serious or critical violation on. */
const shot = async (app: BenchPage, name: string) => {
  mkdirSync(SCREENS, { recursive: true });
  await app.page.screenshot({ path: join(SCREENS, `${name}.png`) });
  const found = (await seriousViolations(app.page)).flatMap((v) => v.nodes.map((n) => `${name}: ${v.rule} at ${n.target}`));
  expect(found).toEqual([]);
};

/** The tab's count as the screen shows it. */
const tabCountText = (app: BenchPage, view: string) => app.page.locator(`[data-split="${view}"] .count`).textContent();
const selectedTab = (app: BenchPage) => app.page.locator('[role="tab"][aria-selected="true"]').getAttribute('data-split');

describe('split tabs from saved searches', () => {
  it('Ctrl+S in search saves it as a tab with its count; archive changes the count; Tab cycles the tabs', async () => {
    const { core, app } = await demoInbox();
    const { page } = app;
    await page.keyboard.press('/');
    await page.keyboard.type('is:unread account:demo');
    await page.locator('.search-status').filter({ hasText: /match/ }).waitFor();
    await page.keyboard.press('Control+s');
    const dialog = page.getByRole('dialog', { name: 'Save this search as a split tab' });
    await dialog.waitFor();
    expect(await dialog.getByLabel('Tab name').inputValue()).toBe('is:unread account:demo'); // the query by default
    await shot(app, '01-save-dialog');
    await page.keyboard.type('Unread demo');
    await page.keyboard.press('Enter');
    await expect.poll(() => dialog.count()).toBe(0);

    const id = (await core.getSettings()).savedSplits[0]!.id;
    const view = `search:${id}`;
    const tab = page.locator(`[data-split="${view}"]`);
    await tab.waitFor();
    expect(await tab.locator('.split-tab-name').textContent()).toBe('Unread demo');
    expect(await tab.getAttribute('aria-selected')).toBe('true');
    const before = (await core.viewCounts())[view]!;
    expect(before).toBeGreaterThan(1);
    await expect.poll(() => tabCountText(app, view)).toBe(String(before));
    // The list is the tab's search, newest first.
    const listed = await core.listConversations({ view: view as `search:${string}`, limit: 500 });
    expect(listed.total).toBe(before);
    await expect.poll(() => page.locator(ROWS).first().getAttribute('data-conversation-id')).toBe(listed.items[0]!.id);
    await shot(app, '02-tab-with-count');

    // Archive the conversation under the cursor: out of the tab, and the count follows.
    await page.locator('.list-pane [role="listbox"]').focus();
    await page.keyboard.press('j');
    await page.keyboard.press('e');
    await expect.poll(() => tabCountText(app, view)).toBe(String(before - 1));
    expect((await core.viewCounts())[view]).toBe(before - 1);

    // Tab and Shift+Tab cycle Inbox and the saved search, in the order shown.
    await page.locator('.list-pane [role="listbox"]').focus();
    await page.keyboard.press('Tab');
    await expect.poll(() => selectedTab(app)).toBe('inbox');
    await page.keyboard.press('Tab');
    await expect.poll(() => selectedTab(app)).toBe(view);
    await page.keyboard.press('Shift+Tab');
    await expect.poll(() => selectedTab(app)).toBe('inbox');

    // From the palette too, while searching.
    await page.keyboard.press('/');
    await page.keyboard.type('from:me');
    await page.locator('.search-status').filter({ hasText: /match/ }).waitFor();
    await page.keyboard.press('Control+k');
    await page.keyboard.type('save search');
    await expect.poll(() => page.locator('[cmdk-item][data-selected="true"]').getAttribute('data-entry')).toBe('command:saveSearchAsSplit');
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await core.getSettings()).savedSplits.map((s) => s.name)).toEqual(['Unread demo', 'from:me']);
    await expect.poll(() => page.locator('[role="tab"]').count()).toBe(3);
    expect(app.errors).toEqual([]);
  });

  it('a search that cannot run is not saved: its own sentence is shown', async () => {
    const { core, app } = await demoInbox();
    const { page } = app;
    await page.keyboard.press('/');
    await page.keyboard.type('label:nosuch pricing');
    await page.locator('.search-problem').filter({ hasText: 'There is no label called “nosuch”.' }).waitFor();
    await page.keyboard.press('Control+s');
    await page.locator('.notice').filter({ hasText: 'This search cannot be saved as a tab: There is no label called “nosuch”.' }).waitFor();
    expect(await page.getByRole('dialog', { name: 'Save this search as a split tab' }).count()).toBe(0);
    expect((await core.getSettings()).savedSplits).toEqual([]);
    expect(app.errors).toEqual([]);
  });

  it('Settings renames, reorders (buttons and Alt+↑) and removes tabs', async () => {
    const { core, app } = await demoInbox();
    const { page } = app;
    await core.updateSettings({
      savedSplits: [
        { id: 'a', name: 'Unread', query: 'is:unread' },
        { id: 'b', name: 'Mine', query: 'from:me' },
        { id: 'c', name: 'Read', query: 'is:read' },
      ],
    });
    const names = () => page.locator('[role="tab"] .split-tab-name').allTextContents();
    await expect.poll(names).toEqual(['Inbox', 'Unread', 'Mine', 'Read']);
    await page.getByRole('button', { name: /Accounts & settings/ }).click();
    const section = page.locator('[data-section="split-tabs"]');
    await section.scrollIntoViewIfNeeded();

    const rename = section.getByLabel('Name of tab Unread');
    await rename.fill('Unread now');
    await rename.press('Enter');
    await section.getByRole('status').filter({ hasText: 'Renamed.' }).waitFor();
    await section.getByRole('button', { name: 'Move tab Read up' }).click();
    await expect.poll(async () => (await core.getSettings()).savedSplits.map((s) => s.id)).toEqual(['a', 'c', 'b']);
    await section.getByLabel('Name of tab Unread now').focus();
    await page.keyboard.press('Alt+ArrowDown');
    await expect.poll(async () => (await core.getSettings()).savedSplits.map((s) => s.id)).toEqual(['c', 'a', 'b']);
    await shot(app, '03-settings');
    await section.getByRole('button', { name: 'Remove tab Mine' }).click();
    await expect.poll(async () => (await core.getSettings()).savedSplits.map((s) => s.name)).toEqual(['Read', 'Unread now']);
    await page.keyboard.press('Escape');
    await expect.poll(names).toEqual(['Inbox', 'Read', 'Unread now']);
    expect(app.errors).toEqual([]);
  });

  it('counts past 999 read 999+, and at most 7 tabs show', { timeout: 180_000 }, async () => {
    const { dir, cleanup } = tempDataDir('inbox-split-many-');
    await seedLargeInbox(dir, { conversations: 1200, messages: 2400 });
    const core = await openSeeded(dir);
    const app = await suite.bench.open(core);
    suite.defer(cleanup, () => core.close(), () => app.close());
    await app.page.locator(ROWS).first().waitFor();
    const searches = ['account:reactin', ...Array.from({ length: 7 }, (_, i) => `word${i}`)];
    await core.updateSettings({ savedSplits: searches.map((query, i) => ({ id: `s${i}`, name: i === 0 ? 'Everyone' : `Tab ${i}`, query })) });
    const tab = app.page.locator('[data-split="search:s0"]');
    await tab.waitFor();
    await expect.poll(() => tabCountText(app, 'search:s0')).toBe('999+');
    expect((await core.viewCounts())['search:s0']).toBe(1000);
    // Inbox and the first six saved searches; a tab with nothing in it shows no count.
    await expect.poll(() => app.page.locator('[role="tab"]').count()).toBe(7);
    expect(await tabCountText(app, 'search:s1')).toBe('');
    await shot(app, '04-999-plus');
    // The rest are in the sidebar; an empty one says what it holds.
    await app.page.locator('nav [data-view="search:s7"]').click();
    await expect.poll(() => app.page.locator('.list-pane .pane-title').textContent()).toBe('Tab 7');
    await app.page.locator('[data-empty="search:s7"]').filter({ hasText: 'Nothing in the inbox matches this search' }).waitFor();
    expect(app.errors).toEqual([]);
  });
});
