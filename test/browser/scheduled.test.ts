/**
 * Send later in a real Chromium against a real (running) core and the loopback ReactIn simulator:
 * a reply scheduled from the composer with "in 2 hours" (a time already past is refused with a
 * sentence), shown in its thread and in Scheduled (g then t), edited there, sent now; another
 * cancelled (z brings it back) and never sent.
 */
import { Agent } from 'undici';
import { describe, expect, it } from 'vitest';
import { createCore, MemorySecretStore } from '../../src/main/core';
import { startReactInSimulator } from '../simulators/reactin';
import { browserSuite } from '../support/browser-suite';
import { sendAtOnce, tempDataDir } from '../support/core';

const API_KEY = 'rk_later_key';
const ORG = 'org_later';
const ROWS = '[role="option"][data-conversation-id]';
const HOUR = 3_600_000;

const suite = browserSuite();

describe('send later in Chromium', () => {
  it('schedules a reply from the composer with "in 2 hours", lists it in Scheduled, edits it, sends it now, and cancels another', async () => {
    const sim = await startReactInSimulator({ apiKey: API_KEY, organizationId: ORG, conversations: 4 });
    const { dir, cleanup } = tempDataDir('inbox-later-');
    const agent = new Agent();
    const core = await createCore({ allowLoopbackBaseUrls: true, dataDir: dir, secrets: new MemorySecretStore(), dispatcher: agent, settings: sendAtOnce() });
    const app = await suite.bench.open(core);
    suite.defer(cleanup, () => sim.close(), () => agent.close(), () => core.close(), () => app.close());
    const { page } = app;
    const account = await core.addAccount({ provider: 'reactin', name: 'Sales seat', apiKey: API_KEY, config: { organizationId: ORG, baseUrl: sim.baseUrl } });
    await core.syncNow(account.id);
    core.start(); // the outbox runs: a reply sent now goes by itself
    await expect.poll(() => page.locator(ROWS).count()).toBe((await core.viewCounts()).inbox);

    // Write a reply in the first conversation, then Ctrl+Shift+L: the send-later picker.
    await page.keyboard.press('Enter');
    await page.keyboard.press('r');
    const box = page.getByRole('textbox', { name: /Reply/ });
    await box.waitFor();
    await page.keyboard.type('Talking to you in two hours');
    await page.keyboard.press('Control+Shift+L');
    const picker = page.getByRole('dialog', { name: /later$/ });
    await picker.waitFor();
    const when = picker.getByRole('textbox', { name: 'Send at' });

    // A time already past is refused with a sentence, and the reply stays in the box.
    await when.fill('yesterday 9am');
    await page.keyboard.press('Enter');
    await picker.getByText('That time has already passed — pick one in the future.').waitFor();
    expect(await core.listScheduled()).toEqual([]);

    await when.fill('in 2 hours');
    await picker.locator('.snooze-parsed').waitFor();
    await app.screenshot('send-later-picker');
    const before = Date.now();
    await page.keyboard.press('Enter');
    await expect.poll(() => picker.count()).toBe(0);
    const [scheduled] = await core.listScheduled();
    expect(scheduled).toMatchObject({ text: 'Talking to you in two hours', state: 'waiting' });
    expect(Math.abs(scheduled!.sendAt - (before + 2 * HOUR))).toBeLessThan(10 * 60_000);
    expect(await box.inputValue()).toBe('');
    // Its thread shows it, with its time; nothing went to ReactIn.
    await page.locator('[data-scheduled="true"]').filter({ hasText: 'Talking to you in two hours' }).getByText(/Scheduled for/).waitFor();
    expect(sim.sent).toEqual([]);
    await page.locator(`${ROWS}[aria-selected="true"] .row-flag--scheduled`).filter({ hasText: 'Scheduled' }).waitFor();
    await app.screenshot('scheduled-in-thread');

    // g then t: the Scheduled view lists it.
    await box.blur();
    await page.keyboard.press('Escape');
    await page.keyboard.press('g');
    await page.keyboard.press('t');
    const view = page.getByRole('dialog', { name: 'Scheduled' });
    await view.waitFor();
    const item = view.locator(`[data-message-id="${scheduled!.messageId}"]`);
    await item.getByText('Talking to you in two hours').waitFor();
    await app.screenshot('scheduled');

    // Edit its text and time.
    await item.getByRole('button', { name: 'Edit' }).click();
    await item.getByRole('textbox', { name: 'Scheduled reply text' }).fill('Talking to you in three hours');
    await item.getByRole('textbox', { name: 'New time' }).fill('in 3 hours');
    await item.locator('.snooze-parsed').waitFor();
    await item.getByRole('button', { name: 'Save' }).click();
    await item.locator('.scheduled-text').filter({ hasText: 'Talking to you in three hours' }).waitFor();
    const [edited] = await core.listScheduled();
    expect(edited).toMatchObject({ text: 'Talking to you in three hours' });
    expect(edited!.sendAt).toBeGreaterThan(scheduled!.sendAt + 30 * 60_000);

    // Send now: it goes to ReactIn, once, and leaves the view.
    await item.getByRole('button', { name: 'Send now' }).click();
    await expect.poll(() => sim.sent.map((s) => s.content)).toEqual(['Talking to you in three hours']);
    await expect.poll(() => item.count()).toBe(0);

    // Another, scheduled for tomorrow: cancelled in the view, z brings it back, cancelled again.
    const other = core.conversationIdFor(account.id, sim.conversations[1]!.id)!;
    const second = await core.scheduleReply(other, 'Never sent', Date.now() + 24 * HOUR);
    const secondItem = view.locator(`[data-message-id="${second.messageId}"]`);
    await secondItem.waitFor();
    await secondItem.getByRole('button', { name: 'Cancel it' }).click();
    await expect.poll(() => secondItem.count()).toBe(0);
    await page.locator('.toast').filter({ hasText: 'Scheduled reply cancelled' }).waitFor();
    await view.focus();
    await page.keyboard.press('z');
    await secondItem.waitFor();
    await secondItem.getByRole('button', { name: 'Cancel it' }).click();
    await expect.poll(() => secondItem.count()).toBe(0);
    await view.getByText(/No replies are scheduled/).waitFor();
    expect(await core.listScheduled()).toEqual([]);
    expect(sim.sent.map((s) => s.content)).toEqual(['Talking to you in three hours']);
    expect(app.errors).toEqual([]);
  });
});
