/**
 * The demo inbox in a real Chromium: rows, counts, keyboard navigation and archive,
 * against a real core with its demo account (no network needed).
 */
import { Agent } from 'undici';
import { describe, expect, it } from 'vitest';
import { AppError, createCore, MemorySecretStore, type InboxCore } from '../../src/main/core';
import { isFocused, type BenchPage } from '../support/bench';
import { browserSuite } from '../support/browser-suite';
import { tempDataDir } from '../support/core';

const suite = browserSuite();

async function demoInbox(): Promise<{ core: InboxCore; app: BenchPage }> {
  const { dir, cleanup } = tempDataDir('inbox-browser-');
  const agent = new Agent();
  const core = await createCore({ dataDir: dir, secrets: new MemorySecretStore(), dispatcher: agent, seedDemo: true });
  const app = await suite.bench.open(core);
  suite.defer(cleanup, () => agent.close(), () => core.close(), () => app.close());
  await app.page.locator('[role="option"][data-conversation-id]').first().waitFor();
  return { core, app };
}

const ROWS = '[role="option"][data-conversation-id]';
const SELECTED = `${ROWS}[aria-selected="true"]`;
/** A ceiling, not a wait, for the longest tests here: they took over 30 s with the machine at load 20. */
const LONG_TEST_TIMEOUT_MS = 120_000;

/** The number a sidebar entry shows. */
async function sidebarCount(app: BenchPage, view: string): Promise<number> {
  const text = await app.page.locator(`[data-view="${view}"] .count`).textContent();
  return Number((text ?? '').replace(/[^\d]/g, ''));
}

async function selectedId(app: BenchPage): Promise<string | null> {
  return app.page.locator(SELECTED).getAttribute('data-conversation-id');
}

describe('the inbox in Chromium', () => {
  it('renders the demo inbox: rows with name, preview and account chip, and the core’s counts', async () => {
    const { core, app } = await demoInbox();
    // The demo is generated anew each time: its first screen need not hold an unread row, so one is made unread.
    const unread = (await core.listConversations({ view: 'inbox', limit: 2 })).items[1]!.id;
    await core.markUnread(unread);
    await expect.poll(() => app.page.locator(`${ROWS}[data-conversation-id="${unread}"] .unread-dot`).count()).toBe(1);
    const counts = await core.viewCounts();
    const inbox = await core.listConversations({ view: 'inbox', limit: 1000 });
    expect(inbox.total).toBeGreaterThanOrEqual(200);

    await expect.poll(() => sidebarCount(app, 'inbox')).toBe(counts.inbox);
    expect(counts.inbox).toBe(inbox.total);
    expect(await sidebarCount(app, 'needs-reply')).toBe(counts['needs-reply']);
    expect(await sidebarCount(app, 'archived')).toBe(0);
    expect(await app.page.locator('.pane-title').textContent()).toBe('Inbox');

    // Every rendered row has the parts a person scans for, in the core's order.
    const rows = await app.page.locator(ROWS).evaluateAll((els) =>
      els.map((el) => ({
        id: el.getAttribute('data-conversation-id'),
        name: el.querySelector('.row-name')?.textContent ?? '',
        preview: el.querySelector('.row-preview')?.textContent ?? '',
        chip: el.querySelector('.account-chip')?.textContent ?? '',
        time: el.querySelector('time')?.textContent ?? '',
        exact: el.querySelector('time')?.getAttribute('title') ?? '',
        unreadDot: el.querySelector('.unread-dot') !== null,
      })),
    );
    // Virtualized: the rows on screen (and a few around them) are in the page, not all 200+.
    expect(rows.length).toBeGreaterThanOrEqual(8);
    expect(rows.length).toBeLessThan(60);
    rows.forEach((row, i) => {
      const c = inbox.items[i]!;
      expect(row.id).toBe(c.id);
      expect(row.name).toBe(c.participant.name);
      expect(row.preview).toBe((c.lastFromMe ? 'You: ' : '') + c.lastMessageText);
      expect(row.chip).toBe('Demo');
      expect(row.time).toMatch(/^(now|\d+m|\d+h|Yesterday|[A-Z][a-z]{2} \d{1,2}(, \d{4})?)$/);
      expect(row.exact.length).toBeGreaterThan(8);
      expect(row.unreadDot).toBe(c.unreadCount > 0);
    });
    expect(rows.some((r) => r.preview.startsWith('You: '))).toBe(true);
    expect(rows.some((r) => r.unreadDot)).toBe(true);

    // The sidebar lists the account with its provider and state.
    const account = app.page.locator('.account-entry');
    await expect.poll(() => account.count()).toBe(1);
    expect(await account.locator('.account-provider').textContent()).toBe('Demo');
    expect(await account.locator('.account-status').textContent()).toMatch(/^Synced /);

    // Avatars are initials, coloured by name: the same person always gets the same colour.
    const firstAvatar = await app.page.locator(`${ROWS} .avatar`).first().textContent();
    expect(firstAvatar).toMatch(/^\p{Lu}{1,2}$/u);

    await app.screenshot('inbox-demo');
    expect(app.errors).toEqual([]);
  });

  it('moves the selection with j/k, opens with Enter, goes back with Esc', async () => {
    const { core, app } = await demoInbox();
    const { items } = await core.listConversations({ view: 'inbox', limit: 1000 });
    const page = app.page;

    expect(await selectedId(app)).toBe(items[0]!.id);
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    expect(await selectedId(app)).toBe(items[2]!.id);
    await page.keyboard.press('k');
    expect(await selectedId(app)).toBe(items[1]!.id);
    expect(await page.locator(SELECTED).count()).toBe(1);

    // Enter opens the selected conversation, with its messages in order.
    await page.keyboard.press('Enter');
    const thread = page.locator(`[data-thread-id="${items[1]!.id}"]`);
    await thread.waitFor();
    const expected = (await core.openConversation(items[1]!.id)).messages;
    await expect.poll(() => thread.locator('.message').count()).toBe(expected.length);
    const shown = await thread.locator('.message').evaluateAll((els) =>
      els.map((el) => ({ text: el.querySelector('.bubble')?.textContent, mine: el.classList.contains('message--mine') })),
    );
    expect(shown).toEqual(expected.map((m) => ({ text: m.text, mine: m.fromMe })));
    expect(await thread.locator('.thread-name').textContent()).toBe(items[1]!.participant.name);
    await app.screenshot('thread-open');

    // Esc closes it; the selection stays where it was.
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[data-thread-id]').count()).toBe(0);
    expect(await selectedId(app)).toBe(items[1]!.id);

    // `o` opens too.
    await page.keyboard.press('o');
    await page.locator(`[data-thread-id="${items[1]!.id}"]`).waitFor();
    await page.keyboard.press('Escape');

    // Far down the list, the selected row is scrolled into view.
    for (let i = 0; i < 40; i++) await page.keyboard.press('j');
    expect(await selectedId(app)).toBe(items[41]!.id);
    const list = await page.locator('.list-scroll').boundingBox();
    const row = await page.locator(SELECTED).boundingBox();
    expect(row!.y).toBeGreaterThanOrEqual(list!.y - 1);
    expect(row!.y + row!.height).toBeLessThanOrEqual(list!.y + list!.height + 1);
    await app.screenshot('selection-scrolled');
    expect(app.errors).toEqual([]);
  });

  it('archives with e: the row leaves in the same frame, the count drops, the core has it archived', async () => {
    const { core, app } = await demoInbox();
    const page = app.page;
    const { items, total } = await core.listConversations({ view: 'inbox', limit: 1000 });
    await expect.poll(() => sidebarCount(app, 'inbox')).toBe(total);

    await page.keyboard.press('j');
    const target = items[1]!;
    expect(await selectedId(app)).toBe(target.id);

    // Press e and look at the DOM before the next frame is painted.
    const goneBeforePaint = await page.evaluate(`new Promise((done) => {
      document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'e', bubbles: true, cancelable: true }));
      requestAnimationFrame(() => done(document.querySelector('[data-conversation-id="${target.id}"]') === null));
    })`);
    expect(goneBeforePaint).toBe(true);
    expect(await sidebarCount(app, 'inbox')).toBe(total - 1);
    // The selection moves on to the next row.
    expect(await selectedId(app)).toBe(items[2]!.id);

    await expect.poll(async () => (await core.listConversations({ view: 'archived' })).items.map((c) => c.id)).toContain(target.id);
    expect((await core.viewCounts()).inbox).toBe(total - 1);
    // After the core's change event the list agrees, and the row has not come back.
    await expect.poll(() => sidebarCount(app, 'archived')).toBe(1);
    expect(await sidebarCount(app, 'inbox')).toBe(total - 1);
    expect(await page.locator(`[data-conversation-id="${target.id}"]`).count()).toBe(0);
    await app.screenshot('archived-row');

    // In the reply box, j and e are text, not commands.
    await page.keyboard.press('r');
    const composer = page.getByRole('textbox', { name: 'Reply' });
    await expect.poll(() => isFocused(composer)).toBe(true);
    await page.keyboard.type('je');
    expect(await composer.inputValue()).toBe('je');
    expect(await selectedId(app)).toBe(items[2]!.id);
    expect(await page.locator(`[data-conversation-id="${items[2]!.id}"]`).count()).toBe(1);
    expect(await sidebarCount(app, 'inbox')).toBe(total - 1);
    expect((await core.listConversations({ view: 'archived' })).total).toBe(1);
    await app.screenshot('composer-typing');

    // Esc leaves the reply box, a second Esc closes the thread.
    await page.keyboard.press('Escape');
    expect(await isFocused(composer)).toBe(false);
    expect(await page.locator('[data-thread-id]').count()).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[data-thread-id]').count()).toBe(0);

    // The archived view shows it, and Shift+E brings it back.
    await page.locator('[data-view="archived"]').click();
    await page.locator(`[data-conversation-id="${target.id}"]`).waitFor();
    await page.keyboard.press('Shift+E');
    await expect.poll(() => page.locator('[data-empty="archived"]').count()).toBe(1);
    await expect.poll(async () => (await core.viewCounts()).inbox).toBe(total);
    expect(app.errors).toEqual([]);
  }, LONG_TEST_TIMEOUT_MS);

  it('restores an archived row and says why when the core refuses', async () => {
    const { core, app } = await demoInbox();
    const page = app.page;
    const { items, total } = await core.listConversations({ view: 'inbox', limit: 5 });
    // The core refuses, as it does when the conversation left the cache behind the app's back.
    const target = items[0]!;
    const realArchive = core.archive.bind(core);
    core.archive = async () => {
      throw new AppError('not-found', 'That conversation is no longer in the cache.');
    };
    suite.defer(() => void (core.archive = realArchive));

    await page.keyboard.press('e');
    await page.getByRole('alert').filter({ hasText: 'That conversation is no longer in the cache.' }).waitFor();
    await expect.poll(() => page.locator(`[data-conversation-id="${target.id}"]`).count()).toBe(1);
    expect(await selectedId(app)).toBe(target.id);
    await expect.poll(() => sidebarCount(app, 'inbox')).toBe(total);
    await app.screenshot('archive-failed');
    expect(app.errors).toEqual([]);
  });
});
