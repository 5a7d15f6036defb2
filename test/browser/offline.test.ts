/**
 * Offline, undelivered replies and the polling setting, in a real Chromium against a real
 * core and the loopback ReactIn simulator: what a person sees when the provider cannot be
 * reached (the cache keeps working, replies wait visibly), what they can do about a reply
 * that was not sent (Retry, Discard after an inline confirmation), and how often the app
 * checks for messages.
 */
import { Agent } from 'undici';
import { describe, expect, it } from 'vitest';
import { createCore, MemorySecretStore, type InboxCore } from '../../src/main/core';
import { invalidInput } from '../../src/main/core/errors';
import type { AppSettings } from '../../src/shared/domain';
import type { SimConversation } from '../simulators/reactin';
import { isFocused, type BenchPage } from '../support/bench';
import { browserSuite } from '../support/browser-suite';
import { VirtualClock } from '../support/clock';
import { tempDataDir } from '../support/core';
import { reactInWorld, type ReactInWorld } from '../support/reactin-core';

const ROWS = '[role="option"][data-conversation-id]';
const BANNER_TEXT = 'Offline — showing what was cached. Replies wait and go out when the connection returns.';

const suite = browserSuite();

interface Setup {
  world: ReactInWorld;
  core: InboxCore;
  clock: VirtualClock;
  app: BenchPage;
}

/** A ReactIn account synced once, the app open on it with every row on screen. */
async function setup(opts: { conversations: number; colorScheme?: 'light' | 'dark' }): Promise<Setup> {
  const clock = new VirtualClock(Date.now(), { autoAdvance: true });
  const world = await reactInWorld({ conversations: opts.conversations, clock });
  suite.defer(() => world.dispose());
  for (const c of world.sim.conversations) world.sim.setDisconnected(c.id, false);
  await world.core.syncNow(world.accountId);
  const app = await suite.bench.open(world.core, { colorScheme: opts.colorScheme });
  suite.defer(() => app.close());
  const inbox = (await world.core.viewCounts()).inbox!;
  expect(inbox).toBe(opts.conversations);
  await expect.poll(() => app.page.locator(ROWS).count()).toBe(inbox);
  return { world, core: world.core, clock, app };
}

/** What the outbox worker does when a reply is due: a minute later (past any undo window), deliver. */
async function deliver(s: Setup): Promise<void> {
  s.clock.advance(60_000);
  await s.core.deliverOutbox();
}

function newestFirst(conversations: SimConversation[]): SimConversation[] {
  return [...conversations].filter((c) => c.messages.length > 0).sort((a, b) => b.messages[0]!.timestamp - a.messages[0]!.timestamp);
}

/** Presses j / k until the row showing `name` is selected. */
async function selectByKeys(app: BenchPage, name: string): Promise<void> {
  const names = await app.page.locator(`${ROWS} .row-name`).allTextContents();
  const want = names.indexOf(name);
  expect(want).toBeGreaterThanOrEqual(0);
  const selected = await app.page.locator(`${ROWS}[aria-selected="true"] .row-name`).textContent();
  let at = selected === null ? 0 : names.indexOf(selected);
  while (at < want) {
    await app.page.keyboard.press('j');
    at++;
  }
  while (at > want) {
    await app.page.keyboard.press('k');
    at--;
  }
  await expect.poll(() => app.page.locator(`${ROWS}[aria-selected="true"] .row-name`).textContent()).toBe(name);
}

/** Opens the conversation with r and types a reply into the box, then sends it with Ctrl+Enter. */
async function replyByKeys(app: BenchPage, name: string, text: string): Promise<void> {
  await selectByKeys(app, name);
  await app.page.keyboard.press('r');
  const composer = app.page.getByRole('textbox', { name: 'Reply' });
  await expect.poll(() => isFocused(composer)).toBe(true);
  expect(await app.page.locator('.thread-name').textContent()).toBe(name);
  await composer.pressSequentially(text);
  await app.page.keyboard.press('Control+Enter');
  await app.page.locator('.message--mine').filter({ hasText: text }).waitFor();
  expect(await composer.inputValue()).toBe('');
}

async function archivedTotal(core: InboxCore): Promise<number> {
  return (await core.listConversations({ view: 'archived' })).total;
}

describe('offline and undelivered replies in Chromium', () => {
  it('offline: a slim banner, the cached inbox still opens, a reply waits visibly and nothing reaches ReactIn', async () => {
    const s = await setup({ conversations: 5 });
    const { world, core, app } = s;
    const { sim } = world;
    const page = app.page;
    const banner = page.locator('[data-banner="offline"]');
    const entry = page.locator(`.account-entry[data-view="account:${world.accountId}"]`);
    expect(await banner.count()).toBe(0);
    expect(await entry.locator('.account-status').textContent()).toMatch(/^Synced /);

    // A sync on its way: the account's dot turns into a spinner; the sentence does not flicker.
    sim.injectFault({ hangMs: 1_500 });
    const running = core.syncNow(world.accountId);
    await expect.poll(() => entry.getAttribute('data-syncing')).toBe('true');
    expect(await entry.locator('.status-dot--syncing').count()).toBe(1);
    expect(await entry.locator('.account-status').textContent()).toMatch(/^Synced /);
    await app.screenshot('account-syncing');
    await running;
    await expect.poll(() => entry.getAttribute('data-syncing')).toBeNull();
    expect(await entry.locator('.status-dot--ok').count()).toBe(1);

    // The connection goes. "Sync now" on the accounts screen fails, and the account says why.
    const cached = await page.locator(`${ROWS} .row-name`).allTextContents();
    await sim.close();
    const requestsWhenClosed = sim.requests.length;
    await page.getByRole('button', { name: /Accounts & settings/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Accounts' });
    const card = dialog.locator(`[data-account-id="${world.accountId}"]`);
    await card.getByRole('button', { name: 'Sync now' }).click();
    await expect.poll(() => card.locator('.account-status').textContent()).toMatch(/^Cannot reach ReactIn — you may be offline\. It will be retried\./);
    expect((await core.listAccounts())[0]!.status.state).toBe('offline');
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);

    // Every account is offline: the banner says so, calmly, over the list that is still there.
    await banner.waitFor();
    expect(await banner.locator('.offline-text').textContent()).toBe(BANNER_TEXT);
    expect(await entry.locator('.account-status').textContent()).toBe('Cannot reach ReactIn — you may be offline. It will be retried.');
    expect(await entry.locator('.status-dot--offline').count()).toBe(1);
    expect(await page.locator(`${ROWS} .row-name`).allTextContents()).toEqual(cached);

    // "Try again" tries, fails the same way, and the banner stays.
    await banner.getByRole('button', { name: 'Try again' }).click();
    await expect.poll(() => banner.getByRole('button', { name: 'Try again' }).count()).toBe(1);
    expect(await banner.isVisible()).toBe(true);

    // The cache opens threads with their messages.
    const target = newestFirst(sim.conversations)[1]!;
    await selectByKeys(app, target.name);
    await page.keyboard.press('Enter');
    await page.locator('.thread-name').filter({ hasText: target.name }).waitFor();
    expect(await page.locator('.message').count()).toBeGreaterThan(0);
    expect(await page.locator('.message .bubble').allTextContents()).toContain(target.messages[0]!.text);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[data-thread-id]').count()).toBe(0);

    // A reply typed now is queued and says it is waiting, in the thread and on the row.
    const text = 'Sent from the train — I will confirm Thursday once I have signal.';
    expect(await page.locator('.composer-note').count()).toBe(0);
    await replyByKeys(app, target.name, text);
    expect(await page.locator('.composer-note').textContent()).toBe('ReactIn can’t be reached right now: a reply waits and goes out when the connection returns.');
    const mine = page.locator('.message--mine').filter({ hasText: text });
    expect(await mine.getAttribute('data-status')).toBe('pending');
    expect(await mine.locator('.message-status').textContent()).toBe(' · Waiting to send — it goes out when the connection returns.');
    const row = page.locator(`${ROWS}[aria-selected="true"]`);
    await expect.poll(() => row.locator('.row-preview').textContent()).toBe(`Waiting to send · You: ${text}`);

    // The outbox tries: the connection is still gone, so the reply keeps waiting.
    await deliver(s);
    expect(sim.sent).toEqual([]);
    expect(sim.requests.length).toBe(requestsWhenClosed);
    const entries = core.outboxEntries();
    expect(entries).toHaveLength(1);
    expect(entries[0]!.status).not.toBe('done');
    expect(entries[0]!.status).not.toBe('failed');
    expect(await mine.getAttribute('data-status')).toBe('pending');
    expect(await banner.isVisible()).toBe(true);
    await app.screenshot('offline-banner');

    // A waiting reply can be discarded. The confirmation is inline, and Keep has the cursor.
    await mine.getByRole('button', { name: 'Discard' }).click();
    const confirm = mine.getByRole('alertdialog', { name: 'Discard this reply' });
    await confirm.waitFor();
    expect(await confirm.locator('p').textContent()).toBe('Discard this reply? It will never be sent.');
    await expect.poll(() => isFocused(confirm.getByRole('button', { name: 'Keep' }))).toBe(true);
    await app.screenshot('offline-discard-confirm');

    // Letters typed there do nothing: e does not archive the conversation, j does not move on.
    await page.keyboard.press('e');
    await page.keyboard.press('j');
    expect(await archivedTotal(core)).toBe(0);
    expect(await page.locator('.thread-name').textContent()).toBe(target.name);
    expect(await confirm.isVisible()).toBe(true);

    // Esc keeps the reply (and leaves the thread open); the cursor is back on Discard.
    await page.keyboard.press('Escape');
    await expect.poll(() => confirm.count()).toBe(0);
    expect(await page.locator('.thread-name').textContent()).toBe(target.name);
    expect(await isFocused(mine.getByRole('button', { name: 'Discard' }))).toBe(true);
    expect(await mine.getAttribute('data-status')).toBe('pending');

    // Enter on Discard asks again; this time the reply goes for good.
    await page.keyboard.press('Enter');
    await confirm.waitFor();
    await confirm.getByRole('button', { name: 'Discard' }).click();
    await expect.poll(() => mine.count()).toBe(0);
    const threadId = (await page.locator('[data-thread-id]').getAttribute('data-thread-id'))!;
    expect((await core.openConversation(threadId)).messages.map((m) => m.text)).not.toContain(text);
    expect(core.outboxEntries().filter((e) => e.status !== 'done')).toEqual([]);
    await expect.poll(() => row.locator('.row-preview').textContent()).not.toContain('Waiting to send');
    await deliver(s);
    expect(sim.sent).toEqual([]);
    expect(app.errors).toEqual([]);
  });

  it('a reply ReactIn refuses shows why, with Retry and Discard; Retry delivers it once, Discard drops it after Keep kept it', async () => {
    const s = await setup({ conversations: 4, colorScheme: 'dark' });
    const { world, core, app } = s;
    const { sim } = world;
    const page = app.page;
    const [first, second] = newestFirst(sim.conversations) as [SimConversation, SimConversation];

    // A reply is queued; before the outbox delivers it, the LinkedIn account is disconnected (409).
    const text = 'Happy to move our call to Friday 10:00 — does that suit you?';
    await replyByKeys(app, first.name, text);
    const mine = page.locator('.message--mine').filter({ hasText: text });
    expect(await mine.locator('.message-status').textContent()).toBe(' · Sending…');
    sim.setDisconnected(first.id, true);
    await deliver(s);
    expect(sim.sent).toEqual([]);

    // The thread says why, with the two things to do; the row says "Not sent".
    await expect.poll(() => mine.getAttribute('data-status')).toBe('failed');
    expect(await mine.locator('.message-status--failed').textContent()).toMatch(/^ · Not sent: The LinkedIn account behind .* is disconnected/);
    expect(await mine.getByRole('button').allTextContents()).toEqual(['Retry', 'Discard']);
    const firstRow = page.locator(ROWS).filter({ hasText: first.name });
    await expect.poll(() => firstRow.locator('.row-flag--failed').textContent()).toBe('Not sent · ');
    await app.screenshot('reply-failed-actions-dark');

    // Reconnected in ReactIn; Retry queues it again (shown as on its way), the outbox delivers it once.
    sim.setDisconnected(first.id, false);
    await mine.getByRole('button', { name: 'Retry' }).click();
    await expect.poll(() => mine.getAttribute('data-status')).toBe('pending');
    expect(await mine.locator('.message-status').textContent()).toBe(' · Sending…');
    expect(await mine.getByRole('button').count()).toBe(0);
    expect(sim.sent).toEqual([]);
    await deliver(s);
    expect(sim.sent).toEqual([{ conversationId: first.id, content: text, at: expect.any(Number) }]);
    await expect.poll(() => mine.getAttribute('data-status')).toBe('sent');
    expect(await mine.locator('.message-status').count()).toBe(0);
    await expect.poll(() => firstRow.locator('.row-flag').count()).toBe(0);
    await deliver(s);
    expect(sim.sent).toHaveLength(1);

    // A second reply, to another conversation, fails the same way.
    await page.keyboard.press('Escape'); // leave the reply box
    const other = 'Following up on the proposal — any questions so far?';
    await replyByKeys(app, second.name, other);
    const failed = page.locator('.message--mine').filter({ hasText: other });
    sim.setDisconnected(second.id, true);
    await deliver(s);
    await expect.poll(() => failed.getAttribute('data-status')).toBe('failed');
    const secondId = (await page.locator('[data-thread-id]').getAttribute('data-thread-id'))!;

    // Discard asks first; Keep leaves it exactly as it was.
    await failed.getByRole('button', { name: 'Discard' }).click();
    const confirm = failed.getByRole('alertdialog', { name: 'Discard this reply' });
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain('Discard this reply? It will never be sent.');
    await app.screenshot('reply-discard-confirm-dark');
    await confirm.getByRole('button', { name: 'Keep' }).click();
    await expect.poll(() => confirm.count()).toBe(0);
    expect(await failed.getAttribute('data-status')).toBe('failed');
    expect(await failed.getByRole('button').allTextContents()).toEqual(['Retry', 'Discard']);
    expect((await core.openConversation(secondId)).messages.filter((m) => m.text === other).map((m) => m.status)).toEqual(['failed']);

    // Discard, confirmed: gone from the thread, from the core, and ReactIn never gets it.
    await failed.getByRole('button', { name: 'Discard' }).click();
    await confirm.getByRole('button', { name: 'Discard' }).click();
    await expect.poll(() => failed.count()).toBe(0);
    expect((await core.openConversation(secondId)).messages.some((m) => m.text === other)).toBe(false);
    await expect.poll(() => page.locator(ROWS).filter({ hasText: second.name }).locator('.row-flag--failed').count()).toBe(0);
    sim.setDisconnected(second.id, false);
    await deliver(s);
    expect(sim.sent.map((m) => m.content)).toEqual([text]);
    expect(app.errors).toEqual([]);
  });

  it('the polling interval: chosen from the keyboard, saved in the core, shown again on reopening, and kept when refused', async () => {
    const { dir, cleanup } = tempDataDir('inbox-settings-');
    const agent = new Agent();
    const real = await createCore({ dataDir: dir, secrets: new MemorySecretStore(), dispatcher: agent, seedDemo: true });
    // Records what the screen asks of the core, and can refuse the next change as the core would.
    const calls: Partial<AppSettings>[] = [];
    let refuseNext = false;
    const core = new Proxy(real, {
      get(target, prop) {
        if (prop === 'updateSettings') {
          return async (patch: Partial<AppSettings>) => {
            calls.push(patch);
            if (refuseNext) {
              refuseNext = false;
              throw invalidInput('Settings could not be saved right now. Try again.');
            }
            return target.updateSettings(patch);
          };
        }
        const value = Reflect.get(target, prop, target) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const app = await suite.bench.open(core);
    suite.defer(cleanup, () => agent.close(), () => real.close(), () => app.close());
    const page = app.page;
    await page.locator(ROWS).first().waitFor();
    // The inbox as it is: its first conversation and its count (the rows drawn around the visible
    // ones arrive a frame after the first, so their number says nothing).
    const inbox = async () => ({ first: await page.locator(ROWS).first().getAttribute('data-conversation-id'), count: await page.locator('.pane-subtitle').textContent() });
    const before = await inbox();
    expect(before.count).toMatch(/\d+ conversations/);

    const open = async () => {
      await page.getByRole('button', { name: /Accounts & settings/ }).click();
      const dialog = page.getByRole('dialog', { name: 'Accounts' });
      await dialog.waitFor();
      return dialog;
    };
    let dialog = await open();
    // General comes first, then the keyboard, above the accounts.
    expect(await dialog.getByRole('heading', { level: 2 }).allTextContents()).toEqual(['General', 'Keyboard', 'Accounts', 'Add an account']);
    const select = () => dialog.getByLabel('Check for new messages every');
    await expect.poll(() => select().inputValue()).toBe('2');
    expect(await select().locator('option').allTextContents()).toEqual(['1 minute', '2 minutes', '5 minutes', '10 minutes', '15 minutes', '30 minutes', '60 minutes']);

    // From the keyboard: Tab reaches it (after Close); letters typed there are no shortcuts.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await expect.poll(() => isFocused(select())).toBe(true);
    for (const key of ['e', 'j', 'r', 'o']) await page.keyboard.press(key);
    expect(await select().inputValue()).toBe('2');
    expect(calls).toEqual([]);
    expect(await archivedTotal(real)).toBe(0);
    expect(await dialog.isVisible()).toBe(true);

    // The arrow picks the next choice: 5 minutes, saved at once.
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => calls).toEqual([{ pollIntervalMinutes: 5 }]);
    expect((await real.getSettings()).pollIntervalMinutes).toBe(5);
    await dialog.getByRole('status').filter({ hasText: 'Saved — every 5 minutes.' }).waitFor();
    expect(await select().inputValue()).toBe('5');
    await app.screenshot('settings-general');

    // Esc (the cursor still on the select) closes the screen; the inbox is as it was.
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await inbox()).toEqual(before);

    // Reopened, it shows what the core has.
    dialog = await open();
    await expect.poll(() => select().inputValue()).toBe('5');

    // Changed elsewhere (the tray, another window): the screen follows the core's change event.
    await real.updateSettings({ pollIntervalMinutes: 15 });
    await expect.poll(() => select().inputValue()).toBe('15');

    // A refused change says why and puts the select back to what is saved.
    refuseNext = true;
    await select().selectOption('30');
    await dialog.getByRole('alert').filter({ hasText: 'Settings could not be saved right now. Try again.' }).waitFor();
    await expect.poll(() => select().inputValue()).toBe('15');
    expect((await real.getSettings()).pollIntervalMinutes).toBe(15);
    expect(calls.at(-1)).toEqual({ pollIntervalMinutes: 30 });
    expect(app.errors).toEqual([]);
  });
});
