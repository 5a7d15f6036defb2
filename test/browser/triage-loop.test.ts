/**
 * The triage loop in a real Chromium against a real core with the demo account: in an open
 * thread, an action that takes the conversation out of the view (e, Shift+E, h, a label that
 * removes it, a bulk action) opens the next conversation, so a pass through the inbox costs one
 * key per conversation. The afterTriage setting picks next, previous or back to the list.
 */
import { describe, expect, it } from 'vitest';
import type { AfterTriage } from '../../src/shared/domain';
import { createCore, MemorySecretStore, type InboxCore } from '../../src/main/core';
import type { BenchPage } from '../support/bench';
import { browserSuite } from '../support/browser-suite';
import { offlineDispatcher, tempDataDir } from '../support/core';

const ROWS = '[role="option"][data-conversation-id]';
const SELECTED = `${ROWS}[aria-selected="true"]`;
const THREAD = '[data-thread-id]';
/** Polls wait this long: the machine running the tests may be busy. */
const WAIT = { timeout: 10_000 };

const suite = browserSuite();

async function demoInbox(afterTriage?: AfterTriage): Promise<{ core: InboxCore; app: BenchPage; inbox: string[] }> {
  const { dir, cleanup } = tempDataDir('inbox-loop-');
  const core = await createCore({ dataDir: dir, secrets: new MemorySecretStore(), dispatcher: offlineDispatcher(), seedDemo: true });
  await core.syncNow();
  if (afterTriage) await core.updateSettings({ afterTriage });
  const app = await suite.bench.open(core);
  suite.defer(cleanup, () => core.close(), () => app.close());
  await app.page.locator(ROWS).first().waitFor();
  const inbox = (await core.listConversations({ view: 'inbox', limit: 100 })).items.map((c) => c.id);
  return { core, app, inbox };
}

const selectedId = (app: BenchPage) => app.page.locator(SELECTED).getAttribute('data-conversation-id');
const ids = async (core: InboxCore, view: 'inbox' | 'archived' | 'snoozed' | `label:${string}`) =>
  (await core.listConversations({ view, limit: 500 })).items.map((c) => c.id);

/** Waits until the thread of `id` is on screen and the list's cursor is on its row (a loaded machine may take seconds). */
async function expectOpen(app: BenchPage, id: string): Promise<void> {
  await app.page.locator(`${THREAD}[data-thread-id="${id}"]`).waitFor({ timeout: 15_000 });
  await app.page.locator(`${SELECTED}[data-conversation-id="${id}"]`).waitFor({ timeout: 15_000 });
}

describe('the triage loop in Chromium', () => {
  it('Enter then e fifty times: fifty conversations archived from the top, each e opening the next one, read', async () => {
    const { core, app, inbox } = await demoInbox();
    const { page } = app;
    expect(inbox.length).toBeGreaterThan(51);
    await page.keyboard.press('Enter');
    await expectOpen(app, inbox[0]!);
    for (let i = 0; i < 50; i++) {
      await page.keyboard.press('e');
      // One key: the conversation below is open, and the cursor is on it.
      await expectOpen(app, inbox[i + 1]!);
    }
    await expect.poll(async () => (await ids(core, 'archived')).sort(), WAIT).toEqual(inbox.slice(0, 50).sort());
    // Every one of them was opened, so every one was read; and so is the one open now.
    const archived = (await core.listConversations({ view: 'archived', limit: 100 })).items;
    expect(archived.filter((c) => c.unreadCount > 0).map((c) => c.id)).toEqual([]);
    await expect.poll(async () => (await core.listConversations({ view: 'inbox', limit: 1 })).items[0], WAIT).toMatchObject({ id: inbox[50], unreadCount: 0 });
    await app.screenshot('triage-loop-after-50');
    expect(app.errors).toEqual([]);
  }, 180_000);

  it('previous: e opens the one above, and at the top the one below', async () => {
    const { core, app, inbox } = await demoInbox('previous');
    const { page } = app;
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('Enter');
    await expectOpen(app, inbox[2]!);
    await page.keyboard.press('e');
    await expectOpen(app, inbox[1]!);
    await page.keyboard.press('e');
    await expectOpen(app, inbox[0]!);
    await page.keyboard.press('e');
    await expectOpen(app, inbox[3]!);
    await expect.poll(async () => (await ids(core, 'archived')).sort(), WAIT).toEqual(inbox.slice(0, 3).sort());
    expect(app.errors).toEqual([]);
  });

  it('Settings → "After archiving or moving": back to the list closes the thread and leaves the cursor on the next row', async () => {
    const { core, app, inbox } = await demoInbox();
    const { page } = app;
    await page.getByRole('button', { name: /Accounts & settings/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Accounts' });
    const group = dialog.getByRole('radiogroup', { name: 'After archiving or moving an open conversation' });
    expect(await group.getByRole('radio', { name: 'Open the next one' }).isChecked()).toBe(true);
    await group.getByRole('radio', { name: 'Go back to the list' }).click();
    await expect.poll(async () => (await core.getSettings()).afterTriage, WAIT).toBe('list');
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count(), WAIT).toBe(0);

    await page.keyboard.press('Enter');
    await expectOpen(app, inbox[0]!);
    await page.keyboard.press('e');
    await expect.poll(() => page.locator(THREAD).count(), WAIT).toBe(0);
    await expect.poll(() => selectedId(app), WAIT).toBe(inbox[1]);
    expect(await ids(core, 'archived')).toEqual([inbox[0]]);
    expect(app.errors).toEqual([]);
  });

  it('z after e brings the archived conversation back and opens it again', async () => {
    const { core, app, inbox } = await demoInbox();
    const { page } = app;
    await page.keyboard.press('Enter');
    await expectOpen(app, inbox[0]!);
    await page.keyboard.press('e');
    await expectOpen(app, inbox[1]!);
    await page.keyboard.press('z');
    await expectOpen(app, inbox[0]!);
    expect(await ids(core, 'archived')).toEqual([]);
    await expect.poll(() => page.locator(`${ROWS}[data-conversation-id="${inbox[0]}"]`).count(), WAIT).toBe(1);
    expect(app.errors).toEqual([]);
  });

  it('Shift+E in Archived moves it back to the inbox and opens the next archived one', async () => {
    const { core, app, inbox } = await demoInbox();
    const { page } = app;
    for (const id of inbox.slice(0, 3)) await core.archive(id);
    // The demo has archived conversations of its own; the three just archived are on top.
    const archived = await ids(core, 'archived');
    expect(archived.slice(0, 3).sort()).toEqual(inbox.slice(0, 3).sort());
    await page.keyboard.press('g');
    await page.keyboard.press('a');
    await page.locator(`${SELECTED}[data-conversation-id="${archived[0]}"]`).waitFor();
    await page.keyboard.press('Enter');
    await expectOpen(app, archived[0]!);
    await page.keyboard.press('Shift+E');
    await expectOpen(app, archived[1]!);
    await expect.poll(async () => ids(core, 'archived'), WAIT).toEqual(archived.slice(1));
    expect(await ids(core, 'inbox')).toContain(archived[0]);
    expect(app.errors).toEqual([]);
  });

  it('h: snoozing the open conversation opens the next one', async () => {
    const { core, app, inbox } = await demoInbox();
    const { page } = app;
    await page.keyboard.press('Enter');
    await expectOpen(app, inbox[0]!);
    await page.keyboard.press('h');
    await page.getByRole('dialog', { name: /^Snooze / }).waitFor();
    await page.keyboard.press('Enter');
    await expectOpen(app, inbox[1]!);
    await expect.poll(() => ids(core, 'snoozed'), WAIT).toEqual([inbox[0]]);
    // The keys work on the newly opened one at once.
    await page.keyboard.press('e');
    await expectOpen(app, inbox[2]!);
    expect(app.errors).toEqual([]);
  });

  it('in a label view: removing the label opens the neighbour; the last one leaves for the empty view', async () => {
    const { core, app, inbox } = await demoInbox();
    const { page } = app;
    const label = await core.createLabel('Hot leads');
    const tagged = inbox.slice(0, 3);
    await core.setLabels(tagged, [label.id], []);
    await page.locator(`[data-view="label:${label.id}"]`).click();
    await expect.poll(() => page.locator(ROWS).count(), WAIT).toBe(3);
    // The last row: next has nothing below, so the one above opens.
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('Enter');
    await expectOpen(app, tagged[2]!);
    await page.keyboard.press('l');
    const picker = page.getByRole('dialog', { name: /^Labels for / });
    await picker.waitFor();
    await page.keyboard.type('Hot leads');
    await page.keyboard.press('Enter');
    await expectOpen(app, tagged[1]!);
    await expect.poll(() => ids(core, `label:${label.id}`), WAIT).toEqual(tagged.slice(0, 2));
    await page.keyboard.press('e');
    await expectOpen(app, tagged[0]!);
    await page.keyboard.press('e');
    // Nothing left in the view: back to the list, which says so.
    await expect.poll(() => page.locator(THREAD).count(), WAIT).toBe(0);
    await page.locator(`[data-empty="label:${label.id}"]`).waitFor();
    expect(app.errors).toEqual([]);
  });

  it('a bulk archive in an open thread opens the first conversation after those it took away', async () => {
    const { core, app, inbox } = await demoInbox();
    const { page } = app;
    await page.keyboard.press('Enter');
    await expectOpen(app, inbox[0]!);
    await page.keyboard.press('x');
    await page.keyboard.press('Shift+J');
    await expect.poll(() => page.locator(`${ROWS}[aria-checked="true"]`).count(), WAIT).toBe(2);
    await page.keyboard.press('e');
    await expectOpen(app, inbox[2]!);
    await expect.poll(async () => (await ids(core, 'archived')).sort(), WAIT).toEqual(inbox.slice(0, 2).sort());
    expect(app.errors).toEqual([]);
  });

  it('search results as the view: e on an open result opens the next result', async () => {
    const { core, app } = await demoInbox();
    const { page } = app;
    const hits = (await core.search('is:inbox', 50)).hits.map((h) => h.conversation.id);
    await page.keyboard.press('/');
    await page.getByRole('searchbox').fill('is:inbox');
    await expect.poll(() => page.locator(`${ROWS}`).first().getAttribute('data-conversation-id'), WAIT).toBe(hits[0]);
    await page.keyboard.press('Escape'); // out of the field: the keys act on the results
    await page.keyboard.press('Enter');
    await expectOpen(app, hits[0]!);
    await page.keyboard.press('e');
    await expectOpen(app, hits[1]!);
    await page.keyboard.press('e');
    await expectOpen(app, hits[2]!);
    await expect.poll(async () => (await ids(core, 'archived')).sort(), WAIT).toEqual(hits.slice(0, 2).sort());
    expect(app.errors).toEqual([]);
  });
});
