/**
 * Triage in a real Chromium against a real core (real clock, real scheduler) and the loopback
 * ReactIn simulator: labels (picker, chips, split-inbox tabs, Settings), snooze with a note
 * that comes back as a reminder with a notification, smart archive that returns when they
 * reply, read state, undo (z) of each of these and of a send, and keys that stay text in the
 * reply box.
 */
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/main/core';
import { isFocused, type BenchPage } from '../support/bench';
import { browserSuite } from '../support/browser-suite';
import { answeredInPage, RECORD_ANSWERS_SCRIPT } from '../support/page-answers';
import { localId, reactInWorld, type ReactInWorld } from '../support/reactin-core';

const ROWS = '[role="option"][data-conversation-id]';
const SELECTED = `${ROWS}[aria-selected="true"]`;

interface Shown {
  title: string;
  body: string;
  conversationId?: string;
}

const suite = browserSuite();

/** A ReactIn account synced once on the real clock, with a notifier that records what a person would see; the app open on it. */
async function setup(opts: { conversations: number; colorScheme?: 'light' | 'dark'; start?: boolean }) {
  const shown: Shown[] = [];
  const world: ReactInWorld = await reactInWorld({ conversations: opts.conversations, clock: systemClock, notifier: { notify: (n) => shown.push(n) } });
  suite.defer(() => world.dispose());
  for (const c of world.sim.conversations) world.sim.setDisconnected(c.id, false);
  await world.core.syncNow(world.accountId);
  // The scheduler (snoozes coming due) and the outbox worker run only in a started core.
  if (opts.start) world.core.start();
  const app = await suite.bench.open(world.core, { colorScheme: opts.colorScheme, initScript: RECORD_ANSWERS_SCRIPT });
  suite.defer(() => app.close());
  const inbox = (await world.core.viewCounts()).inbox!;
  await expect.poll(() => app.page.locator(ROWS).count()).toBe(inbox);
  return { world, core: world.core, app, page: app.page, shown, inbox };
}

const row = (app: BenchPage, id: string) => app.page.locator(`${ROWS}[data-conversation-id="${id}"]`);

async function selectedId(app: BenchPage): Promise<string> {
  const id = await app.page.locator(SELECTED).getAttribute('data-conversation-id');
  expect(id).not.toBeNull();
  return id!;
}

async function rowIds(app: BenchPage): Promise<string[]> {
  return app.page.locator(ROWS).evaluateAll((els) => els.map((el) => el.getAttribute('data-conversation-id') ?? ''));
}

/** The number a sidebar entry shows. */
async function sidebarCount(app: BenchPage, view: string): Promise<number> {
  const text = await app.page.locator(`[data-view="${view}"] .count`).textContent();
  return Number((text ?? '').replace(/[^\d]/g, ''));
}

/** Presses k until the first row is selected. */
async function toTop(app: BenchPage): Promise<void> {
  const ids = await rowIds(app);
  for (let at = ids.indexOf(await selectedId(app)); at > 0; at--) await app.page.keyboard.press('k');
}

const toastText = (app: BenchPage) => app.page.locator('.toast .toast-text').textContent();

async function openSettings(app: BenchPage) {
  await app.page.getByRole('button', { name: /Accounts & settings/ }).click();
  const dialog = app.page.getByRole('dialog', { name: 'Accounts' });
  await dialog.waitFor();
  return dialog;
}

describe('triage in Chromium', () => {
  it('labels: l creates and applies one, fuzzy typing toggles it off, Settings pins it as a tab; Tab and Shift+Tab switch tabs', async () => {
    const { core, app, page, inbox } = await setup({ conversations: 6 });
    const first = await selectedId(app);

    // l opens the picker over the selected row, its field focused; there are no labels yet.
    await page.keyboard.press('l');
    const picker = page.getByRole('dialog', { name: /^Labels for / });
    await picker.waitFor();
    const field = picker.getByRole('combobox', { name: 'Label name' });
    expect(await isFocused(field)).toBe(true);
    expect(await picker.locator('.picker-empty').textContent()).toBe('No labels yet — type a name to create one.');

    // A name that does not exist is offered for creation; Enter creates it and puts it on the row.
    await page.keyboard.type('Hiring pipeline');
    const create = picker.getByRole('option', { name: 'Create label “Hiring pipeline”' });
    await create.waitFor();
    expect(await create.getAttribute('class')).toContain('picker-option--active');
    await app.screenshot('triage-label-create');
    await page.keyboard.press('Enter');
    await expect.poll(() => picker.count()).toBe(0);
    await expect.poll(() => row(app, first).locator('.label-chip').allTextContents()).toEqual(['Hiring pipeline']);
    expect(await toastText(app)).toBe('Labelled “Hiring pipeline”');
    const [hiring] = await core.listLabels();
    expect(hiring).toMatchObject({ name: 'Hiring pipeline', pinned: false });
    await expect.poll(async () => (await core.listConversations({ view: `label:${hiring!.id}` })).items.map((c) => c.id)).toEqual([first]);
    // The sidebar lists it under Labels, with its count.
    await expect.poll(() => sidebarCount(app, `label:${hiring!.id}`)).toBe(1);
    expect(await page.locator('.sidebar-heading').allTextContents()).toEqual(['Labels', 'Accounts']);

    // The next row gets it too, found by a few letters in order ("hpl" → Hiring PipeLine).
    await page.keyboard.press('j');
    const second = await selectedId(app);
    expect(second).not.toBe(first);
    await page.keyboard.press('l');
    await picker.waitFor();
    await page.keyboard.type('hpl');
    const option = picker.getByRole('option', { name: 'Hiring pipeline' });
    expect(await option.getAttribute('aria-selected')).toBe('false'); // unchecked: this one does not have it
    expect(await picker.getByRole('option').allTextContents()).toEqual(['Hiring pipeline', 'Create label “hpl”']);
    await page.keyboard.press('Enter');
    await expect.poll(() => row(app, second).locator('.label-chip').allTextContents()).toEqual(['Hiring pipeline']);

    // Back on the first row: part of the name finds it, checked; Enter takes it off.
    await page.keyboard.press('k');
    expect(await selectedId(app)).toBe(first);
    await page.keyboard.press('l');
    await picker.waitFor();
    await page.keyboard.type('pipe');
    expect(await picker.getByRole('option').allTextContents()).toEqual(['Hiring pipeline', 'Create label “pipe”']);
    expect(await option.getAttribute('class')).toContain('picker-option--active'); // the best match is highlighted
    expect(await option.getAttribute('aria-selected')).toBe('true');
    expect(await option.locator('.picker-check').getAttribute('data-state')).toBe('all');
    await app.screenshot('triage-label-picker-checked');
    await page.keyboard.press('Enter');
    await expect.poll(() => row(app, first).locator('.label-chip').count()).toBe(0);
    expect(await toastText(app)).toBe('Removed “Hiring pipeline”');
    await expect.poll(async () => (await core.listConversations({ view: `label:${hiring!.id}` })).items.map((c) => c.id)).toEqual([second]);

    // Esc closes the picker without changing anything; the inbox keys work again at once.
    await page.keyboard.press('l');
    await picker.waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => picker.count()).toBe(0);
    await page.keyboard.press('j');
    expect(await selectedId(app)).toBe(second);
    expect(await page.getByRole('tablist').count()).toBe(0);

    // Settings: show it as a tab, and recolour it.
    const dialog = await openSettings(app);
    const labelRow = dialog.locator(`.label-row[data-label-id="${hiring!.id}"]`);
    await labelRow.getByRole('switch', { name: 'Show Hiring pipeline as a tab' }).click();
    await labelRow.getByRole('status').filter({ hasText: 'Shown as a tab above the inbox.' }).waitFor();
    await labelRow.getByRole('radio', { name: 'violet' }).click();
    await labelRow.getByRole('status').filter({ hasText: 'Colour: violet.' }).waitFor();
    expect(await core.listLabels()).toMatchObject([{ id: hiring!.id, pinned: true, color: 'violet' }]);
    await app.screenshot('triage-settings-labels');
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);

    // The tab is there, after Inbox, with its count; the row's chip took the new colour.
    const tabs = page.getByRole('tablist', { name: 'Split inbox' }).getByRole('tab');
    await expect.poll(() => tabs.allTextContents()).toEqual([`Inbox${inbox}`, 'Hiring pipeline1']);
    expect(await tabs.nth(0).getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => row(app, second).locator('.label-chip').getAttribute('data-label-color')).toBe('violet');

    // Tab: the label's tab, only its rows; Shift+Tab: back to the inbox with every row.
    await page.keyboard.press('Tab');
    await expect.poll(() => tabs.nth(1).getAttribute('aria-selected')).toBe('true');
    expect(await page.locator('.pane-title').textContent()).toBe('Hiring pipeline');
    await expect.poll(() => rowIds(app)).toEqual([second]);
    await app.screenshot('triage-split-tab');
    await page.keyboard.press('Shift+Tab');
    await expect.poll(() => tabs.nth(0).getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => page.locator(ROWS).count()).toBe(inbox);
    expect(await page.locator('.pane-title').textContent()).toBe('Inbox');
    // Tab wraps around the tabs.
    await page.keyboard.press('Shift+Tab');
    await expect.poll(() => page.locator('.pane-title').textContent()).toBe('Hiring pipeline');

    // Deleted in Settings (after a confirmation): its tab and chips go, the view is the inbox again.
    const again = await openSettings(app);
    await again.getByRole('button', { name: 'Delete label Hiring pipeline' }).click();
    const confirm = again.getByRole('alertdialog', { name: 'Delete label Hiring pipeline' });
    await confirm.getByRole('button', { name: 'Delete label' }).click();
    await expect.poll(async () => (await core.listLabels()).length).toBe(0);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('.pane-title').textContent()).toBe('Inbox');
    await expect.poll(() => page.getByRole('tablist').count()).toBe(0);
    await expect.poll(() => page.locator(`${ROWS} .label-chip`).count()).toBe(0);
    expect(app.errors).toEqual([]);
  });

  it('snooze: h with a typed time and a note; the row waits under Snoozed, then comes back on top as a reminder with a notification', async () => {
    const { core, app, page, shown } = await setup({ conversations: 5, start: true });
    await page.keyboard.press('j');
    const target = await selectedId(app);
    const name = (await row(app, target).locator('.row-name').textContent())!;
    expect((await rowIds(app))[0]).not.toBe(target);

    await page.keyboard.press('h');
    const picker = page.getByRole('dialog', { name: `Snooze ${name}` });
    await picker.waitFor();
    const when = picker.getByRole('textbox', { name: 'Snooze until' });
    expect(await isFocused(when)).toBe(true);
    expect(await picker.locator('[data-preset]').evaluateAll((els) => els.map((el) => el.getAttribute('data-preset')))).toEqual(
      expect.arrayContaining(['later-today', 'tomorrow', 'next-week']),
    );
    // The core reads the time as it is typed, and says so when it cannot.
    await page.keyboard.type('whenever');
    await expect.poll(() => picker.locator('.snooze-status').textContent()).toMatch(/^“whenever” is not a time this app can read/);
    await when.fill('');
    await page.keyboard.type('in 3 seconds');
    await expect.poll(() => picker.locator('.snooze-status').textContent()).toMatch(/^Until /);
    await page.keyboard.press('Tab');
    expect(await isFocused(picker.getByRole('textbox', { name: 'Note (optional)' }))).toBe(true);
    await page.keyboard.type('Call back');
    await app.screenshot('triage-snooze-picker');
    await page.keyboard.press('Enter');

    // It leaves the inbox at once and waits under Snoozed, with its wake time and note.
    await expect.poll(() => row(app, target).count()).toBe(0);
    expect(await toastText(app)).toMatch(/^Snoozed until /);
    await expect.poll(() => sidebarCount(app, 'snoozed')).toBe(1);
    const snoozed = (await core.listConversations({ view: 'snoozed' })).items;
    expect(snoozed.map((c) => [c.id, c.snoozeNote])).toEqual([[target, 'Call back']]);
    await page.locator('[data-view="snoozed"]').click();
    await row(app, target).waitFor();
    expect(await row(app, target).locator('.row-time').textContent()).toMatch(/^Until \d{1,2}:\d{2}/);
    expect(await row(app, target).locator('.row-preview').textContent()).toBe('Note: Call back');
    await app.screenshot('triage-snoozed-view');
    await page.locator('[data-view="inbox"]').click();
    await expect.poll(() => page.locator('.pane-title').textContent()).toBe('Inbox');

    // When it is due: one notification with the note, and the row is back on top as a reminder.
    await expect.poll(() => shown, { timeout: 10_000 }).toEqual([{ title: `Reminder: ${name}`, body: 'Call back', conversationId: target }]);
    await expect.poll(async () => (await rowIds(app))[0]).toBe(target);
    expect(await row(app, target).locator('.row-reminder').textContent()).toBe('Reminder');
    expect(await row(app, target).locator('.row-reminder-note').textContent()).toBe('Call back');
    expect(await sidebarCount(app, 'snoozed')).toBe(0);
    await app.screenshot('triage-reminder-row');

    // Opening shows the note on top of the thread and keeps the reminder; Dismiss clears it.
    await toTop(app);
    expect(await selectedId(app)).toBe(target);
    await page.keyboard.press('Enter');
    const banner = page.getByRole('note', { name: 'Reminder' });
    await banner.waitFor();
    expect(await banner.locator('.reminder-note').textContent()).toBe('Call back');
    expect((await core.listConversations({ view: 'inbox', limit: 1 })).items[0]!.reminder).toMatchObject({ note: 'Call back' });
    await app.screenshot('triage-reminder-thread');
    await banner.getByRole('button', { name: 'Dismiss reminder' }).click();
    await expect.poll(() => banner.count()).toBe(0);
    await expect.poll(async () => (await core.listConversations({ view: 'inbox', limit: 100 })).items.find((c) => c.id === target)!.reminder).toBeNull();
    await expect.poll(() => row(app, target).locator('.row-reminder').count()).toBe(0);
    expect(shown).toHaveLength(1);
    expect(app.errors).toEqual([]);
  });

  it('smart archive: an archived conversation comes back on top when they reply; no notification for the one on screen', async () => {
    const { world, core, app, page, shown } = await setup({ conversations: 5 });
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    const target = await selectedId(app);
    // The screen shows the cursor where the keys put it, on the third row (first-reads.test.ts has why).
    expect((await rowIds(app)).indexOf(target)).toBe(2);
    const remote = world.sim.conversations.find((c) => localId(world, c.id) === target)!;

    await page.keyboard.press('e');
    await expect.poll(() => row(app, target).count()).toBe(0);
    expect(await toastText(app)).toBe('Archived');
    expect(await page.locator('.toast').getByRole('button', { name: /Undo/ }).textContent()).toBe('Undo z');
    await expect.poll(async () => (await core.listConversations({ view: 'archived' })).items.map((c) => c.id)).toEqual([target]);

    world.sim.addInboundMessage(remote.id, 'Are you free on Thursday?', Date.now() + 1_000);
    await core.syncNow(world.accountId);
    await expect.poll(async () => (await rowIds(app))[0]).toBe(target);
    expect(await row(app, target).locator('.row-preview').textContent()).toBe('Are you free on Thursday?');
    expect(await row(app, target).locator('.unread-dot').count()).toBe(1);
    expect((await core.listConversations({ view: 'archived' })).total).toBe(0);
    expect(shown.map((n) => n.conversationId)).toEqual([target]);
    await app.screenshot('triage-smart-archive-back');

    // Open on screen: its next message does not notify; closed again, the one after does.
    await toTop(app);
    expect(await selectedId(app)).toBe(target);
    await page.keyboard.press('Enter');
    await page.locator(`[data-thread-id="${target}"] .message`).filter({ hasText: 'Are you free on Thursday?' }).waitFor();
    world.sim.addInboundMessage(remote.id, 'I am reading along', Date.now() + 2_000);
    await core.syncNow(world.accountId);
    await page.locator(`[data-thread-id="${target}"] .message`).filter({ hasText: 'I am reading along' }).waitFor();
    expect(shown).toHaveLength(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[data-thread-id]').count()).toBe(0);
    // The renderer tells the core the thread closed; only then does a new message notify.
    await expect.poll(async () => (await answeredInPage(app, 'setActiveConversation')).lastArgs).toEqual([null]);
    world.sim.addInboundMessage(remote.id, 'Hello again', Date.now() + 3_000);
    await core.syncNow(world.accountId);
    expect(shown.map((n) => [n.conversationId, n.body])).toEqual([
      [target, 'Are you free on Thursday?'],
      [target, 'Hello again'],
    ]);
    expect(app.errors).toEqual([]);
  });

  it('undo: z reverses archive, read state and a label; a send undone in its window puts the text back and never reaches ReactIn (dark)', async () => {
    const { world, core, app, page, inbox } = await setup({ conversations: 5, colorScheme: 'dark', start: true });
    const first = await selectedId(app);

    // e, then z: the row is back, selected, in the core's inbox too.
    await page.keyboard.press('e');
    await expect.poll(() => row(app, first).count()).toBe(0);
    await page.keyboard.press('z');
    await row(app, first).waitFor();
    expect(await toastText(app)).toBe('Archive undone');
    await expect.poll(() => selectedId(app)).toBe(first);
    await expect.poll(async () => (await core.viewCounts()).inbox).toBe(inbox);

    // u: bold and the dot change in the same frame as the key; z puts them back.
    const unreadBefore = (await row(app, first).locator('.unread-dot').count()) === 1;
    const flippedBeforePaint = await page.evaluate(`new Promise((done) => {
      document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'u', bubbles: true, cancelable: true }));
      requestAnimationFrame(() => done(document.querySelector('[data-conversation-id="${first}"] .unread-dot') !== null));
    })`);
    expect(flippedBeforePaint).toBe(!unreadBefore);
    expect((await row(app, first).getAttribute('class'))!.split(' ').includes('row--unread')).toBe(!unreadBefore);
    expect(await toastText(app)).toBe(unreadBefore ? 'Marked as read' : 'Marked as unread');
    await expect.poll(async () => (await core.listConversations({ view: 'inbox', limit: 100 })).items.find((c) => c.id === first)!.unreadCount > 0).toBe(!unreadBefore);
    await page.keyboard.press('z');
    await expect.poll(() => row(app, first).locator('.unread-dot').count()).toBe(unreadBefore ? 1 : 0);
    expect(await toastText(app)).toBe(unreadBefore ? 'Mark as read undone' : 'Mark as unread undone');
    await expect.poll(async () => (await core.listConversations({ view: 'inbox', limit: 100 })).items.find((c) => c.id === first)!.unreadCount > 0).toBe(unreadBefore);

    // A label toggle, then z: the chip goes again.
    await core.createLabel('Follow up', 'teal');
    await page.keyboard.press('l');
    const picker = page.getByRole('dialog', { name: /^Labels for / });
    await picker.getByRole('option', { name: 'Follow up' }).waitFor();
    await page.keyboard.type('fu');
    await page.keyboard.press('Enter');
    await expect.poll(() => row(app, first).locator('.label-chip').allTextContents()).toEqual(['Follow up']);
    await app.screenshot('triage-label-chip-dark');
    await page.keyboard.press('z');
    await expect.poll(() => row(app, first).locator('.label-chip').count()).toBe(0);
    expect(await toastText(app)).toBe('Label change undone');
    const [followUp] = await core.listLabels();
    expect((await core.listConversations({ view: `label:${followUp!.id}` })).total).toBe(0);

    // The undo window for sending, chosen in Settings: 5 seconds.
    const dialog = await openSettings(app);
    await dialog.getByLabel('Undo send window').selectOption('5');
    await dialog.getByRole('status').filter({ hasText: 'Saved — 5 seconds to undo.' }).waitFor();
    expect((await core.getSettings()).undoSendSeconds).toBe(5);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);

    // A reply sent with Ctrl+Enter waits in its window; z takes it back into the composer.
    const remote = world.sim.conversations.find((c) => localId(world, c.id) === first)!;
    await page.keyboard.press('r');
    const composer = page.getByRole('textbox', { name: 'Reply' });
    await expect.poll(() => isFocused(composer)).toBe(true);
    const oops = 'Sorry, wrong person — please ignore';
    await composer.pressSequentially(oops);
    await page.keyboard.press('Control+Enter');
    await page.locator('.message--mine').filter({ hasText: oops }).waitFor();
    await expect.poll(() => toastText(app)).toMatch(/^Sending in [1-5] s$/);
    expect(await composer.inputValue()).toBe('');
    expect(await isFocused(composer)).toBe(false);
    await app.screenshot('triage-undo-send-dark');
    await page.keyboard.press('z');
    await expect.poll(() => composer.inputValue()).toBe(oops);
    expect(await toastText(app)).toBe('Sending cancelled');
    await expect.poll(() => isFocused(composer)).toBe(true);
    await expect.poll(() => page.locator('.message--mine').filter({ hasText: oops }).count()).toBe(0);
    expect(core.outboxEntries().filter((e) => e.status === 'pending')).toEqual([]);

    // Corrected and sent again: that one goes out when its window ends, and only that one.
    await composer.fill('Thanks — talk on Thursday!');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => world.sim.sent.map((s) => s.content), { timeout: 12_000 }).toEqual(['Thanks — talk on Thursday!']);
    expect(world.sim.sent[0]!.conversationId).toBe(remote.id);
    expect(app.errors).toEqual([]);
  });

  it('l, h, u and z typed in the reply box are text, not commands', async () => {
    const { core, app, page, inbox } = await setup({ conversations: 4 });
    await core.createLabel('Pinned', 'blue').then((l) => core.updateLabel(l.id, { pinned: true }));
    await page.getByRole('tablist', { name: 'Split inbox' }).waitFor();
    const first = await selectedId(app);
    await page.keyboard.press('r');
    const composer = page.getByRole('textbox', { name: 'Reply' });
    await expect.poll(() => isFocused(composer)).toBe(true);
    const before = await core.listConversations({ view: 'all', limit: 100 });

    await page.keyboard.type('lhuz LHUZ');
    expect(await composer.inputValue()).toBe('lhuz LHUZ');
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(await page.locator('.toast').count()).toBe(0);
    expect(await page.locator('.pane-title').textContent()).toBe('Inbox');
    expect(await page.locator(ROWS).count()).toBe(inbox);
    expect(await selectedId(app)).toBe(first);
    expect(await core.listConversations({ view: 'all', limit: 100 })).toEqual(before);
    expect(await core.undo()).toBeNull(); // nothing was done that could be undone
    await app.screenshot('triage-composer-typing');

    // Esc leaves the box; now the same keys are commands again.
    await page.keyboard.press('Escape');
    expect(await isFocused(composer)).toBe(false);
    await page.keyboard.press('h');
    await page.getByRole('dialog', { name: /^Snooze / }).waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    expect(await composer.inputValue()).toBe('lhuz LHUZ');
    expect(app.errors).toEqual([]);
  });
});
