/**
 * Keys that must never strand a person: the help scrolls from the keyboard, Tab from the list
 * leaves Enter opening the conversation under the cursor, and the label picker pins a label as
 * a tab without a trip to Settings.
 */
import { describe, expect, it } from 'vitest';
import { createCore, MemorySecretStore, type InboxCore } from '../../src/main/core';
import type { ConversationSummary } from '../../src/shared/domain';
import { isFocused, type BenchPage } from '../support/bench';
import { browserSuite } from '../support/browser-suite';
import { offlineDispatcher, tempDataDir } from '../support/core';

const ROWS = '[role="option"][data-conversation-id]';
const SELECTED = `${ROWS}[aria-selected="true"]`;
const suite = browserSuite();

async function demoInbox(viewport?: { width: number; height: number }): Promise<{ core: InboxCore; app: BenchPage }> {
  const { dir, cleanup } = tempDataDir('inbox-keys2-');
  const core = await createCore({ dataDir: dir, secrets: new MemorySecretStore(), dispatcher: offlineDispatcher(), seedDemo: true });
  suite.defer(cleanup, () => core.close());
  await core.syncNow();
  const app = await suite.bench.open(core, { viewport });
  suite.defer(() => app.close());
  await app.page.locator(ROWS).first().waitFor();
  return { core, app };
}

const openThreadId = (app: BenchPage) => app.page.locator('[data-thread-id]').getAttribute('data-thread-id');

describe('keys that never strand you', () => {
  it('? opens a help that scrolls with ↓, PageDown, Space and back up with ↑ and PageUp', { timeout: 90_000 }, async () => {
    const { app } = await demoInbox({ width: 1280, height: 420 });
    const { page } = app;
    await page.keyboard.press('?');
    const list = page.locator('.help-sections');
    await list.waitFor();
    // The keys go where the focus is: wait until the list has it.
    await expect.poll(() => isFocused(list), { timeout: 10_000 }).toBe(true);
    const top = () => list.evaluate((el) => el.scrollTop);
    // A key's scroll may animate: each press waits for the list's scrollend event, then reads where it came to rest.
    async function scrollBy(key: string): Promise<number> {
      // The listener is in place (awaited) before the key goes out.
      await list.evaluate((el) => {
        (globalThis as unknown as { settled: Promise<void> }).settled = new Promise<void>((done) => el.addEventListener('scrollend', () => done(), { once: true }));
      });
      await page.keyboard.press(key);
      await page.evaluate(() => (globalThis as unknown as { settled: Promise<void> }).settled);
      return top();
    }
    expect(await list.evaluate((el) => el.scrollHeight > el.clientHeight + 50)).toBe(true);
    const afterArrow = await scrollBy('ArrowDown');
    expect(afterArrow).toBeGreaterThan(0);
    const afterPage = await scrollBy('PageDown');
    expect(afterPage).toBeGreaterThan(afterArrow);
    expect(await scrollBy('ArrowUp')).toBeLessThan(afterPage);
    expect(await scrollBy('PageUp')).toBe(0);
    expect(await scrollBy('Space')).toBeGreaterThan(0);
    // The keys scrolled the help, nothing underneath: the cursor has not moved, no thread opened.
    expect(await page.locator(SELECTED).getAttribute('data-index')).toBe('0');
    await page.keyboard.press('Escape');
    await list.waitFor({ state: 'detached' });
    expect(app.errors).toEqual([]);
  });

  it('Tab from the list without split tabs keeps the list keys: j moves, Enter opens the conversation under the cursor', { timeout: 90_000 }, async () => {
    const { core, app } = await demoInbox();
    const { page } = app;
    const order = (await core.listConversations({ view: 'inbox', limit: 5 })).items.map((c) => c.id);
    await page.keyboard.press('j');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => openThreadId(app)).toBe(order[1]);
    await page.keyboard.press('Escape');
    await page.locator('[data-thread-id]').waitFor({ state: 'detached' });
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('j');
    await page.keyboard.press('Enter');
    await expect.poll(() => openThreadId(app)).toBe(order[2]);
    expect(app.errors).toEqual([]);
  });

  it('Tab with split tabs moves to the next tab, and Enter opens the conversation under the cursor there', { timeout: 90_000 }, async () => {
    const { core, app } = await demoInbox();
    const { page } = app;
    const hot = await core.createLabel('Hot leads');
    const inbox = await core.listConversations({ view: 'inbox', limit: 3 });
    await core.setLabels([inbox.items[2]!.id], [hot.id], []);
    await core.updateLabel(hot.id, { pinned: true });
    await page.locator('[data-split]').first().waitFor();
    await page.keyboard.press('Tab');
    await expect.poll(() => page.locator('.split-tab[aria-selected="true"]').getAttribute('data-split')).toBe(`label:${hot.id}`);
    await expect.poll(() => page.locator(SELECTED).getAttribute('data-conversation-id')).toBe(inbox.items[2]!.id);
    await page.keyboard.press('Enter');
    await expect.poll(() => openThreadId(app)).toBe(inbox.items[2]!.id);
    expect(app.errors).toEqual([]);
  });

  it('the label picker pins and unpins the highlighted label as a tab (Ctrl+P), and says so', { timeout: 90_000 }, async () => {
    const { core, app } = await demoInbox();
    const { page } = app;
    const hiring = await core.createLabel('Hiring');
    await page.keyboard.press('l');
    const picker = page.getByRole('dialog', { name: /^Labels for/ });
    await picker.waitFor();
    await page.keyboard.type('Hiring');
    await page.keyboard.press('Control+p');
    await expect.poll(async () => (await core.listLabels()).find((l) => l.id === hiring.id)?.pinned).toBe(true);
    await picker.getByRole('status').filter({ hasText: '“Hiring” is a tab above the list' }).waitFor();
    expect(await isFocused(picker.getByRole('combobox', { name: 'Label name' }))).toBe(true);
    await page.keyboard.press('Escape');
    await picker.waitFor({ state: 'detached' });
    await page.locator(`[data-split="label:${hiring.id}"]`).waitFor();
    // The conversation was not labelled by it: pinning is not toggling.
    expect((await core.listConversations({ view: `label:${hiring.id}` })).total).toBe(0);

    await page.keyboard.press('l');
    await picker.waitFor();
    await page.keyboard.type('Hiring');
    await page.keyboard.press('Control+p');
    await expect.poll(async () => (await core.listLabels()).find((l) => l.id === hiring.id)?.pinned).toBe(false);
    expect(app.errors).toEqual([]);
  });
});

describe('search suggestions in Chromium', () => {
  it('after from:, label: and account: the names that fit are offered; Enter or Tab completes the value and the results follow', { timeout: 90_000 }, async () => {
    const { core, app } = await demoInbox();
    const { page } = app;
    // A person who has written (from: finds what a person sent; the demo's seed varies, and some
    // conversations hold only my messages): the newest such conversation of the inbox.
    const quoted = (name: string) => (/\s/.test(name) ? `"${name}"` : name);
    let first: ConversationSummary | undefined;
    for (const c of (await core.listConversations({ view: 'inbox', limit: 30 })).items) {
      const { hits } = await core.search(`from:${quoted(c.participant.name)}`, 50);
      if (hits.some((h) => h.conversation.id === c.id)) {
        first = c;
        break;
      }
    }
    if (!first) throw new Error('no conversation of the newest 30 has a message from its person');
    const person = first.participant.name;
    const hot = await core.createLabel('Hot leads');
    await core.setLabels([first.id], [hot.id], []);

    await page.keyboard.press('/');
    const field = page.getByRole('searchbox');
    await page.keyboard.type(`from:${person.slice(0, 3).toLowerCase()}`);
    const list = page.getByRole('listbox', { name: 'Suggestions for from:' });
    await list.getByRole('option', { name: person }).waitFor();
    expect(await field.getAttribute('aria-activedescendant')).toBe('search-suggestion-0');
    // ↓/↑ walk the suggestions; Enter takes the one picked.
    const names = await list.getByRole('option').allTextContents();
    const at = names.indexOf(`from:${person}`);
    for (let i = 0; i < at; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => field.inputValue()).toBe(/\s/.test(person) ? `from:"${person}" ` : `from:${person} `);
    await list.waitFor({ state: 'detached' });
    await page.locator(`${ROWS}[data-conversation-id="${first.id}"]`).waitFor();

    await field.fill('');
    await page.keyboard.type('label:ho');
    await page.getByRole('listbox', { name: 'Suggestions for label:' }).getByRole('option', { name: 'Hot leads' }).waitFor();
    await page.keyboard.press('Tab');
    await expect.poll(() => field.inputValue()).toBe('label:"Hot leads" ');
    await expect.poll(() => page.locator(ROWS).count()).toBe(1);

    await field.fill('');
    await page.keyboard.type('account:de');
    const accounts = page.getByRole('listbox', { name: 'Suggestions for account:' });
    await accounts.getByRole('option', { name: 'Demo' }).waitFor();
    // Esc puts the suggestions away and leaves the field where it was.
    await page.keyboard.press('Escape');
    await accounts.waitFor({ state: 'detached' });
    expect(await field.inputValue()).toBe('account:de');
    expect(await isFocused(field)).toBe(true);
    expect(app.errors).toEqual([]);
  });
});
