/**
 * The keyboard-first interface in a real Chromium against a real core: the help and the palette
 * drawn from the one keymap, g-sequences, selection with bulk triage and one undo, search with
 * operators and highlights that opens at the message, and a 10,000-conversation inbox that the
 * list follows with j/k while keeping only the rows on screen in the page.
 */
import { describe, expect, it } from 'vitest';
import { createCore, MemorySecretStore, type InboxCore } from '../../src/main/core';
import { describeChord, KEYMAP } from '../../src/shared/keymap';
import { isFocused, type BenchPage } from '../support/bench';
import { browserSuite } from '../support/browser-suite';
import { offlineDispatcher, tempDataDir } from '../support/core';
import { openSeeded, seedLargeInbox } from '../support/seed';

const ROWS = '[role="option"][data-conversation-id]';
const SELECTED = `${ROWS}[aria-selected="true"]`;
const CHECKED = `${ROWS}[aria-checked="true"]`;

const suite = browserSuite();

async function demoInbox(opts: { colorScheme?: 'light' | 'dark' } = {}): Promise<{ core: InboxCore; app: BenchPage }> {
  const { dir, cleanup } = tempDataDir('inbox-keys-');
  const core = await createCore({ dataDir: dir, secrets: new MemorySecretStore(), dispatcher: offlineDispatcher(), seedDemo: true });
  await core.syncNow();
  const app = await suite.bench.open(core, opts);
  suite.defer(cleanup, () => core.close(), () => app.close());
  await app.page.locator(ROWS).first().waitFor();
  return { core, app };
}

const selectedId = (app: BenchPage) => app.page.locator(SELECTED).getAttribute('data-conversation-id');
const checkedIds = (app: BenchPage) => app.page.locator(CHECKED).evaluateAll((els) => els.map((el) => el.getAttribute('data-conversation-id') ?? ''));
const toastText = (app: BenchPage) => app.page.locator('.toast .toast-text').textContent();

describe('keyboard-first interface in Chromium', () => {
  it('? shows every shortcut of the keymap; Esc closes it; typed in the reply box it is text', async () => {
    const { app } = await demoInbox();
    const { page } = app;
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    for (const b of KEYMAP.filter((x) => x.keys.length > 0)) {
      const entry = help.locator(`[data-command="${b.command}"]`);
      expect(await entry.locator('dd').textContent()).toBe(b.description);
      const keys = (await entry.locator('kbd').allTextContents()).join(' ');
      for (const chord of b.keys.flatMap((k) => k.split(' '))) expect(keys).toContain(describeChord(chord));
    }
    await app.screenshot('help-overlay');
    await page.keyboard.press('Escape');
    await expect.poll(() => help.count()).toBe(0);

    // In the reply box, ? and / are characters.
    await page.keyboard.press('r');
    const box = page.getByRole('textbox', { name: /Reply/ });
    await box.waitFor();
    await page.keyboard.type('Why? a/b');
    expect(await box.inputValue()).toBe('Why? a/b');
    expect(await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).count()).toBe(0);
    expect(await page.getByRole('searchbox').count()).toBe(0);
    // Esc goes back one step: out of the box, then the thread closes.
    await page.keyboard.press('Escape');
    expect(await page.locator('[data-thread-id]').count()).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[data-thread-id]').count()).toBe(0);
    expect(app.errors).toEqual([]);
  });

  it('Ctrl+K: fuzzy commands with their shortcut, applied to the conversation under the cursor; views; g-sequences', async () => {
    const { core, app } = await demoInbox();
    const { page } = app;
    await page.keyboard.press('j');
    const target = (await selectedId(app))!;

    await page.keyboard.press('Control+k');
    const palette = page.getByRole('dialog', { name: 'Command palette' });
    await palette.waitFor();
    await page.keyboard.type('archv good');
    const first = palette.locator('[cmdk-item][data-selected="true"]');
    await expect.poll(() => first.locator('.palette-text').textContent()).toMatch(/^Archive for good/);
    await app.screenshot('palette');
    await page.keyboard.press('Enter');
    await expect.poll(() => palette.count()).toBe(0);
    await expect.poll(async () => (await core.listConversations({ view: 'archived', limit: 10 })).items.map((c) => c.id)).toContain(target);
    expect((await core.listConversations({ view: 'archived', limit: 10 })).items.find((c) => c.id === target)?.archived).toBe('forever');

    // Each command shows its key: "Snooze" carries h.
    await page.keyboard.press('Control+k');
    await page.keyboard.type('snooze until');
    expect(await palette.locator('[cmdk-item][data-selected="true"] kbd').allTextContents()).toEqual(['h']);
    await page.keyboard.press('Escape');
    await expect.poll(() => palette.count()).toBe(0);

    // Views from the palette, and by g-sequence.
    await page.keyboard.press('Control+k');
    await page.keyboard.type('go archived');
    await expect.poll(() => palette.locator('[cmdk-item][data-selected="true"] .palette-text').textContent()).toBe('Go to Archived');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.pane-title').textContent()).toBe('Archived');
    await page.keyboard.press('g');
    await page.keyboard.press('i');
    await expect.poll(() => page.locator('.pane-title').textContent()).toBe('Inbox');
    await page.keyboard.press('g');
    await page.keyboard.press('s');
    await expect.poll(() => page.locator('.pane-title').textContent()).toBe('Snoozed');
    await page.keyboard.press('g');
    await page.keyboard.press('a');
    await expect.poll(() => page.locator('.pane-title').textContent()).toBe('Archived');

    // g l: the labels, fuzzy; Enter goes there.
    await core.createLabel('Hiring pipeline');
    const hot = await core.createLabel('Hot leads');
    const inbox = await core.listConversations({ view: 'inbox', limit: 3 });
    await core.setLabels([inbox.items[0]!.id], [hot.id], []);
    await page.keyboard.press('g');
    await page.keyboard.press('l');
    await palette.waitFor();
    await page.keyboard.type('hl');
    await expect.poll(() => palette.locator('[cmdk-item][data-selected="true"] .palette-text').textContent()).toBe('Hot leads');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.pane-title').textContent()).toBe('Hot leads');
    await expect.poll(() => page.locator(ROWS).count()).toBe(1);
    expect(app.errors).toEqual([]);
  });

  it('x and Shift+J pick rows; e archives them all; z brings all of them back; Esc clears a selection', async () => {
    const { core, app } = await demoInbox();
    const { page } = app;
    const before = (await core.viewCounts()).inbox!;
    await page.keyboard.press('j'); // cursor on the first row
    await page.keyboard.press('x');
    await page.keyboard.press('Shift+J');
    await page.keyboard.press('Shift+J');
    const picked = await checkedIds(app);
    expect(picked).toHaveLength(3);
    expect(await page.locator('.bulk-bar').textContent()).toContain('3 selected');
    await app.screenshot('selection');

    await page.keyboard.press('e');
    await expect.poll(() => toastText(app)).toBe('Archived 3 conversations');
    await expect.poll(async () => (await core.viewCounts()).inbox).toBe(before - 3);
    await expect.poll(() => page.locator(ROWS).evaluateAll((els, ids) => els.filter((el) => ids.includes(el.getAttribute('data-conversation-id') ?? '')).length, picked)).toBe(0);
    expect(await page.locator('.bulk-bar').count()).toBe(0);

    // One z undoes the whole bulk action.
    await page.keyboard.press('z');
    await expect.poll(async () => (await core.viewCounts()).inbox).toBe(before);
    const archived = await core.listConversations({ view: 'archived', limit: 10 });
    expect(archived.items.filter((c) => picked.includes(c.id))).toEqual([]);

    // Esc clears a selection before it closes anything.
    await page.keyboard.press('x');
    expect(await checkedIds(app)).toHaveLength(1);
    await page.keyboard.press('Escape');
    expect(await checkedIds(app)).toHaveLength(0);
    expect(app.errors).toEqual([]);
  });

  it('select all picks every conversation of the view, fetched or not; u marks them all read in one step', async () => {
    const { core, app } = await demoInbox();
    const { page } = app;
    const counts = await core.viewCounts();
    expect(counts.inbox).toBeGreaterThan(200); // more than the first page the list fetched
    expect(counts.unread).toBeGreaterThan(0);
    await page.keyboard.press('Control+a');
    await expect.poll(() => page.locator('.bulk-bar .bulk-count').textContent()).toBe(`${counts.inbox} selected`);
    await expect.poll(() => toastText(app)).toBe(`Selected ${counts.inbox} conversations`);
    await page.keyboard.press('u');
    await expect.poll(async () => (await core.viewCounts()).unread).toBe(0);
    await page.keyboard.press('z');
    await expect.poll(async () => (await core.viewCounts()).unread).toBe(counts.unread);
    expect(app.errors).toEqual([]);
  });

  it('select all then l labels every conversation of the view, the ones not fetched yet too', async () => {
    const { core, app } = await demoInbox();
    const { page } = app;
    const inbox = (await core.viewCounts()).inbox!;
    expect(inbox).toBeGreaterThan(200);
    await page.keyboard.press('Control+a');
    await expect.poll(() => page.locator('.bulk-bar .bulk-count').textContent()).toBe(`${inbox} selected`);
    await page.keyboard.press('l');
    const picker = page.getByRole('dialog', { name: /label/i });
    await picker.waitFor();
    await page.keyboard.type('Everyone');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await core.listLabels()).find((l) => l.name === 'Everyone')?.inboxCount).toBe(inbox);
    expect(app.errors).toEqual([]);
  });

  it('search results: l and h act on an archived result, and j past the first 50 fetches more', async () => {
    const { core, app } = await demoInbox();
    const { page } = app;
    const c = (await core.listConversations({ view: 'inbox', limit: 60 })).items[45]!;
    await core.archive(c.id);
    await page.keyboard.press('/');
    await page.getByRole('searchbox').fill(c.participant.name);
    await expect.poll(() => selectedId(app)).toBe(c.id);
    await page.keyboard.press('Escape'); // out of the field: keys act on the results
    await page.keyboard.press('l');
    await page.getByRole('dialog', { name: /label/i }).waitFor();
    await page.keyboard.type('Found again');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await core.search(c.participant.name, 5)).hits[0]?.conversation.labels.map((l) => l.name)).toEqual(['Found again']);
    await page.keyboard.press('h');
    await page.getByRole('dialog', { name: /^Snooze/ }).locator('[data-preset="next-week"]').click();
    await expect.poll(async () => (await core.listConversations({ view: 'snoozed', limit: 5 })).items.map((x) => x.id)).toEqual([c.id]);

    // A search matching more than 50: j walks on past the first answer.
    const field = page.getByRole('searchbox');
    await page.keyboard.press('/');
    await field.fill('is:inbox');
    await expect.poll(() => page.locator('.search-status').textContent()).toMatch(/showing the newest 50/);
    await page.keyboard.press('Escape');
    for (let i = 0; i < 60; i++) await page.keyboard.press('j');
    const order = (await core.search('is:inbox', 100)).hits.map((h) => h.conversation.id);
    await expect.poll(() => selectedId(app)).toBe(order[60]);
    expect(await page.locator('.search-status').textContent()).toMatch(/showing the newest 100/);

    // A word in most messages, in a new search (the cursor at its top): the core stops counting once
    // the first 50 are certain, and the line says "or more".
    await page.keyboard.press('Escape'); // leaves search
    await expect.poll(() => page.locator('.search-status').count()).toBe(0);
    await page.keyboard.press('/');
    await field.fill('you');
    const quick = await core.search('you', 50);
    expect(quick.atLeast).toBe(true);
    expect(quick.total).toBeLessThan((await core.search('you', 500)).total);
    await expect.poll(() => page.locator('.search-status').textContent()).toBe(`${quick.total}+ conversations match; showing the newest 50.`);
    expect(app.errors).toEqual([]);
  }, 60_000); // four searches of the demo, 60 presses of j: 25 s on a loaded machine, over the 30 s default with little room

  it('h on a selection snoozes them all with one note; the Snoozed view counts them', async () => {
    const { core, app } = await demoInbox();
    const { page } = app;
    await page.keyboard.press('j');
    await page.keyboard.press('x');
    await page.keyboard.press('Shift+J');
    const picked = await checkedIds(app);
    await page.keyboard.press('h');
    const picker = page.getByRole('dialog', { name: /^Snooze/ });
    await picker.waitFor();
    await picker.locator('[data-preset="next-week"]').click();
    await expect.poll(() => toastText(app)).toMatch(/^Snoozed 2 conversations until /);
    await expect.poll(async () => (await core.viewCounts()).snoozed).toBe(2);
    const snoozed = await core.listConversations({ view: 'snoozed', limit: 10 });
    expect(snoozed.items.map((c) => c.id).sort()).toEqual([...picked].sort());
    expect(app.errors).toEqual([]);
  });

  it('/ searches as you type with matches marked, includes archived conversations, understands operators, opens at the message', async () => {
    const { core, app } = await demoInbox();
    const { page } = app;
    // A conversation archived for good, with a distinctive word in an old message.
    const inbox = await core.listConversations({ view: 'inbox', limit: 50 });
    const c = inbox.items[30]!;
    const thread = await core.openConversation(c.id);
    const oldest = thread.messages[0]!;
    await core.archive(c.id, 'forever');
    const word = oldest.text.split(/\s+/).find((w) => /^[A-Za-z]{6,}$/.test(w)) ?? oldest.text.split(/\s+/)[0]!;

    await page.keyboard.press('/');
    const field = page.getByRole('searchbox', { name: 'Search conversations' });
    await field.waitFor();
    expect(await isFocused(field)).toBe(true);
    await page.keyboard.type(`${c.participant.name.split(' ')[0]} ${word.slice(0, -1)}`); // the last word as a prefix
    const hit = page.locator(`${ROWS}[data-conversation-id="${c.id}"]`);
    await hit.waitFor();
    expect((await hit.locator('mark').allTextContents()).length).toBeGreaterThan(0);
    expect(await hit.locator('.state-chip').textContent()).toBe('Archived');
    await app.screenshot('search-results');

    // Operators narrow it: is:archived keeps it, is:unread (it was read) drops it.
    await field.fill(`is:archived ${word}`);
    await hit.waitFor();
    await field.fill(`is:unread ${word}`);
    await expect.poll(() => hit.count()).toBe(0);
    await field.fill(`label:nosuchlabel ${word}`);
    await expect.poll(() => page.locator('.search-problem').count()).toBeGreaterThan(0);

    // Enter opens the result at the message that matched.
    await field.fill(`${c.participant.name} ${word}`);
    await hit.waitFor();
    await expect.poll(() => selectedId(app)).toBe(c.id);
    await page.keyboard.press('Enter');
    await page.locator(`[data-thread-id="${c.id}"]`).waitFor();
    await expect.poll(() => page.locator('.message--focus').count()).toBe(1);
    expect(await page.locator('.message--focus').textContent()).toContain(word);

    // Esc steps back: thread closes, then search ends and the inbox is back.
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[data-thread-id]').count()).toBe(0);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('searchbox').count()).toBe(0);
    expect(await page.locator('.pane-title').textContent()).toBe('Inbox');
    expect(app.errors).toEqual([]);
  });

  it('10,000 conversations: only the rows on screen are in the page, and j follows 300 presses (dark theme)', async () => {
    const { dir, cleanup } = tempDataDir('inbox-large-');
    suite.defer(cleanup);
    await seedLargeInbox(dir, { conversations: 10_000, messages: 30_000 });
    const core = await openSeeded(dir);
    suite.defer(() => core.close());
    const app = await suite.bench.open(core, { colorScheme: 'dark' });
    suite.defer(() => app.close());
    const { page } = app;
    await page.locator(ROWS).first().waitFor();
    expect(await page.locator('.pane-subtitle').textContent()).toBe('10,000 conversations');
    expect(await page.locator(ROWS).count()).toBeLessThan(60);
    const order = (await core.listConversations({ view: 'inbox', limit: 400 })).items.map((c) => c.id);

    // The cursor starts on the newest conversation; 300 presses of j later it is on the 301st.
    await expect.poll(() => selectedId(app)).toBe(order[0]);
    for (let i = 0; i < 300; i++) await page.keyboard.press('j');
    await expect.poll(() => selectedId(app)).toBe(order[300]);
    // The cursor row is on screen, inside the list's scroll area.
    const inView = await page.locator(SELECTED).evaluate((row) => {
      const box = row.getBoundingClientRect();
      const pane = row.closest('.list-scroll')!.getBoundingClientRect();
      return box.top >= pane.top - 1 && box.bottom <= pane.bottom + 1;
    });
    expect(inView).toBe(true);
    expect(await page.locator(ROWS).count()).toBeLessThan(60);
    // The dark theme follows the system: a dark page behind light text.
    const [bg, fg] = (await page.evaluate('[getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color]')) as [string, string];
    const light = (rgb: string) => rgb.match(/\d+/g)!.slice(0, 3).map(Number).reduce((a, b) => a + b, 0) / 3;
    expect(light(bg!)).toBeLessThan(60);
    expect(light(fg!)).toBeGreaterThan(180);
    await app.screenshot('large-inbox-dark');

    // Scrolling to the end of what was fetched fetches more, past the core's 1,000 rows per answer.
    const lastIndex = () => page.locator(ROWS).evaluateAll((els) => Math.max(...els.map((el) => Number(el.getAttribute('data-index')))));
    for (let shown = await lastIndex(); shown < 1100; ) {
      await page.locator('.list-scroll').evaluate((el) => (el.scrollTop = el.scrollHeight));
      await expect.poll(lastIndex).toBeGreaterThan(shown);
      shown = await lastIndex();
    }
    const deep = (await core.listConversations({ view: 'inbox', offset: 1000, limit: 300 })).items.map((c) => c.id);
    const drawn = await page.locator(ROWS).evaluateAll((els) => els.map((el) => [Number(el.getAttribute('data-index')), el.getAttribute('data-conversation-id')] as const));
    for (const [index, id] of drawn) if (index >= 1000) expect(id).toBe(deep[index - 1000]);
    expect(await page.locator('.notice').count()).toBe(0);
    expect(app.errors).toEqual([]);
  }, 180_000); // seeds 10,000 conversations and presses j 300 times: a ceiling for a loaded machine, not a wait
});
