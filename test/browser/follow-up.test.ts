/**
 * Follow-up reminders in a real Chromium, against a real core and the loopback ReactIn simulator:
 * Ctrl/Cmd+Shift+Enter in the reply box opens the picker (↑/↓ through the presets, a typed time read
 * back and legible), 3 days sends with the reminder, Waiting
 * and the thread show it (Remove reminder, then z, puts it back), and their reply (arriving in a
 * sync) clears it.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/main/core/ports';
import { addLocalDays } from '../../src/main/core/follow-up-rules';
import { seriousViolations } from '../support/axe';
import { isFocused, RESULTS_DIR } from '../support/bench';
import { browserSuite } from '../support/browser-suite';
import { localId, reactInWorld } from '../support/reactin-core';

const ROWS = '[role="option"][data-conversation-id]';
const SELECTED = `${ROWS}[aria-selected="true"]`;

const suite = browserSuite();

describe('follow-up reminders in Chromium', () => {
  it('Mod+Shift+Enter → picker → 3 days sends with a reminder; Waiting and the thread show it; their reply clears it', async () => {
    // The system clock: a virtual one that jumps ahead whenever the core waits would bring the
    // three days round at once.
    const world = await reactInWorld({ conversations: 6, clock: systemClock });
    suite.defer(() => world.dispose());
    await world.core.syncNow(world.accountId);
    const app = await suite.bench.open(world.core);
    suite.defer(() => app.close());
    const { page } = app;
    await expect.poll(() => page.locator(ROWS).count()).toBe((await world.core.viewCounts()).inbox!);

    const id = (await page.locator(SELECTED).getAttribute('data-conversation-id'))!;
    const remoteId = world.sim.conversations.map((c) => c.id).find((r) => localId(world, r) === id)!;
    await page.keyboard.press('Enter');
    await page.locator(`[data-thread-id="${id}"]`).waitFor();
    await page.keyboard.press('r');
    const box = page.getByRole('textbox', { name: 'Reply' });
    await expect.poll(() => isFocused(box)).toBe(true);
    await box.fill('Any thoughts on the proposal?');

    await page.keyboard.press('ControlOrMeta+Shift+Enter');
    const picker = page.getByRole('dialog', { name: /remind me if no reply/ });
    await picker.waitFor();
    // 3 days is the one chosen when the picker opens; the help lists the key too.
    await expect.poll(() => picker.locator('[role="option"][aria-selected="true"]').textContent()).toBe('In 3 days');
    const shots = join(RESULTS_DIR, 'screens');
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: join(shots, 'follow-up-picker.png') });
    expect(await seriousViolations(page)).toEqual([]);
    // ↓ and ↑ move through the presets while the cursor stays in the time field.
    const when = picker.getByRole('textbox', { name: 'Remind me at' });
    expect(await isFocused(when)).toBe(true);
    const chosen = picker.locator('[role="option"][aria-selected="true"]');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => chosen.textContent()).toBe('In 7 days');
    expect(await when.getAttribute('aria-activedescendant')).toBe('follow-up-preset-2');
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => chosen.textContent()).toBe('In 3 days');
    // A typed time is read back by the core; the presets step aside, still legible (axe, light theme).
    await page.keyboard.type('next tuesday 9am');
    await expect.poll(() => picker.locator('.snooze-status').textContent()).toMatch(/^At \S/);
    expect(await chosen.count()).toBe(0);
    await page.screenshot({ path: join(shots, 'follow-up-picker-typed.png') });
    expect(await seriousViolations(page)).toEqual([]);
    // Cleared again, the highlighted preset is back and Enter sends with it.
    await when.fill('');
    await expect.poll(() => chosen.textContent()).toBe('In 3 days');
    const before = Date.now();
    await page.keyboard.press('Enter');
    await picker.waitFor({ state: 'detached' });

    // The core holds it: three calendar days from the moment it was sent.
    await expect.poll(async () => (await world.core.listConversations({ view: 'waiting', limit: 100 })).items.find((c) => c.id === id)?.followUp?.dueAt ?? null).not.toBeNull();
    const due = (await world.core.listConversations({ view: 'waiting', limit: 100 })).items.find((c) => c.id === id)!.followUp!.dueAt;
    expect(due).toBeGreaterThanOrEqual(addLocalDays(before, 3) - 5_000);
    expect(due).toBeLessThanOrEqual(addLocalDays(Date.now(), 3));
    expect((await world.core.openConversation(id)).messages.at(-1)?.text).toBe('Any thoughts on the proposal?');

    // The thread says so, with a way to remove it.
    const state = page.locator('[data-state="follow-up"]');
    await state.filter({ hasText: 'Follow-up reminder: in 3 d' }).waitFor();
    // Removed from the thread, and z puts it back.
    await state.getByRole('button', { name: 'Remove reminder' }).click();
    await state.waitFor({ state: 'detached' });
    await expect.poll(async () => (await world.core.search('is:followup')).hits.length).toBe(0);
    await page.keyboard.press('z');
    await state.filter({ hasText: 'Follow-up reminder: in 3 d' }).waitFor();
    expect((await world.core.search('is:followup')).hits.map((h) => h.conversation.id)).toEqual([id]);

    // Waiting shows it on the row.
    await page.keyboard.press('Escape');
    await page.locator('[data-view="waiting"]').click();
    const row = page.locator(`${ROWS}[data-conversation-id="${id}"]`);
    await row.locator('.follow-up-chip').filter({ hasText: 'follow up in 3 d' }).waitFor();
    await page.screenshot({ path: join(shots, 'follow-up-waiting.png') });

    // Their reply arrives: the reminder clears itself (and the conversation leaves Waiting).
    world.sim.addInboundMessage(remoteId, 'Looks good — let us talk Monday');
    await world.core.syncNow(world.accountId);
    await row.waitFor({ state: 'detached' });
    expect((await world.core.search('is:followup')).hits).toEqual([]);
    await page.locator('[data-view="inbox"]').click();
    await page.locator(`${ROWS}[data-conversation-id="${id}"]`).waitFor();
    expect(await page.locator(`${ROWS}[data-conversation-id="${id}"] .follow-up-chip`).count()).toBe(0);
    expect(app.errors).toEqual([]);
  });
});
