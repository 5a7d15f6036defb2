/**
 * Replying and managing accounts in a real Chromium, against a real core and the loopback
 * ReactIn simulator: what a person types reaches ReactIn, exactly.
 */
import { Agent } from 'undici';
import { describe, expect, it } from 'vitest';
import { createCore, MemorySecretStore, type InboxCore } from '../../src/main/core';
import { MAX_REPLY_LENGTH } from '../../src/shared/domain';
import { startReactInSimulator, type ReactInSim, type SimConversation } from '../simulators/reactin';
import { isFocused, type BenchPage } from '../support/bench';
import { browserSuite } from '../support/browser-suite';
import { sendAtOnce, tempDataDir } from '../support/core';

const API_KEY = 'rk_bench_key';
const ORG = 'org_bench';
const ROWS = '[role="option"][data-conversation-id]';

const suite = browserSuite();

async function setup(opts: { conversations: number; seedDemo?: boolean; colorScheme?: 'light' | 'dark' }) {
  const sim = await startReactInSimulator({ apiKey: API_KEY, organizationId: ORG, conversations: opts.conversations });
  const { dir, cleanup } = tempDataDir('inbox-browser-');
  const agent = new Agent();
  const core = await createCore({ allowLoopbackBaseUrls: true, dataDir: dir, secrets: new MemorySecretStore(), dispatcher: agent, seedDemo: opts.seedDemo ?? false, settings: sendAtOnce() });
  const app = await suite.bench.open(core, { colorScheme: opts.colorScheme });
  suite.defer(cleanup, () => sim.close(), () => agent.close(), () => core.close(), () => app.close());
  return { sim, core, app };
}

/** Adds the simulator's account straight through the core and waits for its rows. */
async function addSimAccount(core: InboxCore, sim: ReactInSim, app: BenchPage): Promise<string> {
  const account = await core.addAccount({ provider: 'reactin', name: 'Sales seat', apiKey: API_KEY, config: { organizationId: ORG, baseUrl: sim.baseUrl } });
  await core.syncNow(account.id);
  await expect.poll(() => app.page.locator(ROWS).count()).toBe((await core.viewCounts()).inbox);
  return account.id;
}

function newestFirst(sim: ReactInSim): SimConversation[] {
  return [...sim.conversations].filter((c) => c.messages.length > 0).sort((a, b) => b.messages[0]!.timestamp - a.messages[0]!.timestamp);
}

/** Presses j until the row showing `name` is selected. */
async function selectByKeys(app: BenchPage, name: string): Promise<void> {
  const names = await app.page.locator(`${ROWS} .row-name`).allTextContents();
  const at = names.indexOf(name);
  expect(at).toBeGreaterThanOrEqual(0);
  for (let i = 0; i < at; i++) await app.page.keyboard.press('j');
  expect(await app.page.locator(`${ROWS}[aria-selected="true"] .row-name`).textContent()).toBe(name);
}

describe('replying and accounts in Chromium', () => {
  it('sends a reply typed in the UI to ReactIn, exactly as typed, for that conversation', async () => {
    const { sim, core, app } = await setup({ conversations: 12 });
    const page = app.page;

    // No account yet: the empty state says what to do, and its button opens the form.
    await page.locator('[data-empty="no-accounts"]').waitFor();
    await app.screenshot('no-accounts');
    await page.getByRole('button', { name: 'Add an account' }).click();
    const dialog = page.getByRole('dialog', { name: 'Accounts' });
    await dialog.waitFor();

    // A refused account shows the core's sentence.
    await dialog.getByLabel('Display name').fill('Sales seat');
    await dialog.getByLabel('Organization ID').fill(ORG);
    await dialog.getByRole('button', { name: 'Add account' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'Enter the ReactIn API key.' }).waitFor();
    expect(await core.listAccounts()).toEqual([]);
    await app.screenshot('add-account-error');

    await dialog.getByLabel('API key').fill(API_KEY);
    await dialog.getByLabel('Base URL').fill(sim.baseUrl);
    expect(await dialog.getByLabel('API key').getAttribute('type')).toBe('password');
    await dialog.getByRole('button', { name: 'Add account' }).click();
    await dialog.getByRole('status').filter({ hasText: 'Added “Sales seat”' }).waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);

    // The first sync (started by the app) fills the list; the sidebar shows the account.
    const accounts = await core.listAccounts();
    expect(accounts).toHaveLength(1);
    await expect.poll(async () => page.locator(ROWS).count(), { timeout: 15_000 }).toBe(12);
    expect(await page.locator('.account-entry .account-provider').textContent()).toBe('ReactIn');
    expect(await page.locator(`${ROWS} .account-chip`).first().textContent()).toBe('Sales seat');

    const target = newestFirst(sim).find((c) => !c.isDisconnected)!;
    await selectByKeys(app, target.name);

    // r opens the selected conversation and puts the cursor in the reply box.
    await page.keyboard.press('r');
    const composer = page.getByRole('textbox', { name: 'Reply' });
    await expect.poll(() => isFocused(composer)).toBe(true);
    expect(await page.locator('.thread-name').textContent()).toBe(target.name);
    expect(await composer.inputValue()).toBe('');

    // Empty and too-long replies are refused with a sentence, and nothing is queued.
    await page.keyboard.press('Control+Enter');
    await page.getByRole('alert').filter({ hasText: 'Write something before sending.' }).waitFor();
    await composer.fill('x'.repeat(MAX_REPLY_LENGTH + 1));
    expect(await page.locator('.char-count').textContent()).toBe('10,001 / 10,000');
    await page.keyboard.press('Control+Enter');
    await page.getByRole('alert').filter({ hasText: 'at most 10,000 characters' }).waitFor();
    expect(core.outboxEntries()).toEqual([]);
    await app.screenshot('reply-too-long');

    const text = 'Thanks Ada — does Tuesday at 3pm work? (sent from the bench) ✓';
    await composer.fill('');
    await composer.pressSequentially(text);
    await page.keyboard.press('Control+Enter');

    // Queued: shown at once as pending, the box is cleared, nothing reached ReactIn yet.
    const mine = page.locator('.message--mine').filter({ hasText: text });
    await mine.waitFor();
    expect(await mine.getAttribute('data-status')).toBe('pending');
    expect(await mine.locator('.message-status').textContent()).toContain('Sending…');
    expect(await composer.inputValue()).toBe('');
    expect(sim.sent).toEqual([]);
    await app.screenshot('reply-pending');

    await core.deliverOutbox();
    expect(sim.sent).toEqual([{ conversationId: target.id, content: text, at: expect.any(Number) }]);

    // The core's change event turns it into a sent message and the row's preview.
    await expect.poll(() => mine.getAttribute('data-status')).toBe('sent');
    await expect.poll(() => page.locator(`${ROWS}[aria-selected="true"] .row-preview`).textContent()).toBe(`You: ${text}`);
    await app.screenshot('reply-sent');
    expect(app.errors).toEqual([]);
  });

  it('shows a reply ReactIn refused as not sent, with the reason, and turns the composer off', async () => {
    const { sim, core, app } = await setup({ conversations: 4 });
    const page = app.page;
    for (const c of sim.conversations) sim.setDisconnected(c.id, false);
    await addSimAccount(core, sim, app);
    const target = newestFirst(sim)[0]!;
    await selectByKeys(app, target.name);
    await page.keyboard.press('r');
    const composer = page.getByRole('textbox', { name: 'Reply' });
    await expect.poll(() => isFocused(composer)).toBe(true);
    const text = 'Are you still there?';
    await composer.pressSequentially(text);
    await page.keyboard.press('Control+Enter');
    const mine = page.locator('.message--mine').filter({ hasText: text });
    await mine.waitFor();

    // The LinkedIn account is disconnected before the outbox delivers: ReactIn answers 409.
    sim.setDisconnected(target.id, true);
    await core.deliverOutbox();
    expect(sim.sent).toEqual([]);
    await expect.poll(() => mine.getAttribute('data-status')).toBe('failed');
    expect(await mine.locator('.message-status--failed').textContent()).toMatch(/Not sent: The LinkedIn account behind .* is disconnected in ReactIn/);
    await expect.poll(() => composer.isDisabled()).toBe(true);
    expect(await page.locator(`${ROWS}[aria-selected="true"] .row-flag--failed`).textContent()).toContain('Not sent');
    await app.screenshot('reply-failed');
    expect(app.errors).toEqual([]);
  });

  it('disables the composer of a disconnected conversation and says why', async () => {
    const { sim, core, app } = await setup({ conversations: 6, colorScheme: 'dark' });
    const disconnected = newestFirst(sim)[1]!;
    for (const c of sim.conversations) sim.setDisconnected(c.id, c === disconnected);
    await addSimAccount(core, sim, app);

    await selectByKeys(app, disconnected.name);
    await app.page.keyboard.press('r');
    await app.page.locator('.thread-name').filter({ hasText: disconnected.name }).waitFor();
    const composer = app.page.getByRole('textbox', { name: 'Reply' });
    expect(await composer.isDisabled()).toBe(true);
    expect(await app.page.locator('.composer-reason').textContent()).toMatch(/disconnected/i);
    expect(await isFocused(composer)).toBe(false);
    await app.screenshot('composer-disconnected-dark');
    // The focus never went into the disabled box, so one Esc closes the thread.
    await app.page.keyboard.press('Escape');
    await expect.poll(() => app.page.locator('[data-thread-id]').count()).toBe(0);
    expect(app.errors).toEqual([]);
  });

  it('celebrates inbox zero after the last conversation is archived', async () => {
    const { sim, core, app } = await setup({ conversations: 2 });
    await addSimAccount(core, sim, app);
    await app.page.keyboard.press('e');
    await app.page.keyboard.press('e');
    await app.page.locator('[data-empty="inbox-zero"]').waitFor();
    expect(await app.page.getByRole('heading', { name: 'Inbox zero' }).count()).toBe(1);
    await expect.poll(async () => (await core.listConversations({ view: 'archived' })).total).toBe(2);
    await expect.poll(async () => app.page.locator('[data-view="archived"] .count').textContent()).toBe('2');
    await app.screenshot('inbox-zero');
    expect(app.errors).toEqual([]);
  });

  it('removes an account from the accounts panel only after confirmation', async () => {
    const { core, app } = await setup({ conversations: 1, seedDemo: true });
    const page = app.page;
    await page.locator(ROWS).first().waitFor();
    await page.getByRole('button', { name: /Accounts & settings/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Accounts' });
    const card = dialog.locator('.account-card').filter({ hasText: 'Demo' });
    expect(await card.locator('.account-status').textContent()).toMatch(/^Synced /);

    // Cancel keeps it.
    await card.getByRole('button', { name: 'Remove…' }).click();
    await card.getByRole('button', { name: 'Cancel' }).click();
    expect(await core.listAccounts()).toHaveLength(1);

    await card.getByRole('button', { name: 'Remove…' }).click();
    await app.screenshot('accounts-panel-confirm');
    await card.getByRole('button', { name: 'Remove account' }).click();
    await expect.poll(async () => (await core.listAccounts()).length).toBe(0);
    await dialog.getByText('No accounts yet.').waitFor();
    await page.keyboard.press('Escape');
    await page.locator('[data-empty="no-accounts"]').waitFor();
    expect(await page.locator(ROWS).count()).toBe(0);
    expect(await page.locator('[data-view="inbox"] .count').textContent()).toBe('0');
    expect(app.errors).toEqual([]);
  });
});
